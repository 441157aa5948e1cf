//! The facts the aggregates use, as compact records.
//!
//! A fact table (read slice by slice, or the facts a run hands its sink)
//! becomes 32-byte records of the series' money facts and 12-byte records
//! of the tables' levels and stated growth, spilled ([`crate::spill`]) so
//! memory follows neither the table nor the number of facts; names,
//! documents and cells are interned once.

use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::error::{AggregateError, SinkError};

type Result<T> = std::result::Result<T, AggregateError>;
use crate::sink::ParquetSlices;
use crate::spill::{Record, Spill};

/// Columns a fact table must have to be aggregated.
pub const REQUIRED: [&str; 12] = ["doc", "kind", "value", "currency", "indicator", "reporter", "partner", "year", "month_from", "month_to", "fact_id", "start"];

/// Columns used where a table has them: a table without `scope` and
/// `status` (written before they existed, or by another producer) gives
/// series cells with null scope and status, which no table takes.
pub const OPTIONAL: [&str; 4] = ["amount_usd", "base_year", "scope", "status"];

/// Rows read from a fact table at a time: the aggregates keep only compact
/// records of the facts they use, so memory does not hold the whole table.
pub(super) const READ_ROWS: usize = 1 << 14;

/// Reads fact Parquet files (files or folders, recursive), slice by slice,
/// into the compact records the aggregates need (spilled into `spill_dir`).
pub fn read_facts(inputs: &[PathBuf], spill_dir: &Path) -> Result<Facts> {
    // (file, the folder it was found under: its `name=value` folders are partition keys)
    let mut files: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let mut found = Vec::new();
            collect_parquet(p, &mut found)?;
            files.extend(found.into_iter().map(|f| (f, Some(p.clone()))));
        } else {
            files.push((p.clone(), None));
        }
    }
    if files.is_empty() {
        return Err(AggregateError::Request(format!("no Parquet files in {}", inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))));
    }
    let mut out = Facts::new(spill_dir);
    for (f, root) in files {
        let bad = |e: PolarsError| AggregateError::at(&f, format!("not a readable Parquet file: {e}"));
        let file = File::open(&f).map_err(|e| AggregateError::at(&f, e))?;
        let (slices, schema) = ParquetSlices::new(&f, file).map_err(bad)?;
        // A table partitioned by a column (Spark's `partitionBy("year")`, Hive style:
        // facts/year=2021/part-0.parquet) has it in its folder names, not its files.
        let keys = root.as_deref().map(|r| partition_keys(r, &f)).unwrap_or_default();
        let has = |c: &str| schema.get(c).is_some() || keys.iter().any(|(k, _)| k == c);
        let missing: Vec<&str> = REQUIRED.iter().copied().filter(|c| !has(c)).collect();
        if !missing.is_empty() {
            return Err(AggregateError::at(&f, format!("not a fact table: missing column(s) {}", missing.join(", "))));
        }
        // Only the columns the aggregates use (no sentences).
        let wanted: Vec<String> = REQUIRED.iter().chain(OPTIONAL.iter()).filter(|c| schema.get(c).is_some()).map(|c| c.to_string()).collect();
        let from_folders: Vec<&(String, Option<String>)> = keys.iter().filter(|(k, _)| schema.get(k).is_none() && (REQUIRED.contains(&k.as_str()) || OPTIONAL.contains(&k.as_str()))).collect();
        for df in slices.frames(READ_ROWS, Some(wanted.clone())) {
            let mut df = df.map_err(bad)?;
            for (k, v) in &from_folders {
                let col = Column::new(k.as_str().into(), vec![v.clone(); df.height()]);
                df.with_column(col).map_err(|e| AggregateError::at(&f, e))?;
            }
            let df = normalize_types(df).map_err(|e| AggregateError::at(&f, e))?;
            out.add(&df).map_err(|e| AggregateError::at(&f, e))?;
        }
    }
    Ok(out)
}

