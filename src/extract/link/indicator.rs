//! Indicator: what a figure measures (FACTS.md "Indicators").
//!
//! The nearest cue in the figure's clause (before it, else right after it),
//! else in the clauses before it, else the sentence's, else the one carried
//! from the sentence before. Over that: an absolute change ("grew by $940
//! million", "an increase of $500 million", "$98 million fewer") or a balance,
//! surplus or deficit is `other`; commodity-exchange wording, or a sale where
//! the exchange is the topic, is `exchange_trade`; contract wording before
//! the figure wins over the supplies the contract is for.

use crate::fact::{Indicator, Kind};
use crate::lexicon::{lexicon, W};

use super::super::{Match, Sent};
use super::sentence::{at, ending, find, Analysis, Cue, Role};

/// How long a commodity-exchange topic colours weak cues ("sold", "bought").
pub const CARRY_EXCHANGE: usize = 4;
/// A commodity exchange spoken of before the figure's sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exchange {
    None,
    /// In the sentences just before: a sale with no channel named is the exchange's.
    Near,
    /// ... and in the figure's paragraph: so are its flows ("export transactions",
    /// "supplies of lumber to Azerbaijan"), unless the sentence names the country's own trade.
    Paragraph,
}

/// How many sentences a cue is carried to figures with none.
pub const CARRY_INDICATOR: usize = 1;

/// The start of the qualifier phrase right before token `start` ("more than"), else `start`.
pub(super) fn before_qualifier(s: &Sent, start: usize) -> usize {
    lexicon().qualifiers.match_ending(s.toks, s.text, start, s.lo).map(|(q, _)| q).unwrap_or(start)
}

/// A money figure that is the change of a level, not the level: why, if so.
pub fn absolute_change(a: &Analysis, m: &Match) -> Option<String> {
    if m.kind != Kind::Money {
        return None;
    }
    let s = a.s;
    let q = before_qualifier(s, m.start);
    // ("by at least another $1.5 billion": the qualifier before "another")
    let q = ending(s, W::ChangeMore, q, q.saturating_sub(3)).map(|b| before_qualifier(s, b)).unwrap_or(q);
    let clause = a.clauses[a.clause_of(m.start)];
    // "increased by $2.4 billion", "grew by another $500 million"
    if let Some(b) = ending(s, W::ChangeBy, q, q.saturating_sub(4)) {
        let floor = b.saturating_sub(8).max(clause.start);
        if (floor..b).any(|k| at(s, W::ChangeVerbs, k).is_some()) {
            return Some(format!("'{}' a change of a level", a.text(floor.max(b.saturating_sub(3)), m.start)));
        }
    }
    // "an increase of $500 million"
    if let Some(b) = ending(s, W::ChangeNouns, q, q.saturating_sub(4)) {
        return Some(format!("'{}' a change of a level", a.text(b, m.start)));
    }
    // "$98 million fewer", "$1.5 billion more than in 2022"
    if let Some(e) = at(s, W::ChangeAfter, m.end) {
        let closes = e >= clause.end || s.is_any(e, &[",", ".", ";", ")"]) || at(s, W::PeriodCompare, e).is_some() || s.tok(e).is_some_and(|t| t.kind == crate::tokenize::TokKind::Break);
        if closes {
            return Some(format!("'{}' after it: a change of a level", a.text(m.end, e)));
        }
    }
    None
}

/// A flow whose other side is the reporter, given for a partner named with the
/// figure, is the reporter's flow the other way: "Iraq with $4.8 billion ... of
/// imports from Iran" is Iran's exports to Iraq; "China with $5.1 billion of
/// exports to Iran" is Iran's imports from China (FACTS.md: the reporter is
/// the side whose figure it is).
pub fn seen_from_reporter(a: &Analysis, m: &Match, chosen: Chosen, reporter: &str, partner: Option<&str>) -> Chosen {
    if !matches!(chosen.indicator, Indicator::Exports | Indicator::Imports) {
        return chosen;
    }
    let Some(partner) = partner.filter(|p| *p != reporter && *p != "WLD") else { return chosen };
    let cl = a.clauses[a.clause_of(m.start)];
    // the flow word of the figure: the nearest before it in its clause, else the first after
    // it (a list's figures stand in clauses of their own: "Iraq with $4.8 billion, China with ...")
    let flows = || a.cues.iter().filter(|c| matches!(c.indicator, Indicator::Exports | Indicator::Imports));
    let before = flows().filter(|c| c.at >= cl.start && c.end <= m.start).max_by_key(|c| c.end);
    let Some(c) = before.or_else(|| flows().filter(|c| c.at >= m.end).min_by_key(|c| c.at)) else { return chosen };
    let (want, other) = if c.indicator == Indicator::Imports { (Role::From, Indicator::Exports) } else { (Role::To, Indicator::Imports) };
    // ... names the reporter as its other side ("imports from Iran"), and the figure's partner
    // is named in the figure's clause, not as that side
    let reversed = a.mentions.iter().find(|x| x.code() == reporter && x.role == want && c.end <= x.at && x.at - c.end <= 2);
    let partner_named = a.mentions.iter().any(|x| x.code() == partner && x.at >= cl.start && x.at < cl.end && x.role != want);
    match reversed {
        Some(x) if partner_named => Chosen {
            indicator: other,
            why: format!("indicator={other}: '{}' the partner's flow with the reporter {reporter}: the reporter's {other}", a.text(c.at, x.end)),
            change: chosen.change,
        },
        _ => chosen,
    }
}

