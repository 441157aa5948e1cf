//! The one integration-test binary (one link of polars, not one per file).

// Workdir: temp folders, the real binary, Parquet read back.
mod util;

// Subcommands through the real binary: run, extract, aggregate, explain, check, rules.
mod cli;

// Bad input: unreadable, invalid UTF-8, binary files among good ones.
mod bad_input;

// Reruns: incremental equals full; kill -9 at random moments.
mod rerun;

// compare and report (the report in headless chromium).
mod report;

// Outputs read back by pyarrow, polars (Python) and DuckDB.
mod readback;

// Peer suites (Recognizers-Text, Duckling, quantulum3) as spec tests, with known gaps.
mod peers;

// Linking specs as data (tests/specs/*.toml).
mod specs;

// Regressions named after their issue (r<issue>_<what>).
mod regression;

// The bundled rates against ../shared/rates; the corpus fully converted.
mod rates;

// Accuracy on the dev gold (../shared/eval), a regression guard.
mod accuracy;
