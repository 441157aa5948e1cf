//! Reporter: whose figure it is (FACTS.md "Reporter and partner").
//!
//! In order: the side the figure's clause makes its subject ("Kazakhstan's
//! foreign trade", "exports of Belarus", "Georgian exports to Russia", "Iran
//! exported", "the EAEU as a whole") or its direction gives ("exports from
//! Kazakhstan", "imports into Tajikistan", "investment in Belarus"); the
//! text's own country when it speaks of "the country's exports"; the side
//! carried from the sentences before; the document's reporter (its head
//! names whose trade it reports: a subject, a statistics office, a minister,
//! else its dateline city); the pipeline's reporter for the document.

use crate::fact::Indicator;
use crate::lexicon::W;
use crate::tokenize::TokKind;

use super::super::Sent;
use super::sentence::{at, ending, Analysis, Mention, Role};

/// A reporter and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Reporter {
    pub code: String,
    pub why: String,
    /// Stated in the figure's sentence (not carried or defaulted).
    pub stated: bool,
    /// The mention that is the reporter, if one is.
    pub mention: Option<usize>,
}

/// Does a trade indicator cue stand within `n` tokens after `i`?
fn cue_after(a: &Analysis, i: usize, n: usize) -> bool {
    a.cues.iter().any(|c| c.at >= i && c.at <= i + n)
}

/// Does a trade indicator cue end within `n` tokens before `i`?
fn cue_before(a: &Analysis, i: usize, n: usize) -> bool {
    a.cues.iter().any(|c| c.end <= i && i - c.end <= n)
}

/// Is mention `m` the subject of its clause: "X's", "of X" after a cue, "X"
/// before a trade verb, a demonym before a cue, "X as a whole"?
pub fn is_subject(a: &Analysis, m: &Mention) -> bool {
    match m.role {
        Role::Possessive | Role::Subject => true,
        Role::Adjective => cue_after(a, m.end, 2),
        Role::Of => cue_before(a, m.at, 3),
        // "the EAEU as a whole", "Kenya total exports"
        _ => at(a.s, W::PartnerWorld, m.end).is_some(),
    }
}

/// "the country's exports", "exports of the country": the text's own country.
pub fn own_country(a: &Analysis, from: usize, to: usize) -> Option<(usize, usize)> {
    let s = a.s;
    (from.max(s.lo)..to.min(s.hi)).find_map(|k| {
        let e = at(s, W::ReporterOwn, k)?;
        let possessive = s.is_any(e, &["'", "’"]);
        let of = k > s.lo && ending(s, W::RoleOf, k, k - 1).is_some() && cue_before(a, k - 1, 3);
        (possessive || of).then_some((k, e))
    })
}

