//! Aggregate: facts -> series (long) and year-by-partner tables (wide).
//!
//! The facts the aggregates use become compact records (32 bytes a money
//! fact, no sentences), kept while a run writes its facts or read from fact
//! tables slice by slice; the records go through an external merge sort
//! ([`crate::spill`]) and come back by cell in table order, so the cells are
//! consolidated one at a time and series.parquet written a row group at a
//! time: memory follows neither the table nor the number of facts.
//!
//! A fact enters the series only where FACTS.md says so: money, `indicator`
//! not `other`, `year` known. One series cell is (reporter, partner,
//! indicator, year, month_from, month_to, currency): several facts for it give
//! the median, with min, max, the number of facts and of documents, and the
//! fact ids. The wide tables keep full-year USD cells: one row per
//! (reporter, year), one column per partner.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::error::SinkError;
use crate::sink::{descriptions_metadata, write_parquet, ParquetBatches, ParquetSlices};
use crate::spill::{Record, Spill};

/// Settings of the aggregate stage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AggregateOptions {
    /// Sources of one cell disagree when (max - min) / |median| exceeds this.
    pub tolerance: f64,
    /// Base year of the growth index; None: each series' first year.
    pub index_base: Option<i32>,
}

impl Default for AggregateOptions {
    fn default() -> Self {
        AggregateOptions { tolerance: 0.05, index_base: None }
    }
}

/// Columns a fact table must have to be aggregated.
pub const REQUIRED: [&str; 12] = ["doc", "kind", "value", "currency", "indicator", "reporter", "partner", "year", "month_from", "month_to", "fact_id", "start"];

pub const SERIES_DESCRIPTIONS: [(&str, &str); 15] = [
    ("reporter", "whose figures (ISO3 or group)"),
    ("partner", "counterpart (ISO3 or group), null if unknown"),
    ("indicator", "turnover | exports | imports | investment | exchange_trade | contracts | credit"),
    ("year", "year of the figures"),
    ("month_from", "first month covered"),
    ("month_to", "last month covered"),
    ("currency", "ISO 4217 code of value"),
    ("value", "median of the facts for this cell"),
    ("value_min", "smallest fact value"),
    ("value_max", "largest fact value"),
    ("n_facts", "number of facts"),
    ("n_docs", "number of documents"),
    ("facts", "fact ids (doc:start) the cell came from, space-separated"),
    ("value_usd", "median of the facts in US dollars (null where no rate is known)"),
    ("conflict", "the facts disagree: (max - min) / median beyond the tolerance"),
];

/// Rows read from a fact table at a time: the aggregates keep only compact
/// records of the facts they use, so memory does not hold the whole table.
const READ_ROWS: usize = 1 << 14;

/// Reads fact Parquet files (files or folders, recursive), slice by slice,
/// into the compact records the aggregates need (spilled into `spill_dir`).
pub fn read_facts(inputs: &[PathBuf], spill_dir: &Path) -> anyhow::Result<Facts> {
    let mut files = Vec::new();
    for p in inputs {
        if p.is_dir() {
            collect_parquet(p, &mut files)?;
        } else {
            files.push(p.clone());
        }
    }
    if files.is_empty() {
        anyhow::bail!("no Parquet files in {}", inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "));
    }
    let mut out = Facts::new(spill_dir);
    for f in files {
        let bad = |e: PolarsError| anyhow::anyhow!("{}: not a readable Parquet file: {e}", f.display());
        let file = File::open(&f).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?;
        let (slices, schema) = ParquetSlices::new(&f, file).map_err(bad)?;
        let missing: Vec<&str> = REQUIRED.iter().copied().filter(|c| schema.get(c).is_none()).collect();
        if !missing.is_empty() {
            anyhow::bail!("{}: not a fact table: missing column(s) {}", f.display(), missing.join(", "));
        }
        // Only the columns the aggregates use (no sentences).
        let wanted: Vec<String> = REQUIRED.iter().chain(["amount_usd", "base_year"].iter()).filter(|c| schema.get(c).is_some()).map(|c| c.to_string()).collect();
        for df in slices.frames(READ_ROWS, Some(wanted)) {
            let df = normalize_types(df.map_err(bad)?).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?;
            out.add(&df).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?;
        }
    }
    Ok(out)
}

/// One series cell: (reporter, partner, indicator, year, month_from,
/// month_to, currency), names as indexes into [`Facts::names`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct CellKey {
    reporter: Option<u32>,
    partner: Option<u32>,
    indicator: u32,
    year: i32,
    month_from: Option<i32>,
    month_to: Option<i32>,
    currency: Option<u32>,
}

/// One fact's fields that the aggregates use.
struct Row<'a> {
    doc: Option<&'a str>,
    start: Option<i64>,
    kind: Option<&'a str>,
    value: Option<f64>,
    currency: Option<&'a str>,
    indicator: Option<&'a str>,
    reporter: Option<&'a str>,
    partner: Option<&'a str>,
    year: Option<i32>,
    month_from: Option<i32>,
    month_to: Option<i32>,
    fact_id: Option<&'a str>,
    usd: Option<f64>,
    base_year: Option<i32>,
}

/// A fact sink that also keeps the compact records of the aggregates, so a
/// run consolidates its series without reading its fact table back.
pub struct AggregatingSink<S> {
    pub inner: S,
    pub facts: std::sync::Arc<std::sync::Mutex<Facts>>,
}

impl<S: crate::sink::FactSink> crate::sink::FactSink for AggregatingSink<S> {
    fn write_batch(&mut self, facts: &[crate::fact::Fact]) -> Result<(), SinkError> {
        self.inner.write_batch(facts)?;
        let mut kept = self.facts.lock().expect("the facts' lock is not poisoned");
        kept.add_facts(facts).map_err(|e| SinkError::Io { path: kept.spill_dir().to_path_buf(), source: e })
    }

    fn finish(self: Box<Self>) -> Result<(), SinkError> {
        Box::new(self.inner).finish()
    }
}

/// (reporter, partner, indicator, year) of stated growth and USD cells, names interned.
type GrowthKey = (Option<u32>, u32, u32, i32);

/// Marks an [`Obs`] whose fact id is not `doc:start` (in its `cell`).
const ODD: u32 = 1 << 31;

/// A money fact of the series in 32 bytes: its cell, where it is, its
/// values (NaN where missing: a NaN in a table counts as missing).
#[derive(Debug, Clone, Copy)]
struct Obs {
    start: i64,
    value: f64,
    usd: f64,
    /// The cell's index, with [`ODD`] set for a fact id of another form.
    cell: u32,
    doc: u32,
}

fn present(v: f64) -> Option<f64> {
    (!v.is_nan()).then_some(v)
}

impl Obs {
    fn value(&self) -> Option<f64> {
        present(self.value)
    }
    fn usd(&self) -> Option<f64> {
        present(self.usd)
    }
    fn cell(&self) -> usize {
        (self.cell & !ODD) as usize
    }
}

fn f64_at(b: &[u8], at: usize) -> f64 {
    f64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}
fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

