//! `tradeseries extract INPUT... -o OUT`: files or folders to one fact table.

use std::path::{Path, PathBuf};

use crate::extract::document::ExtractOptions;
use crate::ingest::read::{collect, Encoding};
use crate::error::SinkError;
use crate::fact::DocStatus;
use crate::pipeline::{ruleset_hash, run_extract, skipped, DocRecord, RunOptions, StatusSink};
use crate::sink::{open_fact_sink, DocumentsWriter};
use super::progress::Progress;

/// The documents of a run as their statuses come: each is written to
/// documents.parquet (if the run writes one) and counted, and what went wrong
/// or was passed over is printed; no row is held (a corpus of short news
/// items has a row per few kilobytes of text).
pub struct DocumentLog {
    out: Option<DocumentsWriter>,
    progress: Progress,
    /// Rows not yet handed to the writer (a batch of Arrow rows at a time).
    pending: Vec<DocRecord>,
    tally: Tally,
}

/// What a run's documents came to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub documents: usize,
    pub bytes: u64,
    pub facts: u64,
    /// "ok" and "empty"
    pub extracted: usize,
    pub reused: usize,
    pub duplicate: usize,
    pub skipped: usize,
    pub failed: usize,
}

const PENDING_ROWS: usize = 1024;

impl DocumentLog {
    /// Rows go to documents.parquet at `out`, if given.
    pub fn new(out: Option<&Path>) -> Result<DocumentLog, SinkError> {
        DocumentLog::with_progress(out, Progress::hidden())
    }

    /// As `new`, advancing `progress` by each document.
    pub fn with_progress(out: Option<&Path>, progress: Progress) -> Result<DocumentLog, SinkError> {
        Ok(DocumentLog { out: out.map(DocumentsWriter::create).transpose()?, progress, pending: Vec::new(), tally: Tally::default() })
    }

    /// Writes the last rows and makes documents.parquet visible.
    pub fn finish(mut self) -> Result<Tally, SinkError> {
        self.progress.finish();
        if let Some(mut w) = self.out.take() {
            w.write(&self.pending)?;
            w.finish()?;
        }
        Ok(self.tally)
    }
}

impl StatusSink for DocumentLog {
    fn add(&mut self, s: DocRecord) -> Result<(), SinkError> {
        let t = &mut self.tally;
        t.documents += 1;
        t.bytes += s.bytes;
        t.facts += s.facts;
        self.progress.document(s.bytes, t.documents);
        match s.status {
            DocStatus::Error => {
                self.progress.note(&format!("tradeseries: {}", s.error.as_deref().unwrap_or("failed")));
                t.failed += 1;
            }
            DocStatus::Duplicate | DocStatus::Skipped => {
                self.progress.note(&format!("tradeseries: note: {}", s.error.as_deref().unwrap_or("")));
                if s.status == DocStatus::Duplicate { t.duplicate += 1 } else { t.skipped += 1 }
            }
            DocStatus::Reused => t.reused += 1,
            _ => t.extracted += 1,
        }
        if let Some(w) = &mut self.out {
            self.pending.push(s);
            if self.pending.len() >= PENDING_ROWS {
                w.write(&self.pending)?;
                self.pending.clear();
            }
        }
        Ok(())
    }
}

