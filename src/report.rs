//! The report: one self-contained HTML file for review. Every fact is
//! highlighted in its document's text with its attributes (hover), the charts
//! per partner are inline SVG, and the cells whose sources disagree are listed.

use crate::error::AggregateError;
type Result<T> = std::result::Result<T, AggregateError>;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::aggregate::{conflicts, documents, partner_lines, DocRow};
use crate::sink::{read_facts_of, FactsOf, ParquetSlices};
use crate::chart::{human, svg};
use crate::fact::Fact;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Text of the whole report is capped; documents past it are listed, not shown.
const MAX_TEXT_BYTES: usize = 32 << 20;

fn title_of(f: &Fact) -> String {
    let mut t = format!("{} {} = {}", f.kind, f.rule, f.value);
    if let Some(c) = &f.currency {
        let _ = write!(t, " {c}");
    }
    if let Some(u) = f.amount_usd {
        let _ = write!(t, " (USD {})", human(u));
    }
    let _ = write!(t, "\nqualifier {}\nindicator {}\nreporter {}\npartner {}", f.qualifier, f.indicator, f.reporter, f.partner.as_deref().unwrap_or("-"));
    let _ = write!(t, "\nyear {}", f.year.map(|y| y.to_string()).unwrap_or("-".into()));
    if let (Some(a), Some(b)) = (f.month_from, f.month_to) {
        let _ = write!(t, " months {a}-{b}");
    }
    if let Some(b) = f.base_year {
        let _ = write!(t, "\nbase year {b}");
    }
    let _ = write!(t, "\nscope {}\nstatus {}", f.scope, f.status);
    let _ = write!(t, "\n{}", f.why.replace("; ", "\n"));
    t
}

/// Rows of the fact table read at a time while the page is written.
const STREAM_ROWS: usize = 4096;

/// One pass over the fact table's paths and kinds: the number of facts (and
/// money facts) of the shown texts, and whether each text's facts come
/// together, texts in the order of `docs`.
fn shown_counts(table: &Path, docs: &[DocRow], shown: &std::collections::HashSet<&str>) -> Result<(usize, usize, bool)> {
    let bad = |e: polars::prelude::PolarsError| AggregateError::at(table, e);
    let file = std::fs::File::open(table).map_err(|e| AggregateError::at(table, e))?;
    let (slices, _) = ParquetSlices::new(table, file).map_err(bad)?;
    let index: std::collections::HashMap<&str, usize> = docs.iter().enumerate().filter(|(_, d)| shown.contains(d.1.as_str())).map(|(k, d)| (d.1.as_str(), k)).collect();
    let (mut n, mut money, mut last, mut in_order) = (0, 0, 0, true);
    for df in slices.frames(1 << 16, Some(vec!["path".into(), "kind".into()])) {
        let df = df.map_err(bad)?;
        let (p, k) = (df.column("path").map_err(bad)?.str().map_err(bad)?.clone(), df.column("kind").map_err(bad)?.str().map_err(bad)?.clone());
        for (p, k) in p.iter().zip(k.iter()) {
            let Some(&i) = p.and_then(|p| index.get(p)) else { continue };
            n += 1;
            money += (k == Some("money")) as usize;
            in_order &= i >= last;
            last = i;
        }
    }
    Ok((n, money, in_order))
}

/// Reporters charted when none is asked for (the first gets 8 partners, the others 4).
const MAX_REPORTERS: usize = 6;

