//! Money recognizer: every monetary amount, in any currency.
//!
//! Shapes: a currency before the number (`$84 million`, `USD 10 billion`,
//! `Br 93.5 million`, `RMB 12.5 million`), a currency word after it
//! (`50 billion dollars`, `840 million Belarusian rubles`), ranges as one fact
//! (`$250-300 million`, `between $50 million and $65 million`), and a bare
//! number whose scale and currency a sibling gives (`from 437 to 489 million
//! dollars` is two facts, both USD millions).

use crate::lexicon::lexicon;
use crate::tokenize::TokKind;

use super::number::{number, numeral, scale, Num};
use super::{qualifier_before, Kind, Match, Qualifier, Rule, Sent};

pub const RULES: &[Rule] = &[
    Rule {
        id: "money.currency_number",
        pattern: "<currency> <number> <scale>?",
        examples: &["$84 million", "$2.4bn", "$750 min", "$1.092.5 billion", "USD 10 billion", "Br 93.5 million", "€12 million", "US$5m", "RMB 12.5 million", "$500,000", "$31.866.000", "$1,092.5 billion", "USD 347.6 thousand", "¥3 million", "BYN 1.2 billion", "A$15 million", "A [$15 million] loan", "$8.4 mlrd", "EUR 5 Mrd", "€2 milliards", "Ksh 249.2 billon"],
        near_misses: &["$ signs", "USD rates", "Br.", "$8,4 млрд", "$5 тыс."],
    },
    Rule {
        id: "money.number_currency",
        pattern: "<number> <scale>? <currency-word>",
        examples: &["50 billion dollars", "840 million Belarusian rubles", "13 .7 billion dollars", "14.5 million euros", "350 billion Uzbek soums", "1.95 billion US dollars", "10 million Russian rubles", "8.5 billion dollars", "6.7 million dollars", "200 tenge", "5 mln USD", "3 min dollars"],
        near_misses: &["50 billion people", "the dollar rate", "1.5 million tonnes"],
    },
    Rule {
        id: "money.words_currency",
        pattern: "<number-words> <scale>? <currency-word>",
        examples: &["one hundred billion dollars", "two and a half trillion dollars", "half a billion dollars", "one and a half billion dollars", "nine million dollars", "three million dollars", "two and a half million dollars"],
        near_misses: &["one hundred companies", "half of the dollars"],
    },
    Rule {
        id: "money.currency_range",
        pattern: "<currency> <number>-<number> <scale>?",
        examples: &["$250-300 million", "$1-2 billion", "$700 million to $1 billion"],
        near_misses: &["2023-2026"],
    },
    Rule {
        id: "money.number_range_currency",
        pattern: "<number>-<number> <scale>? <currency-word>",
        examples: &["250-300 million dollars", "5 to 10 million euros"],
        near_misses: &["5 to 10 million tonnes"],
    },
    Rule {
        id: "money.between_and",
        pattern: "between <money> and <money>",
        examples: &["between [$50 million and $65 million]", "between [500 and 650 million dollars]"],
        near_misses: &[],
    },
    Rule {
        id: "money.shared_scale_currency",
        pattern: "from <number> to <number> <scale> <currency-word>",
        examples: &["from [1.4] to 1.95 billion US dollars", "from [437] to 489 million dollars"],
        near_misses: &[],
    },
    Rule {
        id: "money.compound",
        pattern: "<number> <scale> <number> <smaller-scale> <currency> | <number> <scale> <currency> <number> <smaller-scale>",
        examples: &["[1 billion 86 million USD]", "[2 billion dollars 150 million]"],
        near_misses: &["1 billion 86 million people"],
    },
    Rule {
        id: "money.implicit_currency",
        pattern: "<sign> <number> <scale> (the currency of the amounts before it in the paragraph)",
        examples: &["a 7.8 bn euro deficit compared with [-9.9 bn] in January", "the balance was [+3.2 bn]", "surpluses rose for machinery and vehicles ([+102.7 bn] compared with +91.8 bn)"],
        near_misses: &["a market of 600 million people"],
    },
    Rule {
        id: "money.implicit_in_sentence",
        pattern: "<number> <scale> (the currency of the amounts before it in the sentence)",
        examples: &["exports of $10.2 billion, imports ([13.7 billion])", "exceeded two billion dollars, while exports amounted to almost [one billion]."],
        near_misses: &["the number of visitors exceeds 40 thousand."],
    },
    Rule {
        id: "money.subunits",
        pattern: "<number> cents|pence|kopecks",
        examples: &["34 cents", "470 pence", "64.2 cents", "a [12-cent] dividend"],
        near_misses: &["cents and pence"],
    },
    Rule {
        id: "money.tens_of",
        pattern: "tens|hundreds of <scale>s of <currency-word>",
        examples: &["tens of millions of dollars", "hundreds of thousands of dollars"],
        near_misses: &["tens of millions of people"],
    },
];

