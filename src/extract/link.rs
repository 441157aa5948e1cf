//! Linkers: attach to each figure what it measures.
//!
//! - partner: countries, demonyms, capitals, provinces and groups named in the
//!   sentence (nearest to the figure wins), else the partner carried from the
//!   preceding sentences ("the two countries", bare figures);
//! - reporter: the pipeline's default unless the sentence makes another side
//!   the subject (`the EAEU's trade with`, `Vietnam's exports to Belarus`);
//! - indicator: the nearest cue word; commodity-exchange wording wins;
//! - year: the nearest stated year that is not a comparison base, editors'
//!   brackets (`this [2023] year`), `last year` against the document's date;
//! - months: `first half`, `10 months`, `January-September`, `Q1`, `in April`;
//! - base_year (growth): `compared to 2023`, `from 2015 to 2021`, year-on-year.
//!
//! Every choice carries its reason, which `explain` prints.

use crate::fact::{Indicator, Scope, Status};
use crate::lexicon::lexicon;
use crate::tokenize::TokKind;

use super::{Kind, Match, Sent};

/// What a linker knows of the whole document.
#[derive(Debug, Clone, Default)]
pub struct DocContext {
    /// The year and month the document was written, if known.
    pub date: Option<(i32, Option<u8>)>,
    /// The default reporter (pipeline config), e.g. "BLR".
    pub reporter: String,
}

/// The attributes linked to one figure, with the reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct Links {
    pub indicator: Indicator,
    pub reporter: String,
    pub partner: Option<String>,
    pub year: Option<i32>,
    pub month_from: Option<u8>,
    pub month_to: Option<u8>,
    pub base_year: Option<i32>,
    pub scope: Scope,
    pub status: Status,
    pub reasons: Vec<String>,
}

/// Carry-over state across the sentences of one document.
/// An event's date carried on: (sentence, year, months if named).
type Event = (usize, i32, Option<(u8, u8)>);

