//! Peer suites as spec tests: the test data of established extractors
//! (Recognizers-Text currency/number/percent specs, Duckling's money corpus
//! and negatives, quantulum3's quantities), converted to our fields and run
//! through our recognizers. Copies of the suites, with their licences, are in
//! `tests/peers/`.
//!
//! Conversion: Recognizers-Text `End` is an inclusive *character* offset; ours
//! are exclusive byte offsets. Its unit names and Duckling's ambiguous units
//! (`Dollar` -> USD, as FACTS.md reads `$`) map to ISO codes; a result without
//! a code checks the value only. Duckling cases have no offsets: the input as
//! a whole must give one money fact. quantulum3 cases check their money
//! quantities (and that no other money is read); its error strings must not
//! panic.
//!
//! Every case that fails is listed in `tests/peers/known_gaps.toml` with a
//! reason. The run fails on a failure not listed, and on a listed gap that now
//! passes (stale markers are removed, never kept). The pass rates are written
//! in the README's table, which this test checks.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use serde::Deserialize;
use serde_json::Value;
use tradeseries::extract::growth::percents_in;
use tradeseries::extract::number::numbers_in;
use tradeseries::extract::document::{analyze, ExtractOptions};

fn peers() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/peers")
}

fn load(path: &str) -> Value {
    serde_json::from_str(&fs::read_to_string(peers().join(path)).unwrap()).unwrap()
}

#[derive(Debug, Clone)]
struct Want {
    span: Option<(usize, usize)>,
    value: f64,
    currency: Option<String>,
    qualifier: Option<String>,
}

#[derive(Debug, Clone)]
struct Case {
    suite: &'static str,
    input: String,
    want: Vec<Want>,
    /// Duckling: the whole input is one figure, no offsets.
    whole: bool,
}

/// Character offsets (end inclusive) to byte offsets (end exclusive).
fn byte_span(text: &str, start: usize, end_incl: usize) -> (usize, usize) {
    let idx: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
    (idx[start.min(idx.len() - 1)], idx[(end_incl + 1).min(idx.len() - 1)])
}

fn iso(unit: &str, iso: Option<&str>) -> Option<String> {
    if let Some(c) = iso {
        return Some(c.to_string());
    }
    match unit {
        "Dollar" => Some("USD".into()),
        "Euro" => Some("EUR".into()),
        "Pound" => Some("GBP".into()),
        "Chinese yuan" => Some("CNY".into()),
        _ => None,
    }
}

fn recognizers_currency() -> Vec<Case> {
    let mut out = Vec::new();
    for c in load("recognizers-text/CurrencyModel.json").as_array().unwrap() {
        let input = c["Input"].as_str().unwrap().to_string();
        let want = c["Results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let res = &r["Resolution"];
                let unit = res["unit"].as_str().unwrap_or("");
                Want {
                    span: Some(byte_span(&input, r["Start"].as_u64().unwrap() as usize, r["End"].as_u64().unwrap() as usize)),
                    value: res["value"].as_str().and_then(|v| v.parse().ok()).unwrap_or(f64::NAN),
                    currency: iso(unit, res["isoCurrency"].as_str()),
                    qualifier: None,
                }
            })
            .collect();
        out.push(Case { suite: "recognizers-text/currency", input, want, whole: false });
    }
    out
}

fn recognizers_numbers(file: &str, suite: &'static str) -> Vec<Case> {
    let mut out = Vec::new();
    for c in load(file).as_array().unwrap() {
        let input = c["Input"].as_str().unwrap().to_string();
        let want = c["Results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| Want {
                span: Some(byte_span(&input, r["Start"].as_u64().unwrap() as usize, r["End"].as_u64().unwrap() as usize)),
                value: r["Resolution"]["value"].as_str().map(|v| v.trim_end_matches('%')).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN),
                currency: None,
                qualifier: None,
            })
            .collect();
        out.push(Case { suite, input, want, whole: false });
    }
    out
}

fn duckling() -> Vec<Case> {
    let mut out = Vec::new();
    for c in load("duckling-en-money/amount_of_money_en.json").as_array().unwrap() {
        let q = c["qualifier"].as_str().unwrap_or("exact");
        out.push(Case {
            suite: "duckling/money",
            input: c["text"].as_str().unwrap().to_string(),
            want: vec![Want { span: None, value: c["value"].as_f64().unwrap(), currency: c["currency"].as_str().map(String::from), qualifier: Some(q.to_string()) }],
            whole: true,
        });
    }
    for c in load("duckling-en-money/negative_en.json").as_array().unwrap() {
        out.push(Case { suite: "duckling/negative", input: c["text"].as_str().unwrap().to_string(), want: vec![], whole: true });
    }
    out
}

fn quantulum() -> Vec<Case> {
    let money_units = [("dollar", Some("USD")), ("euro", Some("EUR")), ("pound sterling", Some("GBP")), ("cent", None)];
    let mut out = Vec::new();
    for file in ["quantulum3/quantities.json", "quantulum3/quantities.ambiguity.json"] {
        for c in load(file).as_array().unwrap() {
            let input = c["req"].as_str().unwrap().to_string();
            let mut want = Vec::new();
            for r in c["res"].as_array().unwrap() {
                let unit = r["unit"].as_str().unwrap_or("");
                if let Some((_, cur)) = money_units.iter().find(|(u, _)| *u == unit) {
                    let surface = r["surface"].as_str().unwrap_or("");
                    let span = input.find(surface).map(|b| (b, b + surface.len()));
                    want.push(Want { span, value: r["value"].as_f64().unwrap_or(f64::NAN), currency: cur.map(String::from), qualifier: None });
                }
            }
            // Sentences with no money check that none is read.
            out.push(Case { suite: "quantulum3/quantities", input, want, whole: false });
        }
    }
    out
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.005 * a.abs().max(b.abs()).max(1e-9)
}