/// The `name=value` folders between `root` and `file`: the partition keys of
/// a Hive-style table (`__HIVE_DEFAULT_PARTITION__`, Spark's null, is null).
fn partition_keys(root: &Path, file: &Path) -> Vec<(String, Option<String>)> {
    let Ok(rel) = file.strip_prefix(root) else { return Vec::new() };
    let Some(dir) = rel.parent() else { return Vec::new() };
    dir.components()
        .filter_map(|c| {
            let s = c.as_os_str().to_str()?;
            let (k, v) = s.split_once('=')?;
            Some((k.to_string(), (v != "__HIVE_DEFAULT_PARTITION__").then(|| v.to_string())))
        })
        .collect()
}

/// One series cell: (reporter, partner, indicator, year, month_from,
/// month_to, currency, scope, status), names as indexes into [`Facts::names`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct CellKey {
    pub reporter: Option<u32>,
    pub partner: Option<u32>,
    pub indicator: u32,
    pub year: i32,
    pub month_from: Option<i32>,
    pub month_to: Option<i32>,
    pub currency: Option<u32>,
    pub scope: Option<u32>,
    pub status: Option<u32>,
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
    scope: Option<&'a str>,
    status: Option<&'a str>,
}

/// A fact sink that also keeps the compact records of the aggregates, so a
/// run consolidates its series without reading its fact table back.
pub struct AggregatingSink<S> {
    pub inner: S,
    pub facts: std::sync::Arc<std::sync::Mutex<Facts>>,
}

impl<S: crate::sink::FactSink> crate::sink::FactSink for AggregatingSink<S> {
    fn write_batch(&mut self, facts: &[crate::fact::Fact]) -> std::result::Result<(), SinkError> {
        self.inner.write_batch(facts)?;
        let mut kept = self.facts.lock().expect("the facts' lock is not poisoned");
        kept.add_facts(facts).map_err(|e| SinkError::Io { path: kept.spill_dir().to_path_buf(), source: e })
    }

    fn finish(self: Box<Self>) -> std::result::Result<(), SinkError> {
        Box::new(self.inner).finish()
    }
}

/// (reporter, partner, indicator, year) of stated growth and USD cells, names interned.
pub(super) type GrowthKey = (Option<u32>, u32, u32, i32);

/// Marks an [`Obs`] whose fact id is not `doc:start` (in its `cell`).
pub(super) const ODD: u32 = 1 << 31;

/// A money fact of the series in 32 bytes: its cell, where it is, its
/// values (NaN where missing: a NaN in a table counts as missing).
#[derive(Debug, Clone, Copy)]
pub(super) struct Obs {
    pub start: i64,
    pub value: f64,
    pub usd: f64,
    /// The cell's index, with [`ODD`] set for a fact id of another form.
    pub cell: u32,
    pub doc: u32,
}

pub(super) fn present(v: f64) -> Option<f64> {
    (!v.is_nan()).then_some(v)
}

impl Obs {
    pub fn value(&self) -> Option<f64> {
        present(self.value)
    }
    pub fn usd(&self) -> Option<f64> {
        present(self.usd)
    }
    pub fn cell(&self) -> usize {
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

/// A value of one table key (reporter, partner, indicator, year): a
/// money fact's amount in USD, or a stated full-year growth ratio.
#[derive(Debug, Clone, Copy)]
pub(super) struct Keyed {
    pub key: u32,
    pub value: f64,
}

impl Record for Keyed {
    const SIZE: usize = 12;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.key.to_le_bytes());
        out.extend_from_slice(&self.value.to_le_bytes());
    }
    fn get(b: &[u8]) -> Keyed {
        Keyed { key: u32_at(b, 0), value: f64_at(b, 4) }
    }
}

