//! Aggregate: facts -> series (long) and year-by-partner tables (wide).
//!
//! The facts the aggregates use become compact records (32 bytes a money
//! fact, no sentences), kept while a run writes its facts or read from fact
//! tables slice by slice; the records go through an external merge sort
//! ([`crate::spill`]) and come back by cell in table order, so the cells are
//! consolidated one at a time and series.parquet written a row group at a
//! time: memory follows neither the table nor the number of facts.
//!
//! A money fact enters the series where `indicator` is not `other` and
//! `year` is known; it keeps its cell (with scope and status) there. The
//! year-by-partner tables and growth.parquet take only what FACTS.md's
//! "What goes into the tables" lets in: scope `total`, status `actual`,
//! full years.
//!
//! - [`records`]: facts to compact, spilled records (read from tables or
//!   kept while a run writes them);
//! - [`series`]: series.parquet, cell by cell;
//! - [`year_partner`]: the wide tables; [`growth`]: growth.parquet;
//! - [`query`]: what `compare` and `report` read back.

pub mod growth;
pub mod query;
pub mod records;
pub mod series;
pub mod year_partner;

use crate::error::AggregateError;
type Result<T> = std::result::Result<T, AggregateError>;
use std::collections::BTreeMap;
use std::path::Path;

use polars::prelude::*;

use crate::error::SinkError;
use crate::sink::{descriptions_metadata, write_parquet, ParquetBatches};

pub use growth::{growth, GROWTH_DESCRIPTIONS};
pub use query::{chosen_reporter, comparison, Measure, comparison_table, conflicts, documents, partner_lines, reporters, write_comparison, CompareSpec, Conflict, DocRow, CONFLICT_FACTS};
pub use records::{read_facts, AggregatingSink, Facts, REQUIRED};
pub use series::{series, Consolidated, SERIES_DESCRIPTIONS, SERIES_ID_BYTES, SERIES_ROWS};
pub use year_partner::year_partner;

/// Settings of the aggregate stage.
#[derive(Debug, Clone, PartialEq)]
pub struct AggregateOptions {
    /// Sources of one cell disagree when (max - min) / |median| exceeds this.
    pub tolerance: f64,
    /// Base year of the growth index; None: each series' first year.
    pub index_base: Option<i32>,
    /// The pipeline's reporter: another country's turnover with it lands in
    /// its row of the tables. None: every figure stays in its own reporter's row.
    pub reporter: Option<String>,
}

impl Default for AggregateOptions {
    fn default() -> Self {
        AggregateOptions { tolerance: 0.05, index_base: None, reporter: Some(crate::fact::DEFAULT_REPORTER.into()) }
    }
}

/// What the aggregate stage wrote.
#[derive(Debug, Clone, Default)]
pub struct Written {
    pub series_rows: usize,
    pub conflicts: usize,
    pub tables: Vec<String>,
    pub growth_rows: usize,
    /// Money facts of the series without a USD amount: "CUR year" -> count.
    pub unconverted: BTreeMap<String, usize>,
    /// Facts of the series without scope or status (tables of other producers): no table takes them.
    pub unscoped: usize,
}

/// Writes series.parquet (frame by frame as the cells are consolidated),
/// year_partner/<indicator>.parquet and growth.parquet into `dir`.
pub fn write_aggregates(facts: Facts, dir: &Path, opts: &AggregateOptions) -> Result<Written> {
    let pe = |p: &Path, e: PolarsError| SinkError::Write { path: p.to_path_buf(), message: e.to_string() };
    let series_path = dir.join("series.parquet");
    let schema = series::SeriesBatch::default().frame().map_err(|e| pe(&series_path, e))?.schema().clone();
    let mut out = ParquetBatches::create(&series_path, &schema, descriptions_metadata(&SERIES_DESCRIPTIONS))?;
    let unscoped = facts.unscoped;
    let c = facts.consolidate(opts, |df| Ok(out.write(&df)?))?;
    out.finish()?;
    let wide_dir = dir.join("year_partner");
    let tables = year_partner(&c.levels).map_err(|e| pe(&wide_dir, e))?;
    // Tables of indicators that no longer have cells are removed, so the folder matches this run.
    if let Ok(rd) = std::fs::read_dir(&wide_dir) {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".parquet") && !tables.contains_key(name.trim_end_matches(".parquet")) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    let mut written = Vec::new();
    for (ind, mut df) in tables {
        let p = wide_dir.join(format!("{ind}.parquet"));
        write_parquet(&p, &mut df, &[("reporter", "whose figures"), ("year", "year; the other columns are partners, full-year values in US dollars")])?;
        written.push(ind);
    }
    let growth_path = dir.join("growth.parquet");
    let mut g = growth(&c.levels, &c.stated, opts).map_err(|e| pe(&growth_path, e))?;
    write_parquet(&growth_path, &mut g, &GROWTH_DESCRIPTIONS)?;
    Ok(Written { series_rows: c.series_rows, conflicts: c.conflicts, tables: written, growth_rows: g.height(), unconverted: c.unconverted, unscoped })
}