/// An indicator and why.
pub struct Chosen {
    pub indicator: Indicator,
    pub why: String,
    /// An absolute change of a flow (`other`, but of the flow's partner).
    pub change: bool,
}

fn cue_text<'a>(a: &'a Analysis, c: &Cue) -> &'a str {
    a.text(c.at, c.end)
}

/// How many tokens a deal noun ("agreement", "contracts") may stand before a
/// flow's figure and make it the deal's value; the far reach only with no verb
/// of a flow's level between ("an agreement between the distributor of MAZ
/// in Uzbekistan, MAZ-Tashkent, and the Nurafshon enterprise on the supply of
/// machinery worth $1 million").
const CONTRACT_REACH: usize = 25;
const CONTRACT_REACH_FAR: usize = 40;

/// Links the indicator of figure `m`.
pub fn link(a: &Analysis, m: &Match, carried: Option<Indicator>, exchange_topic: Exchange) -> Chosen {
    let s = a.s;
    let clause = a.clause_of(m.start);
    let cl = a.clauses[clause];
    if let Some(why) = absolute_change(a, m) {
        // the change of a trade flow keeps the flow's partner
        let of_flow = a.cues.iter().filter(|c| c.at >= cl.start && c.end <= m.start).max_by_key(|c| c.end).is_some_and(|c| matches!(c.indicator, Indicator::Turnover | Indicator::Exports | Indicator::Imports));
        return Chosen { indicator: Indicator::Other, why: format!("indicator=other: {why}"), change: of_flow };
    }
    // a balance, surplus or deficit right before the figure is what it measures,
    // and so is one named earlier in the clause with no flow named after it
    // ("the balance of trade in services is positive in the amount of $2.8 million")
    let q = before_qualifier(s, m.start);
    let cues = &a.cues;
    let balance = (q.saturating_sub(8).max(cl.start)..q).rev().find(|&k| at(s, W::IndicatorBalance, k).is_some()).or_else(|| {
        let b = (cl.start..q).rev().find(|&k| at(s, W::IndicatorBalance, k).is_some())?;
        let e = at(s, W::IndicatorBalance, b).unwrap_or(b + 1);
        // (the "trade" of "balance of trade" is inside the phrase, not after it)
        (!cues.iter().any(|c| c.at >= e && c.end <= m.start)).then_some(b)
    });
    // ... and one right after it: "a $4.3 billion trade surplus", "the R19.7 billion
    // preliminary trade balance surplus" (an adjective between at most; not "$92 million with
    // a surplus of $63.6 million", where the balance is the next figure's)
    let linking = |k: usize| [W::RoleWith, W::RoleAnd, W::RoleOf, W::RoleTo, W::RoleFrom, W::RoleIn, W::ClauseConjunctions].iter().any(|&w| at(s, w, k).is_some());
    let balance = balance.or_else(|| {
        (m.end..(m.end + 2).min(cl.end)).take_while(|&k| s.tok(k).is_some_and(|t| t.kind == crate::tokenize::TokKind::Word) && !linking(k)).find(|&k| at(s, W::IndicatorBalance, k).is_some())
    });
    if let Some(b) = balance {
        let e = at(s, W::IndicatorBalance, b).unwrap_or(b + 1);
        return Chosen { indicator: Indicator::Other, why: format!("indicator=other: '{}' (a balance of trade)", a.text(b, e)), change: false };
    }
    let in_clause = |c: &&Cue| c.at >= cl.start && c.at < cl.end;
    let own_before = cues.iter().filter(|c| in_clause(c) && c.end <= m.start).max_by_key(|c| c.end);
    let own_after = cues.iter().filter(|c| in_clause(c) && c.at >= m.end).min_by_key(|c| c.at);
    let earlier = cues.iter().filter(|c| c.end <= cl.start).max_by_key(|c| c.end);
    let after_close = own_after.filter(|c| c.at - m.end <= 4);
    let later = cues.iter().filter(|c| c.at >= m.end).min_by_key(|c| c.at);
    // "exports and imports amounted to $50 million and $40 million, respectively": the i-th cue
    if find(s, W::PartnerRespectively, m.end, s.hi).is_some() {
        let figs: Vec<&Match> = a.figures.iter().filter(|o| o.kind == m.kind).collect();
        let first = figs.first().map(|o| o.start).unwrap_or(m.start);
        // (the last cues before the first figure, one per figure)
        let before: Vec<&Cue> = cues.iter().filter(|c| c.end <= first && c.at >= cl.start.min(first)).collect();
        let list = &before[before.len().saturating_sub(figs.len())..];
        let distinct = list.windows(2).all(|w| w[0].indicator != w[1].indicator);
        if figs.len() >= 2 && list.len() == figs.len() && distinct {
            if let Some(i) = figs.iter().position(|o| o.start == m.start) {
                let c = list[i];
                return Chosen { indicator: c.indicator, why: format!("indicator={}: '{}', the {} of a list given 'respectively'", c.indicator, cue_text(a, c), super::partner::ordinal(i)), change: false };
            }
        }
    }
    // "imports and exports between Chongqing and Belarus": the trade both ways
    let joined = |c: &Cue| {
        let other = |d: &Cue| matches!((c.indicator, d.indicator), (Indicator::Exports, Indicator::Imports) | (Indicator::Imports, Indicator::Exports));
        cues.iter().any(|d| other(d) && ((at(s, W::IndicatorFlowsJoined, c.end) == Some(d.at)) || (at(s, W::IndicatorFlowsJoined, d.end) == Some(c.at))))
    };
    // a cue after the figure ("it amounted to $1.09 billion, exports to ...") yields to the topic carried on
    let nearest = own_before.or(if carried.is_some() { after_close } else { own_after }).or(earlier).or(if carried.is_some() { None } else { later });
    let exchange_cue = cues.iter().find(|c| c.indicator == Indicator::ExchangeTrade);
    let weak = nearest.is_some_and(|c| at(s, W::IndicatorWeak, c.at) == Some(c.end));
    let flow = nearest.is_some_and(|c| matches!(c.indicator, Indicator::Exports | Indicator::Imports | Indicator::Turnover));
    // "Belarus's exports", "Belarusian exports", "our republic plans to increase exports": the
    // country's own trade, not the exchange's
    let national = a.mentions.iter().any(|x| super::reporter::is_subject(a, x) && !x.side.group) || (s.lo..s.hi).any(|k| at(s, W::ReporterOwn, k).is_some());
    let exchange = exchange_cue.is_some() || (weak && exchange_topic != Exchange::None) || (flow && exchange_topic == Exchange::Paragraph && !national);
    // contract wording before the figure, with no turnover cue between
    let contract = cues
        .iter()
        .filter(|c| c.indicator == Indicator::Contracts && c.end <= m.start && (m.start - c.end <= CONTRACT_REACH || (m.start - c.end <= CONTRACT_REACH_FAR && !(c.end..m.start).any(|k| at(s, W::IndicatorLevelVerbs, k).is_some()))))
        .max_by_key(|c| c.end)
        .filter(|c| !cues.iter().any(|d| d.indicator == Indicator::Turnover && d.at >= c.end && d.end <= m.start));
    match (exchange, nearest) {
        (true, Some(nc)) if matches!(nc.indicator, Indicator::Turnover | Indicator::Exports | Indicator::Imports | Indicator::ExchangeTrade | Indicator::Contracts) => {
            let why = match exchange_cue {
                Some(c) => format!("indicator=exchange_trade: '{}' (commodity exchange) in the sentence", cue_text(a, c)),
                None => "indicator=exchange_trade: a sale on the exchange spoken of just before".into(),
            };
            Chosen { indicator: Indicator::ExchangeTrade, why, change: false }
        }
        // (a contract has a value, not a growth: "a contract was signed under which supplies will double")
        (_, Some(nc)) if contract.is_some() && m.kind == Kind::Money && matches!(nc.indicator, Indicator::Exports | Indicator::Imports | Indicator::Turnover) => {
            let c = contract.expect("checked");
            Chosen { indicator: Indicator::Contracts, why: format!("indicator=contracts: '{}' before the figure", cue_text(a, c)), change: false }
        }
        (_, Some(c)) if joined(c) => Chosen { indicator: Indicator::Turnover, why: format!("indicator=turnover: '{}' joined with the other flow: trade both ways", cue_text(a, c)), change: false },
        (_, Some(c)) => Chosen { indicator: c.indicator, why: format!("indicator={}: nearest cue '{}'", c.indicator, cue_text(a, c)), change: false },
        (true, None) => Chosen { indicator: Indicator::ExchangeTrade, why: "indicator=exchange_trade: the exchange's trade".into(), change: false },
        (false, None) => match carried {
            Some(ind) => Chosen { indicator: ind, why: format!("indicator={ind}: carried from the sentence before"), change: false },
            None => Chosen { indicator: Indicator::Other, why: "indicator=other: no cue".into(), change: false },
        },
    }
}
