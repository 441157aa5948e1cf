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
            /// The bits of lists `ws`, to test a token's [`LinkWords::starts_of`] against at once.
            pub const fn bits(ws: &[W]) -> u128 {
                let mut m = 0u128;
                let mut k = 0;
                while k < ws.len() {
                    m |= 1u128 << (ws[k] as usize);
                    k += 1;
                }
                m
            }
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
    ReporterCopulas = "reporter"."copulas",
    PartnerPair = "partner"."pair",
    PartnerAnaphoraNouns = "partner"."anaphora_nouns",
    PartnerDemonstratives = "partner"."demonstratives",
    PartnerManyNouns = "partner"."many_nouns",
    PartnerManyQuantifiers = "partner"."many_quantifiers",
    PartnerManyHolders = "partner"."many_holders",
    PartnerWorld = "partner"."world",
    PartnerWorldWhole = "partner"."world_whole",
    PartnerForeign = "partner"."foreign",
    PartnerForeignCounterparts = "partner"."foreign_counterparts",
    PartnerRespectively = "partner"."respectively",
    IndicatorWeak = "indicator"."weak",
    IndicatorLevelVerbs = "indicator"."level_verbs",
    IndicatorBalance = "indicator"."balance",
    IndicatorFlowsJoined = "indicator"."flows_joined",
    ChangeBy = "change"."by",
    ChangeMore = "change"."more",
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
    ScopeExcluding = "scope"."excluding",
    ScopeNeutral = "scope"."neutral",
    ScopeNewSubject = "scope"."new_subject",
    StatusTarget = "status"."target",
    StatusGoalVerbs = "status"."goal_verbs",
    StatusByYear = "status"."by_year",
    StatusNeutral = "status"."neutral",
    StatusFulfilled = "status"."fulfilled",
    StatusProject = "status"."project",
    StatusProjectDone = "status"."project_done",
}

/// Every list of `link.toml`, by [`W`], and an index of the words that
/// begin or end their phrases: a token's word id (`Token::link`, found by
/// the tokenizer in the lookup that gives its flags) tells in one bit test
/// whether a phrase of a list may start or end at it, so the linkers' many
/// "is a phrase of list W here?" questions cost a hash lookup only where
/// one may be (most of the link stage's time was lowercasing and hashing
/// for lists that had no such word).
#[derive(Debug, Default)]
pub struct LinkWords {
    lists: Vec<Words>,
    vocab: rustc_hash::FxHashMap<String, u16>,
    /// By word id: the lists with a phrase starting (ending) with that word, one bit per [`W`].
    first: Vec<u128>,
    last: Vec<u128>,
    /// Every phrase of every list, its words lowercased ...
    phrases: Vec<Vec<String>>,
    /// ... and by (first word id, list) and (last word id, list): no string is
    /// lowercased or hashed to find the candidates of a token.
    starts: rustc_hash::FxHashMap<(u16, u8), Vec<u32>>,
    ends: rustc_hash::FxHashMap<(u16, u8), Vec<u32>>,
}

pub use crate::tokenize::NO_WORD;