#[cfg(test)]
mod tests {
    use super::records::{normalize_types, READ_ROWS};
    use super::*;
    use std::fs::File;

    fn facts() -> Facts {
        Facts::from_frame(facts_frame()).unwrap()
    }

    fn facts_frame() -> DataFrame {
        df!(
            "doc" => ["a", "b", "a", "a", "a"],
            "start" => [1i64, 1, 9, 20, 30],
            "kind" => ["money", "money", "money", "growth", "money"],
            "value" => [100.0, 120.0, 50.0, 1.2, 7.0],
            "currency" => [Some("USD"), Some("USD"), Some("USD"), None, Some("USD")],
            "indicator" => ["exports", "exports", "exports", "exports", "other"],
            "reporter" => ["BLR"; 5],
            "partner" => [Some("CHN"), Some("CHN"), Some("CHN"), Some("CHN"), Some("CHN")],
            "year" => [Some(2024i32), Some(2024), Some(2024), Some(2024), Some(2024)],
            "month_from" => [Some(1i32), Some(1), Some(1), Some(1), Some(1)],
            "month_to" => [Some(12i32), Some(12), Some(6), Some(12), Some(12)],
            "fact_id" => ["a:1", "b:1", "a:9", "a:20", "a:30"],
            "amount_usd" => [Some(100.0), Some(120.0), Some(50.0), None, Some(7.0)],
            "base_year" => [None, None, None, Some(2023i32), None],
            "scope" => ["total"; 5],
            "status" => ["actual"; 5],
        )
        .unwrap()
    }

    /// Facts of one partner and year with given reporters, indicators, scopes and statuses.
    fn scoped(rows: &[(&str, &str, &str, &str, f64)]) -> Facts {
        let n = rows.len();
        let d = df!(
            "doc" => (0..n).map(|i| format!("d{i}")).collect::<Vec<_>>(),
            "start" => vec![0i64; n],
            "kind" => rows.iter().map(|r| if r.1 == "growth" { "growth" } else { "money" }).collect::<Vec<_>>(),
            "value" => rows.iter().map(|r| r.4).collect::<Vec<_>>(),
            "currency" => rows.iter().map(|r| (r.1 != "growth").then_some("USD")).collect::<Vec<_>>(),
            "indicator" => rows.iter().map(|r| if r.1 == "growth" { "turnover" } else { r.1 }).collect::<Vec<_>>(),
            "reporter" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            "partner" => rows.iter().map(|r| if r.0 == "BLR" { "KAZ" } else { "BLR" }).collect::<Vec<_>>(),
            "year" => vec![2024i32; n],
            "month_from" => vec![1i32; n],
            "month_to" => vec![12i32; n],
            "fact_id" => (0..n).map(|i| format!("d{i}:0")).collect::<Vec<_>>(),
            "amount_usd" => rows.iter().map(|r| (r.1 != "growth").then_some(r.4)).collect::<Vec<_>>(),
            "base_year" => vec![None::<i32>; n],
            "scope" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            "status" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        )
        .unwrap();
        Facts::from_frame(d).unwrap()
    }

    fn level(c: &Consolidated, reporter: &str, partner: &str, indicator: &str) -> Option<(f64, i64)> {
        let l = &c.levels;
        let s = |n: &str| l.column(n).unwrap().str().unwrap().clone();
        let (r, p, i) = (s("reporter"), s("partner"), s("indicator"));
        (0..l.height())
            .find(|&k| r.get(k) == Some(reporter) && p.get(k) == Some(partner) && i.get(k) == Some(indicator))
            .map(|k| (l.column("level_usd").unwrap().f64().unwrap().get(k).unwrap(), l.column("n_facts").unwrap().i64().unwrap().get(k).unwrap()))
    }

