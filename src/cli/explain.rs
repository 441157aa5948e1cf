//! `tradeseries explain "TEXT"`: tokens, matches with rule ids, and each
//! linker's choice with its reason (Duckling's Debug, for our rules).

use crate::config::parse_date;
use crate::extract::{recognize, unread, Sent};
use crate::extract::document::{analyze, ExtractOptions};
use crate::tokenize::{sentences, TokKind};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The text to explain.
    pub text: String,
    /// Default reporter.
    #[arg(long, default_value = crate::fact::DEFAULT_REPORTER)]
    pub reporter: String,
    /// The document's date (YYYY or YYYY-MM) for "last year" and "this year".
    #[arg(long)]
    pub date: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let shown = explain(&args.text, &args.reporter, args.date.as_deref())?;
    outp!("{shown}");
    Ok(0)
}

/// What `explain` shows: tokens, every match with its rule, each linker's
/// choice with its reason, and the numbers not read with why (also
/// `tradeseries.explain` in Python).
pub fn explain(text: &str, reporter: &str, date: Option<&str>) -> anyhow::Result<String> {
    use std::fmt::Write as _;
    let mut buf = String::new();
    macro_rules! out {
        ($($t:tt)*) => {{ let _ = writeln!(buf, $($t)*); }};
    }
    let date = match date {
        Some(d) => Some(parse_date(d).ok_or_else(|| anyhow::anyhow!("--date '{d}' is not YYYY or YYYY-MM"))?),
        None => None,
    };
    let opts = ExtractOptions { reporter: reporter.to_string(), date, bare_figures: true, ..Default::default() };
    let (aligned, toks, found) = analyze(text, &opts);
    if aligned.text != text {
        out!("cleaned: {}", aligned.text);
    }
    let shown: Vec<String> = toks
        .iter()
        .map(|t| {
            let k = match t.kind {
                TokKind::Num => "num",
                TokKind::Word => "word",
                TokKind::Sym => "sym",
                TokKind::Punct => "punct",
                TokKind::Url => "url",
                TokKind::Break => "break",
            };
            format!("{}/{k}", t.text(&aligned.text).replace('\n', "\\n"))
        })
        .collect();
    out!("tokens: {}", shown.join(" "));
    if found.is_empty() {
        out!("no figures read");
    }
    for f in &found {
        let o = aligned.to_original(f.span);
        let m = &f.m;
        let range = match (m.low, m.high) {
            (Some(l), Some(h)) => format!(" [{l} .. {h}]"),
            _ => String::new(),
        };
        out!(
            "{} {:?} [{}..{}) value={}{} {}{} rule={}",
            m.kind.as_str(),
            &text[o.range()],
            o.start,
            o.end,
            m.value,
            range,
            m.qualifier.as_str(),
            m.currency.map(|c| format!(" {c}")).unwrap_or_default(),
            m.rule
        );
        let l = &f.links;
        out!(
            "  indicator={} reporter={} partner={} year={} months={}..{} base_year={} scope={} status={}",
            l.indicator,
            l.reporter,
            l.partner.as_deref().unwrap_or("-"),
            l.year.map(|y| y.to_string()).unwrap_or("-".into()),
            l.month_from.map(|y| y.to_string()).unwrap_or("-".into()),
            l.month_to.map(|y| y.to_string()).unwrap_or("-".into()),
            l.base_year.map(|y| y.to_string()).unwrap_or("-".into()),
            l.scope,
            l.status,
        );
        for r in &l.reasons {
            out!("  because {r}");
        }
    }
    // What was not read, and why.
    for sent in sentences(&aligned.text, &toks) {
        let s = Sent { text: &aligned.text, toks: &toks, lo: sent.tokens.0, hi: sent.tokens.1 };
        let ms = recognize(&s);
        for (span, why) in unread(&s, &ms) {
            let o = aligned.to_original(span);
            out!("not read [{}..{}) {why}", o.start, o.end);
        }
    }
    Ok(buf)
}
