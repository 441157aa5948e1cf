//! The linkers' word lists (`link.toml`), each a set of phrases matched over
//! tokens, case-insensitively, and named by [`W`]. The file must hold exactly
//! the lists of [`W`]: a missing or unknown list is an error at load (and in
//! the lexicon test), so code and data cannot drift apart.

use std::collections::BTreeMap;

use super::PhraseSet;
use crate::tokenize::Token;

/// A word list: phrases of one or more words.
#[derive(Debug, Default)]
pub struct Words(PhraseSet<()>);

impl Words {
    /// The end of the longest phrase starting at token `i` (not crossing `limit`).
    #[inline]
    pub fn at(&self, toks: &[Token], text: &str, i: usize, limit: usize) -> Option<usize> {
        if i >= limit {
            return None;
        }
        self.0.match_at(toks, text, i, limit).map(|(e, _)| e)
    }
    /// The start of the longest phrase ending right before token `end` (not before `floor`).
    #[inline]
    pub fn ending(&self, toks: &[Token], text: &str, end: usize, floor: usize) -> Option<usize> {
        self.0.match_ending(toks, text, end, floor).map(|(s, _)| s)
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    fn first_words(&self) -> impl Iterator<Item = &String> {
        self.0.phrases().map(|(p, _)| &p[0])
    }
}

macro_rules! lists {
    ($($var:ident = $sec:literal . $key:literal),+ $(,)?) => {
        /// The names of the lists, as `section.key` in `link.toml`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(non_camel_case_types)]
        pub enum W { $($var),+ }

        impl W {
            pub const ALL: &'static [W] = &[$(W::$var),+];
            /// (section, key) in `link.toml`.
            pub fn name(self) -> (&'static str, &'static str) {
                match self { $(W::$var => ($sec, $key)),+ }
            }
        }
    };
}

lists! {
    RoleTo = "role"."to",
    RoleFrom = "role"."from",
    RoleWith = "role"."with",
    RoleBetween = "role"."between",
    RoleOf = "role"."of",
    RoleIn = "role"."in",
    RoleAnd = "role"."and",
    RoleFiller = "role"."filler",
    ReporterVerbs = "reporter"."verbs",
    ReporterAgencies = "reporter"."agencies",
    ReporterRevenue = "reporter"."revenue",
    ReporterOwn = "reporter"."own",
    ReporterSpeakers = "reporter"."speakers",
    PartnerPair = "partner"."pair",
    PartnerAnaphoraNouns = "partner"."anaphora_nouns",
    PartnerDemonstratives = "partner"."demonstratives",
    PartnerManyNouns = "partner"."many_nouns",
    PartnerManyQuantifiers = "partner"."many_quantifiers",
    PartnerManyHolders = "partner"."many_holders",
    PartnerWorld = "partner"."world",
    PartnerForeign = "partner"."foreign",
    PartnerRespectively = "partner"."respectively",
    IndicatorWeak = "indicator"."weak",
    IndicatorBalance = "indicator"."balance",
    ChangeBy = "change"."by",
    ChangeVerbs = "change"."verbs",
    ChangeNouns = "change"."nouns",
    ChangeAfter = "change"."after",
    PeriodCompare = "period"."compare",
    PeriodCompareAdjacent = "period"."compare_adjacent",
    PeriodFigureCompare = "period"."figure_compare",
    PeriodFigureCompareThan = "period"."figure_compare_than",
    PeriodRecorded = "period"."recorded",
    PeriodThisYear = "period"."this_year",
    PeriodLastYear = "period"."last_year",
    PeriodNextYear = "period"."next_year",
    PeriodThisWords = "period"."this_words",
    PeriodYearWord = "period"."year_word",
    PeriodYearOnYear = "period"."year_on_year",
    PeriodSamePeriod = "period"."same_period",
    PeriodSinceStart = "period"."since_start",
    PeriodCumulative = "period"."cumulative",
    PeriodRecent = "period"."recent",
    PeriodYearsNouns = "period"."years_nouns",
    PeriodFiscal = "period"."fiscal",
    PeriodNotYearAfter = "period"."not_year_after",
    PeriodThrough = "period"."through",
    PeriodHalves = "period"."halves",
    PeriodQuarters = "period"."quarters",
    PeriodQuarterLetter = "period"."quarter_letter",
    PeriodHalfLetter = "period"."half_letter",
    PeriodByBase = "period"."by_base",
    PeriodOrdinals = "period"."ordinals",
    PeriodMonthNouns = "period"."month_nouns",
    PeriodLead = "period"."period_lead",
    PeriodYearEnd = "period"."year_end",
    PeriodEvents = "period"."events",
    ClauseConjunctions = "clause"."conjunctions",
    ClauseStrong = "clause"."strong",
    ClauseRelative = "clause"."relative",
    ScopeRegion = "scope"."region",
    ScopeCompany = "scope"."company",
    ScopeSector = "scope"."sector",
    ScopeNotNames = "scope"."not_names",
    ScopeEvent = "scope"."event",
    ScopeDeal = "scope"."deal",
    ScopeProduct = "scope"."product",
    ScopeTotal = "scope"."total",
    ScopeNewSubject = "scope"."new_subject",
    StatusTarget = "status"."target",
    StatusGoalVerbs = "status"."goal_verbs",
    StatusByYear = "status"."by_year",
    StatusNeutral = "status"."neutral",
    StatusFulfilled = "status"."fulfilled",
    StatusProject = "status"."project",
    StatusProjectDone = "status"."project_done",
}

/// Every list of `link.toml`, by [`W`].
#[derive(Debug, Default)]
pub struct LinkWords {
    lists: Vec<Words>,
}

impl std::ops::Index<W> for LinkWords {
    type Output = Words;
    fn index(&self, w: W) -> &Words {
        &self.lists[w as usize]
    }
}

impl LinkWords {
    /// Parses `link.toml`: every list of [`W`], and no other.
    pub fn load(text: &str) -> Result<LinkWords, String> {
        let raw: BTreeMap<String, BTreeMap<String, Vec<String>>> = toml::from_str(text).map_err(|e| format!("link.toml: {e}"))?;
        let mut errors = Vec::new();
        for (sec, keys) in &raw {
            for key in keys.keys() {
                if !W::ALL.iter().any(|w| w.name() == (sec.as_str(), key.as_str())) {
                    errors.push(format!("link.toml: unknown list {sec}.{key}"));
                }
            }
        }
        let mut lists = Vec::with_capacity(W::ALL.len());
        for w in W::ALL {
            let (sec, key) = w.name();
            let mut set = PhraseSet::new(false);
            match raw.get(sec).and_then(|s| s.get(key)) {
                Some(words) if !words.is_empty() => {
                    for p in words {
                        if p.trim().is_empty() {
                            errors.push(format!("link.toml: {sec}.{key}: empty phrase"));
                        }
                        set.add(p, ());
                    }
                }
                Some(_) => errors.push(format!("link.toml: {sec}.{key} is empty")),
                None => errors.push(format!("link.toml: {sec}.{key} is missing")),
            }
            lists.push(Words(set));
        }
        if errors.is_empty() {
            Ok(LinkWords { lists })
        } else {
            Err(errors.join("; "))
        }
    }

