//! Growth recognizer: every stated relative change, as the ratio new/old.
//!
//! `by 18%` -> 1.18, `decreased by 5%` -> 0.95, `1.4 times` -> 1.4,
//! `fivefold` -> 5, `doubled` -> 2, `by half` -> 1.5, and index-style rates
//! (`growth rate of 107.2%`, `137.2% of the 2020 level`) -> 1.072, 1.372.
//! A percent is growth only when the words around it say so: a change verb
//! or noun, `by`, `plus`, an index cue. Shares, tariffs and completion rates
//! are not growth.

use crate::lexicon::{lexicon, GrowthCue};
use crate::tokenize::TokKind;

use super::number::{number, Num};
use super::{qualifier_before, Kind, Match, Qualifier, Rule, Sent};

pub const RULES: &[Rule] = &[
    Rule {
        id: "growth.by_percent",
        pattern: "<change-verb> by <number> <percent>",
        examples: &["a [35.7-percent] shrinking of the surplus", "a [9.6pc] increase", "The growth in export was [34.38 per cent]", "growth totaled [6%]", "decreased by US$3.4 billion or [7.4 percent]", "increased by [18%]", "increased by almost another [40 percent]", "it added another [25 per cent]", "having increased by more than [five percent]", "increased by [three and a half percent]", "plus [13 per cent]", "trade still increased by [12.8%]", "grew by [36,3%]", "increased by [13 .7%]", "decreased by [5.2 percent]", "(an increase of [47.9%] by 2020)", "exports rose [7%]", "a [15%] increase"],
        near_misses: &["a share of 40% of all foreign capital", "localization of 30%", "the tariff of 5%", "2.8%"],
    },
    Rule {
        id: "growth.percent_range",
        pattern: "<change-verb> by <number>-<number> <percent>",
        examples: &["reduce the cost by [15-20 per cent]", "reduction by [five to ten per cent]"],
        near_misses: &["between 15-20 per cent of the market share"],
    },
    Rule {
        id: "growth.index_percent",
        pattern: "<growth rate|level> <number> <percent>",
        examples: &["the growth rate was [107.2%]", "a growth rate of [102.2%] compared to", "The growth rate of exports to this region exceeded [180 per cent]", "or [137.2%] of the 2020 level", "the growth rate amounted to [160 percent]", "The growth rate of trade turnover of Minsk enterprises with Kyrgyzstan in January-June 2017 compared to the same period in 2016 was [306%]", "a new growth point in trade turnover of at least [120%] compared to the last year"],
        near_misses: &["the share amounted to 160 percent of"],
    },
    Rule {
        id: "growth.index_after_amount",
        pattern: "<amount> (<number over 100> <percent>)",
        examples: &["including exports - $360.5 million ([270%]), imports - $721.1 million (119%)", "exports - $44,309.8 thousand ([120%])", "exports - 52.8 million dollars ([134 percent])"],
        near_misses: &["exports to China - $10.2 billion (53.5%)", "the plant (120%) of capacity", "a rate of 105%"],
    },
    Rule {
        id: "growth.index_list",
        pattern: "<index>, <item> - <number> <percent>",
        examples: &["the growth rate was 306%, exports of goods - [393.7%]", "the growth rate of trade was 112%, exports - 115.2% and imports - [98.4%]"],
        near_misses: &["the share of exports was 40%, imports - 60%"],
    },
    Rule {
        id: "growth.times",
        pattern: "<change> <number> times",
        examples: &["grew [1.4 times]", "increased [three and a half times]", "rose [2.5-times]", "grew [one-and a half times]", "increased [96 times]", "[2.6 times] more than", "purchased 672 thousand cubic metres, [2.4 times] exceeding the figure"],
        near_misses: &["visited three times", "for the 7th time", "three times a year"],
    },
    Rule {
        id: "growth.fold",
        pattern: "<number>-fold | <n>fold",
        examples: &["grown nearly [fivefold]", "a [six-fold] rise", "[1.4-fold]", "[sixfold]", "[threefold]", "a [4.1-fold] decrease in exports"],
        near_misses: &["a manifold"],
    },
    Rule {
        id: "growth.verb",
        pattern: "doubled|tripled|quadrupled|halved",
        examples: &["has more than [doubled]", "has more than [doubled] - from $2.4bn", "trade [tripled]", "turnover [quadrupled]", "plans to [double] trade", "[halved]", "[trebled]", "Minsk Oblast [doubles] exports to China"],
        near_misses: &["double taxation treaty", "a double-digit"],
    },
    Rule {
        id: "growth.twice",
        pattern: "<change> twice",
        examples: &["exports grew more than [twice]", "[twice] as much as"],
        near_misses: &["meets twice a year"],
    },
    Rule {
        id: "growth.signed_percent",
        pattern: "+|- <number> <percent>",
        examples: &["exports to Russia ([+27%] in 2006)", "China ([+22%])", "imports fell ([-3.5%])"],
        near_misses: &["the 2015-16% bracket"],
    },
    Rule {
        id: "growth.list",
        pattern: "<growth>, [<item> -|by] <number> <percent>",
        examples: &["rose by 37 percent, [18.7 percent] and 19 percent respectively", "rose by 37 percent, 18.7 percent and [19 percent] respectively", "increased 21.3 percent and [25 percent], respectively", "exports fell: crude oil - by 36.1%, cement - [28.8%]", "fell by 9%, imports by [4%]", "imports grew: vegetables - 1.5 times, wheat flour - [25.3%]", "grew by 9.8%, parts and accessories for cars and tractors - by [9.7%]"],
        near_misses: &["shares of 40%, 12% and 8%", "a tariff of 5%, and 12%", "visited three times, with 40% of the delegates"],
    },
    Rule {
        id: "growth.fraction",
        pattern: "<change-verb> by half|a quarter|a third",
        examples: &["increased by almost [half]", "grew by [a quarter] compared to 2020", "decreased by [a third]", "exports were [a quarter] higher than in 2022", "imports were [a third] lower"],
        near_misses: &["half of the exports", "in the first quarter"],
    },
];

