//! Aggregate: facts -> series (long) and year-by-partner tables (wide), with polars.
//!
//! A fact enters the series only where FACTS.md says so: money, `indicator`
//! not `other`, `year` known. One series cell is (reporter, partner,
//! indicator, year, month_from, month_to, currency): several facts for it give
//! the median, with min, max, the number of facts and of documents, and the
//! fact ids. The wide tables keep full-year USD cells: one row per
//! (reporter, year), one column per partner.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::error::SinkError;
use crate::sink::write_parquet;

/// Columns a fact table must have to be aggregated.
pub const REQUIRED: [&str; 12] = ["doc", "kind", "value", "currency", "indicator", "reporter", "partner", "year", "month_from", "month_to", "fact_id", "start"];

pub const SERIES_DESCRIPTIONS: [(&str, &str); 13] = [
    ("reporter", "whose figures (ISO3 or group)"),
    ("partner", "counterpart (ISO3 or group), null if unknown"),
    ("indicator", "turnover | exports | imports | investment | exchange_trade | contracts | credit"),
    ("year", "year of the figures"),
    ("month_from", "first month covered"),
    ("month_to", "last month covered"),
    ("currency", "ISO 4217 code of value"),
    ("value", "median of the facts for this cell"),
    ("value_min", "smallest fact value"),
    ("value_max", "largest fact value"),
    ("n_facts", "number of facts"),
    ("n_docs", "number of documents"),
    ("facts", "fact ids (doc:start) the cell came from"),
];

fn key_cols() -> [Expr; 7] {
    [col("reporter"), col("partner"), col("indicator"), col("year"), col("month_from"), col("month_to"), col("currency")]
}

/// Reads fact Parquet files (files or folders, recursive) into one frame.
pub fn read_facts(inputs: &[PathBuf]) -> anyhow::Result<DataFrame> {
    let mut files = Vec::new();
    for p in inputs {
        if p.is_dir() {
            collect_parquet(p, &mut files)?;
        } else {
            files.push(p.clone());
        }
    }
    if files.is_empty() {
        anyhow::bail!("no Parquet files in {}", inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "));
    }
    let mut out: Option<DataFrame> = None;
    for f in files {
        let file = File::open(&f).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?;
        let df = ParquetReader::new(file).finish().map_err(|e| anyhow::anyhow!("{}: not a readable Parquet file: {e}", f.display()))?;
        let missing: Vec<&str> = REQUIRED.iter().copied().filter(|c| df.column(c).is_err()).collect();
        if !missing.is_empty() {
            anyhow::bail!("{}: not a fact table: missing column(s) {}", f.display(), missing.join(", "));
        }
        let df = normalize_types(df).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?;
        out = Some(match out {
            None => df,
            Some(mut acc) => {
                acc.vstack_mut(&df).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?;
                acc
            }
        });
    }
    Ok(out.expect("at least one file"))
}

fn collect_parquet(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_parquet(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "parquet") && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
            out.push(p);
        }
    }
    Ok(())
}

/// Casts the required columns to our types, so tables from other producers stack.
fn normalize_types(df: DataFrame) -> PolarsResult<DataFrame> {
    df.lazy()
        .select([
            col("doc").cast(DataType::String),
            col("start").cast(DataType::Int64),
            col("kind").cast(DataType::String),
            col("value").cast(DataType::Float64),
            col("currency").cast(DataType::String),
            col("indicator").cast(DataType::String),
            col("reporter").cast(DataType::String),
            col("partner").cast(DataType::String),
            col("year").cast(DataType::Int32),
            col("month_from").cast(DataType::Int32),
            col("month_to").cast(DataType::Int32),
            col("fact_id").cast(DataType::String),
        ])
        .collect()
}

/// The facts that go into series: FACTS.md's rule.
fn series_facts(facts: DataFrame) -> LazyFrame {
    facts.lazy().filter(col("kind").eq(lit("money")).and(col("indicator").neq(lit("other"))).and(col("year").is_not_null()))
}