/// The reporter a figure's own words give, if they give one: the subject of
/// its clause, else of the clauses before it in the sentence; else the side
/// its direction gives.
pub fn stated(a: &Analysis, fig_start: usize, indicator: Indicator, doc: &str) -> Option<Reporter> {
    let clause = a.clause_of(fig_start);
    for c in (0..=clause).rev() {
        let cl = a.clauses[c];
        let ms: Vec<usize> = (0..a.mentions.len()).filter(|&k| a.mentions[k].clause == c).collect();
        // the subject of the clause, nearest to the figure before it first
        let subject = ms.iter().rev().copied().find(|&k| is_subject(a, &a.mentions[k]) && (c < clause || a.mentions[k].at < fig_start)).or_else(|| ms.iter().copied().find(|&k| is_subject(a, &a.mentions[k])));
        // investment, exchange trade, contracts, credit: a foreign side named as
        // the subject ("Chinese investment in Belarus", "exchange transactions of
        // Mongolian traders", "Chinese companies signed contracts") is the
        // partner; the host, the exchange's or the text's side, the reporter
        if let Some(k) = subject {
            let m = &a.mentions[k];
            let deal = matches!(indicator, Indicator::Investment | Indicator::ExchangeTrade | Indicator::Contracts | Indicator::Credit);
            if deal && !(indicator == Indicator::Investment && m.role == Role::Of) {
                if let Some(h) = ms.iter().copied().find(|&h| matches!(a.mentions[h].role, Role::In | Role::To) && a.mentions[h].code() != m.code()) {
                    let host = &a.mentions[h];
                    // the side the text speaks for: "Belarusian investments in Vietnam" are Belarus's
                    if m.code() == doc {
                        return Some(Reporter { code: doc.into(), why: format!("reporter={doc}: '{}' invests abroad", a.text(m.at, m.end)), stated: true, mention: Some(k) });
                    }
                    return Some(Reporter { code: host.code().into(), why: format!("reporter={}: '{}' hosts the investment", host.code(), a.text(host.at, host.end)), stated: true, mention: Some(h) });
                }
                if m.code() != doc && !m.side.group {
                    return Some(Reporter { code: doc.into(), why: format!("reporter={doc}: the other side of the {indicator} of '{}'", a.text(m.at, m.end)), stated: false, mention: None });
                }
            }
            return Some(Reporter { code: m.code().into(), why: format!("reporter={}: '{}' is the subject", m.code(), a.text(m.at, m.end)), stated: true, mention: Some(k) });
        }
        // the direction, in the figure's own clause: exports from X, imports to X, investment in X
        let dir = ms.iter().copied().filter(|_| c == clause).find(|&k| {
            let r = a.mentions[k].role;
            // ("export earnings from Russia" are earned from the partner)
            let earned = a.cues.iter().filter(|q| q.end <= a.mentions[k].at).max_by_key(|q| q.end).is_some_and(|q| super::sentence::ending(a.s, W::ReporterRevenue, q.end, q.at).is_some());
            match indicator {
                Indicator::Exports => r == Role::From && !earned,
                Indicator::Imports => matches!(r, Role::To | Role::In),
                Indicator::Investment => matches!(r, Role::In | Role::To),
                _ => false,
            }
        });
        if let Some(k) = dir {
            let m = &a.mentions[k];
            return Some(Reporter { code: m.code().into(), why: format!("reporter={}: '{}' by the direction of {indicator}", m.code(), a.text(m.at, m.end)), stated: true, mention: Some(k) });
        }
        // "trade between A and B", "A-B trade": the document's side if named, else the first
        let with: Vec<usize> = ms.iter().copied().filter(|&k| a.mentions[k].role == Role::Between).collect();
        if with.len() >= 2 {
            let k = with.iter().copied().find(|&k| a.mentions[k].code() == doc).unwrap_or(with[0]);
            let m = &a.mentions[k];
            return Some(Reporter { code: m.code().into(), why: format!("reporter={}: '{}' of the two sides named", m.code(), a.text(m.at, m.end)), stated: true, mention: Some(k) });
        }
        if let Some((x, y)) = own_country(a, cl.start, cl.end) {
            return Some(Reporter { code: doc.into(), why: format!("reporter={doc}: '{}' is the text's own", a.text(x, y)), stated: true, mention: None });
        }
        // a clause of its own subject ("while imports fell") does not look further back
        if cl.strong && c == clause && a.cues.iter().any(|q| q.at >= cl.start && q.at < fig_start) {
            break;
        }
        let _ = cl.relative;
    }
    None
}

