//! The per-document driver of extraction: a document's text, cleaned and
//! cut into segments, tokenized, recognized and linked, to [`Fact`] rows
//! (spans in original bytes).

use crate::fact::Fact;
use crate::extract::link::{dateline, DocContext, Linker, Links};
use crate::extract::{recognize_text, Match, Sent};
use crate::ingest::clean::clean;
use crate::text::{AlignedText, Span};
use crate::lexicon::tokenize;
use crate::tokenize::{Sentence, Token};

/// Options of the extract stage for one document.
#[derive(Debug, Clone)]
pub struct ExtractOptions {
    pub reporter: String,
    /// A date given by the pipeline config, used when the text has none.
    pub date: Option<(i32, Option<u8>)>,
    pub kinds: Vec<String>,
    /// Dates of documents without a dateline, by document id.
    pub doc_dates: std::collections::BTreeMap<String, (i32, Option<u8>)>,
    /// Reporters of documents, by document id (the config's `extract.reporters`).
    pub doc_reporters: std::collections::BTreeMap<String, String>,
    /// Annual rates for `amount_usd` (none: left null).
    pub rates: Option<std::sync::Arc<crate::normalize::Rates>>,
    /// Read figures that stand alone, with no words around them ("$10").
    /// Off for documents, where such lines are page furniture (rate tickers);
    /// on for single phrases (`explain`, the peer suites).
    pub bare_figures: bool,
    /// Where to add each stage's time, if it is measured (`tradeseries profile`).
    pub timings: Option<std::sync::Arc<StageTimes>>,
}

/// The time spent in each stage, added up over the documents of a run.
#[derive(Debug, Default)]
pub struct StageTimes {
    nanos: [std::sync::atomic::AtomicU64; 5],
}

/// The stages [`StageTimes`] tells apart.
pub const STAGES: [&str; 5] = ["read", "clean", "tokenize", "recognize", "link"];

impl StageTimes {
    /// Adds the time since `since` to stage `k` (of [`STAGES`]).
    pub fn add(&self, k: usize, since: std::time::Instant) {
        self.nanos[k].fetch_add(since.elapsed().as_nanos() as u64, std::sync::atomic::Ordering::Relaxed);
    }
    /// Each stage's time.
    pub fn get(&self) -> [std::time::Duration; 5] {
        std::array::from_fn(|k| std::time::Duration::from_nanos(self.nanos[k].load(std::sync::atomic::Ordering::Relaxed)))
    }
}

/// Times `f` as stage `k` when `t` is given.
#[inline]
pub(crate) fn timed<R>(t: &Option<std::sync::Arc<StageTimes>>, k: usize, f: impl FnOnce() -> R) -> R {
    match t {
        None => f(),
        Some(t) => {
            let t0 = std::time::Instant::now();
            let r = f();
            t.add(k, t0);
            r
        }
    }
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions { reporter: crate::fact::DEFAULT_REPORTER.into(), date: None, kinds: vec!["money".into(), "growth".into()], doc_dates: Default::default(), doc_reporters: Default::default(), rates: None, bare_figures: false, timings: None }
    }
}

/// A figure with its links, before it becomes a row (used by `explain`).
#[derive(Debug, Clone)]
pub struct Found {
    pub m: Match,
    pub links: Links,
    pub span: Span,
    pub sentence: Span,
}

/// Cleans, tokenizes, recognizes and links a whole document (one segment).
pub fn analyze(original: &str, opts: &ExtractOptions) -> (AlignedText, Vec<Token>, Vec<Found>) {
    let aligned = clean(original);
    let mut linker = doc_linker(None, &aligned.text, opts);
    let (toks, found) = analyze_segment(&aligned, opts, &mut linker);
    (aligned, toks, found)
}

/// A text this short is a news item, which reports one time: its latest part
/// of a year is when it was written (a book spans many).
const NEWS_BYTES: usize = 16 << 10;

/// How much of a document's start is read for whose trade it reports.
const HEAD_CHARS: usize = 1500;

