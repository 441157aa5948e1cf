//! `tradeseries extract INPUT... -o OUT`: files or folders to one fact table.

use std::path::{Path, PathBuf};

use crate::fact::ExtractOptions;
use crate::ingest::read::collect_inputs;
use crate::pipeline::{run_extract, DocStatus};
use crate::sink::open_fact_sink;

/// Prints per-document errors and returns how many failed.
pub fn report_errors(statuses: &[DocStatus]) -> usize {
    let mut n = 0;
    for s in statuses.iter().filter(|s| s.status != "ok") {
        eprintln!("tradeseries: {}", s.error.as_deref().unwrap_or("failed"));
        n += 1;
    }
    n
}

pub fn run(inputs: &[PathBuf], output: &Path, reporter: &str, threads: usize) -> anyhow::Result<u8> {
    let files = collect_inputs(inputs)?;
    let opts = ExtractOptions { reporter: reporter.to_string(), ..Default::default() };
    let mut sink = open_fact_sink(output)?;
    let statuses = run_extract(files, &opts, sink.as_mut(), super::threads(threads))?;
    sink.finish()?;
    let failed = report_errors(&statuses);
    let facts: u64 = statuses.iter().map(|s| s.facts).sum();
    eprintln!("tradeseries: {} document(s), {} failed, {} fact(s) -> {}", statuses.len(), failed, facts, output.display());
    Ok(if failed > 0 { 1 } else { 0 })
}