/// Long series table.
pub fn series(facts: DataFrame) -> PolarsResult<DataFrame> {
    series_facts(facts)
        .sort(["doc", "start"], SortMultipleOptions::default())
        .group_by(key_cols())
        .agg([
            col("value").median().alias("value"),
            col("value").min().alias("value_min"),
            col("value").max().alias("value_max"),
            col("value").count().cast(DataType::Int64).alias("n_facts"),
            col("doc").n_unique().cast(DataType::Int64).alias("n_docs"),
            col("fact_id").alias("facts"),
        ])
        .sort(
            ["reporter", "indicator", "partner", "year", "month_from", "month_to", "currency"],
            SortMultipleOptions::default().with_nulls_last(true),
        )
        .collect()
}

/// Wide year-by-partner tables, one per indicator: full-year USD cells.
pub fn year_partner(series: &DataFrame) -> PolarsResult<BTreeMap<String, DataFrame>> {
    let full = series
        .clone()
        .lazy()
        .filter(col("month_from").eq(lit(1)).and(col("month_to").eq(lit(12))).and(col("currency").eq(lit("USD"))).and(col("partner").is_not_null()))
        .collect()?;
    let ind = full.column("indicator")?.str()?.clone();
    let rep = full.column("reporter")?.str()?.clone();
    let par = full.column("partner")?.str()?.clone();
    let year = full.column("year")?.i32()?.clone();
    let val = full.column("value")?.f64()?.clone();
    // indicator -> (reporter, year) -> partner -> value
    let mut cells: BTreeMap<String, BTreeMap<(String, i32), BTreeMap<String, f64>>> = BTreeMap::new();
    for i in 0..full.height() {
        let (Some(ind), Some(rep), Some(par), Some(y), Some(v)) = (ind.get(i), rep.get(i), par.get(i), year.get(i), val.get(i)) else { continue };
        cells.entry(ind.to_string()).or_default().entry((rep.to_string(), y)).or_default().insert(par.to_string(), v);
    }
    let mut out = BTreeMap::new();
    for (ind, rows) in cells {
        let partners: BTreeSet<&String> = rows.values().flat_map(|m| m.keys()).collect();
        let mut columns = vec![
            Column::new("reporter".into(), rows.keys().map(|(r, _)| r.clone()).collect::<Vec<_>>()),
            Column::new("year".into(), rows.keys().map(|(_, y)| *y).collect::<Vec<_>>()),
        ];
        for p in partners {
            columns.push(Column::new(p.as_str().into(), rows.values().map(|m| m.get(p).copied()).collect::<Vec<Option<f64>>>()));
        }
        out.insert(ind, DataFrame::new(rows.len(), columns)?);
    }
    Ok(out)
}

/// Writes series.parquet and year_partner/<indicator>.parquet into `dir`.
/// Returns the number of series rows and the wide tables written.
pub fn write_aggregates(facts: DataFrame, dir: &Path) -> Result<(usize, Vec<String>), SinkError> {
    let pe = |p: &Path, e: PolarsError| SinkError::Write { path: p.to_path_buf(), message: e.to_string() };
    let series_path = dir.join("series.parquet");
    let mut s = series(facts).map_err(|e| pe(&series_path, e))?;
    write_parquet(&series_path, &mut s, &SERIES_DESCRIPTIONS)?;
    let wide_dir = dir.join("year_partner");
    let tables = year_partner(&s).map_err(|e| pe(&wide_dir, e))?;
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
        write_parquet(&p, &mut df, &[("reporter", "whose figures"), ("year", "year (full-year cells, USD)")])?;
        written.push(ind);
    }
    Ok((s.height(), written))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> DataFrame {
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
        )
        .unwrap()
    }

    #[test]
    fn series_takes_the_median_and_keeps_partial_years_apart() {
        let s = series(facts()).unwrap();
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

    #[test]
    fn wide_table_has_a_column_per_partner() {
        let s = series(facts()).unwrap();
        let w = year_partner(&s).unwrap();
        let t = &w["exports"];
        assert_eq!(t.get_column_names(), ["reporter", "year", "CHN"]);
        assert_eq!(t.column("CHN").unwrap().f64().unwrap().get(0), Some(110.0));
    }
}