/// The nearest growth cue before token `at` within the sentence, and whether
/// the sentence has any change word at all.
fn cue_before(s: &Sent, at: usize, window: usize) -> Option<(usize, GrowthCue)> {
    let floor = at.saturating_sub(window).max(s.lo);
    let mut k = at;
    while k > floor {
        if let Some((st, cue)) = lexicon().growth.match_ending(s.toks, s.text, k, floor) {
            if matches!(cue, GrowthCue::Increase | GrowthCue::Decrease) {
                return Some((st, cue));
            }
        }
        k -= 1;
    }
    None
}

fn cue_after(s: &Sent, from: usize, window: usize) -> Option<GrowthCue> {
    let top = (from + window).min(s.hi);
    (from..top).find_map(|k| lexicon().growth.match_at(s.toks, s.text, k, s.hi).map(|(_, c)| c).filter(|c| matches!(c, GrowthCue::Increase | GrowthCue::Decrease)))
}

fn any_cue(s: &Sent, cue: GrowthCue, from: usize, to: usize) -> bool {
    (from.max(s.lo)..to.min(s.hi)).any(|k| lexicon().growth.match_at(s.toks, s.text, k, s.hi).is_some_and(|(_, c)| c == cue))
}

fn ratio(p: f64, cue: GrowthCue) -> f64 {
    // "-5%" is a fall whatever the verb says
    if cue == GrowthCue::Decrease && p > 0.0 {
        1.0 - p / 100.0
    } else {
        1.0 + p / 100.0
    }
}

fn growth(start: usize, end: usize, value: f64, rule: &'static str) -> Match {
    Match { kind: Kind::Growth, start, end, value, low: None, high: None, qualifier: Qualifier::Exact, currency: None, rule }
}

/// `%`, `percent`, `per cent`, `pct` at `j`: end of the percent sign.
fn percent_sign(s: &Sent, j: usize) -> Option<usize> {
    if s.is(j, "%") || s.is(j, "percent") || s.is(j, "percents") || s.is(j, "pct") {
        return Some(j + 1);
    }
    if s.is(j, "per") && s.is(j + 1, "cent") {
        return Some(j + 2);
    }
    // "9.6pc" (glued); "a 35.7-percent shrinking" (hyphenated)
    if s.is(j, "pc") && s.tok(j).is_some_and(|t| !t.space_before) {
        return Some(j + 1);
    }
    if s.is_dash(j) && s.tok(j + 1).is_some_and(|t| !t.space_before) && s.tok(j).is_some_and(|t| !t.space_before) && (s.is(j + 1, "percent") || s.is(j + 1, "pct")) {
        return Some(j + 2);
    }
    None
}