/// The linker of a document: its date from a dateline in its (first) cleaned
/// text, else the config's date for this document, else the run's.
fn doc_linker(doc: Option<&str>, cleaned: &str, opts: &ExtractOptions) -> Linker {
    let date = dateline(cleaned).or(doc.and_then(|d| opts.doc_dates.get(d).copied())).or(opts.date);
    // whose trade the text reports: its head's words, else the config's for
    // this document, else the pipeline's reporter
    let head_end = cleaned.char_indices().nth(HEAD_CHARS).map(|(i, _)| i).unwrap_or(cleaned.len());
    let (reporter, reporter_why) = match crate::extract::link::reporter::of_document(&cleaned[..head_end]) {
        Some((code, why)) => (code, Some(why)),
        None => match doc.and_then(|d| opts.doc_reporters.get(d)) {
            Some(code) => (code.clone(), Some("the config's reporter for this document".to_string())),
            None => (opts.reporter.clone(), None),
        },
    };
    // a news item without a date dates itself by the latest part of a year it reports
    let text_year = if date.is_none() && cleaned.len() <= NEWS_BYTES { crate::extract::link::period::text_year(cleaned) } else { None };
    Linker::new(DocContext { date, reporter, reporter_why, text_year })
}

fn analyze_segment(aligned: &AlignedText, opts: &ExtractOptions, linker: &mut Linker) -> (Vec<Token>, Vec<Found>) {
    let t = &opts.timings;
    linker.cited.clone_from(&aligned.cited);
    let toks = timed(t, 2, || tokenize(&aligned.text));
    let mut sents: Vec<(Sentence, Vec<Match>)> = timed(t, 3, || {
        recognize_text(&aligned.text, &toks, opts.bare_figures)
            .into_iter()
            .map(|(sent, ms)| (sent, ms.into_iter().filter(|m| opts.kinds.iter().any(|k| k == m.kind.as_str())).collect()))
            .collect()
    });
    let links = timed(t, 4, || {
        implicit_currencies(&toks, &mut sents);
        link_sentences(linker, &aligned.text, &toks, &sents)
    });
    let mut found = Vec::new();
    for ((sent, ms), links) in sents.into_iter().zip(links) {
        let s = Sent { text: &aligned.text, toks: &toks, lo: sent.tokens.0, hi: sent.tokens.1 };
        for (mut m, l) in ms.into_iter().zip(links) {
            if !resolve_currency(&s, &mut m, &l) {
                continue;
            }
            let span = s.span(m.start, m.end);
            found.push(Found { m, links: l, span, sentence: sent.span });
        }
    }
    (toks, found)
}

/// Amounts written with no currency ("-9.9 bn" after "a 7.8 bn euro
/// deficit") take the currency of the last amount before them in their
/// paragraph; with none, they are no figure.
fn implicit_currencies(toks: &[Token], sents: &mut [(Sentence, Vec<Match>)]) {
    // (signed amounts, "+3.2 bn", take it from the paragraph; others only from their sentence)
    let mut last: Option<&'static str> = None;
    for (sent, ms) in sents.iter_mut() {
        if sent.tokens.0 > 0 && toks[sent.tokens.0 - 1].kind == crate::tokenize::TokKind::Break {
            last = None;
        }
        let mut in_sentence: Option<&'static str> = None;
        ms.retain_mut(|m| {
            if m.kind != crate::fact::Kind::Money {
                return true;
            }
            let from = match m.rule {
                "money.implicit_currency" => in_sentence.or(last),
                "money.implicit_in_sentence" => in_sentence,
                _ => {
                    if let Some(c) = m.currency.filter(|c| *c != crate::lexicon::CONTEXT_CURRENCY) {
                        last = Some(c);
                        in_sentence = Some(c);
                    }
                    return true;
                }
            };
            match from {
                Some(c) => {
                    m.currency = Some(c);
                    true
                }
                None => false,
            }
        });
    }
}

/// Links the figures of a segment's sentences, in order; the linker's state
/// carries on to the next segment. Every sentence is read, those without
/// figures for what they carry on (a period, a partner, a subject).
pub fn link_sentences(linker: &mut Linker, text: &str, toks: &[Token], sents: &[(Sentence, Vec<Match>)]) -> Vec<Vec<Links>> {
    sents
        .iter()
        .map(|(sent, ms)| linker.link_sentence(&Sent { text, toks, lo: sent.tokens.0, hi: sent.tokens.1 }, ms))
        .collect()
}

