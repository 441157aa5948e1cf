//! Sinks: fact rows -> Parquet, JSONL or CSV files, written atomically.
//!
//! Contract (ripgrep's `Sink`): rows go in with `write_batch`; the file becomes
//! visible under its name only in `finish`, by renaming a `.tmp` file in the
//! same folder. A sink dropped without `finish` (an error, a panic) removes its
//! temp file, so no half-written output is ever left under a real name.
//! Only this module and `aggregate` use polars.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::error::SinkError;
use crate::fact::{Fact, DESCRIPTIONS};

/// A temp file beside `path`, renamed onto it by `commit`, removed on drop.
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    done: bool,
}

impl AtomicFile {
    pub fn create(path: &Path) -> Result<(AtomicFile, File), SinkError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|e| SinkError::Io { path: dir.to_path_buf(), source: e })?;
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        let f = File::create(&tmp).map_err(|e| SinkError::Io { path: tmp.clone(), source: e })?;
        Ok((AtomicFile { path: path.to_path_buf(), tmp, done: false }, f))
    }

    pub fn commit(mut self, f: File) -> Result<(), SinkError> {
        f.sync_all().map_err(|e| SinkError::Io { path: self.tmp.clone(), source: e })?;
        drop(f);
        fs::rename(&self.tmp, &self.path).map_err(|e| SinkError::Io { path: self.path.clone(), source: e })?;
        self.done = true;
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

fn pe(path: &Path, e: PolarsError) -> SinkError {
    SinkError::Write { path: path.to_path_buf(), message: e.to_string() }
}


/// Fact rows as a DataFrame with the FACTS.md columns (plus ours).
pub fn facts_frame(facts: &[Fact]) -> PolarsResult<DataFrame> {
    macro_rules! col {
        ($name:expr, $f:expr) => {
            Column::new($name.into(), facts.iter().map($f).collect::<Vec<_>>())
        };
    }
    DataFrame::new(
        facts.len(),
        vec![
            col!("doc", |f: &Fact| f.doc.as_str()),
            col!("path", |f: &Fact| f.path.as_str()),
            col!("start", |f: &Fact| f.start as i64),
            col!("end", |f: &Fact| f.end as i64),
            col!("mention", |f: &Fact| f.mention.as_str()),
            col!("kind", |f: &Fact| f.kind.as_str()),
            col!("value", |f: &Fact| f.value),
            col!("value_low", |f: &Fact| f.value_low),
            col!("value_high", |f: &Fact| f.value_high),
            col!("qualifier", |f: &Fact| f.qualifier.as_str()),
            col!("currency", |f: &Fact| f.currency.as_deref()),
            col!("indicator", |f: &Fact| f.indicator.as_str()),
            col!("reporter", |f: &Fact| f.reporter.as_str()),
            col!("partner", |f: &Fact| f.partner.as_deref()),
            col!("year", |f: &Fact| f.year),
            col!("month_from", |f: &Fact| f.month_from),
            col!("month_to", |f: &Fact| f.month_to),
            col!("base_year", |f: &Fact| f.base_year),
            col!("sentence", |f: &Fact| f.sentence.as_str()),
            col!("rule", |f: &Fact| f.rule.as_str()),
            col!("amount_usd", |f: &Fact| f.amount_usd),
            col!("fact_id", |f: &Fact| f.fact_id.as_str()),
            col!("why", |f: &Fact| f.why.as_str()),
        ],
    )
}

/// Where fact rows go.
pub trait FactSink: Send {
    fn write_batch(&mut self, facts: &[Fact]) -> Result<(), SinkError>;
    /// Makes the output visible; not called on error.
    fn finish(self: Box<Self>) -> Result<(), SinkError>;
}

/// A Parquet file written a row group per frame as the frames come,
/// atomically (see [`AtomicFile`]), with the given key-value metadata.
pub struct ParquetBatches {
    path: PathBuf,
    atomic: AtomicFile,
    writer: polars::io::parquet::write::BatchedWriter<File>,
    /// The handle the writer does not own, synced and renamed in `finish`.
    file: File,
}

impl ParquetBatches {
    pub fn create(path: &Path, schema: &Schema, metadata: KeyValueMetadata) -> Result<Self, SinkError> {
        let (atomic, file) = AtomicFile::create(path)?;
        let handle = file.try_clone().map_err(|e| SinkError::Io { path: path.to_path_buf(), source: e })?;
        let writer = ParquetWriter::new(handle)
            .with_compression(ParquetCompression::Zstd(None))
            .with_key_value_metadata(Some(metadata))
            .batched(schema)
            .map_err(|e| pe(path, e))?;
        Ok(ParquetBatches { path: path.to_path_buf(), atomic, writer, file })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `df` as one row group (nothing for an empty frame).
    pub fn write(&mut self, df: &DataFrame) -> Result<(), SinkError> {
        if df.height() == 0 {
            return Ok(());
        }
        self.writer.write_batch(df).map_err(|e| pe(&self.path, e))
    }

    /// Writes the footer and makes the file visible under its name.
    pub fn finish(self) -> Result<(), SinkError> {
        self.writer.finish().map_err(|e| pe(&self.path, e))?;
        drop(self.writer);
        self.atomic.commit(self.file)
    }
}

/// Column descriptions as Parquet key-value metadata (`description:<col>`).
pub fn descriptions_metadata(descriptions: &[(&str, &str)]) -> KeyValueMetadata {
    KeyValueMetadata::from_static(descriptions.iter().map(|(k, v)| (format!("description:{k}"), v.to_string())).collect())
}

/// Facts as Parquet, one row group per batch (a batch is a group of documents).
pub struct ParquetFactSink(ParquetBatches);

impl ParquetFactSink {
    pub fn create(path: &Path) -> Result<Self, SinkError> {
        let schema = facts_frame(&[]).map_err(|e| pe(path, e))?.schema().clone();
        Ok(ParquetFactSink(ParquetBatches::create(path, &schema, descriptions_metadata(&DESCRIPTIONS))?))
    }
}

impl FactSink for ParquetFactSink {
    fn write_batch(&mut self, facts: &[Fact]) -> Result<(), SinkError> {
        if facts.is_empty() {
            return Ok(());
        }
        let df = facts_frame(facts).map_err(|e| pe(self.0.path(), e))?;
        self.0.write(&df)
    }

    fn finish(self: Box<Self>) -> Result<(), SinkError> {
        self.0.finish()
    }
}

/// Facts as JSON lines (a file, or stdout for `-`).
pub struct JsonlSink {
    out: Box<dyn Write + Send>,
    file: Option<(AtomicFile, PathBuf)>,
}

/// Facts as CSV with a header row.
pub struct CsvSink {
    inner: JsonlSink,
}

fn open_text(path: &Path) -> Result<JsonlSink, SinkError> {
    if path == Path::new("-") {
        return Ok(JsonlSink { out: Box::new(BufWriter::new(std::io::stdout())), file: None });
    }
    let (atomic, f) = AtomicFile::create(path)?;
    let clone = f.try_clone().map_err(|e| SinkError::Io { path: path.to_path_buf(), source: e })?;
    Ok(JsonlSink { out: Box::new(BufWriter::new(clone)), file: Some((atomic, path.to_path_buf())) })
}

impl JsonlSink {
    pub fn create(path: &Path) -> Result<Self, SinkError> {
        open_text(path)
    }
    fn io(&self, e: std::io::Error) -> SinkError {
        let path = self.file.as_ref().map(|(_, p)| p.clone()).unwrap_or_else(|| PathBuf::from("<stdout>"));
        SinkError::Io { path, source: e }
    }
    fn done(mut self) -> Result<(), SinkError> {
        self.out.flush().map_err(|e| self.io(e))?;
        let JsonlSink { out, file } = self;
        drop(out);
        if let Some((atomic, path)) = file {
            let f = File::options().append(true).open(&atomic.tmp).map_err(|e| SinkError::Io { path: path.clone(), source: e })?;
            atomic.commit(f)?;
        }
        Ok(())
    }
}

impl FactSink for JsonlSink {
    fn write_batch(&mut self, facts: &[Fact]) -> Result<(), SinkError> {
        for f in facts {
            let line = serde_json::to_string(f).expect("a Fact always serializes");
            writeln!(self.out, "{line}").map_err(|e| self.io(e))?;
        }
        Ok(())
    }
    fn finish(self: Box<Self>) -> Result<(), SinkError> {
        (*self).done()
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(|x| x.to_string()).unwrap_or_default()
}

impl CsvSink {
    pub fn create(path: &Path) -> Result<Self, SinkError> {
        let mut inner = open_text(path)?;
        writeln!(inner.out, "{}", crate::fact::COLUMNS.join(",")).map_err(|e| inner.io(e))?;
        Ok(CsvSink { inner })
    }
}

impl FactSink for CsvSink {
    fn write_batch(&mut self, facts: &[Fact]) -> Result<(), SinkError> {
        for f in facts {
            let row = [
                csv_field(&f.doc),
                csv_field(&f.path),
                f.start.to_string(),
                f.end.to_string(),
                csv_field(&f.mention),
                f.kind.clone(),
                f.value.to_string(),
                opt(&f.value_low),
                opt(&f.value_high),
                f.qualifier.clone(),
                opt(&f.currency),
                f.indicator.clone(),
                f.reporter.clone(),
                opt(&f.partner),
                opt(&f.year),
                opt(&f.month_from),
                opt(&f.month_to),
                opt(&f.base_year),
                csv_field(&f.sentence),
                f.rule.clone(),
                opt(&f.amount_usd),
                csv_field(&f.fact_id),
                csv_field(&f.why),
            ];
            writeln!(self.inner.out, "{}", row.join(",")).map_err(|e| self.inner.io(e))?;
        }
        Ok(())
    }
    fn finish(self: Box<Self>) -> Result<(), SinkError> {
        self.inner.done()
    }
}

/// Opens the sink that `path`'s ending asks for: `.parquet`, `.jsonl`, `.csv`, or `-` (JSONL to stdout).
pub fn open_fact_sink(path: &Path) -> Result<Box<dyn FactSink>, SinkError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match (path == Path::new("-"), ext) {
        (true, _) | (_, "jsonl") => Ok(Box::new(JsonlSink::create(path)?)),
        (_, "parquet") => Ok(Box::new(ParquetFactSink::create(path)?)),
        (_, "csv") => Ok(Box::new(CsvSink::create(path)?)),
        _ => Err(SinkError::Write { path: path.to_path_buf(), message: "output must end in .parquet, .jsonl or .csv, or be - for JSONL on stdout".into() }),
    }
}

/// Writes a whole DataFrame as Parquet, atomically, with column descriptions.
pub fn write_parquet(path: &Path, df: &mut DataFrame, descriptions: &[(&str, &str)]) -> Result<(), SinkError> {
    let (atomic, file) = AtomicFile::create(path)?;
    let kv = descriptions_metadata(descriptions);
    let file2 = file.try_clone().map_err(|e| SinkError::Io { path: path.to_path_buf(), source: e })?;
    ParquetWriter::new(file2)
        .with_compression(ParquetCompression::Zstd(None))
        .with_key_value_metadata(Some(kv))
        .finish(df)
        .map_err(|e| pe(path, e))?;
    atomic.commit(file)
}

/// Column descriptions of documents.parquet.
pub const DOCUMENT_DESCRIPTIONS: [(&str, &str); 9] = [
    ("doc", "document id: the file name"),
    ("path", "the path the document was read from"),
    ("bytes", "file size in bytes"),
    ("sha256", "SHA-256 of the file's bytes (empty if unreadable)"),
    ("facts", "number of facts extracted"),
    ("status", "ok | empty | reused (unchanged since the last run) | duplicate | skipped | error"),
    ("error", "what went wrong, naming the file and position"),
    ("encoding", "the encoding the file was read in"),
    ("ruleset", "hash of the extractor version, its lexicons and rules, and the run's settings"),
];

/// Writes documents.parquet: one row per input document and its status.
pub fn write_documents(path: &Path, docs: &[crate::pipeline::DocStatus]) -> Result<(), SinkError> {
    let mut df = DataFrame::new(
        docs.len(),
        vec![
            Column::new("doc".into(), docs.iter().map(|d| d.doc.clone()).collect::<Vec<_>>()),
            Column::new("path".into(), docs.iter().map(|d| d.path.clone()).collect::<Vec<_>>()),
            Column::new("bytes".into(), docs.iter().map(|d| d.bytes as i64).collect::<Vec<_>>()),
            Column::new("sha256".into(), docs.iter().map(|d| d.sha256.clone()).collect::<Vec<_>>()),
            Column::new("facts".into(), docs.iter().map(|d| d.facts as i64).collect::<Vec<_>>()),
            Column::new("status".into(), docs.iter().map(|d| d.status.clone()).collect::<Vec<_>>()),
            Column::new("error".into(), docs.iter().map(|d| d.error.clone()).collect::<Vec<_>>()),
            Column::new("encoding".into(), docs.iter().map(|d| d.encoding.clone()).collect::<Vec<_>>()),
            Column::new("ruleset".into(), docs.iter().map(|d| d.ruleset.clone()).collect::<Vec<_>>()),
        ],
    )
    .map_err(|e| pe(path, e))?;
    write_parquet(path, &mut df, &DOCUMENT_DESCRIPTIONS)
}

/// The manifest of a previous run: path -> (sha256, ruleset) of the documents
/// whose facts can be reused (read in full: "ok", "empty" or "reused").
pub fn read_manifest(path: &Path) -> Result<std::collections::HashMap<String, (String, String)>, SinkError> {
    let file = File::open(path).map_err(|e| SinkError::Io { path: path.to_path_buf(), source: e })?;
    let df = ParquetReader::new(file).finish().map_err(|e| pe(path, e))?;
    let col = |n: &str| -> Result<StringChunked, SinkError> { Ok(df.column(n).map_err(|e| pe(path, e))?.str().map_err(|e| pe(path, e))?.clone()) };
    let (p, sha, rules, status) = (col("path")?, col("sha256")?, col("ruleset")?, col("status")?);
    let mut out = std::collections::HashMap::new();
    for i in 0..df.height() {
        if let (Some(p), Some(sha), Some(r), Some(st)) = (p.get(i), sha.get(i), rules.get(i), status.get(i)) {
            if matches!(st, "ok" | "empty" | "reused") {
                out.insert(p.to_string(), (sha.to_string(), r.to_string()));
            }
        }
    }
    Ok(out)
}

/// A Parquet file read a slice of rows at a time; its footer is parsed once.
pub struct ParquetSlices {
    path: PathBuf,
    metadata: polars::io::parquet::metadata::FileMetadataRef,
    /// Rows in the file.
    pub rows: usize,
}

impl ParquetSlices {
    /// From `file`, opened at `path`; also gives its schema for the caller's checks.
    pub fn new(path: &Path, file: File) -> PolarsResult<(ParquetSlices, std::sync::Arc<ArrowSchema>)> {
        let mut reader = ParquetReader::new(file);
        let schema = reader.schema()?;
        let rows = reader.num_rows()?;
        let metadata = reader.get_metadata()?.clone();
        Ok((ParquetSlices { path: path.to_path_buf(), metadata, rows }, schema))
    }

    /// Rows `at..at + len` (fewer at the end), only `columns` if given.
    pub fn read(&self, at: usize, len: usize, columns: Option<Vec<String>>) -> PolarsResult<DataFrame> {
        let mut r = ParquetReader::new(File::open(&self.path)?);
        r.set_metadata(self.metadata.clone());
        r.with_columns(columns).with_slice(Some((at, len))).finish()
    }

    /// The whole file, `len` rows at a time, only `columns` if given.
    pub fn frames(&self, len: usize, columns: Option<Vec<String>>) -> impl Iterator<Item = PolarsResult<DataFrame>> + '_ {
        (0..self.rows).step_by(len.max(1)).map(move |at| self.read(at, len, columns.clone()))
    }
}

/// The facts of the documents at `paths`, read from a fact table in its order.
pub fn read_facts_of(table: &Path, paths: &std::collections::HashSet<&str>) -> Result<Vec<Fact>, SinkError> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    FactsOf::open(table, paths, 1 << 14)?.collect()
}