    /// FACTS.md, "What goes into the tables": a region's, a product's and a
    /// company's figures and a target keep their own series cells, and only
    /// the total, actual figure makes the level of the tables.
    #[test]
    fn only_total_actual_facts_make_the_tables_and_every_fact_keeps_its_cell() {
        let facts = scoped(&[
            ("BLR", "exports", "total", "actual", 100.0),
            ("BLR", "exports", "region", "actual", 7.0),
            ("BLR", "exports", "product", "actual", 3.0),
            ("BLR", "exports", "company", "actual", 1.0),
            ("BLR", "exports", "total", "target", 500.0),
            ("BLR", "exports", "total", "forecast", 400.0),
        ]);
        let (s, c) = series(facts, &AggregateOptions::default()).unwrap();
        assert_eq!(s.height(), 6, "one cell per scope and status: {s:?}");
        let keys: Vec<(String, String)> = (0..6).map(|i| (s.column("scope").unwrap().str().unwrap().get(i).unwrap().into(), s.column("status").unwrap().str().unwrap().get(i).unwrap().into())).collect();
        assert!(keys.contains(&("region".into(), "actual".into())) && keys.contains(&("total".into(), "target".into())), "{keys:?}");
        assert_eq!(level(&c, "BLR", "KAZ", "exports"), Some((100.0, 1)));
        let w = year_partner(&c.levels).unwrap();
        assert_eq!(w["exports"].column("KAZ").unwrap().f64().unwrap().get(0), Some(100.0));
    }

    /// Turnover is symmetric (FACTS.md): another country's turnover with the
    /// pipeline's reporter lands in the pipeline reporter's row; exports do
    /// not turn round, and with no pipeline reporter nothing does.
    #[test]
    fn another_reporters_turnover_with_the_pipeline_reporter_lands_in_its_row() {
        let rows = [
            ("BLR", "turnover", "total", "actual", 100.0),
            ("KAZ", "turnover", "total", "actual", 120.0),
            ("KAZ", "exports", "total", "actual", 50.0),
            ("KAZ", "growth", "total", "actual", 1.2),
        ];
        let (_, c) = series(scoped(&rows), &AggregateOptions::default()).unwrap();
        assert_eq!(level(&c, "BLR", "KAZ", "turnover"), Some((110.0, 2)), "{:?}", c.levels);
        assert_eq!(level(&c, "KAZ", "BLR", "turnover"), None);
        assert_eq!(level(&c, "KAZ", "BLR", "exports"), Some((50.0, 1)));
        let st = &c.stated;
        assert_eq!((st.column("reporter").unwrap().str().unwrap().get(0), st.column("partner").unwrap().str().unwrap().get(0)), (Some("BLR"), Some("KAZ")), "stated growth of turnover turns round too");
        let (_, c) = series(scoped(&rows), &AggregateOptions { reporter: None, ..AggregateOptions::default() }).unwrap();
        assert_eq!(level(&c, "BLR", "KAZ", "turnover"), Some((100.0, 1)));
        assert_eq!(level(&c, "KAZ", "BLR", "turnover"), Some((120.0, 1)));
    }

    /// A table without scope and status (another producer's) still gives
    /// its series, counted as unscoped, and no table takes its facts.
    #[test]
    fn a_table_without_scope_and_status_makes_series_but_no_table() {
        let old = facts_frame().drop_many(["scope", "status"]);
        let facts = Facts::from_frame(old).unwrap();
        assert_eq!(facts.unscoped, 4, "the four facts of the series");
        let (s, c) = series(facts, &AggregateOptions::default()).unwrap();
        assert_eq!(s.height(), 2);
        assert!(s.column("scope").unwrap().is_null().all());
        assert_eq!(c.levels.height(), 0);
    }

    #[test]
    fn series_takes_the_median_and_keeps_partial_years_apart() {
        let (s, _) = series(facts(), &AggregateOptions::default()).unwrap();
        assert_eq!(s.height(), 2, "{s:?}");
        let v = s.column("value").unwrap().f64().unwrap();
        let to = s.column("month_to").unwrap().i32().unwrap();
        let n = s.column("n_docs").unwrap().i64().unwrap();
        let full = (0..2).find(|&i| to.get(i) == Some(12)).unwrap();
        assert_eq!(v.get(full), Some(110.0));
        assert_eq!(n.get(full), Some(2));
        let partial = 1 - full;
        assert_eq!(v.get(partial), Some(50.0));
    }

