//! The bundled rates against ../shared/rates/annual_rates.csv (#17): every
//! currency and year that table gives has a rate in `src/lexicon/rates.toml`
//! (from WDI, or from the ECB where it fixes the currency, within 3% of WDI),
//! and a run of the bundled corpus leaves no money fact of 2000-2024 without
//! `amount_usd`. Without ../shared this fails in CI, as the accuracy test does.

use tradeseries::normalize::Rates;

use crate::util::*;

#[test]
fn every_currency_and_year_of_the_shared_table_has_a_rate() {
    let path = repo().join("../shared/rates/annual_rates.csv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        assert!(std::env::var_os("TRADESERIES_CI").is_none(), "{} is missing: CI must check the rates", path.display());
        eprintln!("skipped: {} is missing", path.display());
        return;
    };
    let rates = Rates::bundled();
    let mut rows = 0;
    let mut reader = csv_rows(&text);
    let header = reader.next().expect("a header");
    let col = |n: &str| header.iter().position(|h| h == n).unwrap_or_else(|| panic!("no column {n}"));
    let (c, y, v, url) = (col("currency"), col("year"), col("units_per_usd"), col("source_url"));
    for r in reader {
        let (mut code, year, mut lcu): (&str, i32, f64) = (&r[c], r[y].parse().unwrap(), r[v].parse().unwrap());
        if code == "BYR" {
            if year >= 2016 {
                continue;
            }
            // old rubles: the converter divides by 10,000 first
            (code, lcu) = ("BYN", lcu / 10_000.0);
        }
        let units = if code == "BYN" && year < 2016 { 10_000.0 } else { 1.0 };
        let usd = rates.usd(units, code, year).unwrap_or_else(|| panic!("no rate for {code} {year} ({})", r[url]));
        let gap = (usd * lcu - 1.0).abs();
        // the WDI rows are the table's own figures; the ECB's and the other sources' differ a little
        assert!(gap < 0.03, "{code} {year}: {usd} USD per unit against {lcu} per USD in {} ({:.1}% apart)", r[url], gap * 100.0);
        rows += 1;
    }
    assert!(rows > 380, "{rows} rows checked");
}

/// RFC 4180 rows (quoted fields with commas and doubled quotes).
fn csv_rows(text: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    text.lines().filter(|l| !l.is_empty()).map(|line| {
        let (mut out, mut cur, mut quoted, mut chars) = (Vec::new(), String::new(), false, line.chars().peekable());
        while let Some(ch) = chars.next() {
            match (ch, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    cur.push('"');
                    chars.next();
                }
                ('"', _) => quoted = !quoted,
                (',', false) => out.push(std::mem::take(&mut cur)),
                _ => cur.push(ch),
            }
        }
        out.push(cur);
        out
    })
}

#[test]
fn a_run_of_the_bundled_corpus_converts_every_money_fact_of_2000_to_2024() {
    let w = Workdir::new();
    let cfg = pipeline(&w, &[&repo().join("pipelines/corpus")], "out");
    let o = w.run(&["run", cfg.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("no USD rate"), "{}", stderr(&o));
    let f = read_parquet(&w.path("out/facts.parquet"));
    let kind = f.column("kind").unwrap().str().unwrap().clone();
    let year = f.column("year").unwrap().i32().unwrap().clone();
    let usd = f.column("amount_usd").unwrap().f64().unwrap().clone();
    let mut money = 0;
    for i in 0..f.height() {
        if kind.get(i) == Some("money") && year.get(i).is_some_and(|y| (2000..=2024).contains(&y)) {
            money += 1;
            assert!(usd.get(i).is_some(), "row {i}: a money fact of {:?} without amount_usd", year.get(i));
        }
    }
    assert!(money > 300, "{money} money facts of 2000-2024");
}
