//! Pipeline: files -> documents -> facts, streamed to a sink.
//!
//! A reader thread reads files in order and sends them through a bounded
//! channel; documents are taken in batches (bounded by count and bytes) and
//! processed in parallel with rayon; each batch's facts are written, in input
//! order, as one row group. Memory holds at most a couple of batches, whatever
//! the size of the corpus, and the output order does not depend on threads.

use std::path::PathBuf;
use std::sync::mpsc::sync_channel;
use std::thread;

use rayon::prelude::*;

use crate::error::{IngestError, SinkError};
use crate::fact::{extract_facts, ExtractOptions, Fact};
use crate::ingest::read::{read_document, Document};
use crate::sink::FactSink;

/// What happened to one input document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocStatus {
    pub doc: String,
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
    pub facts: u64,
    /// "ok" or "error"
    pub status: String,
    pub error: Option<String>,
}

/// Limits of one in-flight batch.
const BATCH_DOCS: usize = 64;
const BATCH_BYTES: u64 = 64 << 20;

/// Runs ingest -> extract over `files`, writing facts to `sink`.
/// Per-document errors are recorded in the statuses; sink errors stop the run.
pub fn run_extract(files: Vec<PathBuf>, opts: &ExtractOptions, sink: &mut dyn FactSink, threads: usize) -> Result<Vec<DocStatus>, SinkError> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a rayon pool with a positive thread count builds");
    let (tx, rx) = sync_channel::<(PathBuf, Result<Document, IngestError>)>(BATCH_DOCS.min(4 * threads.max(1)));
    let reader = thread::spawn(move || {
        for f in files {
            let d = read_document(&f);
            if tx.send((f, d)).is_err() {
                break;
            }
        }
    });
    let mut statuses = Vec::new();
    let mut batch: Vec<(PathBuf, Result<Document, IngestError>)> = Vec::new();
    let mut bytes = 0u64;
    let mut flush = |batch: &mut Vec<(PathBuf, Result<Document, IngestError>)>, statuses: &mut Vec<DocStatus>| -> Result<(), SinkError> {
        let results: Vec<(DocStatus, Vec<Fact>)> = pool.install(|| batch.par_drain(..).map(|(path, d)| process(path, d, opts)).collect());
        let mut facts = Vec::new();
        for (st, fs) in results {
            statuses.push(st);
            facts.extend(fs);
        }
        sink.write_batch(&facts)
    };
    for item in rx {
        bytes += item.1.as_ref().map(|d| d.bytes).unwrap_or(0);
        batch.push(item);
        if batch.len() >= BATCH_DOCS || bytes >= BATCH_BYTES {
            flush(&mut batch, &mut statuses)?;
            bytes = 0;
        }
    }
    flush(&mut batch, &mut statuses)?;
    reader.join().expect("the reader thread does not panic");
    Ok(statuses)
}

fn process(path: PathBuf, d: Result<Document, IngestError>, opts: &ExtractOptions) -> (DocStatus, Vec<Fact>) {
    match d {
        Ok(doc) => {
            // A bug must not take the other documents down: a panic becomes this document's error.
            let facts = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extract_facts(&doc.id, &doc.text, opts))) {
                Ok(f) => f,
                Err(p) => {
                    let what = p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default();
                    let st = DocStatus {
                        doc: doc.id,
                        path: doc.path.display().to_string(),
                        bytes: doc.bytes,
                        sha256: doc.sha256,
                        facts: 0,
                        status: "error".into(),
                        error: Some(format!("{}: internal error while extracting: {what}", doc.path.display())),
                    };
                    return (st, Vec::new());
                }
            };
            let st = DocStatus {
                doc: doc.id,
                path: doc.path.display().to_string(),
                bytes: doc.bytes,
                sha256: doc.sha256,
                facts: facts.len() as u64,
                status: "ok".into(),
                error: None,
            };
            (st, facts)
        }
        Err(e) => {
            let doc = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            let st = DocStatus { doc, path: path.display().to_string(), bytes, sha256: String::new(), facts: 0, status: "error".into(), error: Some(e.to_string()) };
            (st, Vec::new())
        }
    }
}