impl Record for Obs {
    const SIZE: usize = 32;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.start.to_le_bytes());
        out.extend_from_slice(&self.value.to_le_bytes());
        out.extend_from_slice(&self.usd.to_le_bytes());
        out.extend_from_slice(&self.cell.to_le_bytes());
        out.extend_from_slice(&self.doc.to_le_bytes());
    }
    fn get(b: &[u8]) -> Obs {
        Obs { start: i64::from_le_bytes(b[0..8].try_into().expect("8 bytes")), value: f64_at(b, 8), usd: f64_at(b, 16), cell: u32_at(b, 24), doc: u32_at(b, 28) }
    }
}

/// A stated full-year growth ratio of one (reporter, partner, indicator, year).
#[derive(Debug, Clone, Copy)]
struct Stated {
    key: u32,
    value: f64,
}

impl Record for Stated {
    const SIZE: usize = 12;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.key.to_le_bytes());
        out.extend_from_slice(&self.value.to_le_bytes());
    }
    fn get(b: &[u8]) -> Stated {
        Stated { key: u32_at(b, 0), value: f64_at(b, 4) }
    }
}

/// The facts the aggregates use, as compact records: money facts of the
/// series (FACTS.md's rule: money, `indicator` not `other`, `year` known),
/// stated full-year growth, and names interned once. The records go to a
/// [`Spill`] (a few megabytes in memory, the rest in an unnamed temporary
/// file) and come back sorted by cell, so memory does not grow with the
/// number of facts; what is kept per name, document and cell is small.
#[derive(Debug)]
pub struct Facts {
    /// Number of facts read (all kinds).
    pub rows: usize,
    names: Vec<String>,
    name_ids: std::collections::HashMap<String, u32>,
    docs: Vec<String>,
    doc_ids: std::collections::HashMap<String, u32>,
    cells: Vec<CellKey>,
    cell_ids: std::collections::HashMap<CellKey, u32>,
    obs: Spill<Obs>,
    /// Fact ids not of the form `doc:start` (facts of other producers'
    /// tables), by (cell, doc, start), in the order read.
    odd_ids: std::collections::HashMap<(u32, u32, i64), std::collections::VecDeque<Box<str>>>,
    growth_keys: Vec<GrowthKey>,
    growth_ids: std::collections::HashMap<GrowthKey, u32>,
    stated: Spill<Stated>,
}

/// The index of `k` in `list`, added at the end if new (names, documents, cells).
fn intern<Q>(list: &mut Vec<Q::Owned>, ids: &mut std::collections::HashMap<Q::Owned, u32>, k: &Q) -> u32
where
    Q: ?Sized + std::hash::Hash + Eq + ToOwned,
    Q::Owned: std::hash::Hash + Eq + std::borrow::Borrow<Q>,
{
    if let Some(&i) = ids.get(k) {
        return i;
    }
    let i = list.len() as u32;
    list.push(k.to_owned());
    ids.insert(k.to_owned(), i);
    i
}

/// Median as polars computes it: of the non-null values, the mean of the two
/// middle ones for an even count.
fn median(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let mut v: Vec<f64> = values.flatten().collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    // polars interpolates: lower + (upper - lower) * 0.5
    Some(if n % 2 == 1 { v[n / 2] } else { v[n / 2 - 1] + (v[n / 2] - v[n / 2 - 1]) * 0.5 })
}

impl Facts {
    /// No facts yet; the temporary file, when one is needed, is made in `spill_dir`.
    pub fn new(spill_dir: &Path) -> Facts {
        Facts::with_run(spill_dir, crate::spill::RUN)
    }

    /// With spill runs of `run` records (tests use small ones).
    pub fn with_run(spill_dir: &Path, run: usize) -> Facts {
        Facts {
            rows: 0,
            names: Vec::new(),
            name_ids: Default::default(),
            docs: Vec::new(),
            doc_ids: Default::default(),
            cells: Vec::new(),
            cell_ids: Default::default(),
            obs: Spill::with_run(spill_dir, run),
            odd_ids: Default::default(),
            growth_keys: Vec::new(),
            growth_ids: Default::default(),
            stated: Spill::with_run(spill_dir, run),
        }
    }

    /// Where the temporary file goes.
    pub fn spill_dir(&self) -> &Path {
        self.obs.dir()
    }

    /// A frame of facts (the columns of [`normalize_types`]) as compact
    /// records, spilled (if large) to the system's temporary folder.
    pub fn from_frame(df: DataFrame) -> anyhow::Result<Facts> {
        let mut f = Facts::new(&std::env::temp_dir());
        f.add(&normalize_types(df)?)?;
        Ok(f)
    }

    fn name(&mut self, s: &str) -> u32 {
        intern(&mut self.names, &mut self.name_ids, s)
    }

    /// Adds a slice of facts with the columns of [`normalize_types`].
    fn add(&mut self, df: &DataFrame) -> anyhow::Result<()> {
        let f64s = |c: &str| -> PolarsResult<Vec<Option<f64>>> { Ok(df.column(c)?.f64()?.iter().collect()) };
        let i32s = |c: &str| -> PolarsResult<Vec<Option<i32>>> { Ok(df.column(c)?.i32()?.iter().collect()) };
        let strs = |c: &str| -> PolarsResult<StringChunked> { Ok(df.column(c)?.str()?.clone()) };
        let (usd, base, value) = (f64s("amount_usd")?, i32s("base_year")?, f64s("value")?);
        let (year, mf, mt) = (i32s("year")?, i32s("month_from")?, i32s("month_to")?);
        let start: Vec<Option<i64>> = df.column("start")?.i64()?.iter().collect();
        let (doc, kind, currency, fact_id) = (strs("doc")?, strs("kind")?, strs("currency")?, strs("fact_id")?);
        let (indicator, reporter, partner) = (strs("indicator")?, strs("reporter")?, strs("partner")?);
        fn it(c: &StringChunked) -> Vec<Option<&str>> {
            c.iter().collect()
        }
        let (doc, kind, currency, fact_id, indicator, reporter, partner) = (it(&doc), it(&kind), it(&currency), it(&fact_id), it(&indicator), it(&reporter), it(&partner));
        self.rows += df.height();
        for r in 0..df.height() {
            self.add_row(Row {
                doc: doc[r],
                start: start[r],
                kind: kind[r],
                value: value[r],
                currency: currency[r],
                indicator: indicator[r],
                reporter: reporter[r],
                partner: partner[r],
                year: year[r],
                month_from: mf[r],
                month_to: mt[r],
                fact_id: fact_id[r],
                usd: usd[r],
                base_year: base[r],
            })
            .map_err(|e| anyhow::anyhow!("{}: {e}", self.spill_dir().display()))?;
        }
        Ok(())
    }

    /// Adds facts as the pipeline hands them to its sink (see [`AggregatingSink`]).
    pub fn add_facts(&mut self, facts: &[crate::fact::Fact]) -> std::io::Result<()> {
        self.rows += facts.len();
        for f in facts {
            self.add_row(Row {
                doc: Some(&f.doc),
                start: Some(f.start as i64),
                kind: Some(f.kind.as_str()),
                value: Some(f.value),
                currency: f.currency.as_deref(),
                indicator: Some(f.indicator.as_str()),
                reporter: Some(&f.reporter),
                partner: f.partner.as_deref(),
                year: f.year,
                month_from: f.month_from,
                month_to: f.month_to,
                fact_id: Some(&f.fact_id),
                usd: f.amount_usd,
                base_year: f.base_year,
            })?;
        }
        Ok(())
    }

