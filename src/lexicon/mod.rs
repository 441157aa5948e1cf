//! Lexicons: word lists as data (`*.toml` beside this file), parsed once.
//!
//! The grammar that combines words lives in `extract`; what the words are
//! lives here, so adding a currency, a country or a cue word touches one data
//! file. Phrase matchers are built from these tables at load time and never
//! copied by hand into code (the drift Duckling's currency regex suffers from).

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::tokenize::{tokenize, TokKind, Token};

/// Phrases (as token sequences) mapped to a payload, matched over tokens.
#[derive(Debug, Default)]
pub struct PhraseSet<T> {
    phrases: Vec<(Vec<String>, T)>,
    by_first: HashMap<String, Vec<usize>>,
    by_last: HashMap<String, Vec<usize>>,
    case_sensitive: bool,
}

fn key(s: &str, case_sensitive: bool) -> String {
    if case_sensitive {
        s.to_string()
    } else {
        s.to_lowercase()
    }
}

impl<T: Clone> PhraseSet<T> {
    pub fn new(case_sensitive: bool) -> Self {
        PhraseSet { phrases: Vec::new(), by_first: HashMap::new(), by_last: HashMap::new(), case_sensitive }
    }

    pub fn add(&mut self, phrase: &str, value: T) {
        let toks: Vec<String> = tokenize(phrase).iter().map(|t| key(t.text(phrase), self.case_sensitive)).collect();
        if toks.is_empty() {
            return;
        }
        let id = self.phrases.len();
        self.by_first.entry(toks[0].clone()).or_default().push(id);
        self.by_last.entry(toks[toks.len() - 1].clone()).or_default().push(id);
        self.phrases.push((toks, value));
    }

    pub fn len(&self) -> usize {
        self.phrases.len()
    }
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    fn tok_eq(&self, t: &Token, text: &str, want: &str) -> bool {
        let s = t.text(text);
        if self.case_sensitive {
            s == want
        } else {
            s.len() == want.len() && s.to_lowercase() == want
        }
    }

    /// The longest phrase starting at token `i` (not crossing `limit`): its end and value.
    pub fn match_at(&self, toks: &[Token], text: &str, i: usize, limit: usize) -> Option<(usize, T)> {
        let first = key(toks.get(i)?.text(text), self.case_sensitive);
        let mut best: Option<(usize, T)> = None;
        for &id in self.by_first.get(&first)? {
            let (p, v) = &self.phrases[id];
            let end = i + p.len();
            if end > limit || end > toks.len() {
                continue;
            }
            if p.iter().enumerate().skip(1).all(|(k, w)| toks[i + k].kind != TokKind::Break && self.tok_eq(&toks[i + k], text, w))
                // a word phrase must not end inside a longer word-like run ("Br" in "Brest")
                && best.as_ref().is_none_or(|(e, _)| end > *e)
            {
                best = Some((end, v.clone()));
            }
        }
        best
    }

    /// The longest phrase ending right before token `end` (not before `floor`): its start and value.
    pub fn match_ending(&self, toks: &[Token], text: &str, end: usize, floor: usize) -> Option<(usize, T)> {
        if end == 0 || end <= floor {
            return None;
        }
        let last = key(toks[end - 1].text(text), self.case_sensitive);
        let mut best: Option<(usize, T)> = None;
        for &id in self.by_last.get(&last)? {
            let (p, v) = &self.phrases[id];
            if p.len() > end - floor {
                continue;
            }
            let start = end - p.len();
            if p.iter().enumerate().all(|(k, w)| self.tok_eq(&toks[start + k], text, w)) && best.as_ref().is_none_or(|(s, _)| start < *s) {
                best = Some((start, v.clone()));
            }
        }
        best
    }

