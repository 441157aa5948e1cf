//! series.parquet: one row per cell, consolidated as the cells come back
//! from the spill in table order, and written a row group at a time.
//!
//! A cell is (reporter, partner, indicator, year, month_from, month_to,
//! currency, scope, status): every fact of the series keeps its cell, with
//! scope and status as keys, so partial periods, regions, products and
//! targets stay apart from the national totals they would distort. Several
//! facts of a cell give the median, min, max, the number of facts and of
//! documents, and the fact ids.

use crate::error::AggregateError;
type Result<T> = std::result::Result<T, AggregateError>;
use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;

use super::records::{each_run, median, nulls_last, present, ranks, CellKey, Facts, GrowthKey, Keyed, Obs, ODD};
use super::AggregateOptions;
use crate::spill::Spill;

/// Descriptions of series.parquet's columns (kept in its metadata).
pub const SERIES_DESCRIPTIONS: [(&str, &str); 17] = [
    ("reporter", "whose figures (ISO3 or group)"),
    ("partner", "counterpart (ISO3 or group), null if unknown"),
    ("indicator", "turnover | exports | imports | investment | exchange_trade | contracts | credit"),
    ("year", "year of the figures"),
    ("month_from", "first month covered"),
    ("month_to", "last month covered"),
    ("currency", "ISO 4217 code of value"),
    ("scope", "total | region | product | company | programme (FACTS.md)"),
    ("status", "actual | target | forecast (FACTS.md)"),
    ("value", "median of the facts for this cell"),
    ("value_min", "smallest fact value"),
    ("value_max", "largest fact value"),
    ("n_facts", "number of facts"),
    ("n_docs", "number of documents"),
    ("facts", "fact ids (doc:start) the cell came from, space-separated"),
    ("value_usd", "median of the facts in US dollars (null where no rate is known)"),
    ("conflict", "the facts disagree: (max - min) / median beyond the tolerance"),
];
impl Facts {
    /// Consolidates the cells in table order, handing series rows to `emit`
    /// in frames of at most [`SERIES_ROWS`] rows (or [`SERIES_ID_BYTES`] of
    /// fact ids), and returns what the other tables are made of.
    pub fn consolidate(mut self, opts: &AggregateOptions, mut emit: impl FnMut(DataFrame) -> Result<()>) -> Result<Consolidated> {
        let dir = self.spill_dir().to_path_buf();
        let io = |e: std::io::Error| AggregateError::at(&dir, format!("temporary file of the aggregates: {e}"));
        // The series table's order: reporter, indicator, partner, year,
        // months, currency, scope, status (nulls last); fact ids by
        // document, then position.
        let name = |i: Option<u32>| i.map(|i| self.names[i as usize].as_str());
        let mut order: Vec<u32> = (0..self.cells.len() as u32).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&self.cells[a as usize], &self.cells[b as usize]);
            nulls_last(&name(x.reporter), &name(y.reporter))
                .then(self.names[x.indicator as usize].cmp(&self.names[y.indicator as usize]))
                .then(nulls_last(&name(x.partner), &name(y.partner)))
                .then(x.year.cmp(&y.year))
                .then(nulls_last(&x.month_from, &y.month_from))
                .then(nulls_last(&x.month_to, &y.month_to))
                .then(nulls_last(&name(x.currency), &name(y.currency)))
                .then(nulls_last(&name(x.scope), &name(y.scope)))
                .then(nulls_last(&name(x.status), &name(y.status)))
        });
        let cell_rank = ranks(&order);
        let mut doc_order: Vec<u32> = (0..self.docs.len() as u32).collect();
        doc_order.sort_by(|&a, &b| self.docs[a as usize].cmp(&self.docs[b as usize]));
        let doc_rank = ranks(&doc_order);
        drop((order, doc_order));

        let mut out = Consolidated::default();
        let mut batch = SeriesBatch::default();
        let obs = std::mem::replace(&mut self.obs, Spill::new(&dir));
        let sorted = obs.sorted(|o| (cell_rank[o.cell()], doc_rank[o.doc as usize], o.start)).map_err(io)?;
        each_run(sorted.map(|r| r.map_err(io)), |o| o.cell(), |c, cell| {
            let k = self.cells[c];
            let missing = cell.iter().filter(|o| o.usd().is_none() && o.value().is_some()).count();
            if missing > 0 {
                let cur = k.currency.map(|c| self.names[c as usize].as_str()).unwrap_or("?");
                *out.unconverted.entry(format!("{cur} {}", k.year)).or_insert(0) += missing;
            }
            out.conflicts += batch.push(&mut self, &k, cell, opts) as usize;
            out.series_rows += 1;
            if batch.rows() >= SERIES_ROWS || batch.id_bytes >= SERIES_ID_BYTES {
                emit(std::mem::take(&mut batch).frame()?)?;
            }
            Ok(())
        })?;
        if batch.rows() > 0 {
            emit(batch.frame()?)?;
        }

        // The tables' keys: a turnover of another country with the
        // pipeline's reporter is the pipeline reporter's turnover with it
        // (turnover is symmetric, FACTS.md), so it lands in that row.
        let table_keys: Vec<GrowthKey> = self.growth_keys.iter().map(|&k| self.table_key(k, opts)).collect();
        let name = |i: u32| self.names[i as usize].as_str();
        let mut distinct: Vec<GrowthKey> = table_keys.clone();
        distinct.sort_by(|a, b| nulls_last(&a.0.map(name), &b.0.map(name)).then(name(a.1).cmp(name(b.1))).then(name(a.2).cmp(name(b.2))).then(a.3.cmp(&b.3)));
        distinct.dedup();
        let rank: HashMap<GrowthKey, u32> = distinct.iter().enumerate().map(|(i, &k)| (k, i as u32)).collect();
        let key_rank: Vec<u32> = table_keys.iter().map(|k| rank[k]).collect();
        let levels = std::mem::replace(&mut self.levels, Spill::new(&dir));
        out.levels = self.medians(levels, &key_rank, &distinct, "level_usd", "n_facts").map_err(|e| AggregateError::at(&dir, format!("temporary file of the aggregates: {e}")))?;
        let stated = std::mem::replace(&mut self.stated, Spill::new(&dir));
        out.stated = self.medians(stated, &key_rank, &distinct, "yoy_stated", "n_stated").map_err(|e| AggregateError::at(&dir, format!("temporary file of the aggregates: {e}")))?;
        Ok(out)
    }

    /// The key of the tables' row: turnover reported by another country
    /// with the pipeline's reporter as partner turns round.
    fn table_key(&self, k: GrowthKey, opts: &AggregateOptions) -> GrowthKey {
        let id = |s: &str| self.name_ids.get(s).copied();
        let (Some(home), Some(turnover)) = (opts.reporter.as_deref().and_then(id), id("turnover")) else { return k };
        match k {
            (Some(r), p, i, y) if i == turnover && p == home && r != home => (Some(home), r, i, y),
            _ => k,
        }
    }

    /// The median and count of the records of each table key, in the keys' order.
    fn medians(&self, records: Spill<Keyed>, key_rank: &[u32], keys: &[GrowthKey], value: &str, count: &str) -> Result<DataFrame> {
        let mut rows: Vec<(u32, Option<f64>, i64)> = Vec::new();
        let sorted = records.sorted(|s| key_rank[s.key as usize])?;
        each_run(sorted.map(|r| r.map_err(AggregateError::from)), |s| key_rank[s.key as usize], |k, run| {
            let values = || run.iter().map(|s| present(s.value));
            rows.push((k, median(values()), values().flatten().count() as i64));
            Ok(())
        })?;
        let name = |i: u32| self.names[i as usize].clone();
        Ok(keyed_frame(
            rows.iter().map(|&(k, m, n)| {
                let (r, p, i, y) = keys[k as usize];
                ((r.map(name), name(p), name(i), y), m, n)
            }),
            value,
            count,
        )?)
    }
}

