//! `tradeseries run [PIPELINE.toml] [--full]`: the whole pipeline into its output folder.
//!
//! A rerun reuses the facts of documents that did not change (same path, same
//! content, same rules and settings), extracts new and changed ones, drops
//! the facts of removed ones and aggregates again; its outputs equal those of
//! a run from scratch. All outputs are written to a staging folder and swapped
//! in at once (see `output`).

use std::path::PathBuf;
use std::time::Instant;

use crate::aggregate::{write_aggregates, AggregatingSink, Facts};
use crate::config::Pipeline;
use crate::extract::document::ExtractOptions;
use crate::ingest::read::collect;
use crate::storage::Staging;
use crate::pipeline::{previous_run, ruleset_hash, RunOptions};
use crate::sink::{FactSink, ParquetFactSink};
use super::extract::{extract_into, DocumentLog};
use super::progress::Progress;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The pipeline config.
    #[arg(default_value = "pipelines/default.toml")]
    pub pipeline: PathBuf,
    /// Worker threads (0: the config's value, or one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Extract every document again, reusing nothing from the last run.
    #[arg(long)]
    pub full: bool,
    /// No progress bar (there is none when stderr is not a terminal).
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let Args { pipeline, threads, full, quiet } = args;
    let path = pipeline.as_path();
    let p = match Pipeline::load(path) {
        Ok(p) => p,
        Err(errors) => {
            for e in &errors {
                eprintln!("tradeseries: {e}");
            }
            return Ok(2);
        }
    };
    let t0 = Instant::now();
    let inputs = collect(&p.inputs)?;
    let opts = ExtractOptions {
        reporter: p.reporter.clone(),
        kinds: p.recognizers.clone(),
        doc_dates: p.dates.clone(),
        doc_reporters: p.reporters.clone(),
        rates: Some(std::sync::Arc::new(p.rates.clone())),
        ..Default::default()
    };
    let dir = &p.output_dir;
    let staging = Staging::begin(dir).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
    let run = RunOptions {
        threads: super::threads(if threads > 0 { threads } else { p.threads }),
        encoding: p.encoding,
        ruleset: ruleset_hash(&opts),
        previous: if full { None } else { previous_run(dir) },
    };
    let facts_path = staging.dir().join("facts.parquet");
    // The aggregates' records are kept as the facts are written (their
    // temporary file in the staging folder), so the table need not be read back.
    let kept = std::sync::Arc::new(std::sync::Mutex::new(Facts::new(staging.dir())));
    let mut sink: Box<dyn FactSink> = Box::new(AggregatingSink { inner: ParquetFactSink::create(&facts_path)?, facts: kept.clone() });
    let mut log = DocumentLog::with_progress(Some(&staging.dir().join("documents.parquet")), Progress::new(&inputs.files, quiet))?;
    extract_into(inputs.files, &inputs.skipped, &opts, sink.as_mut(), &mut log, &run)?;
    sink.finish()?;
    let t = log.finish()?;
    let t_extract = t0.elapsed();
    let facts = std::sync::Arc::try_unwrap(kept).map_err(|_| anyhow::anyhow!("the fact sink is still in use"))?.into_inner().map_err(|_| anyhow::anyhow!("the fact writer failed while adding facts"))?;
    let nfacts = facts.rows;
    let w = write_aggregates(facts, staging.dir(), &p.aggregate)?;
    let (rows, tables) = (w.series_rows, w.tables.clone());
    let t_aggregate = t0.elapsed();
    crate::report::write_report(staging.dir(), &staging.dir().join("report.html"), None)?;
    staging.commit().map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
    let t_all = t0.elapsed();

    super::aggregate::report(&w);
    eprintln!(
        "tradeseries: pipeline '{}': {} document(s) ({:.1} MB): {} extracted, {} unchanged, {} duplicate, {} skipped, {} failed; {} fact(s), {} series row(s) ({} conflicting), {} growth row(s), year_partner: {} -> {} in {:.2}s (extract {:.2}s, aggregate {:.2}s, report {:.2}s)",
        p.name,
        t.documents,
        t.bytes as f64 / 1e6,
        t.extracted,
        t.reused,
        t.duplicate,
        t.skipped,
        t.failed,
        nfacts,
        rows,
        w.conflicts,
        w.growth_rows,
        if tables.is_empty() { "none".to_string() } else { tables.join(", ") },
        dir.display(),
        t_all.as_secs_f64(),
        t_extract.as_secs_f64(),
        (t_aggregate - t_extract).as_secs_f64(),
        (t_all - t_aggregate).as_secs_f64()
    );
    Ok(if t.failed > 0 { 1 } else { 0 })
}