    pub fn phrases(&self) -> impl Iterator<Item = (&[String], &T)> {
        self.phrases.iter().map(|(p, v)| (p.as_slice(), v))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CurrencyRow {
    code: String,
    prefix: Vec<String>,
    suffix: Vec<String>,
    ambiguous: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResolveRow {
    form: String,
    partner: String,
    code: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IsoTable {
    codes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CurrencyFile {
    currency: Vec<CurrencyRow>,
    resolve: Vec<ResolveRow>,
    iso: IsoTable,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NumbersFile {
    units: HashMap<String, f64>,
    scales: HashMap<String, f64>,
    short_scales: HashMap<String, f64>,
    fractions: HashMap<String, f64>,
    denominators: HashMap<String, f64>,
    vulgar: HashMap<String, f64>,
    fold_words: HashMap<String, f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartnerRow {
    code: String,
    forms: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartnersFile {
    country: Vec<PartnerRow>,
    group: Vec<PartnerRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CuesFile {
    qualifier: HashMap<String, Vec<String>>,
    growth: HashMap<String, Vec<String>>,
    indicator: HashMap<String, Vec<String>>,
    period: HashMap<String, Vec<String>>,
}

/// Direction of a growth cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrowthCue {
    Increase,
    Decrease,
    Index,
    Share,
}

/// All lexicons, parsed and validated.
pub struct Lexicon {
    pub currency_prefix: PhraseSet<&'static str>,
    pub currency_suffix: PhraseSet<&'static str>,
    /// Forms of one or two letters ("Br", "RM", "Rs", "LE") and the other ISO
    /// codes: read only as written (case-sensitive), before and after a number.
    pub currency_exact: PhraseSet<&'static str>,
    /// Ambiguous forms read by partner: (form, partner) -> code.
    pub currency_by_partner: HashMap<(String, String), &'static str>,
    pub denominators: HashMap<String, f64>,
    pub vulgar: HashMap<String, f64>,
    pub units: HashMap<String, f64>,
    pub scales: HashMap<String, f64>,
    pub short_scales: HashMap<String, f64>,
    pub fractions: HashMap<String, f64>,
    pub fold_words: HashMap<String, f64>,
    /// Countries and groups, case-sensitive: value is (code, is_group).
    pub partners: PhraseSet<(&'static str, bool)>,
    pub qualifiers: PhraseSet<&'static str>,
    pub growth: PhraseSet<GrowthCue>,
    pub indicators: PhraseSet<&'static str>,
    pub months: HashMap<String, u8>,
    /// Raw data for `validate` and `tradeseries rules`.
    currency_rows: Vec<(String, Vec<String>, Vec<String>, Vec<String>)>,
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

pub const CURRENCIES_TOML: &str = include_str!("currencies.toml");
pub const NUMBERS_TOML: &str = include_str!("numbers.toml");
pub const PARTNERS_TOML: &str = include_str!("partners.toml");
pub const CUES_TOML: &str = include_str!("cues.toml");

impl Lexicon {
    fn load() -> Result<Lexicon, String> {
        let cur: CurrencyFile = toml::from_str(CURRENCIES_TOML).map_err(|e| format!("currencies.toml: {e}"))?;
        let num: NumbersFile = toml::from_str(NUMBERS_TOML).map_err(|e| format!("numbers.toml: {e}"))?;
        let par: PartnersFile = toml::from_str(PARTNERS_TOML).map_err(|e| format!("partners.toml: {e}"))?;
        let cues: CuesFile = toml::from_str(CUES_TOML).map_err(|e| format!("cues.toml: {e}"))?;

        let mut currency_prefix = PhraseSet::new(false);
        let mut currency_suffix = PhraseSet::new(false);
        let mut currency_exact = PhraseSet::new(true);
        let mut currency_rows = Vec::new();
        // One- and two-letter words ("Br", "RM", "LE") are read only as written.
        let short_word = |f: &str| f.chars().filter(|c| c.is_alphabetic()).count() <= 2 && f.chars().any(|c| c.is_ascii_alphabetic());
        for row in cur.currency {
            let code = leak(row.code.clone());
            for p in &row.prefix {
                if short_word(p) {
                    currency_exact.add(p, code);
                } else {
                    currency_prefix.add(p, code);
                }
            }
            for s in &row.suffix {
                if short_word(s) {
                    currency_exact.add(s, code);
                } else {
                    currency_suffix.add(s, code);
                }
            }
            currency_rows.push((row.code, row.prefix, row.suffix, row.ambiguous));
        }
        for c in &cur.iso.codes {
            if currency_rows.iter().any(|r| &r.0 == c) {
                return Err(format!("currencies.toml: [iso] {c} has its own [[currency]] entry"));
            }
            currency_exact.add(c, leak(c.clone()));
        }
        let mut currency_by_partner = HashMap::new();
        for r in cur.resolve {
            currency_by_partner.insert((r.form, r.partner), leak(r.code));
        }
        let mut partners = PhraseSet::new(true);
        for (rows, group) in [(&par.country, false), (&par.group, true)] {
            for row in rows {
                let code = leak(row.code.clone());
                for f in &row.forms {
                    partners.add(f, (code, group));
                }
            }
        }
        let mut qualifiers = PhraseSet::new(false);
        for (q, forms) in &cues.qualifier {
            let q = leak(q.clone());
            for f in forms {
                qualifiers.add(f, q);
            }
        }
        let mut growth = PhraseSet::new(false);
        for (g, forms) in &cues.growth {
            let cue = match g.as_str() {
                "increase" => GrowthCue::Increase,
                "decrease" => GrowthCue::Decrease,
                "index" => GrowthCue::Index,
                "share" => GrowthCue::Share,
                other => return Err(format!("cues.toml: [growth] unknown key '{other}', expected increase, decrease, index, share")),
            };
            for f in forms {
                growth.add(f, cue);
            }
        }
        let mut indicators = PhraseSet::new(false);
        for (ind, forms) in &cues.indicator {
            let ind = leak(ind.clone());
            for f in forms {
                indicators.add(f, ind);
            }
        }
        let mut months = HashMap::new();
        for key in ["months", "months_short"] {
            let list = cues.period.get(key).ok_or(format!("cues.toml: [period] lacks '{key}'"))?;
            for (i, m) in list.iter().enumerate() {
                months.insert(m.clone(), (i + 1) as u8);
            }
        }
        Ok(Lexicon {
            currency_prefix,
            currency_suffix,
            currency_exact,
            currency_by_partner,
            denominators: num.denominators,
            vulgar: num.vulgar,
            units: num.units,
            scales: num.scales,
            short_scales: num.short_scales,
            fractions: num.fractions,
            fold_words: num.fold_words,
            partners,
            qualifiers,
            growth,
            indicators,
            months,
            currency_rows,
        })
    }

    /// Checks the tables: no empty entry, ISO-shaped codes, and no surface
    /// form mapped to two currencies.
    pub fn validate(&self) -> Vec<String> {
        let mut errors = Vec::new();
        let mut seen: HashMap<(String, &str), &str> = HashMap::new();
        for (code, prefix, suffix, ambiguous) in &self.currency_rows {
            if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
                errors.push(format!("currencies.toml: code '{code}' is not ISO 4217 shaped"));
            }
            if prefix.is_empty() && suffix.is_empty() {
                errors.push(format!("currencies.toml: {code} has no forms"));
            }
            for a in ambiguous {
                if !prefix.contains(a) && !suffix.contains(a) {
                    errors.push(format!("currencies.toml: {code}: ambiguous form '{a}' is not one of its forms"));
                }
            }
            for (side, forms) in [("prefix", prefix), ("suffix", suffix)] {
                for f in forms {
                    if f.trim().is_empty() {
                        errors.push(format!("currencies.toml: {code}: empty {side} form"));
                    }
                    if let Some(other) = seen.insert((f.to_lowercase(), side), code) {
                        if other != code {
                            errors.push(format!("currencies.toml: {side} form '{f}' maps to {other} and {code}"));
                        }
                    }
                }
            }
        }
        let mut codes: HashMap<String, &str> = HashMap::new();
        for (p, (code, _)) in self.partners.phrases() {
            if let Some(other) = codes.insert(p.join(" "), code) {
                if other != *code {
                    errors.push(format!("partners.toml: form '{}' maps to {other} and {code}", p.join(" ")));
                }
            }
            if !(code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase())) && !GROUPS.contains(code) {
                errors.push(format!("partners.toml: '{code}' is neither ISO 3166 alpha-3 shaped nor a known group"));
            }
        }
        errors
    }
}

/// Group partner codes of FACTS.md (and the few more the gazetteer knows).
pub const GROUPS: [&str; 13] = ["WLD", "ASIA", "ASEAN", "EAEU", "EU", "CIS", "AFRICA", "GULF", "LATAM", "SCO", "BRICS", "MIDEAST", "USSR"];

/// The lexicon, parsed on first use.
pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::load().expect("bundled lexicon files parse (checked by the lexicon tests)"));

pub fn lexicon() -> &'static Lexicon {
    &LEXICON
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_lexicons_load_and_validate() {
        let lex = Lexicon::load().unwrap();
        assert_eq!(lex.validate(), Vec::<String>::new());
        assert!(lex.partners.len() > 300);
        assert_eq!(lex.months["september"], 9);
    }

    #[test]
    fn phrase_match_prefers_the_longest() {
        let lex = lexicon();
        let text = "1.95 billion US dollars";
        let toks = tokenize(text);
        let (end, code) = lex.currency_suffix.match_at(&toks, text, 4, toks.len()).unwrap();
        assert_eq!((end, code), (6, "USD"));
        let text = "Belarusian rubles";
        let toks = tokenize(text);
        assert_eq!(lex.currency_suffix.match_at(&toks, text, 0, toks.len()), Some((2, "BYN")));
    }

    #[test]
    fn match_ending_finds_qualifiers_before_a_figure() {
        let text = "amounted to more than one hundred";
        let toks = tokenize(text);
        assert_eq!(lexicon().qualifiers.match_ending(&toks, text, 4, 0), Some((2, "over")));
    }
}
