//! Lexicons: word lists as data (`*.toml` beside this file), parsed once.
//!
//! The grammar that combines words lives in `extract`; what the words are
//! lives here, so adding a currency, a country or a cue word touches one data
//! file. Phrase matchers are built from these tables at load time and never
//! copied by hand into code (the drift Duckling's currency regex suffers from).

use std::sync::LazyLock;

use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet as HashSet;

use serde::Deserialize;

use crate::tokenize::{tokenize_raw, TokKind, Token};

/// Phrases (as token sequences) mapped to a payload, matched over tokens.
#[derive(Debug, Default)]
pub struct PhraseSet<T> {
    phrases: Vec<(Vec<String>, T)>,
    by_first: HashMap<String, Vec<usize>>,
    by_last: HashMap<String, Vec<usize>>,
    case_sensitive: bool,
    /// Tokens in the longest phrase.
    max_tokens: usize,
}

fn key(s: &str, case_sensitive: bool) -> String {
    if case_sensitive {
        s.to_string()
    } else {
        s.to_lowercase()
    }
}

/// A word in lower case: borrowed when it already is, on the stack when it is
/// short ASCII, allocated only otherwise. Made by [`lower`] only.
pub struct Lower<'a>(Repr<'a>);

enum Repr<'a> {
    Borrowed(&'a str),
    /// ASCII bytes only (`lower` writes nothing else), so always UTF-8.
    Inline([u8; 32], u8),
    Owned(String),
}

impl std::ops::Deref for Lower<'_> {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        match &self.0 {
            Repr::Borrowed(s) => s,
            // Read for every word compared against a lexicon: validating the
            // bytes again each time cost 3% of the extraction's instructions.
            // SAFETY: `Inline` is private to this module and only `lower`
            // makes one, from ASCII bytes, which are valid UTF-8.
            Repr::Inline(b, n) => unsafe { std::str::from_utf8_unchecked(&b[..*n as usize]) },
            Repr::Owned(s) => s,
        }
    }
}

impl AsRef<str> for Lower<'_> {
    fn as_ref(&self) -> &str {
        self
    }
}

impl std::fmt::Display for Lower<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl PartialEq<&str> for Lower<'_> {
    fn eq(&self, other: &&str) -> bool {
        **self == **other
    }
}

impl PartialEq<Lower<'_>> for &str {
    fn eq(&self, other: &Lower<'_>) -> bool {
        **self == **other
    }
}

impl Default for Lower<'_> {
    fn default() -> Self {
        Lower(Repr::Borrowed(""))
    }
}

/// `s` in lower case, without allocating for short or already lower-case words.
pub fn lower(s: &str) -> Lower<'_> {
    let mut ascii = true;
    let mut upper = false;
    for b in s.bytes() {
        upper |= b.is_ascii_uppercase();
        ascii &= b.is_ascii();
    }
    if ascii {
        if !upper {
            return Lower(Repr::Borrowed(s));
        }
        if s.len() <= 32 {
            let mut buf = [0u8; 32];
            for (d, c) in buf.iter_mut().zip(s.bytes()) {
                *d = c.to_ascii_lowercase();
            }
            return Lower(Repr::Inline(buf, s.len() as u8));
        }
        return Lower(Repr::Owned(s.to_ascii_lowercase()));
    }
    if s.chars().any(char::is_uppercase) {
        Lower(Repr::Owned(s.to_lowercase()))
    } else {
        Lower(Repr::Borrowed(s))
    }
}

impl<T: Clone> PhraseSet<T> {
    pub fn new(case_sensitive: bool) -> Self {
        PhraseSet { phrases: Vec::new(), by_first: HashMap::default(), by_last: HashMap::default(), case_sensitive, max_tokens: 0 }
    }

    pub fn add(&mut self, phrase: &str, value: T) {
        let toks: Vec<String> = tokenize_raw(phrase).iter().map(|t| key(t.text(phrase), self.case_sensitive)).collect();
        if toks.is_empty() {
            return;
        }
        let id = self.phrases.len();
        self.by_first.entry(toks[0].clone()).or_default().push(id);
        self.by_last.entry(toks[toks.len() - 1].clone()).or_default().push(id);
        self.max_tokens = self.max_tokens.max(toks.len());
        self.phrases.push((toks, value));
    }

