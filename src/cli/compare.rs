//! `tradeseries compare DIR`: growth series across partners (or one series
//! across documents) as a table (Parquet, CSV, terminal) and a chart (SVG, PNG).

use std::path::PathBuf;

use crate::aggregate::{chosen_reporter, comparison, comparison_table, write_comparison, CompareSpec, Measure};
use crate::chart::{human, svg, write_atomic, write_png};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A run's output folder (with growth.parquet and facts.parquet).
    #[arg(default_value = "output/default")]
    pub dir: PathBuf,
    /// The indicator: turnover, exports, imports, investment, exchange_trade, contracts, credit.
    #[arg(long, default_value = "turnover")]
    pub indicator: String,
    /// Partners, comma-separated (default: the three with the most years).
    #[arg(long, value_delimiter = ',')]
    pub partners: Vec<String>,
    /// The reporter (default: the one with the most full-year levels in the tables).
    #[arg(long)]
    pub reporter: Option<String>,
    /// What to draw of each series.
    #[arg(long, value_enum, default_value_t = Measure::Level)]
    pub measure: Measure,
    /// Compare one partner's series as each document states it.
    #[arg(long)]
    pub by_doc: bool,
    /// Output path without extension (default: DIR/compare_<indicator>_<measure>).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let Args { dir, indicator, partners, reporter, measure, by_doc, output } = args;
    let reporter = chosen_reporter(&dir, reporter.as_deref())?;
    let spec = &CompareSpec { reporter, indicator, partners, measure, by_doc };
    let dir = dir.as_path();
    let lines = comparison(dir, spec)?;
    if lines.iter().all(|l| l.points.is_empty()) {
        anyhow::bail!("{}: no {} {} series for reporter {} and {}", dir.display(), spec.measure.name(), spec.indicator, spec.reporter, if spec.partners.is_empty() { "any partner".to_string() } else { spec.partners.join(", ") });
    }
    let what = if spec.by_doc { format!("{} by document", spec.partners.join(",")) } else { lines.iter().map(|l| l.name.clone()).collect::<Vec<_>>().join(",") };
    let prefix = output.unwrap_or_else(|| dir.join(format!("compare_{}_{}", spec.indicator, if spec.by_doc { "docs" } else { spec.measure.name() })));
    let with = |ext: &str| PathBuf::from(format!("{}.{ext}", prefix.display()));
    let mut table = comparison_table(&lines)?;
    write_comparison(&mut table, &with("parquet"), &with("csv"))?;
    let (title, unit) = match (spec.by_doc, spec.measure) {
        (true, _) => (format!("{} {} of {} with {}, by document", spec.reporter, spec.indicator, spec.reporter, spec.partners.join(",")), "US dollars"),
        (_, Measure::Level) => (format!("{} {} by partner", spec.reporter, spec.indicator), "US dollars"),
        (_, Measure::Index) => (format!("{} {} by partner, index", spec.reporter, spec.indicator), "index (base year = 100)"),
        (_, Measure::Stated) => (format!("{} {} by partner, growth the texts state", spec.reporter, spec.indicator), "ratio new/old"),
        (_, Measure::Yoy) => (format!("{} {} by partner, growth on the year before", spec.reporter, spec.indicator), "ratio new/old"),
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
