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
pub mod progress;
pub mod report;
pub mod rules;
pub mod run;

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
    Run(run::Args),
    /// Extract facts from files or folders (recursive) into one table.
    Extract(extract::Args),
    /// Aggregate fact Parquet files (files or folders) into the series tables.
    Aggregate(aggregate::Args),
    /// Show tokens, every match with its rule, and each linker's choice with its reason.
    Explain(explain::Args),
    /// Check a pipeline config and report every error at once.
    Check(check::Args),
    /// Compare growth series across partners, or one series across documents: table and chart.
    Compare(compare::Args),
    /// Write one self-contained HTML report: facts highlighted in their texts, charts, conflicts.
    Report(report::Args),
    /// Time each stage on one thread (read, clean, tokenize, recognize, link): for benchmarks.
    Profile(profile::Args),
    /// List the recognizer rules: id, pattern, examples.
    Rules,
}

/// Outcome of a command: an exit code (0 ok, 1 some input failed, 2 usage or config error).
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Run(a) => run::run(a),
        Command::Extract(a) => extract::run(a),
        Command::Aggregate(a) => aggregate::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Check(a) => check::run(a),
        Command::Compare(a) => compare::run(a),
        Command::Report(a) => report::run(a),
        Command::Profile(a) => profile::run(a),
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
