//! `tradeseries run [PIPELINE.toml]`: the whole pipeline into its output folder.

use std::path::Path;
use std::time::Instant;

use crate::aggregate::{read_facts, write_aggregates};
use crate::config::Pipeline;
use crate::fact::ExtractOptions;
use crate::ingest::read::collect_inputs;
use crate::pipeline::run_extract;
use crate::sink::{write_documents, FactSink, ParquetFactSink};

pub fn run(path: &Path, threads: usize) -> anyhow::Result<u8> {
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
    let files = collect_inputs(&p.inputs)?;
    let threads = super::threads(if threads > 0 { threads } else { p.threads });
    let opts = ExtractOptions { reporter: p.reporter.clone(), kinds: p.recognizers.clone(), ..Default::default() };
    let dir = &p.output_dir;
    std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
    let facts_path = dir.join("facts.parquet");
    let mut sink: Box<dyn FactSink> = Box::new(ParquetFactSink::create(&facts_path)?);
    let statuses = if p.dates.is_empty() {
        run_extract(files, &opts, sink.as_mut(), threads)?
    } else {
        // Documents with a configured date run with it; the order of inputs is kept.
        let mut all = Vec::new();
        for f in files {
            let id = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let o = ExtractOptions { date: p.dates.get(&id).copied(), ..opts.clone() };
            all.extend(run_extract(vec![f], &o, sink.as_mut(), threads)?);
        }
        all
    };
    sink.finish()?;
    write_documents(&dir.join("documents.parquet"), &statuses)?;
    let bytes: u64 = statuses.iter().map(|s| s.bytes).sum();
    let failed = super::extract::report_errors(&statuses);
    let nfacts: u64 = statuses.iter().map(|s| s.facts).sum();
    let facts = read_facts(&[facts_path.clone()])?;
    let (rows, tables) = write_aggregates(facts, dir)?;
    let secs = t0.elapsed().as_secs_f64();
    eprintln!(
        "tradeseries: pipeline '{}': {} document(s) ({:.1} MB), {} failed, {} fact(s), {} series row(s), year_partner: {} -> {} in {:.2}s",
        p.name,
        statuses.len(),
        bytes as f64 / 1e6,
        failed,
        nfacts,
        rows,
        if tables.is_empty() { "none".to_string() } else { tables.join(", ") },
        dir.display(),
        secs
    );
    Ok(if failed > 0 { 1 } else { 0 })
}