    /// The first words of every phrase (their tokens are flagged).
    pub fn first_words(&self) -> Vec<String> {
        self.lists.iter().flat_map(|l| l.first_words().cloned()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_lists_are_exactly_those_of_w() {
        let l = LinkWords::load(super::super::LINK_TOML).unwrap();
        for w in W::ALL {
            assert!(!l[*w].is_empty(), "{w:?}");
        }
        assert!(LinkWords::load("[role]\nto = [\"to\"]\nsideways = [\"x\"]\n").unwrap_err().contains("unknown list role.sideways"));
        assert!(LinkWords::load("[role]\nto = [\"to\"]\n").unwrap_err().contains("role.from is missing"));
    }

    #[test]
    fn phrases_match_whole_tokens_case_insensitively() {
        let l = LinkWords::load(super::super::LINK_TOML).unwrap();
        let text = "Compared to the Same Period last year";
        let toks = crate::tokenize::tokenize(text);
        assert_eq!(l[W::PeriodSamePeriod].at(&toks, text, 3, toks.len()), Some(5));
        assert_eq!(l[W::PeriodLastYear].ending(&toks, text, toks.len(), 0), Some(5));
        assert_eq!(l[W::PeriodSamePeriod].at(&toks, text, 0, toks.len()), None);
    }
}
