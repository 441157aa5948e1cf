//! Linking specs as data (tests/specs/*.toml): short passages, each showing
//! one rule of FACTS.md, with the attributes expected of their figures.
//!
//! A case:
//!
//! ```toml
//! [[case]]
//! rule = "partner: the clause that holds the figure decides"
//! text = "In 2023, supplies to Kazakhstan rose 3 times, to Armenia by 45% ($8 million)."
//! date = "2024-02"          # optional: the document's date
//! reporter = "BLR"          # optional: the pipeline's reporter (default BLR)
//! known_gap = "why"         # optional: expected to fail, with the reason
//! [[case.expect]]
//! mention = "$8 million"    # the figure, as written
//! partner = "ARM"           # any fact column; unlisted ones are not checked
//! ```
//!
//! `partner = ""` (or `year = 0`) expects null. Every failure is collected and
//! printed together; a known gap that passes is a failure too (the marker is
//! stale).

use std::collections::BTreeMap;

use serde::Deserialize;
use tradeseries::extract::document::{extract_facts, ExtractOptions};
use tradeseries::fact::{Cell, Fact, COLUMNS};

use crate::util::repo;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    rule: String,
    text: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    reporter: Option<String>,
    #[serde(default)]
    known_gap: Option<String>,
    expect: Vec<BTreeMap<String, toml::Value>>,
}

/// The cell of `f` in column `name`, as a TOML value (null as "" or 0).
fn cell(f: &Fact, name: &str) -> Option<toml::Value> {
    let c = COLUMNS.iter().find(|c| c.name == name)?;
    Some(match (c.get)(f) {
        Cell::Str(s) => toml::Value::String(s.to_string()),
        Cell::Int(i) => toml::Value::Integer(i),
        Cell::Float(x) => toml::Value::Float(x),
        Cell::Null => match c.ty {
            tradeseries::fact::ColType::Str => toml::Value::String(String::new()),
            _ => toml::Value::Integer(0),
        },
    })
}

fn same(want: &toml::Value, got: &toml::Value) -> bool {
    match (want, got) {
        (toml::Value::Float(a), toml::Value::Float(b)) => (a - b).abs() <= 1e-9 * a.abs().max(1.0),
        (toml::Value::Integer(a), toml::Value::Float(b)) => (*a as f64 - b).abs() <= 1e-9 * b.abs().max(1.0),
        (a, b) => a == b,
    }
}

/// The failures of one case (empty: it passes).
fn check(case: &Case) -> Vec<String> {
    let mut opts = ExtractOptions { bare_figures: true, ..Default::default() };
    if let Some(r) = &case.reporter {
        opts.reporter = r.clone();
    }
    if let Some(d) = &case.date {
        opts.date = tradeseries::config::parse_date(d);
        assert!(opts.date.is_some(), "{}: date '{d}' is not YYYY or YYYY-MM", case.rule);
    }
    let facts = extract_facts("spec.txt", "spec.txt", &case.text, &opts);
    let mut out = Vec::new();
    for e in &case.expect {
        let Some(toml::Value::String(mention)) = e.get("mention") else {
            out.push("an expectation without a mention".into());
            continue;
        };
        let Some(f) = facts.iter().find(|f| &f.mention == mention) else {
            out.push(format!("{mention:?} not read (read: {:?})", facts.iter().map(|f| f.mention.as_str()).collect::<Vec<_>>()));
            continue;
        };
        for (k, want) in e.iter().filter(|(k, _)| k.as_str() != "mention") {
            match cell(f, k) {
                None => out.push(format!("{mention:?}: no column {k}")),
                Some(got) if !same(want, &got) => out.push(format!("{mention:?}: {k} = {got}, expected {want}   [{}]", f.why)),
                _ => {}
            }
        }
    }
    out
}

#[test]
fn linking_specs_hold() {
    let dir = repo().join("tests/specs");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "toml")).collect();
    files.sort();
    let (mut cases, mut failures, mut gaps) = (0, Vec::new(), 0);
    let mut rules_seen = std::collections::BTreeSet::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let file: File = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        for (k, case) in file.case.iter().enumerate() {
            cases += 1;
            assert!(!case.expect.is_empty(), "{name} case {k}: no expectation");
            assert!(rules_seen.insert((case.rule.clone(), case.text.clone())), "{name} case {k}: the same case twice");
            let fails = check(case);
            match (&case.known_gap, fails.is_empty()) {
                (None, false) => failures.push(format!("{name}#{k} ({}): {}\n    {}", case.rule, case.text, fails.join("\n    "))),
                (Some(why), true) => failures.push(format!("{name}#{k} ({}): a known gap now passes, remove its marker ({why})", case.rule)),
                (Some(_), false) => gaps += 1,
                (None, true) => {}
            }
        }
    }
    eprintln!("{cases} linking spec cases in {} files, {gaps} known gaps", files.len());
    assert!(cases >= 200, "only {cases} spec cases");
    assert!(failures.is_empty(), "{} of {cases} spec cases fail:\n{}", failures.len(), failures.join("\n"));
}
