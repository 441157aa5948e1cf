//! Sinks: fact rows -> Parquet, JSONL or CSV files, written atomically.
//!
//! Contract (ripgrep's `Sink`): rows go in with `write_batch`; the file becomes
//! visible under its name only in `finish`, by renaming a `.tmp` file in the
//! same folder. A sink dropped without `finish` (an error, a panic) removes its
//! temp file, so no half-written output is ever left under a real name.
//! Tables with a row per fact or per document (facts.parquet,
//! documents.parquet) are written with arrow-rs as the rows come
//! ([`ArrowParquet`]); the aggregates with polars. Only this module and
//! `aggregate` use polars.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::error::SinkError;
pub use crate::storage::AtomicFile;
use crate::fact::{Cell, ColType, Fact, COLUMNS};

/// A write error (polars' or arrow-rs') naming the file.
fn pe(path: &Path, e: impl std::fmt::Display) -> SinkError {
    SinkError::Write { path: path.to_path_buf(), message: e.to_string() }
}

/// Fact rows as a DataFrame with the fact columns ([`COLUMNS`]).
pub fn facts_frame(facts: &[Fact]) -> PolarsResult<DataFrame> {
    let columns = COLUMNS
        .iter()
        .map(|c| {
            let name = c.name.into();
            let cells = facts.iter().map(|f| (c.get)(f));
            match c.ty {
                ColType::Str => Column::new(name, cells.map(|v| if let Cell::Str(s) = v { Some(s) } else { None }).collect::<Vec<_>>()),
                ColType::Int64 => Column::new(name, cells.map(|v| if let Cell::Int(i) = v { Some(i) } else { None }).collect::<Vec<_>>()),
                ColType::Int32 => Column::new(name, cells.map(|v| if let Cell::Int(i) = v { Some(i as i32) } else { None }).collect::<Vec<_>>()),
                ColType::Float64 => Column::new(name, cells.map(|v| if let Cell::Float(x) = v { Some(x) } else { None }).collect::<Vec<_>>()),
            }
        })
        .collect();
    DataFrame::new(facts.len(), columns)
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

/// Column descriptions as Parquet key-value pairs (`description:<col>`).
fn description_pairs<'a>(descriptions: &'a [(&str, &str)]) -> impl Iterator<Item = (String, String)> + 'a {
    descriptions.iter().map(|(k, v)| (format!("description:{k}"), v.to_string()))
}

/// Column descriptions as polars' Parquet key-value metadata.
pub fn descriptions_metadata(descriptions: &[(&str, &str)]) -> KeyValueMetadata {
    KeyValueMetadata::from_static(description_pairs(descriptions).collect())
}

/// A Parquet file written with arrow-rs's `ArrowWriter` a record batch at a
/// time, atomically (see [`AtomicFile`]), for tables with a row per fact or per
/// document, whose size follows the corpus. Not polars' writer: it keeps every
/// page's full header in memory until the footer (about 3 KB per column
/// chunk, so memory grew with the corpus), while this one keeps only page
/// locations. Batches fill a row group up to `rows` rows or `bytes` of
/// buffered pages, so row groups are large and memory is bounded whatever
/// the corpus size.
pub struct ArrowParquet {
    path: PathBuf,
    atomic: AtomicFile,
    writer: parquet::arrow::ArrowWriter<File>,
    /// The handle the writer does not own, synced and renamed in `finish`.
    file: File,
    row_group_bytes: usize,
    schema: arrow_schema::SchemaRef,
}