/// A percent figure at `i`: (low, high, end) with high = None when single.
pub fn percent(s: &Sent, i: usize) -> Option<(Num, Option<Num>, usize)> {
    let n = number(s, i)?;
    if let Some(e) = percent_sign(s, n.end) {
        return Some((n, None, e));
    }
    // 15-20 per cent, five to ten per cent
    if s.is_dash(n.end) || s.is(n.end, "to") {
        let n2 = number(s, n.end + 1)?;
        let e = percent_sign(s, n2.end)?;
        if n2.value > n.value {
            return Some((n, Some(n2), e));
        }
    }
    None
}

/// Skips qualifiers and fillers right before `i` ("by more than 77 per cent",
/// "by almost another 40 percent", "by a further 5%").
fn before_qualifier(s: &Sent, i: usize) -> usize {
    let mut b = i;
    loop {
        if let Some((st, _)) = lexicon().qualifiers.match_ending(s.toks, s.text, b, s.lo) {
            b = st;
        } else if b > s.lo && s.is_any(b - 1, &["another", "further", "additional", "also", "still"]) {
            b -= 1;
            if b > s.lo && s.is_any(b - 1, &["a", "an"]) {
                b -= 1;
            }
        } else {
            return b;
        }
    }
}

/// How far before its copula an index word may stand as its subject.
const INDEX_SUBJECT_REACH: usize = 40;

/// A year at token `j` (a number of four digits in [`crate::fact::YEARS`]).
fn year_like(s: &Sent, j: usize) -> Option<i32> {
    let y: i32 = s.text_of(j).parse().ok().filter(|_| s.toks[j].span.len() == 4)?;
    crate::fact::YEARS.contains(&y).then_some(y)
}

/// Does an amount end at token `k`: a number, a scale word ("million") or a
/// currency written after its number ("dollars")?
fn amount_ends_at(s: &Sent, k: usize) -> bool {
    let lex = lexicon();
    let Some(t) = s.tok(k) else { return false };
    if t.kind == TokKind::Num {
        return true;
    }
    let w = crate::lexicon::lower(s.text_of(k));
    lex.scales.contains_key(&*w) || lex.short_scales.contains_key(&*w) || lex.currency_suffix.match_ending(s.toks, s.text, k + 1, s.lo).is_some()
}

/// Is the percent at `[a, e)` a share of a total?
fn is_share(s: &Sent, a: usize, e: usize) -> bool {
    let lex = lexicon();
    // "40% of all", "30% of the total", "% of GDP"
    if s.is(e, "of") && !(s.is(e + 1, "the") && (s.tok(e + 2).is_some_and(|t| t.kind == TokKind::Num) || s.is(e + 2, "level") || s.is(e + 2, "same"))) && !s.is_any(e + 1, &["the", "its"]) {
        return true;
    }
    let floor = a.saturating_sub(5).max(s.lo);
    (floor..a).any(|k| lex.growth.match_at(s.toks, s.text, k, a).is_some_and(|(_, c)| c == GrowthCue::Share))
}