/// A figure read: (span, value, currency, qualifier).
type Reading = ((usize, usize), f64, Option<String>, String);

/// Money read from a text: (span, value, currency, qualifier).
fn money_in(text: &str) -> Vec<Reading> {
    let (aligned, _, found) = analyze(text, &ExtractOptions { bare_figures: true, ..Default::default() });
    found
        .into_iter()
        .filter(|f| f.m.kind == tradeseries::extract::Kind::Money)
        .map(|f| {
            let o = aligned.to_original(f.span);
            ((o.start, o.end), f.m.value, f.m.currency.map(String::from), f.m.qualifier.as_str().to_string())
        })
        .collect()
}

/// Does our reading of the case agree with the suite? (why not, if not)
fn check(c: &Case) -> Result<(), String> {
    let got: Vec<Reading> = match c.suite {
        "recognizers-text/number" => numbers_in(&c.input).into_iter().map(|(s, v)| ((s.start, s.end), v, None, "exact".into())).collect(),
        "recognizers-text/percent" => percents_in(&c.input).into_iter().map(|(s, v)| ((s.start, s.end), v, None, "exact".into())).collect(),
        _ => money_in(&c.input),
    };
    if c.whole {
        return match (c.want.first(), got.as_slice()) {
            (None, []) => Ok(()),
            (None, g) => Err(format!("read {g:?} where the suite has no money")),
            (Some(w), [g]) => {
                let q = |s: &str| if s == "approx" { "exact".to_string() } else { s.to_string() };
                if !close(g.1, w.value) {
                    Err(format!("value {} != {}", g.1, w.value))
                } else if w.currency.is_some() && g.2 != w.currency {
                    Err(format!("currency {:?} != {:?}", g.2, w.currency))
                } else if w.qualifier.as_deref().map(q) != Some(q(&g.3)) {
                    Err(format!("qualifier {} != {:?}", g.3, w.qualifier))
                } else {
                    Ok(())
                }
            }
            (Some(_), g) => Err(format!("read {} figures: {g:?}", g.len())),
        };
    }
    let mut used = vec![false; got.len()];
    for w in &c.want {
        let hit = got.iter().enumerate().find(|(k, g)| {
            !used[*k] && w.span.is_none_or(|(a, b)| g.0 .0 < b && a < g.0 .1) && close(g.1, w.value) && (w.currency.is_none() || g.2 == w.currency)
        });
        match hit {
            Some((k, _)) => used[k] = true,
            None => return Err(format!("missed {:?} = {} {:?}; read {:?}", w.span.map(|(a, b)| &c.input[a..b]), w.value, w.currency, got)),
        }
    }
    if let Some((k, _)) = used.iter().enumerate().find(|(_, u)| !**u) {
        let g = &got[k];
        return Err(format!("read {:?} = {} the suite does not have", &c.input[g.0 .0..g.0 .1], g.1));
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Gap {
    suite: String,
    input: String,
    reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Gaps {
    gap: Vec<Gap>,
}

fn all_cases() -> Vec<Case> {
    let mut cases = recognizers_currency();
    cases.extend(recognizers_numbers("recognizers-text/NumberModel.json", "recognizers-text/number"));
    cases.extend(recognizers_numbers("recognizers-text/PercentModel.json", "recognizers-text/percent"));
    cases.extend(duckling());
    cases.extend(quantulum());
    cases
}

#[test]
fn peer_suites_pass_except_known_gaps() {
    let gaps: Gaps = toml::from_str(&fs::read_to_string(peers().join("known_gaps.toml")).unwrap()).unwrap();
    let mut known: BTreeMap<(String, String), &str> = BTreeMap::new();
    for g in &gaps.gap {
        assert!(!g.reason.trim().is_empty(), "gap without a reason: {}", g.input);
        assert!(known.insert((g.suite.clone(), g.input.clone()), &g.reason).is_none(), "gap listed twice: {}", g.input);
    }
    let mut rates: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for c in all_cases() {
        let key = (c.suite.to_string(), c.input.clone());
        if !seen.insert(key.clone()) {
            continue; // duplicate inputs (Duckling locales) count once
        }
        let r = check(&c);
        let e = rates.entry(c.suite).or_default();
        e.1 += 1;
        match (&r, known.remove(&key)) {
            (Ok(()), None) => e.0 += 1,
            (Ok(()), Some(reason)) => problems.push(format!("{} {:?}: passes now; remove its known gap ({reason})", c.suite, c.input)),
            (Err(_), Some(_)) => {}
            (Err(why), None) => problems.push(format!("{} {:?}: {why}", c.suite, c.input)),
        }
    }
    for ((suite, input), _) in known {
        problems.push(format!("{suite} {input:?}: known gap for a case that does not exist"));
    }
    let table: Vec<String> = rates.iter().map(|(s, (p, n))| format!("| {s} | {p}/{n} | {:.1}% |", 100.0 * *p as f64 / *n as f64)).collect();
    let readme = fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for row in &table {
        if !readme.contains(row.as_str()) {
            problems.push(format!("README peer table lacks the row: {row}"));
        }
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}\n\ncurrent pass rates:\n{}", problems.len(), problems.join("\n"), table.join("\n"));
}

#[test]
fn quantulum_error_strings_do_not_panic() {
    for s in load("quantulum3/errors.json").as_array().unwrap() {
        let _ = money_in(s.as_str().unwrap());
        let _ = numbers_in(s.as_str().unwrap());
    }
}
