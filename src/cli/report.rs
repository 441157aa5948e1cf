//! `tradeseries report [DIR] [-o FILE]`: one self-contained HTML file for review.

use std::path::{Path, PathBuf};

pub fn run(dir: &Path, output: Option<PathBuf>, reporter: Option<&str>) -> anyhow::Result<u8> {
    let out = output.unwrap_or_else(|| dir.join("report.html"));
    let n = crate::report::write_report(dir, &out, reporter)?;
    eprintln!("tradeseries: report of {n} fact(s) -> {}", out.display());
    Ok(0)
}