fn classify_percent(s: &Sent, a: usize, e: usize, p: f64) -> Option<(f64, &'static str)> {
    let b = before_qualifier(s, a);
    let lex = lexicon();
    // index: "growth rate was 107.2%", "137.2% of the 2020 level", "amounted to 160 percent"
    let index_before = (b.saturating_sub(20).max(s.lo)..b).any(|k| lex.growth.match_at(s.toks, s.text, k, b).is_some_and(|(_, c)| c == GrowthCue::Index));
    let level_after = s.is(e, "of") && (s.is(e + 1, "the") || s.tok(e + 1).is_some_and(|t| t.kind == TokKind::Num)) && (e + 1..(e + 6).min(s.hi)).any(|k| s.is(k, "level"));
    // "The growth rate of trade of Minsk enterprises with Kyrgyzstan in January-June 2017
    // compared to the same period in 2016 was 306%": the index word is the subject of the copula
    let index_subject = || {
        copula_before(s, b).is_some_and(|c| {
            (c.saturating_sub(INDEX_SUBJECT_REACH).max(s.lo)..c).any(|k| lex.growth.match_at(s.toks, s.text, k, c).is_some_and(|(end, g)| g == GrowthCue::Index && end < c && !(end..c).any(|j| s.toks[j].kind == TokKind::Num && year_like(s, j).is_none())))
        })
    };
    if level_after || (p > 100.0 && (index_before || index_subject()) && !is_share(s, a, e)) {
        return Some((p / 100.0, "growth.index_percent"));
    }
    // "a growth point in trade of at least 120% compared to the last year": over a hundred
    // percent against another period, with no "by", is an index
    let compared_after = (s.is(e, "compared") || s.is(e, "relative")) && s.is_any(e + 1, &["to", "with"]);
    if p > 100.0 && compared_after && !(b > s.lo && s.is(b - 1, "by")) && !is_share(s, a, e) {
        return Some((p / 100.0, "growth.index_percent"));
    }
    // "exports - $360.5 million (270%)": over a hundred percent in brackets after an
    // amount is no share of it but its index against the period before
    if p > 100.0 && b > s.lo + 1 && s.is(b - 1, "(") && s.is(e, ")") && amount_ends_at(s, b - 2) {
        return Some((p / 100.0, "growth.index_after_amount"));
    }
    // "the annual growth rate could reach 15%": a small rate is the change itself
    if index_before && p < 50.0 && !is_share(s, a, e) && (b.saturating_sub(12).max(s.lo)..b).any(|k| s.is(k, "growth") && s.is(k + 1, "rate")) {
        return Some((1.0 + p / 100.0, "growth.by_percent"));
    }
    if is_share(s, a, e) {
        return None;
    }
    // by N%: the direction is the nearest change word before
    if b > s.lo && s.is(b - 1, "by") || (b > s.lo + 1 && s.is(b - 1, "of") && s.is_any(b - 2, &["increase", "growth", "rise", "decrease", "decline", "reduction", "drop", "gain"])) {
        let cue = cue_before(s, b, 30).map(|(_, c)| c).or_else(|| cue_after(s, e, 4))?;
        return Some((ratio(p, cue), "growth.by_percent"));
    }
    // "plus 13 per cent", "up 5%", "increased 20%"
    if b > s.lo {
        if let Some((_, cue)) = lex.growth.match_ending(s.toks, s.text, b, s.lo) {
            if matches!(cue, GrowthCue::Increase | GrowthCue::Decrease) && !s.is(b - 1, "more") {
                return Some((ratio(p, cue), "growth.by_percent"));
            }
        }
    }
    // "a 15% increase", "18% more"
    if let Some((_, cue)) = lex.growth.match_at(s.toks, s.text, e, s.hi) {
        if matches!(cue, GrowthCue::Increase | GrowthCue::Decrease) && !s.is(e, "up") {
            return Some((ratio(p, cue), "growth.by_percent"));
        }
    }
    // "$10.2 billion (53.5%)" in a sentence about a change
    if b > s.lo && s.is(b - 1, "(") && s.is(e, ")") {
        if let Some((_, cue)) = cue_before(s, b, 30) {
            return Some((ratio(p, cue), "growth.by_percent"));
        }
    }
    // "the growth in exports was 34.38 per cent", "growth totaled 6%": a change noun as the subject
    if let Some(c) = copula_before(s, b) {
        let floor = c.saturating_sub(5).max(s.lo);
        let noun = (floor..c).rev().find_map(|k| lex.growth.match_at(s.toks, s.text, k, c).filter(|(_, g)| matches!(g, GrowthCue::Increase | GrowthCue::Decrease)).map(|(_, g)| (k, g)));
        if let Some((k, cue)) = noun {
            if !(k..c).any(|j| s.toks[j].kind == TokKind::Num) {
                return Some((ratio(p, cue), "growth.by_percent"));
            }
        }
    }
    // "decreased by US$3.4 billion or 7.4 percent": the same change as a percent
    if b > s.lo && s.is(b - 1, "or") {
        let floor = b.saturating_sub(12).max(s.lo);
        if (floor..b).any(|k| s.is(k, "by")) {
            if let Some((_, cue)) = cue_before(s, b - 1, 14) {
                return Some((ratio(p, cue), "growth.by_percent"));
            }
        }
    }
    None
}

