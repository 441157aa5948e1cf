//! `tradeseries compare DIR`: growth series across partners (or one series
//! across documents) as a table (Parquet, CSV, terminal) and a chart (SVG, PNG).

use std::path::{Path, PathBuf};

use crate::aggregate::{comparison, comparison_table, write_comparison, CompareSpec};
use crate::chart::{human, svg, write_atomic, write_png};

pub fn run(dir: &Path, spec: &CompareSpec, output: Option<PathBuf>) -> anyhow::Result<u8> {
    let lines = comparison(dir, spec)?;
    if lines.iter().all(|l| l.points.is_empty()) {
        anyhow::bail!("{}: no {} {} series for reporter {} and {}", dir.display(), spec.measure, spec.indicator, spec.reporter, if spec.partners.is_empty() { "any partner".to_string() } else { spec.partners.join(", ") });
    }
    let what = if spec.by_doc { format!("{} by document", spec.partners.join(",")) } else { lines.iter().map(|l| l.name.clone()).collect::<Vec<_>>().join(",") };
    let prefix = output.unwrap_or_else(|| dir.join(format!("compare_{}_{}", spec.indicator, if spec.by_doc { "docs" } else { &spec.measure })));
    let with = |ext: &str| PathBuf::from(format!("{}.{ext}", prefix.display()));
    let mut table = comparison_table(&lines)?;
    write_comparison(&mut table, &with("parquet"), &with("csv"))?;
    let (title, unit) = match (spec.by_doc, spec.measure.as_str()) {
        (true, _) => (format!("{} {} of {} with {}, by document", spec.reporter, spec.indicator, spec.reporter, spec.partners.join(",")), "US dollars"),
        (_, "level") => (format!("{} {} by partner", spec.reporter, spec.indicator), "US dollars"),
        (_, "index") => (format!("{} {} by partner, index", spec.reporter, spec.indicator), "index (base year = 100)"),
        _ => (format!("{} {} by partner, growth on the year before", spec.reporter, spec.indicator), "ratio new/old"),
    };
    let chart = svg(&title, unit, &lines);
    write_atomic(&with("svg"), chart.as_bytes())?;
    write_png(&chart, &with("png"))?;
    // a readable terminal table
    let years: std::collections::BTreeSet<i32> = lines.iter().flat_map(|l| l.points.iter().map(|p| p.0)).collect();
    let w = lines.iter().map(|l| l.name.len()).max().unwrap_or(8).max(10);
    outp!("{:>6}", "year");
    for l in &lines {
        outp!("  {:>w$}", l.name);
    }
    out!();
    for y in years {
        outp!("{y:>6}");
        for l in &lines {
            let v = l.points.iter().find(|p| p.0 == y).map(|p| human(p.1)).unwrap_or_else(|| "-".into());
            outp!("  {v:>w$}");
        }
        out!();
    }
    eprintln!("tradeseries: compared {what} -> {}.{{parquet,csv,svg,png}}", prefix.display());
    Ok(0)
}
