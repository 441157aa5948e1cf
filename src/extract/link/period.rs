//! Periods: the year a figure refers to, the months of it, and for growth
//! the year compared against (FACTS.md "Periods, years and targets").
//!
//! A figure's year is, in order: the end of a "from .. to .." change; the
//! year stated with a target; a year stated in its own clause (a span's ends
//! for its "from" and "to" figures); one stated in its sentence; a relative
//! year ("this year", "last year [2021]") resolved against the document's
//! date or a year the text itself gives for the same time; the period stated
//! earlier in its paragraph; for contracts, the date of the event they were
//! signed at, else the year of the source the footnote after them cites. It stays unknown for a sum over many years, a relative year
//! with nothing to count from, a span of years for a level, and a target
//! with no year of its own.

use crate::lexicon::{lexicon, W};
use crate::tokenize::{TokKind, FLAG_LINK, FLAG_PERIOD};

use super::super::{Kind, Match, Sent};
use super::sentence::{at, ending, Analysis};

/// A four-digit year at token `i`.
pub fn year_at(s: &Sent, i: usize) -> Option<i32> {
    let t = s.tok(i)?;
    if t.kind != TokKind::Num || t.span.len() != 4 {
        return None;
    }
    let y: i32 = s.text_of(i).parse().ok()?;
    if !crate::fact::YEARS.contains(&y) {
        return None;
    }
    // part of a larger numeral (1,2024) or a money/percent figure
    if i > s.lo && s.toks[i - 1].kind == TokKind::Punct && !s.toks[i].space_before && s.is_any(i - 1, &[",", "."]) {
        return None;
    }
    if at(s, W::PeriodNotYearAfter, i + 1).is_some() || s.tok(i + 1).is_some_and(|n| n.kind == TokKind::Sym && !n.space_before) {
        return None;
    }
    Some(y)
}

/// A year named in a sentence.
#[derive(Debug, Clone, Copy)]
pub struct YearMention {
    pub at: usize,
    pub year: i32,
    /// What a change is compared against ("compared to 2020", "the 2020 level").
    pub base: bool,
    /// Closing year of a span `2016-2021` / `from 2015 to 2021`: its start.
    pub span_from: Option<i32>,
    /// Opening year of a span: its end.
    pub span_to: Option<i32>,
    /// The figure a change is compared with that this year dates (its
    /// start): "compared with 6.1 bn in January 2006".
    pub of_figure: Option<usize>,
}

/// How figure `m` is what a change is compared with: "down from the $3.4
/// billion", "more than the $6.7 billion", "compared with 6.1 bn". `Some(true)`
/// for a comparison word, `Some(false)` for a bare "from" (which may also
/// start a change dated by the year after it).
pub fn comparison_figure(s: &Sent, m: &Match) -> Option<bool> {
    let floor = m.start.saturating_sub(5).max(s.lo);
    let mut k = m.start;
    let mut article = false;
    while k > floor && s.is_any(k - 1, &["the", "a", "an"]) {
        k -= 1;
        article = true;
    }
    if k <= s.lo {
        return None;
    }
    if ending(s, W::PeriodFigureCompareThan, k, floor).is_some() {
        return article.then_some(true);
    }
    let e = ending(s, W::PeriodFigureCompare, k, floor)?;
    Some(!(e + 1 == k && s.is(e, "from")))
}

/// The comparison figure that a year or relative year at `i` follows in
/// its phrase, if the phrase dates it (see [`comparison_figure`]): its
/// start. `dated`: the sentence dates its main figure elsewhere.
fn dates_compared(s: &Sent, figures: &[Match], i: usize, dated: bool) -> Option<usize> {
    let f = figures.iter().filter(|f| f.end <= i && i - f.end <= 10).max_by_key(|f| f.end)?;
    if (f.end..i).any(|k| s.is_any(k, &[",", ";", ":", "(", ")"]) || year_at(s, k).is_some()) {
        return None;
    }
    let strong = comparison_figure(s, f)?;
    let recorded = (f.end..=i).any(|k| ending(s, W::PeriodRecorded, k, f.end).is_some());
    (strong || recorded || dated).then_some(f.start)
}

/// Is there a comparison word within a few tokens before token `i`, with no
/// other year, figure or clause break between? ("more than doubled in 2019":
/// the "than" is the figure's.) "The same period" counts after a comparison
/// word ("compared to the same period of 2020", "from the same period"), not
/// alone ("imports in the same period of last year" are that year's).
fn compared(s: &Sent, figures: &[Match], i: usize, reach: usize) -> bool {
    let floor = i.saturating_sub(reach).max(s.lo);
    let mut k = i;
    while k > floor {
        k -= 1;
        if s.is_any(k, &[",", ";", ":"]) || year_at(s, k).is_some() || figures.iter().any(|m| k >= m.start && k < m.end) {
            return false;
        }
        // ("than" before a number is an approximation: "more than ten million vehicles")
        if ending(s, W::PeriodCompare, k + 1, floor).is_some() && !(s.is(k, "than") && s.tok(k + 1).is_some_and(|t| t.kind == TokKind::Num || lexicon().units.contains_key(&*s.lower(k + 1).unwrap_or_default()))) {
            return true;
        }
        if let Some(sp) = ending(s, W::PeriodSamePeriod, k + 1, floor) {
            let lead = |w: W| ending(s, w, sp, sp.saturating_sub(3).max(s.lo)).is_some() || (sp > s.lo + 1 && ending(s, w, sp - 1, sp.saturating_sub(4).max(s.lo)).is_some());
            if lead(W::PeriodCompare) || lead(W::PeriodCompareAdjacent) {
                return true;
            }
        }
    }
    false
}

fn is_base_year(s: &Sent, figures: &[Match], i: usize) -> bool {
    // "year-on-year [2020]", "the same period last year [2023]": a bracket after a base phrase
    if i > s.lo && s.is(i - 1, "[") {
        let k = i - 1;
        let rel_before = ending(s, W::PeriodLastYear, k, s.lo).or(ending(s, W::PeriodYearOnYear, k, s.lo));
        if let Some(r) = rel_before {
            return compared(s, figures, r, 8) || ending(s, W::PeriodSamePeriod, r, s.lo.max(r.saturating_sub(3))).is_some() || ending(s, W::PeriodYearOnYear, k, s.lo).is_some();
        }
    }
    // "of the 2020 level"
    if i > s.lo + 1 && s.is(i - 1, "the") && s.is(i + 1, "level") {
        return true;
    }
    // "by 2020" after a percent ("an increase of 47.9% by 2020")
    if i > s.lo + 1 && ending(s, W::PeriodByBase, i, i - 1).is_some() && s.tok(i - 2).is_some_and(|t| t.kind == TokKind::Sym || s.is_any(i - 2, &["percent", "cent"])) {
        return true;
    }
    // "growth over 2023": right before the year
    if i > s.lo && ending(s, W::PeriodCompareAdjacent, i, i - 1).is_some() && !s.is(i + 1, "-") && at(s, W::RoleTo, i + 1).is_none() {
        return true;
    }
    compared(s, figures, i, 12)
}