/// "was", "amounted to", "stood at" ... ending right before `b`: the copula's start.
fn copula_before(s: &Sent, b: usize) -> Option<usize> {
    const COPULAS: [&[&str]; 10] = [&["was"], &["is"], &["were"], &["totaled"], &["totalled"], &["amounted", "to"], &["stood", "at"], &["came", "to"], &["made", "up"], &["reached"]];
    COPULAS.iter().find_map(|c| {
        let n = c.len();
        (b >= s.lo + n && c.iter().enumerate().all(|(k, w)| s.is(b - n + k, w))).then(|| b - n)
    })
}

fn times_word(s: &Sent, j: usize) -> Option<usize> {
    if s.is(j, "times") {
        return Some(j + 1);
    }
    if s.is_dash(j) && s.is_any(j + 1, &["times", "fold"]) {
        return Some(j + 2);
    }
    if s.is(j, "fold") {
        return Some(j + 1);
    }
    None
}

fn fold_word(s: &Sent, i: usize) -> Option<f64> {
    if s.tok(i)?.kind != TokKind::Word {
        return None;
    }
    let w = s.lower(i)?;
    lexicon().fold_words.get(&*w).copied()
}

const VERBS: [(&str, f64); 13] = [
    ("doubled", 2.0),
    ("doubles", 2.0),
    ("triples", 3.0),
    ("quadruples", 4.0),
    ("doubling", 2.0),
    ("double", 2.0),
    ("tripled", 3.0),
    ("triple", 3.0),
    ("tripling", 3.0),
    ("trebled", 3.0),
    ("quadrupled", 4.0),
    ("quadruple", 4.0),
    ("halved", 0.5),
];

fn verb_growth(s: &Sent, i: usize) -> Option<f64> {
    // bytes compared, lengths first (no lower-cased copy): tried at every word that can start a figure
    let &(w, v) = VERBS.iter().find(|(f, _)| s.is(i, f))?;
    // "double taxation", "a double-digit", "triple helix": adjectives, not changes.
    let glued_dash = s.is_dash(i + 1) && !s.toks[i + 1].space_before;
    if glued_dash || (i > s.lo && s.is_any(i - 1, &["a", "the", "-"])) {
        return None;
    }
    if matches!(w, "double" | "triple" | "quadruple") {
        let modal = i > s.lo && s.is_any(i - 1, &["to", "will", "would", "could", "can", "should", "may", "almost", "nearly", "than", "might", "must"]);
        let object = s.is_any(i + 1, &["the", "its", "their", "our", "trade", "turnover", "exports", "imports", "investment", "investments", "in", "by", "gdp", "this", "that", "mutual", "bilateral"]);
        if !(modal || object) {
            return None;
        }
    }
    Some(v)
}

/// All growth figures of a sentence.
pub fn recognize(s: &Sent) -> Vec<Match> {
    let mut out = Vec::new();
    let change = std::cell::OnceCell::new();
    let has_change = || *change.get_or_init(|| any_cue(s, GrowthCue::Increase, s.lo, s.hi) || any_cue(s, GrowthCue::Decrease, s.lo, s.hi));
    let mut i = s.lo;
    while i < s.hi {
        if !super::can_start(s, i) {
            i += 1;
            continue;
        }
        let found = percent_at(s, i).or_else(|| times_at(s, i, &has_change)).or_else(|| word_at(s, i, &has_change));
        match found {
            Some(mut m) => {
                if m.qualifier == Qualifier::Exact {
                    m.qualifier = qualifier_before(s, m.start);
                    // "more than doubled": the qualifier stands before the verb
                    if m.qualifier == Qualifier::Exact && m.rule == "growth.verb" && m.start > s.lo {
                        m.qualifier = qualifier_before(s, m.start - 1);
                        if m.qualifier != Qualifier::Over && m.qualifier != Qualifier::Under {
                            m.qualifier = Qualifier::Exact;
                        }
                    }
                }
                i = m.end;
                let decrease = m.value < 1.0;
                // ("vegetables - 1.5 times, ferrous metal products - 34.2%": a list may open with a times figure)
                let listed = matches!(m.rule, "growth.by_percent" | "growth.list" | "growth.times" | "growth.fold");
                // an index opens a list of indices: "the growth rate was 306%, exports of goods - 393.7%"
                let index = matches!(m.rule, "growth.index_percent" | "growth.index_list");
                out.push(m);
                // a list of changes in the same direction: "rose by 37, 18.7 and 19 percent", "oil - by 36.1%, cement - 28.8%"
                if listed || index {
                    while let Some(next) = list_item(s, i, decrease, index) {
                        i = next.end;
                        out.push(next);
                    }
                }
            }
            None => i += 1,
        }
    }
    out
}

