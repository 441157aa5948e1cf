//! The run's records: what happened to each document (documents.parquet,
//! which is also the manifest of the next run), a previous run to reuse, and
//! the rule-set fingerprint that tells whether its facts still hold.
//!
//! A leaf of the stage graph: the sinks write these records, the pipeline
//! makes them; neither is needed to read them.

use std::collections::HashMap;
use std::fs::File;
use std::ops::Range;
use std::path::{Path, PathBuf};

use polars::prelude::SerReader;

use crate::error::SinkError;
use crate::extract::document::ExtractOptions;
use crate::fact::DocStatus;

fn pe(path: &Path, e: impl std::fmt::Display) -> SinkError {
    SinkError::Write { path: path.to_path_buf(), message: e.to_string() }
}

/// What happened to one input document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocRecord {
    pub doc: String,
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
    pub facts: u64,
    pub status: DocStatus,
    pub error: Option<String>,
    pub encoding: String,
    pub ruleset: String,
    /// A remark that is not an error: text in a script tradeseries does not read yet.
    pub note: Option<String>,
}

impl DocRecord {
    /// Did this document fail (and so make the run's exit status non-zero)?
    pub fn failed(&self) -> bool {
        self.status == DocStatus::Error
    }
}

/// Where the documents' statuses go, one at a time in input order, as the
/// run goes (documents.parquet and the counts; not a list held to the end:
/// a corpus of a million short news items would hold a million rows).
pub trait StatusSink {
    fn add(&mut self, status: DocRecord) -> Result<(), SinkError>;
}

/// Keeps them all (tests and small callers).
impl StatusSink for Vec<DocRecord> {
    fn add(&mut self, status: DocRecord) -> Result<(), SinkError> {
        self.push(status);
        Ok(())
    }
}

/// A previous run to reuse: its manifest (path -> what was read) and facts.
#[derive(Debug, Clone)]
pub struct Previous {
    pub manifest: HashMap<String, Prior>,
    pub facts: PathBuf,
}

/// A document of the previous run: its content hash, the rule set that read
/// it, and the rows of the previous fact table that hold its facts (empty if
/// it had none).
#[derive(Debug, Clone)]
pub struct Prior {
    pub sha256: String,
    pub ruleset: String,
    pub rows: Range<usize>,
}

/// The digest of every source file, made by build.rs.
#[allow(dead_code)] // SOURCE_FILES is read by a test
pub(crate) mod source {
    include!(concat!(env!("OUT_DIR"), "/source_digest.rs"));
}

/// Identifies everything that can change a document's facts: the digest of
/// every source and lexicon file (made by build.rs, so no file can be left
/// out or moved out of it), the extraction settings and the rates table.
pub fn ruleset_hash(opts: &ExtractOptions) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION"));
    h.update(source::SOURCE_DIGEST);
    h.update(format!("{}|{:?}|{:?}|{:?}|{:?}|{}", opts.reporter, opts.date, opts.kinds, opts.doc_dates, opts.doc_reporters, opts.bare_figures));
    if let Some(r) = &opts.rates {
        h.update(&r.digest);
    }
    crate::ingest::read::hex(&h.finalize())[..16].to_string()
}

/// The manifest of a previous run: path -> sha256 and ruleset of the documents
/// whose facts can be reused (read in full: "ok", "empty" or "reused"); their
/// rows in the fact table are left empty for [`path_runs`] to fill.
pub fn read_manifest(path: &Path) -> Result<HashMap<String, Prior>, SinkError> {
    let file = File::open(path).map_err(|e| SinkError::Io { path: path.to_path_buf(), source: e })?;
    let df = polars::prelude::ParquetReader::new(file).finish().map_err(|e| pe(path, e))?;
    let col = |n: &str| -> Result<polars::prelude::StringChunked, SinkError> { Ok(df.column(n).map_err(|e| pe(path, e))?.str().map_err(|e| pe(path, e))?.clone()) };
    let (p, sha, rules, status) = (col("path")?, col("sha256")?, col("ruleset")?, col("status")?);
    let mut out = HashMap::new();
    for i in 0..df.height() {
        if let (Some(p), Some(sha), Some(r), Some(st)) = (p.get(i), sha.get(i), rules.get(i), status.get(i)) {
                    if matches!(DocStatus::parse(st), Some(DocStatus::Ok | DocStatus::Empty | DocStatus::Reused)) {
                out.insert(p.to_string(), Prior { sha256: sha.to_string(), ruleset: r.to_string(), rows: 0..0 });
            }
        }
    }
    Ok(out)
}