pub fn year_mentions(s: &Sent, figures: &[Match]) -> Vec<YearMention> {
    let mut out: Vec<YearMention> = Vec::new();
    for i in s.lo..s.hi {
        let Some(y) = year_at(s, i) else { continue };
        // "2022-23", "2022/23": a fiscal or marketing year, no one calendar year
        if (s.is_dash(i + 1) || s.is(i + 1, "/")) && s.tok(i + 2).is_some_and(|t| t.kind == TokKind::Num && t.span.len() == 2 && !t.space_before) {
            continue;
        }
        let base = is_base_year(s, figures, i);
        // "2016-2021", "from 2015 to 2021": the earlier year is the span's start
        let mut span_from = None;
        if i > s.lo + 1 && (s.is_dash(i - 1) || at(s, W::RoleTo, i - 1).is_some()) {
            if let Some(y0) = year_at(s, i - 2) {
                if y0 < y {
                    span_from = Some(y0);
                    if let Some(last) = out.last_mut() {
                        if last.at == i - 2 {
                            last.span_to = Some(y);
                            last.base = false;
                        }
                    }
                }
            }
        }
        // "FY 2022-23": a fiscal year has no one calendar year
        if ending(s, W::PeriodFiscal, i, i.saturating_sub(2)).is_some() {
            continue;
        }
        out.push(YearMention { at: i, year: y, base: base && span_from.is_none(), span_from, span_to: None, of_figure: None });
    }
    // a year right after a figure compared with is that figure's, and the base of the others
    // ("were 22.0% more than the R157.03 billion recorded in September 2021")
    for k in 0..out.len() {
        if out[k].span_from.is_some() || out[k].span_to.is_some() {
            continue;
        }
        let dated = out.iter().any(|y| y.at < out[k].at && !y.base && figures.iter().any(|f| f.start > y.at && f.end <= out[k].at));
        if let Some(f) = dates_compared(s, figures, out[k].at, dated) {
            out[k].of_figure = Some(f);
            out[k].base = true;
        }
    }
    out
}

/// A year named relative to the time of writing: "this year", "last year",
/// "next year", or an editors' bracket "[2021]" after one.
#[derive(Debug, Clone)]
pub struct RelYear {
    pub at: usize,
    pub end: usize,
    /// 0 this year, -1 last year, +1 next year.
    pub offset: i32,
    /// The bracketed year after it, if any ("this [2023] year", "last year [2021]").
    pub bracket: Option<i32>,
    /// What a change is compared against ("compared to the same period last year").
    pub base: bool,
    /// The figure compared with that it dates ("from $40.3 million last year").
    pub of_figure: Option<usize>,
}

pub fn relative_years(s: &Sent, figures: &[Match]) -> Vec<RelYear> {
    const LISTS: u128 = W::bits(&[W::PeriodThisWords, W::PeriodThisYear, W::PeriodLastYear, W::PeriodNextYear]);
    let mut out = Vec::new();
    let mut i = s.lo;
    while i < s.hi {
        if !super::sentence::may_start_any(s, i, LISTS) {
            i += 1;
            continue;
        }
        // "this [2023] year", "the current [2022] year": an editors' bracket inside the phrase
        if at(s, W::PeriodThisWords, i) == Some(i + 1) && s.is(i + 1, "[") && s.is(i + 3, "]") && at(s, W::PeriodYearWord, i + 4).is_some() {
            if let Some(y) = year_at(s, i + 2) {
                out.push(RelYear { at: i, end: i + 5, offset: 0, bracket: Some(y), base: false, of_figure: None });
                i += 5;
                continue;
            }
        }
        let found = [(W::PeriodThisYear, 0), (W::PeriodLastYear, -1), (W::PeriodNextYear, 1)].iter().find_map(|&(w, off)| at(s, w, i).map(|e| (e, off)));
        let Some((e, offset)) = found else {
            i += 1;
            continue;
        };
        // "last year [2021]"
        let bracket = if s.is(e, "[") && s.is(e + 2, "]") { year_at(s, e + 1) } else { None };
        // "compared to the same period last year": the base, not the figure's year
        let same = ending(s, W::PeriodSamePeriod, i, i.saturating_sub(3)).or(ending(s, W::PeriodSamePeriod, i.saturating_sub(1), i.saturating_sub(4)));
        // "exceeding last year's figure by 34.7%": the level of that year is what it is compared with
        // (the possessive as one token or two: "year's", "year’ s")
        let possessed = if s.is_any(e, &["'s", "’s"]) {
            Some(e + 1)
        } else if s.is_any(e, &["'", "’"]) && s.is(e + 1, "s") {
            Some(e + 2)
        } else {
            None
        };
        let level_after = s.is_any(e, &["figure", "figures", "level", "levels", "indicator", "indicators", "result", "results", "volume"]) || possessed.is_some_and(|k| s.is_any(k, &["figure", "level", "indicator", "result", "volume"]));
        let base = compared(s, figures, i, 7) || same.is_some_and(|k| compared(s, figures, k, 4)) || (offset == -1 && level_after);
        // "rose to Ksh 43.8 billion in the quarter to June 2023 from Ksh 40.3 billion reported last year"
        let dated = (s.lo..i).any(|k| year_at(s, k).is_some());
        let of_figure = dates_compared(s, figures, i, dated);
        out.push(RelYear { at: i, end: if bracket.is_some() { e + 3 } else { e }, offset, bracket, base: base || of_figure.is_some(), of_figure });
        i = e;
    }
    out
}

fn month_word(s: &Sent, i: usize) -> Option<u8> {
    let w = s.lower(i)?;
    if !s.text_of(i).starts_with(char::is_uppercase) {
        return None;
    }
    let m = *lexicon().months.get(&*w)?;
    // "May" alone is too often the verb: only with a year, a range or a lead word
    if m == 5 && !(year_at(s, i + 1).is_some() || s.is_dash(i + 1) || (i > s.lo && (s.is_dash(i - 1) || s.is_any(i - 1, &["in", "during", "since", "until", "for"])))) {
        return None;
    }
    Some(m)
}

fn count_word(s: &Sent, i: usize) -> Option<u8> {
    if let Some(t) = s.tok(i) {
        if t.kind == TokKind::Num {
            return s.text_of(i).parse::<u8>().ok().filter(|n| (1..=12).contains(n));
        }
    }
    let w = s.lower(i)?;
    lexicon().units.get(&*w).map(|v| *v as u8).filter(|n| (1..=12).contains(n))
}

/// A part of a year named in a sentence: tokens `[start, end)`, months `from..=to`.
#[derive(Debug, Clone)]
pub struct Period {
    pub start: usize,
    pub end: usize,
    pub from: u8,
    pub to: u8,
    pub why: String,
}