/// Extracts `files` into `sink`, then lists the `passed_over` files; every
/// status goes to `log`.
pub fn extract_into(files: Vec<PathBuf>, passed_over: &[(PathBuf, String)], opts: &ExtractOptions, sink: &mut dyn crate::sink::FactSink, log: &mut DocumentLog, run: &RunOptions) -> Result<(), SinkError> {
    run_extract(files, opts, sink, log, run)?;
    for s in skipped(passed_over, run) {
        log.add(s)?;
    }
    Ok(())
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Input files or folders.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output: a path ending in .parquet, .jsonl or .csv, or - for JSONL on stdout.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Default reporter (ISO3 or group code).
    #[arg(long, default_value = crate::fact::DEFAULT_REPORTER)]
    pub reporter: String,
    /// Worker threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Encoding of files that are not UTF-8: utf-8 refuses them.
    #[arg(long, value_enum, default_value_t = Encoding::Utf8)]
    pub encoding: Encoding,
    /// No progress bar (there is none when stderr is not a terminal).
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let Args { inputs, output, reporter, threads, encoding, quiet } = args;
    let (output, reporter) = (output.as_path(), reporter.as_str());
    let inputs = collect(&inputs)?;
    let opts = ExtractOptions { reporter: reporter.to_string(), rates: Some(std::sync::Arc::new(crate::normalize::Rates::bundled())), ..Default::default() };
    let run = RunOptions { threads: super::threads(threads), encoding, ruleset: ruleset_hash(&opts), previous: None };
    let mut sink = open_fact_sink(output)?;
    let mut log = DocumentLog::with_progress(None, Progress::new(&inputs.files, quiet))?;
    extract_into(inputs.files, &inputs.skipped, &opts, sink.as_mut(), &mut log, &run)?;
    sink.finish()?;
    let t = log.finish()?;
    eprintln!("tradeseries: {} document(s), {} failed, {} fact(s) -> {}", t.documents, t.failed, t.facts, output.display());
    Ok(if t.failed > 0 { 1 } else { 0 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::*;

    fn status(k: usize) -> DocRecord {
        let kinds = ["ok", "empty", "reused", "duplicate", "skipped", "error", "ok"];
        let st = kinds[k % kinds.len()];
        DocRecord {
            doc: format!("d{k}.txt"),
            path: format!("in/d{k}.txt"),
            bytes: k as u64 * 10,
            sha256: format!("{k:064x}"),
            facts: if st == "ok" { k as u64 % 5 } else { 0 },
            status: DocStatus::parse(st).unwrap(),
            error: matches!(st, "duplicate" | "skipped" | "error").then(|| format!("in/d{k}.txt: {st}")),
            encoding: "utf-8".into(),
            ruleset: "r1".into(),
            note: (k % 4 == 1).then(|| "written in Cyrillic script".to_string()),
        }
    }

    #[test]
    fn the_log_writes_every_status_in_order_and_counts_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("documents.parquet");
        let all: Vec<DocRecord> = (0..PENDING_ROWS * 2 + 7).map(status).collect();
        let mut log = DocumentLog::new(Some(&path)).unwrap();
        for s in &all {
            log.add(s.clone()).unwrap();
        }
        assert!(!path.exists(), "documents.parquet is visible only once finished");
        let t = log.finish().unwrap();
        let count = |st: &str| all.iter().filter(|s| s.status.as_str() == st).count();
        assert_eq!(
            t,
            Tally {
                documents: all.len(),
                bytes: all.iter().map(|s| s.bytes).sum(),
                facts: all.iter().map(|s| s.facts).sum(),
                extracted: count("ok") + count("empty"),
                reused: count("reused"),
                duplicate: count("duplicate"),
                skipped: count("skipped"),
                failed: count("error"),
            }
        );
        let df = ParquetReader::new(std::fs::File::open(&path).unwrap()).finish().unwrap();
        assert_eq!(df.height(), all.len());
        let paths: Vec<&str> = df.column("path").unwrap().str().unwrap().iter().map(Option::unwrap).collect();
        assert_eq!(paths, all.iter().map(|s| s.path.as_str()).collect::<Vec<_>>());
        let errors: Vec<Option<&str>> = df.column("error").unwrap().str().unwrap().iter().collect();
        assert_eq!(errors, all.iter().map(|s| s.error.as_deref()).collect::<Vec<_>>());
        let bytes: Vec<i64> = df.column("bytes").unwrap().i64().unwrap().into_no_null_iter().collect();
        assert_eq!(bytes, all.iter().map(|s| s.bytes as i64).collect::<Vec<_>>());
        // a rerun reads its manifest from it: the documents read in full
        let manifest = crate::run::read_manifest(&path).unwrap();
        assert_eq!(manifest.len(), count("ok") + count("empty") + count("reused"));
        let d2 = &manifest["in/d2.txt"];
        assert_eq!((d2.sha256.as_str(), d2.ruleset.as_str(), d2.rows.clone()), (format!("{:064x}", 2).as_str(), "r1", 0..0));
    }

    #[test]
    fn a_rerun_finds_where_each_documents_facts_are_or_says_why_it_cannot() {
        use crate::sink::{FactSink, ParquetFactSink};
        let dir = tempfile::tempdir().unwrap();
        let mut log = DocumentLog::new(Some(&dir.path().join("documents.parquet"))).unwrap();
        for k in 0..14 {
            log.add(status(k)).unwrap();
        }
        log.finish().unwrap();
        // facts of in/d0.txt, in/d6.txt, in/d2.txt in that order (in/d1.txt, "empty", has none)
        let text = "In 2024 trade turnover with China exceeded $8.5 billion. Exports to Uzbekistan grew 1.4 times in 2023.";
        let opts = crate::extract::document::ExtractOptions::default();
        let facts: Vec<Vec<crate::fact::Fact>> = [0, 6, 2].iter().map(|k| crate::extract::document::extract_facts(&format!("d{k}.txt"), &format!("in/d{k}.txt"), text, &opts)).collect();
        let n = facts[0].len();
        assert!(n >= 2);
        let mut sink = ParquetFactSink::create(&dir.path().join("facts.parquet")).unwrap();
        for f in &facts {
            sink.write_batch(f).unwrap();
        }
        Box::new(sink).finish().unwrap();
        let prev = crate::pipeline::previous_run(dir.path()).unwrap();
        assert_eq!(prev.manifest["in/d0.txt"].rows, 0..n);
        assert_eq!(prev.manifest["in/d6.txt"].rows, n..2 * n);
        assert_eq!(prev.manifest["in/d2.txt"].rows, 2 * n..3 * n);
        assert!(prev.manifest["in/d1.txt"].rows.is_empty());
        assert_eq!(prev.manifest["in/d2.txt"].sha256, format!("{:064x}", 2));
        // a fact table that cannot be read: nothing is reused (every document is read again)
        std::fs::write(dir.path().join("facts.parquet"), b"not a Parquet file").unwrap();
        assert!(crate::pipeline::previous_run(dir.path()).is_none());
    }

    #[test]
    fn a_log_not_finished_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = DocumentLog::new(Some(&dir.path().join("documents.parquet"))).unwrap();
        for k in 0..PENDING_ROWS + 1 {
            log.add(status(k)).unwrap();
        }
        drop(log);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