    /// A table longer than one read slice, in two files, with fact ids of
    /// another producer's form: every fact arrives once, ids as written.
    #[test]
    fn facts_are_read_slice_by_slice_without_loss() {
        let n = READ_ROWS + 123;
        let mut d = df!(
            "doc" => (0..n).map(|i| format!("d{}", i % 7)).collect::<Vec<_>>(),
            "start" => (0..n as i64).collect::<Vec<_>>(),
            "kind" => vec!["money"; n],
            "value" => (0..n).map(|i| (i % 10) as f64).collect::<Vec<_>>(),
            "currency" => vec!["USD"; n],
            "indicator" => vec!["exports"; n],
            "reporter" => vec!["BLR"; n],
            "partner" => vec!["CHN"; n],
            "year" => (0..n).map(|i| 2000 + (i % 3) as i32).collect::<Vec<_>>(),
            "month_from" => vec![1i32; n],
            "month_to" => vec![12i32; n],
            "fact_id" => (0..n).map(|i| if i == 5 { "custom-id".to_string() } else { format!("d{}:{i}", i % 7) }).collect::<Vec<_>>(),
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.parquet", "b.parquet"] {
            ParquetWriter::new(File::create(dir.path().join(name)).unwrap()).finish(&mut d).unwrap();
        }
        let facts = read_facts(&[dir.path().to_path_buf()], dir.path()).unwrap();
        assert_eq!(facts.rows, 2 * n);
        let (s, _) = series(facts, &AggregateOptions::default()).unwrap();
        assert_eq!(s.height(), 3);
        let nf: i64 = s.column("n_facts").unwrap().i64().unwrap().sum().unwrap();
        assert_eq!(nf, 2 * n as i64);
        let ids = s.column("facts").unwrap().str().unwrap().get(2).unwrap().to_string();
        assert_eq!(ids.matches("custom-id").count(), 2, "both files' odd id kept as written");
        // the 2002 cell holds i = 2, 5, 8, ..: ordered by document, then position (d0 first: 14, 35, ...)
        assert!(ids.starts_with("d0:14 d0:14 d0:35 d0:35"), "{}", &ids[..40]);
        // 0..9 evenly: the median of each year's values is 4.5 or so, never outside 0..9
        assert!(s.column("value").unwrap().f64().unwrap().iter().all(|v| v.is_some_and(|v| (0.0..=9.0).contains(&v))));
    }

    /// A fact folder partitioned by year (Spark's `partitionBy("year")`): the
    /// year comes from the folder names, null from Hive's default partition.
    #[test]
    fn a_table_partitioned_by_year_is_read_with_its_years() {
        let dir = tempfile::tempdir().unwrap();
        let by_year = |folder: &str, values: &[f64]| {
            let n = values.len();
            let mut d = df!(
                "doc" => vec!["a"; n], "start" => (0..n as i64).collect::<Vec<_>>(), "kind" => vec!["money"; n], "value" => values.to_vec(),
                "currency" => vec!["USD"; n], "indicator" => vec!["exports"; n], "reporter" => vec!["BLR"; n], "partner" => vec!["CHN"; n],
                "month_from" => vec![1i32; n], "month_to" => vec![12i32; n], "fact_id" => (0..n).map(|i| format!("a:{i}")).collect::<Vec<_>>(),
                "amount_usd" => values.to_vec(), "scope" => vec!["total"; n], "status" => vec!["actual"; n],
            )
            .unwrap();
            let sub = dir.path().join("facts").join(folder);
            std::fs::create_dir_all(&sub).unwrap();
            ParquetWriter::new(File::create(sub.join("part-0.parquet")).unwrap()).finish(&mut d).unwrap();
        };
        by_year("year=2023", &[10.0, 30.0]);
        by_year("year=2024", &[50.0]);
        by_year("year=__HIVE_DEFAULT_PARTITION__", &[7.0]);
        let facts = read_facts(&[dir.path().join("facts")], dir.path()).unwrap();
        assert_eq!(facts.rows, 4);
        let (s, c) = series(facts, &AggregateOptions::default()).unwrap();
        // the null year enters no series (FACTS.md); 2023 and 2024 do, with their medians
        let years: Vec<Option<i32>> = s.column("year").unwrap().i32().unwrap().iter().collect();
        assert_eq!(years, vec![Some(2023), Some(2024)]);
        assert_eq!(level(&c, "BLR", "CHN", "exports").map(|l| l.1), Some(2));
        // a folder that is not a fact table still says what it lacks
        let other = dir.path().join("other/x=1");
        std::fs::create_dir_all(&other).unwrap();
        let mut d = df!("doc" => ["a"]).unwrap();
        ParquetWriter::new(File::create(other.join("p.parquet")).unwrap()).finish(&mut d).unwrap();
        let e = read_facts(&[dir.path().join("other")], dir.path()).unwrap_err().to_string();
        assert!(e.contains("not a fact table: missing column(s) kind, value"), "{e}");
    }

