//! Batch reruns: incremental runs equal full runs; a run killed at any moment
//! leaves complete outputs; the next run completes.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use polars::prelude::*;

use crate::util::*;

fn run(w: &Workdir, cfg: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["run", cfg.to_str().unwrap()];
    args.extend_from_slice(extra);
    w.run(&args)
}

fn table(w: &Workdir, out: &str, name: &str) -> DataFrame {
    read_parquet(&w.path(&format!("{out}/{name}")))
}

fn same(a: &DataFrame, b: &DataFrame) -> bool {
    a.shape() == b.shape() && a.equals_missing(b)
}

#[test]
fn an_incremental_rerun_equals_a_full_run() {
    let w = Workdir::new();
    let corpus = repo().join("pipelines/corpus");
    for name in ["002_264ad3533a9ad359.txt", "003_c5fea0082e6df34a.txt", "004_c44bb15faff12aed.txt"] {
        fs::copy(corpus.join(name), w.path(&format!("in/{name}")).tap_parent()).unwrap();
    }
    let cfg = w.write("p.toml", format!("name = \"t\"\n[input]\npaths = [{:?}]\n[output]\ndir = \"out\"\n", w.path("in").display().to_string()));
    let o = run(&w, &cfg, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    // change one, remove one, add one (the one kept is the last of the
    // previous table: its facts are read from rows after the others')
    let mut changed = fs::read_to_string(w.path("in/002_264ad3533a9ad359.txt")).unwrap();
    changed.push_str("\nIn 2020, exports to China grew by 12% to $1.2 billion.\n");
    fs::write(w.path("in/002_264ad3533a9ad359.txt"), changed).unwrap();
    fs::remove_file(w.path("in/003_c5fea0082e6df34a.txt")).unwrap();
    w.write("in/005_new.txt", "In 2023, trade with Kazakhstan exceeded $1 billion, up 10%.\n");
    let o = run(&w, &cfg, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("2 extracted, 1 unchanged"), "{}", stderr(&o));
    let docs = table(&w, "out", "documents.parquet");
    let st = docs.column("status").unwrap().str().unwrap().clone();
    assert_eq!((0..st.len()).map(|i| st.get(i).unwrap()).collect::<Vec<_>>(), ["ok", "reused", "ok"]);
    let reused_facts = docs.column("facts").unwrap().cast(&DataType::Int64).unwrap().i64().unwrap().get(1).unwrap();
    assert!(reused_facts > 0, "the reused document has facts to read back");
    // the same inputs from scratch
    let full = w.write("full.toml", format!("name = \"t\"\n[input]\npaths = [{:?}]\n[output]\ndir = \"full\"\n", w.path("in").display().to_string()));
    let o = run(&w, &full, &["--full"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for t in ["facts.parquet", "series.parquet", "year_partner/turnover.parquet"] {
        assert!(same(&table(&w, "out", t), &table(&w, "full", t)), "{t} differs");
    }
    let facts = table(&w, "out", "facts.parquet");
    let docs_in_facts = facts.column("doc").unwrap().str().unwrap().clone();
    assert!((0..docs_in_facts.len()).all(|i| docs_in_facts.get(i) != Some("003_c5fea0082e6df34a.txt")), "facts of a removed document remain");
}

trait TapParent {
    fn tap_parent(self) -> Self;
}
impl TapParent for std::path::PathBuf {
    fn tap_parent(self) -> Self {
        fs::create_dir_all(self.parent().unwrap()).unwrap();
        self
    }
}

/// A small deterministic generator (no dependency): the kill points.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn a_run_killed_at_any_moment_leaves_complete_outputs() {
    let w = Workdir::new();
    let corpus = repo().join("pipelines/corpus");
    for copy in 0..3 {
        for e in fs::read_dir(&corpus).unwrap().flatten() {
            let name = format!("c{copy}_{}", e.file_name().to_string_lossy());
            let mut text = fs::read_to_string(e.path()).unwrap();
            text.push_str(&format!("\nCopy {copy}.\n"));
            fs::write(w.path(&format!("in/{name}")).tap_parent(), text).unwrap();
        }
    }
    let cfg = w.write("p.toml", format!("name = \"t\"\n[input]\npaths = [{:?}]\n[output]\ndir = \"out\"\n", w.path("in").display().to_string()));
    let t0 = Instant::now();
    let o = run(&w, &cfg, &["--full"]);
    let took = t0.elapsed();
    assert!(o.status.success(), "{}", stderr(&o));
    let base_facts = table(&w, "out", "facts.parquet");
    let base_series = table(&w, "out", "series.parquet");

    let mut rng = Lcg(20261123);
    let kills = 30;
    let mut killed_mid_run = 0;
    for k in 0..kills {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tradeseries"))
            .args(["run", cfg.to_str().unwrap(), "--full"])
            .current_dir(w.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let at = Duration::from_micros(rng.next() % (took.as_micros() as u64 * 8 / 10).max(1));
        sleep(at);
        if child.try_wait().unwrap().is_none() {
            killed_mid_run += 1;
        }
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();
        // Whatever the moment: the outputs are the previous complete ones or the new complete ones.
        let facts = table(&w, "out", "facts.parquet");
        assert!(same(&facts, &base_facts), "kill {k} at {at:?}: facts.parquet is not a complete table");
        assert!(same(&table(&w, "out", "series.parquet"), &base_series), "kill {k}: series.parquet differs");
        let docs = table(&w, "out", "documents.parquet");
        let n: i64 = docs.column("facts").unwrap().i64().unwrap().sum().unwrap();
        assert_eq!(n as usize, facts.height(), "kill {k}: documents.parquet does not match facts.parquet");
    }
    assert!(killed_mid_run >= kills / 3, "only {killed_mid_run} of {kills} kills landed mid-run");
    eprintln!("kill test: {kills} kills, {killed_mid_run} mid-run");
    // The next run completes, and leaves nothing behind.
    let o = run(&w, &cfg, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(same(&table(&w, "out", "facts.parquet"), &base_facts));
    let stray: Vec<_> = fs::read_dir(w.dir.path()).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().contains("staging")).collect();
    assert!(stray.is_empty(), "{stray:?}");
}
