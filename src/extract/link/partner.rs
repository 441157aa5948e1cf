//! Partner: the counterpart of a figure (FACTS.md "Reporter and partner").
//!
//! The clause that holds the figure decides first: in "supplies to A rose 3
//! times ($X), to B by 45% ($Y)" $Y is B's. Then, in order: a list paired
//! "respectively"; the countries named in the figure's clause (nearest
//! before it, then after it); those of the clauses before it in the
//! sentence; "many countries" (no partner); the reporter's total with the
//! world ("foreign trade", "as a whole", "the country's exports"); the
//! partner carried from the sentences before, unless the figure's clause
//! names a new subject that is no trade with a partner (a free economic zone,
//! a park, a programme).

use crate::fact::{Indicator, Kind};
use crate::lexicon::W;

use super::super::Match;
use super::reporter::{is_subject, own_country, Reporter};
use super::sentence::{at, find, find_span, Analysis, Role};

/// The partner carried from sentence to sentence, with its reporter.
#[derive(Debug, Clone, PartialEq)]
pub struct Carry {
    /// The sentence it was stated in.
    pub sentence: usize,
    /// The paragraph it was stated in.
    pub paragraph: usize,
    pub partner: String,
    pub reporter: String,
    /// Stated with a figure. A country named once in a sentence with none
    /// ("Uganda remained the major destination of Kenya's exports") holds in
    /// its paragraph and the next sentence only; a topic named in several
    /// sentences running (a section on Mongolia) holds as long as a figure's.
    pub with_figure: bool,
    /// Sentences running that named it.
    pub named: usize,
}

/// How many sentences a partner is carried forward.
pub const CARRY_PARTNER: usize = 6;
/// ... to a figure of "the two countries", "bilateral trade": the section's partner.
pub const CARRY_PAIR: usize = 20;

/// A partner and why (none: unknown).
#[derive(Debug, Clone, PartialEq)]
pub struct Partner {
    pub code: Option<String>,
    pub why: String,
    /// Named in the figure's sentence (not carried).
    pub stated: bool,
}

fn named(code: &str, why: String) -> Partner {
    Partner { code: Some(code.to_string()), why, stated: true }
}

