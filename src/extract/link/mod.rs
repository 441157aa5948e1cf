//! Linkers: attach to each figure what it measures (FACTS.md), one module
//! per attribute, each returning its value and its reason:
//!
//! - [`reporter`]: whose figure it is;
//! - [`partner`]: the counterpart;
//! - [`indicator`]: what it measures;
//! - [`period`]: its year, months and (growth) base year;
//! - [`scope`]: total, or a product, region or company;
//! - [`status`]: actual, or a target.
//!
//! Attachment goes from the narrowest context out: the figure's clause
//! ([`sentence`] cuts a sentence into clauses and reads the roles of the
//! countries it names), its sentence, the state carried from the sentences
//! before (its paragraph's period and subject, the partner of the last
//! sentences), the document (its date, the reporter its head names), the
//! pipeline (its reporter). Each carried value has a reach, and a new
//! subject (a region, a company, a product, another country) ends it.
//!
//! The words all of this reads are data (`src/lexicon/link.toml`,
//! `cues.toml`, `partners.toml`); the code holds the grammar.

pub mod indicator;
pub mod partner;
pub mod period;
pub mod reporter;
pub mod scope;
pub mod sentence;
pub mod status;

use crate::fact::{Indicator, Scope, Status};

use super::{Match, Sent};
use sentence::Analysis;

pub use period::dateline;

/// What a linker knows of the whole document.
#[derive(Debug, Clone, Default)]
pub struct DocContext {
    /// The year and month the document was written, if known.
    pub date: Option<(i32, Option<u8>)>,
    /// The reporter where the text names none: the document's (its head, or
    /// the config's for this document), else the pipeline's.
    pub reporter: String,
    /// Why that reporter (the text's head, the config), if not the pipeline's.
    pub reporter_why: Option<String>,
    /// With no date, the year of writing a news item gives itself ([`period::text_year`]).
    pub text_year: Option<(i32, Option<u8>)>,
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

/// The state carried across the sentences of one document.
#[derive(Debug, Default)]
pub struct Linker {
    pub ctx: DocContext,
    sentence_no: usize,
    side: Option<partner::Carry>,
    period: period::PeriodState,
    scope: Option<scope::Frame>,
    /// The indicator of the last sentence with figures or cues: (sentence, indicator).
    indicator: Option<(usize, Indicator)>,
    /// The last sentence that spoke of a commodity exchange, and its paragraph.
    exchange: Option<(usize, usize)>,
    /// Paragraphs begun so far.
    paragraph_no: usize,
    /// The current segment's footnote markers with the years of the sources
    /// they cite (`AlignedText::cited`).
    pub cited: Vec<(usize, i32)>,
    /// Analyze every sentence, also those that can carry nothing on (the
    /// test that the shortcut changes no fact sets it).
    pub analyze_all: bool,
}

impl Linker {
    pub fn new(ctx: DocContext) -> Self {
        let period = period::PeriodState { text_year: ctx.text_year, ..Default::default() };
        Linker { ctx, period, ..Default::default() }
    }

    /// A new paragraph: its count, and the period of the one before kept for it.
    fn begin_paragraph(&mut self) {
        self.paragraph_no += 1;
        if self.period.paragraph.is_some() {
            self.period.before = self.period.paragraph.take();
        }
    }