/// The facts of chosen documents, in the fact table's order, read a slice of
/// rows at a time (the paths first, the other columns only for slices that
/// hold chosen facts): memory holds one slice, whatever the table's size.
pub struct FactsOf<'a> {
    table: PathBuf,
    slices: ParquetSlices,
    paths: &'a std::collections::HashSet<&'a str>,
    slice: usize,
    at: usize,
    buf: std::vec::IntoIter<Fact>,
}

impl<'a> FactsOf<'a> {
    pub fn open(table: &Path, paths: &'a std::collections::HashSet<&'a str>, slice: usize) -> Result<FactsOf<'a>, SinkError> {
        let file = File::open(table).map_err(|x| SinkError::Io { path: table.to_path_buf(), source: x })?;
        let (slices, _) = ParquetSlices::new(table, file).map_err(|x| pe(table, x))?;
        Ok(FactsOf { table: table.to_path_buf(), slices, paths, slice: slice.max(1), at: 0, buf: Vec::new().into_iter() })
    }

    /// The facts of the next slice that holds any.
    fn fill(&mut self) -> Result<(), SinkError> {
        let e = |x: PolarsError| pe(&self.table, x);
        while self.at < self.slices.rows {
            let at = self.at;
            self.at += self.slice;
            let p = self.slices.read(at, self.slice, Some(vec!["path".to_string()])).map_err(e)?;
            let mask: BooleanChunked = p.column("path").map_err(e)?.str().map_err(e)?.iter().map(|v| v.is_some_and(|v| self.paths.contains(v))).collect();
            if mask.any() {
                let df = self.slices.read(at, self.slice, None).map_err(e)?.filter(&mask).map_err(e)?;
                self.buf = facts_from_frame(&df).map_err(e)?.into_iter();
                return Ok(());
            }
        }
        Ok(())
    }
}

