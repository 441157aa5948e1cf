//! `tradeseries._core`: the tradeseries Rust core for Python. The public
//! module is `python/tradeseries/__init__.py`, which documents each function;
//! this file converts arguments and results and runs every stage with the
//! GIL released, through the same code as the command line (no second
//! implementation of any stage).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{Array, BinaryArray, LargeBinaryArray, LargeStringArray, RecordBatch, StringArray};
use arrow_schema::{ArrowError, SchemaRef};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::{PyRecordBatch, PySchema, PyTable};

use tradeseries::error::SinkError;
use tradeseries::extract::document::ExtractOptions;
use tradeseries::fact::Fact;
use tradeseries::ingest::read::{collect, document_from_bytes, Encoding};
use tradeseries::normalize::Rates;
use tradeseries::pipeline::{extract_document, ruleset_hash, run_extract, skipped, DocRecord, RunOptions, StatusSink};
use tradeseries::sink::{facts_batch, facts_schema, FactSink};

create_exception!(_core, TradeseriesError, PyException, "A document, a pipeline or a table tradeseries could not process; the message names it and the position.");

fn error(e: impl std::fmt::Display) -> PyErr {
    TradeseriesError::new_err(e.to_string())
}

/// The extraction settings of a call, checked as `tradeseries check` checks a config.
fn options(reporter: &str, dates: Option<HashMap<String, String>>, kinds: Option<Vec<String>>) -> PyResult<ExtractOptions> {
    if !tradeseries::lexicon::is_side_code(reporter) {
        return Err(PyValueError::new_err(format!("reporter '{reporter}': neither an ISO 3166 alpha-3 code nor a group of FACTS.md")));
    }
    let mut doc_dates = BTreeMap::new();
    for (doc, d) in dates.unwrap_or_default() {
        let v = tradeseries::config::parse_date(&d).ok_or_else(|| PyValueError::new_err(format!("dates['{doc}'] = '{d}': expected YYYY or YYYY-MM")))?;
        doc_dates.insert(doc, v);
    }
    let kinds = kinds.unwrap_or_else(|| vec!["money".into(), "growth".into()]);
    if let Some(k) = kinds.iter().find(|k| !matches!(k.as_str(), "money" | "growth")) {
        return Err(PyValueError::new_err(format!("kinds: '{k}' is not a kind of fact (money, growth)")));
    }
    Ok(ExtractOptions { reporter: reporter.to_string(), kinds, doc_dates, rates: Some(Arc::new(Rates::bundled())), ..Default::default() })
}

fn encoding(e: &str) -> PyResult<Encoding> {
    Encoding::parse(e).ok_or_else(|| PyValueError::new_err(format!("encoding '{e}': expected utf-8 or windows-1251")))
}

/// Facts kept as Arrow record batches (the fact table's schema).
#[derive(Default)]
struct Batches(Vec<RecordBatch>);

impl FactSink for Batches {
    fn write_batch(&mut self, facts: &[Fact]) -> Result<(), SinkError> {
        if !facts.is_empty() {
            self.0.push(facts_batch(facts).map_err(|e| SinkError::Write { path: PathBuf::from("<memory>"), message: e.to_string() })?);
        }
        Ok(())
    }
    fn finish(self: Box<Self>) -> Result<(), SinkError> {
        Ok(())
    }
}

/// The documents' statuses of a call.
#[derive(Default)]
struct Statuses(Vec<DocRecord>);

impl StatusSink for Statuses {
    fn add(&mut self, status: DocRecord) -> Result<(), SinkError> {
        self.0.push(status);
        Ok(())
    }
}

fn status_dicts<'py>(py: Python<'py>, statuses: &[DocRecord]) -> PyResult<Vec<Bound<'py, PyDict>>> {
    statuses
        .iter()
        .map(|s| {
            let d = PyDict::new(py);
            d.set_item("doc", &s.doc)?;
            d.set_item("path", &s.path)?;
            d.set_item("status", s.status.as_str())?;
            d.set_item("facts", s.facts)?;
            d.set_item("error", s.error.as_deref())?;
            d.set_item("note", s.note.as_deref())?;
            Ok(d)
        })
        .collect()
}

fn table<'py>(py: Python<'py>, batches: Vec<RecordBatch>, schema: SchemaRef) -> PyResult<Bound<'py, PyAny>> {
    PyTable::try_new(batches, schema)?.into_pyarrow(py)
}