#[derive(Debug, Default)]
pub struct Linker {
    pub ctx: DocContext,
    sentence_no: usize,
    last_partner: Option<(usize, String, String)>,
    last_year: Option<(usize, i32)>,
    last_indicator: Option<(usize, &'static str)>,
    exchange_context: Option<usize>,
    last_months: Option<(u8, u8)>,
    /// The last "<Month> <year>" date: (sentence, year, months).
    last_event: Option<Event>,
}

/// How many sentences a partner, year or indicator is carried forward.
/// The longest reach of anything carried from sentence to sentence.
pub const CARRY_WINDOW: usize = {
    let w = [CARRY_PARTNER, CARRY_YEAR, CARRY_EVENT, CARRY_INDICATOR, CARRY_EXCHANGE];
    let mut max = 0;
    let mut i = 0;
    while i < w.len() {
        if w[i] > max {
            max = w[i];
        }
        i += 1;
    }
    max
};
const CARRY_PARTNER: usize = 6;
const CARRY_YEAR: usize = 3;
/// Contracts are signed at an event: its date ("in June 2024, at the fair") holds for longer.
const CARRY_EVENT: usize = 8;
/// Words that name an event at which contracts are signed.
const EVENT_NOUNS: [&str; 10] = ["exhibition", "fair", "forum", "expo", "visit", "summit", "session", "conference", "meeting", "show"];
const CARRY_INDICATOR: usize = 1;
/// How long a commodity-exchange topic colours weak cues ("sold", "bought").
const CARRY_EXCHANGE: usize = 4;
/// Cues that name a sale but not its channel.
const WEAK_CUES: [&str; 8] = ["sold", "sale", "sales", "purchased", "purchases", "bought", "turnover", "buying"];
/// How far after a figure a partner named later in the sentence still counts.
const AFTER_WINDOW: usize = 10;

#[derive(Debug, Clone)]
struct Mention {
    at: usize,
    end: usize,
    code: &'static str,
}

/// Partner mentions of a sentence, outside its figures ("Uzbek soums",
/// "Russian rubles" name currencies). "This Central Asian country" points
/// back to a country named before, so a group adjective before a singular
/// "country" is no mention of the group.
fn partner_mentions(s: &Sent, figures: &[Match]) -> Vec<Mention> {
    scan(s, crate::tokenize::FLAG_PARTNER, &lexicon().partners)
        .into_iter()
        .filter(|&(at, end, (_, group))| {
            let in_figure = figures.iter().any(|m| at < m.end && end > m.start);
            let anaphora = group && s.is_any(end, &["country", "state", "republic", "partner"]);
            !in_figure && !anaphora
        })
        .map(|(at, end, (code, _))| Mention { at, end, code })
        .collect()
}

/// The phrases of `set` in a sentence, left to right, not overlapping; only
/// tokens carrying `flag` (first words of the set's phrases) are looked up.
fn scan<T: Clone>(s: &Sent, flag: u8, set: &crate::lexicon::PhraseSet<T>) -> Vec<(usize, usize, T)> {
    let mut out = Vec::new();
    let mut i = s.lo;
    while i < s.hi {
        if s.toks[i].flags & flag != 0 {
            if let Some((e, v)) = set.match_at(s.toks, s.text, i, s.hi) {
                out.push((i, e, v));
                i = e;
                continue;
            }
        }
        i += 1;
    }
    out
}

fn year_at(s: &Sent, i: usize) -> Option<i32> {
    let t = s.tok(i)?;
    if t.kind != TokKind::Num || t.span.len() != 4 {
        return None;
    }
    let y: i32 = s.text_of(i).parse().ok()?;
    if !(1990..=2050).contains(&y) {
        return None;
    }
    // part of a larger numeral (1,2024) or a money/percent figure
    if i > s.lo && s.toks[i - 1].kind == TokKind::Punct && !s.toks[i].space_before && s.is_any(i - 1, &[",", "."]) {
        return None;
    }
    if s.is_any(i + 1, &["%", "percent", "tonnes", "tons", "units", "companies", "dollars"]) {
        return None;
    }
    Some(y)
}

#[derive(Debug, Clone, Copy)]
struct YearMention {
    at: usize,
    year: i32,
    base: bool,
    /// Closing year of a span `2016-2021` / `from 2015 to 2021`: its start.
    span_from: Option<i32>,
    /// Opening year of a span: its end.
    span_to: Option<i32>,
}

/// Words that make the next year a comparison base ("compared to the first half of 2020").
const COMPARE: [&str; 11] = ["compared", "than", "versus", "vs", "relative", "against", "comparison", "since", "same", "corresponding", "level"];

fn is_base_year(s: &Sent, i: usize) -> bool {
    // "year-on-year [2020]", "the same period last year [2023]", "of the 2020 level", "by 2020" after a percent
    if i > s.lo && s.is(i - 1, "[") {
        let k = i - 1;
        if k > s.lo + 1 && s.is(k - 1, "year") && (s.is_any(k - 2, &["last", "previous", "past"]) || s.is(k - 2, "-") || s.is(k - 2, "on")) {
            return (s.lo..k).any(|j| s.is_any(j, &COMPARE) || s.is_any(j, &["same", "corresponding", "on"]));
        }
    }
    if i > s.lo + 1 && s.is(i - 1, "the") && s.is(i + 1, "level") {
        return true;
    }
    if i > s.lo + 1 && s.is(i - 1, "by") && s.is_any(i - 2, &["%", "cent", "percent"]) {
        return true;
    }
    // a comparison word within the few tokens before, with no other year or clause break between
    let floor = i.saturating_sub(8).max(s.lo);
    let mut k = i;
    while k > floor {
        k -= 1;
        if s.is_any(k, &[",", ";", ":"]) || year_at(s, k).is_some() {
            return false;
        }
        if s.is_any(k, &COMPARE) || (s.is(k, "over") && k + 1 == i) {
            return true;
        }
    }
    false
}

fn year_mentions(s: &Sent) -> Vec<YearMention> {
    let mut out: Vec<YearMention> = Vec::new();
    for i in s.lo..s.hi {
        let Some(y) = year_at(s, i) else { continue };
        let base = is_base_year(s, i);
        // "2016-2021", "from 2015 to 2021": the earlier year is the span's start
        let mut span_from = None;
        if i > s.lo + 1 && (s.is_dash(i - 1) || s.is(i - 1, "to")) {
            if let Some(y0) = year_at(s, i - 2) {
                if y0 < y {
                    span_from = Some(y0);
                    if let Some(last) = out.last_mut() {
                        if last.at == i - 2 {
                            last.span_to = Some(y);
                        }
                    }
                }
            }
        }
        out.push(YearMention { at: i, year: y, base, span_from, span_to: None });
    }
    out
}

/// `this [2023] year`, `last year [2021]`, `this year`, `last year`.
fn relative_year(s: &Sent, ctx: &DocContext) -> Option<(usize, i32, String)> {
    if !(s.lo..s.hi).any(|i| s.is(i, "year")) {
        return None;
    }
    for i in s.lo..s.hi {
        if s.is(i, "[") {
            if let Some(y) = year_at(s, i + 1).filter(|_| !is_base_year(s, i + 1)) {
                if s.is(i + 2, "]") {
                    return Some((i, y, format!("editors' bracket [{y}]")));
                }
            }
        }
    }
    for i in s.lo..s.hi {
        if s.is(i + 1, "year") && !s.is(i + 2, "[") {
            let w = s.lower(i).unwrap_or_default();
            // "In February 2022, summing up the results of the past year": the
            // sentence's own date anchors it; else the document's date.
            let anchor = (s.lo..i).rev().find_map(|k| year_at(s, k).filter(|_| !is_base_year(s, k)));
            let Some(dy) = anchor.or(ctx.date.map(|d| d.0)) else { continue };
            let y = match &*w {
                "this" | "current" => dy,
                "last" | "previous" | "past" if !(i > s.lo && s.is(i - 1, "the") && s.is_any(i + 2, &["of", "s"])) => dy - 1,
                _ => continue,
            };
            let whose = if anchor.is_some() { "the sentence's date" } else { "the document date" };
            return Some((i, y, format!("'{w} year' against {whose} {dy}")));
        }
    }
    None
}

fn month_word(s: &Sent, i: usize) -> Option<u8> {
    let w = s.lower(i)?;
    if !s.text_of(i).starts_with(char::is_uppercase) {
        return None;
    }
    let m = *lexicon().months.get(&*w)?;
    // "May" alone is too often the verb: only with a year, a range or "in"
    if m == 5 && !(year_at(s, i + 1).is_some() || s.is_dash(i + 1) || (i > s.lo && s.is_dash(i - 1))) {
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
struct Period {
    start: usize,
    end: usize,
    from: u8,
    to: u8,
    why: String,
}

/// Every part-of-year phrase of a sentence.
fn periods(s: &Sent) -> Vec<Period> {
    let mut out = Vec::new();
    let mut i = s.lo;
    while i < s.hi {
        // a period starts with a digit, a month or a count word
        if s.toks[i].flags & crate::tokenize::FLAG_PERIOD == 0 {
            i += 1;
            continue;
        }
        let mut push = |start: usize, end: usize, from: u8, to: u8, why: String| {
            out.push(Period { start, end, from, to, why });
            end
        };
        // the named phrases begin with a word ("first half", "H1"); a numeral only counts ("10 months")
        let word = s.toks[i].kind == TokKind::Word;
        let w = if word { s.lower(i).unwrap_or_default() } else { Default::default() };
        let next = if word { s.lower(i + 1).unwrap_or_default() } else { Default::default() };
        let found = match (&*w, &*next) {
            ("first", "half") => Some(push(i, i + 2, 1, 6, "'first half'".into())),
            ("second", "half") => Some(push(i, i + 2, 7, 12, "'second half'".into())),
            ("first", "quarter") => Some(push(i, i + 2, 1, 3, "'first quarter'".into())),
            ("h1", _) => Some(push(i, i + 1, 1, 6, "'H1'".into())),
            ("q1", _) => Some(push(i, i + 1, 1, 3, "'Q1'".into())),
            ("half", "year") => Some(push(i, i + 2, 1, 6, "'half year'".into())),
            ("half", "-") if s.is(i + 2, "year") => Some(push(i, i + 3, 1, 6, "'half-year'".into())),
            _ => None,
        };
        if let Some(e) = found {
            i = e;
            continue;
        }
        if let Some(n) = count_word(s, i) {
            if s.is_any(i + 1, &["months", "month"]) && !(i > s.lo && s.is_any(i - 1, &["last", "past", "next"])) {
                i = push(i, i + 2, 1, n, format!("'{n} months'"));
                continue;
            }
            if s.is(i + 1, "quarters") && n <= 4 {
                i = push(i, i + 2, 1, n * 3, format!("'{n} quarters'"));
                continue;
            }
        }
        if let Some(a) = month_word(s, i) {
            // January-September, from January to October
            if (s.is_dash(i + 1) || s.is(i + 1, "to")) && month_word(s, i + 2).is_some_and(|b| b >= a) {
                let b = month_word(s, i + 2).expect("checked");
                i = push(i, i + 3, a, b, format!("months {a}-{b}"));
                continue;
            }
            let prev_in = i > s.lo && s.is_any(i - 1, &["in", "of", "during"]);
            if prev_in && !(i > s.lo + 1 && s.is(i - 1, "of") && s.is_any(i - 2, &["beginning", "end", "start"])) {
                i = push(i, i + 1, a, a, format!("'in {}'", s.text_of(i)));
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The period written right before the year at `pos` ("first half of 2021",
/// "January-September 2024", "10 months of this [2023] year").
fn attached(periods: &[Period], pos: usize) -> Option<&Period> {
    periods.iter().filter(|p| p.end <= pos && pos - p.end <= 3).max_by_key(|p| p.end)
}

/// "last year", "this year" in a sentence (none of them resolved).
/// ("compared to the same period last year" names the base, not the figure's year.)
fn unresolved_relative(s: &Sent) -> bool {
    (s.lo..s.hi).any(|i| {
        s.is_any(i, &["last", "this", "current", "past", "previous"])
            && s.is(i + 1, "year")
            && !s.is(i + 2, "[")
            && !(i > s.lo && s.is(i - 1, "the") && s.is(i + 2, "s"))
            && !(i.saturating_sub(6).max(s.lo)..i).any(|k| s.is_any(k, &COMPARE) || s.is(k, "period"))
    })
}

/// "over the entire period", "over the years": a sum over many years.
fn cumulative(s: &Sent, before: usize) -> bool {
    (s.lo..before).any(|k| {
        (s.is_any(k, &["entire", "whole"]) && s.is(k + 1, "period"))
            || (s.is(k, "over") && s.is(k + 1, "the") && s.is_any(k + 2, &["years", "decades"]))
            || (s.is(k, "period") && s.is(k + 1, "of") && s.is_any(k + 2, &["cooperation", "operation", "work"]))
            || (s.is(k, "in") && s.is(k + 1, "total") && s.is(k + 2, "since"))
    })
}

/// Plans, targets and potentials: their figures have no year of their own
/// unless one is stated with them.
const GOAL: [&str; 15] = [
    "plan", "plans", "planned", "intend", "intends", "goal", "target", "task", "aim", "aims", "potential", "opportunity", "possible", "order", "expected",
];

fn is_goal(s: &Sent, before: usize) -> bool {
    (s.lo..before).any(|k| s.is_any(k, &GOAL) && !(k + 1 < s.hi && s.is(k + 1, "year")))
}

/// The indicator cues of a sentence: (token, end, indicator).
fn indicator_cues(s: &Sent) -> Vec<(usize, usize, &'static str)> {
    scan(s, crate::tokenize::FLAG_CUE, &lexicon().indicators)
}

impl Linker {
    pub fn new(ctx: DocContext) -> Self {
        Linker { ctx, ..Default::default() }
    }

    /// Links every match of one sentence, then advances the carry-over state.
    pub fn link_sentence(&mut self, s: &Sent, ms: &[Match]) -> Vec<Links> {
        let n = self.next_number();
        self.link_sentence_as(n, s, ms)
    }

    /// Numbers the next sentence (see [`Linker::link_sentence_as`]).
    pub fn next_number(&mut self) -> usize {
        let n = self.sentence_no;
        self.sentence_no += 1;
        n
    }

    /// [`Linker::link_sentence`] for the sentence numbered `n`. A sentence
    /// with no figure only writes the carry-over state (it reads none of it),
    /// and every carried value is used only within [`CARRY_WINDOW`] sentences
    /// of the one that set it: so a caller may link such sentences late, just
    /// before the next sentence with figures, and pass over those further back.
    pub fn link_sentence_as(&mut self, n: usize, s: &Sent, ms: &[Match]) -> Vec<Links> {
        // A new paragraph (or heading) starts afresh for the year; the partner,
        // the topic of a section, carries on.
        if s.lo > 0 && s.toks[s.lo - 1].kind == TokKind::Break {
            self.last_year = None;
            self.last_indicator = None;
        }
        let mentions = partner_mentions(s, ms);
        let years = year_mentions(s);
        let rel = relative_year(s, &self.ctx);
        // A sentence with no figure only passes its year and months on: its
        // parts of years matter only next to a year.
        let periods = if ms.is_empty() && years.is_empty() && rel.is_none() { Vec::new() } else { periods(s) };
        let bound = |p: &Period| years.iter().any(|y| p.end <= y.at && y.at - p.end <= 3) || rel.as_ref().is_some_and(|r| p.end <= r.0 && r.0 - p.end <= 3);
        let free: Vec<&Period> = periods.iter().filter(|p| !bound(p)).collect();
        let cues = indicator_cues(s);
        let default_rep: &str = &self.ctx.reporter;
        let has_default = mentions.iter().any(|m| m.code == default_rep);
        let has_eaeu = mentions.iter().any(|m| m.code == "EAEU");
        let mut out = Vec::with_capacity(ms.len());
        for m in ms {
            let mut reasons = Vec::new();
            // reporter and partner
            let mut reporter = default_rep.to_string();
            let mut subject: Option<&Mention> = None;
            for (k, x) in mentions.iter().enumerate() {
                // "<country>'s exports", "<country> with the EAEU"
                let possessive = s.is_any(x.end, &["'", "’"]) && s.is(x.end + 1, "s") && x.code != default_rep;
                let with_group = mentions.get(k + 1).is_some_and(|y| y.code == "EAEU" && (x.end..y.at).any(|j| s.is(j, "with")) && y.at - x.end <= 3);
                if (possessive && !mentions.iter().any(|y| y.code == "EAEU")) || (with_group && x.code != default_rep) {
                    subject = Some(x);
                    break;
                }
            }
            if let Some(x) = subject {
                reporter = x.code.to_string();
                reasons.push(format!("reporter={}: '{}' is the subject", x.code, &s.text[s.span(x.at, x.end).range()]));
            } else if has_eaeu && !has_default {
                reporter = "EAEU".into();
                reasons.push("reporter=EAEU: the EAEU named, the default reporter not".into());
            }
            // A mention inside the figure ("Uzbek soums") names its currency, not its partner.
            let candidates: Vec<&Mention> = mentions
                .iter()
                .filter(|x| {
                    x.code != reporter
                        && x.code != default_rep
                        && (x.end <= m.start || (x.at >= m.end && x.at - m.end <= AFTER_WINDOW && !(m.end..x.at).any(|k| s.is_any(k, &[",", ";"]))))
                })
                .collect();
            let nearest = candidates.iter().min_by_key(|x| if x.end <= m.start { (0, m.start - x.end) } else { (1, x.at - m.end) });
            let mut partner = match nearest {
                Some(x) => {
                    reasons.push(format!("partner={}: '{}' in the sentence", x.code, &s.text[s.span(x.at, x.end).range()]));
                    Some(x.code.to_string())
                }
                None => None,
            };
            let whole = (s.lo..m.start).rev().take(12).any(|k| s.is(k, "as") && s.is(k + 1, "a") && s.is(k + 2, "whole"));
            if whole && (partner.is_none() || nearest.is_some_and(|x| x.end <= m.start && (x.end..m.start).any(|k| s.is(k, "whole")))) {
                partner = Some("WLD".into());
                reasons.push("partner=WLD: 'as a whole'".into());
            }
            // "residents from 13 countries", "buyers from various countries": many partners, none to carry
            let many = (s.lo + 1..s.hi).any(|k| s.is(k, "countries") && (s.tok(k - 1).is_some_and(|t| t.kind == TokKind::Num) || s.is_any(k - 1, &["various", "many", "different", "several", "numerous"])))
                || (s.lo..s.hi).any(|k| s.is(k, "foreign") && s.is_any(k + 1, &["exhibitions", "fairs", "markets"]));
            if partner.is_none() && many {
                reasons.push("partner=-: many countries spoken of".into());
            }
            if partner.is_none() && !many {
                if let Some((at, p, rep)) = &self.last_partner {
                    if n - at <= CARRY_PARTNER && (subject.is_none() || *rep == reporter) {
                        partner = Some(p.clone());
                        if !has_eaeu && !has_default && rep.as_str() != default_rep {
                            reporter = rep.clone();
                        }
                        reasons.push(format!("partner={p}: carried from {} sentence(s) before", n - at));
                    }
                }
            }
            if partner.is_none() && (0..s.hi - s.lo).any(|k| s.is(s.lo + k, "foreign") && s.is(s.lo + k + 1, "trade")) {
                partner = Some("WLD".into());
                reasons.push("partner=WLD: 'foreign trade' with no partner named".into());
            }
            if partner.is_none() && subject.is_some() {
                partner = Some("WLD".into());
                reasons.push("partner=WLD: the subject's own total".into());
            }

            // the side carried on: "exports of goods to Iran increased" after a sentence on EAEU-Iran trade
            if subject.is_none() && !has_eaeu && !has_default {
                if let (Some(p), Some((at, lp, rep))) = (&partner, &self.last_partner) {
                    if p == lp && rep != &reporter && n - at <= CARRY_PARTNER {
                        reporter = rep.clone();
                        reasons.push(format!("reporter={rep}: carried with the partner"));
                    }
                }
            }

            // indicator
            let exchange = cues.iter().find(|c| c.2 == "exchange_trade");
            let exchange_carried = exchange.is_none();
            let carried_ind = self.last_indicator.filter(|(at, _)| n - at <= CARRY_INDICATOR).map(|(_, i)| i);
            let before_cue = cues.iter().filter(|c| c.1 <= m.start).max_by_key(|c| c.1);
            let after_cue = cues.iter().filter(|c| c.0 >= m.end).min_by_key(|c| c.0);
            // a cue after the figure ("it amounted to $1.09 billion, exports to ...") yields to the topic carried on
            let close_after = after_cue.filter(|c| c.0 - m.end <= 4);
            let nearest_cue = before_cue.or(if carried_ind.is_some() { close_after } else { after_cue });
            // a balance, surplus or deficit right before the figure is what it measures
            let nearest_cue = cues
                .iter()
                .filter(|c| c.2 == "other" && c.1 <= m.start && m.start - c.1 <= 8)
                .find(|c| ["balance", "surplus", "deficit"].iter().any(|w| s.text[s.span(c.0, c.1).range()].eq_ignore_ascii_case(w)))
                .or(nearest_cue);
            let weak = nearest_cue.is_some_and(|c| WEAK_CUES.iter().any(|w| s.text[s.span(c.0, c.1).range()].eq_ignore_ascii_case(w)));
            let exchange = exchange.or(if weak && self.exchange_context.is_some_and(|at| n - at <= CARRY_EXCHANGE) { cues.first() } else { None });
            // A contract's value is not a trade flow: contract wording before the
            // figure wins over the supplies it is for.
            let contract = cues
                .iter()
                .filter(|c| c.2 == "contracts" && c.1 <= m.start && m.start - c.1 <= 25)
                .max_by_key(|c| c.1)
                .filter(|c| !cues.iter().any(|d| d.2 == "turnover" && d.0 >= c.1 && d.1 <= m.start));
            let indicator = match (exchange, nearest_cue) {
                (Some(c), Some(nc)) if matches!(nc.2, "turnover" | "exports" | "imports" | "exchange_trade" | "contracts") => {
                    if exchange_carried {
                        reasons.push("indicator=exchange_trade: a sale on the exchange spoken of just before".into());
                    } else {
                        reasons.push(format!("indicator=exchange_trade: '{}' (commodity exchange) in the sentence", &s.text[s.span(c.0, c.1).range()]));
                    }
                    "exchange_trade"
                }
                (_, Some(nc)) if contract.is_some() && matches!(nc.2, "exports" | "imports" | "turnover") => {
                    let c = contract.expect("checked");
                    reasons.push(format!("indicator=contracts: '{}' before the figure", &s.text[s.span(c.0, c.1).range()]));
                    "contracts"
                }
                (_, Some(c)) => {
                    reasons.push(format!("indicator={}: nearest cue '{}'", c.2, &s.text[s.span(c.0, c.1).range()]));
                    c.2
                }
                (Some(c), None) => {
                    reasons.push(format!("indicator=exchange_trade: '{}'", &s.text[s.span(c.0, c.1).range()]));
                    "exchange_trade"
                }
                (None, None) => match carried_ind {
                    Some(ind) => {
                        reasons.push(format!("indicator={ind}: carried from the sentence before"));
                        ind
                    }
                    _ => {
                        reasons.push("indicator=other: no cue".into());
                        "other"
                    }
                },
            };

            // year and base year
            let own: Vec<&YearMention> = years.iter().filter(|y| !y.base && !(m.start..m.end).contains(&y.at)).collect();
            let after = own.iter().filter(|y| y.at >= m.end && y.at - m.end <= 3 && s.is_any(y.at - 1, &["in", "of", "for"])).min_by_key(|y| y.at);
            let before = own.iter().filter(|y| y.at < m.start).max_by_key(|y| y.at);
            let later = own.iter().filter(|y| y.at >= m.end).min_by_key(|y| y.at);
            let goal = is_goal(s, m.start);
            // where the year was read: a token of this sentence, or carried
            let mut year_pos: Option<usize> = None;
            let mut year_carried = false;
            let mut year = None;
            let mut span_from = None;
            let mut base_stated = None;
            // "from $2.4bn in 2019 to $5.2bn in 2023": a change runs to the last year
            let from_to: Vec<&&YearMention> = own.iter().filter(|y| y.at >= m.end).collect();
            let from_at = (m.end..s.hi).find(|&k| s.is(k, "from"));
            if m.kind == Kind::Growth && from_to.len() >= 2 && from_at.is_some_and(|f| f < from_to[0].at) {
                year = Some(from_to[from_to.len() - 1].year);
                base_stated = Some(from_to[0].year);
                reasons.push(format!("year={}: the end of 'from .. to ..'", year.unwrap_or_default()));
            } else if let (true, Some(y)) = (goal, own.iter().filter(|y| y.at >= m.end && y.at - m.end <= 6 && s.is_any(y.at - 1, &["by", "until", "in"])).min_by_key(|y| y.at)) {
                year = Some(y.year);
                year_pos = Some(y.at);
                reasons.push(format!("year={}: stated with the target", y.year));
            } else if goal {
                reasons.push("year=-: a plan or target with no year of its own".into());
            } else if let Some(y) = after.or(before).or(later) {
                // "in 2016-2021 ... from $4.5 billion to $11.6 billion": the start and the end of the span
                let span = years.iter().find(|z| z.span_to.is_some() && z.at < m.start).map(|z| (z.year, z.span_to.unwrap_or(z.year)));
                let preceded = |w: &str| m.start > s.lo && s.is(m.start - 1, w);
                match span {
                    Some((a, _)) if m.kind == Kind::Money && preceded("from") => {
                        year = Some(a);
                        year_pos = Some(m.start);
                        reasons.push(format!("year={a}: 'from' the start of the span"));
                    }
                    Some((_, b)) if m.kind == Kind::Money && preceded("to") => {
                        year = Some(b);
                        year_pos = Some(m.start);
                        reasons.push(format!("year={b}: 'to' the end of the span"));
                    }
                    // "in 2021-2022 ... projects totalling $21 billion": a sum over years has no one year
                    _ if m.kind == Kind::Money && y.span_from.is_some() => {
                        reasons.push(format!("year=-: a span of years {}-{}", y.span_from.unwrap_or_default(), y.year));
                    }
                    _ => {
                        year = Some(y.year);
                        year_pos = Some(y.at);
                        span_from = y.span_from;
                        reasons.push(format!("year={}: stated in the sentence", y.year));
                    }
                }
            } else if let Some((rat, y, why)) = &rel {
                year = Some(*y);
                year_pos = Some(*rat);
                reasons.push(format!("year={y}: {why}"));
            } else if unresolved_relative(s) {
                reasons.push("year=-: 'last year' or 'this year' with no date to count from".into());
            } else if cumulative(s, m.start) {
                reasons.push("year=-: a total over a period of years".into());
            } else if let Some((at, y)) = self.last_year {
                if n - at <= CARRY_YEAR {
                    year = Some(y);
                    year_carried = true;
                    reasons.push(format!("year={y}: carried from {} sentence(s) before", n - at));
                }
            }
            if let Some((rat, y, why)) = &rel {
                // an editors' bracket or a relative year before the figure beats an earlier date
                let stated_after_rel = before.is_some_and(|b| b.at > *rat) || after.is_some();
                if !goal && *rat < m.start && !stated_after_rel && year != Some(*y) && base_stated.is_none() {
                    year = Some(*y);
                    year_pos = Some(*rat);
                    year_carried = false;
                    reasons.push(format!("year={y}: {why}"));
                }
            }
            // "increased by 40% (from 1.4 to 1.95 billion)": the 'from' figure is the base period's
            let from_figure = m.kind == Kind::Money
                && m.start > s.lo
                && s.is(m.start - 1, "from")
                && ms.iter().any(|o| o.start > m.end && o.start > s.lo && s.is(o.start - 1, "to") && o.start - m.end <= 2);
            if from_figure && year_pos.is_none_or(|p| p < m.start) && year_pos != Some(m.start) {
                if let Some(y) = year {
                    let b = years.iter().filter(|y| y.base).map(|y| y.year).next().unwrap_or(y - 1);
                    year = Some(b);
                    reasons.push(format!("year={b}: the 'from' figure of a change is the base period's"));
                }
            }
            let mut event_date = false;
            let mut event_months = None;
            if year.is_none() && !goal && indicator == "contracts" {
                if let Some((at, y, ms)) = self.last_event.filter(|(at, _, _)| n - at <= CARRY_EVENT) {
                    year = Some(y);
                    event_date = true;
                    event_months = ms;
                    reasons.push(format!("year={y}: the date of the event {} sentence(s) before", n - at));
                }
            }
            let (mut month_from, mut month_to) = (None, None);
            if event_date {
                // the event's month, if it was named; else unknown
                month_from = event_months.map(|m| m.0);
                month_to = event_months.map(|m| m.1);
            } else if year.is_some() && !(goal && m.kind == Kind::Growth) {
                let own_period = year_pos.and_then(|p| attached(&periods, p));
                let free_period = free.iter().filter(|p| p.end <= m.start).max_by_key(|p| p.end).or(free.iter().filter(|p| p.start >= m.end).min_by_key(|p| p.start)).copied();
                let (a, b) = match (own_period.or(free_period), year_carried, self.last_months) {
                    (Some(p), _, _) => {
                        reasons.push(format!("months {}-{}: {}", p.from, p.to, p.why));
                        (p.from, p.to)
                    }
                    (None, true, Some((a, b))) => {
                        if (a, b) != (1, 12) {
                            reasons.push(format!("months {a}-{b}: carried with the year"));
                        }
                        (a, b)
                    }
                    _ => (1, 12),
                };
                month_from = Some(a);
                month_to = Some(b);
            }
            let mut base_year = None;
            if m.kind == Kind::Growth {
                if let Some(b) = base_stated {
                    base_year = Some(b);
                } else if let Some(b) = years.iter().filter(|y| y.base).min_by_key(|y| y.at.abs_diff(m.start)) {
                    base_year = Some(b.year);
                    reasons.push(format!("base_year={}: comparison year stated", b.year));
                } else if let Some(f) = span_from {
                    base_year = Some(f);
                } else if let Some(y) = year {
                    base_year = Some(y - 1);
                    reasons.push(format!("base_year={}: the year before", y - 1));
                }
                if let (Some(b), Some(y)) = (base_year, year) {
                    if b >= y {
                        base_year = Some(y - 1);
                    }
                }
            }
            let indicator = Indicator::parse(indicator).expect("indicator cue keys are validated at load");
            out.push(Links { indicator, reporter, partner, year, month_from, month_to, base_year, scope: Scope::Total, status: Status::Actual, reasons });
        }
        // carry-over
        let is_group = |c: &str| crate::lexicon::GROUPS.contains(&c);
        let last = mentions
            .iter()
            .rev()
            .find(|x| x.code != default_rep && !is_group(x.code))
            .or(mentions.iter().rev().find(|x| x.code != default_rep && x.code != "EAEU"))
            .or(mentions.iter().rev().find(|x| x.code != default_rep));
        if let Some(last) = last {
            let rep = if has_eaeu && !has_default && last.code != "EAEU" { "EAEU".to_string() } else { default_rep.to_string() };
            self.last_partner = Some((n, last.code.to_string(), rep));
        } else if let Some(l) = out.iter().rev().find(|l| l.partner.is_some()) {
            self.last_partner = Some((n, l.partner.clone().expect("checked"), l.reporter.clone()));
        }
        if let Some(l) = out.iter().rev().find(|l| l.year.is_some()) {
            self.last_year = Some((n, l.year.expect("checked")));
            self.last_months = l.month_from.zip(l.month_to);
        } else if let Some((rat, y, _)) = &rel {
            self.last_year = Some((n, *y));
            self.last_months = attached(&periods, *rat).map(|p| (p.from, p.to));
        } else if let Some(y) = years.iter().rev().find(|y| !y.base) {
            self.last_year = Some((n, y.year));
            self.last_months = attached(&periods, y.at).or(free.first().copied()).map(|p| (p.from, p.to));
        }
        // the date of an event: "in June 2024", or a year named with an exhibition, fair or forum
        let event_noun = !years.is_empty() && (s.lo..s.hi).any(|k| s.is_any(k, &EVENT_NOUNS));
        for y in years.iter().filter(|y| !y.base && y.span_from.is_none() && y.span_to.is_none()) {
            match attached(&periods, y.at).filter(|p| p.from == p.to) {
                Some(p) => self.last_event = Some((n, y.year, Some((p.from, p.to)))),
                None if event_noun => self.last_event = Some((n, y.year, None)),
                None => {}
            }
        }
        if out.iter().any(|l| l.indicator == Indicator::ExchangeTrade) || cues.iter().any(|c| c.2 == "exchange_trade") {
            self.exchange_context = Some(n);
        }
        if let Some(l) = out.last() {
            self.last_indicator = Some((n, l.indicator.as_str()));
        } else if let Some(c) = cues.last() {
            self.last_indicator = Some((n, c.2));
        }
        out
    }
}

/// The document's date from a dateline near its top (`15 February 2021`,
/// `February 15, 2021`): (year, month).
pub fn dateline(text: &str) -> Option<(i32, Option<u8>)> {
    let head: String = text.chars().take(600).collect();
    let toks = crate::tokenize::tokenize(&head);
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
            let year = s.tok(i + 4).filter(|t| t.span.len() == 4).and_then(|_| s.text_of(i + 4).parse::<i32>().ok()).filter(|y| (1990..=2050).contains(y));
            if let (Some(mo), Some(y)) = (num(i + 2, 2).filter(|m| (1..=12).contains(m)), year) {
                return Some((y, Some(mo)));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{recognize, with_sent};

    fn link(text: &str, date: Option<i32>) -> Vec<(String, Links)> {
        with_sent(text, |s| {
            let ms = recognize(s);
            let mut l = Linker::new(DocContext { date: date.map(|y| (y, None)), reporter: "BLR".into() });
            let links = l.link_sentence(s, &ms);
            ms.iter().map(|m| text[s.span(m.start, m.end).range()].to_string()).zip(links).collect()
        })
    }

    #[test]
    fn partner_indicator_year_months() {
        let got = link("In January-February 2022, Belarusian-Uzbek trade turnover amounted to $53.5 million", None);
        let l = &got[0].1;
        assert_eq!((l.partner.as_deref(), l.indicator.as_str(), l.year, l.month_from, l.month_to), (Some("UZB"), "turnover", Some(2022), Some(1), Some(2)));
    }

    #[test]
    fn eaeu_as_reporter_and_base_year() {
        let got = link("The trade turnover of the EAEU with Indonesia in 2021 increased by 41.5% to $3.7 billion compared to 2020.", None);
        assert_eq!(got.len(), 2);
        let g = &got[0].1;
        assert_eq!((g.reporter.as_str(), g.partner.as_deref(), g.year, g.base_year), ("EAEU", Some("IDN"), Some(2021), Some(2020)));
    }

    #[test]
    fn relative_years_and_brackets() {
        let got = link("In the first 10 months of this [2023] year, mutual trade turnover increased by 20% and exceeded $500 million.", None);
        assert_eq!(got[0].1.year, Some(2023));
        assert_eq!((got[0].1.month_from, got[0].1.month_to), (Some(1), Some(10)));
        let got = link("Last year alone, bilateral trade with China exceeded 8.5 billion dollars.", Some(2025));
        assert_eq!((got[0].1.year, got[0].1.partner.as_deref()), (Some(2024), Some("CHN")));
    }

    #[test]
    fn possessive_subject_is_reporter() {
        let got = link("Uzbekistan's imports of medicines are about $1.5 billion.", None);
        assert_eq!((got[0].1.reporter.as_str(), got[0].1.partner.as_deref(), got[0].1.indicator.as_str()), ("UZB", Some("WLD"), "imports"));
    }

    /// Links a whole text (several sentences), as the pipeline does.
    fn link_text(text: &str) -> Vec<(String, Links)> {
        let opts = crate::extract::document::ExtractOptions::default();
        let (aligned, _, found) = crate::extract::document::analyze(text, &opts);
        found.into_iter().map(|f| (aligned.text[f.span.range()].to_string(), f.links)).collect()
    }

    #[test]
    fn goals_have_no_year_unless_stated() {
        let got = link_text("In 2022 trade grew. Now the parties see a real opportunity to achieve mutual trade turnover of $500 million.");
        assert_eq!(got[0].1.year, None);
        let got = link_text("It is expected to increase exports to third countries by a quarter by 2025.");
        assert_eq!(got[0].1.year, Some(2025));
    }

    #[test]
    fn the_from_figure_of_a_change_is_the_base_period() {
        let got = link_text("In the first half of 2021, exports to Egypt increased by almost 40% (from 1.4 to 1.95 billion US dollars).");
        let years: Vec<_> = got.iter().map(|(m, l)| (m.as_str(), l.year, l.month_to)).collect();
        assert_eq!(years, [("40%", Some(2021), Some(6)), ("1.4", Some(2020), Some(6)), ("1.95 billion US dollars", Some(2021), Some(6))]);
    }

    #[test]
    fn contracts_take_the_date_of_their_event() {
        let got = link_text("In March 2023, the UzFood exhibition was held in Tashkent. Belarusian firms took part. Many visitors came. The plant signed a contract worth $500 thousand.");
        let l = &got[0].1;
        assert_eq!((l.indicator.as_str(), l.year, l.month_from, l.month_to, l.partner.as_deref()), ("contracts", Some(2023), Some(3), Some(3), Some("UZB")));
    }

    #[test]
    fn anaphora_and_many_countries() {
        let got = link_text("Belarus trades with Uzbekistan. Exports to this Central Asian country grew by 8%.");
        assert_eq!(got[0].1.partner.as_deref(), Some("UZB"));
        let got = link_text("Belarus trades with Uzbekistan. The park has residents from 13 countries with an investment volume of $1.5bn.");
        assert_eq!(got[0].1.partner, None);
    }

    #[test]
    fn exchange_topic_colours_sales() {
        let got = link_text("Sugar is sold on the BUTB commodity exchange to Mongolia. Almost 1.5 thousand tonnes were sold for more than $770 thousand.");
        assert_eq!(got[0].1.indicator.as_str(), "exchange_trade");
        let got = link_text("Belarus sold potash to Brazil for $770 million.");
        assert_eq!(got[0].1.indicator.as_str(), "exports");
    }

    #[test]
    fn as_a_whole_is_the_world() {
        let got = link_text("Trade with the UAE increased by 60.9%, while in the EAEU as a whole, foreign trade turnover increased by 35.1%.");
        assert_eq!((got[1].1.partner.as_deref(), got[1].1.reporter.as_str()), (Some("WLD"), "EAEU"));
        assert_eq!(got[0].1.partner.as_deref(), Some("ARE"));
    }

    #[test]
    fn dateline_is_read() {
        assert_eq!(dateline("Belarus, China maintain trade\n\n15 February 2021\n\nMINSK - "), Some((2021, Some(2))));
        assert_eq!(dateline("Trade news\n2025-04-12 10:30\nMINSK"), Some((2025, Some(4))));
        assert_eq!(dateline("Trade news, 12.04.2025. MINSK"), Some((2025, Some(4))));
        assert_eq!(dateline("In 2021-2022 the trade grew"), None);
    }
}