    fn add_row(&mut self, row: Row) -> std::io::Result<()> {
        let Row { doc, start, kind, value, currency, indicator, reporter, partner, year, month_from: mf, month_to: mt, fact_id: fid, usd, base_year: base } = row;
        let (Some(kind), Some(indicator), Some(year)) = (kind, indicator, year) else { return Ok(()) };
        if indicator == "other" {
            return Ok(());
        }
        if kind == "money" {
            let key = CellKey {
                reporter: reporter.map(|r| self.name(r)),
                partner: partner.map(|p| self.name(p)),
                indicator: self.name(indicator),
                year,
                month_from: mf,
                month_to: mt,
                currency: currency.map(|c| self.name(c)),
            };
            let mut cell = intern(&mut self.cells, &mut self.cell_ids, &key);
            let doc_s = doc.unwrap_or("");
            let d = intern(&mut self.docs, &mut self.doc_ids, doc_s);
            let start = start.unwrap_or(0);
            let plain = fid.is_some_and(|f| f.len() > doc_s.len() && f.starts_with(doc_s) && f[doc_s.len()..].strip_prefix(':').is_some_and(|n| n.parse::<i64>().ok() == Some(start) && !n.starts_with('+')));
            if !plain {
                self.odd_ids.entry((cell, d, start)).or_default().push_back(fid.unwrap_or("").into());
                cell |= ODD;
            }
            self.obs.push(Obs { start, value: value.unwrap_or(f64::NAN), usd: usd.unwrap_or(f64::NAN), cell, doc: d })?;
        } else if kind == "growth" {
            let full = mf == Some(1) && mt == Some(12);
            let based = base.is_none_or(|b| b == year - 1);
            if let (Some(p), true, true) = (partner, full, based) {
                let key = (reporter.map(|r| self.name(r)), self.name(p), self.name(indicator), year);
                let key = intern(&mut self.growth_keys, &mut self.growth_ids, &key);
                self.stated.push(Stated { key, value: value.unwrap_or(f64::NAN) })?;
            }
        }
        Ok(())
    }

    fn opt_name(&self, i: Option<u32>) -> Option<String> {
        i.map(|i| self.names[i as usize].clone())
    }

    /// Consolidates the cells in table order, handing series rows to `emit`
    /// in frames of at most [`SERIES_ROWS`] rows (or [`SERIES_ID_BYTES`] of
    /// fact ids), and returns what the other tables are made of.
    pub fn consolidate(mut self, opts: &AggregateOptions, mut emit: impl FnMut(DataFrame) -> anyhow::Result<()>) -> anyhow::Result<Consolidated> {
        let dir = self.spill_dir().to_path_buf();
        let io = |e: std::io::Error| anyhow::anyhow!("{}: temporary file of the aggregates: {e}", dir.display());
        // The series table's order: reporter, indicator, partner, year,
        // months, currency (nulls last); fact ids by document, then position.
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
        });
        let cell_rank = ranks(&order);
        let mut doc_order: Vec<u32> = (0..self.docs.len() as u32).collect();
        doc_order.sort_by(|&a, &b| self.docs[a as usize].cmp(&self.docs[b as usize]));
        let doc_rank = ranks(&doc_order);
        drop((order, doc_order));

        let mut out = Consolidated::default();
        let mut batch = SeriesBatch::default();
        let mut usd = UsdCells::default();
        let obs = std::mem::replace(&mut self.obs, Spill::new(&dir));
        let sorted = obs.sorted(|o| (cell_rank[o.cell()], doc_rank[o.doc as usize], o.start)).map_err(io)?;
        each_run(sorted.map(|r| r.map_err(io)), |o| o.cell(), |c, cell| {
            let k = self.cells[c];
            let missing = cell.iter().filter(|o| o.usd().is_none() && o.value().is_some()).count();
            if missing > 0 {
                let cur = k.currency.map(|c| self.names[c as usize].as_str()).unwrap_or("?");
                *out.unconverted.entry(format!("{cur} {}", k.year)).or_insert(0) += missing;
            }
            if let (Some(p), Some(1), Some(12)) = (k.partner, k.month_from, k.month_to) {
                usd.add((k.reporter, p, k.indicator, k.year), cell.iter().map(|o| o.usd()));
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
        out.usd_cells = usd.finish(&self)?;

        // Stated growth, a key at a time, keys in the order of their interned names.
        let mut key_order: Vec<u32> = (0..self.growth_keys.len() as u32).collect();
        key_order.sort_by_key(|&k| self.growth_keys[k as usize]);
        let key_rank = ranks(&key_order);
        let stated = std::mem::replace(&mut self.stated, Spill::new(&dir));
        let mut rows: Vec<(u32, Option<f64>, i64)> = Vec::new();
        let sorted = stated.sorted(|s| key_rank[s.key as usize]).map_err(io)?;
        each_run(sorted.map(|r| r.map_err(io)), |s| s.key, |k, run| {
            let values = || run.iter().map(|s| present(s.value));
            rows.push((k, median(values()), values().flatten().count() as i64));
            Ok(())
        })?;
        let name = |i: u32| self.names[i as usize].clone();
        out.stated = keyed_frame(
            rows.iter().map(|&(k, m, n)| {
                let (r, p, i, y) = self.growth_keys[k as usize];
                ((r.map(name), name(p), name(i), y), m, n)
            }),
            "yoy_stated",
            "n_stated",
        )?;
        Ok(out)
    }
}

/// Hands each run of consecutive records with equal `key` to `each`, in order.
fn each_run<T, K: PartialEq>(records: impl Iterator<Item = anyhow::Result<T>>, key: impl Fn(&T) -> K, mut each: impl FnMut(K, &[T]) -> anyhow::Result<()>) -> anyhow::Result<()> {
    let mut run: Vec<T> = Vec::new();
    let mut current: Option<K> = None;
    for r in records {
        let r = r?;
        let k = key(&r);
        if current.as_ref() != Some(&k) {
            if let Some(c) = current.replace(k) {
                each(c, &run)?;
            }
            run.clear();
        }
        run.push(r);
    }
    match current {
        Some(c) => each(c, &run),
        None => Ok(()),
    }
}

/// The rank of each item given the items in order.
fn ranks(order: &[u32]) -> Vec<u32> {
    let mut r = vec![0u32; order.len()];
    for (k, &i) in order.iter().enumerate() {
        r[i as usize] = k as u32;
    }
    r
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
    /// Full-year money cells in US dollars: (reporter, partner, indicator,
    /// year) -> median of the facts' `amount_usd`, over every currency.
    pub usd_cells: DataFrame,
    /// Stated full-year growth: (reporter, partner, indicator, year) -> median ratio, count.
    pub stated: DataFrame,
    /// Money facts of the series without a USD amount: "CUR year" -> count.
    pub unconverted: BTreeMap<String, usize>,
}

/// The USD cells, built as the cells come in table order: the full-year
/// cells of one (reporter, indicator, partner, year) come together.
#[derive(Default)]
struct UsdCells {
    current: Option<GrowthKey>,
    values: Vec<f64>,
    /// (key, median, number of values)
    rows: Vec<(GrowthKey, Option<f64>, i64)>,
}

impl UsdCells {
    fn add(&mut self, key: GrowthKey, usd: impl Iterator<Item = Option<f64>>) {
        if self.current != Some(key) {
            self.close();
            self.current = Some(key);
        }
        self.values.extend(usd.flatten());
    }

    fn close(&mut self) {
        if let Some(k) = self.current.take() {
            if !self.values.is_empty() {
                let n = self.values.len() as i64;
                self.rows.push((k, median(self.values.drain(..).map(Some)), n));
            }
        }
    }

    fn finish(mut self, facts: &Facts) -> PolarsResult<DataFrame> {
        self.close();
        let name = |i: u32| facts.names[i as usize].clone();
        keyed_frame(self.rows.iter().map(|&((r, p, i, y), m, n)| ((r.map(name), name(p), name(i), y), m, n)), "level_usd", "n_facts")
    }
}

/// Series rows being gathered into one frame.
#[derive(Default)]
struct SeriesBatch {
    rep: Vec<Option<String>>,
    par: Vec<Option<String>>,
    ind: Vec<String>,
    yr: Vec<i32>,
    mf: Vec<Option<i32>>,
    mt: Vec<Option<i32>>,
    cur: Vec<Option<String>>,
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

    fn frame(self) -> PolarsResult<DataFrame> {
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

fn collect_parquet(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_parquet(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "parquet") && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
            out.push(p);
        }
    }
    Ok(())
}

/// Casts the required columns to our types, so tables from other producers stack.
fn normalize_types(df: DataFrame) -> PolarsResult<DataFrame> {
    let usd = if df.column("amount_usd").is_ok() { col("amount_usd").cast(DataType::Float64) } else { lit(NULL).cast(DataType::Float64).alias("amount_usd") };
    let base = if df.column("base_year").is_ok() { col("base_year").cast(DataType::Int32) } else { lit(NULL).cast(DataType::Int32).alias("base_year") };
    df.lazy()
        .select([
            usd,
            base,
            col("doc").cast(DataType::String),
            col("start").cast(DataType::Int64),
            col("kind").cast(DataType::String),
            col("value").cast(DataType::Float64),
            col("currency").cast(DataType::String),
            col("indicator").cast(DataType::String),
            col("reporter").cast(DataType::String),
            col("partner").cast(DataType::String),
            col("year").cast(DataType::Int32),
            col("month_from").cast(DataType::Int32),
            col("month_to").cast(DataType::Int32),
            col("fact_id").cast(DataType::String),
        ])
        .collect()
}

/// Ascending with nulls last, as the series table is sorted.
fn nulls_last<T: Ord>(a: &Option<T>, b: &Option<T>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (Some(_), None) => std::cmp::Ordering::Less,
    }
}