/// Links the partner of figure `m` (the `f`-th figure of the sentence).
#[allow(clippy::too_many_arguments)]
pub fn link(a: &Analysis, m: &Match, f: usize, ind: &super::indicator::Chosen, reporter: &Reporter, doc: &str, carry: Option<&Carry>, n: usize, paragraph: usize, zone_since: bool) -> Partner {
    let indicator = ind.indicator;
    let s = a.s;
    let clause = a.clause_of(m.start);
    let cl = a.clauses[clause];
    let rep = reporter.code.as_str();
    let candidate = |k: usize| {
        let x = &a.mentions[k];
        Some(k) != reporter.mention && x.code() != rep && !(is_subject(a, x) && reporter.mention.is_none() && x.code() == rep)
    };
    // "trade with A, B and C rose by 37, 18.7 and 19 percent respectively"
    if find(s, W::PartnerRespectively, m.end, s.hi).is_some() || find(s, W::PartnerRespectively, s.lo, m.start).is_some() {
        let figs: Vec<&Match> = a.figures.iter().filter(|o| o.kind == m.kind).collect();
        let first = figs.first().map(|o| o.start).unwrap_or(m.start);
        let list: Vec<usize> = (0..a.mentions.len()).filter(|&k| a.mentions[k].end <= first && candidate(k) && !a.mentions[k].side.place).collect();
        if figs.len() >= 2 && list.len() == figs.len() {
            if let Some(i) = figs.iter().position(|o| o.start == m.start) {
                let x = &a.mentions[list[i]];
                return named(x.code(), format!("partner={}: '{}', the {} of a list given 'respectively'", x.code(), a.text(x.at, x.end), ordinal(i)));
            }
        }
    }
    let _ = f;
    // "then goes Egypt with $50.7 million", "Iraq with $4.8 billion": the country right
    // before 'with' (and a qualifier) and the figure is the figure's
    let q = super::indicator::before_qualifier(s, m.start);
    if let Some(w) = super::sentence::ending(s, W::RoleWith, q, q.saturating_sub(2)) {
        if let Some(k) = (0..a.mentions.len()).find(|&k| a.mentions[k].end == w && candidate(k) && !a.mentions[k].side.place) {
            let x = &a.mentions[k];
            return named(x.code(), format!("partner={}: '{}' with the figure", x.code(), a.text(x.at, m.start)));
        }
    }
    // the figure's own clause: before it (nearest), then after it
    let own: Vec<usize> = (0..a.mentions.len()).filter(|&k| a.mentions[k].clause == clause && candidate(k)).collect();
    let before = own.iter().copied().filter(|&k| a.mentions[k].end <= m.start).max_by_key(|&k| (role_rank(a.mentions[k].role), a.mentions[k].end));
    let after = own.iter().copied().filter(|&k| a.mentions[k].at >= m.end).min_by_key(|&k| a.mentions[k].at);
    if let Some(k) = before.or(after) {
        let x = &a.mentions[k];
        return named(x.code(), format!("partner={}: '{}' in the figure's clause", x.code(), a.text(x.at, x.end)));
    }
    // "the two countries", "between them", "this Central Asian country": the partner spoken of before
    let pair = find(s, W::PartnerPair, s.lo, s.hi).is_some() || anaphora(a);
    // the partner of this paragraph beats the world words of a bilateral text
    let recent = carry.filter(|c| c.paragraph == paragraph && n - c.sentence <= CARRY_PARTNER && c.partner != rep && c.partner != "WLD");
    // the reporter's total with the world, in the figure's own clause: "while in the EAEU as a
    // whole" (the words of the whole beat the partner of the paragraph; "foreign trade" does not)
    let world_words = if recent.is_none() { W::PartnerWorld } else { W::PartnerWorldWhole };
    let world = |from: usize| find_span(s, world_words, from, cl.end);
    if let (Some((k, e)), false) = (world(cl.start), pair) {
        return named("WLD", format!("partner=WLD: '{}' with no partner named", a.text(k, e)));
    }
    // the clauses before it, nearest first
    for c in (0..clause).rev() {
        if let Some(k) = (0..a.mentions.len()).filter(|&k| a.mentions[k].clause == c && candidate(k)).max_by_key(|&k| a.mentions[k].end) {
            let x = &a.mentions[k];
            return named(x.code(), format!("partner={}: '{}' earlier in the sentence", x.code(), a.text(x.at, x.end)));
        }
    }
    let gov = a.governing_start(clause);
    // "residents from 13 countries", "buyers from various countries": many partners, none to
    // carry; but a flow or an investment "to 85 countries" is the reporter's total
    let many = (gov.max(s.lo)..cl.end.min(s.hi)).find(|&k| {
        at(s, W::PartnerManyNouns, k).is_some() && k > s.lo && (s.tok(k - 1).is_some_and(|t| t.kind == crate::tokenize::TokKind::Num) || super::sentence::ending(s, W::PartnerManyQuantifiers, k, k.saturating_sub(3)).is_some())
    });
    if let Some(k) = many {
        let q = super::sentence::ending(s, W::PartnerManyQuantifiers, k, k.saturating_sub(3)).unwrap_or(k.saturating_sub(1));
        let to = q > s.lo && super::sentence::ending(s, W::RoleTo, q, q - 1).is_some();
        let from = q > s.lo && super::sentence::ending(s, W::RoleFrom, q, q - 1).is_some();
        let lead = to || from;
        // "residents from 13 countries" hold no partner; "exports of residents to 85 countries" go to the world
        let held = from && q > s.lo + 1 && super::sentence::ending(s, W::PartnerManyHolders, q - 1, q.saturating_sub(2)).is_some();
        let lead = lead && !held;
        let traded = matches!(indicator, Indicator::Turnover | Indicator::Exports | Indicator::Imports | Indicator::Investment);
        if lead && traded {
            return named("WLD", format!("partner=WLD: '{}' many partners: the reporter's total", a.text(q, k + 1)));
        }
        return Partner { code: None, why: "partner=-: many countries spoken of".into(), stated: true };
    }
    // the reporter's total with the world
    if let (Some((k, e)), false) = (world(gov), pair) {
        return named("WLD", format!("partner=WLD: '{}' with no partner named", a.text(k, e)));
    }
    // (a flow, its absolute change, or an exchange's trade: with no partner, the reporter's total)
    let flow = matches!(indicator, Indicator::Turnover | Indicator::Exports | Indicator::Imports | Indicator::ExchangeTrade) || ind.change;
    // another country's own trade: "Uzbekistan's imports of medicines"
    let foreign_subject = reporter.stated && reporter.code != doc && reporter.mention.is_some_and(|k| matches!(a.mentions[k].role, Role::Possessive | Role::Of));
    if flow && foreign_subject && !pair {
        return named("WLD", format!("partner=WLD: the total of '{}' itself", reporter.code));
    }
    let _ = own_country;
    // "foreign investment", "FDI": from the world (not carried from a country before, but
    // in a paragraph about one partner's investment, that partner's)
    let foreign_investment = (indicator == Indicator::Investment).then(|| find_span(s, W::PartnerForeign, gov, cl.end)).flatten();
    if let (Some((k, e)), None) = (foreign_investment, recent) {
        return named("WLD", format!("partner=WLD: '{}' with no partner named", a.text(k, e)));
    }
    // "foreign participants in exchange trading bought ...", "supplies to foreign buyers":
    // the counterparts of a flow with no country named are the world
    if flow {
        let foreign = (gov..cl.end).find_map(|k| at(s, W::PartnerForeign, k).filter(|&e| at(s, W::PartnerForeignCounterparts, e).is_some()).map(|e| (k, e)));
        if let Some((k, e)) = foreign {
            return named("WLD", format!("partner=WLD: '{}' with no country named", a.text(k, e + 1)));
        }
    }
    // a new subject that trades with no partner ends the carry-over
    let domestic = a.marks.iter().any(|mk| mk.at >= gov && mk.at < cl.end && mk.kind == super::sentence::MarkKind::Region && !pair)
        && a.mentions.iter().all(|x| x.clause != clause);
    // ... also when the zone was named in the sentences since the partner was ("The Brest FEZ
    // registered six residents. Investments in fixed capital amounted to $35 million.")
    let domestic = domestic || (zone_since && a.mentions.is_empty() && !pair);
    if domestic && matches!(indicator, Indicator::Investment | Indicator::Other) {
        // (a zone's "foreign direct investment": from the world)
        if let Some((k, e)) = foreign_investment {
            return named("WLD", format!("partner=WLD: '{}' of a domestic subject", a.text(k, e)));
        }
        return Partner { code: None, why: "partner=-: a domestic subject (zone, park, region) with no partner named".into(), stated: true };
    }
    // a figure of no trade flow (a price, a budget, GDP) takes no partner from
    // elsewhere; a balance of trade does
    // (also a balance the sentence spoke of before the figure's clause: "the energy deficit
    // grew, while the surpluses rose in the chemicals sector (+75.1 bn ...)")
    let balance = find(s, W::IndicatorBalance, s.lo, cl.end).is_some();
    let carries = indicator != Indicator::Other || pair || balance || ind.change;
    // "the two countries", "between them" reach back further, to the section's partner
    let reach = if pair { CARRY_PAIR } else { CARRY_PARTNER };
    // the world of foreign investment is not carried onto an investment the figure's clause
    // names anew ("Investments in fixed capital amounted to Br135 million"): that one is not
    // foreign unless it says so
    let named_anew = indicator == Indicator::Investment && a.cues.iter().any(|c| c.indicator == Indicator::Investment && c.at >= gov && c.at < cl.end);
    if let Some(c) = carry.filter(|c| carries && !(named_anew && c.partner == "WLD")) {
        let holds = c.with_figure || c.named >= 2 || pair || c.paragraph == paragraph || n - c.sentence <= 1;
        if n - c.sentence <= reach && c.partner != rep && holds {
            return Partner { code: Some(c.partner.clone()), why: format!("partner={}: carried from {} sentence(s) before", c.partner, n - c.sentence), stated: false };
        }
        // the pair was carried seen from the other side, and this figure is the text's own
        // reporter's ("the trade of Minsk and Baku ... between them ..., while Belarusian
        // exports"): its partner is the pair's other side
        if n - c.sentence <= reach && c.partner == rep && rep == doc && c.reporter != rep && c.reporter != "WLD" && holds {
            return Partner { code: Some(c.reporter.clone()), why: format!("partner={}: the other side of the pair carried from {} sentence(s) before", c.reporter, n - c.sentence), stated: false };
        }
    }
    let _ = Kind::Money;
    if flow || balance {
        return Partner { code: Some("WLD".into()), why: "partner=WLD: no partner named or carried: the reporter's total".into(), stated: false };
    }

    Partner { code: None, why: "partner=-: none named or carried".into(), stated: false }
}

/// Partner roles before plain mentions, at the same distance.
fn role_rank(r: Role) -> u8 {
    match r {
        Role::To | Role::From | Role::With | Role::Between | Role::In => 2,
        Role::Of | Role::Plain => 1,
        _ => 0,
    }
}

/// "this Central Asian country": a demonstrative before an anaphora noun.
fn anaphora(a: &Analysis) -> bool {
    let s = a.s;
    (s.lo..s.hi).any(|k| {
        at(s, W::PartnerDemonstratives, k).is_some_and(|e| (e..(e + 4).min(s.hi)).any(|j| at(s, W::PartnerAnaphoraNouns, j).is_some_and(|_| !s.text_of(j).ends_with('s'))))
    })
}

pub(super) fn ordinal(i: usize) -> String {
    match i {
        0 => "first".into(),
        1 => "second".into(),
        2 => "third".into(),
        n => format!("{}th", n + 1),
    }
}