/// The next percent of a list of changes after token `from`: a comma or
/// "and", at most a few words naming the item (no verb, no share or index
/// word), a dash or "by", then the percent; the same direction as the one
/// before it; after an index, an index too.
fn list_item(s: &Sent, from: usize, decrease: bool, index: bool) -> Option<Match> {
    let lex = lexicon();
    let mut j = from;
    if !(s.is_any(j, &[",", ";"]) || s.is(j, "and")) {
        return None;
    }
    j += 1;
    if s.is(j, "and") {
        j += 1;
    }
    let mut words = 0;
    while j < s.hi {
        if let Some(p) = percent(s, j).filter(|(_, n2, _)| n2.is_none()) {
            let (n, _, e) = p;
            if is_share(s, j, e) || s.is(e, "of") {
                return None;
            }
            let q = qualifier_before(s, j);
            if index {
                return Some(Match { qualifier: q, ..growth(j, e, n.value / 100.0, "growth.index_list") });
            }
            let cue = if decrease { GrowthCue::Decrease } else { GrowthCue::Increase };
            return Some(Match { qualifier: q, ..growth(j, e, ratio(n.value, cue), "growth.list") });
        }
        let t = s.toks[j];
        let word = t.kind == TokKind::Word;
        let filler = s.is_dash(j) || s.is(j, "by") || s.is(j, "and") || s.is(j, "-");
        if !(word || filler) || words > 6 {
            return None;
        }
        // a change word or a share/index word starts its own figure or none
        if word && lex.growth.match_at(s.toks, s.text, j, s.hi).is_some() {
            return None;
        }
        if word && lex.qualifiers.match_at(s.toks, s.text, j, s.hi).is_some() {
            j += 1;
            continue;
        }
        words += (word && !filler) as usize;
        j += 1;
    }
    None
}

/// "+27%", "(−3.5%)": a percent with its sign written is a change.
fn signed_percent_at(s: &Sent, i: usize) -> Option<Match> {
    let sign = match s.text_of(i) {
        "+" => 1.0,
        "-" | "−" | "–" => -1.0,
        _ => return None,
    };
    // the sign stands alone before its number ("2015-16%" is a range of years)
    let next = s.tok(i + 1)?;
    if next.space_before || next.kind != TokKind::Num || (i > s.lo && !s.toks[i].space_before && !s.is_any(i - 1, &["(", ",", ":"])) {
        return None;
    }
    let (n, n2, e) = percent(s, i + 1)?;
    if n2.is_some() || is_share(s, i, e) {
        return None;
    }
    Some(growth(i, e, 1.0 + sign * n.value / 100.0, "growth.signed_percent"))
}

fn percent_at(s: &Sent, i: usize) -> Option<Match> {
    if let Some(m) = signed_percent_at(s, i) {
        return Some(m);
    }
    let (n, n2, e) = percent(s, i)?;
    match n2 {
        None => {
            let (v, rule) = classify_percent(s, i, e, n.value)?;
            Some(growth(i, e, v, rule))
        }
        Some(n2) => {
            let (a, _) = classify_percent(s, i, e, n.value)?;
            let (b, _) = classify_percent(s, i, e, n2.value)?;
            let (lo, hi) = (a.min(b), a.max(b));
            Some(Match { low: Some(lo), high: Some(hi), qualifier: Qualifier::Range, ..growth(i, e, (lo + hi) / 2.0, "growth.percent_range") })
        }
    }
}