/// The long series table whole (for small inputs and tests; a run writes
/// it frame by frame), and what the other tables are made of.
pub fn series(facts: Facts, opts: &AggregateOptions) -> anyhow::Result<(DataFrame, Consolidated)> {
    let mut table = SeriesBatch::default().frame()?;
    let c = facts.consolidate(opts, |df| Ok(table.vstack_mut_owned(df).map(|_| ())?))?;
    Ok((table, c))
}

/// A table of (reporter, partner, indicator, year) cells, in the order
/// given, with a median and a count.
fn keyed_frame(cells: impl Iterator<Item = ((Option<String>, String, String, i32), Option<f64>, i64)>, value: &str, count: &str) -> PolarsResult<DataFrame> {
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

type Key = (String, String, String);

fn cell_map(cells: &DataFrame, value: &str) -> PolarsResult<BTreeMap<Key, BTreeMap<i32, f64>>> {
    let rep = cells.column("reporter")?.str()?.clone();
    let par = cells.column("partner")?.str()?.clone();
    let ind = cells.column("indicator")?.str()?.clone();
    let year = cells.column("year")?.i32()?.clone();
    let val = cells.column(value)?.f64()?.clone();
    let mut out: BTreeMap<Key, BTreeMap<i32, f64>> = BTreeMap::new();
    for i in 0..cells.height() {
        let (Some(r), Some(p), Some(n), Some(y), Some(v)) = (rep.get(i), par.get(i), ind.get(i), year.get(i), val.get(i)) else { continue };
        out.entry((r.to_string(), p.to_string(), n.to_string())).or_default().insert(y, v);
    }
    Ok(out)
}

/// Wide year-by-partner tables, one per indicator: full-year cells in USD.
pub fn year_partner(cells: &DataFrame) -> PolarsResult<BTreeMap<String, DataFrame>> {
    // indicator -> (reporter, year) -> partner -> value
    type Rows = BTreeMap<(String, i32), BTreeMap<String, f64>>;
    let mut by_ind: BTreeMap<String, Rows> = BTreeMap::new();
    for ((r, p, n), years) in cell_map(cells, "level_usd")? {
        for (y, v) in years {
            by_ind.entry(n.clone()).or_default().entry((r.clone(), y)).or_default().insert(p.clone(), v);
        }
    }
    let mut out = BTreeMap::new();
    for (ind, rows) in by_ind {
        let partners: BTreeSet<&String> = rows.values().flat_map(|m| m.keys()).collect();
        let mut columns = vec![
            Column::new("reporter".into(), rows.keys().map(|(r, _)| r.clone()).collect::<Vec<_>>()),
            Column::new("year".into(), rows.keys().map(|(_, y)| *y).collect::<Vec<_>>()),
        ];
        for p in partners {
            columns.push(Column::new(p.as_str().into(), rows.values().map(|m| m.get(p).copied()).collect::<Vec<Option<f64>>>()));
        }
        out.insert(ind, DataFrame::new(rows.len(), columns)?);
    }
    Ok(out)
}

pub const GROWTH_DESCRIPTIONS: [(&str, &str); 12] = [
    ("reporter", "whose figures"),
    ("partner", "counterpart"),
    ("indicator", "what is measured"),
    ("year", "the year"),
    ("level_usd", "full-year level in US dollars (median of the facts)"),
    ("yoy_computed", "level / previous year's level"),
    ("yoy_stated", "median of the stated full-year growth ratios (new/old) for this year"),
    ("n_stated", "number of stated growth facts"),
    ("disagree", "computed and stated growth differ by more than the tolerance"),
    ("index", "level / level of the base year x 100"),
    ("index_base", "the index's base year"),
    ("cagr", "compound annual growth rate from the series' first year to this year"),
];

/// growth.parquet: computed and stated year-on-year growth, an index and CAGR.
pub fn growth(cells: &DataFrame, stated_df: &DataFrame, opts: &AggregateOptions) -> PolarsResult<DataFrame> {
    let levels = cell_map(cells, "level_usd")?;
    let stated = cell_map(stated_df, "yoy_stated")?;
    let n_stated: BTreeMap<Key, BTreeMap<i32, f64>> = {
        let df = stated_df.clone().lazy().with_column(col("n_stated").cast(DataType::Float64)).collect()?;
        cell_map(&df, "n_stated")?
    };
    let keys: BTreeSet<&Key> = levels.keys().chain(stated.keys()).collect();
    let (mut rep, mut par, mut ind, mut yr) = (vec![], vec![], vec![], vec![]);
    let (mut lvl, mut yc, mut ys, mut ns, mut dis, mut idx, mut ib, mut cagr) = (vec![], vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    let empty = BTreeMap::new();
    for key in keys {
        let l = levels.get(key).unwrap_or(&empty);
        let st = stated.get(key).unwrap_or(&empty);
        let years: BTreeSet<i32> = l.keys().chain(st.keys()).copied().collect();
        let first = l.keys().next().copied();
        let base = opts.index_base.filter(|b| l.contains_key(b)).or(first);
        for y in years {
            let level = l.get(&y).copied();
            let computed = match (level, l.get(&(y - 1))) {
                (Some(a), Some(b)) if *b != 0.0 => Some(a / b),
                _ => None,
            };
            let s = st.get(&y).copied();
            rep.push(key.0.clone());
            par.push(key.1.clone());
            ind.push(key.2.clone());
            yr.push(y);
            lvl.push(level);
            yc.push(computed);
            ys.push(s);
            ns.push(n_stated.get(key).and_then(|m| m.get(&y)).map(|v| *v as i64).unwrap_or(0));
            dis.push(match (computed, s) {
                (Some(c), Some(s)) if s != 0.0 => Some((c / s - 1.0).abs() > opts.tolerance),
                _ => None,
            });
            idx.push(match (level, base.and_then(|b| l.get(&b))) {
                (Some(v), Some(b)) if *b != 0.0 => Some(v / b * 100.0),
                _ => None,
            });
            ib.push(base);
            cagr.push(match (level, first) {
                (Some(v), Some(f)) if y > f && l[&f] > 0.0 && v > 0.0 => Some((v / l[&f]).powf(1.0 / (y - f) as f64) - 1.0),
                _ => None,
            });
        }
    }
    let n = rep.len();
    DataFrame::new(
        n,
        vec![
            Column::new("reporter".into(), rep),
            Column::new("partner".into(), par),
            Column::new("indicator".into(), ind),
            Column::new("year".into(), yr),
            Column::new("level_usd".into(), lvl),
            Column::new("yoy_computed".into(), yc),
            Column::new("yoy_stated".into(), ys),
            Column::new("n_stated".into(), ns),
            Column::new("disagree".into(), dis),
            Column::new("index".into(), idx),
            Column::new("index_base".into(), ib),
            Column::new("cagr".into(), cagr),
        ],
    )
}

/// What the aggregate stage wrote.
#[derive(Debug, Clone, Default)]
pub struct Written {
    pub series_rows: usize,
    pub conflicts: usize,
    pub tables: Vec<String>,
    pub growth_rows: usize,
    /// Money facts of the series without a USD amount: "CUR year" -> count.
    pub unconverted: BTreeMap<String, usize>,
}

/// Writes series.parquet (frame by frame as the cells are consolidated),
/// year_partner/<indicator>.parquet and growth.parquet into `dir`.
pub fn write_aggregates(facts: Facts, dir: &Path, opts: &AggregateOptions) -> anyhow::Result<Written> {
    let pe = |p: &Path, e: PolarsError| SinkError::Write { path: p.to_path_buf(), message: e.to_string() };
    let series_path = dir.join("series.parquet");
    let schema = SeriesBatch::default().frame().map_err(|e| pe(&series_path, e))?.schema().clone();
    let mut out = ParquetBatches::create(&series_path, &schema, descriptions_metadata(&SERIES_DESCRIPTIONS))?;
    let c = facts.consolidate(opts, |df| Ok(out.write(&df)?))?;
    out.finish()?;
    let wide_dir = dir.join("year_partner");
    let tables = year_partner(&c.usd_cells).map_err(|e| pe(&wide_dir, e))?;
    // Tables of indicators that no longer have cells are removed, so the folder matches this run.
    if let Ok(rd) = std::fs::read_dir(&wide_dir) {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".parquet") && !tables.contains_key(name.trim_end_matches(".parquet")) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    let mut written = Vec::new();
    for (ind, mut df) in tables {
        let p = wide_dir.join(format!("{ind}.parquet"));
        write_parquet(&p, &mut df, &[("reporter", "whose figures"), ("year", "year; the other columns are partners, full-year values in US dollars")])?;
        written.push(ind);
    }
    let growth_path = dir.join("growth.parquet");
    let mut g = growth(&c.usd_cells, &c.stated, opts).map_err(|e| pe(&growth_path, e))?;
    write_parquet(&growth_path, &mut g, &GROWTH_DESCRIPTIONS)?;
    Ok(Written { series_rows: c.series_rows, conflicts: c.conflicts, tables: written, growth_rows: g.height(), unconverted: c.unconverted })
}

/// What `compare` draws.
#[derive(Debug, Clone)]
pub struct CompareSpec {
    pub reporter: String,
    pub indicator: String,
    /// Partners to compare; empty: the three with the most years.
    pub partners: Vec<String>,
    /// "level", "yoy", "stated" or "index" (from growth.parquet).
    pub measure: String,
    /// One partner's series as each document states it (from facts.parquet).
    pub by_doc: bool,
}

/// The lines to compare, from a run's output folder.
pub fn comparison(dir: &Path, spec: &CompareSpec) -> anyhow::Result<Vec<crate::chart::Line>> {
    let mut lines = Vec::new();
    if spec.by_doc {
        let partner = spec.partners.first().ok_or_else(|| anyhow::anyhow!("--by-doc compares one partner's series across documents: name it with --partners"))?;
        let df = read_output(dir, "facts.parquet")?
            .lazy()
            .filter(
                col("kind")
                    .eq(lit("money"))
                    .and(col("reporter").eq(lit(spec.reporter.clone())))
                    .and(col("partner").eq(lit(partner.clone())))
                    .and(col("indicator").eq(lit(spec.indicator.clone())))
                    .and(col("month_from").eq(lit(1)))
                    .and(col("month_to").eq(lit(12)))
                    .and(col("amount_usd").is_not_null()),
            )
            .group_by([col("doc"), col("year")])
            .agg([col("amount_usd").median().alias("v")])
            .sort(["doc", "year"], SortMultipleOptions::default())
            .collect()?;
        let doc = df.column("doc")?.str()?.clone();
        let year = df.column("year")?.i32()?.clone();
        let v = df.column("v")?.f64()?.clone();
        let mut by: BTreeMap<String, Vec<(i32, f64)>> = BTreeMap::new();
        for i in 0..df.height() {
            if let (Some(d), Some(y), Some(x)) = (doc.get(i), year.get(i), v.get(i)) {
                by.entry(d.to_string()).or_default().push((y, x));
            }
        }
        for (name, points) in by {
            lines.push(crate::chart::Line { name, points });
        }
        return Ok(lines);
    }
    let column = match spec.measure.as_str() {
        "level" => "level_usd",
        "yoy" => "yoy_computed",
        "stated" => "yoy_stated",
        "index" => "index",
        m => anyhow::bail!("--measure '{m}': expected level, yoy, stated or index"),
    };
    let df = read_output(dir, "growth.parquet")?
        .lazy()
        .filter(col("reporter").eq(lit(spec.reporter.clone())).and(col("indicator").eq(lit(spec.indicator.clone()))).and(col(column).is_not_null()))
        .collect()?;
    let par = df.column("partner")?.str()?.clone();
    let year = df.column("year")?.i32()?.clone();
    let v = df.column(column)?.f64()?.clone();
    let mut by: BTreeMap<String, Vec<(i32, f64)>> = BTreeMap::new();
    for i in 0..df.height() {
        if let (Some(p), Some(y), Some(x)) = (par.get(i), year.get(i), v.get(i)) {
            by.entry(p.to_string()).or_default().push((y, x));
        }
    }
    let partners: Vec<String> = if spec.partners.is_empty() {
        let mut all: Vec<(&String, usize)> = by.iter().map(|(p, v)| (p, v.len())).collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        all.into_iter().take(3).map(|(p, _)| p.clone()).collect()
    } else {
        spec.partners.clone()
    };
    for p in partners {
        let points = by.remove(&p).unwrap_or_default();
        lines.push(crate::chart::Line { name: p, points });
    }
    Ok(lines)
}

/// The lines as a table: one row per year, one column per line.
pub fn comparison_table(lines: &[crate::chart::Line]) -> PolarsResult<DataFrame> {
    let years: BTreeSet<i32> = lines.iter().flat_map(|l| l.points.iter().map(|p| p.0)).collect();
    let mut cols = vec![Column::new("year".into(), years.iter().copied().collect::<Vec<i32>>())];
    for l in lines {
        let m: BTreeMap<i32, f64> = l.points.iter().copied().collect();
        cols.push(Column::new(l.name.as_str().into(), years.iter().map(|y| m.get(y).copied()).collect::<Vec<Option<f64>>>()));
    }
    DataFrame::new(years.len(), cols)
}

/// Writes a comparison table as Parquet and CSV.
pub fn write_comparison(df: &mut DataFrame, parquet: &Path, csv: &Path) -> Result<(), SinkError> {
    write_parquet(parquet, df, &[("year", "year; the other columns are the compared series")])?;
    let mut text = String::new();
    let names: Vec<String> = df.get_column_names().iter().map(|c| c.to_string()).collect();
    text.push_str(&names.join(","));
    text.push('\n');
    let year = df.column("year").map_err(|e| SinkError::Write { path: csv.to_path_buf(), message: e.to_string() })?.i32().map_err(|e| SinkError::Write { path: csv.to_path_buf(), message: e.to_string() })?.clone();
    for i in 0..df.height() {
        let mut row = vec![year.get(i).map(|y| y.to_string()).unwrap_or_default()];
        for n in &names[1..] {
            let c = df.column(n).ok().and_then(|c| c.f64().ok().cloned());
            row.push(c.and_then(|c| c.get(i)).map(|v| format!("{v}")).unwrap_or_default());
        }
        text.push_str(&row.join(","));
        text.push('\n');
    }
    crate::chart::write_atomic(csv, text.as_bytes())
}

/// A series cell whose sources disagree.
#[derive(Debug, Clone)]
pub struct Conflict {
    pub reporter: String,
    pub partner: String,
    pub indicator: String,
    pub year: i32,
    pub months: String,
    pub currency: String,
    pub value: f64,
    pub min: f64,
    pub max: f64,
    /// The first fact ids of the cell (at most [`CONFLICT_FACTS`]).
    pub facts: Vec<String>,
    /// How many fact ids of the cell are not in `facts`.
    pub more: usize,
}

/// Fact ids kept per conflicting cell for review; a cell stated in thousands
/// of documents lists its first ones and a count.
pub const CONFLICT_FACTS: usize = 12;

fn read_output(dir: &Path, name: &str) -> anyhow::Result<DataFrame> {
    let p = dir.join(name);
    let f = File::open(&p).map_err(|e| anyhow::anyhow!("{}: {e} (run the pipeline first)", p.display()))?;
    ParquetReader::new(f).finish().map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))
}

