//! Scope: what part of the reporter's trade a figure covers (FACTS.md
//! "Scope"): `company` over `region` over `product` over `total`.
//!
//! A contract is one deal and a loan one bank's or project's: `company`.
//! Otherwise the words of the figure's clause decide: a company, bank,
//! project or (for deals and sales) an event; a region, province, city, free
//! economic zone or park, or a place the gazetteer knows as part of a
//! country; a product, commodity, sector or service. Words that belong to
//! the partner ("with Chinese companies") do not narrow the reporter's
//! figure; "goods and services", "total" keep product words from doing so.
//! With no such word, the subject set earlier in the paragraph holds ("the
//! Minsk region's trade with China ... Exports grew by 20%") until a new
//! subject is named: a country's own trade, or another part of it.

use crate::fact::{Indicator, Scope};
use crate::lexicon::W;

use super::super::Match;
use super::reporter::{is_subject, Reporter};
use super::sentence::{at, Analysis, MarkKind};

/// The subject that a paragraph's sentences speak of, carried on.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub scope: Scope,
    pub why: String,
    pub sentence: usize,
    /// Set by a deal or an event: it holds for deals, not for trade flows.
    pub deal: bool,
}

/// How many sentences a subject holds with no new one named.
pub const CARRY_SCOPE: usize = 3;

/// The narrowest scope that tokens `[a, b)` of the sentence name, and why.
pub fn named(an: &Analysis, a: usize, b: usize, before: usize, indicator: Indicator, reporter: &str) -> Option<(Scope, String)> {
    let s = an.s;
    let mut best: Option<(Scope, String)> = None;
    let mut consider = |scope: Scope, why: String| {
        if best.as_ref().is_none_or(|(b, _)| scope.rank() > b.rank()) {
            best = Some((scope, why));
        }
    };
    // "goods and services", "total" before the figure keep product words from narrowing it
    let total = an.marks.iter().any(|mk| mk.kind == MarkKind::Total && mk.at >= a && mk.at < before);
    let deal = !matches!(indicator, Indicator::Turnover | Indicator::Exports | Indicator::Imports);
    let one_deal = deal && indicator != Indicator::ExchangeTrade;
    for mk in an.marks.iter().filter(|mk| mk.at >= a && mk.at < b) {
        // the partner's words: "with Chinese companies", "Chinese participants"
        let partners_word = an.mentions.iter().any(|x| x.code() != reporter && !x.side.place && (x.end == mk.at || (x.end + 1 == mk.at && s.toks[x.end].kind == crate::tokenize::TokKind::Word)));
        let text = an.text(mk.at, mk.end);
        match mk.kind {
            MarkKind::Company if !partners_word => consider(Scope::Company, format!("scope=company: '{text}'")),
            MarkKind::Event if deal => consider(Scope::Company, format!("scope=company: '{text}' (one event)")),
            MarkKind::Deal if one_deal => consider(Scope::Company, format!("scope=company: '{text}' (one deal)")),
            // "the Middle East region", "the Asian region": a region of the world
            MarkKind::Region if !an.mentions.iter().any(|x| x.side.group && (x.end == mk.at || x.end + 1 == mk.at || (x.at <= mk.at && mk.end <= x.end))) => consider(Scope::Region, format!("scope=region: '{text}'")),
            // ("the total non-oil trade": a total of what is left without a product)
            MarkKind::Product if !partners_word && at(s, W::ScopeExcluding, mk.at).is_some() => consider(Scope::Product, format!("scope=product: '{text}' (a total without a product)")),
            MarkKind::Product if !total && !partners_word => consider(Scope::Product, format!("scope=product: '{text}'")),
            MarkKind::Sector if !total && !partners_word => consider(Scope::Product, format!("scope=product: '{text}' (a sector)")),
            _ => {}
        }
    }
    for x in an.mentions.iter().filter(|x| x.side.place && x.at >= a && x.at < b) {
        consider(Scope::Region, format!("scope=region: '{}' is a part of {}", an.text(x.at, x.end), x.code()));
    }
    best
}

