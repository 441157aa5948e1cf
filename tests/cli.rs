use std::fs;

use crate::util::*;

#[test]
fn run_on_the_bundled_corpus_writes_every_output() {
    let w = Workdir::new();
    let corpus = repo().join("pipelines/corpus");
    let cfg = pipeline(&w, &[&corpus], "out");
    let o = w.run(&["run", cfg.to_str().unwrap(), "--threads", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let facts = read_parquet(&w.path("out/facts.parquet"));
    assert!(facts.height() >= 500, "only {} facts", facts.height());
    for c in ["doc", "start", "end", "mention", "kind", "value", "value_low", "value_high", "qualifier", "currency", "indicator", "reporter", "partner", "year", "month_from", "month_to", "base_year", "sentence", "rule", "amount_usd"] {
        assert!(facts.column(c).is_ok(), "facts.parquet lacks {c}");
    }
    // every span maps back to its mention in the original file
    let docs = facts.column("doc").unwrap().str().unwrap().clone();
    let starts = facts.column("start").unwrap().i64().unwrap().clone();
    let ends = facts.column("end").unwrap().i64().unwrap().clone();
    let mentions = facts.column("mention").unwrap().str().unwrap().clone();
    for i in 0..facts.height() {
        let text = fs::read(corpus.join(docs.get(i).unwrap())).unwrap();
        let (s, e) = (starts.get(i).unwrap() as usize, ends.get(i).unwrap() as usize);
        assert_eq!(String::from_utf8_lossy(&text[s..e]), mentions.get(i).unwrap(), "row {i}");
    }
    let documents = read_parquet(&w.path("out/documents.parquet"));
    assert_eq!(documents.height(), 5);
    let status = documents.column("status").unwrap().str().unwrap().clone();
    assert!((0..status.len()).all(|i| status.get(i) == Some("ok")));
    // money in US dollars where the year and rate are known, never otherwise
    let usd = facts.column("amount_usd").unwrap().f64().unwrap().clone();
    let cur = facts.column("currency").unwrap().str().unwrap().clone();
    let year = facts.column("year").unwrap().i32().unwrap().clone();
    let converted = (0..facts.height()).filter(|&i| usd.get(i).is_some()).count();
    assert!(converted >= 300, "only {converted} amounts in USD");
    for i in 0..facts.height() {
        if usd.get(i).is_some() {
            assert!(cur.get(i).is_some() && year.get(i).is_some(), "row {i} converted without a currency and year");
        }
        if cur.get(i) == Some("USD") && year.get(i).is_some() {
            assert!(usd.get(i).is_some(), "row {i}: a dollar amount with a year is its own USD amount");
        }
    }
    let series = read_parquet(&w.path("out/series.parquet"));
    assert!(series.height() >= 100, "{series:?}");
    let growth = read_parquet(&w.path("out/growth.parquet"));
    assert!(growth.height() >= 50 && growth.column("cagr").is_ok(), "{growth:?}");
    assert!(w.path("out/report.html").exists());
    let turnover = read_parquet(&w.path("out/year_partner/turnover.parquet"));
    let cols = turnover.get_column_names();
    assert!(cols.len() > 5 && cols[0] == "reporter" && cols[1] == "year", "{cols:?}");
    assert!(cols.iter().any(|c| c.as_str() == "UZB"), "{cols:?}");
    // no temp file is left behind
    let leftovers: Vec<_> = fs::read_dir(w.path("out")).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().ends_with(".tmp")).collect();
    assert!(leftovers.is_empty());
}

#[test]
fn same_rows_in_the_same_order_whatever_the_threads() {
    let w = Workdir::new();
    let corpus = repo().join("pipelines/corpus");
    let one = w.run(&["extract", corpus.to_str().unwrap(), "-o", "one.jsonl", "--threads", "1"]);
    let two = w.run(&["extract", corpus.to_str().unwrap(), "-o", "two.jsonl", "--threads", "2"]);
    assert!(one.status.success() && two.status.success());
    assert_eq!(fs::read(w.path("one.jsonl")).unwrap(), fs::read(w.path("two.jsonl")).unwrap());
}

#[test]
fn extract_writes_jsonl_csv_parquet_and_stdout() {
    let w = Workdir::new();
    let f = w.write("news/a.txt", "In 2024, Belarus exported goods worth $84 million to China, 2.6 times more than in 2023.\n");
    let o = w.run(&["extract", "news", "-o", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["mention"], "$84 million");
    assert_eq!(lines[0]["value"], 84e6);
    assert_eq!(lines[0]["partner"], "CHN");
    assert_eq!(lines[0]["year"], 2024);
    assert_eq!(lines[1]["kind"], "growth");
    assert_eq!(lines[1]["value"], 2.6);
    assert_eq!(lines[1]["base_year"], 2023);
    for out in ["f.csv", "f.parquet", "f.jsonl"] {
        let o = w.run(&["extract", f.to_str().unwrap(), "-o", out]);
        assert!(o.status.success(), "{out}: {}", stderr(&o));
    }
    let csv = fs::read_to_string(w.path("f.csv")).unwrap();
    assert!(csv.starts_with("doc,path,start,end,mention,kind,value"));
    assert_eq!(csv.lines().count(), 3);
    assert_eq!(read_parquet(&w.path("f.parquet")).height(), 2);
    let o = w.run(&["extract", f.to_str().unwrap(), "-o", "f.xlsx"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("f.xlsx: output must end in .parquet, .jsonl or .csv"), "{}", stderr(&o));
}

#[test]
fn aggregate_reads_fact_tables_from_any_producer() {
    let w = Workdir::new();
    let corpus = repo().join("pipelines/corpus");
    let o = w.run(&["extract", corpus.to_str().unwrap(), "-o", "facts/all.parquet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = w.run(&["aggregate", "facts", "-o", "agg"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = read_parquet(&w.path("agg/series.parquet"));
    for c in ["reporter", "partner", "indicator", "year", "month_from", "month_to", "value", "currency", "n_facts", "n_docs", "facts"] {
        assert!(s.column(c).is_ok(), "series lacks {c}");
    }
    // a table that is not a fact table is refused, naming the file and the columns
    fs::create_dir_all(w.path("bad")).unwrap();
    fs::copy(w.path("agg/series.parquet"), w.path("bad/x.parquet")).unwrap();
    let o = w.run(&["aggregate", "bad", "-o", "agg2"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("x.parquet: not a fact table: missing column(s) doc, kind"), "{}", stderr(&o));
}

#[test]
fn explain_shows_rules_and_reasons() {
    let w = Workdir::new();
    let o = w.run(&["explain", "In January-September 2024 exports to Uzbekistan grew 1.4 times to $120 million."]);
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("rule=growth.times"), "{out}");
    assert!(out.contains("rule=money.currency_number"), "{out}");
    assert!(out.contains("partner=UZB: 'Uzbekistan' in the figure's clause"), "{out}");
    assert!(out.contains("months 1-9"), "{out}");
    let o = w.run(&["explain", "The share of ASEAN in the Union's trade was 2.8% and 25 companies took part in 2023."]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("\"2.8%\": a share of a total ('share'), not growth"), "{out}");
    assert!(out.contains("\"25\": no currency with it"), "{out}");
    assert!(out.contains("\"2023\": a year"), "{out}");
}

#[test]
fn check_reports_every_error_at_once() {
    let w = Workdir::new();
    let cfg = w.write("bad.toml", "name = \"x\"\nnmae = 1\n[input]\npaths = [\"missing\"]\npth = 1\n");
    let o = w.run(&["check", cfg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("bad.toml: nmae: unknown key"), "{err}");
    assert!(err.contains("bad.toml: input.pth: unknown key, expected one of: paths, encoding"), "{err}");
}

#[test]
fn every_bundled_pipeline_checks_clean() {
    let w = Workdir::new();
    for e in fs::read_dir(repo().join("pipelines")).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "toml") {
            let o = w.run(&["check", e.path().to_str().unwrap()]);
            assert!(o.status.success(), "{}: {}", e.path().display(), stderr(&o));
        }
    }
}

#[test]
fn rules_lists_every_rule() {
    let o = Workdir::new().run(&["rules"]);
    let out = String::from_utf8(o.stdout).unwrap();
    for id in ["money.currency_number", "money.between_and", "growth.by_percent", "growth.index_percent", "growth.verb"] {
        assert!(out.contains(id), "{id} missing");
    }
}
