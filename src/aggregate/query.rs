//! The query layer of `compare` and `report`: series read back from a
//! run's output folder (growth.parquet, series.parquet, facts.parquet,
//! documents.parquet).

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::Path;

use polars::prelude::*;

use crate::error::{AggregateError, SinkError};

type Result<T> = std::result::Result<T, AggregateError>;
use crate::sink::{write_parquet, ParquetSlices};

/// What `compare` draws of a series (a column of growth.parquet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Measure {
    /// the full-year level in US dollars
    Level,
    /// growth computed from the levels (new/old)
    Yoy,
    /// growth the texts state
    Stated,
    /// the index, base year = 100
    Index,
}

impl Measure {
    pub fn column(self) -> &'static str {
        match self {
            Measure::Level => "level_usd",
            Measure::Yoy => "yoy_computed",
            Measure::Stated => "yoy_stated",
            Measure::Index => "index",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Measure::Level => "level",
            Measure::Yoy => "yoy",
            Measure::Stated => "stated",
            Measure::Index => "index",
        }
    }
}

/// What `compare` draws.
#[derive(Debug, Clone)]
pub struct CompareSpec {
    pub reporter: String,
    pub indicator: String,
    /// Partners to compare; empty: the three with the most years.
    pub partners: Vec<String>,
    /// Which column of growth.parquet.
    pub measure: Measure,
    /// One partner's series as each document states it (from facts.parquet).
    pub by_doc: bool,
}

/// The reporters of a run's tables, with their number of full-year levels,
/// most first (ties by code): `compare` and `report` chart any of them.
pub fn reporters(dir: &Path) -> Result<Vec<(String, usize)>> {
    let df = read_output(dir, "growth.parquet")?;
    let r = df.column("reporter")?.str()?.clone();
    let level = df.column("level_usd")?.f64()?.clone();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for i in 0..df.height() {
        if let (Some(r), Some(_)) = (r.get(i), level.get(i)) {
            *counts.entry(r.to_string()).or_default() += 1;
        }
    }
    let mut out: Vec<(String, usize)> = counts.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(out)
}

/// The reporter to chart: the one asked for, else the one with the most
/// levels in the tables; an unknown one is an error listing those there are.
pub fn chosen_reporter(dir: &Path, asked: Option<&str>) -> Result<String> {
    let all = reporters(dir)?;
    match asked {
        Some(r) if all.iter().any(|(x, _)| x == r) => Ok(r.to_string()),
        Some(r) => Err(AggregateError::at(dir, format!("no series of reporter {r}; the tables have {}", if all.is_empty() { "none".to_string() } else { all.iter().map(|(x, n)| format!("{x} ({n} full-year levels)")).collect::<Vec<_>>().join(", ") }))),
        None => all.into_iter().next().map(|(r, _)| r).ok_or_else(|| AggregateError::at(dir, "the tables have no full-year levels to chart")),
    }
}

