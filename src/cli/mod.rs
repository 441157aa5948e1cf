//! The command line: one file per subcommand.

/// `println!` to stdout that returns the write error instead of panicking:
/// a closed pipe (`tradeseries rules | head`) ends the command with exit 0
/// (main), not a panic (issue 15).
macro_rules! out {
    () => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock())?
    }};
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($t)*)?
    }};
}

/// `print!` to stdout, as [`out!`].
macro_rules! outp {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($t)*)?
    }};
}

pub mod aggregate;
pub mod check;
pub mod compare;
pub mod explain;
pub mod extract;
pub mod profile;
pub mod report;
pub mod rules;
pub mod run;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Turns narrative texts about foreign trade into facts and year-by-partner time series.
#[derive(Debug, Parser)]
#[command(name = "tradeseries", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a pipeline config (default: pipelines/default.toml) into its output folder.
    Run {
        /// The pipeline config.
        #[arg(default_value = "pipelines/default.toml")]
        pipeline: PathBuf,
        /// Worker threads (0: the config's value, or one per core).
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// Extract every document again, reusing nothing from the last run.
        #[arg(long)]
        full: bool,
    },
    /// Extract facts from files or folders (recursive) into one table.
    Extract {
        /// Input files or folders.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output: a path ending in .parquet, .jsonl or .csv, or - for JSONL on stdout.
        #[arg(short, long)]
        output: PathBuf,
        /// Default reporter (ISO3 or group code).
        #[arg(long, default_value = crate::config::DEFAULT_REPORTER)]
        reporter: String,
        /// Worker threads (0: one per core).
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// Encoding of files that are not UTF-8: utf-8 (refuse them) or windows-1251.
        #[arg(long, default_value = "utf-8")]
        encoding: String,
    },
    /// Aggregate fact Parquet files (files or folders) into the series tables.
    Aggregate {
        /// Fact tables with the FACTS.md columns.
        #[arg(required = true)]
        facts: Vec<PathBuf>,
        /// Output folder.
        #[arg(short, long)]
        output: PathBuf,
        /// The pipeline's reporter: another country's turnover with it lands in its row of the tables.
        #[arg(long, default_value = crate::config::DEFAULT_REPORTER)]
        reporter: String,
    },
    /// Show tokens, every match with its rule, and each linker's choice with its reason.
    Explain {
        /// The text to explain.
        text: String,
        /// Default reporter.
        #[arg(long, default_value = crate::config::DEFAULT_REPORTER)]
        reporter: String,
        /// The document's date (YYYY or YYYY-MM) for "last year" and "this year".
        #[arg(long)]
        date: Option<String>,
    },
    /// Check a pipeline config and report every error at once.
    Check {
        pipeline: PathBuf,
    },
    /// Compare growth series across partners, or one series across documents: table and chart.
    Compare {
        /// A run's output folder (with growth.parquet and facts.parquet).
        #[arg(default_value = "output/default")]
        dir: PathBuf,
        /// The indicator: turnover, exports, imports, investment, exchange_trade, contracts, credit.
        #[arg(long, default_value = "turnover")]
        indicator: String,
        /// Partners, comma-separated (default: the three with the most years).
        #[arg(long, value_delimiter = ',')]
        partners: Vec<String>,
        /// The reporter (default: the one with the most full-year levels in the tables).
        #[arg(long)]
        reporter: Option<String>,
        /// level (USD), yoy (computed growth), stated (growth the texts state) or index.
        #[arg(long, default_value = "level")]
        measure: String,
        /// Compare one partner's series as each document states it.
        #[arg(long)]
        by_doc: bool,
        /// Output path without extension (default: DIR/compare_<indicator>_<measure>).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Write one self-contained HTML report: facts highlighted in their texts, charts, conflicts.
    Report {
        /// A run's output folder.
        #[arg(default_value = "output/default")]
        dir: PathBuf,
        /// The HTML file (default: DIR/report.html).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Chart only this reporter's series (default: every reporter in the tables, most levels first).
        #[arg(long)]
        reporter: Option<String>,
    },
    /// Time each stage on one thread (read, clean, tokenize, recognize, link): for benchmarks.
    Profile {
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// List the recognizer rules: id, pattern, examples.
    Rules,
}

/// Outcome of a command: an exit code (0 ok, 1 some input failed, 2 usage or config error).
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Run { pipeline, threads, full } => run::run(&pipeline, threads, full),
        Command::Extract { inputs, output, reporter, threads, encoding } => extract::run(&inputs, &output, &reporter, threads, &encoding),
        Command::Aggregate { facts, output, reporter } => aggregate::run(&facts, &output, &reporter),
        Command::Explain { text, reporter, date } => explain::run(&text, &reporter, date.as_deref()),
        Command::Check { pipeline } => check::run(&pipeline),
        Command::Compare { dir, indicator, partners, reporter, measure, by_doc, output } => {
            let reporter = crate::aggregate::chosen_reporter(&dir, reporter.as_deref())?;
            compare::run(&dir, &crate::aggregate::CompareSpec { reporter, indicator, partners, measure, by_doc }, output)
        }
        Command::Report { dir, output, reporter } => report::run(&dir, output, reporter.as_deref()),
        Command::Profile { inputs } => profile::run(&inputs),
        Command::Rules => rules::run(),
    }
}

/// Threads to use: the request, else one per core.
pub fn threads(n: usize) -> usize {
    if n > 0 {
        n
    } else {
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    }
}
