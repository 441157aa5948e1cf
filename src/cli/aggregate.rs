//! `tradeseries aggregate FACTS... -o DIR`: fact tables to the series tables.
//!
//! The tables are written into a staging folder and swapped in at once, as
//! `run` does (see `storage::staging`), so `report DIR` works on the result.

use std::path::PathBuf;

use crate::aggregate::{read_facts, write_aggregates, AggregateOptions, Written};
use crate::storage::{staging::holds, Staging};

/// Prints the aggregate stage's summary, and what could not be converted to USD.
pub fn report(w: &Written) {
    if !w.unconverted.is_empty() {
        let list: Vec<String> = w.unconverted.iter().map(|(k, n)| format!("{k} ({n})")).collect();
        eprintln!("tradeseries: note: no USD rate for {} money fact(s): {}; amount_usd left empty", w.unconverted.values().sum::<usize>(), list.join(", "));
    }
    if w.unscoped > 0 {
        eprintln!("tradeseries: note: {} fact(s) have no scope or status (a table written before those columns, or by another producer): they stay in series.parquet, and no year-by-partner or growth table takes them", w.unscoped);
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Fact tables with the FACTS.md columns.
    #[arg(required = true)]
    pub facts: Vec<PathBuf>,
    /// Output folder.
    #[arg(short, long)]
    pub output: PathBuf,
    /// The pipeline's reporter: another country's turnover with it lands in its row of the tables.
    #[arg(long, default_value = crate::fact::DEFAULT_REPORTER)]
    pub reporter: String,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let Args { facts, output, reporter } = args;
    let (facts, output, reporter) = (facts.as_slice(), output.as_path(), reporter.as_str());
    if let Some(f) = facts.iter().find(|f| holds(output, f)) {
        anyhow::bail!("{}: is inside the output folder {}, which aggregate replaces whole: write the tables to another folder", f.display(), output.display());
    }
    let staging = Staging::begin(output).map_err(|e| anyhow::anyhow!("{}: {e}", output.display()))?;
    // The aggregates' temporary file goes where the tables go.
    let facts = read_facts(facts, staging.dir())?;
    let n = facts.rows;
    let opts = AggregateOptions { reporter: Some(reporter.to_string()), ..AggregateOptions::default() };
    let w = write_aggregates(facts, staging.dir(), &opts)?;
    staging.commit().map_err(|e| anyhow::anyhow!("{}: {e}", output.display()))?;
    report(&w);
    eprintln!(
        "tradeseries: {n} fact(s) -> {} series row(s) ({} with conflicting sources), {} growth row(s), year_partner tables: {} -> {}",
        w.series_rows,
        w.conflicts,
        w.growth_rows,
        w.tables.join(", "),
        output.display()
    );
    Ok(0)
}
