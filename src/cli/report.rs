//! `tradeseries report [DIR] [-o FILE]`: one self-contained HTML file for review.

use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A run's output folder.
    #[arg(default_value = "output/default")]
    pub dir: PathBuf,
    /// The HTML file (default: DIR/report.html).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Chart only this reporter's series (default: every reporter in the tables, most levels first).
    #[arg(long)]
    pub reporter: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let out = args.output.unwrap_or_else(|| args.dir.join("report.html"));
    let n = crate::report::write_report(&args.dir, &out, args.reporter.as_deref())?;
    eprintln!("tradeseries: report of {n} fact(s) -> {}", out.display());
    Ok(0)
}