/// The conflicting cells of a run's series, the table read a slice at a
/// time (its fact id lists grow with the facts).
pub fn conflicts(dir: &Path) -> anyhow::Result<Vec<Conflict>> {
    let p = dir.join("series.parquet");
    let bad = |e: PolarsError| anyhow::anyhow!("{}: {e}", p.display());
    let file = File::open(&p).map_err(|e| anyhow::anyhow!("{}: {e} (run the pipeline first)", p.display()))?;
    let (slices, _) = ParquetSlices::new(&p, file).map_err(bad)?;
    let mut out = Vec::new();
    for df in slices.frames(CONFLICT_SLICE, None) {
        let df = df.map_err(bad)?;
        let df = df.filter(df.column("conflict").map_err(bad)?.bool().map_err(bad)?).map_err(bad)?;
        conflicts_of(&df, &mut out)?;
    }
    Ok(out)
}

/// Series rows read at a time for the conflicts.
const CONFLICT_SLICE: usize = 1 << 10;

fn conflicts_of(df: &DataFrame, out: &mut Vec<Conflict>) -> anyhow::Result<()> {
    let s = |n: &str| -> anyhow::Result<StringChunked> { Ok(df.column(n)?.str()?.clone()) };
    let (rep, par, ind, cur) = (s("reporter")?, s("partner")?, s("indicator")?, s("currency")?);
    let year = df.column("year")?.i32()?.clone();
    let (mf, mt) = (df.column("month_from")?.i32()?.clone(), df.column("month_to")?.i32()?.clone());
    let (v, lo, hi) = (df.column("value")?.f64()?.clone(), df.column("value_min")?.f64()?.clone(), df.column("value_max")?.f64()?.clone());
    let facts = df.column("facts")?.str()?.clone();
    for i in 0..df.height() {
        let all = facts.get(i).unwrap_or("").split(' ').filter(|x| !x.is_empty());
        let ids: Vec<String> = all.clone().take(CONFLICT_FACTS).map(String::from).collect();
        let more = all.count() - ids.len();
        out.push(Conflict {
            reporter: rep.get(i).unwrap_or("").into(),
            partner: par.get(i).unwrap_or("-").into(),
            indicator: ind.get(i).unwrap_or("").into(),
            year: year.get(i).unwrap_or(0),
            months: format!("{}-{}", mf.get(i).unwrap_or(0), mt.get(i).unwrap_or(0)),
            currency: cur.get(i).unwrap_or("").into(),
            value: v.get(i).unwrap_or(f64::NAN),
            min: lo.get(i).unwrap_or(f64::NAN),
            max: hi.get(i).unwrap_or(f64::NAN),
            facts: ids,
            more,
        });
    }
    Ok(())
}