/// The longest currency form at `i` among `sets`.
fn currency_at(s: &Sent, i: usize, prefix: bool) -> Option<(usize, &'static str)> {
    let lex = lexicon();
    // a form starts a word: the "s $" of "u.s $" is not Singapore's "S$"
    let t = s.tok(i)?;
    if i > s.lo && t.kind == TokKind::Word && !t.space_before && s.is_any(i - 1, &[".", "'", "’"]) {
        return None;
    }
    let main = if prefix { &lex.currency_prefix } else { &lex.currency_suffix };
    let a = main.match_at(s.toks, s.text, i, s.hi);
    let b = lex.currency_exact.match_at(s.toks, s.text, i, s.hi);
    let found = match (a, b) {
        (Some(x), Some(y)) => Some(if y.0 > x.0 { y } else { x }),
        (x, y) => x.or(y),
    };
    // a one-letter prefix is glued to its sign or number: "A$15", "R19.70 billion", not the
    // article in "A $15 million loan" or a letter before a number ("figure N 5")
    found.filter(|(e, _)| !(t.kind == TokKind::Word && t.span.len() == 1 && s.tok(i + 1).is_some_and(|n| n.space_before) && (*e == i + 2 || *e == i + 1)))
}

fn currency_prefix(s: &Sent, i: usize) -> Option<(usize, &'static str)> {
    // The number comes right after the currency (or its sign): with no number
    // within the longest currency form's reach, no form is looked up.
    let lex = lexicon();
    let reach = lex.currency_prefix.max_tokens().max(lex.currency_exact.max_tokens()) + 2;
    if !(i + 1..(i + reach + 1).min(s.hi)).any(|k| s.toks[k].kind == TokKind::Num) {
        return None;
    }
    let (end, code) = currency_at(s, i, true)?;
    // The number must follow right away (a sign may stand before it: "$-99.99").
    let next = s.tok(end)?;
    let signed = s.is_any(end, &["-", "−"]) && s.tok(end + 1).is_some_and(|t| t.kind == TokKind::Num && !t.space_before);
    if next.kind != TokKind::Num && !signed {
        return None;
    }
    Some((end, code))
}

fn currency_suffix(s: &Sent, j: usize) -> Option<(usize, &'static str)> {
    currency_at(s, j, false)
}

/// Sub-units written after an amount: "$20 and 43c", "20 dollars 43 cents".
fn cents_after(s: &Sent, j: usize) -> Option<(f64, usize)> {
    let k = if s.is(j, "and") { j + 1 } else { j };
    let n = number(s, k)?;
    if n.value >= 100.0 || n.value < 0.0 {
        return None;
    }
    let sub = ["cents", "cent", "c", "¢", "sen", "sens", "pence", "kopecks", "kopeks", "kopiykas", "fen"];
    if s.is_any(n.end, &sub) && (s.text_of(n.end) != "c" || !s.toks[n.end].space_before || s.tok(n.end + 1).is_none()) {
        return Some((n.value / 100.0, n.end + 1));
    }
    None
}

/// Number then optional scale: (value, scale, end).
fn scaled(s: &Sent, n: &Num) -> (f64, Option<f64>, usize) {
    super::number::scaled_value(s, n)
}

fn is_range_dash(s: &Sent, j: usize) -> bool {
    s.is_dash(j) || s.is(j, "to")
}

fn money(start: usize, end: usize, value: f64, cur: &'static str, rule: &'static str) -> Match {
    Match { kind: Kind::Money, start, end, value, low: None, high: None, qualifier: Qualifier::Exact, currency: Some(cur), rule }
}

fn range(start: usize, end: usize, lo: f64, hi: f64, cur: &'static str, rule: &'static str) -> Match {
    Match { kind: Kind::Money, start, end, value: (lo + hi) / 2.0, low: Some(lo), high: Some(hi), qualifier: Qualifier::Range, currency: Some(cur), rule }
}