/// Extracts `items` in order: `(True, path)` files or folders (a run of them
/// goes through the pipeline's parallel reader and workers, as `tradeseries
/// extract` does), `(False, text)` texts (doc `text-1`, `text-2`, ...).
/// Returns the fact table and each document's status.
#[pyfunction]
#[pyo3(signature = (items, reporter = "BLR", dates = None, kinds = None, threads = 0, encoding = "utf-8"))]
fn extract<'py>(
    py: Python<'py>,
    items: Vec<(bool, String)>,
    reporter: &str,
    dates: Option<HashMap<String, String>>,
    kinds: Option<Vec<String>>,
    threads: usize,
    encoding: &str,
) -> PyResult<(Bound<'py, PyAny>, Vec<Bound<'py, PyDict>>)> {
    let opts = options(reporter, dates, kinds)?;
    let run = RunOptions {
        threads: if threads > 0 { threads } else { std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1) },
        encoding: self::encoding(encoding)?,
        ruleset: ruleset_hash(&opts),
        previous: None,
    };
    let (sink, statuses) = py.detach(|| -> PyResult<(Batches, Statuses)> {
        let (mut sink, mut statuses) = (Batches::default(), Statuses::default());
        let mut paths: Vec<PathBuf> = Vec::new();
        let mut texts = 0;
        let flush = |paths: &mut Vec<PathBuf>, sink: &mut Batches, statuses: &mut Statuses| -> PyResult<()> {
            if paths.is_empty() {
                return Ok(());
            }
            let inputs = collect(&std::mem::take(paths)).map_err(error)?;
            run_extract(inputs.files, &opts, sink, statuses, &run).map_err(error)?;
            for s in skipped(&inputs.skipped, &run) {
                statuses.add(s).map_err(error)?;
            }
            Ok(())
        };
        for (is_path, value) in items {
            if is_path {
                paths.push(PathBuf::from(value));
                continue;
            }
            flush(&mut paths, &mut sink, &mut statuses)?;
            texts += 1;
            let id = format!("text-{texts}");
            let doc = document_from_bytes(Path::new(&id), value.into_bytes(), Encoding::Utf8).map_err(error)?;
            let facts = extract_document(&doc, &opts).map_err(error)?;
            sink.write_batch(&facts).map_err(error)?;
            statuses.add(DocRecord {
                doc: doc.id.clone(),
                path: id.clone(),
                bytes: doc.bytes,
                sha256: doc.sha256.clone(),
                facts: facts.len() as u64,
                status: if doc.text.trim().is_empty() { tradeseries::fact::DocStatus::Empty } else { tradeseries::fact::DocStatus::Ok },
                error: None,
                encoding: doc.encoding.into(),
                ruleset: run.ruleset.clone(),
                note: tradeseries::ingest::script::note(&doc.text),
            })
            .map_err(error)?;
        }
        flush(&mut paths, &mut sink, &mut statuses)?;
        Ok((sink, statuses))
    })?;
    Ok((table(py, sink.0, facts_schema())?, status_dicts(py, &statuses.0)?))
}

fn string_column<'a>(batch: &'a RecordBatch, name: &str) -> PyResult<Option<Box<dyn Fn(usize) -> Option<&'a str> + 'a>>> {
    let Some(col) = batch.column_by_name(name) else { return Ok(None) };
    if let Some(a) = col.as_any().downcast_ref::<StringArray>() {
        return Ok(Some(Box::new(move |i| (!a.is_null(i)).then(|| a.value(i)))));
    }
    if let Some(a) = col.as_any().downcast_ref::<LargeStringArray>() {
        return Ok(Some(Box::new(move |i| (!a.is_null(i)).then(|| a.value(i)))));
    }
    Err(PyValueError::new_err(format!("column '{name}' is {}, expected a string column", col.data_type())))
}

/// The bytes of column `text`: strings (as UTF-8) or binary (decoded as files are).
fn text_column<'a>(batch: &'a RecordBatch) -> PyResult<Box<dyn Fn(usize) -> Option<&'a [u8]> + 'a>> {
    let col = batch.column_by_name("text").ok_or_else(|| PyValueError::new_err("the batch has no column 'text' (the documents' texts, string or binary)"))?;
    let any = col.as_any();
    if let Some(a) = any.downcast_ref::<StringArray>() {
        return Ok(Box::new(move |i| (!a.is_null(i)).then(|| a.value(i).as_bytes())));
    }
    if let Some(a) = any.downcast_ref::<LargeStringArray>() {
        return Ok(Box::new(move |i| (!a.is_null(i)).then(|| a.value(i).as_bytes())));
    }
    if let Some(a) = any.downcast_ref::<BinaryArray>() {
        return Ok(Box::new(move |i| (!a.is_null(i)).then(|| a.value(i))));
    }
    if let Some(a) = any.downcast_ref::<LargeBinaryArray>() {
        return Ok(Box::new(move |i| (!a.is_null(i)).then(|| a.value(i))));
    }
    Err(PyValueError::new_err(format!("column 'text' is {}, expected string or binary", col.data_type())))
}

