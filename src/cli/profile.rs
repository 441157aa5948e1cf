//! `tradeseries profile INPUT...`: each stage's throughput on one thread
//! (read, clean, tokenize, recognize, link), for the benchmark: the documents
//! go through the run's own loop (`pipeline::run_extract`, one worker), with
//! each stage timed and the facts counted, not written.

use std::path::PathBuf;

use crate::error::SinkError;
use crate::extract::document::{ExtractOptions, StageTimes, STAGES};
use crate::fact::Fact;
use crate::ingest::read::{collect, Encoding};
use crate::pipeline::{ruleset_hash, run_extract, DocRecord, RunOptions};
use crate::sink::FactSink;

/// Counts the facts it is given.
struct Count(usize);

impl FactSink for Count {
    fn write_batch(&mut self, facts: &[Fact]) -> Result<(), SinkError> {
        self.0 += facts.len();
        Ok(())
    }
    fn finish(self: Box<Self>) -> Result<(), SinkError> {
        Ok(())
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Input files or folders.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let files = collect(&args.inputs)?.files;
    let times = std::sync::Arc::new(StageTimes::default());
    let opts = ExtractOptions { rates: Some(std::sync::Arc::new(crate::normalize::Rates::bundled())), timings: Some(times.clone()), ..Default::default() };
    let run = RunOptions { threads: 1, encoding: Encoding::Utf8, ruleset: ruleset_hash(&opts), previous: None };
    let mut facts = Count(0);
    let mut statuses: Vec<DocRecord> = Vec::new();
    run_extract(files, &opts, &mut facts, &mut statuses, &run)?;
    let bytes: u64 = statuses.iter().map(|s| s.bytes).sum();
    let mb = bytes as f64 / 1e6;
    out!("{mb:.1} MB, {} documents, {} facts, one worker", statuses.len(), facts.0);
    let t = times.get();
    let total: f64 = t.iter().map(|d| d.as_secs_f64()).sum();
    for (name, d) in STAGES.iter().zip(t) {
        out!("{name:>10}: {:>8.1} MB/s  ({:.2}s, {:.0}%)", mb / d.as_secs_f64().max(1e-9), d.as_secs_f64(), 100.0 * d.as_secs_f64() / total.max(1e-9));
    }
    out!("{:>10}: {:>8.1} MB/s  ({total:.2}s)", "all", mb / total.max(1e-9));
    Ok(0)
}