/// The facts the aggregates use, as compact records: money facts of the
/// series (money, `indicator` not `other`, `year` known), and for the
/// tables (FACTS.md: those facts with scope `total` and status `actual`)
/// full-year USD amounts and stated full-year growth; names interned once. The records go to a
/// [`Spill`] (a few megabytes in memory, the rest in an unnamed temporary
/// file) and come back sorted by cell, so memory does not grow with the
/// number of facts; what is kept per name, document and cell is small.
#[derive(Debug)]
pub struct Facts {
    /// Number of facts read (all kinds).
    pub rows: usize,
    pub(super) names: Vec<String>,
    pub(super) name_ids: HashMap<String, u32>,
    pub(super) docs: Vec<String>,
    pub(super) doc_ids: HashMap<String, u32>,
    pub(super) cells: Vec<CellKey>,
    pub(super) cell_ids: HashMap<CellKey, u32>,
    pub(super) obs: Spill<Obs>,
    /// Fact ids not of the form `doc:start` (facts of other producers'
    /// tables), by (cell, doc, start), in the order read.
    pub(super) odd_ids: HashMap<(u32, u32, i64), VecDeque<Box<str>>>,
    pub(super) growth_keys: Vec<GrowthKey>,
    pub(super) growth_ids: HashMap<GrowthKey, u32>,
    pub(super) stated: Spill<Keyed>,
    /// Full-year USD amounts of the table facts, by growth key.
    pub(super) levels: Spill<Keyed>,
    /// Facts of the series without scope or status (tables of other producers).
    pub unscoped: usize,
}

/// The index of `k` in `list`, added at the end if new (names, documents, cells).
pub(super) fn intern<Q>(list: &mut Vec<Q::Owned>, ids: &mut HashMap<Q::Owned, u32>, k: &Q) -> u32
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
pub(super) fn median(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
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
            levels: Spill::with_run(spill_dir, run),
            unscoped: 0,
        }
    }

    /// Where the temporary file goes.
    pub fn spill_dir(&self) -> &Path {
        self.obs.dir()
    }

    /// A frame of facts (the columns of [`normalize_types`]) as compact
    /// records, spilled (if large) to the system's temporary folder.
    pub fn from_frame(df: DataFrame) -> Result<Facts> {
        let mut f = Facts::new(&std::env::temp_dir());
        f.add(&normalize_types(df)?)?;
        Ok(f)
    }

    fn name(&mut self, s: &str) -> u32 {
        intern(&mut self.names, &mut self.name_ids, s)
    }

    /// Adds a slice of facts with the columns of [`normalize_types`].
    pub(super) fn add(&mut self, df: &DataFrame) -> Result<()> {
        let f64s = |c: &str| -> PolarsResult<Vec<Option<f64>>> { Ok(df.column(c)?.f64()?.iter().collect()) };
        let i32s = |c: &str| -> PolarsResult<Vec<Option<i32>>> { Ok(df.column(c)?.i32()?.iter().collect()) };
        let strs = |c: &str| -> PolarsResult<StringChunked> { Ok(df.column(c)?.str()?.clone()) };
        let (usd, base, value) = (f64s("amount_usd")?, i32s("base_year")?, f64s("value")?);
        let (year, mf, mt) = (i32s("year")?, i32s("month_from")?, i32s("month_to")?);
        let start: Vec<Option<i64>> = df.column("start")?.i64()?.iter().collect();
        let (doc, kind, currency, fact_id) = (strs("doc")?, strs("kind")?, strs("currency")?, strs("fact_id")?);
        let (indicator, reporter, partner) = (strs("indicator")?, strs("reporter")?, strs("partner")?);
        let (scope, status) = (strs("scope")?, strs("status")?);
        fn it(c: &StringChunked) -> Vec<Option<&str>> {
            c.iter().collect()
        }
        let (doc, kind, currency, fact_id, indicator, reporter, partner) = (it(&doc), it(&kind), it(&currency), it(&fact_id), it(&indicator), it(&reporter), it(&partner));
        let (scope, status) = (it(&scope), it(&status));
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
                scope: scope[r],
                status: status[r],
            })
            .map_err(|e| AggregateError::at(self.spill_dir(), e))?;
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
                scope: Some(f.scope.as_str()),
                status: Some(f.status.as_str()),
            })?;
        }
        Ok(())
    }

    fn add_row(&mut self, row: Row) -> std::io::Result<()> {
        let Row { doc, start, kind, value, currency, indicator, reporter, partner, year, month_from: mf, month_to: mt, fact_id: fid, usd, base_year: base, scope, status } = row;
        let (Some(kind), Some(indicator), Some(year)) = (kind, indicator, year) else { return Ok(()) };
        if indicator == "other" {
            return Ok(());
        }
        // FACTS.md, "What goes into the tables": scope total, status actual.
        let tabled = scope == Some("total") && status == Some("actual");
        let full = mf == Some(1) && mt == Some(12);
        if scope.is_none() || status.is_none() {
            self.unscoped += 1;
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
                scope: scope.map(|s| self.name(s)),
                status: status.map(|s| self.name(s)),
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
            if let (true, true, Some(p), Some(usd)) = (tabled, full, partner, usd) {
                let key = self.growth_key(reporter, p, indicator, year);
                self.levels.push(Keyed { key, value: usd })?;
            }
        } else if kind == "growth" {
            let based = base.is_none_or(|b| b == year - 1);
            if let (true, true, true, Some(p)) = (tabled, full, based, partner) {
                let key = self.growth_key(reporter, p, indicator, year);
                self.stated.push(Keyed { key, value: value.unwrap_or(f64::NAN) })?;
            }
        }
        Ok(())
    }

    fn growth_key(&mut self, reporter: Option<&str>, partner: &str, indicator: &str, year: i32) -> u32 {
        let key = (reporter.map(|r| self.name(r)), self.name(partner), self.name(indicator), year);
        intern(&mut self.growth_keys, &mut self.growth_ids, &key)
    }

    pub(super) fn opt_name(&self, i: Option<u32>) -> Option<String> {
        i.map(|i| self.names[i as usize].clone())
    }

}

