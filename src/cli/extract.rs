//! `tradeseries extract INPUT... -o OUT`: files or folders to one fact table.

use std::path::{Path, PathBuf};

use crate::fact::ExtractOptions;
use crate::ingest::read::{collect, Encoding};
use crate::pipeline::{ruleset_hash, run_extract, skipped, DocStatus, RunOptions};
use crate::sink::open_fact_sink;

/// Prints what went wrong or was passed over; returns how many documents failed.
pub fn report(statuses: &[DocStatus]) -> usize {
    let mut n = 0;
    for s in statuses {
        match s.status.as_str() {
            "error" => {
                eprintln!("tradeseries: {}", s.error.as_deref().unwrap_or("failed"));
                n += 1;
            }
            "duplicate" | "skipped" => eprintln!("tradeseries: note: {}", s.error.as_deref().unwrap_or("")),
            _ => {}
        }
    }
    n
}

pub fn run(inputs: &[PathBuf], output: &Path, reporter: &str, threads: usize, encoding: &str) -> anyhow::Result<u8> {
    let encoding = Encoding::parse(encoding).ok_or_else(|| anyhow::anyhow!("--encoding '{encoding}': expected utf-8 or windows-1251"))?;
    let inputs = collect(inputs)?;
    let opts = ExtractOptions { reporter: reporter.to_string(), rates: Some(std::sync::Arc::new(crate::normalize::Rates::bundled())), ..Default::default() };
    let run = RunOptions { threads: super::threads(threads), encoding, ruleset: ruleset_hash(&opts), previous: None };
    let mut sink = open_fact_sink(output)?;
    let mut statuses = run_extract(inputs.files, &opts, sink.as_mut(), &run)?;
    sink.finish()?;
    statuses.extend(skipped(&inputs.skipped, &run));
    let failed = report(&statuses);
    let facts: u64 = statuses.iter().map(|s| s.facts).sum();
    eprintln!("tradeseries: {} document(s), {} failed, {} fact(s) -> {}", statuses.len(), failed, facts, output.display());
    Ok(if failed > 0 { 1 } else { 0 })
}