/// Series rows per frame written (a row group of series.parquet).
pub const SERIES_ROWS: usize = 1 << 14;
/// Bytes of fact ids per frame written: a frame is cut earlier if its cells
/// hold many facts, so memory follows this, not the largest table.
pub const SERIES_ID_BYTES: usize = 1 << 20;

/// What the consolidation leaves for the other tables.
#[derive(Debug, Default)]
pub struct Consolidated {
    pub series_rows: usize,
    pub conflicts: usize,
    /// The tables' full-year levels in US dollars: (reporter, partner,
    /// indicator, year) -> median of the `amount_usd` of its total, actual
    /// facts, over every currency.
    pub levels: DataFrame,
    /// Stated full-year growth: (reporter, partner, indicator, year) -> median ratio, count.
    pub stated: DataFrame,
    /// Money facts of the series without a USD amount: "CUR year" -> count.
    pub unconverted: BTreeMap<String, usize>,
}

/// Series rows being gathered into one frame.
#[derive(Default)]
pub(super) struct SeriesBatch {
    rep: Vec<Option<String>>,
    par: Vec<Option<String>>,
    ind: Vec<String>,
    yr: Vec<i32>,
    mf: Vec<Option<i32>>,
    mt: Vec<Option<i32>>,
    cur: Vec<Option<String>>,
    scope: Vec<Option<String>>,
    status: Vec<Option<String>>,
    val: Vec<Option<f64>>,
    vmin: Vec<Option<f64>>,
    vmax: Vec<Option<f64>>,
    nf: Vec<i64>,
    nd: Vec<i64>,
    ids: Vec<String>,
    usd: Vec<Option<f64>>,
    conflict: Vec<Option<bool>>,
    id_bytes: usize,
}