fn times_at(s: &Sent, i: usize, has_change: &dyn Fn() -> bool) -> Option<Match> {
    if let Some(v) = fold_word(s, i) {
        // "a threefold decrease"
        let down = lexicon().growth.match_at(s.toks, s.text, i + 1, s.hi).is_some_and(|(_, c)| c == GrowthCue::Decrease);
        return Some(growth(i, i + 1, if down && v > 0.0 { 1.0 / v } else { v }, "growth.fold"));
    }
    let n = number(s, i)?;
    let e = times_word(s, n.end)?;
    let fold = s.is(e - 1, "fold");
    // "three times a year", "for the 7th time": counts, not changes
    if s.is_any(e, &["a", "per"]) && s.is_any(e + 1, &["year", "month", "week", "day"]) {
        return None;
    }
    if !fold && !has_change() {
        return None;
    }
    // "fell 2.5 times", "2.5 times less", "a 4.1-fold decrease": a fall by that factor
    let cue_right_after = lexicon().growth.match_at(s.toks, s.text, e, s.hi).map(|(_, c)| c);
    // (a bare item of a list takes the direction of the change the sentence names before it:
    // "a 1.9-fold decrease in exports of clothing, 7 times, crude oil - by 36.1%")
    let before = cue_before(s, i, 8).or_else(|| if s.is_any(i.saturating_sub(1), &[",", "-", "–", "—"]) { cue_before(s, i, i - s.lo) } else { None });
    let decrease = !fold && before.is_some_and(|(_, c)| c == GrowthCue::Decrease) || s.is_any(e, &["less", "lower", "smaller"]) || cue_right_after == Some(GrowthCue::Decrease);
    let v = if decrease && n.value > 0.0 { 1.0 / n.value } else { n.value };
    Some(growth(i, e, v, if fold { "growth.fold" } else { "growth.times" }))
}

fn word_at(s: &Sent, i: usize, has_change: &dyn Fn() -> bool) -> Option<Match> {
    // a verb, "twice" or a fraction: most tokens that can start a figure are numerals
    if s.tok(i)?.kind != TokKind::Word {
        return None;
    }
    if let Some(v) = verb_growth(s, i) {
        return Some(growth(i, i + 1, v, "growth.verb"));
    }
    if s.is(i, "twice") {
        if s.is_any(i + 1, &["a", "per"]) || !has_change() && !s.is(i + 1, "as") {
            return None;
        }
        return Some(growth(i, i + 1, 2.0, "growth.twice"));
    }
    // "by half", "by almost half", "by more than a quarter"
    let lex = lexicon();
    let (f, e) = if let Some(f) = lex.fractions.get(&*s.lower(i)?) {
        (*f, i + 1)
    } else if s.is_any(i, &["a", "one"]) {
        (*lex.fractions.get(&*s.lower(i + 1)?)?, i + 2)
    } else {
        return None;
    };
    // "half of the exports", "half a billion", "a quarter century": not a change by a fraction
    if s.is_any(e, &["of", "a", "an"]) || super::number::scale(s, e).is_some() || s.tok(e).is_some_and(|t| t.kind == TokKind::Num) {
        return None;
    }
    // "a quarter higher", "a third lower than in 2022"
    if s.is_any(e, &["higher", "more", "larger", "bigger", "up"]) {
        return Some(growth(i, e, 1.0 + f, "growth.fraction"));
    }
    if s.is_any(e, &["lower", "less", "smaller", "down"]) {
        return Some(growth(i, e, 1.0 - f, "growth.fraction"));
    }
    let b = before_qualifier(s, i);
    if !(b > s.lo && s.is(b - 1, "by")) {
        return None;
    }
    let cue = cue_before(s, b - 1, 25).map(|(_, c)| c)?;
    let v = if cue == GrowthCue::Decrease { 1.0 - f } else { 1.0 + f };
    Some(growth(i, e, v, "growth.fraction"))
}