/// Writes the report of a run's output folder to `out`.
///
/// A folder written by `aggregate` has no documents.parquet (nor facts): its
/// report has the charts and conflicts, and says why it shows no texts.
pub fn write_report(dir: &Path, out: &Path, reporter: Option<&str>) -> Result<usize> {
    let with_texts = dir.join("documents.parquet").exists();
    let docs = if with_texts { documents(dir)? } else { Vec::new() };
    let conflicts = conflicts(dir)?;
    // Charts of every reporter in the tables (most levels first), or of the one asked for.
    let charted: Vec<String> = match reporter {
        Some(r) => vec![crate::aggregate::chosen_reporter(dir, Some(r))?],
        None => crate::aggregate::reporters(dir)?.into_iter().take(MAX_REPORTERS).map(|(r, _)| r).collect(),
    };
    let mut charts = Vec::new();
    for (k, r) in charted.iter().enumerate() {
        for (partner, lines) in partner_lines(dir, r, if k == 0 { 8 } else { 4 })? {
            charts.push((r.clone(), partner, lines));
        }
    }
    // The texts shown, up to the size limit; only their facts are loaded.
    let mut budget = MAX_TEXT_BYTES as u64;
    let mut shown = std::collections::HashSet::new();
    for (_, path, _, bytes, _) in &docs {
        if *bytes <= budget {
            budget -= bytes;
            shown.insert(path.as_str());
        }
    }
    // The shown texts' facts are read as the page is written, a text at a
    // time, when the table has them in the documents' order (as a run
    // writes them); otherwise they are all loaded first.
    let table = dir.join("facts.parquet");
    let (shown_facts, shown_money, in_order) = if shown.is_empty() { (0, 0, true) } else { shown_counts(&table, &docs, &shown)? };
    let mut stream = if in_order && !shown.is_empty() { Some(FactsOf::open(&table, &shown, STREAM_ROWS)?.peekable()) } else { None };
    let mut by_doc: BTreeMap<String, Vec<Fact>> = BTreeMap::new();
    if !in_order {
        for f in read_facts_of(&table, &shown)? {
            by_doc.entry(f.path.clone()).or_default().push(f);
        }
    }
    let total_facts: u64 = docs.iter().map(|d| d.4).sum();
    // Written as it is built, a document at a time: the page can be larger
    // than the texts it shows, and is never held whole in memory.
    let (atomic, file) = crate::storage::AtomicFile::create(out)?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    let io = |e: std::io::Error| crate::error::SinkError::Io { path: out.to_path_buf(), source: e };
    let mut h = String::new();
    h.push_str("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>tradeseries report</title><style>");
    h.push_str("body{font-family:DejaVu Sans,Arial,sans-serif;margin:2em;max-width:1100px;color:#222}h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}");
    h.push_str("table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f4f4f4}td.l,th.l{text-align:left}");
    h.push_str(".text{white-space:pre-wrap;font-family:DejaVu Serif,Georgia,serif;line-height:1.5;background:#fcfcfc;border:1px solid #eee;padding:1em;max-height:40em;overflow:auto}");
    h.push_str("mark.fact{padding:0 2px;border-radius:3px;cursor:help}mark.money{background:#ffe58a}mark.growth{background:#b8e6b8}mark.noyear{outline:1px dashed #c00}");
    h.push_str(".charts{display:flex;flex-wrap:wrap;gap:1em}.charts svg{width:540px;height:auto;border:1px solid #eee}</style></head><body>");
    let _ = write!(
        h,
        "<h1>tradeseries report</h1><p>{} documents, {} facts; {} facts ({} money, {} growth) in the {} texts shown; {} series cells with conflicting sources. \
         <mark class=\"fact money\">money</mark> <mark class=\"fact growth\">growth</mark> <mark class=\"fact money noyear\">no year</mark>: hover a figure for its attributes and the linkers' reasons.</p>",
        docs.len(),
        total_facts,
        shown_facts,
        shown_money,
        shown_facts - shown_money,
        shown.len(),
        conflicts.len()
    );
    let _ = write!(h, "<h2>Series by partner</h2><p>Full-year levels in US dollars of the total, actual figures (FACTS.md), one line per indicator; reporters: {}.</p><div class=\"charts\">", esc(&charted.join(", ")));
    for (reporter, partner, lines) in &charts {
        h.push_str(&svg(&format!("{reporter} with {partner}"), "US dollars", lines));
    }
    h.push_str("</div>");
    h.push_str("<h2>Conflicts</h2>");
    if conflicts.is_empty() {
        h.push_str("<p>No cell has sources that disagree.</p>");
    } else {
        h.push_str("<table><tr><th class=\"l\">reporter</th><th class=\"l\">partner</th><th class=\"l\">indicator</th><th>year</th><th>months</th><th class=\"l\">currency</th><th>median</th><th>min</th><th>max</th><th class=\"l\">facts</th></tr>");
        for c in &conflicts {
            let mut links: Vec<String> = c.facts.iter().map(|id| format!("<a href=\"#f-{0}\">{0}</a>", esc(id))).collect();
            if c.more > 0 {
                links.push(format!("and {} more (series.parquet lists them)", c.more));
            }
            let _ = write!(
                h,
                "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{}</td><td>{}</td><td class=\"l\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"l\">{}</td></tr>",
                esc(&c.reporter), esc(&c.partner), esc(&c.indicator), c.year, c.months, esc(&c.currency), human(c.value), human(c.min), human(c.max), links.join(" ")
            );
        }
        h.push_str("</table>");
    }
    h.push_str("<h2>Documents</h2>");
    if !with_texts {
        h.push_str("<p><em>No texts: this folder holds aggregates only (written by <code>tradeseries aggregate</code>, with no documents.parquet); the report of a <code>run</code> shows every fact in its text.</em></p>");
    }
    for (k, (doc, path, status, _, nfacts)) in docs.iter().enumerate() {
        std::io::Write::write_all(&mut w, h.as_bytes()).map_err(io)?;
        h.clear();
        let mut fs = by_doc.remove(path.as_str()).unwrap_or_default();
        if let (Some(st), true) = (stream.as_mut(), shown.contains(path.as_str())) {
            while let Some(f) = st.next_if(|f| f.as_ref().map_or(true, |f| f.path == *path)) {
                fs.push(f?);
            }
        }
        // marked in text order, whatever the table's order
        fs.sort_by_key(|f| f.start);
        let _ = write!(h, "<h3 id=\"doc-{k}\">{} <small>({} facts, {})</small></h3>", esc(doc), nfacts, esc(status));
        let text = if shown.contains(path.as_str()) { std::fs::read(path).ok().and_then(|b| String::from_utf8(b).ok()) } else { None };
        let Some(text) = text else {
            h.push_str("<p><em>text not shown (unreadable, not UTF-8, or past the report's size limit)</em></p>");
            continue;
        };
        h.push_str("<div class=\"text\">");
        let mut pos = 0;
        for f in &fs {
            let (s, e) = (f.start as usize, f.end as usize);
            if s < pos || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) || text[s..e] != f.mention {
                continue; // the file changed since the run: leave the figure unmarked
            }
            h.push_str(&esc(&text[pos..s]));
            let noyear = if f.year.is_none() && f.kind == crate::fact::Kind::Money { " noyear" } else { "" };
            let _ = write!(h, "<mark class=\"fact {}{noyear}\" id=\"f-{}\" title=\"{}\">{}</mark>", esc(f.kind.as_str()), esc(&f.fact_id), esc(&title_of(f)), esc(&text[s..e]));
            pos = e;
        }
        h.push_str(&esc(&text[pos..]));
        h.push_str("</div>");
    }
    h.push_str("</body></html>\n");
    std::io::Write::write_all(&mut w, h.as_bytes()).map_err(io)?;
    let file = w.into_inner().map_err(|e| io(e.into_error()))?;
    atomic.commit(file)?;
    Ok(total_facts as usize)
}