/// Links the scope of figure `m`; `frame` is the subject carried on. The
/// flag says whether the figure's own clause named it.
pub fn link(an: &Analysis, m: &Match, indicator: Indicator, reporter: &Reporter, frame: Option<&Frame>, n: usize) -> (Scope, String, bool) {
    match indicator {
        Indicator::Contracts => return (Scope::Company, "scope=company: a contract is one deal".into(), false),
        Indicator::Credit => return (Scope::Company, "scope=company: a loan of one bank or project".into(), false),
        _ => {}
    }
    let clause = an.clause_of(m.start);
    let cl = an.clauses[clause];
    // the figure's own clause, and the one before it when it is a list item of it ("exports of X rose by 5%, imports by 3%")
    // (and a relative clause's subject: "the Brest region, whose trade turnover ...")
    let from = if clause > 0 && (cl.relative || (!cl.strong && an.cues.iter().all(|c| c.at < cl.start || c.at >= cl.end))) { an.clauses[clause - 1].start } else { cl.start };
    let flow = matches!(indicator, Indicator::Turnover | Indicator::Exports | Indicator::Imports | Indicator::ExchangeTrade);
    // the subject carried on: a region holds for its paragraph, other parts for a few sentences
    let carried = frame.filter(|f| (n - f.sentence <= CARRY_SCOPE || f.scope == Scope::Region) && !(f.deal && flow));
    if let Some((scope, why)) = named(an, from, cl.end, m.start, indicator, &reporter.code) {
        // the narrowest applies (FACTS.md): "the zone's ... industrial production grew by 26%" is the zone's
        if let Some(f) = carried.filter(|f| f.scope == Scope::Region && scope == Scope::Product) {
            return (f.scope, format!("{} (narrower than '{}'), said {} sentence(s) before", f.why, why.trim_start_matches("scope="), n - f.sentence), false);
        }
        return (scope, why, true);
    }
    // a list item shares the subject of the clause it continues: "the turnover of
    // services amounted to $94.8 million, exports – $52.8 million"
    let gov = an.governing_start(clause);
    if gov < from {
        if let Some((scope, why)) = named(an, gov, from, m.start, indicator, &reporter.code) {
            return (scope, why, true);
        }
    }
    // "trade in goods and services", "in total" before the figure: the total (of a flow; "the
    // total investment will be $167 million" is still the project's or zone's spoken of)
    if an.marks.iter().any(|mk| mk.kind == MarkKind::Total && mk.at >= from && mk.at < m.start) && (flow || carried.is_none()) {
        return (Scope::Total, "scope=total: the whole trade named".into(), true);
    }
    // a country named as the subject of its own trade: the total
    if an.mentions.iter().any(|x| x.clause == clause && !x.side.place && is_subject(an, x)) || super::reporter::own_country(an, cl.start, cl.end).is_some() {
        return (Scope::Total, "scope=total: a country's own trade".into(), true);
    }
    // a product spoken of before does not narrow a flow whose clause names its sides
    // ("... agricultural products. In 2021, Belarusian-Uzbek trade turnover exceeded $300 million")
    // (but "Products worth $366 million were exported to China" speaks of them again)
    let again = (cl.start..cl.end).any(|k| an.s.is_any(k, &["products", "product"]));
    let sides_named = !again && (an.mentions.iter().any(|x| x.clause == clause && !x.side.place) || (cl.start..cl.end).any(|k| at(an.s, W::PartnerPair, k).is_some()));
    // a region spoken of before yields to a clause that names the reporter's country itself
    // ("the trade turnover between Belarus and Kyrgyzstan")
    // ("the parties' trade", "mutual trade" stay the region's: the parties are the region and its partner)
    let own_named = an.mentions.iter().any(|x| x.clause == clause && !x.side.place && x.code() == reporter.code);
    if let Some(f) = carried.filter(|f| !(f.scope == Scope::Product && flow && sides_named) && !(f.scope == Scope::Region && own_named)) {
        return (f.scope, format!("{}, said {} sentence(s) before", f.why, n - f.sentence), false);
    }
    // (a flow naming its sides ends the product spoken of before: for the figures after it too)
    if carried.is_some_and(|f| f.scope == Scope::Product) && flow && sides_named {
        return (Scope::Total, "scope=total: the flow names its sides (the product spoken of before ends)".into(), true);
    }
    (Scope::Total, "scope=total: no part named".into(), false)
}

/// The subject a sentence leaves for the next ones: the part its figures
/// were narrowed to by their own words, or a part of a country it names
/// (a region, a place); a country's own trade ends the one before.
pub fn observe(frame: &mut Option<Frame>, an: &Analysis, own: &[(Scope, bool, String)], reporter: &str, n: usize) {
    if an.new_paragraph {
        *frame = None;
    }
    match own.iter().rev().find(|(_, by_words, _)| *by_words) {
        // the whole trade named last ("Belarusian-Uzbek trade turnover exceeded $300 million"): no
        // product goes on (a region's, a park's, holds for its paragraph: "the park's ... export of
        // goods - by 1.2 times, foreign direct investment - by 2 times")
        Some((Scope::Total, _, _)) if frame.as_ref().is_some_and(|f| f.scope == Scope::Product) => *frame = None,
        Some((Scope::Total, _, _)) => {}
        Some((scope, _, why)) => {
            let deal = why.contains("(one deal)") || why.contains("(one event)");
            *frame = Some(Frame { scope: *scope, why: why.clone(), sentence: n, deal });
            return;
        }
        None => {}
    }
    let s = an.s;
    if own.is_empty() {
        match named(an, s.lo, s.hi, s.hi, Indicator::Exports, reporter) {
            Some((Scope::Region, why)) => {
                *frame = Some(Frame { scope: Scope::Region, why, sentence: n, deal: false });
                return;
            }
            _ => {
                // "the main directions of Belarusian food exports": a product named with its flow
                if let Some(mk) = an.marks.iter().find(|mk| mk.kind == MarkKind::Product && an.cues.iter().any(|c| c.at.abs_diff(mk.end) <= 2 || c.end.abs_diff(mk.at) <= 2)) {
                    let why = format!("scope=product: '{}'", an.text(mk.at, mk.end));
                    *frame = Some(Frame { scope: Scope::Product, why, sentence: n, deal: false });
                    return;
                }
            }
        }
    }
    if an.mentions.iter().any(|x| !x.side.place && is_subject(an, x)) {
        *frame = None;
    }
}
