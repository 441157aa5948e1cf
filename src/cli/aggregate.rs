//! `tradeseries aggregate FACTS... -o DIR`: fact tables to the series tables.

use std::path::{Path, PathBuf};

use crate::aggregate::{read_facts, write_aggregates, AggregateOptions, Written};

/// Prints the aggregate stage's summary, and what could not be converted to USD.
pub fn report(w: &Written) {
    if !w.unconverted.is_empty() {
        let list: Vec<String> = w.unconverted.iter().map(|(k, n)| format!("{k} ({n})")).collect();
        eprintln!("tradeseries: note: no USD rate for {} money fact(s): {}; amount_usd left empty", w.unconverted.values().sum::<usize>(), list.join(", "));
    }
}

pub fn run(facts: &[PathBuf], output: &Path) -> anyhow::Result<u8> {
    // The aggregates' temporary file goes where the tables go.
    std::fs::create_dir_all(output).map_err(|e| anyhow::anyhow!("{}: {e}", output.display()))?;
    let facts = read_facts(facts, output)?;
    let n = facts.rows;
    let w = write_aggregates(facts, output, &AggregateOptions::default())?;
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