impl ArrowParquet {
    /// `tune` sets column encodings on top of the common properties: ZSTD,
    /// min/max per column chunk (per-page statistics would keep a column index
    /// per page in memory until the footer), column descriptions as metadata.
    pub fn create(
        path: &Path,
        schema: arrow_schema::SchemaRef,
        descriptions: &[(&str, &str)],
        rows: usize,
        bytes: usize,
        tune: impl FnOnce(parquet::file::properties::WriterPropertiesBuilder) -> parquet::file::properties::WriterPropertiesBuilder,
    ) -> Result<Self, SinkError> {
        use parquet::basic::{Compression, ZstdLevel};
        use parquet::file::metadata::KeyValue;
        use parquet::file::properties::{EnabledStatistics, WriterProperties};
        let (atomic, file) = AtomicFile::create(path)?;
        let handle = file.try_clone().map_err(|e| SinkError::Io { path: path.to_path_buf(), source: e })?;
        let kv = description_pairs(descriptions).map(|(k, v)| KeyValue::new(k, v)).collect();
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_statistics_enabled(EnabledStatistics::Chunk)
            .set_statistics_truncate_length(Some(64))
            .set_max_row_group_size(rows.max(1))
            .set_key_value_metadata(Some(kv));
        let writer = parquet::arrow::ArrowWriter::try_new(handle, schema.clone(), Some(tune(props).build())).map_err(|e| pe(path, e))?;
        Ok(ArrowParquet { path: path.to_path_buf(), atomic, writer, file, row_group_bytes: bytes.max(1), schema })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The record batches' schema.
    pub fn schema(&self) -> arrow_schema::SchemaRef {
        self.schema.clone()
    }

    /// Adds the batch's rows to the row group being filled.
    pub fn write(&mut self, batch: &arrow_array::RecordBatch) -> Result<(), SinkError> {
        self.writer.write(batch).map_err(|e| pe(&self.path, e))?;
        if self.writer.memory_size() >= self.row_group_bytes {
            self.writer.flush().map_err(|e| pe(&self.path, e))?;
        }
        Ok(())
    }

    /// Writes the last row group and the footer; makes the file visible under its name.
    pub fn finish(self) -> Result<(), SinkError> {
        self.writer.close().map_err(|e| pe(&self.path, e))?;
        self.atomic.commit(self.file)
    }
}

/// Facts as Parquet (see [`ArrowParquet`]).
pub struct ParquetFactSink(ArrowParquet);

/// Rows of a row group of facts.parquet and documents.parquet: large enough
/// for scans (11 row groups of facts for the 1 GB benchmark corpus), small
/// enough that readers decoding a row group to take a slice of it (polars)
/// stay in bounded memory.
pub const ROW_GROUP_ROWS: usize = 1 << 16;
/// A row group is closed earlier if its buffered (encoded) pages reach this
/// much (rows with very long sentences).
pub const ROW_GROUP_BYTES: usize = 8 << 20;

/// The Arrow schema of fact tables, from [`COLUMNS`]: non-null columns are
/// declared required.
pub fn facts_schema() -> arrow_schema::SchemaRef {
    use arrow_schema::{DataType as T, Field};
    let fields: Vec<Field> = COLUMNS
        .iter()
        .map(|c| {
            let ty = match c.ty {
                ColType::Str => T::Utf8,
                ColType::Int64 => T::Int64,
                ColType::Int32 => T::Int32,
                ColType::Float64 => T::Float64,
            };
            Field::new(c.name, ty, c.nullable)
        })
        .collect();
    std::sync::Arc::new(arrow_schema::Schema::new(fields))
}

/// Fact rows as an Arrow record batch in [`facts_schema`].
pub fn facts_batch(facts: &[Fact]) -> Result<arrow_array::RecordBatch, arrow_schema::ArrowError> {
    use arrow_array::{ArrayRef, Float64Array, Int32Array, Int64Array, StringArray};
    use std::sync::Arc;
    let columns: Vec<ArrayRef> = COLUMNS
        .iter()
        .map(|c| -> ArrayRef {
            let cells = facts.iter().map(|f| (c.get)(f));
            match c.ty {
                ColType::Str => Arc::new(cells.map(|v| if let Cell::Str(s) = v { Some(s) } else { None }).collect::<StringArray>()),
                ColType::Int64 => Arc::new(cells.map(|v| if let Cell::Int(i) = v { Some(i) } else { None }).collect::<Int64Array>()),
                ColType::Int32 => Arc::new(cells.map(|v| if let Cell::Int(i) = v { Some(i as i32) } else { None }).collect::<Int32Array>()),
                ColType::Float64 => Arc::new(cells.map(|v| if let Cell::Float(x) = v { Some(x) } else { None }).collect::<Float64Array>()),
            }
        })
        .collect();
    arrow_array::RecordBatch::try_new(facts_schema(), columns)
}

impl ParquetFactSink {
    pub fn create(path: &Path) -> Result<Self, SinkError> {
        Self::with_row_groups(path, ROW_GROUP_ROWS, ROW_GROUP_BYTES)
    }