/// The ordinal at token `i` (first .. fourth), if any.
fn ordinal(s: &Sent, i: usize) -> Option<u8> {
    let e = at(s, W::PeriodOrdinals, i)?;
    if e != i + 1 {
        return None;
    }
    match &*s.lower(i)? {
        "first" => Some(1),
        "second" => Some(2),
        "third" => Some(3),
        "fourth" => Some(4),
        _ => None,
    }
}

/// Every part-of-year phrase of a sentence.
pub fn periods(s: &Sent) -> Vec<Period> {
    let mut out = Vec::new();
    let mut i = s.lo;
    while i < s.hi {
        // a period starts with a digit, a month, a count word or an ordinal
        const WORDS: u128 = W::bits(&[W::PeriodOrdinals, W::PeriodQuarterLetter, W::PeriodHalfLetter, W::PeriodHalves]);
        let t = &s.toks[i];
        if t.flags & FLAG_PERIOD == 0 && !(t.flags & FLAG_LINK != 0 && super::sentence::may_start_any(s, i, WORDS)) {
            i += 1;
            continue;
        }
        let mut push = |start: usize, end: usize, from: u8, to: u8, why: String| {
            out.push(Period { start, end, from, to, why });
            end
        };
        // "first half", "third quarter", "H1", "Q3"
        if let Some(n) = ordinal(s, i) {
            if let Some(e) = at(s, W::PeriodHalves, i + 1).filter(|_| n <= 2) {
                i = push(i, e, 6 * (n - 1) + 1, 6 * n, format!("'{}'", s.text_of(i).to_lowercase() + " half"));
                continue;
            }
            if let Some(e) = at(s, W::PeriodQuarters, i + 1) {
                if s.lower(i + 1).is_some_and(|q| &*q == "quarter") {
                    i = push(i, e, 3 * (n - 1) + 1, 3 * n, format!("'{} quarter'", s.text_of(i).to_lowercase()));
                    continue;
                }
            }
        }
        if s.toks[i].kind == TokKind::Word {
            let w = s.lower(i).unwrap_or_default();
            // "Q3", "H1": the letter and its number glued (as one token or two)
            let glued = s.tok(i + 1).filter(|t| t.kind == TokKind::Num && !t.space_before).and_then(|_| s.text_of(i + 1).parse::<u8>().ok());
            let letter = if at(s, W::PeriodQuarterLetter, i) == Some(i + 1) { Some(3u8) } else if at(s, W::PeriodHalfLetter, i) == Some(i + 1) { Some(6u8) } else { None };
            if let (Some(len), Some(k)) = (letter, glued) {
                if (1..=12 / len).contains(&k) {
                    i = push(i, i + 2, len * (k - 1) + 1, len * k, format!("'{}{}'", s.text_of(i), k));
                    continue;
                }
            }
            let code = match &*w {
                "h1" => Some((1, 6)),
                "h2" => Some((7, 12)),
                "q1" => Some((1, 3)),
                "q2" => Some((4, 6)),
                "q3" => Some((7, 9)),
                "q4" => Some((10, 12)),
                _ => None,
            };
            if let Some((a, b)) = code {
                i = push(i, i + 1, a, b, format!("'{}'", s.text_of(i)));
                continue;
            }
            // "half year", "half-year"
            if at(s, W::PeriodHalves, i) == Some(i + 1) && &*w == "half" {
                if s.is(i + 1, "year") {
                    i = push(i, i + 2, 1, 6, "'half year'".into());
                    continue;
                }
                if s.is_dash(i + 1) && s.is(i + 2, "year") {
                    i = push(i, i + 3, 1, 6, "'half-year'".into());
                    continue;
                }
            }
            if &*w == "half-year" || &*w == "semester" {
                i = push(i, i + 1, 1, 6, format!("'{}'", s.text_of(i)));
                continue;
            }
        }
        if let Some(n) = count_word(s, i) {
            // "10 months", "nine-month", "the first 9 months"; not "the last 12 months"
            let mut j = i + 1;
            if s.is_dash(j) {
                j += 1;
            }
            let recent = i > s.lo && (s.is_any(i - 1, &["last", "past", "next", "coming"]));
            if let Some(e) = at(s, W::PeriodMonthNouns, j) {
                // "the three months to June", "six months ending September": back from that month
                let end_month = (at(s, W::PeriodThrough, e).is_some() || s.is_any(e, &["ending", "ended"])).then(|| month_word(s, e + 1)).flatten().filter(|&b| b >= n);
                if let Some(b) = end_month {
                    i = push(i, e + 2, b + 1 - n, b, format!("'{n} months to' month {b}"));
                    continue;
                }
                if !recent {
                    i = push(i, e, 1, n, format!("'{n} months'"));
                    continue;
                }
            }
            if s.lower(j).is_some_and(|q| &*q == "quarters") && n <= 4 && !recent {
                i = push(i, j + 1, 1, n * 3, format!("'{n} quarters'"));
                continue;
            }
        }
        if let Some(a) = month_word(s, i) {
            // January-September, from January to October
            if (s.is_dash(i + 1) || at(s, W::PeriodThrough, i + 1).is_some()) && month_word(s, i + 2).is_some_and(|b| b >= a) {
                let b = month_word(s, i + 2).expect("checked");
                i = push(i, i + 3, a, b, format!("months {a}-{b}"));
                continue;
            }
            // "01 January to 30 September 2022", "1 January - 30 June"
            let day = |k: usize| s.tok(k).is_some_and(|t| t.kind == TokKind::Num) && s.text_of(k).parse::<u8>().is_ok_and(|d| (1..=31).contains(&d));
            if (s.is_dash(i + 1) || at(s, W::PeriodThrough, i + 1).is_some()) && day(i + 2) && month_word(s, i + 3).is_some_and(|b| b >= a) {
                let b = month_word(s, i + 3).expect("checked");
                let start = if i > s.lo && day(i - 1) { i - 1 } else { i };
                i = push(start, i + 4, a, b, format!("months {a}-{b}"));
                continue;
            }
            // "January – / October 2021" (a broken line between)
            if s.is_dash(i + 1) && s.tok(i + 2).is_some_and(|t| t.kind == TokKind::Break) && month_word(s, i + 3).is_some_and(|b| b >= a) {
                let b = month_word(s, i + 3).expect("checked");
                i = push(i, i + 4, a, b, format!("months {a}-{b}"));
                continue;
            }
            let lead = i > s.lo && ending(s, W::PeriodLead, i, i - 1).is_some();
            let edge = i > s.lo + 1 && s.is(i - 1, "of") && s.is_any(i - 2, &["beginning", "end", "start", "middle"]);
            if (lead && !edge) || year_at(s, i + 1).is_some() {
                i = push(i, i + 1, a, a, format!("'{}'", s.text_of(i)));
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The period written right before the year at `pos` ("first half of 2021",
/// "January-September 2024", "10 months of this [2023] year").
pub fn attached(periods: &[Period], pos: usize) -> Option<&Period> {
    periods.iter().filter(|p| p.end <= pos && pos - p.end <= 3).max_by_key(|p| p.end)
}

/// A sum over many years before token `before` in `[from, before)`:
/// "over the entire period", "over the past five years".
pub fn cumulative(s: &Sent, from: usize, before: usize) -> Option<String> {
    for k in from.max(s.lo)..before.min(s.hi) {
        if at(s, W::PeriodSinceStart, k).is_some() {
            continue;
        }
        if let Some(e) = at(s, W::PeriodCumulative, k) {
            return Some(s.text[s.span(k, e).range()].to_string());
        }
        if let Some(e) = at(s, W::PeriodRecent, k) {
            // "over the past five years", "over the last decade", "over ten years"
            // (with a number or a word between: "five", "few", "several")
            let mut j = e;
            if at(s, W::PeriodYearsNouns, j).is_none() && s.tok(j).is_some_and(|t| t.kind == TokKind::Num || t.kind == TokKind::Word) {
                j += 1;
            }
            if let Some(ye) = at(s, W::PeriodYearsNouns, j) {
                return Some(s.text[s.span(k, ye).range()].to_string());
            }
        }
    }
    None
}

/// A span of years right after a change ("sixfold in five years", "2.3
/// times over the past ten years", "doubled over the decade"), in its clause.
fn span_after(s: &Sent, from: usize, end: usize) -> Option<String> {
    let end = end.min(s.hi).min(from + 6);
    let k = from;
    if k >= end {
        return None;
    }
    let lead = at(s, W::PeriodRecent, k).or_else(|| s.is(k, "in").then_some(k + 1))?;
    let mut j = lead;
    if s.is_any(j, &["the", "a"]) {
        j += 1;
    }
    if at(s, W::PeriodYearsNouns, j).is_none() && s.tok(j).is_some_and(|t| t.kind == TokKind::Num || t.kind == TokKind::Word) {
        j += 1;
    }
    let ye = at(s, W::PeriodYearsNouns, j).filter(|&ye| ye <= end)?;
    Some(s.text[s.span(k, ye).range()].to_string())
}

/// The document's date from a dateline near its top (`15 February 2021`,
/// `February 15, 2021`, `2021-02-15`, `15.02.2021`): (year, month).
pub fn dateline(text: &str) -> Option<(i32, Option<u8>)> {
    let head: String = text.chars().take(600).collect();
    let toks = crate::lexicon::tokenize(&head);
    let s = Sent { text: &head, toks: &toks, lo: 0, hi: toks.len() };
    for i in 0..toks.len() {
        if let Some(m) = month_word(&s, i) {
            // 15 February 2021
            if i > 0 && toks[i - 1].kind == TokKind::Num && toks[i - 1].span.len() <= 2 {
                if let Some(y) = year_at(&s, i + 1) {
                    return Some((y, Some(m)));
                }
            }
            // February 15, 2021
            if s.tok(i + 1).is_some_and(|t| t.kind == TokKind::Num && t.span.len() <= 2) && s.is(i + 2, ",") {
                if let Some(y) = year_at(&s, i + 3) {
                    return Some((y, Some(m)));
                }
            }
        }
        // 2021-02-15 and 15.02.2021 (glued digits and separators)
        let num = |k: usize, len: usize| s.tok(k).filter(|t| t.kind == TokKind::Num && t.span.len() == len).and_then(|_| s.text_of(k).parse::<u8>().ok());
        let glued = |k: usize| s.tok(k).is_some_and(|t| !t.space_before);
        if let Some(y) = year_at(&s, i) {
            if s.is(i + 1, "-") && s.is(i + 3, "-") && (1..=4).all(|d| glued(i + d)) {
                if let (Some(mo), Some(_)) = (num(i + 2, 2).filter(|m| (1..=12).contains(m)), num(i + 4, 2)) {
                    return Some((y, Some(mo)));
                }
            }
        }
        if num(i, 2).is_some() && s.is(i + 1, ".") && s.is(i + 3, ".") && (1..=4).all(|d| glued(i + d)) {
            let year = s.tok(i + 4).filter(|t| t.span.len() == 4).and_then(|_| s.text_of(i + 4).parse::<i32>().ok()).filter(|y| crate::fact::YEARS.contains(y));
            if let (Some(mo), Some(y)) = (num(i + 2, 2).filter(|m| (1..=12).contains(m)), year) {
                return Some((y, Some(mo)));
            }
        }
    }
    None
}

/// A news item's year of writing when it has no dateline: the latest part of
/// a year it reports ("the results of the 6 months of 2018 show growth":
/// written in 2018), with the month that part ends. None when it reports no
/// part of a year.
pub fn text_year(text: &str) -> Option<(i32, Option<u8>)> {
    let toks = crate::lexicon::tokenize(text);
    let mut best: Option<(i32, u8)> = None;
    let mut latest_full: Option<i32> = None;
    for sent in crate::tokenize::sentences(text, &toks) {
        let s = Sent { text, toks: &toks, lo: sent.tokens.0, hi: sent.tokens.1 };
        let years = year_mentions(&s, &[]);
        if years.is_empty() {
            continue;
        }
        let ps = periods(&s);
        for y in years.iter().filter(|y| !y.base) {
            match attached(&ps, y.at).filter(|p| !(p.from == 1 && p.to == 12)) {
                Some(p) if best.is_none_or(|(by, bm)| (y.year, p.to) > (by, bm)) => best = Some((y.year, p.to)),
                Some(_) => {}
                None if y.span_from.is_none() && y.span_to.is_none() => latest_full = latest_full.max(Some(y.year)),
                None => {}
            }
        }
    }
    // with a dateline of a day and month but no year ("DUSHANBE, January 23."), a
    // text that reports no part of a year reports the whole year before it
    match best {
        Some((y, m)) => Some((y, Some(m))),
        None if dateline_month(text).is_some() => latest_full.map(|y| (y + 1, dateline_month(text))),
        None => None,
    }
}

/// The month of a dateline that gives a day and month but no year, near the
/// top of a text: "TBILISI, January 22. /TASS/", "MINSK, 14 June (BelTA)".
pub fn dateline_month(text: &str) -> Option<u8> {
    let head: String = text.chars().take(200).collect();
    let toks = crate::lexicon::tokenize(&head);
    let s = Sent { text: &head, toks: &toks, lo: 0, hi: toks.len() };
    (0..toks.len().min(12)).find_map(|i| {
        let m = month_word(&s, i)?;
        let day = |k: usize| s.tok(k).is_some_and(|t| t.kind == TokKind::Num && t.span.len() <= 2);
        let year_near = (i..(i + 4).min(toks.len())).any(|k| year_at(&s, k).is_some());
        ((day(i + 1) || (i > 0 && day(i - 1))) && !year_near).then_some(m)
    })
}

/// Is period `p` bound to a year or relative year right after it ("the first half of 2022")?
fn bound(p: &Period, years: &[YearMention], rels: &[RelYear]) -> bool {
    years.iter().any(|y| p.end <= y.at && y.at - p.end <= 3) || rels.iter().any(|r| p.end <= r.at && r.at - p.end <= 3)
}

/// Does phrase `w` end right before figure `m` ("from $5 billion", "to $6 billion")?
fn preceded_by(s: &Sent, m: &Match, w: W) -> bool {
    m.start > s.lo && ending(s, w, m.start, m.start - 1).is_some()
}

/// "fell from $168 million in the second quarter of 2022 to $149 million": year `y`
/// right after the 'from' figure `from` dates it, not the 'to' figure `to` after it.
fn dates_from_figure(s: &Sent, from: &Match, to: &Match, y: &YearMention) -> bool {
    preceded_by(s, from, W::RoleFrom) && preceded_by(s, to, W::RoleTo) && from.end <= y.at && y.at - from.end <= 7 && y.at < to.start
}

/// The period read for a figure.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeriodLinks {
    pub year: Option<i32>,
    pub months: Option<(u8, u8)>,
    pub base_year: Option<i32>,
    /// Where the year came from, for carry-over: a token of this sentence, or carried.
    pub carried: bool,
    /// The figure is one a change is compared with: its period is not the one the text goes on with.
    pub compared: bool,
    /// A target's year is the one it is aimed at, not the text's period.
    pub goal: bool,
}

/// The year of the source a footnote after figure `m` cites, in its
/// paragraph (a quotation's marker closes it: "... worth $2 million."<sup>14</sup>):
/// a deal reported with no date of its own was made when the source wrote of it.
/// `cited`: (byte of the cleaned text, year), in text order.
pub fn cited_year(s: &Sent, m: &Match, cited: &[(usize, i32)]) -> Option<(i32, String)> {
    let from = s.toks.get(m.end.saturating_sub(1))?.span.end as usize;
    let y = cited_after(s, from, cited)?;
    Some((y, format!("year={y}: the year of the source its footnote cites (a deal dated by its report)")))
}

/// The year of the first footnote marker at or after byte `from` of the
/// cleaned text, in its paragraph.
pub fn cited_after(s: &Sent, from: usize, cited: &[(usize, i32)]) -> Option<i32> {
    let k = cited.partition_point(|c| c.0 < from);
    let &(at, y) = cited.get(k)?;
    (!s.text[from..at].contains('\n')).then_some(y)
}

/// An event's date: (sentences ago, year, months).
pub type EventDate = (usize, i32, Option<(u8, u8)>);

/// The period state carried from sentence to sentence.
#[derive(Debug, Clone, Default)]
pub struct PeriodState {
    /// The period last stated in the current paragraph: (year, months).
    pub paragraph: Option<(i32, Option<(u8, u8)>)>,
    /// Sentences since the paragraph's period was stated.
    pub age: usize,
    /// The year of the last part-of-year period the text stated ("the first
    /// five months of 2023"): the year of writing, for "this year".
    pub current_year: Option<(i32, Option<u8>)>,
    /// The last "<Month> <year>" or event date: (sentences ago, year, months).
    pub event: Option<EventDate>,
    /// A news item's year of writing: the latest part of a year it reports.
    pub text_year: Option<(i32, Option<u8>)>,
    /// The period of the paragraphs before, for a paragraph that states none:
    /// (year, months, sentences since).
    pub before: Option<(i32, Option<(u8, u8)>)>,
}

/// How many sentences a paragraph's period holds in the paragraphs after it
/// that state none.
pub const CARRY_PERIOD: usize = 4;

/// How many sentences an event's date holds for the contracts signed at it.
pub const CARRY_EVENT: usize = 8;

/// The year of writing, from the document's date, else the year of the last
/// part of a year the text stated, else a year stated before in the sentence.
fn anchor(ctx_date: Option<(i32, Option<u8>)>, st: &PeriodState, s: &Sent, before: usize, years: &[YearMention]) -> Option<(i32, Option<u8>, &'static str)> {
    let ctx_date = ctx_date.or(st.text_year);
    // "In February 2022, summing up the results of the past year": the sentence's own date
    if let Some(y) = years.iter().filter(|y| y.at < before && !y.base).map(|y| y.year).next_back() {
        let _ = s;
        return Some((y, None, "the sentence's date"));
    }
    if let Some((y, m)) = ctx_date {
        return Some((y, m, "the document's date"));
    }
    st.current_year.map(|(y, m)| (y, m, "the part of a year stated before"))
}

/// Links the period of figure `m` of sentence `a` (`goal`: a target).
#[allow(clippy::too_many_arguments)]
pub fn link(
    a: &Analysis,
    m: &Match,
    ms: &[Match],
    goal: bool,
    contracts: bool,
    st: &PeriodState,
    ctx_date: Option<(i32, Option<u8>)>,
    years: &[YearMention],
    rels: &[RelYear],
    periods: &[Period],
    reasons: &mut Vec<String>,
) -> PeriodLinks {
    let s = a.s;
    let clause = a.clause_of(m.start);
    let gov = a.governing_start(clause);
    let cl = a.clauses[clause];
    let free: Vec<&Period> = periods.iter().filter(|p| !bound(p, years, rels)).collect();
    let own: Vec<&YearMention> = years.iter().filter(|y| !y.base && !(m.start..m.end).contains(&y.at)).collect();
    let mut out = PeriodLinks::default();
    let mut year_pos: Option<usize> = None;
    let mut span_from = None;
    let mut base_stated = None;
    let mut rel_used: Option<&RelYear> = None;

    // "from $2.4bn in 2019 to $5.2bn in 2023": a change runs to the last year
    let after_fig: Vec<&&YearMention> = own.iter().filter(|y| y.at >= m.end && y.at < cl.end).collect();
    let from_at = (m.end..cl.end).find(|&k| at(s, W::RoleFrom, k).is_some());
    if m.kind == Kind::Growth && after_fig.len() >= 2 && from_at.is_some_and(|f| f < after_fig[0].at) {
        out.year = Some(after_fig[after_fig.len() - 1].year);
        base_stated = Some(after_fig[0].year);
        reasons.push(format!("year={}: the end of 'from .. to ..'", after_fig[after_fig.len() - 1].year));
    } else if goal {
        // a target keeps the year it is aimed at: "by 2025"
        let aimed = own.iter().filter(|y| y.at >= m.end && y.at - m.end <= 8 && ending(s, W::StatusByYear, y.at, y.at.saturating_sub(3)).is_some()).min_by_key(|y| y.at).copied().or_else(|| {
            own.iter().filter(|y| y.at >= gov && y.at < m.start && ending(s, W::StatusByYear, y.at, y.at.saturating_sub(3)).is_some()).max_by_key(|y| y.at).copied()
        });
        let rel_next = rels.iter().find(|r| r.offset >= 0 && !r.base && r.at >= gov && r.at < cl.end);
        match (aimed, rel_next) {
            (Some(y), _) => {
                out.year = Some(y.year);
                reasons.push(format!("year={}: the year the target is aimed at", y.year));
            }
            (None, Some(r)) => {
                if let Some(y) = r.bracket.or_else(|| anchor(ctx_date, st, s, r.at, years).map(|(y, _, _)| y + r.offset)) {
                    out.year = Some(y);
                    reasons.push(format!("year={y}: the target's '{}'", a.text(r.at, r.end)));
                }
            }
            _ => {
                // "growth of at least 120% compared to the last year [2022]": a change
                // against last year is aimed at this year
                let last = rels.iter().filter(|r| r.offset == -1 && r.base && r.at >= m.end && r.at < cl.end).find_map(|r| r.bracket.or_else(|| anchor(ctx_date, st, s, r.at, years).map(|(y, _, _)| y - 1)).map(|y| (r, y)));
                match last.filter(|_| m.kind == Kind::Growth) {
                    Some((r, y)) => {
                        out.year = Some(y + 1);
                        reasons.push(format!("year={}: the target's change against '{}' {y}", y + 1, a.text(r.at, r.end)));
                    }
                    None => reasons.push("year=-: a target with no year of its own".into()),
                }
            }
        }
        out.goal = true;
        // a target has no months (FACTS.md); a growth target is compared to the year before its own
        if m.kind == Kind::Growth {
            if let Some(y) = out.year {
                let b = years.iter().find(|b| b.base && b.year < y).map(|b| b.year).unwrap_or(y - 1);
                out.base_year = Some(b);
                reasons.push(format!("base_year={b}: the year before the target's"));
            }
        }
        return out;
    } else {
        let in_clause = |y: &&YearMention| y.at >= gov && y.at < cl.end;
        // "$84 million in 2024" (not "$32 million, then in 2020")
        let right_after = own
            .iter()
            .filter(|y| {
                let lead = |e: usize| ending(s, W::PeriodLead, e, e.saturating_sub(1)).is_some();
                y.at >= m.end && y.at - m.end <= 4 && (lead(y.at) || (month_word(s, y.at - 1).is_some() && lead(y.at - 1))) && !(m.end..y.at).any(|k| s.toks[k].kind == TokKind::Punct)
            })
            .min_by_key(|y| y.at)
            .copied();
        // "fell from $168 million in the second quarter of 2022 to $149 million": the
        // period right after the 'from' figure is that figure's, not the 'to' figure's
        let of_from_figure = |y: &YearMention| ms.iter().any(|o| dates_from_figure(s, o, m, y));
        let before_clause = own.iter().filter(|y| y.at < m.start && in_clause(y) && !of_from_figure(y)).max_by_key(|y| y.at).copied();
        let before = own.iter().filter(|y| y.at < m.start && !of_from_figure(y)).max_by_key(|y| y.at).copied();
        // (the period of the 'from' figure passed over, if any)
        let from_figures_year = own.iter().find(|y| of_from_figure(y)).map(|y| (y.year, attached(periods, y.at).map(|p| (p.from, p.to))));
        let later_clause = own.iter().filter(|y| y.at >= m.end && in_clause(y)).min_by_key(|y| y.at).copied();
        let later = own.iter().filter(|y| y.at >= m.end).min_by_key(|y| y.at).copied();
        let stated = right_after.or(before_clause).or(later_clause).or(before).or(later);
        // an editors' bracket or a relative year before the figure, in its clause, beats an earlier date
        let rel = rels.iter().filter(|r| !r.base && r.at < m.start && r.at >= gov).max_by_key(|r| r.at).or(rels.iter().find(|r| !r.base && r.at >= gov && r.at < cl.end));
        // "In February 2022, summing up the results of the past year, ... exceeded $1 billion": the
        // relative year before the figure is the figure's, the date before it its anchor
        let rel_first = rel.is_some_and(|r| stated.is_none_or(|y| (y.at < r.at && y.at < gov) || (y.at < r.at && r.at < m.start)));
        if let (Some(y), false) = (stated, rel_first) {
            let span = years.iter().find(|z| z.span_to.is_some() && z.at < m.start).map(|z| (z.year, z.span_to.unwrap_or(z.year)));
            let preceded = |w: W| preceded_by(s, m, w);
            match span {
                Some((y0, _)) if m.kind == Kind::Money && preceded(W::RoleFrom) => {
                    out.year = Some(y0);
                    year_pos = Some(m.start);
                    reasons.push(format!("year={y0}: 'from' the start of the span"));
                }
                Some((_, y1)) if m.kind == Kind::Money && preceded(W::RoleTo) => {
                    out.year = Some(y1);
                    year_pos = Some(m.start);
                    reasons.push(format!("year={y1}: 'to' the end of the span"));
                }
                // "in 2021-2022 ... projects totalling $21 billion": a sum over years has no one year
                _ if m.kind == Kind::Money && y.span_from.is_some() => {
                    reasons.push(format!("year=-: a span of years {}-{}", y.span_from.unwrap_or_default(), y.year));
                    return out;
                }
                _ => {
                    out.year = Some(y.year);
                    year_pos = Some(y.at);
                    span_from = y.span_from;
                    reasons.push(format!("year={}: stated in the sentence", y.year));
                }
            }
        } else if let Some(r) = rel {
            let resolved = match r.bracket {
                Some(y) => Some((y, format!("editors' bracket [{y}]"))),
                None => anchor(ctx_date, st, s, r.at, years).map(|(y, _, whose)| (y + r.offset, format!("'{}' against {whose} {y}", a.text(r.at, r.end)))),
            };
            match resolved {
                Some((y, why)) => {
                    out.year = Some(y);
                    year_pos = Some(r.at);
                    rel_used = Some(r);
                    reasons.push(format!("year={y}: {why}"));
                }
                None => {
                    reasons.push(format!("year=-: '{}' with no date to count from", a.text(r.at, r.end)));
                    return out;
                }
            }
        } else if let Some((k, e, (y, _, whose))) = (gov..cl.end).find_map(|k| at(s, W::PeriodSinceStart, k).map(|e| (k, e))).and_then(|(k, e)| anchor(ctx_date, st, s, k, years).map(|a| (k, e, a))) {
            // "since the beginning of the year": the year of writing, to its month (below)
            out.year = Some(y);
            year_pos = Some(k);
            reasons.push(format!("year={y}: '{}' in {whose}", a.text(k, e)));
        } else if let Some(c) = cumulative(s, gov, m.start) {
            reasons.push(format!("year=-: a total over a period of years ('{c}')"));
            return out;
        } else if let Some(c) = (m.kind == Kind::Growth).then(|| span_after(s, m.end, cl.end)).flatten() {
            // "has increased sixfold in five years": growth over a span with no end stated
            reasons.push(format!("year=-: a change over a span of years ('{c}')"));
            return out;
        } else if let Some((y, months)) = st.paragraph {
            out.year = Some(y);
            out.carried = true;
            out.months = months;
            reasons.push(format!("year={y}: stated earlier in the paragraph"));
        } else if let Some((y, months)) = st.before.filter(|_| st.age <= CARRY_PERIOD) {
            out.year = Some(y);
            out.carried = true;
            out.months = months;
            reasons.push(format!("year={y}: the period of the paragraph before"));
        } else if let (Some((y0, months)), Some((y, _))) = (from_figures_year, st.text_year.or(st.current_year)) {
            // "from $168 million in the second quarter of 2022 to $149 million in the quarter
            // under review": the period the text reports, in the months of the one compared with
            out.year = Some(y.max(y0));
            out.carried = true;
            out.months = months;
            reasons.push(format!("year={}: the period the text reports (the 'from' figure's {y0} is its base)", y.max(y0)));
        } else if let (Some(p), Some((y, mo))) = (free.iter().copied().filter(|p| p.end <= m.start && p.start >= gov).max_by_key(|p| p.end).or_else(|| free.iter().copied().filter(|p| p.start >= m.end && p.start < cl.end).min_by_key(|p| p.start)), ctx_date.or(st.text_year)) {
            // "Kenya total exports rise to Ksh 249B in second quarter": a part of a year named
            // with no year, in a dated text, is the last one by the time of writing
            let y = if mo.is_some_and(|mo| p.to > mo) { y - 1 } else { y };
            out.year = Some(y);
            year_pos = None;
            out.months = Some((p.from, p.to));
            reasons.push(format!("year={y}: '{}' with no year, the last by the text's date", p.why));
        }
    }

    // contracts are signed at an event: its date holds for longer, and beats a period carried
    // from the paragraph ("the visit to Islamabad in November 2024 ... In 2023, exports grew ...
    // documents worth $17 million were signed")
    let mut event_date = false;
    if (out.year.is_none() || out.carried) && contracts {
        // (an event named with its year only keeps the months carried for that year)
        let event = st.event.filter(|e| e.0 <= CARRY_EVENT).filter(|e| !(out.carried && e.2.is_none() && out.year == Some(e.1)));
        if let Some((ago, y, months)) = event {
            if out.carried {
                reasons.pop();
            }
            out.carried = false;
            out.year = Some(y);
            out.months = months;
            event_date = true;
            reasons.push(format!("year={y}: the date of the event {ago} sentence(s) before"));
        }
    }

    // a carried year with the sentence's own part of a year: "In May, exports were worth $25 billion"
    if out.carried {
        let in_clause = free.iter().filter(|p| p.end <= m.start && p.start >= gov).max_by_key(|p| p.end);
        if let Some(p) = in_clause.or_else(|| free.iter().filter(|p| p.end <= m.start).max_by_key(|p| p.end)) {
            reasons.push(format!("months {}-{}: {}", p.from, p.to, p.why));
            out.months = Some((p.from, p.to));
        } else if out.months.is_none() {
            out.months = Some((1, 12));
        }
    }
    // months
    if out.year.is_some() && !event_date && !out.carried {
        // (the year an editor's bracket gives a relative year, "the first quarter of this year
        // [2019]", holds the period attached to the relative year)
        let own_period = year_pos.and_then(|p| attached(periods, p).or_else(|| rels.iter().find(|r| r.bracket.is_some() && r.at < p && p < r.end).and_then(|r| attached(periods, r.at))));
        let free_before = free.iter().filter(|p| p.end <= m.start && p.start >= gov).max_by_key(|p| p.end).copied();
        let free_any = free.iter().filter(|p| p.end <= m.start).max_by_key(|p| p.end).or(free.iter().filter(|p| p.start >= m.end).min_by_key(|p| p.start)).copied();
        let since = (gov..cl.end).find_map(|k| at(s, W::PeriodSinceStart, k).map(|e| (k, e)));
        if let Some(p) = own_period.or(free_before).or(free_any) {
            reasons.push(format!("months {}-{}: {}", p.from, p.to, p.why));
            out.months = Some((p.from, p.to));
        } else if let Some((k, e)) = since {
            // "since the beginning of the year": to the month of writing, if known
            match anchor(ctx_date, st, s, k, years).and_then(|(_, mo, _)| mo) {
                Some(mo) => {
                    out.months = Some((1, mo));
                    reasons.push(format!("months 1-{mo}: '{}' to the month of writing", a.text(k, e)));
                }
                None => {
                    out.months = None;
                    reasons.push(format!("months -: '{}' with no month of writing", a.text(k, e)));
                }
            }
        } else if let Some(r) = rel_used.filter(|r| r.offset == -1) {
            // "in the same period of last year": the months of the period carried on
            let same = ending(s, W::PeriodSamePeriod, r.at, r.at.saturating_sub(3)).is_some() || ending(s, W::PeriodSamePeriod, r.at.saturating_sub(1), r.at.saturating_sub(4)).is_some();
            match (same, st.paragraph.and_then(|p| p.1)) {
                (true, Some(ms)) => {
                    out.months = Some(ms);
                    reasons.push(format!("months {}-{}: the same period as stated before", ms.0, ms.1));
                }
                _ => out.months = Some((1, 12)),
            }
        } else {
            out.months = Some((1, 12));
        }
    }

    // a figure compared with (FACTS.md: each figure has its own period): "compared
    // with 6.1 bn in January 2006", "from $40.3 million last year", "increased by
    // 40% (from 1.4 to 1.95 billion)", "the corresponding quarter of 2022 (N5.9 trillion)"
    if m.kind == Kind::Money {
        let same_before = |at: usize| ending(s, W::PeriodSamePeriod, at, at.saturating_sub(4)).is_some() || (at > s.lo + 1 && ending(s, W::PeriodSamePeriod, at - 1, at.saturating_sub(5)).is_some());
        let main_months = out.months;
        let bracketed = (m.start >= s.lo + 2 && s.is(m.start - 1, "(")).then(|| years.iter().find(|y| y.at == m.start - 2)).flatten();
        let own_year = years.iter().find(|y| y.of_figure == Some(m.start)).or(bracketed);
        let own_rel = rels.iter().find(|r| r.of_figure == Some(m.start));
        // "from $168 million in the second quarter of 2022 to $149 million": the 'from' figure's
        // period is the one compared with, not the text's
        if ms.iter().any(|o| years.iter().any(|y| dates_from_figure(s, m, o, y))) {
            out.compared = true;
        }
        if let Some(y) = own_year {
            out.year = Some(y.year);
            out.carried = false;
            out.months = attached(periods, y.at).map(|p| (p.from, p.to)).or(if same_before(y.at) { main_months } else { Some((1, 12)) });
            out.compared = true;
            reasons.push(format!("year={}: the period of the figure compared with", y.year));
        } else if let (Some(r), Some(y)) = (own_rel, out.year) {
            let b = r.bracket.unwrap_or(y + r.offset);
            out.year = Some(b);
            out.compared = true;
            reasons.push(format!("year={b}: '{}' of the figure compared with", a.text(r.at, r.end)));
        } else if let (Some(_), Some(y)) = (comparison_figure(s, m), out.year) {
            let to_next = ms.iter().any(|o| o.start > m.end && o.start > s.lo && at(s, W::RoleTo, o.start - 1).is_some() && o.start - m.end <= 2);
            let to_before = ms.iter().any(|o| o.end <= m.start && m.start - o.end <= 2 && o.start > s.lo && at(s, W::RoleTo, o.start - 1).is_some());
            let months_after = free.iter().find(|p| p.start >= m.end && p.start - m.end <= 2 && !years.iter().any(|z| z.at == p.end));
            let base_year = years.iter().filter(|z| z.base).min_by_key(|z| z.at.abs_diff(m.start)).map(|z| z.year);
            let base_rel = rels.iter().any(|r| r.base && r.offset == -1);
            if let Some(p) = months_after {
                // "the price rose to $5.13 in June from $4.64 in March": the same year
                out.months = Some((p.from, p.to));
                reasons.push(format!("months {}-{}: {} of the figure compared with", p.from, p.to, p.why));
            } else if year_pos.is_none_or(|p| p < m.start) && year_pos != Some(m.start) && (base_year.is_some() || base_rel || to_next || to_before) {
                let b = base_year.filter(|&b| b < y).unwrap_or(y - 1);
                out.year = Some(b);
                out.compared = true;
                reasons.push(format!("year={b}: the figure compared with is the base period's"));
            }
        }
    }

    // base year
    if m.kind == Kind::Growth {
        let base_mention = years.iter().filter(|y| y.base).min_by_key(|y| y.at.abs_diff(m.start));
        let rel_base = rels.iter().find(|r| r.base && r.offset == -1);
        if let Some(b) = base_stated {
            out.base_year = Some(b);
        } else if let Some(b) = base_mention {
            out.base_year = Some(b.year);
            reasons.push(format!("base_year={}: comparison year stated", b.year));
        } else if let (Some(r), Some(y)) = (rel_base, out.year) {
            out.base_year = Some(r.bracket.unwrap_or(y - 1));
            reasons.push(format!("base_year={}: '{}'", r.bracket.unwrap_or(y - 1), a.text(r.at, r.end)));
        } else if let Some(f) = span_from {
            out.base_year = Some(f);
            reasons.push(format!("base_year={f}: the start of the span"));
        } else if let Some(y) = out.year {
            out.base_year = Some(y - 1);
            reasons.push(format!("base_year={}: the year before", y - 1));
        }
        if let (Some(b), Some(y)) = (out.base_year, out.year) {
            if b >= y {
                out.base_year = Some(y - 1);
            }
        }
    }
    out
}

/// What a sentence leaves for the next ones: its period and event dates.
/// What a sentence that names no period leaves: the carried state ages by one sentence.
pub fn observe_nothing(st: &mut PeriodState) {
    st.event = st.event.map(|(ago, y, m)| (ago + 1, y, m));
    st.age += 1;
}

pub fn observe(st: &mut PeriodState, s: &Sent, years: &[YearMention], rels: &[RelYear], periods: &[Period], linked: &[PeriodLinks], ctx_date: Option<(i32, Option<u8>)>) {
    st.event = st.event.map(|(ago, y, m)| (ago + 1, y, m));
    st.age += 1;
    // the period stated here: a linked figure's, else the last year named (not a base)
    // (a target's "by 2025" is no period of the text, unless the text has given none yet:
    // "the target for 2022 is likely to be achieved ... in May")
    let known = st.paragraph.is_some() || st.before.is_some() || st.current_year.is_some() || ctx_date.is_some();
    let stated = linked.iter().rev().find(|l| l.year.is_some() && !l.carried && !l.compared && !(l.goal && known)).map(|l| (l.year.expect("checked"), l.months));
    let aimed: Vec<i32> = if known { linked.iter().filter(|l| l.goal).filter_map(|l| l.year).collect() } else { Vec::new() };
    // (a year named without its months is the whole year; a period named alone is of that year)
    let months_of = |pos: usize| attached(periods, pos).map(|p| (p.from, p.to)).or_else(|| periods.iter().find(|p| p.end <= pos).map(|p| (p.from, p.to))).or(Some((1, 12)));
    // (nor is the period of a figure compared with: "from $168 million in the second quarter of 2022 to ...")
    let compared: Vec<i32> = linked.iter().filter(|l| l.compared).filter_map(|l| l.year).collect();
    let named = years.iter().rev().find(|y| !y.base && y.span_from.is_none() && y.span_to.is_none() && !aimed.contains(&y.year) && !compared.contains(&y.year)).map(|y| (y.year, months_of(y.at)));
    let rel = rels.iter().rev().find(|r| !r.base).and_then(|r| {
        let y = r.bracket.or_else(|| anchor(ctx_date, st, s, r.at, years).map(|(y, _, _)| y + r.offset))?;
        Some((y, months_of(r.at)))
    });
    if let Some(p) = stated.or(named).or(rel) {
        st.paragraph = Some(p);
        st.age = 0;
    } else if let Some((y, _)) = st.paragraph.or(st.before.filter(|_| st.age <= CARRY_PERIOD)) {
        // a part of the carried year named alone ("In May, exports were worth ... Imports
        // during the month totalled ..."): the paragraph's period from here on
        if let Some(p) = periods.iter().rev().find(|p| !bound(p, years, rels) && !(p.from == 1 && p.to == 12)) {
            st.paragraph = Some((y, Some((p.from, p.to))));
            st.age = 0;
        }
    }
    // the part of a year stated: the year of writing ("in the five months of 2023 ... this year")
    for y in years.iter().filter(|y| !y.base) {
        if let Some(p) = attached(periods, y.at).filter(|p| !(p.from == 1 && p.to == 12)) {
            st.current_year = Some((y.year, Some(p.to)));
        }
    }
    // the date of an event: "in June 2024", or a year named with an exhibition, fair or forum
    let event_noun = !years.is_empty() && (s.lo..s.hi).any(|k| at(s, W::PeriodEvents, k).is_some());
    for y in years.iter().filter(|y| !y.base && y.span_from.is_none() && y.span_to.is_none()) {
        match attached(periods, y.at).filter(|p| p.from == p.to) {
            Some(p) => st.event = Some((0, y.year, Some((p.from, p.to)))),
            None if event_noun => st.event = Some((0, y.year, None)),
            None => {}
        }
    }
}