/// The most text cleaned and tokenized at once. A longer document is cut
/// into segments at paragraph breaks (else line breaks, else white space), so
/// that memory stays bounded whatever the size of one document; the linkers'
/// state carries across the cut.
pub const SEGMENT_BYTES: usize = 4 << 20;

/// Byte ranges of `text`, each at most about `max` bytes, cut at a blank line,
/// a newline, a sentence end or a space near the limit.
pub fn segments(text: &str, max: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while text.len() - start > max {
        let mut cut = start + max;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let window = &text[start..cut];
        let floor = window.len() / 2;
        let at = window
            .rfind("\n\n")
            .filter(|&p| p > floor)
            .map(|p| p + 2)
            .or_else(|| window.rfind('\n').filter(|&p| p > floor).map(|p| p + 1))
            .or_else(|| window.rfind(". ").filter(|&p| p > floor).map(|p| p + 2))
            .or_else(|| window.rfind(' ').filter(|&p| p > floor).map(|p| p + 1))
            .unwrap_or(window.len());
        out.push(start..start + at);
        start += at;
    }
    out.push(start..text.len());
    out
}

/// An ambiguous currency form read by the country of the figure (its
/// reporter, else its partner), from the lexicon's `[[resolve]]` table: "RM"
/// in a text about China is renminbi, "R" in a South African text the rand.
/// A form whose currency only the country can give (code XXX) and that stays
/// unresolved gives no figure: false when the match is to be dropped.
fn resolve_currency(s: &Sent, m: &mut Match, l: &Links) -> bool {
    if m.currency.is_none() {
        return true;
    }
    let lex = crate::lexicon::lexicon();
    for (side, country) in [(true, Some(&l.reporter)), (false, l.partner.as_ref())] {
        let Some(country) = country else { continue };
        for k in m.start..m.end {
            if let Some(&(code, reporter_only)) = lex.currency_by_partner.get(&(s.text_of(k).to_string(), country.clone())) {
                if side || !reporter_only {
                    m.currency = Some(code);
                    return true;
                }
            }
        }
    }
    m.currency != Some(crate::lexicon::CONTEXT_CURRENCY)
}

/// Extracts the facts of one document.
pub fn extract_facts(doc: &str, path: &str, original: &str, opts: &ExtractOptions) -> Vec<Fact> {
    let mut all = Vec::new();
    extract_facts_each(doc, path, original, opts, |fs| all.extend(fs));
    all
}

/// Extracts the facts of one document segment by segment, handing each
/// segment's facts to `emit` (a long document never holds all its facts).
pub fn extract_facts_each(doc: &str, path: &str, original: &str, opts: &ExtractOptions, emit: impl FnMut(Vec<Fact>)) {
    extract_with(doc, path, original, opts, false, emit)
}

/// As [`extract_facts_each`]; `analyze_all` makes the linker analyze every
/// sentence, also those that can carry nothing on (to test that skipping
/// them changes no fact).
fn extract_with(doc: &str, path: &str, original: &str, opts: &ExtractOptions, analyze_all: bool, mut emit: impl FnMut(Vec<Fact>)) {
    let mut linker: Option<Linker> = None;
    for seg in segments(original, SEGMENT_BYTES) {
        let mut facts = Vec::new();
        let base = seg.start;
        let part = &original[seg];
        let aligned = timed(&opts.timings, 1, || clean(part));
        let linker = linker.get_or_insert_with(|| {
            let mut l = doc_linker(Some(doc), &aligned.text, opts);
            l.analyze_all = analyze_all;
            l
        });
        let (_, found) = analyze_segment(&aligned, opts, linker);
        for f in found {
            let o = aligned.to_original(f.span);
            let m = &f.m;
            let l = f.links;
            let (start, end) = (base + o.start, base + o.end);
            facts.push(Fact {
                doc: doc.to_string(),
                path: path.to_string(),
                start: start as u64,
                end: end as u64,
                mention: part[o.range()].to_string(),
                kind: m.kind,
                value: m.value,
                value_low: m.low,
                value_high: m.high,
                qualifier: m.qualifier,
                currency: m.currency.map(String::from),
                indicator: l.indicator,
                reporter: l.reporter,
                partner: l.partner,
                year: l.year,
                month_from: l.month_from.map(i32::from),
                month_to: l.month_to.map(i32::from),
                base_year: l.base_year,
                scope: l.scope,
                status: l.status,
                sentence: aligned.text[f.sentence.range()].to_string(),
                rule: m.rule.into(),
                amount_usd: match (&opts.rates, m.currency, l.year) {
                    (Some(r), Some(c), Some(y)) if m.kind == crate::fact::Kind::Money => r.usd(m.value, c, y),
                    _ => None,
                },
                fact_id: format!("{doc}:{start}"),
                why: l.reasons.join("; "),
            });
        }
        emit(facts);
    }
}