/// Every percent figure in `text` (any role): byte span and the number before the sign.
pub fn percents_in(text: &str) -> Vec<(crate::text::Span, f64)> {
    super::with_sent(text, |s| {
        let mut out = Vec::new();
        let mut i = s.lo;
        while i < s.hi {
            // "minus five percent"
            let signed = s.is_any(i, &["minus", "negative"]) && percent(s, i + 1).is_some();
            let at = if signed { i + 1 } else { i };
            match percent(s, at) {
                Some((n, None, e)) => {
                    out.push((s.span(i, e), if signed { -n.value } else { n.value }));
                    i = e;
                }
                Some((_, Some(_), e)) => i = e,
                None => i += 1,
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testing::check_rules;
    use crate::extract::with_sent;

    fn read(text: &str) -> Vec<(String, f64, &'static str, &'static str)> {
        with_sent(text, |s| {
            super::super::recognize(s)
                .into_iter()
                .filter(|m| m.kind == Kind::Growth)
                .map(|m| (text[s.span(m.start, m.end).range()].to_string(), (m.value * 1e6).round() / 1e6, m.qualifier.as_str(), m.rule))
                .collect()
        })
    }

    /// A list of changes keeps its direction: a bare "7 times" after a list of
    /// decreases is a fall, and the percents after it too; a list may open with
    /// a times figure ("vegetables - 1.5 times, wheat flour - 25.3%").
    #[test]
    fn lists_keep_their_direction_through_times_figures() {
        let got = read("The fall was caused by a 4.1-fold decrease in exports of footwear, a 1.9-fold decrease in exports of clothing and clothing accessories, 7 times, crude oil - by 36.1%, cement - 28.8%.");
        let v: Vec<(&str, f64)> = got.iter().map(|g| (g.0.as_str(), g.1)).collect();
        assert!(v.contains(&("7 times", (1e6_f64 / 7.0).round() / 1e6)), "{v:?}");
        assert!(v.contains(&("36.1%", 0.639)) && v.contains(&("28.8%", 0.712)), "{v:?}");
        let got = read("The growth of imports came from vegetables - 1.5 times, wheat flour - 25.3%, natural gas - 4.9%.");
        let v: Vec<(&str, f64)> = got.iter().map(|g| (g.0.as_str(), g.1)).collect();
        assert_eq!(v, vec![("1.5 times", 1.5), ("25.3%", 1.253), ("4.9%", 1.049)]);
    }

    /// An index word far before a copula is its subject only when no other
    /// figure stands between them.
    #[test]
    fn an_index_subject_does_not_reach_across_another_figure() {
        let got = read("The growth rate of trade of Minsk enterprises with Kyrgyzstan in January-June 2017 compared to the same period in 2016 was 306%.");
        assert_eq!(got.iter().map(|g| (g.0.as_str(), g.1)).collect::<Vec<_>>(), vec![("306%", 3.06)]);
        let got = read("The growth rate was 105%, while the load of the 12 new lines in the third year of their work at the plant was 120%.");
        assert_eq!(got.iter().map(|g| (g.0.as_str(), g.1)).collect::<Vec<_>>(), vec![("105%", 1.05)]);
    }

    #[test]
    fn rule_examples_and_near_misses() {
        check_rules(RULES, Kind::Growth);
    }

    #[test]
    fn ratios() {
        assert_eq!(read("increased by 18%")[0].1, 1.18);
        assert_eq!(read("decreased by 5.2 percent")[0].1, 0.948);
        assert_eq!(read("plus 13 per cent or over $17 million")[0].1, 1.13);
        assert_eq!(read("grew by more than 77 per cent")[0], ("77 per cent".into(), 1.77, "over", "growth.by_percent"));
        assert_eq!(read("exports grew 1.4 times")[0].1, 1.4);
        assert_eq!(read("bilateral trade has grown nearly fivefold")[0], ("fivefold".into(), 5.0, "under", "growth.fold"));
        assert_eq!(read("turnover has more than doubled")[0], ("doubled".into(), 2.0, "over", "growth.verb"));
        assert_eq!(read("trade turnover increased by almost half")[0], ("half".into(), 1.5, "under", "growth.fraction"));
        assert_eq!(read("reduce the cost by 15-20 per cent")[0].1, 0.825);
        assert_eq!(read("(an increase of 47.9% by 2020)")[0].1, 1.479);
        assert_eq!(read("imports decreased 2 times")[0].1, 0.5);
    }

    #[test]
    fn not_growth() {
        for t in ["The share of ASEAN in the Union's foreign trade turnover was 2.8%", "40% of all foreign capital", "a localization of 30%", "the project is 80% complete", "visited Minsk three times"] {
            assert!(read(t).is_empty(), "{t}: {:?}", read(t));
        }
    }
}