/// Money with the currency before the number, at token `i`.
fn prefixed(s: &Sent, i: usize) -> Option<Match> {
    let (j, cur) = currency_prefix(s, i)?;
    let n = numeral(s, j)?;
    let (v, sc, end) = scaled(s, &n);
    // "$750 min", "$5 m": after a currency sign a short scale needs no gluing (`min`: OCR for mln)
    let (v, sc, end) = match (sc, lexicon().short_scales.get(s.tok(end).map(|_| s.text_of(end)).unwrap_or(""))) {
        (None, Some(f)) if s.tok(end).is_some_and(|t| t.kind == TokKind::Word) && !s.is(end + 1, "-") => (v * f, Some(*f), end + 1),
        _ => (v, sc, end),
    };
    // "$250-300 million", "$700 million to $1 billion"; but "from $4.5 billion
    // to $11.6 billion" is two figures, a start and an end
    let from = i > s.lo && s.is(i - 1, "from") && s.is(end, "to");
    if is_range_dash(s, end) && !from {
        let k = end + 1;
        let k2 = currency_prefix(s, k).filter(|(_, c)| *c == cur).map(|(e, _)| e).unwrap_or(k);
        if let Some(n2) = numeral(s, k2) {
            let (v2, sc2, end2) = scaled(s, &n2);
            let (lo, hi) = match (sc, sc2) {
                (None, Some(sc2)) => (n.value * sc2, v2),
                _ => (v, v2),
            };
            if hi > lo && (sc.is_some() || sc2.is_some() || k2 > k) {
                return Some(range(i, end2, lo, hi, cur, "money.currency_range"));
            }
        }
    }
    if let Some((c, e)) = cents_after(s, end).filter(|_| sc.is_none()) {
        return Some(money(i, e, v + c, cur, "money.currency_number"));
    }
    Some(money(i, end, v, cur, "money.currency_number"))
}

/// Money with a currency word after the number, at token `i`; may give two
/// facts ("from 437 to 489 million dollars").
fn suffixed(s: &Sent, i: usize) -> Vec<Match> {
    if let Some(m) = tens_of(s, i) {
        return vec![m];
    }
    if let Some(m) = subunits(s, i) {
        return vec![m];
    }
    // "a dollar", "a billion dollars"
    // (a currency *word*: "a $5 million deal" is five million, not one dollar)
    let word_currency = |k: usize| currency_suffix(s, k).filter(|(e, _)| s.toks[k].kind == TokKind::Word && s.tok(*e).is_none_or(|t| t.kind != TokKind::Num));
    let article = s.is_any(i, &["a", "an"]) && (word_currency(i + 1).is_some() || scale(s, i + 1).is_some_and(|(_, e)| word_currency(e).is_some()));
    let n = if article { Some(Num { value: 1.0, start: i, end: i + 1, words: true }) } else { number(s, i) };
    let Some(n) = n else { return vec![] };
    let (v, sc, end) = scaled(s, &n);
    let rule = if n.words { "money.words_currency" } else { "money.number_currency" };
    // "a one-yen bid", "a 12-cent dividend"
    let end = if s.is(end, "-") && !s.toks[end].space_before && s.tok(end + 1).is_some_and(|t| t.kind == TokKind::Word && !t.space_before) && currency_suffix(s, end + 1).is_some() {
        end + 1
    } else {
        end
    };
    // "1 billion 86 million USD": a compound amount, the smaller scale after the larger
    if let Some(sc1) = sc {
        if let Some(n2) = numeral(s, end).filter(|n2| n2.value < 1000.0) {
            let (v2, sc2, end2) = scaled(s, &n2);
            if let (Some(sc2), Some((e, cur))) = (sc2, currency_suffix(s, end2)) {
                if sc2 < sc1 {
                    return vec![money(i, e, v + v2, cur, "money.compound")];
                }
            }
        }
    }
    if let Some((e, cur)) = currency_suffix(s, end) {
        // "2 billion dollars 150 million": the smaller part after the currency
        if let Some(sc1) = sc {
            if let Some(n2) = numeral(s, e).filter(|n2| n2.value < 1000.0) {
                let (v2, sc2, end2) = scaled(s, &n2);
                if sc2.is_some_and(|sc2| sc2 < sc1) && currency_suffix(s, end2).is_none() && prefixed(s, e).is_none() {
                    return vec![money(i, end2, v + v2, cur, "money.compound")];
                }
            }
        }
        // "75 USD million": the scale after the code
        if sc.is_none() {
            if let Some((sc2, e2)) = scale(s, e).filter(|_| !s.toks[e].space_before || s.text_of(e).len() > 1) {
                return vec![money(i, e2, v * sc2, cur, rule)];
            }
            if let Some((c, e2)) = cents_after(s, e) {
                return vec![money(i, e2, v + c, cur, rule)];
            }
        }
        return vec![money(i, e, v, cur, rule)];
    }
    // <number> to|- <number> <scale>? <currency-word>
    if is_range_dash(s, end) || s.is(end, "and") {
        if let Some(n2) = number(s, end + 1) {
            let (v2, sc2, end2) = scaled(s, &n2);
            if let Some((e2, cur)) = currency_suffix(s, end2) {
                let from = i > s.lo && s.is(i - 1, "from");
                let between = i > s.lo && s.is(i - 1, "between");
                let v1 = match (sc, sc2) {
                    (None, Some(sc2)) => n.value * sc2,
                    _ => v,
                };
                let second_rule = if n2.words { "money.words_currency" } else { "money.number_currency" };
                if from && s.is(end, "to") || s.is(end, "and") && !between {
                    return vec![money(i, end, v1, cur, "money.shared_scale_currency"), money(end + 1, e2, v2, cur, second_rule)];
                }
                if v2 > v1 {
                    let rule = if between { "money.between_and" } else { "money.number_range_currency" };
                    return vec![range(i, e2, v1, v2, cur, rule)];
                }
            }
        }
    }
    vec![]
}