/// Per partner (the `top` with most cells), one line per indicator of full-year USD levels.
pub fn partner_lines(dir: &Path, reporter: &str, top: usize) -> anyhow::Result<Vec<(String, Vec<crate::chart::Line>)>> {
    let df = read_output(dir, "growth.parquet")?.lazy().filter(col("reporter").eq(lit(reporter.to_string())).and(col("level_usd").is_not_null())).collect()?;
    let par = df.column("partner")?.str()?.clone();
    let ind = df.column("indicator")?.str()?.clone();
    let year = df.column("year")?.i32()?.clone();
    let v = df.column("level_usd")?.f64()?.clone();
    let mut by: BTreeMap<String, BTreeMap<String, Vec<(i32, f64)>>> = BTreeMap::new();
    for i in 0..df.height() {
        if let (Some(p), Some(n), Some(y), Some(x)) = (par.get(i), ind.get(i), year.get(i), v.get(i)) {
            by.entry(p.to_string()).or_default().entry(n.to_string()).or_default().push((y, x));
        }
    }
    let mut ranked: Vec<(String, usize)> = by.iter().map(|(p, m)| (p.clone(), m.values().map(Vec::len).sum())).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(ranked
        .into_iter()
        .take(top)
        .map(|(p, _)| {
            let lines = by.remove(&p).unwrap_or_default().into_iter().map(|(name, points)| crate::chart::Line { name, points }).collect();
            (p, lines)
        })
        .collect())
}

