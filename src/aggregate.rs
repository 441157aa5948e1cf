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

/// Settings of the aggregate stage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AggregateOptions {
    /// Sources of one cell disagree when (max - min) / |median| exceeds this.
    pub tolerance: f64,
    /// Base year of the growth index; None: each series' first year.
    pub index_base: Option<i32>,
}

impl Default for AggregateOptions {
    fn default() -> Self {
        AggregateOptions { tolerance: 0.05, index_base: None }
    }
}

/// Columns a fact table must have to be aggregated.
pub const REQUIRED: [&str; 12] = ["doc", "kind", "value", "currency", "indicator", "reporter", "partner", "year", "month_from", "month_to", "fact_id", "start"];

pub const SERIES_DESCRIPTIONS: [(&str, &str); 15] = [
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
    ("facts", "fact ids (doc:start) the cell came from, space-separated"),
    ("value_usd", "median of the facts in US dollars (null where no rate is known)"),
    ("conflict", "the facts disagree: (max - min) / median beyond the tolerance"),
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
        let mut reader = ParquetReader::new(file);
        let schema = reader.schema().map_err(|e| anyhow::anyhow!("{}: not a readable Parquet file: {e}", f.display()))?;
        let missing: Vec<&str> = REQUIRED.iter().copied().filter(|c| schema.get(c).is_none()).collect();
        if !missing.is_empty() {
            anyhow::bail!("{}: not a fact table: missing column(s) {}", f.display(), missing.join(", "));
        }
        // Only the columns the aggregates use: memory stays small (no sentences).
        let wanted: Vec<String> = REQUIRED.iter().chain(["amount_usd", "base_year"].iter()).filter(|c| schema.get(c).is_some()).map(|c| c.to_string()).collect();
        let df = reader.with_columns(Some(wanted)).finish().map_err(|e| anyhow::anyhow!("{}: not a readable Parquet file: {e}", f.display()))?;
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
    let usd = if df.column("amount_usd").is_ok() { col("amount_usd").cast(DataType::Float64) } else { lit(NULL).cast(DataType::Float64).alias("amount_usd") };
    let base = if df.column("base_year").is_ok() { col("base_year").cast(DataType::Int32) } else { lit(NULL).cast(DataType::Int32).alias("base_year") };
    df.lazy()
        .select([
            usd,
            base,
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
pub fn series(facts: DataFrame, opts: &AggregateOptions) -> PolarsResult<DataFrame> {
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
            col("amount_usd").median().alias("value_usd"),
        ])
        .with_column(
            ((col("value_max") - col("value_min")) / when(col("value").lt(lit(0.0))).then(lit(-1.0) * col("value")).otherwise(col("value")))
                .gt(lit(opts.tolerance))
                .alias("conflict"),
        )
        .sort(
            ["reporter", "indicator", "partner", "year", "month_from", "month_to", "currency"],
            SortMultipleOptions::default().with_nulls_last(true),
        )
        .collect()
        .and_then(join_fact_lists)
}

/// The fact ids of a cell as one string ("a.txt:12 b.txt:40"): a list of
/// string views would not open in pandas.
fn join_fact_lists(mut df: DataFrame) -> PolarsResult<DataFrame> {
    let lists = df.column("facts")?.list()?.clone();
    let joined: Vec<String> = (0..lists.len())
        .map(|i| lists.get_as_series(i).and_then(|s| s.str().ok().map(|c| (0..c.len()).filter_map(|j| c.get(j)).collect::<Vec<_>>().join(" "))).unwrap_or_default())
        .collect();
    df.with_column(Column::new("facts".into(), joined))?;
    Ok(df)
}

/// Full-year money cells in US dollars: (reporter, partner, indicator, year)
/// -> median of the facts' `amount_usd`, over every currency they were stated in.
pub fn usd_cells(facts: DataFrame) -> PolarsResult<DataFrame> {
    series_facts(facts)
        .filter(col("month_from").eq(lit(1)).and(col("month_to").eq(lit(12))).and(col("amount_usd").is_not_null()).and(col("partner").is_not_null()))
        .group_by([col("reporter"), col("partner"), col("indicator"), col("year")])
        .agg([col("amount_usd").median().alias("level_usd"), col("amount_usd").count().cast(DataType::Int64).alias("n_facts")])
        .sort(["reporter", "indicator", "partner", "year"], SortMultipleOptions::default())
        .collect()
}

type Key = (String, String, String);

fn cell_map(cells: &DataFrame, value: &str) -> PolarsResult<BTreeMap<Key, BTreeMap<i32, f64>>> {
    let rep = cells.column("reporter")?.str()?.clone();
    let par = cells.column("partner")?.str()?.clone();
    let ind = cells.column("indicator")?.str()?.clone();
    let year = cells.column("year")?.i32()?.clone();
    let val = cells.column(value)?.f64()?.clone();
    let mut out: BTreeMap<Key, BTreeMap<i32, f64>> = BTreeMap::new();
    for i in 0..cells.height() {
        let (Some(r), Some(p), Some(n), Some(y), Some(v)) = (rep.get(i), par.get(i), ind.get(i), year.get(i), val.get(i)) else { continue };
        out.entry((r.to_string(), p.to_string(), n.to_string())).or_default().insert(y, v);
    }
    Ok(out)
}

/// Wide year-by-partner tables, one per indicator: full-year cells in USD.
pub fn year_partner(cells: &DataFrame) -> PolarsResult<BTreeMap<String, DataFrame>> {
    // indicator -> (reporter, year) -> partner -> value
    let mut by_ind: BTreeMap<String, BTreeMap<(String, i32), BTreeMap<String, f64>>> = BTreeMap::new();
    for ((r, p, n), years) in cell_map(cells, "level_usd")? {
        for (y, v) in years {
            by_ind.entry(n.clone()).or_default().entry((r.clone(), y)).or_default().insert(p.clone(), v);
        }
    }
    let mut out = BTreeMap::new();
    for (ind, rows) in by_ind {
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

pub const GROWTH_DESCRIPTIONS: [(&str, &str); 12] = [
    ("reporter", "whose figures"),
    ("partner", "counterpart"),
    ("indicator", "what is measured"),
    ("year", "the year"),
    ("level_usd", "full-year level in US dollars (median of the facts)"),
    ("yoy_computed", "level / previous year's level"),
    ("yoy_stated", "median of the stated full-year growth ratios (new/old) for this year"),
    ("n_stated", "number of stated growth facts"),
    ("disagree", "computed and stated growth differ by more than the tolerance"),
    ("index", "level / level of the base year x 100"),
    ("index_base", "the index's base year"),
    ("cagr", "compound annual growth rate from the series' first year to this year"),
];

/// Stated full-year growth: (reporter, partner, indicator, year) -> (median ratio, n).
fn stated_growth(facts: DataFrame) -> PolarsResult<DataFrame> {
    facts
        .lazy()
        .filter(
            col("kind")
                .eq(lit("growth"))
                .and(col("indicator").neq(lit("other")))
                .and(col("year").is_not_null())
                .and(col("partner").is_not_null())
                .and(col("month_from").eq(lit(1)))
                .and(col("month_to").eq(lit(12)))
                .and(col("base_year").is_null().or(col("base_year").eq(col("year") - lit(1)))),
        )
        .group_by([col("reporter"), col("partner"), col("indicator"), col("year")])
        .agg([col("value").median().alias("yoy_stated"), col("value").count().cast(DataType::Int64).alias("n_stated")])
        .collect()
}

/// growth.parquet: computed and stated year-on-year growth, an index and CAGR.
pub fn growth(cells: &DataFrame, facts: DataFrame, opts: &AggregateOptions) -> PolarsResult<DataFrame> {
    let levels = cell_map(cells, "level_usd")?;
    let stated_df = stated_growth(facts)?;
    let stated = cell_map(&stated_df, "yoy_stated")?;
    let n_stated: BTreeMap<Key, BTreeMap<i32, f64>> = {
        let df = stated_df.clone().lazy().with_column(col("n_stated").cast(DataType::Float64)).collect()?;
        cell_map(&df, "n_stated")?
    };
    let keys: BTreeSet<&Key> = levels.keys().chain(stated.keys()).collect();
    let (mut rep, mut par, mut ind, mut yr) = (vec![], vec![], vec![], vec![]);
    let (mut lvl, mut yc, mut ys, mut ns, mut dis, mut idx, mut ib, mut cagr) = (vec![], vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    let empty = BTreeMap::new();
    for key in keys {
        let l = levels.get(key).unwrap_or(&empty);
        let st = stated.get(key).unwrap_or(&empty);
        let years: BTreeSet<i32> = l.keys().chain(st.keys()).copied().collect();
        let first = l.keys().next().copied();
        let base = opts.index_base.filter(|b| l.contains_key(b)).or(first);
        for y in years {
            let level = l.get(&y).copied();
            let computed = match (level, l.get(&(y - 1))) {
                (Some(a), Some(b)) if *b != 0.0 => Some(a / b),
                _ => None,
            };
            let s = st.get(&y).copied();
            rep.push(key.0.clone());
            par.push(key.1.clone());
            ind.push(key.2.clone());
            yr.push(y);
            lvl.push(level);
            yc.push(computed);
            ys.push(s);
            ns.push(n_stated.get(key).and_then(|m| m.get(&y)).map(|v| *v as i64).unwrap_or(0));
            dis.push(match (computed, s) {
                (Some(c), Some(s)) if s != 0.0 => Some((c / s - 1.0).abs() > opts.tolerance),
                _ => None,
            });
            idx.push(match (level, base.and_then(|b| l.get(&b))) {
                (Some(v), Some(b)) if *b != 0.0 => Some(v / b * 100.0),
                _ => None,
            });
            ib.push(base);
            cagr.push(match (level, first) {
                (Some(v), Some(f)) if y > f && l[&f] > 0.0 && v > 0.0 => Some((v / l[&f]).powf(1.0 / (y - f) as f64) - 1.0),
                _ => None,
            });
        }
    }
    let n = rep.len();
    DataFrame::new(
        n,
        vec![
            Column::new("reporter".into(), rep),
            Column::new("partner".into(), par),
            Column::new("indicator".into(), ind),
            Column::new("year".into(), yr),
            Column::new("level_usd".into(), lvl),
            Column::new("yoy_computed".into(), yc),
            Column::new("yoy_stated".into(), ys),
            Column::new("n_stated".into(), ns),
            Column::new("disagree".into(), dis),
            Column::new("index".into(), idx),
            Column::new("index_base".into(), ib),
            Column::new("cagr".into(), cagr),
        ],
    )
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
}

/// Writes series.parquet, year_partner/<indicator>.parquet and growth.parquet into `dir`.
pub fn write_aggregates(facts: DataFrame, dir: &Path, opts: &AggregateOptions) -> Result<Written, SinkError> {
    let pe = |p: &Path, e: PolarsError| SinkError::Write { path: p.to_path_buf(), message: e.to_string() };
    let series_path = dir.join("series.parquet");
    let mut s = series(facts.clone(), opts).map_err(|e| pe(&series_path, e))?;
    write_parquet(&series_path, &mut s, &SERIES_DESCRIPTIONS)?;
    let conflicts = s.column("conflict").ok().and_then(|c| c.bool().ok().map(|b| b.sum().unwrap_or(0) as usize)).unwrap_or(0);
    let unconverted = unconverted(&facts).map_err(|e| pe(&series_path, e))?;
    let cells = usd_cells(facts.clone()).map_err(|e| pe(&series_path, e))?;
    let wide_dir = dir.join("year_partner");
    let tables = year_partner(&cells).map_err(|e| pe(&wide_dir, e))?;
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
    let mut g = growth(&cells, facts, opts).map_err(|e| pe(&growth_path, e))?;
    write_parquet(&growth_path, &mut g, &GROWTH_DESCRIPTIONS)?;
    Ok(Written { series_rows: s.height(), conflicts, tables: written, growth_rows: g.height(), unconverted })
}

/// Money facts that enter the series but have no USD amount, by currency and year.
fn unconverted(facts: &DataFrame) -> PolarsResult<BTreeMap<String, usize>> {
    let df = series_facts(facts.clone())
        .filter(col("amount_usd").is_null())
        .group_by([col("currency"), col("year")])
        .agg([col("value").count().cast(DataType::Int64).alias("n")])
        .collect()?;
    let cur = df.column("currency")?.str()?.clone();
    let year = df.column("year")?.i32()?.clone();
    let n = df.column("n")?.i64()?.clone();
    Ok((0..df.height()).map(|i| (format!("{} {}", cur.get(i).unwrap_or("?"), year.get(i).map(|y| y.to_string()).unwrap_or_default()), n.get(i).unwrap_or(0) as usize)).collect())
}

/// What `compare` draws.
#[derive(Debug, Clone)]
pub struct CompareSpec {
    pub reporter: String,
    pub indicator: String,
    /// Partners to compare; empty: the three with the most years.
    pub partners: Vec<String>,
    /// "level", "yoy", "stated" or "index" (from growth.parquet).
    pub measure: String,
    /// One partner's series as each document states it (from facts.parquet).
    pub by_doc: bool,
}

/// The lines to compare, from a run's output folder.
pub fn comparison(dir: &Path, spec: &CompareSpec) -> anyhow::Result<Vec<crate::chart::Line>> {
    let mut lines = Vec::new();
    if spec.by_doc {
        let partner = spec.partners.first().ok_or_else(|| anyhow::anyhow!("--by-doc compares one partner's series across documents: name it with --partners"))?;
        let df = read_output(dir, "facts.parquet")?
            .lazy()
            .filter(
                col("kind")
                    .eq(lit("money"))
                    .and(col("reporter").eq(lit(spec.reporter.clone())))
                    .and(col("partner").eq(lit(partner.clone())))
                    .and(col("indicator").eq(lit(spec.indicator.clone())))
                    .and(col("month_from").eq(lit(1)))
                    .and(col("month_to").eq(lit(12)))
                    .and(col("amount_usd").is_not_null()),
            )
            .group_by([col("doc"), col("year")])
            .agg([col("amount_usd").median().alias("v")])
            .sort(["doc", "year"], SortMultipleOptions::default())
            .collect()?;
        let doc = df.column("doc")?.str()?.clone();
        let year = df.column("year")?.i32()?.clone();
        let v = df.column("v")?.f64()?.clone();
        let mut by: BTreeMap<String, Vec<(i32, f64)>> = BTreeMap::new();
        for i in 0..df.height() {
            if let (Some(d), Some(y), Some(x)) = (doc.get(i), year.get(i), v.get(i)) {
                by.entry(d.to_string()).or_default().push((y, x));
            }
        }
        for (name, points) in by {
            lines.push(crate::chart::Line { name, points });
        }
        return Ok(lines);
    }
    let column = match spec.measure.as_str() {
        "level" => "level_usd",
        "yoy" => "yoy_computed",
        "stated" => "yoy_stated",
        "index" => "index",
        m => anyhow::bail!("--measure '{m}': expected level, yoy, stated or index"),
    };
    let df = read_output(dir, "growth.parquet")?
        .lazy()
        .filter(col("reporter").eq(lit(spec.reporter.clone())).and(col("indicator").eq(lit(spec.indicator.clone()))).and(col(column).is_not_null()))
        .collect()?;
    let par = df.column("partner")?.str()?.clone();
    let year = df.column("year")?.i32()?.clone();
    let v = df.column(column)?.f64()?.clone();
    let mut by: BTreeMap<String, Vec<(i32, f64)>> = BTreeMap::new();
    for i in 0..df.height() {
        if let (Some(p), Some(y), Some(x)) = (par.get(i), year.get(i), v.get(i)) {
            by.entry(p.to_string()).or_default().push((y, x));
        }
    }
    let partners: Vec<String> = if spec.partners.is_empty() {
        let mut all: Vec<(&String, usize)> = by.iter().map(|(p, v)| (p, v.len())).collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        all.into_iter().take(3).map(|(p, _)| p.clone()).collect()
    } else {
        spec.partners.clone()
    };
    for p in partners {
        let points = by.remove(&p).unwrap_or_default();
        lines.push(crate::chart::Line { name: p, points });
    }
    Ok(lines)
}

/// The lines as a table: one row per year, one column per line.
pub fn comparison_table(lines: &[crate::chart::Line]) -> PolarsResult<DataFrame> {
    let years: BTreeSet<i32> = lines.iter().flat_map(|l| l.points.iter().map(|p| p.0)).collect();
    let mut cols = vec![Column::new("year".into(), years.iter().copied().collect::<Vec<i32>>())];
    for l in lines {
        let m: BTreeMap<i32, f64> = l.points.iter().copied().collect();
        cols.push(Column::new(l.name.as_str().into(), years.iter().map(|y| m.get(y).copied()).collect::<Vec<Option<f64>>>()));
    }
    DataFrame::new(years.len(), cols)
}

/// Writes a comparison table as Parquet and CSV.
pub fn write_comparison(df: &mut DataFrame, parquet: &Path, csv: &Path) -> Result<(), SinkError> {
    write_parquet(parquet, df, &[("year", "year; the other columns are the compared series")])?;
    let mut text = String::new();
    let names: Vec<String> = df.get_column_names().iter().map(|c| c.to_string()).collect();
    text.push_str(&names.join(","));
    text.push('\n');
    let year = df.column("year").map_err(|e| SinkError::Write { path: csv.to_path_buf(), message: e.to_string() })?.i32().map_err(|e| SinkError::Write { path: csv.to_path_buf(), message: e.to_string() })?.clone();
    for i in 0..df.height() {
        let mut row = vec![year.get(i).map(|y| y.to_string()).unwrap_or_default()];
        for n in &names[1..] {
            let c = df.column(n).ok().and_then(|c| c.f64().ok().cloned());
            row.push(c.and_then(|c| c.get(i)).map(|v| format!("{v}")).unwrap_or_default());
        }
        text.push_str(&row.join(","));
        text.push('\n');
    }
    crate::chart::write_atomic(csv, text.as_bytes())
}

/// A series cell whose sources disagree.
#[derive(Debug, Clone)]
pub struct Conflict {
    pub reporter: String,
    pub partner: String,
    pub indicator: String,
    pub year: i32,
    pub months: String,
    pub currency: String,
    pub value: f64,
    pub min: f64,
    pub max: f64,
    pub facts: Vec<String>,
}

fn read_output(dir: &Path, name: &str) -> anyhow::Result<DataFrame> {
    let p = dir.join(name);
    let f = File::open(&p).map_err(|e| anyhow::anyhow!("{}: {e} (run the pipeline first)", p.display()))?;
    ParquetReader::new(f).finish().map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))
}

/// The conflicting cells of a run's series.
pub fn conflicts(dir: &Path) -> anyhow::Result<Vec<Conflict>> {
    let df = read_output(dir, "series.parquet")?.lazy().filter(col("conflict").eq(lit(true))).collect()?;
    let s = |n: &str| -> anyhow::Result<StringChunked> { Ok(df.column(n)?.str()?.clone()) };
    let (rep, par, ind, cur) = (s("reporter")?, s("partner")?, s("indicator")?, s("currency")?);
    let year = df.column("year")?.i32()?.clone();
    let (mf, mt) = (df.column("month_from")?.i32()?.clone(), df.column("month_to")?.i32()?.clone());
    let (v, lo, hi) = (df.column("value")?.f64()?.clone(), df.column("value_min")?.f64()?.clone(), df.column("value_max")?.f64()?.clone());
    let facts = df.column("facts")?.str()?.clone();
    let mut out = Vec::new();
    for i in 0..df.height() {
        let ids: Vec<String> = facts.get(i).unwrap_or("").split(' ').filter(|x| !x.is_empty()).map(String::from).collect();
        out.push(Conflict {
            reporter: rep.get(i).unwrap_or("").into(),
            partner: par.get(i).unwrap_or("-").into(),
            indicator: ind.get(i).unwrap_or("").into(),
            year: year.get(i).unwrap_or(0),
            months: format!("{}-{}", mf.get(i).unwrap_or(0), mt.get(i).unwrap_or(0)),
            currency: cur.get(i).unwrap_or("").into(),
            value: v.get(i).unwrap_or(f64::NAN),
            min: lo.get(i).unwrap_or(f64::NAN),
            max: hi.get(i).unwrap_or(f64::NAN),
            facts: ids,
        });
    }
    Ok(out)
}

/// Per partner (the `top` with most cells), one line per indicator of full-year USD levels.
pub fn partner_lines(dir: &Path, reporter: &str, top: usize) -> anyhow::Result<Vec<(String, Vec<crate::chart::Line>)>> {
    let df = read_output(dir, "growth.parquet")?.lazy().filter(col("reporter").eq(lit(reporter.to_string())).and(col("level_usd").is_not_null())).collect()?;
    let par = df.column("partner")?.str()?.clone();
    let ind = df.column("indicator")?.str()?.clone();
    let year = df.column("year")?.i32()?.clone();
    let v = df.column("level_usd")?.f64()?.clone();
    let mut by: BTreeMap<String, BTreeMap<String, Vec<(i32, f64)>>> = BTreeMap::new();
    for i in 0..df.height() {
        if let (Some(p), Some(n), Some(y), Some(x)) = (par.get(i), ind.get(i), year.get(i), v.get(i)) {
            by.entry(p.to_string()).or_default().entry(n.to_string()).or_default().push((y, x));
        }
    }
    let mut ranked: Vec<(String, usize)> = by.iter().map(|(p, m)| (p.clone(), m.values().map(Vec::len).sum())).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(ranked
        .into_iter()
        .take(top)
        .map(|(p, _)| {
            let lines = by.remove(&p).unwrap_or_default().into_iter().map(|(name, points)| crate::chart::Line { name, points }).collect();
            (p, lines)
        })
        .collect())
}

/// A document of a run: doc, path, status, bytes, facts.
pub type DocRow = (String, String, String, u64, u64);

/// A run's documents.
pub fn documents(dir: &Path) -> anyhow::Result<Vec<DocRow>> {
    let docs = read_output(dir, "documents.parquet")?;
    let s = |n: &str| -> anyhow::Result<StringChunked> { Ok(docs.column(n)?.str()?.clone()) };
    let (d, p, st) = (s("doc")?, s("path")?, s("status")?);
    let b = docs.column("bytes")?.i64()?.clone();
    let f = docs.column("facts")?.i64()?.clone();
    Ok((0..docs.height())
        .map(|i| (d.get(i).unwrap_or("").into(), p.get(i).unwrap_or("").into(), st.get(i).unwrap_or("").into(), b.get(i).unwrap_or(0) as u64, f.get(i).unwrap_or(0) as u64))
        .collect())
}

/// The facts of the documents at `paths` (one scan of the fact table).
pub fn facts_of(dir: &Path, paths: &std::collections::HashSet<&str>) -> anyhow::Result<Vec<crate::fact::Fact>> {
    Ok(crate::sink::read_facts_of(&dir.join("facts.parquet"), paths)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> DataFrame {
        let d = df!(
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
        )
        .unwrap();
        normalize_types(d).unwrap()
    }

    #[test]
    fn series_takes_the_median_and_keeps_partial_years_apart() {
        let s = series(facts(), &AggregateOptions::default()).unwrap();
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
        let cells = usd_cells(facts()).unwrap();
        let w = year_partner(&cells).unwrap();
        let t = &w["exports"];
        assert_eq!(t.get_column_names(), ["reporter", "year", "CHN"]);
        assert_eq!(t.column("CHN").unwrap().f64().unwrap().get(0), Some(110.0));
    }

    #[test]
    fn conflict_flag_beyond_the_tolerance() {
        let s = series(facts(), &AggregateOptions { tolerance: 0.1, index_base: None }).unwrap();
        let to = s.column("month_to").unwrap().i32().unwrap().clone();
        let c = s.column("conflict").unwrap().bool().unwrap().clone();
        let full = (0..2).find(|&i| to.get(i) == Some(12)).unwrap();
        // 100 and 120 around a median of 110: (120 - 100) / 110 = 0.18 > 0.1
        assert_eq!(c.get(full), Some(true));
        let s = series(facts(), &AggregateOptions { tolerance: 0.2, index_base: None }).unwrap();
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
        let stated = normalize_types(
            df!(
                "doc" => ["a"], "start" => [1i64], "kind" => ["growth"], "value" => [1.25], "currency" => [None::<&str>],
                "indicator" => ["exports"], "reporter" => ["BLR"], "partner" => ["CHN"], "year" => [2021i32],
                "month_from" => [1i32], "month_to" => [12i32], "fact_id" => ["a:1"], "amount_usd" => [None::<f64>], "base_year" => [2020i32],
            )
            .unwrap(),
        )
        .unwrap();
        let g = growth(&levels, stated, &AggregateOptions { tolerance: 0.02, index_base: Some(2021) }).unwrap();
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
