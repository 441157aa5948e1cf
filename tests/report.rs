//! compare and report through the real binary; the report checked in a real
//! headless browser (Debian's chromium; .ci/run installs it).

use std::fs;
use std::process::Command;

use crate::util::*;
use polars::prelude::*;

fn run_corpus(w: &Workdir) {
    let corpus = repo().join("pipelines/corpus");
    let cfg = pipeline(w, &[&corpus], "out");
    let o = w.run(&["run", cfg.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn compare_writes_a_table_and_a_chart() {
    let w = Workdir::new();
    run_corpus(&w);
    let o = w.run(&["compare", "out", "--indicator", "exports", "--partners", "CHN,UZB,KAZ", "-o", "cmp"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let table = String::from_utf8(o.stdout).unwrap();
    assert!(table.lines().next().unwrap().split_whitespace().eq(["year", "CHN", "UZB", "KAZ"]), "{table}");
    assert!(table.contains("2021"), "{table}");
    let csv = fs::read_to_string(w.path("cmp.csv")).unwrap();
    assert!(csv.starts_with("year,CHN,UZB,KAZ\n"), "{csv}");
    let svg = fs::read_to_string(w.path("cmp.svg")).unwrap();
    assert!(svg.contains(">CHN</text>") && svg.contains("<circle"), "chart lacks lines or legend");
    assert_eq!(&fs::read(w.path("cmp.png")).unwrap()[1..4], b"PNG");
    assert_eq!(read_parquet(&w.path("cmp.parquet")).get_column_names()[0].as_str(), "year");
    // one series across documents
    let o = w.run(&["compare", "out", "--indicator", "turnover", "--partners", "UZB", "--by-doc", "-o", "docs"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(fs::read_to_string(w.path("docs.csv")).unwrap().starts_with("year,001_a429d0ecf626983d.txt"));
    // an unknown measure is a usage error that lists the measures
    let o = w.run(&["compare", "out", "--measure", "speed"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("invalid value 'speed' for '--measure <MEASURE>'") && e.contains("[possible values: level, yoy, stated, index]"), "{e}");
    // each measure draws its own column of growth.parquet
    let growth = read_parquet(&w.path("out/growth.parquet"));
    for (m, column) in [("level", "level_usd"), ("yoy", "yoy_computed"), ("stated", "yoy_stated"), ("index", "index")] {
        let o = w.run(&["compare", "out", "--indicator", "turnover", "--partners", "IRN", "--measure", m, "-o", &format!("m_{m}")]);
        assert!(o.status.success(), "{m}: {}", stderr(&o));
        let drawn = read_parquet(&w.path(&format!("m_{m}.parquet")));
        // the years and values growth.parquet holds for BLR-IRN turnover
        let s = |n: &str| growth.column(n).unwrap().str().unwrap().clone();
        let (rep, par, ind) = (s("reporter"), s("partner"), s("indicator"));
        let years = growth.column("year").unwrap().i32().unwrap().clone();
        let vals = growth.column(column).unwrap().cast(&DataType::Float64).unwrap().f64().unwrap().clone();
        let mut want: Vec<(i32, f64)> = (0..growth.height())
            .filter(|&i| rep.get(i) == Some("BLR") && par.get(i) == Some("IRN") && ind.get(i) == Some("turnover"))
            .filter_map(|i| Some((years.get(i)?, vals.get(i)?)))
            .collect();
        want.sort_by_key(|p| p.0);
        let dy = drawn.column("year").unwrap().i32().unwrap().clone();
        let dv = drawn.column("IRN").unwrap().f64().unwrap().clone();
        let got: Vec<(i32, f64)> = (0..drawn.height()).filter_map(|i| Some((dy.get(i)?, dv.get(i)?))).collect();
        assert!(!want.is_empty(), "{m}: the corpus states no BLR-IRN turnover {column}");
        assert_eq!(got, want, "{m} draws {column}");
    }
}

#[test]
fn the_report_loads_in_a_browser_with_every_fact_highlighted() {
    let w = Workdir::new();
    run_corpus(&w);
    let report = w.path("out/report.html");
    assert!(report.exists());
    let facts = read_parquet(&w.path("out/facts.parquet")).height();
    let chromium = std::env::var("TRADESERIES_CHROMIUM").unwrap_or_else(|_| "chromium".into());
    let profile = w.path("chromium-profile");
    let o = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            &format!("--user-data-dir={}", profile.display()),
            "--dump-dom",
            &format!("file://{}", report.display()),
        ])
        .output()
        .unwrap_or_else(|e| panic!("{chromium}: {e} (.ci/run installs Debian's chromium; or set TRADESERIES_CHROMIUM)"));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let dom = String::from_utf8_lossy(&o.stdout);
    assert!(dom.contains("<h1>tradeseries report</h1>"), "the page did not load");
    // every fact is a <mark> in its text, as the browser parsed it
    assert_eq!(dom.matches("<mark class=\"fact ").count() - 3, facts, "legend has 3 marks; the rest are the facts");
    assert!(dom.matches("<svg").count() >= 4, "charts missing");
    assert!(dom.contains("Conflicts"));
}

/// The report reads the shown texts' facts as it writes them when the
/// table has them in the documents' order (as a run writes it); a table in
/// another order (here reversed) gives the same page by loading them first.
#[test]
fn the_report_is_the_same_from_a_fact_table_in_another_order() {
    use polars::prelude::*;
    let w = Workdir::new();
    run_corpus(&w);
    let table = w.path("out/facts.parquet");
    let mut reversed = read_parquet(&table).reverse();
    assert!(reversed.height() > 100);
    ParquetWriter::new(fs::File::create(&table).unwrap()).finish(&mut reversed).unwrap();
    let o = w.run(&["report", "out", "-o", "again.html"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (a, b) = (fs::read_to_string(w.path("out/report.html")).unwrap(), fs::read_to_string(w.path("again.html")).unwrap());
    assert!(a.matches("<mark class=\"fact ").count() > 100);
    assert!(a == b, "the pages differ");
}

/// `compare` and the report chart any reporter in the data (#16): with no
/// `--reporter`, compare takes the one with the most full-year levels and
/// the report charts them all; an absent reporter is an error naming those
/// there are.
#[test]
fn compare_and_report_chart_any_reporter_in_the_data() {
    let w = Workdir::new();
    w.write("in/kaz.txt", "Kazakhstan's exports to Russia amounted to $9 billion in 2023.\n\nKazakhstan's exports to Russia amounted to $10 billion in 2024.\n\nKazakhstan's imports from China amounted to $5 billion in 2024.\n");
    w.write("in/blr.txt", "Belarus's exports to China reached $2 billion in 2024.\n");
    let o = w.run(&["extract", "in", "-o", "facts.parquet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = w.run(&["aggregate", "facts.parquet", "-o", "agg"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = w.run(&["compare", "agg", "--indicator", "exports", "-o", "cmp"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(fs::read_to_string(w.path("cmp.csv")).unwrap().starts_with("year,RUS\n2023,9000000000\n2024,10000000000\n"), "KAZ's series: {}", fs::read_to_string(w.path("cmp.csv")).unwrap());
    let o = w.run(&["compare", "agg", "--indicator", "exports", "--reporter", "BLR", "-o", "blr"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(fs::read_to_string(w.path("blr.csv")).unwrap().starts_with("year,CHN\n2024,2000000000\n"));
    let o = w.run(&["compare", "agg", "--reporter", "USA"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no series of reporter USA; the tables have KAZ (3 full-year levels), BLR (1 full-year levels)"), "{}", stderr(&o));
    let o = w.run(&["report", "agg"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = fs::read_to_string(w.path("agg/report.html")).unwrap();
    for title in ["KAZ with RUS", "KAZ with CHN", "BLR with CHN"] {
        assert!(html.contains(title), "no chart {title}");
    }
}