#[cfg(test)]
mod tests {
    /// The linker passes over sentences that can carry nothing on (no
    /// country, cue, number, period or part named): on every bundled text and
    /// on texts of the specs' kind, every fact and every reason is the same
    /// as when it analyzes every sentence.
    #[test]
    fn skipping_sentences_that_carry_nothing_changes_no_fact() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pipelines/corpus");
        let mut texts: Vec<(String, String)> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).map(|p| (p.display().to_string(), std::fs::read_to_string(&p).unwrap())).collect();
        // the news of the dev set too, where it is beside the checkout
        if let Ok(rd) = std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/news-dev")) {
            texts.extend(rd.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).map(|p| (p.display().to_string(), std::fs::read_to_string(&p).unwrap())));
        }
        texts.push(("news".into(), "MINSK, 14 June (BelTA) - Exports grew.\n\nThe delegation met the minister. Uganda remained the major destination.\n\nThe talks were held in a warm atmosphere. In May, exports to Laos were worth $5 million.\n".into()));
        let opts = ExtractOptions { rates: Some(std::sync::Arc::new(crate::normalize::Rates::bundled())), ..Default::default() };
        let mut facts = 0;
        for (name, text) in &texts {
            let (mut quick, mut full) = (Vec::new(), Vec::new());
            extract_with(name, name, text, &opts, false, |f| quick.extend(f));
            extract_with(name, name, text, &opts, true, |f| full.extend(f));
            assert_eq!(quick.len(), full.len(), "{name}");
            for (a, b) in quick.iter().zip(&full) {
                assert_eq!(a, b, "{name}");
            }
            facts += full.len();
        }
        assert!(facts > 800, "{facts}");
    }

    use super::*;

    #[test]
    fn segments_cut_at_paragraphs_and_cover_the_text() {
        let text = "a b c\n\nd e f\n\ng h i j k l m n o p q r s t";
        let segs = segments(text, 10);
        assert_eq!(segs.first().unwrap().start, 0);
        assert_eq!(segs.last().unwrap().end, text.len());
        for w in segs.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
        assert_eq!(&text[segs[0].clone()], "a b c\n\n");
    }

    #[test]
    fn facts_of_a_segmented_document_keep_their_offsets() {
        let para = "In 2024, exports to China grew by 18% to $84 million.\n\n";
        let text = para.repeat(200_000 / para.len() + 1);
        let opts = ExtractOptions::default();
        let whole: Vec<Fact> = {
            let (aligned, _, found) = analyze(&text, &opts);
            found.iter().map(|f| aligned.to_original(f.span)).map(|o| Fact { start: o.start as u64, ..dummy() }).collect()
        };
        let mut facts = Vec::new();
        let mut linker = Linker::new(DocContext { date: None, reporter: "BLR".into(), reporter_why: None, text_year: None });
        for seg in segments(&text, 10_000) {
            let aligned = clean(&text[seg.clone()]);
            for f in analyze_segment(&aligned, &opts, &mut linker).1 {
                let o = aligned.to_original(f.span);
                assert_eq!(&text[seg.start + o.start..seg.start + o.end], &aligned.text[f.span.range()].replace('\\', ""));
                facts.push(seg.start + o.start);
            }
        }
        assert_eq!(facts.len(), whole.len());
        assert_eq!(facts, whole.iter().map(|f| f.start as usize).collect::<Vec<_>>());
    }

    fn dummy() -> Fact {
        Fact::default()
    }

}
