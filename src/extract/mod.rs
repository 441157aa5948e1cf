//! Extract: tokens of a sentence -> figure matches (money, growth), then the
//! linkers attach partner, indicator, period and reporter.
//!
//! Recognizers are rule tables (`money::RULES`, `growth::RULES`): each rule has
//! a stable id written to the `rule` column, its pattern in Duckling notation,
//! examples that must match in full with that rule, and near misses that must
//! not match. Overlaps are resolved by keeping the earlier, then longer match.

pub mod document;
pub mod growth;
pub mod link;
pub mod money;
pub mod number;
#[cfg(test)]
mod proptests;

use crate::lexicon::lexicon;
use crate::text::Span;
use crate::lexicon::tokenize;
use crate::tokenize::{sentences, TokKind, Token};

/// A view of one sentence's tokens `[lo, hi)` over the cleaned text.
#[derive(Clone, Copy)]
pub struct Sent<'a> {
    pub text: &'a str,
    pub toks: &'a [Token],
    pub lo: usize,
    pub hi: usize,
}

impl<'a> Sent<'a> {
    pub fn tok(&self, i: usize) -> Option<&'a Token> {
        if i >= self.lo && i < self.hi {
            self.toks.get(i)
        } else {
            None
        }
    }
    pub fn text_of(&self, i: usize) -> &'a str {
        self.toks[i].text(self.text)
    }
    /// Token `i` in lower case (borrowed when it already is).
    pub fn lower(&self, i: usize) -> Option<crate::lexicon::Lower<'a>> {
        self.tok(i).map(|t| crate::lexicon::lower(t.text(self.text)))
    }
    /// Token `i` is `w` (case-insensitive).
    ///
    /// Called for many words at every token, so it compares lengths first and
    /// bytes only then (ASCII case folding, as [`str::eq_ignore_ascii_case`]).
    #[inline]
    pub fn is(&self, i: usize, w: &str) -> bool {
        match self.tok(i) {
            Some(t) => t.span.len() == w.len() && self.text.as_bytes()[t.span.range()].eq_ignore_ascii_case(w.as_bytes()),
            None => false,
        }
    }
    #[inline]
    pub fn is_any(&self, i: usize, ws: &[&str]) -> bool {
        let Some(t) = self.tok(i) else { return false };
        let b = &self.text.as_bytes()[t.span.range()];
        ws.iter().any(|w| w.len() == b.len() && b.eq_ignore_ascii_case(w.as_bytes()))
    }
    pub fn span(&self, a: usize, b: usize) -> Span {
        Span::new(self.toks[a].span.start(), self.toks[b - 1].span.end())
    }
    pub fn is_dash(&self, i: usize) -> bool {
        self.is_any(i, &["-", "–", "—", "‑"])
    }
}

/// Runs `f` over the whole of `text` as one sentence (for tests and `explain`).
pub fn with_sent<R>(text: &str, f: impl FnOnce(&Sent) -> R) -> R {
    let toks = tokenize(text);
    let s = Sent { text, toks: &toks, lo: 0, hi: toks.len() };
    f(&s)
}

pub use crate::fact::{Kind, Qualifier};

/// A recognized figure: tokens `[start, end)` of one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub value: f64,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub qualifier: Qualifier,
    pub currency: Option<&'static str>,
    pub rule: &'static str,
}

/// A recognizer rule: a row of a recognizer's table.
#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    pub pattern: &'static str,
    /// Each must be matched, by this rule: in full, or the part in `[...]`
    /// when the words around it give the figure its role.
    pub examples: &'static [&'static str],
    /// Each must give no match of this recognizer's kind.
    pub near_misses: &'static [&'static str],
}

/// The qualifier read from the words right before token `start`.
pub fn qualifier_before(s: &Sent, start: usize) -> Qualifier {
    match lexicon().qualifiers.match_ending(s.toks, s.text, start, s.lo) {
        Some((qs, q)) => {
            // "(up to $3.5 billion)" after a change names the new level, not a ceiling.
            if q == "under" && s.is(qs, "up") && qs > s.lo && s.is(qs - 1, "(") {
                return Qualifier::Exact;
            }
            Qualifier::parse(q).unwrap_or(Qualifier::Exact)
        }
        None => Qualifier::Exact,
    }
}

/// All matches in a sentence, overlaps resolved (earlier, then longer, wins).
pub fn recognize(s: &Sent) -> Vec<Match> {
    let _numbers = number::remember_numbers(s);
    let mut all = money::recognize(s);
    // "$8,4 млрд": a word of another script after the amount may be its scale or
    // currency, which the lexicon does not know: no figure rather than a wrong one
    all.retain(|m| foreign_word_after(s, m.end).is_none());
    all.extend(growth::recognize(s));
    all.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<Match> = Vec::with_capacity(all.len());
    for m in all {
        if out.last().is_some_and(|p| m.start < p.end) {
            continue;
        }
        out.push(m);
    }
    out
}

/// Every sentence of a cleaned text with its matches.
pub fn recognize_text(text: &str, toks: &[Token], bare_figures: bool) -> Vec<(crate::tokenize::Sentence, Vec<Match>)> {
    sentences(text, toks)
        .into_iter()
        .map(|sent| {
            let s = Sent { text, toks, lo: sent.tokens.0, hi: sent.tokens.1 };
            let ms = recognize(&s);
            // A line holding only figures ("3.78 BYN" in a page's rate ticker) is
            // page furniture, not a statement: a fact needs words around it.
            let words = || (s.lo..s.hi).any(|i| toks[i].kind == TokKind::Word && !ms.iter().any(|m| i >= m.start && i < m.end));
            (sent, if !ms.is_empty() && !bare_figures && !words() { Vec::new() } else { ms })
        })
        .collect()
}