impl SeriesBatch {
    fn rows(&self) -> usize {
        self.yr.len()
    }

    /// Adds the row of cell `k` from its facts (in document, position
    /// order); returns whether its sources conflict.
    fn push(&mut self, facts: &mut Facts, k: &CellKey, obs: &[Obs], opts: &AggregateOptions) -> bool {
        use std::fmt::Write as _;
        self.rep.push(facts.opt_name(k.reporter));
        self.par.push(facts.opt_name(k.partner));
        self.ind.push(facts.names[k.indicator as usize].clone());
        self.yr.push(k.year);
        self.mf.push(k.month_from);
        self.mt.push(k.month_to);
        self.cur.push(facts.opt_name(k.currency));
        self.scope.push(facts.opt_name(k.scope));
        self.status.push(facts.opt_name(k.status));
        let values = || obs.iter().filter_map(|o| o.value());
        let v = median(obs.iter().map(|o| o.value()));
        let (lo, hi) = (values().reduce(f64::min), values().reduce(f64::max));
        self.val.push(v);
        self.vmin.push(lo);
        self.vmax.push(hi);
        self.nf.push(values().count() as i64);
        // facts come by document: a new document is a change of `doc`
        self.nd.push(obs.iter().enumerate().filter(|(j, o)| *j == 0 || obs[j - 1].doc != o.doc).count() as i64);
        let mut line = String::new();
        for (j, o) in obs.iter().enumerate() {
            if j > 0 {
                line.push(' ');
            }
            let odd = (o.cell & ODD != 0).then(|| facts.odd_ids.get_mut(&(o.cell() as u32, o.doc, o.start)).and_then(|q| q.pop_front())).flatten();
            match odd {
                Some(id) => line.push_str(&id),
                None => {
                    let _ = write!(line, "{}:{}", facts.docs[o.doc as usize], o.start);
                }
            }
        }
        self.id_bytes += line.len();
        self.ids.push(line);
        self.usd.push(median(obs.iter().map(|o| o.usd())));
        // (max - min) / |median| beyond the tolerance; NaN (a zero median) counts as beyond, as in polars
        let conflict = match (lo, hi, v) {
            (Some(lo), Some(hi), Some(v)) => {
                let spread = (hi - lo) / if v < 0.0 { -v } else { v };
                Some(spread.is_nan() || spread > opts.tolerance)
            }
            _ => None,
        };
        self.conflict.push(conflict);
        conflict == Some(true)
    }

    pub(super) fn frame(self) -> PolarsResult<DataFrame> {
        DataFrame::new(
            self.yr.len(),
            vec![
                Column::new("reporter".into(), self.rep),
                Column::new("partner".into(), self.par),
                Column::new("indicator".into(), self.ind),
                Column::new("year".into(), self.yr),
                Column::new("month_from".into(), self.mf),
                Column::new("month_to".into(), self.mt),
                Column::new("currency".into(), self.cur),
                Column::new("scope".into(), self.scope),
                Column::new("status".into(), self.status),
                Column::new("value".into(), self.val),
                Column::new("value_min".into(), self.vmin),
                Column::new("value_max".into(), self.vmax),
                Column::new("n_facts".into(), self.nf),
                Column::new("n_docs".into(), self.nd),
                Column::new("facts".into(), self.ids),
                Column::new("value_usd".into(), self.usd),
                Column::new("conflict".into(), self.conflict),
            ],
        )
    }
}
/// The long series table whole (for small inputs and tests; a run writes
/// it frame by frame), and what the other tables are made of.
pub fn series(facts: Facts, opts: &AggregateOptions) -> Result<(DataFrame, Consolidated)> {
    let mut table = SeriesBatch::default().frame()?;
    let c = facts.consolidate(opts, |df| Ok(table.vstack_mut_owned(df).map(|_| ())?))?;
    Ok((table, c))
}

/// A table of (reporter, partner, indicator, year) cells, in the order
/// given, with a median and a count.
pub(super) fn keyed_frame(cells: impl Iterator<Item = ((Option<String>, String, String, i32), Option<f64>, i64)>, value: &str, count: &str) -> PolarsResult<DataFrame> {
    let (mut rep, mut par, mut ind, mut yr, mut med, mut cnt) = (vec![], vec![], vec![], vec![], vec![], vec![]);
    for ((r, p, i, y), m, n) in cells {
        rep.push(r);
        par.push(p);
        ind.push(i);
        yr.push(y);
        med.push(m);
        cnt.push(n);
    }
    DataFrame::new(
        rep.len(),
        vec![
            Column::new("reporter".into(), rep),
            Column::new("partner".into(), par),
            Column::new("indicator".into(), ind),
            Column::new("year".into(), yr),
            Column::new(value.into(), med),
            Column::new(count.into(), cnt),
        ],
    )
}