/// Hands each run of consecutive records with equal `key` to `each`, in order.
pub(super) fn each_run<T, K: PartialEq>(records: impl Iterator<Item = Result<T>>, key: impl Fn(&T) -> K, mut each: impl FnMut(K, &[T]) -> Result<()>) -> Result<()> {
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
pub(super) fn ranks(order: &[u32]) -> Vec<u32> {
    let mut r = vec![0u32; order.len()];
    for (k, &i) in order.iter().enumerate() {
        r[i as usize] = k as u32;
    }
    r
}


fn collect_parquet(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
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

/// Casts the required columns to our types, so tables from other producers stack
/// (the optional ones, where missing, as nulls).
pub(super) fn normalize_types(df: DataFrame) -> PolarsResult<DataFrame> {
    let n = df.height();
    let typed = |name: &str, ty: DataType| -> PolarsResult<Column> {
        match df.column(name) {
            Ok(c) => c.cast(&ty),
            Err(_) => Ok(Column::full_null(name.into(), n, &ty)),
        }
    };
    use DataType::{Float64 as F, Int32 as I, Int64 as L, String as S};
    let columns = [
        ("amount_usd", F), ("base_year", I), ("scope", S), ("status", S), ("doc", S), ("start", L), ("kind", S), ("value", F), ("currency", S),
        ("indicator", S), ("reporter", S), ("partner", S), ("year", I), ("month_from", I), ("month_to", I), ("fact_id", S),
    ]
    .into_iter()
    .map(|(name, ty)| typed(name, ty))
    .collect::<PolarsResult<Vec<Column>>>()?;
    DataFrame::new(n, columns)
}

/// Ascending with nulls last, as the series table is sorted.
pub(super) fn nulls_last<T: Ord>(a: &Option<T>, b: &Option<T>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (Some(_), None) => std::cmp::Ordering::Less,
    }
}