    /// The records kept while facts are written equal those read back from
    /// the table: a run and `tradeseries aggregate` give the same series.
    #[test]
    fn facts_kept_while_writing_equal_facts_read_back() {
        let text = "Trade turnover with China reached $8.5 billion in 2024, up 12%. In 2023 exports to Uzbekistan were $1.2 billion, \
                    and 1.4 billion dollars by another count. Imports from Turkey: $300 million (2024).";
        let opts = crate::extract::document::ExtractOptions::default();
        let facts = crate::extract::document::extract_facts("d.txt", "d.txt", text, &opts);
        assert!(facts.len() >= 5, "{facts:?}");
        let mut kept = Facts::new(&std::env::temp_dir());
        kept.add_facts(&facts).unwrap();
        let read = Facts::from_frame(crate::sink::facts_frame(&facts).unwrap()).unwrap();
        assert_eq!(kept.rows, read.rows);
        assert_same(series(kept, &AggregateOptions::default()).unwrap(), series(read, &AggregateOptions::default()).unwrap());
    }

    fn assert_same((s1, c1): (DataFrame, Consolidated), (s2, c2): (DataFrame, Consolidated)) {
        assert!(s1.height() >= 2, "{s1:?}");
        assert!(s1.equals_missing(&s2), "{s1:?}\n{s2:?}");
        assert!(c1.levels.equals_missing(&c2.levels), "{:?}\n{:?}", c1.levels, c2.levels);
        assert!(c1.stated.equals_missing(&c2.stated), "{:?}\n{:?}", c1.stated, c2.stated);
        assert_eq!(c1.unconverted, c2.unconverted);
        assert_eq!((c1.series_rows, c1.conflicts), (c2.series_rows, c2.conflicts));
    }