impl Iterator for FactsOf<'_> {
    type Item = Result<Fact, SinkError>;
    fn next(&mut self) -> Option<Self::Item> {
        if let Some(f) = self.buf.next() {
            return Some(Ok(f));
        }
        if let Err(e) = self.fill() {
            self.at = self.slices.rows;
            return Some(Err(e));
        }
        self.buf.next().map(Ok)
    }
}

/// Fact rows back from a frame with our fact columns.
pub fn facts_from_frame(df: &DataFrame) -> PolarsResult<Vec<Fact>> {
    let s = |n: &str| -> PolarsResult<StringChunked> { Ok(df.column(n)?.str()?.clone()) };
    let f = |n: &str| -> PolarsResult<Float64Chunked> { Ok(df.column(n)?.f64()?.clone()) };
    let i32c = |n: &str| -> PolarsResult<Int32Chunked> { Ok(df.column(n)?.i32()?.clone()) };
    let i64c = |n: &str| -> PolarsResult<Int64Chunked> { Ok(df.column(n)?.i64()?.clone()) };
    let (doc, path, mention, kind, qualifier, currency, indicator, reporter, partner, sentence, rule, fact_id, why) = (
        s("doc")?, s("path")?, s("mention")?, s("kind")?, s("qualifier")?, s("currency")?, s("indicator")?, s("reporter")?, s("partner")?,
        s("sentence")?, s("rule")?, s("fact_id")?, s("why")?,
    );
    let (start, end) = (i64c("start")?, i64c("end")?);
    let (value, low, high, usd) = (f("value")?, f("value_low")?, f("value_high")?, f("amount_usd")?);
    let (year, mf, mt, base) = (i32c("year")?, i32c("month_from")?, i32c("month_to")?, i32c("base_year")?);
    let own = |c: &StringChunked, i: usize| c.get(i).unwrap_or_default().to_string();
    Ok((0..df.height())
        .map(|i| Fact {
            doc: own(&doc, i),
            path: own(&path, i),
            start: start.get(i).unwrap_or_default() as u64,
            end: end.get(i).unwrap_or_default() as u64,
            mention: own(&mention, i),
            kind: own(&kind, i),
            value: value.get(i).unwrap_or(f64::NAN),
            value_low: low.get(i),
            value_high: high.get(i),
            qualifier: own(&qualifier, i),
            currency: currency.get(i).map(String::from),
            indicator: own(&indicator, i),
            reporter: own(&reporter, i),
            partner: partner.get(i).map(String::from),
            year: year.get(i),
            month_from: mf.get(i),
            month_to: mt.get(i),
            base_year: base.get(i),
            sentence: own(&sentence, i),
            rule: own(&rule, i),
            amount_usd: usd.get(i),
            fact_id: own(&fact_id, i),
            why: own(&why, i),
        })
        .collect())
}