/// The facts of a record batch of documents (columns `doc`, `text`, and
/// optionally `path`; `text` as string, or as the file's bytes, decoded as
/// `tradeseries extract` decodes files): what a Spark or Ray worker calls.
/// Returns the facts as one record batch, and the errors of the documents
/// that failed (each naming the document and position).
#[pyfunction]
#[pyo3(signature = (batch, reporter = "BLR", dates = None, kinds = None, encoding = "utf-8"))]
fn extract_batch<'py>(
    py: Python<'py>,
    batch: PyRecordBatch,
    reporter: &str,
    dates: Option<HashMap<String, String>>,
    kinds: Option<Vec<String>>,
    encoding: &str,
) -> PyResult<(Bound<'py, PyAny>, Vec<String>)> {
    let opts = options(reporter, dates, kinds)?;
    let enc = self::encoding(encoding)?;
    let batch = batch.into_inner();
    let (facts, errors) = py.detach(|| -> PyResult<(RecordBatch, Vec<String>)> {
        let doc = string_column(&batch, "doc")?.ok_or_else(|| PyValueError::new_err("the batch has no column 'doc' (the document ids, as `tradeseries extract` names them: the file name)"))?;
        let path = string_column(&batch, "path")?;
        let text = text_column(&batch)?;
        let (mut all, mut errors) = (Vec::new(), Vec::new());
        for i in 0..batch.num_rows() {
            let Some(id) = doc(i) else {
                errors.push(format!("row {i}: no document id"));
                continue;
            };
            let p = path.as_ref().and_then(|p| p(i)).unwrap_or(id);
            let Some(bytes) = text(i) else {
                errors.push(format!("{p}: no text"));
                continue;
            };
            match document_from_bytes(Path::new(p), bytes.to_vec(), enc) {
                Ok(mut d) => {
                    d.id = id.to_string();
                    match extract_document(&d, &opts) {
                        Ok(f) => all.extend(f),
                        Err(e) => errors.push(e),
                    }
                }
                Err(e) => errors.push(e.to_string()),
            }
        }
        let facts = facts_batch(&all).map_err(|e: ArrowError| error(e))?;
        Ok((facts, errors))
    })?;
    Ok((PyRecordBatch::new(facts).into_pyarrow(py)?, errors))
}

/// The fact table's Arrow schema (the columns of FACTS.md, in order).
#[pyfunction]
fn fact_schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    PySchema::new(facts_schema()).into_pyarrow(py)
}

/// Reads a Parquet file written by the aggregate stage as Arrow batches.
fn read_parquet(path: &Path) -> PyResult<(Vec<RecordBatch>, SchemaRef)> {
    let file = std::fs::File::open(path).map_err(|e| error(format!("{}: {e}", path.display())))?;
    let builder = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| error(format!("{}: {e}", path.display())))?;
    let schema = builder.schema().clone();
    let reader = builder.build().map_err(|e| error(format!("{}: {e}", path.display())))?;
    let batches = reader.collect::<Result<Vec<_>, _>>().map_err(|e| error(format!("{}: {e}", path.display())))?;
    Ok((batches, schema))
}

/// The series tables of a fact table (any Arrow table or stream with the
/// FACTS.md columns), made as `tradeseries aggregate` makes them: written
/// to a temporary folder by the same code, and read back.
#[pyfunction]
#[pyo3(signature = (facts, reporter = "BLR", tolerance = 0.05, index_base = None))]
fn aggregate<'py>(py: Python<'py>, facts: AnyRecordBatch, reporter: &str, tolerance: f64, index_base: Option<i32>) -> PyResult<Bound<'py, PyDict>> {
    if !tradeseries::lexicon::is_side_code(reporter) {
        return Err(PyValueError::new_err(format!("reporter '{reporter}': neither an ISO 3166 alpha-3 code nor a group of FACTS.md")));
    }
    if !(0.0..=10.0).contains(&tolerance) {
        return Err(PyValueError::new_err(format!("tolerance {tolerance}: expected a tolerance between 0 and 10")));
    }
    let reader = facts.into_reader()?;
    type Tables = (Vec<(String, Vec<RecordBatch>, SchemaRef)>, Vec<(String, Vec<RecordBatch>, SchemaRef)>);
    let (main, wide) = py.detach(|| -> PyResult<Tables> {
        let tmp = tempfile::tempdir().map_err(error)?;
        let facts_path = tmp.path().join("facts.parquet");
        {
            let file = std::fs::File::create(&facts_path).map_err(error)?;
            let mut w = parquet::arrow::ArrowWriter::try_new(file, reader.schema(), None).map_err(error)?;
            for b in reader {
                w.write(&b.map_err(error)?).map_err(error)?;
            }
            w.close().map_err(error)?;
        }
        let out = tmp.path().join("tables");
        std::fs::create_dir_all(&out).map_err(error)?;
        let facts = tradeseries::aggregate::read_facts(&[facts_path], tmp.path()).map_err(error)?;
        let opts = tradeseries::aggregate::AggregateOptions { tolerance, index_base, reporter: Some(reporter.to_string()) };
        let written = tradeseries::aggregate::write_aggregates(facts, &out, &opts).map_err(error)?;
        let mut main = Vec::new();
        for name in ["series", "growth"] {
            let (b, s) = read_parquet(&out.join(format!("{name}.parquet")))?;
            main.push((name.to_string(), b, s));
        }
        let mut wide = Vec::new();
        for ind in written.tables {
            let (b, s) = read_parquet(&out.join("year_partner").join(format!("{ind}.parquet")))?;
            wide.push((ind, b, s));
        }
        Ok((main, wide))
    })?;
    let d = PyDict::new(py);
    for (name, b, s) in main {
        d.set_item(name, table(py, b, s)?)?;
    }
    let yp = PyDict::new(py);
    for (name, b, s) in wide {
        yp.set_item(name, table(py, b, s)?)?;
    }
    d.set_item("year_partner", yp)?;
    Ok(d)
}