    /// Tokens in the longest phrase.
    pub fn max_tokens(&self) -> usize {
        self.max_tokens
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
            s.len() == want.len() && (s.eq_ignore_ascii_case(want) && s.is_ascii() || *lower(s) == *want)
        }
    }

    fn ids<'m>(&self, map: &'m HashMap<String, Vec<usize>>, word: &str) -> Option<&'m Vec<usize>> {
        if self.case_sensitive {
            map.get(word)
        } else {
            map.get(&*lower(word))
        }
    }

    /// The longest phrase starting at token `i` (not crossing `limit`): its end and value.
    pub fn match_at(&self, toks: &[Token], text: &str, i: usize, limit: usize) -> Option<(usize, T)> {
        let ids = self.ids(&self.by_first, toks.get(i)?.text(text))?;
        let mut best: Option<(usize, T)> = None;
        for &id in ids {
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
        let ids = self.ids(&self.by_last, toks[end - 1].text(text))?;
        let mut best: Option<(usize, T)> = None;
        for &id in ids {
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
    /// "reporter": only the text's own country resolves the form.
    #[serde(default)]
    side: Option<String>,
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
    counts: CountsTable,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountsTable {
    words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartnerRow {
    code: String,
    forms: Vec<String>,
    /// Parts of the country: provinces, regions, cities other than the capital.
    #[serde(default)]
    places: Vec<String>,
}

/// What a gazetteer form names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Side {
    /// ISO 3166 alpha-3 or group code.
    pub code: &'static str,
    /// A group of countries (EAEU, ASEAN, WLD ...).
    pub group: bool,
    /// A part of the country (a province, region or city): FACTS.md scope `region`.
    pub place: bool,
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

/// A currency's row of currencies.toml: code, prefix, suffix and ambiguous forms.
type CurrencyForms = (String, Vec<String>, Vec<String>, Vec<String>);

/// All lexicons, parsed and validated.
pub struct Lexicon {
    pub currency_prefix: PhraseSet<&'static str>,
    pub currency_suffix: PhraseSet<&'static str>,
    /// Forms of one or two letters ("Br", "RM", "Rs", "LE") and the other ISO
    /// codes: read only as written (case-sensitive), before and after a number.
    pub currency_exact: PhraseSet<&'static str>,
    /// Ambiguous forms read by the figure's country: (form, country) -> (code, reporter only).
    pub currency_by_partner: HashMap<(String, String), (&'static str, bool)>,
    pub denominators: HashMap<String, f64>,
    pub vulgar: HashMap<String, f64>,
    pub units: HashMap<String, f64>,
    pub scales: HashMap<String, f64>,
    pub short_scales: HashMap<String, f64>,
    pub fractions: HashMap<String, f64>,
    pub fold_words: HashMap<String, f64>,
    /// Nouns of counts (numbers.toml `[counts]`), lower case.
    pub count_nouns: HashSet<String>,
    /// Countries, their places and groups, case-sensitive.
    pub partners: PhraseSet<Side>,
    /// The linkers' word lists (`link.toml`).
    pub link: LinkWords,
    pub qualifiers: PhraseSet<&'static str>,
    pub growth: PhraseSet<GrowthCue>,
    pub indicators: PhraseSet<&'static str>,
    pub months: HashMap<String, u8>,
    /// Words that can begin a figure (number words, fractions, currency words,
    /// change verbs), in lower case, Capitalised and UPPER case: any other
    /// word is skipped at once, without lower-casing it.
    pub starters: HashSet<String>,
    /// First words of indicator cues, in the same three cases.
    pub cue_starters: HashSet<String>,
    /// Words that can begin a part-of-year phrase, in the same three cases.
    pub period_starters: HashSet<String>,
    /// The three sets above as token flags, one lookup per word.
    /// Flags and link word id of each word the lexicons know (with its case variants).
    pub word_flags: HashMap<String, (u8, u16)>,
    /// For each first byte, a bit per length (up to 63) of the flagged words:
    /// most words are ruled out without hashing them.
    pub flag_filter: Vec<u64>,
    /// Raw data for `validate` and `tradeseries rules`.
    currency_rows: Vec<CurrencyForms>,
}

/// Each word as written, in lower case, Capitalised and in UPPER case.
fn variants(words: Vec<String>) -> HashSet<String> {
    let mut out = HashSet::default();
    for w in words {
        let l = w.to_lowercase();
        let mut cap: String = l.chars().take(1).flat_map(char::to_uppercase).collect();
        cap.extend(l.chars().skip(1));
        out.insert(w.to_uppercase());
        out.insert(w);
        out.insert(cap);
        out.insert(l);
    }
    out
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

pub const CURRENCIES_TOML: &str = include_str!("currencies.toml");
pub const NUMBERS_TOML: &str = include_str!("numbers.toml");
pub const PARTNERS_TOML: &str = include_str!("partners.toml");
pub const CUES_TOML: &str = include_str!("cues.toml");
pub const ISO3166_TOML: &str = include_str!("iso3166.toml");
pub const LINK_TOML: &str = include_str!("link.toml");

mod link;
pub use link::{LinkWords, Words, W};
pub use crate::tokenize::NO_WORD;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Iso3166File {
    codes: Vec<String>,
}

/// ISO 3166-1 alpha-3 codes (`iso3166.toml`).
pub static COUNTRY_CODES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let f: Iso3166File = toml::from_str(ISO3166_TOML).expect("iso3166.toml parses (checked by the lexicon tests)");
    f.codes.into_iter().collect()
});

/// The code of currency forms that only the text's country resolves (`R`, `riyals`).
pub const CONTEXT_CURRENCY: &str = "XXX";

/// The partner groups of FACTS.md.
pub const FACTS_GROUPS: [&str; 9] = ["WLD", "ASIA", "ASEAN", "EAEU", "EU", "CIS", "AFRICA", "GULF", "LATAM"];

/// Is `code` a reporter or partner code of FACTS.md: an ISO 3166-1 alpha-3
/// code or one of its groups?
pub fn is_side_code(code: &str) -> bool {
    COUNTRY_CODES.contains(code) || FACTS_GROUPS.contains(&code)
}

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
        // ...and so are ISO codes ("TRY", "GEL", "ALL" are English words in lower case).
        let short_word = |f: &str| {
            (f.chars().filter(|c| c.is_alphabetic()).count() <= 2 && f.chars().any(|c| c.is_ascii_alphabetic()))
                || (f.len() == 3 && f.chars().all(|c| c.is_ascii_uppercase()))
        };
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
        let mut currency_by_partner = HashMap::default();
        for r in cur.resolve {
            let reporter_only = match r.side.as_deref() {
                None => false,
                Some("reporter") => true,
                Some(other) => return Err(format!("currencies.toml: [[resolve]] {}: side '{other}', expected reporter", r.form)),
            };
            currency_by_partner.insert((r.form, r.partner), (leak(r.code), reporter_only));
        }
        let mut partners = PhraseSet::new(true);
        for (rows, group) in [(&par.country, false), (&par.group, true)] {
            for row in rows {
                let code = leak(row.code.clone());
                for f in &row.forms {
                    partners.add(f, Side { code, group, place: false });
                }
                for f in &row.places {
                    partners.add(f, Side { code, group, place: true });
                }
            }
        }
        let link = LinkWords::load(LINK_TOML)?;
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
            let ind = crate::fact::Indicator::parse(ind).ok_or_else(|| format!("cues.toml: [indicator] unknown key '{ind}', expected one of: {}", crate::fact::Indicator::names()))?.as_str();
            for f in forms {
                indicators.add(f, ind);
            }
        }
        let mut months = HashMap::default();
        for key in ["months", "months_short"] {
            let list = cues.period.get(key).ok_or(format!("cues.toml: [period] lacks '{key}'"))?;
            for (i, m) in list.iter().enumerate() {
                months.insert(m.clone(), (i + 1) as u8);
            }
        }
        let mut words: Vec<String> = Vec::new();
        for w in num.units.keys().chain(num.fractions.keys()).chain(num.fold_words.keys()).chain(num.vulgar.keys()) {
            words.push(w.clone());
        }
        for w in ["a", "an", "tens", "hundreds", "hundred", "thousand", "dozen", "twice", "minus", "negative", "doubled", "doubling", "double", "doubles", "tripled", "triple", "triples", "tripling", "trebled", "quadrupled", "quadruple", "quadruples", "halved"] {
            words.push(w.into());
        }
        for set in [&currency_prefix, &currency_suffix, &currency_exact] {
            for (p, _) in set.phrases() {
                words.push(p[0].clone());
            }
        }
        let starters = variants(words);
        let cue_starters = variants(indicators.phrases().map(|(p, _)| p[0].clone()).collect());
        let mut pw: Vec<String> = num.units.keys().cloned().collect();
        pw.extend(["first", "second", "half", "h1", "q1"].map(String::from));
        pw.extend(months.keys().cloned());
        let period_starters = variants(pw);
        let mut word_flags: HashMap<String, (u8, u16)> = HashMap::default();
        let partner_starters: HashSet<String> = partners.phrases().map(|(p, _)| p[0].clone()).collect();
        let link_starters = variants(link.first_words());
        for (set, flag) in [
            (&starters, crate::tokenize::FLAG_STARTER),
            (&cue_starters, crate::tokenize::FLAG_CUE),
            (&period_starters, crate::tokenize::FLAG_PERIOD),
            (&partner_starters, crate::tokenize::FLAG_PARTNER),
            (&link_starters, crate::tokenize::FLAG_LINK),
        ] {
            for w in set {
                word_flags.entry(w.clone()).or_insert((0, link::NO_WORD)).0 |= flag;
            }
        }
        for (w, id) in link.vocabulary() {
            for v in variants(vec![w.to_string()]) {
                word_flags.entry(v).or_insert((0, link::NO_WORD)).1 = id;
            }
        }
        let mut flag_filter = vec![0u64; FILTER_WORDS];
        for w in word_flags.keys() {
            for bit in filter_bits(w.as_bytes()) {
                flag_filter[bit / 64] |= 1u64 << (bit % 64);
            }
        }
        Ok(Lexicon {
            flag_filter,
            word_flags,
            starters,
            cue_starters,
            period_starters,
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
            count_nouns: num.counts.words.iter().map(|w| w.to_lowercase()).collect(),
            partners,
            link,
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
        let mut seen: HashMap<(String, &str), &str> = HashMap::default();
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
        let mut codes: HashMap<String, &str> = HashMap::default();
        for (p, Side { code, .. }) in self.partners.phrases() {
            if let Some(other) = codes.insert(p.join(" "), code) {
                if other != *code {
                    errors.push(format!("partners.toml: form '{}' maps to {other} and {code}", p.join(" ")));
                }
            }
            if !COUNTRY_CODES.contains(*code) && !GROUPS.contains(code) {
                errors.push(format!("partners.toml: '{code}' is neither an ISO 3166 alpha-3 code nor a known group"));
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

impl Lexicon {
    /// The flags of a word (0 for most words, found without hashing).
    #[inline]
    pub fn flags_of(&self, w: &str) -> u8 {
        self.word_info(w).0
    }

    /// The flags of a word and its link word id (`link::NO_WORD` if none).
    #[inline]
    pub fn word_info(&self, w: &str) -> (u8, u16) {
        // Most words of a text are in no lexicon: a Bloom filter (8 KB, stays
        // in the L1 cache) turns them away before the hash table is probed.
        if filter_bits(w.as_bytes()).iter().any(|&bit| self.flag_filter[bit / 64] & (1u64 << (bit % 64)) == 0) {
            return (0, link::NO_WORD);
        }
        self.word_flags.get(w).copied().unwrap_or((0, link::NO_WORD))
    }
}

/// Bits of the word filter: 2^16, in u64 words.
const FILTER_WORDS: usize = (1 << 16) / 64;

/// The two filter bits of a word, from one multiplicative hash of its bytes
/// read eight at a time (short words as two overlapping halves, as wyhash
/// does: no copy through the stack).
#[inline]
fn filter_bits(b: &[u8]) -> [usize; 2] {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let n = b.len();
    let u32_at = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]) as u64;
    let u64_at = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
    let mut h = (n as u64).wrapping_mul(K);
    let mix = |h: u64, v: u64| (h.rotate_left(23) ^ v).wrapping_mul(K);
    if n >= 8 {
        let mut i = 0;
        while i + 8 <= n {
            h = mix(h, u64_at(i));
            i += 8;
        }
        if i < n {
            h = mix(h, u64_at(n - 8));
        }
    } else if n >= 4 {
        h = mix(h, u32_at(0) | (u32_at(n - 4) << 32));
    } else if n > 0 {
        h = mix(h, b[0] as u64 | (b[n / 2] as u64) << 8 | (b[n - 1] as u64) << 16);
    }
    [(h >> 48) as usize, ((h >> 32) & 0xFFFF) as usize]
}

/// Splits `text` into tokens (`tokenize::tokenize_raw`), each with what the
/// lexicons know of its word: its flags and its link word id, found in one
/// lookup, so the recognizers and linkers skip other words cheaply.
///
/// ```
/// use tradeseries::{lexicon::tokenize, tokenize::TokKind};
/// let t = "from \\$2.4bn".replace('\\', "");
/// let toks = tokenize(&t);
/// let kinds: Vec<_> = toks.iter().map(|t| t.kind).collect();
/// assert_eq!(kinds, [TokKind::Word, TokKind::Sym, TokKind::Num, TokKind::Punct, TokKind::Num, TokKind::Word]);
/// ```
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut toks = crate::tokenize::tokenize_raw(text);
    let lex = lexicon();
    for t in &mut toks {
        (t.flags, t.link) = match t.kind {
            crate::tokenize::TokKind::Num => (crate::tokenize::FLAG_STARTER | crate::tokenize::FLAG_PERIOD, NO_WORD),
            crate::tokenize::TokKind::Sym => (crate::tokenize::FLAG_STARTER | crate::tokenize::FLAG_PERIOD, lex.word_info(t.text(text)).1),
            crate::tokenize::TokKind::Word | crate::tokenize::TokKind::Punct => lex.word_info(t.text(text)),
            crate::tokenize::TokKind::Url | crate::tokenize::TokKind::Break => (0, NO_WORD),
        };
        // the lexicons hold each word as written, lowercase, capitalised and in capitals;
        // a word in another casing ("BelTA") finds its link word id by its lowercase form
        if t.link == NO_WORD && t.kind == crate::tokenize::TokKind::Word {
            let w = t.text(text);
            if w.chars().skip(1).any(char::is_uppercase) && w.chars().any(char::is_lowercase) {
                t.link = lex.link.word_id(&w.to_lowercase());
            }
        }
    }
    toks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_lexicons_load_and_validate() {
        let lex = Lexicon::load().unwrap();
        assert_eq!(lex.validate(), Vec::<String>::new());
        assert!(lex.partners.len() > 300);
        // the linker looks gazetteer forms up only at words flagged as their first words
        for (p, _) in lex.partners.phrases() {
            assert!(lex.word_flags.get(&p[0]).is_some_and(|f| f.0 & crate::tokenize::FLAG_PARTNER != 0), "{:?}", p);
        }
        assert_eq!(lex.months["september"], 9);
        assert_eq!(COUNTRY_CODES.len(), 249);
        assert!(is_side_code("BLR") && is_side_code("EAEU") && !is_side_code("XXX") && !is_side_code("belarus"));
    }

    #[test]
    fn phrase_match_prefers_the_longest() {
        use crate::lexicon::tokenize;
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
        use crate::lexicon::tokenize;
        let text = "amounted to more than one hundred";
        let toks = tokenize(text);
        assert_eq!(lexicon().qualifiers.match_ending(&toks, text, 4, 0), Some((2, "over")));
    }
}
