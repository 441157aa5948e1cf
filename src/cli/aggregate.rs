//! `tradeseries aggregate FACTS... -o DIR`: fact tables to the series tables.

use std::path::{Path, PathBuf};

use crate::aggregate::{read_facts, write_aggregates};

pub fn run(facts: &[PathBuf], output: &Path) -> anyhow::Result<u8> {
    let df = read_facts(facts)?;
    let n = df.height();
    let (rows, tables) = write_aggregates(df, output)?;
    eprintln!("tradeseries: {n} fact(s) -> {rows} series row(s), year_partner tables: {} -> {}", tables.join(", "), output.display());
    Ok(0)
}