/// Is the token the (lowercase) word `want`, in any case?
#[inline]
fn same_word(t: &Token, text: &str, want: &str) -> bool {
    let s = t.text(text);
    s.len() == want.len() && if s.is_ascii() { s.eq_ignore_ascii_case(want) } else { *super::lower(s) == *want }
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
        if W::ALL.len() > 128 {
            errors.push(format!("link.toml: {} lists, more than the 128 the word index holds", W::ALL.len()));
        }
        if !errors.is_empty() {
            return Err(errors.join("; "));
        }
        let mut out = LinkWords { lists, ..Default::default() };
        for (k, list) in out.lists.iter().enumerate() {
            for (p, _) in list.0.phrases() {
                let n = out.phrases.len() as u32;
                out.phrases.push(p.to_vec());
                for (word, first) in [(&p[0], true), (&p[p.len() - 1], false)] {
                    let next = out.vocab.len() as u16;
                    let id = *out.vocab.entry(word.clone()).or_insert(next);
                    if id as usize == out.first.len() {
                        out.first.push(0);
                        out.last.push(0);
                    }
                    let (masks, index) = if first { (&mut out.first, &mut out.starts) } else { (&mut out.last, &mut out.ends) };
                    masks[id as usize] |= 1u128 << k;
                    index.entry((id, k as u8)).or_default().push(n);
                }
            }
        }
        Ok(out)
    }

    /// The id of a lowercase word ([`NO_WORD`] if no phrase begins or ends with it).
    pub fn word_id(&self, lowercase: &str) -> u16 {
        self.vocab.get(lowercase).copied().unwrap_or(NO_WORD)
    }

    /// The words that begin or end a phrase (lowercase), with their ids.
    pub fn vocabulary(&self) -> impl Iterator<Item = (&str, u16)> {
        self.vocab.iter().map(|(w, id)| (w.as_str(), *id))
    }

    /// The end of the longest phrase of list `w` starting at token `i` (not
    /// crossing `limit`), found by the token's word id.
    #[inline]
    pub fn at(&self, w: W, toks: &[Token], text: &str, i: usize, limit: usize) -> Option<usize> {
        let t = toks.get(i)?;
        if i >= limit || !self.may_start(t.link, w) {
            return None;
        }
        let mut best = None;
        for &n in self.starts.get(&(t.link, w as u8))? {
            let p = &self.phrases[n as usize];
            let end = i + p.len();
            if end > limit || end > toks.len() || best.is_some_and(|b| end <= b) {
                continue;
            }
            if p.iter().enumerate().skip(1).all(|(k, word)| toks[i + k].kind != crate::tokenize::TokKind::Break && same_word(&toks[i + k], text, word)) {
                best = Some(end);
            }
        }
        best
    }

    /// The start of the longest phrase of list `w` ending right before token
    /// `end` (not before `floor`), found by the token's word id.
    #[inline]
    pub fn ending(&self, w: W, toks: &[Token], text: &str, end: usize, floor: usize) -> Option<usize> {
        if end == 0 || end <= floor || end > toks.len() || !self.may_end(toks[end - 1].link, w) {
            return None;
        }
        let mut best: Option<usize> = None;
        for &n in self.ends.get(&(toks[end - 1].link, w as u8))? {
            let p = &self.phrases[n as usize];
            if p.len() > end - floor {
                continue;
            }
            let start = end - p.len();
            if best.is_some_and(|b| start >= b) {
                continue;
            }
            if p.iter().enumerate().take(p.len() - 1).all(|(k, word)| same_word(&toks[start + k], text, word)) {
                best = Some(start);
            }
        }
        best
    }

    /// The lists a phrase of which may begin with the word of id `id` (one bit per [`W`]).
    #[inline]
    pub fn starts_of(&self, id: u16) -> u128 {
        if id == NO_WORD {
            0
        } else {
            self.first[id as usize]
        }
    }

    /// May a phrase of list `w` begin with the word of id `id`?
    #[inline]
    pub fn may_start(&self, id: u16, w: W) -> bool {
        id != NO_WORD && (self.first[id as usize] >> (w as usize)) & 1 == 1
    }

    /// May a phrase of list `w` end with the word of id `id`?
    #[inline]
    pub fn may_end(&self, id: u16, w: W) -> bool {
        id != NO_WORD && (self.last[id as usize] >> (w as usize)) & 1 == 1
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
        let toks = crate::lexicon::tokenize(text);
        assert_eq!(l[W::PeriodSamePeriod].at(&toks, text, 3, toks.len()), Some(5));
        assert_eq!(l[W::PeriodLastYear].ending(&toks, text, toks.len(), 0), Some(5));
        assert_eq!(l[W::PeriodSamePeriod].at(&toks, text, 0, toks.len()), None);
    }
}
