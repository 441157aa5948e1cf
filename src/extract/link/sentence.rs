//! What the linkers read of one sentence, once: its clauses, the countries
//! and groups it names with the role each plays, the indicator cues, the
//! scope marks and the goal words. Every attribute linker reads from here.
//!
//! Clauses. A figure takes its attributes from its own clause first: a
//! sentence such as "supplies to A rose 3 times ($X), to B by 45% ($Y)" is
//! two clauses, and $Y is B's. A clause starts after a semicolon, at a
//! conjunction after a comma (`, while`, `, and`), and at a list item: a
//! comma or `and` followed (after role words and fillers) by a country or an
//! indicator cue. Parentheses belong to the clause they stand in.

use crate::fact::Indicator;
use crate::lexicon::{lexicon, Side, W};
use crate::tokenize::{TokKind, FLAG_CUE, FLAG_LINK, FLAG_PARTNER};

use super::super::{Match, Sent};

/// Is a phrase of list `w` at token `i`? Its end.
#[inline]
pub fn at(s: &Sent, w: W, i: usize) -> Option<usize> {
    // (the token's word id, set by the tokenizer, finds the phrases that may start here;
    // most tokens begin no phrase at all)
    if i < s.lo || i >= s.hi || s.toks[i].link == crate::lexicon::NO_WORD {
        return None;
    }
    let link = &lexicon().link;
    if !link.may_start(s.toks[i].link, w) {
        return None;
    }
    link.at(w, s.toks, s.text, i, s.hi)
}

/// May a phrase of one of the lists of `mask` ([`W::bits`]) begin at token `i`?
/// (A loop over a sentence's tokens asks this once before asking list by list.)
#[inline]
pub fn may_start_any(s: &Sent, i: usize, mask: u128) -> bool {
    s.toks.get(i).is_some_and(|t| t.link != crate::lexicon::NO_WORD && lexicon().link.starts_of(t.link) & mask != 0)
}

/// A phrase of list `w` ending right before token `end`, not before `floor`: its start.
#[inline]
pub fn ending(s: &Sent, w: W, end: usize, floor: usize) -> Option<usize> {
    if end <= floor.max(s.lo) {
        return None;
    }
    lexicon().link.ending(w, s.toks, s.text, end, floor.max(s.lo))
}

/// Is any phrase of list `w` in tokens `[a, b)`? Its start.
pub fn find(s: &Sent, w: W, a: usize, b: usize) -> Option<usize> {
    find_span(s, w, a, b).map(|(k, _)| k)
}

/// As [`find`], with the phrase's end: `[k, e)`.
pub fn find_span(s: &Sent, w: W, a: usize, b: usize) -> Option<(usize, usize)> {
    (a.max(s.lo)..b.min(s.hi)).find_map(|k| at(s, w, k).filter(|&e| e <= b).map(|e| (k, e)))
}

/// The role a country plays where it is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// "exports to X"
    To,
    /// "imports from X"
    From,
    /// "trade with X"
    With,
    /// "between X and Y", "X-Y trade": one of the two sides
    Between,
    /// "exports of X", "turnover of X"
    Of,
    /// "investment in X", "sold in X"
    In,
    /// "X's exports", "X' trade"
    Possessive,
    /// "X exported", "X conducted trade" (first in its clause, before a trade verb)
    Subject,
    /// "Belarusian exports", "Georgian exports to Russia" (a demonym before an indicator cue)
    Adjective,
    /// Named, in no role the linkers read.
    Plain,
}

/// A country, place or group named in a sentence (outside its figures).
#[derive(Debug, Clone, Copy)]
pub struct Mention {
    pub at: usize,
    pub end: usize,
    pub side: Side,
    pub role: Role,
    /// Index of the clause it stands in.
    pub clause: usize,
}

impl Mention {
    pub fn code(&self) -> &'static str {
        self.side.code
    }
}

/// An indicator cue: tokens `[at, end)`.
#[derive(Debug, Clone, Copy)]
pub struct Cue {
    pub at: usize,
    pub end: usize,
    pub indicator: Indicator,
}

