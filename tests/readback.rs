//! Reads every output back with pyarrow, polars (Python) and DuckDB.
//! `.ci/run` installs them in a venv and sets TRADESERIES_PYTHON.

use std::process::Command;

use crate::util::*;

#[test]
fn outputs_open_in_pyarrow_polars_and_duckdb() {
    let python = std::env::var("TRADESERIES_PYTHON").unwrap_or_else(|_| "python3".into());
    let w = Workdir::new();
    let corpus = repo().join("pipelines/corpus");
    let cfg = pipeline(&w, &[&corpus], "out");
    let o = w.run(&["run", cfg.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let script = repo().join("tests/readback.py");
    // the fact columns as the schema list has them: the script checks every reader sees exactly these
    let columns = tradeseries::fact::column_names().join(",");
    let r = Command::new(&python).arg(&script).arg(w.path("out")).arg(&columns).output().unwrap_or_else(|e| panic!("{python}: {e} (run .ci/run, or set TRADESERIES_PYTHON to a python with pyarrow, polars, pandas, duckdb)"));
    assert!(r.status.success(), "readback failed:\n{}\n{}", String::from_utf8_lossy(&r.stdout), String::from_utf8_lossy(&r.stderr));
    let out = String::from_utf8_lossy(&r.stdout);
    assert!(out.contains("pyarrow ok") && out.contains("polars ok") && out.contains("pandas ok") && out.contains("duckdb ok"), "{out}");
}