    /// With row groups closed at `rows` rows or `bytes` of buffered pages,
    /// whichever comes first (tests use small ones).
    pub fn with_row_groups(path: &Path, rows: usize, bytes: usize) -> Result<Self, SinkError> {
        use parquet::basic::Encoding;
        use parquet::schema::types::ColumnPath;
        // Offsets rise within a document and fact ids share their prefix:
        // delta encodings beat dictionaries of unique values there.
        let delta = |p: parquet::file::properties::WriterPropertiesBuilder, col: &str, enc: Encoding| {
            p.set_column_dictionary_enabled(ColumnPath::from(col), false).set_column_encoding(ColumnPath::from(col), enc)
        };
        let tune = |p| {
            let p = delta(p, "start", Encoding::DELTA_BINARY_PACKED);
            let p = delta(p, "end", Encoding::DELTA_BINARY_PACKED);
            delta(p, "fact_id", Encoding::DELTA_BYTE_ARRAY)
        };
        Ok(ParquetFactSink(ArrowParquet::create(path, facts_schema(), &crate::fact::descriptions(), rows, bytes, tune)?))
    }
}

impl FactSink for ParquetFactSink {
    fn write_batch(&mut self, facts: &[Fact]) -> Result<(), SinkError> {
        if facts.is_empty() {
            return Ok(());
        }
        let batch = facts_batch(facts).map_err(|e| pe(self.0.path(), e))?;
        self.0.write(&batch)
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
            let f = File::options().append(true).open(atomic.tmp()).map_err(|e| SinkError::Io { path: path.clone(), source: e })?;
            atomic.commit(f)?;
        }
        Ok(())
    }
}