/// A document of a run: doc, path, status, bytes, facts.
pub type DocRow = (String, String, String, u64, u64);

/// A run's documents.
pub fn documents(dir: &Path) -> anyhow::Result<Vec<DocRow>> {
    let docs = read_output(dir, "documents.parquet")?;
    let s = |n: &str| -> anyhow::Result<StringChunked> { Ok(docs.column(n)?.str()?.clone()) };
    let (d, p, st) = (s("doc")?, s("path")?, s("status")?);
    let b = docs.column("bytes")?.i64()?.clone();
    let f = docs.column("facts")?.i64()?.clone();
    Ok((0..docs.height())
        .map(|i| (d.get(i).unwrap_or("").into(), p.get(i).unwrap_or("").into(), st.get(i).unwrap_or("").into(), b.get(i).unwrap_or(0) as u64, f.get(i).unwrap_or(0) as u64))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts {
        let d = df!(
            "doc" => ["a", "b", "a", "a", "a"],
            "start" => [1i64, 1, 9, 20, 30],
            "kind" => ["money", "money", "money", "growth", "money"],
            "value" => [100.0, 120.0, 50.0, 1.2, 7.0],
            "currency" => [Some("USD"), Some("USD"), Some("USD"), None, Some("USD")],
            "indicator" => ["exports", "exports", "exports", "exports", "other"],
            "reporter" => ["BLR"; 5],
            "partner" => [Some("CHN"), Some("CHN"), Some("CHN"), Some("CHN"), Some("CHN")],
            "year" => [Some(2024i32), Some(2024), Some(2024), Some(2024), Some(2024)],
            "month_from" => [Some(1i32), Some(1), Some(1), Some(1), Some(1)],
            "month_to" => [Some(12i32), Some(12), Some(6), Some(12), Some(12)],
            "fact_id" => ["a:1", "b:1", "a:9", "a:20", "a:30"],
            "amount_usd" => [Some(100.0), Some(120.0), Some(50.0), None, Some(7.0)],
            "base_year" => [None, None, None, Some(2023i32), None],
        )
        .unwrap();
        Facts::from_frame(d).unwrap()
    }

    #[test]
    fn series_takes_the_median_and_keeps_partial_years_apart() {
        let (s, _) = series(facts(), &AggregateOptions::default()).unwrap();
        assert_eq!(s.height(), 2, "{s:?}");
        let v = s.column("value").unwrap().f64().unwrap();
        let to = s.column("month_to").unwrap().i32().unwrap();
        let n = s.column("n_docs").unwrap().i64().unwrap();
        let full = (0..2).find(|&i| to.get(i) == Some(12)).unwrap();
        assert_eq!(v.get(full), Some(110.0));
        assert_eq!(n.get(full), Some(2));
        let partial = 1 - full;
        assert_eq!(v.get(partial), Some(50.0));
    }

    /// A table longer than one read slice, in two files, with fact ids of
    /// another producer's form: every fact arrives once, ids as written.
    #[test]
    fn facts_are_read_slice_by_slice_without_loss() {
        let n = READ_ROWS + 123;
        let mut d = df!(
            "doc" => (0..n).map(|i| format!("d{}", i % 7)).collect::<Vec<_>>(),
            "start" => (0..n as i64).collect::<Vec<_>>(),
            "kind" => vec!["money"; n],
            "value" => (0..n).map(|i| (i % 10) as f64).collect::<Vec<_>>(),
            "currency" => vec!["USD"; n],
            "indicator" => vec!["exports"; n],
            "reporter" => vec!["BLR"; n],
            "partner" => vec!["CHN"; n],
            "year" => (0..n).map(|i| 2000 + (i % 3) as i32).collect::<Vec<_>>(),
            "month_from" => vec![1i32; n],
            "month_to" => vec![12i32; n],
            "fact_id" => (0..n).map(|i| if i == 5 { "custom-id".to_string() } else { format!("d{}:{i}", i % 7) }).collect::<Vec<_>>(),
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.parquet", "b.parquet"] {
            ParquetWriter::new(File::create(dir.path().join(name)).unwrap()).finish(&mut d).unwrap();
        }
        let facts = read_facts(&[dir.path().to_path_buf()], dir.path()).unwrap();
        assert_eq!(facts.rows, 2 * n);
        let (s, _) = series(facts, &AggregateOptions::default()).unwrap();
        assert_eq!(s.height(), 3);
        let nf: i64 = s.column("n_facts").unwrap().i64().unwrap().sum().unwrap();
        assert_eq!(nf, 2 * n as i64);
        let ids = s.column("facts").unwrap().str().unwrap().get(2).unwrap().to_string();
        assert_eq!(ids.matches("custom-id").count(), 2, "both files' odd id kept as written");
        // the 2002 cell holds i = 2, 5, 8, ..: ordered by document, then position (d0 first: 14, 35, ...)
        assert!(ids.starts_with("d0:14 d0:14 d0:35 d0:35"), "{}", &ids[..40]);
        // 0..9 evenly: the median of each year's values is 4.5 or so, never outside 0..9
        assert!(s.column("value").unwrap().f64().unwrap().iter().all(|v| v.is_some_and(|v| (0.0..=9.0).contains(&v))));
    }

    /// The records kept while facts are written equal those read back from
    /// the table: a run and `tradeseries aggregate` give the same series.
    #[test]
    fn facts_kept_while_writing_equal_facts_read_back() {
        let text = "Trade turnover with China reached $8.5 billion in 2024, up 12%. In 2023 exports to Uzbekistan were $1.2 billion, \
                    and 1.4 billion dollars by another count. Imports from Turkey: $300 million (2024).";
        let opts = crate::extract::document::ExtractOptions::default();
        let facts = crate::extract::document::extract_facts("d.txt", "d.txt", text, &opts);
        assert!(facts.len() >= 5, "{facts:?}");
        let mut kept = Facts::new(&std::env::temp_dir());
        kept.add_facts(&facts).unwrap();
        let read = Facts::from_frame(crate::sink::facts_frame(&facts).unwrap()).unwrap();
        assert_eq!(kept.rows, read.rows);
        assert_same(series(kept, &AggregateOptions::default()).unwrap(), series(read, &AggregateOptions::default()).unwrap());
    }

    fn assert_same((s1, c1): (DataFrame, Consolidated), (s2, c2): (DataFrame, Consolidated)) {
        assert!(s1.height() >= 2, "{s1:?}");
        assert!(s1.equals_missing(&s2), "{s1:?}\n{s2:?}");
        assert!(c1.usd_cells.equals_missing(&c2.usd_cells), "{:?}\n{:?}", c1.usd_cells, c2.usd_cells);
        assert!(c1.stated.equals_missing(&c2.stated), "{:?}\n{:?}", c1.stated, c2.stated);
        assert_eq!(c1.unconverted, c2.unconverted);
        assert_eq!((c1.series_rows, c1.conflicts), (c2.series_rows, c2.conflicts));
    }

    /// The records spilled in many small runs (merged in rounds) give the
    /// tables of records kept in memory: same cells, same order of fact ids
    /// (ties and ids of another form included), same medians.
    #[test]
    fn spilled_facts_give_the_same_tables() {
        let n = 5000;
        let d = df!(
            "doc" => (0..n).map(|i| format!("d{}", (i * 7) % 13)).collect::<Vec<_>>(),
            "start" => (0..n as i64).map(|i| i % 50).collect::<Vec<_>>(),
            "kind" => (0..n).map(|i| if i % 5 == 0 { "growth" } else { "money" }).collect::<Vec<_>>(),
            "value" => (0..n).map(|i| ((i * 37) % 101) as f64).collect::<Vec<_>>(),
            "currency" => (0..n).map(|i| if i % 3 == 0 { Some("EUR") } else { Some("USD") }).collect::<Vec<_>>(),
            "indicator" => (0..n).map(|i| ["exports", "imports", "turnover"][i % 3]).collect::<Vec<_>>(),
            "reporter" => (0..n).map(|i| if i % 11 == 0 { None } else { Some("BLR") }).collect::<Vec<_>>(),
            "partner" => (0..n).map(|i| ["CHN", "RUS", "UZB", "TUR"][i % 4]).collect::<Vec<_>>(),
            "year" => (0..n).map(|i| 2015 + (i % 9) as i32).collect::<Vec<_>>(),
            "month_from" => vec![1i32; n],
            "month_to" => (0..n).map(|i| if i % 7 == 0 { 6 } else { 12 }).collect::<Vec<i32>>(),
            "fact_id" => (0..n).map(|i| if i % 17 == 0 { format!("x{i}") } else { format!("d{}:{}", (i * 7) % 13, i % 50) }).collect::<Vec<_>>(),
            "amount_usd" => (0..n).map(|i| if i % 19 == 0 { None } else { Some(((i * 37) % 101) as f64 * 1.1) }).collect::<Vec<_>>(),
            "base_year" => (0..n).map(|_| None::<i32>).collect::<Vec<_>>(),
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let d = normalize_types(d).unwrap();
        let mut small = Facts::with_run(dir.path(), 7);
        small.add(&d).unwrap();
        let mut whole = Facts::with_run(dir.path(), 1 << 20);
        whole.add(&d).unwrap();
        let o = AggregateOptions::default();
        assert_same(series(small, &o).unwrap(), series(whole, &o).unwrap());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no temporary file left");
    }

    #[test]
    fn wide_table_has_a_column_per_partner() {
        let (_, c) = series(facts(), &AggregateOptions::default()).unwrap();
        let w = year_partner(&c.usd_cells).unwrap();
        let t = &w["exports"];
        assert_eq!(t.get_column_names(), ["reporter", "year", "CHN"]);
        assert_eq!(t.column("CHN").unwrap().f64().unwrap().get(0), Some(110.0));
    }

    #[test]
    fn conflict_flag_beyond_the_tolerance() {
        let (s, _) = series(facts(), &AggregateOptions { tolerance: 0.1, index_base: None }).unwrap();
        let to = s.column("month_to").unwrap().i32().unwrap().clone();
        let c = s.column("conflict").unwrap().bool().unwrap().clone();
        let full = (0..2).find(|&i| to.get(i) == Some(12)).unwrap();
        // 100 and 120 around a median of 110: (120 - 100) / 110 = 0.18 > 0.1
        assert_eq!(c.get(full), Some(true));
        let (s, _) = series(facts(), &AggregateOptions { tolerance: 0.2, index_base: None }).unwrap();
        assert_eq!(s.column("conflict").unwrap().bool().unwrap().get(full), Some(false));
    }

    /// Hand-computed: levels 100 (2020), 120 (2021), 150 (2022); stated 2021 growth 1.25.
    #[test]
    fn growth_arithmetic() {
        let levels = df!(
            "reporter" => ["BLR"; 3], "partner" => ["CHN"; 3], "indicator" => ["exports"; 3],
            "year" => [2020i32, 2021, 2022], "level_usd" => [100.0, 120.0, 150.0], "n_facts" => [1i64, 1, 1],
        )
        .unwrap();
        let stated = Facts::from_frame(
            df!(
                "doc" => ["a"], "start" => [1i64], "kind" => ["growth"], "value" => [1.25], "currency" => [None::<&str>],
                "indicator" => ["exports"], "reporter" => ["BLR"], "partner" => ["CHN"], "year" => [2021i32],
                "month_from" => [1i32], "month_to" => [12i32], "fact_id" => ["a:1"], "amount_usd" => [None::<f64>], "base_year" => [2020i32],
            )
            .unwrap(),
        )
        .unwrap();
        let stated = series(stated, &AggregateOptions::default()).unwrap().1.stated;
        let g = growth(&levels, &stated, &AggregateOptions { tolerance: 0.02, index_base: Some(2021) }).unwrap();
        let f = |c: &str| g.column(c).unwrap().f64().unwrap().clone();
        assert_eq!(f("yoy_computed").get(1), Some(1.2));
        assert_eq!(f("yoy_computed").get(2), Some(1.25));
        assert_eq!(f("yoy_stated").get(1), Some(1.25));
        // 1.2 vs 1.25: 4% apart, beyond 2%
        assert_eq!(g.column("disagree").unwrap().bool().unwrap().get(1), Some(true));
        // index on 2021 = 100: 2020 = 83.33, 2022 = 125
        assert!((f("index").get(0).unwrap() - 83.3333).abs() < 1e-3);
        assert_eq!(f("index").get(2), Some(125.0));
        // CAGR 2020-2022: sqrt(1.5) - 1
        assert!((f("cagr").get(2).unwrap() - (1.5f64.sqrt() - 1.0)).abs() < 1e-12);
        assert_eq!(f("cagr").get(0), None);
    }
}