/// The word of another script right after token `end` (a figure's end), if any.
pub fn foreign_word_after<'a>(s: &Sent<'a>, end: usize) -> Option<&'a str> {
    let t = s.tok(end)?;
    (t.kind == TokKind::Word && crate::ingest::script::is_foreign_word(s.text_of(end))).then(|| s.text_of(end))
}

/// The numbers of a sentence that gave no figure, and why (for `explain`).
pub fn unread(s: &Sent, matches: &[Match]) -> Vec<(Span, String)> {
    use crate::lexicon::GrowthCue;
    let lex = lexicon();
    let mut out = Vec::new();
    let mut i = s.lo;
    while i < s.hi {
        if matches.iter().any(|m| i >= m.start && i < m.end) || is_url(s, i) {
            i += 1;
            continue;
        }
        let Some(n) = number::number(s, i).filter(|n| !(n.words && n.end == n.start + 1 && s.is_any(i, &["a", "an", "one"]))) else {
            i += 1;
            continue;
        };
        let (_, _, end) = number::scaled_value(s, &n);
        let pct = growth::percent(s, i);
        let end = pct.as_ref().map(|p| p.2).unwrap_or(end);
        let text = &s.text[s.span(n.start, end).range()];
        let has_change = (s.lo..s.hi).any(|k| lex.growth.match_at(s.toks, s.text, k, s.hi).is_some_and(|(_, c)| matches!(c, GrowthCue::Increase | GrowthCue::Decrease)));
        let share = (s.lo..n.start).find_map(|k| lex.growth.match_at(s.toks, s.text, k, n.start).filter(|(_, c)| *c == GrowthCue::Share).map(|(e, _)| &s.text[s.span(k, e).range()]));
        let year = !n.words && end == n.start + 1 && s.text_of(i).len() == 4 && (1900.0..2100.0).contains(&n.value);
        let why = if let (Some(w), false) = (foreign_word_after(s, end), year) {
            format!("followed by '{w}', a word of another script the lexicon does not know (its scale or currency?): not read rather than read wrong")
        } else if pct.is_some() {
            match share {
                Some(cue) => format!("a share of a total ('{cue}'), not growth"),
                None if s.is(end, "of") => "a percent of something, not a change".to_string(),
                None => "a percent with no change word, 'by', or index cue around it".to_string(),
            }
        } else if s.is_any(end, &["times", "fold"]) && !has_change {
            "'times' with no change word in the sentence (a count)".to_string()
        } else if !n.words && end == n.start + 1 && s.text_of(i).len() == 4 && (1900.0..2100.0).contains(&n.value) {
            "a year".to_string()
        } else {
            "no currency with it: a count or a quantity".to_string()
        };
        out.push((s.span(n.start, end), format!("{text:?}: {why}")));
        i = end.max(i + 1);
    }
    out
}

/// Can a figure begin at token `i`? Most words cannot, and are passed over
/// without further work: the recognizers' fast path.
#[inline]
pub fn can_start(s: &Sent, i: usize) -> bool {
    let t = &s.toks[i];
    if t.flags & crate::tokenize::FLAG_STARTER != 0 {
        return true;
    }
    t.kind == TokKind::Punct && matches!(s.text_of(i), "-" | "−" | "+" | ".") && s.tok(i + 1).is_some_and(|n| n.kind == TokKind::Num && !n.space_before)
}

/// Tokens of kind Url never hold a figure; used by recognizers to skip.
pub fn is_url(s: &Sent, i: usize) -> bool {
    s.tok(i).is_some_and(|t| t.kind == TokKind::Url)
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// `"by [18%]"` -> ("by 18%", span of "18%"); no brackets: the whole text.
    pub fn unmark(ex: &str) -> (String, Span) {
        match (ex.find('['), ex.find(']')) {
            (Some(a), Some(b)) if a < b => {
                let text = format!("{}{}{}", &ex[..a], &ex[a + 1..b], &ex[b + 1..]);
                (text, Span::new(a, b - 1))
            }
            _ => (ex.to_string(), Span::new(0, ex.len())),
        }
    }

    /// Checks every rule's examples (full-span match by that rule) and near
    /// misses (no match of `kind`), collecting all failures.
    pub fn check_rules(rules: &[Rule], kind: Kind) {
        let mut failures = Vec::new();
        for rule in rules {
            assert!(!rule.examples.is_empty(), "rule {} has no example", rule.id);
            for marked in rule.examples {
                let (ex, want) = unmark(marked);
                let ex = ex.as_str();
                with_sent(ex, |s| {
                    let ms: Vec<Match> = recognize(s).into_iter().filter(|m| m.kind == kind).collect();
                    let full = ms.iter().find(|m| s.span(m.start, m.end) == want);
                    match full {
                        Some(m) if m.rule == rule.id => {}
                        Some(m) => failures.push(format!("{}: {ex:?} matched by {} instead", rule.id, m.rule)),
                        None => failures.push(format!(
                            "{}: {ex:?} not matched in full; got {:?}",
                            rule.id,
                            ms.iter().map(|m| (&ex[s.span(m.start, m.end).range()], m.rule)).collect::<Vec<_>>()
                        )),
                    }
                });
            }
            for nm in rule.near_misses {
                with_sent(nm, |s| {
                    let ms: Vec<Match> = recognize(s).into_iter().filter(|m| m.kind == kind).collect();
                    if !ms.is_empty() {
                        failures.push(format!("{}: near miss {nm:?} matched: {:?}", rule.id, ms.iter().map(|m| m.rule).collect::<Vec<_>>()));
                    }
                });
            }
        }
        assert!(failures.is_empty(), "{} rule failures:\n{}", failures.len(), failures.join("\n"));
    }
}