/// The document's reporter from its head (title and first sentences): the
/// side its subjects, statistics offices and ministers name; else the
/// country of its dateline city ("DUSHANBE, January 23. /TASS/"); else none.
pub fn of_document(head: &str) -> Option<(String, String)> {
    let toks = crate::lexicon::tokenize(head);
    let sents = crate::tokenize::sentences(head, &toks);
    let mut score: Vec<(&'static str, u32, String)> = Vec::new();
    let mut add = |code: &'static str, w: u32, why: String| match score.iter_mut().find(|x| x.0 == code) {
        Some(x) => x.1 += w,
        None => score.push((code, w, why)),
    };
    let mut dateline = None;
    for (n, sent) in sents.iter().enumerate().take(8) {
        let s = Sent { text: head, toks: &toks, lo: sent.tokens.0, hi: sent.tokens.1 };
        let a = Analysis::new(&s, &[]);
        if n < 3 && dateline.is_none() {
            dateline = dateline_city(&s);
        }
        for (k, m) in a.mentions.iter().enumerate() {
            if m.side.group && m.code() == "WLD" {
                continue;
            }
            let code = m.code();
            // the subject of a trade flow ("Kazakhstan's foreign trade", "Iran exported"), not of an
            // investment or a deal, whose subject may be the partner ("Turkish investments grew")
            let reach = if m.role == Role::Subject { 8 } else { 4 };
            let flow_cue = a.cues.iter().any(|c| matches!(c.indicator, Indicator::Turnover | Indicator::Exports | Indicator::Imports) && c.at >= m.end && c.at <= m.end + reach && a.clause_of(c.at) == m.clause)
                || (m.role == Role::Of && a.cues.iter().any(|c| matches!(c.indicator, Indicator::Turnover | Indicator::Exports | Indicator::Imports) && c.end <= m.at && m.at - c.end <= 3))
                || at(&s, W::PartnerWorld, m.end).is_some();
            if is_subject(&a, m) && flow_cue {
                add(code, 2, format!("'{}' is the subject of its trade in the text's head", a.text(m.at, m.end)));
            }
            // "the National Statistics Committee of Kyrgyzstan", "Viet Nam Customs", "Kazakh Minister of Trade"
            let agency_before = m.role == Role::Of && (m.at.saturating_sub(6)..m.at).any(|j| at(&s, W::ReporterAgencies, j).is_some_and(|e| e <= m.at && m.at - e <= 2));
            let agency_after = at(&s, W::ReporterAgencies, m.end).is_some() || (m.end + 1 < s.hi && at(&s, W::ReporterAgencies, m.end + 1).is_some() && s.toks[m.end].kind == TokKind::Word);
            if agency_before || agency_after {
                add(code, 2, format!("'{}' names the office that reports", a.text(m.at, m.end)));
            }
            let speaker = at(&s, W::ReporterSpeakers, m.end).is_some() || (m.role == Role::Possessive && (m.end..(m.end + 6).min(s.hi)).any(|j| at(&s, W::ReporterSpeakers, j).is_some()));
            if speaker {
                add(code, 1, format!("'{}' names the speaker's side", a.text(m.at, m.end)));
            }
            // "trade between A and B": A is the side that reports
            if m.role == Role::Between && a.mentions.get(k + 1).is_some_and(|b| b.role == Role::Between && b.clause == m.clause) && !a.mentions[..k].iter().any(|p| p.role == Role::Between && p.clause == m.clause) {
                add(code, 1, format!("'{}' named first of the two sides", a.text(m.at, m.end)));
            }
        }
    }
    let best = score.iter().max_by_key(|x| x.1).filter(|x| x.1 >= 2);
    match (best, dateline) {
        (Some((code, _, why)), _) => Some((code.to_string(), why.clone())),
        (None, Some((code, why))) => Some((code, why)),
        _ => {
            // nothing else says: the country the head names most, if it names it three times or more
            let mut count: Vec<(&'static str, u32)> = Vec::new();
            for (n, sent) in sents.iter().enumerate().take(8) {
                let _ = n;
                let s = Sent { text: head, toks: &toks, lo: sent.tokens.0, hi: sent.tokens.1 };
                for m in Analysis::new(&s, &[]).mentions.iter().filter(|m| !m.side.group) {
                    match count.iter_mut().find(|c| c.0 == m.code()) {
                        Some(c) => c.1 += 1,
                        None => count.push((m.code(), 1)),
                    }
                }
            }
            count.sort_by_key(|c| std::cmp::Reverse(c.1));
            match count.as_slice() {
                [(code, k), rest @ ..] if *k >= 3 && rest.first().is_none_or(|r| r.1 < *k) => Some((code.to_string(), format!("the head names {code} most ({k} times)"))),
                _ => None,
            }
        }
    }
}

/// The country of a dateline city in capitals at the start of a text or line:
/// "DUSHANBE, January 23.", "TEHRAN -", "BEIJING —", "MINSK (BelTA)".
fn dateline_city(s: &Sent) -> Option<(String, String)> {
    let lex = crate::lexicon::lexicon();
    let mut i = s.lo;
    // up to three capitalised words at the start
    let mut words = Vec::new();
    while i < s.hi && words.len() < 3 && s.toks[i].kind == TokKind::Word && s.text_of(i).chars().all(|c| c.is_uppercase() || !c.is_alphabetic()) && s.text_of(i).len() > 2 {
        words.push(s.text_of(i));
        i += 1;
    }
    if words.is_empty() || !(s.is_any(i, &[",", "(", "-", "–", "—", "/"])) {
        return None;
    }
    let name: String = words.iter().map(|w| {
        let l = w.to_lowercase();
        let mut c = l.chars();
        c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
    }).collect::<Vec<_>>().join(" ");
    let toks = crate::lexicon::tokenize(&name);
    let (end, side) = lex.partners.match_at(&toks, &name, 0, toks.len())?;
    (end == toks.len() && !side.group).then(|| (side.code.to_string(), format!("the dateline city '{}'", words.join(" "))))
}