/// A word that narrows the scope: tokens `[at, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    Region,
    Company,
    Event,
    Deal,
    Sector,
    Product,
    Total,
}

#[derive(Debug, Clone, Copy)]
pub struct Mark {
    pub at: usize,
    pub end: usize,
    pub kind: MarkKind,
}

/// A clause: tokens `[start, end)`; `strong` when it starts with a
/// conjunction that does not share the goal or period of the clause before
/// (`while`, `but`) or after a semicolon.
#[derive(Debug, Clone, Copy)]
pub struct Clause {
    pub start: usize,
    pub end: usize,
    pub strong: bool,
    /// A relative clause ("whose trade ..."): its subject is in the clause before.
    pub relative: bool,
}

/// One sentence as the linkers read it.
pub struct Analysis<'a, 'b> {
    pub s: &'b Sent<'a>,
    pub figures: &'b [Match],
    pub clauses: Vec<Clause>,
    pub mentions: Vec<Mention>,
    pub cues: Vec<Cue>,
    pub marks: Vec<Mark>,
    /// Starts of goal words (status.target), outside neutral phrases.
    pub goals: Vec<(usize, usize)>,
    /// The sentence begins a paragraph (or follows a heading).
    pub new_paragraph: bool,
}

fn in_figure(figures: &[Match], a: usize, b: usize) -> bool {
    figures.iter().any(|m| a < m.end && b > m.start)
}

impl<'a, 'b> Analysis<'a, 'b> {
    pub fn new(s: &'b Sent<'a>, figures: &'b [Match]) -> Self {
        let new_paragraph = s.lo > 0 && s.toks[s.lo - 1].kind == TokKind::Break;
        let raw = raw_mentions(s, figures);
        let cues = indicator_cues(s, figures);
        // (a sentence with no figure and no country is read for its cues, marks and
        // periods only: its clauses and roles would serve nothing)
        let clauses = if figures.is_empty() && raw.is_empty() { vec![Clause { start: s.lo, end: s.hi, strong: false, relative: false }] } else { clauses(s, &raw, &cues, figures) };
        let clause_of = |i: usize| clauses.iter().position(|c| i >= c.start && i < c.end).unwrap_or(0);
        let mut mentions: Vec<Mention> = raw.iter().map(|&(at, end, side)| Mention { at, end, side, role: Role::Plain, clause: clause_of(at) }).collect();
        for k in 0..mentions.len() {
            mentions[k].role = role(s, &mentions, k, &cues);
        }
        // (a sentence with no figure is read for the part it leaves to the next ones: a
        // region or a product; with no word of those, and no place, it has no marks)
        const PARTS: u128 = W::bits(&[W::ScopeRegion, W::ScopeProduct, W::ScopeSector]);
        let parts = !figures.is_empty() || raw.iter().any(|m| m.2.place) || (s.lo..s.hi).any(|i| may_start_any(s, i, PARTS));
        let marks = if parts { marks(s, figures) } else { Vec::new() };
        // (goal words matter for figures only: a sentence without any reads none)
        let goals = if figures.is_empty() { Vec::new() } else { goals(s, figures) };
        Analysis { s, figures, clauses, mentions, cues, marks, goals, new_paragraph }
    }

    /// The clause holding token `i`.
    pub fn clause_of(&self, i: usize) -> usize {
        self.clauses.iter().position(|c| i >= c.start && i < c.end).unwrap_or(0)
    }

    /// The tokens of the figure's clause and of the weakly joined clauses before it:
    /// where its goal and period words may stand.
    pub fn governing_start(&self, clause: usize) -> usize {
        let mut k = clause;
        while k > 0 && !self.clauses[k].strong {
            k -= 1;
        }
        self.clauses[k].start
    }

    /// The text of tokens `[a, b)`.
    pub fn text(&self, a: usize, b: usize) -> &'a str {
        &self.s.text[self.s.span(a, b).range()]
    }
}