    /// The records spilled in many small runs (merged in rounds) give the
    /// tables of records kept in memory: same cells, same order of fact ids
    /// (ties and ids of another form included), same medians.
    #[test]
    fn spilled_facts_give_the_same_tables() {
        let n = 5000;
        let d = df!(
            "doc" => (0..n).map(|i| format!("d{}", (i * 7) % 13)).collect::<Vec<_>>(),
            "start" => (0..n as i64).map(|i| i % 50).collect::<Vec<_>>(),
            "kind" => (0..n).map(|i| if i % 5 == 0 { "growth" } else { "money" }).collect::<Vec<_>>(),
            "value" => (0..n).map(|i| ((i * 37) % 101) as f64).collect::<Vec<_>>(),
            "currency" => (0..n).map(|i| if i % 3 == 0 { Some("EUR") } else { Some("USD") }).collect::<Vec<_>>(),
            "indicator" => (0..n).map(|i| ["exports", "imports", "turnover"][i % 3]).collect::<Vec<_>>(),
            "reporter" => (0..n).map(|i| if i % 11 == 0 { None } else { Some("BLR") }).collect::<Vec<_>>(),
            "partner" => (0..n).map(|i| ["CHN", "RUS", "UZB", "TUR"][i % 4]).collect::<Vec<_>>(),
            "year" => (0..n).map(|i| 2015 + (i % 9) as i32).collect::<Vec<_>>(),
            "month_from" => vec![1i32; n],
            "month_to" => (0..n).map(|i| if i % 7 == 0 { 6 } else { 12 }).collect::<Vec<i32>>(),
            "fact_id" => (0..n).map(|i| if i % 17 == 0 { format!("x{i}") } else { format!("d{}:{}", (i * 7) % 13, i % 50) }).collect::<Vec<_>>(),
            "amount_usd" => (0..n).map(|i| if i % 19 == 0 { None } else { Some(((i * 37) % 101) as f64 * 1.1) }).collect::<Vec<_>>(),
            "base_year" => (0..n).map(|_| None::<i32>).collect::<Vec<_>>(),
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let d = normalize_types(d).unwrap();
        let mut small = Facts::with_run(dir.path(), 7);
        small.add(&d).unwrap();
        let mut whole = Facts::with_run(dir.path(), 1 << 20);
        whole.add(&d).unwrap();
        let o = AggregateOptions::default();
        assert_same(series(small, &o).unwrap(), series(whole, &o).unwrap());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no temporary file left");
    }

    #[test]
    fn wide_table_has_a_column_per_partner() {
        let (_, c) = series(facts(), &AggregateOptions::default()).unwrap();
        let w = year_partner(&c.levels).unwrap();
        let t = &w["exports"];
        assert_eq!(t.get_column_names(), ["reporter", "year", "CHN"]);
        assert_eq!(t.column("CHN").unwrap().f64().unwrap().get(0), Some(110.0));
    }

    #[test]
    fn conflict_flag_beyond_the_tolerance() {
        let (s, _) = series(facts(), &AggregateOptions { tolerance: 0.1, ..AggregateOptions::default() }).unwrap();
        let to = s.column("month_to").unwrap().i32().unwrap().clone();
        let c = s.column("conflict").unwrap().bool().unwrap().clone();
        let full = (0..2).find(|&i| to.get(i) == Some(12)).unwrap();
        // 100 and 120 around a median of 110: (120 - 100) / 110 = 0.18 > 0.1
        assert_eq!(c.get(full), Some(true));
        let (s, _) = series(facts(), &AggregateOptions { tolerance: 0.2, ..AggregateOptions::default() }).unwrap();
        assert_eq!(s.column("conflict").unwrap().bool().unwrap().get(full), Some(false));
    }

    /// Hand-computed: levels 100 (2020), 120 (2021), 150 (2022); stated 2021 growth 1.25.
    #[test]
    fn growth_arithmetic() {
        let levels = df!(
            "reporter" => ["BLR"; 3], "partner" => ["CHN"; 3], "indicator" => ["exports"; 3],
            "year" => [2020i32, 2021, 2022], "level_usd" => [100.0, 120.0, 150.0], "n_facts" => [1i64, 1, 1],
        )
        .unwrap();
        let stated = Facts::from_frame(
            df!(
                "doc" => ["a"], "start" => [1i64], "kind" => ["growth"], "value" => [1.25], "currency" => [None::<&str>],
                "indicator" => ["exports"], "reporter" => ["BLR"], "partner" => ["CHN"], "year" => [2021i32],
                "month_from" => [1i32], "month_to" => [12i32], "fact_id" => ["a:1"], "amount_usd" => [None::<f64>], "base_year" => [2020i32], "scope" => ["total"], "status" => ["actual"],
            )
            .unwrap(),
        )
        .unwrap();
        let stated = series(stated, &AggregateOptions::default()).unwrap().1.stated;
        let g = growth(&levels, &stated, &AggregateOptions { tolerance: 0.02, index_base: Some(2021), ..AggregateOptions::default() }).unwrap();
        let f = |c: &str| g.column(c).unwrap().f64().unwrap().clone();
        assert_eq!(f("yoy_computed").get(1), Some(1.2));
        assert_eq!(f("yoy_computed").get(2), Some(1.25));
        assert_eq!(f("yoy_stated").get(1), Some(1.25));
        // 1.2 vs 1.25: 4% apart, beyond 2%
        assert_eq!(g.column("disagree").unwrap().bool().unwrap().get(1), Some(true));
        // index on 2021 = 100: 2020 = 83.33, 2022 = 125
        assert!((f("index").get(0).unwrap() - 83.3333).abs() < 1e-3);
        assert_eq!(f("index").get(2), Some(125.0));
        // CAGR 2020-2022: sqrt(1.5) - 1
        assert!((f("cagr").get(2).unwrap() - (1.5f64.sqrt() - 1.0)).abs() < 1e-12);
        assert_eq!(f("cagr").get(0), None);
    }
}