impl FactSink for JsonlSink {
    fn write_batch(&mut self, facts: &[Fact]) -> Result<(), SinkError> {
        for f in facts {
            writeln!(self.out, "{}", f.to_json_line()).map_err(|e| self.io(e))?;
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

impl CsvSink {
    pub fn create(path: &Path) -> Result<Self, SinkError> {
        let mut inner = open_text(path)?;
        writeln!(inner.out, "{}", crate::fact::column_names().join(",")).map_err(|e| inner.io(e))?;
        Ok(CsvSink { inner })
    }
}

impl FactSink for CsvSink {
    fn write_batch(&mut self, facts: &[Fact]) -> Result<(), SinkError> {
        for f in facts {
            let row: Vec<String> = COLUMNS.iter().map(|c| csv_field(&(c.get)(f).text())).collect();
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
pub const DOCUMENT_DESCRIPTIONS: [(&str, &str); 10] = [
    ("doc", "document id: the file name"),
    ("path", "the path the document was read from"),
    ("bytes", "file size in bytes"),
    ("sha256", "SHA-256 of the file's bytes (empty if unreadable)"),
    ("facts", "number of facts extracted"),
    ("status", "ok | empty | reused (unchanged since the last run) | duplicate | skipped | error"),
    ("error", "what went wrong, naming the file and position"),
    ("encoding", "the encoding the file was read in"),
    ("ruleset", "hash of the extractor version, its lexicons and rules, and the run's settings"),
    ("note", "a remark that is not an error: text in a script tradeseries does not read yet"),
];

/// documents.parquet, a row per input document and its status, written as
/// the statuses come (see [`ArrowParquet`]).
pub struct DocumentsWriter(ArrowParquet);

impl DocumentsWriter {
    pub fn create(path: &Path) -> Result<Self, SinkError> {
        use arrow_schema::{DataType as T, Field};
        let fields: Vec<Field> = DOCUMENT_DESCRIPTIONS
            .iter()
            .map(|&(name, _)| Field::new(name, if matches!(name, "bytes" | "facts") { T::Int64 } else { T::Utf8 }, matches!(name, "error" | "note")))
            .collect();
        let schema = std::sync::Arc::new(arrow_schema::Schema::new(fields));
        Ok(DocumentsWriter(ArrowParquet::create(path, schema, &DOCUMENT_DESCRIPTIONS, ROW_GROUP_ROWS, ROW_GROUP_BYTES, |p| p)?))
    }

    pub fn write(&mut self, docs: &[crate::run::DocRecord]) -> Result<(), SinkError> {
        use crate::run::DocRecord;
        use arrow_array::{ArrayRef, Int64Array, StringArray};
        use std::sync::Arc;
        if docs.is_empty() {
            return Ok(());
        }
        let s = |f: fn(&DocRecord) -> &str| -> ArrayRef { Arc::new(StringArray::from_iter_values(docs.iter().map(f))) };
        let i = |f: fn(&DocRecord) -> u64| -> ArrayRef { Arc::new(Int64Array::from_iter_values(docs.iter().map(|d| f(d) as i64))) };
        let columns = vec![
            s(|d| &d.doc),
            s(|d| &d.path),
            i(|d| d.bytes),
            s(|d| &d.sha256),
            i(|d| d.facts),
            s(|d| d.status.as_str()),
            Arc::new(docs.iter().map(|d| d.error.as_deref()).collect::<StringArray>()) as ArrayRef,
            s(|d| &d.encoding),
            s(|d| &d.ruleset),
            Arc::new(docs.iter().map(|d| d.note.as_deref()).collect::<StringArray>()) as ArrayRef,
        ];
        let batch = arrow_array::RecordBatch::try_new(self.0.schema(), columns).map_err(|e| pe(self.0.path(), e))?;
        self.0.write(&batch)
    }

    pub fn finish(self) -> Result<(), SinkError> {
        self.0.finish()
    }
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

/// A fact table to read a slice at a time, its errors naming the file.
fn open_slices(table: &Path) -> Result<ParquetSlices, SinkError> {
    let file = File::open(table).map_err(|x| SinkError::Io { path: table.to_path_buf(), source: x })?;
    Ok(ParquetSlices::new(table, file).map_err(|x| pe(table, x))?.0)
}

/// The facts of the documents at `paths`, read from a fact table in its order.
pub fn read_facts_of(table: &Path, paths: &std::collections::HashSet<&str>) -> Result<Vec<Fact>, SinkError> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    FactsOf::open(table, paths, 1 << 14)?.collect()
}

/// The same, looking only at the rows `spans` (where those documents' facts
/// are, as [`path_runs`] found them): a rerun reads each batch's reused facts
/// without scanning the whole table again.
pub fn read_facts_in(table: &Path, paths: &std::collections::HashSet<&str>, spans: Vec<Range<usize>>) -> Result<Vec<Fact>, SinkError> {
    if paths.is_empty() || spans.iter().all(Range::is_empty) {
        return Ok(Vec::new());
    }
    FactsOf::open_in(table, paths, spans, 1 << 14)?.collect()
}

/// Calls `f` with each run of consecutive rows of the fact table that share a
/// path (a document's facts are written together: one run each), reading
/// the path column a slice at a time.
pub fn path_runs(table: &Path, mut f: impl FnMut(&str, Range<usize>)) -> Result<(), SinkError> {
    let slices = open_slices(table)?;
    let e = |x: PolarsError| pe(table, x);
    let mut run: Option<(String, usize)> = None;
    let mut row = 0;
    for df in slices.frames(1 << 16, Some(vec!["path".to_string()])) {
        let df = df.map_err(e)?;
        for p in df.column("path").map_err(e)?.str().map_err(e)?.iter() {
            let p = p.unwrap_or("");
            if run.as_ref().is_none_or(|(q, _)| q != p) {
                if let Some((q, start)) = run.take() {
                    f(&q, start..row);
                }
                run = Some((p.to_string(), row));
            }
            row += 1;
        }
    }
    if let Some((q, start)) = run {
        f(&q, start..row);
    }
    Ok(())
}

/// The facts of chosen documents, in the fact table's order, read a slice of
/// rows at a time (the paths first, the other columns only for slices that
/// hold chosen facts): memory holds one slice, whatever the table's size.
pub struct FactsOf<'a> {
    table: PathBuf,
    slices: ParquetSlices,
    paths: &'a std::collections::HashSet<&'a str>,
    slice: usize,
    /// The row ranges looked at, sorted and disjoint; the one being read and the next row in it.
    spans: Vec<Range<usize>>,
    span: usize,
    at: usize,
    buf: std::vec::IntoIter<Fact>,
}

impl<'a> FactsOf<'a> {
    /// Looks at every row.
    pub fn open(table: &Path, paths: &'a std::collections::HashSet<&'a str>, slice: usize) -> Result<FactsOf<'a>, SinkError> {
        Self::open_in(table, paths, std::iter::once(0..usize::MAX), slice)
    }

    /// Looks at the rows in `spans` only (in any order, overlapping or not).
    pub fn open_in(table: &Path, paths: &'a std::collections::HashSet<&'a str>, spans: impl IntoIterator<Item = Range<usize>>, slice: usize) -> Result<FactsOf<'a>, SinkError> {
        let slices = open_slices(table)?;
        let mut spans: Vec<Range<usize>> = spans.into_iter().filter(|r| !r.is_empty()).collect();
        spans.sort_by_key(|r| r.start);
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
        for r in spans {
            let r = r.start.min(slices.rows)..r.end.min(slices.rows);
            match merged.last_mut() {
                Some(m) if r.start <= m.end => m.end = m.end.max(r.end),
                _ if !r.is_empty() => merged.push(r),
                _ => {}
            }
        }
        Ok(FactsOf { table: table.to_path_buf(), slices, paths, slice: slice.max(1), spans: merged, span: 0, at: 0, buf: Vec::new().into_iter() })
    }

    /// The facts of the next slice that holds any.
    fn fill(&mut self) -> Result<(), SinkError> {
        let e = |x: PolarsError| pe(&self.table, x);
        while let Some(r) = self.spans.get(self.span) {
            let at = self.at.max(r.start);
            if at >= r.end {
                self.span += 1;
                continue;
            }
            let len = self.slice.min(r.end - at);
            self.at = at + len;
            let p = self.slices.read(at, len, Some(vec!["path".to_string()])).map_err(e)?;
            let mask: BooleanChunked = p.column("path").map_err(e)?.str().map_err(e)?.iter().map(|v| v.is_some_and(|v| self.paths.contains(v))).collect();
            if mask.any() {
                let df = self.slices.read(at, len, None).map_err(e)?.filter(&mask).map_err(e)?;
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
            self.span = self.spans.len();
            return Some(Err(e));
        }
        self.buf.next().map(Ok)
    }
}

/// Fact rows back from a frame with the fact columns ([`COLUMNS`]); a
/// column that is missing, of another type, or holding a value its field
/// cannot take is an error naming it.
pub fn facts_from_frame(df: &DataFrame) -> PolarsResult<Vec<Fact>> {
    let bad = |c: &str, e: String| PolarsError::ComputeError(format!("column {c}: {e}").into());
    let mut facts = vec![Fact::default(); df.height()];
    for c in COLUMNS {
        let col = df.column(c.name)?;
        match c.ty {
            ColType::Str => {
                for (f, v) in facts.iter_mut().zip(col.str()?.iter()) {
                    (c.set)(f, v.map_or(Cell::Null, Cell::Str)).map_err(|e| bad(c.name, e))?;
                }
            }
            ColType::Int64 | ColType::Int32 => {
                let col = col.cast(&DataType::Int64)?;
                for (f, v) in facts.iter_mut().zip(col.i64()?.iter()) {
                    (c.set)(f, v.map_or(Cell::Null, Cell::Int)).map_err(|e| bad(c.name, e))?;
                }
            }
            ColType::Float64 => {
                for (f, v) in facts.iter_mut().zip(col.f64()?.iter()) {
                    (c.set)(f, v.map_or(Cell::Null, Cell::Float)).map_err(|e| bad(c.name, e))?;
                }
            }
        }
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::document::{extract_facts, ExtractOptions};

    /// Real facts of a few documents (a currency without a rate leaves amount_usd null).
    fn sample() -> Vec<Fact> {
        let text = "In 2024 trade turnover with China exceeded $8.5 billion. Exports to Uzbekistan grew 1.4 times in January-September 2023. \
                    Br123.4 million of lumber was sold on the exchange in 2022, and imports from Russia reached 3 million rubles.";
        let opts = ExtractOptions { rates: Some(std::sync::Arc::new(crate::normalize::Rates::bundled())), ..Default::default() };
        let all: Vec<Fact> = (0..4).flat_map(|k| extract_facts(&format!("d{k}.txt"), &format!("in/d{k}.txt"), text, &opts)).collect();
        assert!(all.len() >= 16, "{} facts", all.len());
        assert!(all.iter().any(|f| f.amount_usd.is_none()) && all.iter().any(|f| f.amount_usd.is_some()));
        assert!(all.iter().any(|f| f.currency.is_none()) && all.iter().any(|f| f.base_year.is_some() || f.month_from.is_some()));
        all
    }

    fn row_groups(path: &Path) -> Vec<i64> {
        use parquet::file::reader::FileReader;
        let r = parquet::file::serialized_reader::SerializedFileReader::new(File::open(path).unwrap()).unwrap();
        r.metadata().row_groups().iter().map(|g| g.num_rows()).collect()
    }

    fn read_back(path: &Path) -> Vec<Fact> {
        let df = ParquetReader::new(File::open(path).unwrap()).finish().unwrap();
        facts_from_frame(&df).unwrap()
    }

    fn write(path: &Path, facts: &[Fact]) {
        let mut sink: Box<dyn FactSink> = Box::new(ParquetFactSink::with_row_groups(path, 5, usize::MAX).unwrap());
        sink.write_batch(facts).unwrap();
        sink.finish().unwrap();
    }

    fn runs_of(path: &Path) -> Vec<(String, Range<usize>)> {
        let mut runs = Vec::new();
        path_runs(path, |p, r| runs.push((p.to_string(), r))).unwrap();
        runs
    }

    #[test]
    fn path_runs_give_each_documents_rows_and_reading_them_equals_a_full_scan() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("facts.parquet");
        let facts = sample();
        write(&path, &facts);
        let runs = runs_of(&path);
        // one run per document, in table order, together covering every row
        assert_eq!(runs.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(), ["in/d0.txt", "in/d1.txt", "in/d2.txt", "in/d3.txt"]);
        assert_eq!(runs[0].1.start, 0);
        assert!(runs.windows(2).all(|w| w[0].1.end == w[1].1.start));
        assert_eq!(runs[3].1.end, facts.len());
        for (p, r) in &runs {
            assert!(facts[r.clone()].iter().all(|f| f.path == *p));
        }
        // two documents read through their rows (given out of order, a slice
        // shorter than a document): the facts a full scan finds, nothing else
        let wanted: std::collections::HashSet<&str> = ["in/d1.txt", "in/d3.txt"].into_iter().collect();
        let expected: Vec<Fact> = facts.iter().filter(|f| wanted.contains(f.path.as_str())).cloned().collect();
        assert_eq!(read_facts_of(&path, &wanted).unwrap(), expected);
        let spans = vec![runs[3].1.clone(), runs[1].1.clone()];
        let got: Vec<Fact> = FactsOf::open_in(&path, &wanted, spans.clone(), 3).unwrap().collect::<Result<_, _>>().unwrap();
        assert_eq!(got, expected);
        assert_eq!(read_facts_in(&path, &wanted, spans).unwrap(), expected);
        // rows that hold other documents' facts only give nothing
        assert!(read_facts_in(&path, &wanted, vec![runs[0].1.clone(), runs[2].1.clone()]).unwrap().is_empty());
    }

    #[test]
    fn a_document_in_two_places_is_read_whole_through_the_hull_of_its_runs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("facts.parquet");
        let facts = sample();
        let n = facts.iter().filter(|f| f.path == "in/d0.txt").count();
        // d0's facts split around d1's (a table not written by document)
        let mut table: Vec<Fact> = facts[..2].to_vec();
        table.extend(facts[n..2 * n].iter().cloned());
        table.extend(facts[2..n].iter().cloned());
        write(&path, &table);
        let d0: Vec<Range<usize>> = runs_of(&path).into_iter().filter(|(p, _)| p == "in/d0.txt").map(|(_, r)| r).collect();
        assert_eq!(d0, [0..2, n + 2..2 * n]);
        let wanted: std::collections::HashSet<&str> = ["in/d0.txt"].into_iter().collect();
        let got = read_facts_in(&path, &wanted, vec![0..2, 2..2 * n]).unwrap();
        assert_eq!(got, table.iter().filter(|f| f.path == "in/d0.txt").cloned().collect::<Vec<_>>());
        assert_eq!(got.len(), n);
    }

    #[test]
    fn batches_fill_row_groups_up_to_the_row_limit_and_read_back_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("facts.parquet");
        let facts = sample();
        let mut sink: Box<dyn FactSink> = Box::new(ParquetFactSink::with_row_groups(&path, 5, usize::MAX).unwrap());
        for batch in facts.chunks(3) {
            sink.write_batch(batch).unwrap();
        }
        sink.finish().unwrap();
        // row groups span batches: 5 rows each, the rest in the last
        let groups = row_groups(&path);
        assert_eq!(groups.len(), facts.len().div_ceil(5), "{groups:?}");
        assert!(groups[..groups.len() - 1].iter().all(|&n| n == 5), "{groups:?}");
        assert_eq!(read_back(&path), facts);
    }

    #[test]
    fn a_row_group_is_closed_when_its_buffered_pages_reach_the_byte_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("facts.parquet");
        let facts = sample();
        let mut sink: Box<dyn FactSink> = Box::new(ParquetFactSink::with_row_groups(&path, 1 << 20, 1).unwrap());
        let batches: Vec<&[Fact]> = facts.chunks(4).collect();
        for b in &batches {
            sink.write_batch(b).unwrap();
        }
        sink.finish().unwrap();
        assert_eq!(row_groups(&path), batches.iter().map(|b| b.len() as i64).collect::<Vec<_>>());
        assert_eq!(read_back(&path), facts);
    }

    #[test]
    fn a_fact_table_not_finished_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("facts.parquet");
        let mut sink: Box<dyn FactSink> = Box::new(ParquetFactSink::create(&path).unwrap());
        sink.write_batch(&sample()).unwrap();
        drop(sink);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