/// Countries, places and groups named outside the figures ("Uzbek soums"
/// name a currency). "This Central Asian country" points back to a country
/// named before: a group adjective before an anaphora noun is no mention.
fn raw_mentions(s: &Sent, figures: &[Match]) -> Vec<(usize, usize, Side)> {
    let lex = lexicon();
    let mut out = Vec::new();
    let mut i = s.lo;
    while i < s.hi {
        if s.toks[i].flags & FLAG_PARTNER != 0 {
            if let Some((e, side)) = lex.partners.match_at(s.toks, s.text, i, s.hi) {
                // ("the African market" is the group's own market: "market" points back only
                // after a demonstrative, "this Central Asian market")
                let demonstrative = (i.saturating_sub(2).max(s.lo)..i).any(|k| at(s, W::PartnerDemonstratives, k).is_some());
                let anaphora = side.group && at(s, W::PartnerAnaphoraNouns, e).is_some_and(|_| !s.text_of(e).ends_with('s') && (demonstrative || !s.text_of(e).eq_ignore_ascii_case("market")));
                if !in_figure(figures, i, e) && !anaphora {
                    out.push((i, e, side));
                }
                i = e;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The indicator cues of a sentence, outside its figures.
fn indicator_cues(s: &Sent, figures: &[Match]) -> Vec<Cue> {
    let lex = lexicon();
    let mut out = Vec::new();
    let mut i = s.lo;
    while i < s.hi {
        if s.toks[i].flags & FLAG_CUE != 0 {
            if let Some((e, ind)) = lex.indicators.match_at(s.toks, s.text, i, s.hi) {
                if !in_figure(figures, i, e) {
                    out.push(Cue { at: i, end: e, indicator: Indicator::parse(ind).expect("indicator keys are checked at load") });
                }
                i = e;
                continue;
            }
        }
        i += 1;
    }
    out
}

fn is_punct(s: &Sent, i: usize, p: &[&str]) -> bool {
    s.tok(i).is_some_and(|t| t.kind == TokKind::Punct) && s.is_any(i, p)
}

/// Skips role words and fillers from `i`: the token where the named thing begins.
fn skip_roles(s: &Sent, mut i: usize) -> usize {
    for _ in 0..4 {
        let next = [W::RoleTo, W::RoleFrom, W::RoleWith, W::RoleBetween, W::RoleIn, W::RoleOf, W::RoleFiller].iter().find_map(|&w| at(s, w, i));
        match next {
            Some(e) if e > i => i = e,
            _ => break,
        }
    }
    i
}

fn clauses(s: &Sent, mentions: &[(usize, usize, Side)], cues: &[Cue], figures: &[Match]) -> Vec<Clause> {
    let mut out = vec![Clause { start: s.lo, end: s.hi, strong: false, relative: false }];
    let mut depth = 0i32;
    let cut = |k: usize, strong: bool, out: &mut Vec<Clause>| {
        let last = out.last_mut().expect("one clause at least");
        if k > last.start && k < s.hi {
            last.end = k;
            out.push(Clause { start: k, end: s.hi, strong, relative: at(s, W::ClauseRelative, k).is_some() });
        }
    };
    for k in s.lo..s.hi {
        match s.text_of(k) {
            "(" | "[" => depth += 1,
            ")" | "]" => depth = (depth - 1).max(0),
            _ => {}
        }
        if depth > 0 || k == s.lo {
            continue;
        }
        if is_punct(s, k - 1, &[";"]) {
            cut(k, true, &mut out);
            continue;
        }
        // (closing quotes may stand between: `62,” but there are`)
        let mut p = k - 1;
        while p > s.lo && is_punct(s, p, &["”", "\"", "»", "'"]) {
            p -= 1;
        }
        let after_comma = is_punct(s, p, &[",", "–", "—"]);
        if after_comma {
            if let Some(_e) = at(s, W::ClauseConjunctions, k) {
                let strong = at(s, W::ClauseStrong, k).is_some();
                cut(k, strong, &mut out);
                continue;
            }
        }
        // a list item: ", to B", "and C", ", imports - ...", after an item
        // that holds a figure ("between A and B" is no list)
        let after_and = at(s, W::RoleAnd, k).is_some() && k > s.lo;
        let item_done = figures.iter().any(|m| m.start >= out.last().map_or(s.lo, |c| c.start) && m.end <= k);
        if (after_comma || after_and) && item_done {
            let j = skip_roles(s, if after_and { at(s, W::RoleAnd, k).unwrap_or(k + 1) } else { k });
            let names = mentions.iter().any(|m| m.0 == j);
            let cue = cues.iter().any(|c| c.at == j || (c.at == j + 1 && s.toks[j].kind == TokKind::Word && !s.text_of(j).starts_with(char::is_uppercase)));
            if names || (cue && after_comma) {
                cut(k, false, &mut out);
            }
        }
    }
    out
}

/// The role of mention `k`, from the words around it.
fn role(s: &Sent, ms: &[Mention], k: usize, cues: &[Cue]) -> Role {
    let m = &ms[k];
    // X's, X'
    if is_punct(s, m.end, &["'", "’"]) && (s.is(m.end + 1, "s") || s.text_of(m.end - 1).ends_with('s')) {
        return Role::Possessive;
    }
    // the word before, past fillers: to / from / with / of / in
    let mut j = m.at;
    let mut guard = 0;
    while j > s.lo && guard < 3 {
        match ending(s, W::RoleFiller, j, s.lo) {
            Some(a) if a < j => j = a,
            _ => break,
        }
        guard += 1;
    }
    for (w, r) in [(W::RoleTo, Role::To), (W::RoleFrom, Role::From), (W::RoleWith, Role::With), (W::RoleBetween, Role::Between), (W::RoleOf, Role::Of), (W::RoleIn, Role::In)] {
        if ending(s, w, j, s.lo).is_some() {
            return r;
        }
    }
    // "between A and B", "to A and B": B shares A's role
    if let Some(a) = ending(s, W::RoleAnd, j, s.lo) {
        if let Some(prev) = ms[..k].iter().rev().find(|p| p.end <= a && a - p.end <= 1) {
            if prev.role != Role::Plain && prev.role != Role::Subject && prev.role != Role::Adjective {
                return prev.role;
            }
        }
    }
    // "A-B trade": the pair before a cue
    let next = m.end;
    let cue_within = |from: usize, n: usize| cues.iter().any(|c| c.at >= from && c.at <= from + n);
    if s.is_dash(next) && ms.get(k + 1).is_some_and(|b| b.at == next + 1) {
        return Role::Between;
    }
    if k > 0 && ms[k - 1].end + 1 == m.at && s.is_dash(ms[k - 1].end) {
        return Role::Between;
    }
    // a demonym before its noun: "Belarusian exports", "Belarusian food exports"
    // (the cue right after, or after one modifier: "Belarusian food exports", "Kenya total exports")
    let lower_next = s.tok(next).is_some_and(|t| t.kind == TokKind::Word) && !s.text_of(next).starts_with(char::is_uppercase);
    let modifier = [W::ScopeProduct, W::ScopeTotal, W::ScopeSector, W::PartnerWorld].iter().any(|&w| at(s, w, next).is_some());
    if lower_next && (cue_within(next, 0) || (modifier && cue_within(next, 2))) {
        return Role::Adjective;
    }
    // clause-initial name before a trade verb: "Tajikistan conducted ..."
    let clause_start = m.at == s.lo || is_punct(s, m.at - 1, &[",", ";", ":", "\"", "“", "(", "–"]) || s.toks[m.at - 1].kind == TokKind::Break;
    if at(s, W::ReporterVerbs, next).is_some() && at(s, W::ReporterCopulas, next).is_none() && (clause_start || ms[..k].iter().all(|p| p.clause != m.clause)) {
        return Role::Subject;
    }
    Role::Plain
}

/// A company's name: a word in capitals ("MTZ") or with a capital inside
/// ("BelAZ", "BelGee") that no lexicon knows (not a country, currency or cue).
fn company_name(s: &Sent, i: usize) -> bool {
    let t = &s.toks[i];
    if t.kind != TokKind::Word || t.span.len() < 3 || t.flags & (FLAG_PARTNER | FLAG_CUE) != 0 {
        return false;
    }
    let w = s.text_of(i);
    // both shapes begin with a capital: most words are turned away by their first byte
    if w.as_bytes()[0].is_ascii_lowercase() {
        return false;
    }
    let caps = w.chars().filter(|c| c.is_uppercase()).count();
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    let shaped = (caps == letters && letters >= 3) || (w.starts_with(char::is_uppercase) && caps >= 2 && w.chars().skip(1).any(|c| c.is_lowercase()));
    if !shaped {
        return false;
    }
    let lex = lexicon();
    // (a list word's capitals are read as written: "BelTA"; a country in capitals is a dateline: "MINSK")
    let known = lex.link.at(W::ScopeNotNames, s.toks, s.text, i, s.hi).is_some() || lex.currency_exact.match_at(s.toks, s.text, i, s.hi).is_some() || lex.currency_prefix.match_at(s.toks, s.text, i, s.hi).is_some();
    let title: String = w.chars().take(1).chain(w.chars().skip(1).flat_map(char::to_lowercase)).collect();
    let ttoks = crate::lexicon::tokenize(&title);
    let country = lex.partners.match_at(&ttoks, &title, 0, ttoks.len()).is_some();
    !known && !country
}

/// Scope marks outside figures and outside partner names, longest first.
fn marks(s: &Sent, figures: &[Match]) -> Vec<Mark> {
    let mut out = Vec::new();
    let mut i = s.lo;
    while i < s.hi {
        if s.toks[i].flags & FLAG_LINK == 0 {
            if company_name(s, i) && !in_figure(figures, i, i + 1) {
                out.push(Mark { at: i, end: i + 1, kind: MarkKind::Company });
            }
            i += 1;
            continue;
        }
        const LISTS: u128 = W::bits(&[W::ScopeTotal, W::ScopeCompany, W::ScopeEvent, W::ScopeDeal, W::ScopeSector, W::ScopeRegion, W::ScopeProduct, W::ScopeNeutral]);
        if !may_start_any(s, i, LISTS) {
            i += 1;
            continue;
        }
        // "the ministry's press service": no product
        if let Some(e) = at(s, W::ScopeNeutral, i) {
            i = e;
            continue;
        }
        let mut best: Option<(usize, MarkKind)> = None;
        for (w, kind) in [(W::ScopeTotal, MarkKind::Total), (W::ScopeCompany, MarkKind::Company), (W::ScopeEvent, MarkKind::Event), (W::ScopeDeal, MarkKind::Deal), (W::ScopeSector, MarkKind::Sector), (W::ScopeRegion, MarkKind::Region), (W::ScopeProduct, MarkKind::Product)] {
            if let Some(e) = at(s, w, i) {
                if best.is_none_or(|(be, _)| e > be) {
                    best = Some((e, kind));
                }
            }
        }
        // a capitalised product or sector word after a capitalised word is part of a name:
        // "the National Statistics Service of Georgia", "the Federal Customs Service"
        let named = |kind: MarkKind| {
            matches!(kind, MarkKind::Product | MarkKind::Sector) && i > s.lo && s.text_of(i).starts_with(char::is_uppercase) && s.text_of(i - 1).starts_with(char::is_uppercase) && s.toks[i - 1].kind == TokKind::Word
        };
        match best {
            Some((e, kind)) if !in_figure(figures, i, e) && !named(kind) => {
                out.push(Mark { at: i, end: e, kind });
                i = e;
            }
            _ => i += 1,
        }
    }
    out
}

/// Goal words outside neutral phrases ("as can be seen").
fn goals(s: &Sent, figures: &[Match]) -> Vec<(usize, usize)> {
    const LISTS: u128 = W::bits(&[W::StatusNeutral, W::StatusTarget]);
    let mut out = Vec::new();
    let mut i = s.lo;
    while i < s.hi {
        if !may_start_any(s, i, LISTS) {
            i += 1;
            continue;
        }
        if let Some(e) = at(s, W::StatusNeutral, i) {
            i = e;
            continue;
        }
        if let Some(e) = at(s, W::StatusTarget, i) {
            let month = i > s.lo && s.text_of(i).starts_with(char::is_uppercase) && lexicon().months.contains_key(&*s.lower(i).unwrap_or_default());
            if !in_figure(figures, i, e) && !month {
                out.push((i, e));
            }
            i = e;
            continue;
        }
        i += 1;
    }
    out
}