/// `tradeseries aggregate FACTS... -o OUTPUT --reporter R`: fact Parquet
/// files or folders (Hive-partitioned ones too) to the series tables in a
/// folder. Returns the exit status.
#[pyfunction]
#[pyo3(signature = (facts, output, reporter = "BLR"))]
fn aggregate_files(py: Python<'_>, facts: Vec<PathBuf>, output: PathBuf, reporter: &str) -> PyResult<u8> {
    let args = tradeseries::cli::aggregate::Args { facts, output, reporter: reporter.to_string() };
    py.detach(|| tradeseries::cli::aggregate::run(args)).map_err(|e| error(format!("{e:#}")))
}

/// `tradeseries run PIPELINE`: the pipeline into its output folder. Returns
/// (exit status, output folder); a config with errors raises them all.
#[pyfunction]
#[pyo3(signature = (pipeline, full = false))]
fn run(py: Python<'_>, pipeline: PathBuf, full: bool) -> PyResult<(u8, String)> {
    let p = tradeseries::config::Pipeline::load(&pipeline).map_err(|errors| error(errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")))?;
    // quiet: no progress bar from inside a notebook or a Spark driver
    let args = tradeseries::cli::run::Args { pipeline, threads: 0, full, quiet: true };
    let code = py.detach(|| tradeseries::cli::run::run(args)).map_err(|e| error(format!("{e:#}")))?;
    Ok((code, p.output_dir.display().to_string()))
}

/// `tradeseries explain TEXT`: tokens, matches with their rules, each
/// attribute with its reason, and the numbers not read with why.
#[pyfunction]
#[pyo3(signature = (text, reporter = "BLR", date = None))]
fn explain(py: Python<'_>, text: &str, reporter: &str, date: Option<&str>) -> PyResult<String> {
    if !tradeseries::lexicon::is_side_code(reporter) {
        return Err(PyValueError::new_err(format!("reporter '{reporter}': neither an ISO 3166 alpha-3 code nor a group of FACTS.md")));
    }
    let (text, reporter, date) = (text.to_string(), reporter.to_string(), date.map(str::to_string));
    py.detach(|| tradeseries::cli::explain::explain(&text, &reporter, date.as_deref())).map_err(|e| PyValueError::new_err(format!("{e:#}")))
}

/// The files `tradeseries extract PATHS` reads, in its order, and those it
/// passes over with why (the Spark driver reads exactly these).
#[pyfunction]
fn list_inputs(paths: Vec<PathBuf>) -> PyResult<(Vec<String>, Vec<(String, String)>)> {
    let inputs = collect(&paths).map_err(error)?;
    Ok((inputs.files.iter().map(|p| p.display().to_string()).collect(), inputs.skipped.iter().map(|(p, w)| (p.display().to_string(), w.clone())).collect()))
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("TradeseriesError", m.py().get_type::<TradeseriesError>())?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(extract_batch, m)?)?;
    m.add_function(wrap_pyfunction!(fact_schema, m)?)?;
    m.add_function(wrap_pyfunction!(aggregate, m)?)?;
    m.add_function(wrap_pyfunction!(aggregate_files, m)?)?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(explain, m)?)?;
    m.add_function(wrap_pyfunction!(list_inputs, m)?)?;
    Ok(())
}