/// Sub-units alone, as fractions of the main unit (FACTS.md: value in units
/// of the currency): "34 cents" = 0.34 USD, "470 pence" = 4.70 GBP.
fn subunits(s: &Sent, i: usize) -> Option<Match> {
    let n = number(s, i)?;
    let (v, _, end) = scaled(s, &n);
    let k = if s.is(end, "-") && !s.toks[end].space_before { end + 1 } else { end };
    let cur = match &*s.lower(k)? {
        "cents" | "cent" | "¢" => "USD",
        "pence" | "penny" | "pennies" => "GBP",
        "kopecks" | "kopeks" | "kopeck" => "RUB",
        "fen" => "CNY",
        _ => return None,
    };
    Some(money(i, k + 1, v / 100.0, cur, "money.subunits"))
}

/// "tens of millions of dollars": at least ten of the scale.
fn tens_of(s: &Sent, i: usize) -> Option<Match> {
    if !(s.is_any(i, &["tens", "hundreds"]) && s.is(i + 1, "of")) {
        return None;
    }
    let (sc, e) = scale(s, i + 2)?;
    let k = if s.is(e, "of") { e + 1 } else { e };
    let (e2, cur) = currency_suffix(s, k)?;
    let base = if s.is(i, "tens") { 10.0 } else { 100.0 };
    let mut m = money(i, e2, base * sc, cur, "money.tens_of");
    m.qualifier = Qualifier::Over;
    Some(m)
}

/// A scaled amount with no currency written ("-9.9 bn", "(13.7 billion)"),
/// where the scale word ends the phrase: its currency is the one of the
/// amounts just before it in the paragraph (`extract::document` reads it, or
/// drops the figure). "600 million people" is a count: a noun follows.
fn implicit(s: &Sent, i: usize) -> Option<Match> {
    let signed = s.is_any(i, &["-", "−", "+"]) && s.tok(i + 1).is_some_and(|t| t.kind == TokKind::Num && !t.space_before);
    let at = if signed { i + 1 } else { i };
    let n = number(s, at)?;
    let (v, sc, end) = scaled(s, &n);
    // (a number in words holds its scale: "one billion")
    let worded_scale = n.words && n.end > n.start && s.lower(n.end - 1).is_some_and(|w| lexicon().scales.contains_key(&*w));
    if sc.is_none() && !worded_scale {
        return None;
    }
    // "the number of visitors exceeds 40 thousand": a count (but an amount in brackets stands
    // aside from the words before it: "for machinery and vehicles (+102.7 bn")
    let lex = lexicon();
    let bracketed = i > s.lo && s.is(i - 1, "(");
    if !bracketed && (at.saturating_sub(6).max(s.lo)..at).any(|k| s.lower(k).is_some_and(|w| lex.count_nouns.contains(&*w))) {
        return None;
    }
    let closes = match s.tok(end) {
        None => true,
        Some(t) => match t.kind {
            TokKind::Punct => !s.is_any(end, &["-", "–"]) || s.tok(end + 1).is_some_and(|t| t.kind != TokKind::Word),
            TokKind::Break => true,
            TokKind::Word => s.is_any(end, &["compared", "in", "for", "against", "while", "and", "versus", "vs", "from", "to", "a", "last", "this", "over", "or", "with"]),
            _ => false,
        },
    };
    if !closes || s.is(end, "%") {
        return None;
    }
    let value = if signed && !s.is(i, "+") { -v } else { v };
    // signed ("+3.2 bn") it may take the currency of the sentences before; else only of its own
    let rule = if signed { "money.implicit_currency" } else { "money.implicit_in_sentence" };
    Some(money(i, end, value, crate::lexicon::CONTEXT_CURRENCY, rule))
}

