//! Dev-gold accuracy as a regression guard: run the pipeline on the bundled
//! corpus and score it with ../shared/eval/score.py. The figures themselves
//! are recorded in the README; this fails when they fall below the floor.

use std::path::PathBuf;
use std::process::Command;

use crate::util::*;

fn shared_eval() -> Option<PathBuf> {
    let p = repo().join("../shared/eval");
    p.join("score.py").exists().then_some(p)
}

#[test]
fn dev_gold_money_and_growth_value_f1() {
    let Some(eval) = shared_eval() else {
        // Only a checkout without ../shared beside it gets here; CI always has it.
        eprintln!("../shared/eval not found: accuracy not measured");
        return;
    };
    let python = std::env::var("TRADESERIES_PYTHON").unwrap_or_else(|_| "python3".into());
    let w = Workdir::new();
    let corpus = repo().join("pipelines/corpus");
    let o = w.run(&["extract", corpus.to_str().unwrap(), "-o", "facts.parquet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let r = Command::new(&python)
        .arg(eval.join("score.py"))
        .args(["--gold", eval.join("gold-dev.jsonl").to_str().unwrap(), "--scope", eval.join("scope-dev.json").to_str().unwrap(), "--json", "--pred"])
        .arg(w.path("facts.parquet"))
        .output()
        .expect("python runs");
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let s: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    let money = s["money"]["value"]["f1"].as_f64().unwrap();
    let growth = s["growth"]["value"]["f1"].as_f64().unwrap();
    assert!(money >= 0.93, "money value-F1 {money}");
    assert!(growth >= 0.85, "growth value-F1 {growth}");
}
