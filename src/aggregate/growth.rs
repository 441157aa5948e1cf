//! growth.parquet: per (reporter, partner, indicator, year) the full-year
//! level, growth computed from the levels and stated by the texts, an index
//! and the compound annual growth rate.

use std::collections::{BTreeMap, BTreeSet};

use polars::prelude::*;

use super::year_partner::{cell_map, Key};
use super::AggregateOptions;

/// Descriptions of growth.parquet's columns (kept in its metadata).
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

/// growth.parquet: computed and stated year-on-year growth, an index and CAGR.
pub fn growth(cells: &DataFrame, stated_df: &DataFrame, opts: &AggregateOptions) -> PolarsResult<DataFrame> {
    let levels = cell_map(cells, "level_usd")?;
    let stated = cell_map(stated_df, "yoy_stated")?;
    let n_stated: BTreeMap<Key, BTreeMap<i32, f64>> = {
        let mut df = stated_df.clone();
        let as_float = df.column("n_stated")?.cast(&DataType::Float64)?;
        df.with_column(as_float)?;
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