/// The lines to compare, from a run's output folder.
pub fn comparison(dir: &Path, spec: &CompareSpec) -> Result<Vec<crate::chart::Line>> {
    let mut lines = Vec::new();
    if spec.by_doc {
        let partner = spec.partners.first().ok_or_else(|| AggregateError::Request("--by-doc compares one partner's series across documents: name it with --partners".into()))?;
        let df = read_output(dir, "facts.parquet")?;
        let s = |n: &str| -> Result<StringChunked> { Ok(df.column(n)?.str()?.clone()) };
        let (kind, reporter, par, ind, doc) = (s("kind")?, s("reporter")?, s("partner")?, s("indicator")?, s("doc")?);
        let i32s = |n: &str| -> Result<Int32Chunked> { Ok(df.column(n)?.i32()?.clone()) };
        let (year, mf, mt) = (i32s("year")?, i32s("month_from")?, i32s("month_to")?);
        let usd = df.column("amount_usd")?.f64()?.clone();
        // full-year USD amounts of the series, by document and year: their median
        let mut cells: BTreeMap<(String, i32), Vec<Option<f64>>> = BTreeMap::new();
        for i in 0..df.height() {
            let wanted = kind.get(i) == Some("money") && reporter.get(i) == Some(spec.reporter.as_str()) && par.get(i) == Some(partner.as_str()) && ind.get(i) == Some(spec.indicator.as_str()) && mf.get(i) == Some(1) && mt.get(i) == Some(12);
            if let (true, Some(d), Some(y), Some(x)) = (wanted, doc.get(i), year.get(i), usd.get(i)) {
                cells.entry((d.to_string(), y)).or_default().push(Some(x));
            }
        }
        let mut by: BTreeMap<String, Vec<(i32, f64)>> = BTreeMap::new();
        for ((d, y), values) in cells {
            if let Some(m) = super::records::median(values.into_iter()) {
                by.entry(d).or_default().push((y, m));
            }
        }
        for (name, points) in by {
            lines.push(crate::chart::Line { name, points });
        }
        return Ok(lines);
    }
    let column = spec.measure.column();
    let df = read_output(dir, "growth.parquet")?;
    let (rep, ind) = (df.column("reporter")?.str()?.clone(), df.column("indicator")?.str()?.clone());
    let par = df.column("partner")?.str()?.clone();
    let year = df.column("year")?.i32()?.clone();
    let v = df.column(column)?.f64()?.clone();
    let mut by: BTreeMap<String, Vec<(i32, f64)>> = BTreeMap::new();
    for i in 0..df.height() {
        if rep.get(i) != Some(spec.reporter.as_str()) || ind.get(i) != Some(spec.indicator.as_str()) {
            continue;
        }
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
pub fn write_comparison(df: &mut DataFrame, parquet: &Path, csv: &Path) -> std::result::Result<(), SinkError> {
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
    /// The first fact ids of the cell (at most [`CONFLICT_FACTS`]).
    pub facts: Vec<String>,
    /// How many fact ids of the cell are not in `facts`.
    pub more: usize,
}

/// Fact ids kept per conflicting cell for review; a cell stated in thousands
/// of documents lists its first ones and a count.
pub const CONFLICT_FACTS: usize = 12;

pub(super) fn read_output(dir: &Path, name: &str) -> Result<DataFrame> {
    let p = dir.join(name);
    let f = File::open(&p).map_err(|e| AggregateError::at(&p, format!("{e} (run the pipeline first)")))?;
    ParquetReader::new(f).finish().map_err(|e| AggregateError::at(&p, e))
}

/// The conflicting cells of a run's series, the table read a slice at a
/// time (its fact id lists grow with the facts).
pub fn conflicts(dir: &Path) -> Result<Vec<Conflict>> {
    let p = dir.join("series.parquet");
    let bad = |e: PolarsError| AggregateError::at(&p, e);
    let file = File::open(&p).map_err(|e| AggregateError::at(&p, format!("{e} (run the pipeline first)")))?;
    let (slices, _) = ParquetSlices::new(&p, file).map_err(bad)?;
    let mut out = Vec::new();
    for df in slices.frames(CONFLICT_SLICE, None) {
        let df = df.map_err(bad)?;
        let df = df.filter(df.column("conflict").map_err(bad)?.bool().map_err(bad)?).map_err(bad)?;
        conflicts_of(&df, &mut out)?;
    }
    Ok(out)
}

/// Series rows read at a time for the conflicts.
const CONFLICT_SLICE: usize = 1 << 10;

fn conflicts_of(df: &DataFrame, out: &mut Vec<Conflict>) -> Result<()> {
    let s = |n: &str| -> Result<StringChunked> { Ok(df.column(n)?.str()?.clone()) };
    let (rep, par, ind, cur) = (s("reporter")?, s("partner")?, s("indicator")?, s("currency")?);
    let year = df.column("year")?.i32()?.clone();
    let (mf, mt) = (df.column("month_from")?.i32()?.clone(), df.column("month_to")?.i32()?.clone());
    let (v, lo, hi) = (df.column("value")?.f64()?.clone(), df.column("value_min")?.f64()?.clone(), df.column("value_max")?.f64()?.clone());
    let facts = df.column("facts")?.str()?.clone();
    for i in 0..df.height() {
        let all = facts.get(i).unwrap_or("").split(' ').filter(|x| !x.is_empty());
        let ids: Vec<String> = all.clone().take(CONFLICT_FACTS).map(String::from).collect();
        let more = all.count() - ids.len();
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
            more,
        });
    }
    Ok(())
}

/// Per partner (the `top` with most cells), one line per indicator of full-year USD levels.
pub fn partner_lines(dir: &Path, reporter: &str, top: usize) -> Result<Vec<(String, Vec<crate::chart::Line>)>> {
    let df = read_output(dir, "growth.parquet")?;
    let rep = df.column("reporter")?.str()?.clone();
    let par = df.column("partner")?.str()?.clone();
    let ind = df.column("indicator")?.str()?.clone();
    let year = df.column("year")?.i32()?.clone();
    let v = df.column("level_usd")?.f64()?.clone();
    let mut by: BTreeMap<String, BTreeMap<String, Vec<(i32, f64)>>> = BTreeMap::new();
    for i in 0..df.height() {
        if rep.get(i) != Some(reporter) {
            continue;
        }
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
pub fn documents(dir: &Path) -> Result<Vec<DocRow>> {
    let docs = read_output(dir, "documents.parquet")?;
    let s = |n: &str| -> Result<StringChunked> { Ok(docs.column(n)?.str()?.clone()) };
    let (d, p, st) = (s("doc")?, s("path")?, s("status")?);
    let b = docs.column("bytes")?.i64()?.clone();
    let f = docs.column("facts")?.i64()?.clone();
    Ok((0..docs.height())
        .map(|i| (d.get(i).unwrap_or("").into(), p.get(i).unwrap_or("").into(), st.get(i).unwrap_or("").into(), b.get(i).unwrap_or(0) as u64, f.get(i).unwrap_or(0) as u64))
        .collect())
}