    /// Links every figure of one sentence, then carries its state on. A
    /// sentence with no figure is read for what it carries (its period,
    /// partner, subject and topic).
    pub fn link_sentence(&mut self, s: &Sent, ms: &[Match]) -> Vec<Links> {
        let n = self.sentence_no;
        self.sentence_no += 1;
        // A sentence without figures that names no country, place, cue, year,
        // period, part (a region, a product) or relative year changes no state
        // but the paragraph's count and the ages of what is carried: most
        // sentences of a book, and the analysis is most of the linking time.
        if ms.is_empty() && !self.analyze_all && !carries_anything(s) {
            if s.lo > 0 && s.toks[s.lo - 1].kind == crate::tokenize::TokKind::Break {
                self.begin_paragraph();
                // (scope::observe ends the subject at a new paragraph; it is not called here)
                self.scope = None;
            }
            period::observe_nothing(&mut self.period);
            return Vec::new();
        }
        let a = Analysis::new(s, ms);
        if a.new_paragraph {
            self.begin_paragraph();
        }
        let years = period::year_mentions(s, ms);
        let rels = period::relative_years(s, ms);
        let periods = if ms.is_empty() && years.is_empty() && rels.is_empty() { Vec::new() } else { period::periods(s) };
        let doc = self.ctx.reporter.clone();
        let carried_ind = self.indicator.filter(|(at, _)| n - at <= indicator::CARRY_INDICATOR).map(|(_, i)| i);
        // the exchange spoken of: weak cues ("sold") for a few sentences, the flows
        // ("export transactions", "supplies") in its paragraph
        let exchange_topic = match self.exchange {
            Some((at, p)) if n - at <= indicator::CARRY_EXCHANGE && p == self.paragraph_no => indicator::Exchange::Paragraph,
            Some((at, _)) if n - at <= indicator::CARRY_EXCHANGE => indicator::Exchange::Near,
            _ => indicator::Exchange::None,
        };
        let mut out = Vec::with_capacity(ms.len());
        let mut plinks = Vec::with_capacity(ms.len());
        let mut scopes = Vec::with_capacity(ms.len());
        for (f, m) in ms.iter().enumerate() {
            let mut reasons = Vec::new();
            let ind = indicator::link(&a, m, carried_ind, exchange_topic);
            // reporter: stated, else carried with the partner, else the document's
            let rep = match reporter::stated(&a, m.start, ind.indicator, &doc) {
                Some(r) => r,
                None => match &self.side {
                    Some(c) if n - c.sentence <= partner::CARRY_PARTNER && c.reporter != doc && !a.mentions.iter().any(|x| x.code() == c.reporter) => {
                        reporter::Reporter { code: c.reporter.clone(), why: format!("reporter={}: carried with the partner", c.reporter), stated: false, mention: None }
                    }
                    _ => reporter::Reporter {
                        code: doc.clone(),
                        why: match &self.ctx.reporter_why {
                            Some(w) => format!("reporter={doc}: {w}"),
                            None => format!("reporter={doc}: the pipeline's reporter"),
                        },
                        stated: false,
                        mention: None,
                    },
                },
            };
            // a zone, park or region named since the partner was: a new subject (its own investment)
            let zone_since = self.scope.as_ref().is_some_and(|z| z.scope == Scope::Region && n - z.sentence <= scope::CARRY_SCOPE && self.side.as_ref().is_some_and(|c| z.sentence > c.sentence));
            let par = partner::link(&a, m, f, &ind, &rep, &doc, self.side.as_ref(), n, self.paragraph_no, zone_since);
            let ind = indicator::seen_from_reporter(&a, m, ind, &rep.code, par.code.as_deref());
            reasons.push(rep.why.clone());
            reasons.push(par.why.clone());
            reasons.push(ind.why.clone());
            let (status, status_why) = status::link(&a, m, ind.indicator, &years, self.ctx.date.map(|d| d.0));
            let goal = status == Status::Target;
            let mut pl = period::link(&a, m, ms, goal, ind.indicator == Indicator::Contracts, &self.period, self.ctx.date, &years, &rels, &periods, &mut reasons);
            if pl.year.is_none() && !goal && ind.indicator == Indicator::Contracts {
                // a deal the text dates nowhere: when the source that reported it was written
                if let Some((y, why)) = period::cited_year(s, m, &self.cited) {
                    pl.year = Some(y);
                    reasons.retain(|r| !r.starts_with("year="));
                    reasons.push(why);
                }
            }
            // (a figure before it in the sentence that named the whole trade ends the part carried on)
            let frame = self.scope.as_ref().filter(|f| !(f.scope == Scope::Product && scopes.iter().any(|(sc, by_words, _): &(Scope, bool, String)| *sc == Scope::Total && *by_words)));
            let (scope, scope_why, by_words) = scope::link(&a, m, ind.indicator, &rep, frame, n);
            scopes.push((scope, by_words, scope_why.clone()));
            reasons.push(scope_why);
            reasons.push(status_why);
            out.push(Links {
                indicator: ind.indicator,
                reporter: rep.code.clone(),
                partner: par.code.clone(),
                year: pl.year,
                month_from: pl.months.map(|m| m.0),
                month_to: pl.months.map(|m| m.1),
                base_year: pl.base_year,
                scope,
                status,
                reasons,
            });
            plinks.push(pl);
        }
        // carry-over: the partner stated here (a figure's, else the last country named)
        let stated = out.iter().rev().find(|l| l.partner.is_some() && l.reasons.iter().any(|r| r.starts_with("partner=") && !r.contains("carried")));
        if distinct_countries(&a) >= 3 {
            // a list of countries ("Iraq, China, the UAE, Turkey and Afghanistan were the top
            // destinations", "China with $5.1 billion, the UAE with $4.7 billion, ...") names
            // no one partner to carry on
            self.side = None;
        } else if let Some(l) = stated {
            let p = l.partner.clone().expect("checked");
            let named = self.side.as_ref().filter(|c| c.partner == p).map_or(1, |c| c.named + 1);
            self.side = Some(partner::Carry { sentence: n, paragraph: self.paragraph_no, partner: p, reporter: l.reporter.clone(), with_figure: true, named });
        } else if ms.is_empty() {
            // the last side named that is not the one speaking: the reporter its clause gives, else the text's
            // (a country before a group: "Uzbekistan is Belarus' key partner in Central Asia")
            let mut order: Vec<usize> = (0..a.mentions.len()).rev().filter(|&k| !a.mentions[k].side.group).collect();
            order.extend((0..a.mentions.len()).rev().filter(|&k| a.mentions[k].side.group));
            for k in order {
                let x = &a.mentions[k];
                if x.code() == "WLD" {
                    continue;
                }
                let rep = reporter::stated(&a, x.end, Indicator::Turnover, &doc).map(|r| r.code).unwrap_or_else(|| doc.clone());
                if x.code() != rep && !(reporter::is_subject(&a, x) && a.mentions.iter().enumerate().any(|(j, y)| j != k && y.code() != x.code())) {
                    let named = self.side.as_ref().filter(|c| c.partner == x.code()).map_or(1, |c| c.named + 1);
                    self.side = Some(partner::Carry { sentence: n, paragraph: self.paragraph_no, partner: x.code().to_string(), reporter: rep, with_figure: false, named });
                    break;
                }
            }
        }
        period::observe(&mut self.period, s, &years, &rels, &periods, &plinks, self.ctx.date);
        scope::observe(&mut self.scope, &a, &scopes, &doc, n);
        if a.cues.iter().any(|c| c.indicator == Indicator::ExchangeTrade) || out.iter().any(|l| l.indicator == Indicator::ExchangeTrade) {
            self.exchange = Some((n, self.paragraph_no));
        }
        if let Some(l) = out.last() {
            self.indicator = Some((n, l.indicator));
        } else if let Some(c) = a.cues.last() {
            self.indicator = Some((n, c.indicator));
        }
        out
    }
}

/// Can a sentence without figures leave anything for the next ones (see
/// [`Linker::link_sentence`])? A token that may begin a country or place, a
/// cue, a number (a year), a period word, or a phrase of the lists the state
/// is read from (scope parts, relative years, ordinals of periods).
fn carries_anything(s: &Sent) -> bool {
    use crate::lexicon::W;
    use crate::tokenize::{TokKind, FLAG_CUE, FLAG_PARTNER, FLAG_PERIOD};
    const LISTS: u128 = W::bits(&[
        W::ScopeRegion,
        W::ScopeProduct,
        W::ScopeSector,
        W::ScopeTotal,
        W::ScopeCompany,
        W::ScopeEvent,
        W::ScopeDeal,
        W::PeriodThisWords,
        W::PeriodThisYear,
        W::PeriodLastYear,
        W::PeriodNextYear,
        W::PeriodOrdinals,
        W::PeriodQuarterLetter,
        W::PeriodHalfLetter,
        W::PeriodHalves,
    ]);
    (s.lo..s.hi).any(|i| {
        let t = &s.toks[i];
        t.kind == TokKind::Num || t.flags & (FLAG_PARTNER | FLAG_CUE) != 0 || (t.kind == TokKind::Word && t.flags & FLAG_PERIOD != 0) || sentence::may_start_any(s, i, LISTS)
    })
}

/// Countries (not groups or places) a sentence names, each once.
fn distinct_countries(a: &Analysis) -> usize {
    let mut codes: Vec<&str> = a.mentions.iter().filter(|x| !x.side.group).map(|x| x.code()).collect();
    codes.sort_unstable();
    codes.dedup();
    codes.len()
}

#[cfg(test)]
mod tests;