/// All money figures of a sentence (may overlap; `super::recognize` resolves).
pub fn recognize(s: &Sent) -> Vec<Match> {
    let mut out: Vec<Match> = Vec::new();
    let mut i = s.lo;
    while i < s.hi {
        if !super::can_start(s, i) {
            i += 1;
            continue;
        }
        let found = match prefixed(s, i) {
            Some(m) => vec![m],
            None => {
                let v = suffixed(s, i);
                if v.is_empty() {
                    implicit(s, i).into_iter().collect()
                } else {
                    v
                }
            }
        };
        if found.is_empty() {
            i += 1;
            continue;
        }
        i = found.iter().map(|m| m.end).max().unwrap_or(i + 1);
        for mut m in found {
            if m.qualifier == Qualifier::Exact {
                m.qualifier = qualifier_before(s, m.start);
            }
            out.push(m);
        }
    }
    merge_between(s, out)
}

/// "between $50 million and $65 million" is one range fact.
fn merge_between(s: &Sent, ms: Vec<Match>) -> Vec<Match> {
    let mut out: Vec<Match> = Vec::with_capacity(ms.len());
    for m in ms {
        if let Some(p) = out.last_mut() {
            if p.end + 1 == m.start && s.is(p.end, "and") && p.start > s.lo && s.is(p.start - 1, "between") && p.currency == m.currency && p.low.is_none() && m.low.is_none() {
                let (lo, hi) = (p.value.min(m.value), p.value.max(m.value));
                *p = range(p.start, m.end, lo, hi, p.currency.expect("money has a currency"), "money.between_and");
                continue;
            }
        }
        out.push(m);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testing::check_rules;
    use crate::extract::with_sent;

    #[test]
    fn rule_examples_and_near_misses() {
        check_rules(RULES, Kind::Money);
    }

    fn read(text: &str) -> Vec<(String, f64, &'static str, &'static str)> {
        with_sent(text, |s| {
            super::super::recognize(s)
                .into_iter()
                .filter(|m| m.kind == Kind::Money)
                .map(|m| (text[s.span(m.start, m.end).range()].to_string(), m.value, m.currency.unwrap(), m.qualifier.as_str()))
                .collect()
        })
    }

    #[test]
    fn shared_scale_and_currency() {
        let got = read("exports grew from 1.4 to 1.95 billion US dollars, imports from 437 to 489 million dollars");
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!((got[0].0.as_str(), got[0].1), ("1.4", 1.4e9));
        assert_eq!((got[1].0.as_str(), got[1].1), ("1.95 billion US dollars", 1.95e9));
        assert_eq!((got[2].0.as_str(), got[2].1, got[2].2), ("437", 437e6, "USD"));
        assert_eq!((got[3].0.as_str(), got[3].1), ("489 million dollars", 489e6));
    }

    #[test]
    fn from_to_is_two_figures() {
        let got = read("grew 2.5 times from $4.5 billion to $11.6 billion");
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!((got[0].1, got[1].1), (4.5e9, 11.6e9));
    }

    #[test]
    fn ranges_are_one_fact_with_midpoint() {
        let got = read("the sides reached $250-300 million");
        assert_eq!(got, vec![("$250-300 million".into(), 275e6, "USD", "range")]);
        let got = read("trade was between $50 million and $65 million");
        assert_eq!(got, vec![("$50 million and $65 million".into(), 57.5e6, "USD", "range")]);
    }

    #[test]
    fn qualifiers() {
        assert_eq!(read("amounted to more than one hundred billion dollars")[0].3, "over");
        assert_eq!(read("to almost 50 billion dollars")[0].3, "under");
        assert_eq!(read("worth about $2.5 million")[0].3, "approx");
        assert_eq!(read("exceeded $1 billion")[0].3, "over");
        assert_eq!(read("reached $84 million")[0].3, "exact");
        assert_eq!(read("imports increased by 13.7% (up to $3.5 billion)")[0].3, "exact");
        assert_eq!(read("a turnover within $500 million")[0].3, "under");
    }

    #[test]
    fn not_money() {
        for t in ["In 2023 the 15th meeting", "4 thousand tonnes of sugar", "see https://x.by/pilomaterialy-na-123-mln-dollars", "ISBN 978-5-12345-678-9"] {
            assert!(read(t).is_empty(), "{t}: {:?}", read(t));
        }
    }
}
