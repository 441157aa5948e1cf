//! year_partner/<indicator>.parquet: the product's wide tables, one row per
//! (reporter, year), one column per partner, full-year levels in US dollars
//! of the facts FACTS.md lets in (scope `total`, status `actual`).

use std::collections::{BTreeMap, BTreeSet};

use polars::prelude::*;

/// (reporter, partner, indicator)
pub(super) type Key = (String, String, String);

pub(super) fn cell_map(cells: &DataFrame, value: &str) -> PolarsResult<BTreeMap<Key, BTreeMap<i32, f64>>> {
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
    type Rows = BTreeMap<(String, i32), BTreeMap<String, f64>>;
    let mut by_ind: BTreeMap<String, Rows> = BTreeMap::new();
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

