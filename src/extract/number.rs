//! Numbers: numerals (`1,300`, `8.5`, `36,3`, `31.866.000`, OCR `13 .7`),
//! number words (`one hundred`, `two and a half`, `one-and a half`, `half`,
//! `a quarter`) and scale words (`million`, `bn`, glued `m`/`K`, OCR `min`).

use crate::lexicon::lexicon;
use crate::tokenize::TokKind;

use super::Sent;

/// A number read from tokens `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num {
    pub value: f64,
    pub start: usize,
    pub end: usize,
    /// Written with words.
    pub words: bool,
}

/// Interprets digit groups and the separators between them.
///
/// ```
/// use tradeseries::extract::number::interpret_numeral;
/// assert_eq!(interpret_numeral(&["1", "300"], &[','], false), Some(1300.0));
/// assert_eq!(interpret_numeral(&["36", "3"], &[','], false), Some(36.3));
/// assert_eq!(interpret_numeral(&["31", "866", "000"], &['.', '.'], false), Some(31866000.0));
/// assert_eq!(interpret_numeral(&["1", "092", "5"], &[',', '.'], false), Some(1092.5));
/// assert_eq!(interpret_numeral(&["13", "7"], &['.'], true), Some(13.7));
/// assert_eq!(interpret_numeral(&["12", "34", "567", "89"], &[',', ',', '.'], false), Some(1234567.89));
/// assert_eq!(interpret_numeral(&["1", "092", "5"], &['.', '.'], false), Some(1092.5));
/// ```
pub fn interpret_numeral(groups: &[&str], seps: &[char], ocr_split: bool) -> Option<f64> {
    let int = |s: &str| s.parse::<f64>().ok();
    let join = |gs: &[&str]| gs.concat().parse::<f64>().ok();
    let decimal = |a: &str, b: &str| format!("{a}.{b}").parse::<f64>().ok();
    // 3-digit groups, or the Indian 12,34,567 (2-digit groups before the last 3)
    let grouped = |gs: &[&str]| {
        let n = gs.len();
        gs[0].len() <= 3 && (gs[1..].iter().all(|g| g.len() == 3) || (n >= 3 && gs[n - 1].len() == 3 && gs[1..n - 1].iter().all(|g| g.len() == 2) && gs[0].len() <= 2))
    };
    match seps.len() {
        0 => int(groups[0]),
        1 => {
            let (a, b) = (groups[0], groups[1]);
            if ocr_split || seps[0] == '.' {
                decimal(a, b)
            } else if b.len() == 3 && a.len() <= 3 && !a.starts_with('0') {
                join(groups)
            } else {
                decimal(a, b)
            }
        }
        n => {
            let last = seps[n - 1];
            let grouping = seps[0];
            if seps[..n - 1].iter().any(|&c| c != grouping) {
                return None;
            }
            if last == grouping {
                if grouped(groups) {
                    return join(groups);
                }
                // "1.092.5", "1,092,5": groups of three, then a decimal part
                // (a grouped number whose decimal point was written as the grouping mark)
                let (head, tail) = (&groups[..n], groups[n]);
                if tail.len() != 3 && head[0].len() <= 3 && head[1..].iter().all(|g| g.len() == 3) {
                    return decimal(&head.concat(), tail);
                }
                return None;
            }
            if grouped(&groups[..n]) {
                decimal(&groups[..n].concat(), groups[n])
            } else {
                None
            }
        }
    }
}

/// A sign glued to the number after it, standing free before it: "-9.2", "(-5%".
fn sign_at(s: &Sent, i: usize) -> bool {
    s.is_any(i, &["-", "−", "+"])
        && s.tok(i + 1).is_some_and(|t| t.kind == TokKind::Num && !t.space_before)
        && (i == s.lo || s.toks[i].space_before || s.is_any(i - 1, &["(", "$", "€", "£", "¥"]))
}

/// A numeral at token `i`: digits with separators (`1,300`, `8.5`, `36,3`,
/// `31.866.000`, OCR `13 .7`), space-grouped thousands (`10 000`), a sign
/// (`-9.2`), a leading point (`.08`), a slash fraction (`3/4`, `2 1/4`).
pub fn numeral(s: &Sent, i: usize) -> Option<Num> {
    let t = s.tok(i)?;
    if t.kind == TokKind::Punct {
        if sign_at(s, i) {
            let n = numeral(s, i + 1)?;
            let v = if s.is(i, "+") { n.value } else { -n.value };
            return Some(Num { value: v, start: i, ..n });
        }
        // ".08": a point standing free before digits
        if s.is(i, ".") && (i == s.lo || t.space_before) && s.tok(i + 1).is_some_and(|n| n.kind == TokKind::Num && !n.space_before) {
            let v: f64 = format!("0.{}", s.text_of(i + 1)).parse().ok()?;
            return Some(Num { value: v, start: i, end: i + 2, words: false });
        }
        return None;
    }
    if t.kind != TokKind::Num {
        return None;
    }
    let mut groups = vec![s.text_of(i)];
    let mut seps = Vec::new();
    let mut ocr = false;
    let mut j = i + 1;
    while j + 1 < s.hi {
        let sep = s.text_of(j);
        let (tsep, tnext) = (s.toks[j], s.toks[j + 1]);
        // OCR "16, 3%": a comma, then one digit spaced off and glued to its percent sign
        let spaced_decimal = sep == "," && !tsep.space_before && groups.len() == 1 && s.text_of(i).len() <= 3 && s.text_of(j + 1).len() == 1 && s.is(j + 2, "%") && !s.toks[j + 2].space_before;
        if !(sep == "." || sep == ",") || tnext.kind != TokKind::Num || (tnext.space_before && !spaced_decimal) {
            break;
        }
        if spaced_decimal && tnext.space_before {
            seps.push(',');
            groups.push(s.text_of(j + 1));
            ocr = true;
            break;
        }
        if tsep.space_before {
            // OCR split "13 .7" / "1 ,6": only right after the first group, as a decimal part.
            if groups.len() != 1 || s.text_of(j + 1).len() > 2 {
                break;
            }
            ocr = true;
        }
        seps.push(sep.chars().next().expect("separator is one char"));
        groups.push(s.text_of(j + 1));
        j += 2;
        if ocr {
            break;
        }
    }
    // A run like "22,24,26,31" is a list, not a number: read its first group only.
    if seps.len() >= 2 && seps.iter().all(|&c| c == seps[0]) && interpret_numeral(&groups, &seps, ocr).is_none() {
        seps.clear();
        groups.truncate(1);
    }
    // Fall back to fewer groups when the full run does not read as a number.
    let mut found = None;
    while !seps.is_empty() {
        if let Some(v) = interpret_numeral(&groups, &seps, ocr) {
            found = Some(Num { value: v, start: i, end: i + 1 + 2 * seps.len(), words: false });
            break;
        }
        seps.pop();
        groups.pop();
        ocr = false;
    }
    let mut n = match found {
        Some(n) => n,
        None => Num { value: interpret_numeral(&groups, &seps, false)?, start: i, end: i + 1, words: false },
    };
    // "10 000", "1 414 021 100": space-grouped thousands after a short first group
    if n.end == i + 1 && s.text_of(i).len() <= 3 {
        let mut k = n.end;
        let mut digits = s.text_of(i).to_string();
        while s.tok(k).is_some_and(|t| t.kind == TokKind::Num && t.space_before && t.span.len() == 3)
            && s.toks[k].span.start - s.toks[k - 1].span.end <= 3
            && !s.text[s.toks[k - 1].span.end()..s.toks[k].span.start()].contains('\n')
        {
            digits.push_str(s.text_of(k));
            k += 1;
        }
        if k > n.end {
            // a decimal part may follow the last group: "1 234 567.89"
            let mut v: f64 = digits.parse().ok()?;
            if s.is(k, ".") && s.tok(k + 1).is_some_and(|t| t.kind == TokKind::Num && !t.space_before) && !s.toks[k].space_before {
                v = format!("{digits}.{}", s.text_of(k + 1)).parse().ok()?;
                k += 2;
            }
            n = Num { value: v, start: i, end: k, words: false };
        }
    }
    // "3/4", "2 1/4" (not dates "5/17/2018" or codes "2222/2222")
    let after_slash = i > s.lo && s.is(i - 1, "/") && !t.space_before;
    if n.end == i + 1
        && !after_slash
        && s.text_of(i).len() <= 3
        && s.is(n.end, "/")
        && !s.toks[n.end].space_before
        && s.tok(n.end + 1).is_some_and(|t| t.kind == TokKind::Num && !t.space_before && t.span.len() <= 3)
    {
        let d: f64 = s.text_of(n.end + 1).parse().ok()?;
        if d > 0.0 && !s.is(n.end + 2, "/") {
            return Some(Num { value: n.value / d, start: i, end: n.end + 2, words: false });
        }
    }
    if n.end == i + 1 && s.tok(i + 1).is_some_and(|t| t.kind == TokKind::Num && t.space_before) {
        if let Some(f) = numeral(s, i + 1).filter(|f| f.value < 1.0 && f.value > 0.0 && s.is(f.start + 1, "/")) {
            return Some(Num { value: n.value + f.value, start: i, end: f.end, words: false });
        }
    }
    Some(n)
}

fn unit_word(s: &Sent, i: usize) -> Option<f64> {
    let w = s.lower(i)?;
    lexicon().units.get(&*w).copied()
}

/// A multiplying scale word inside a number ("two thousand", "one million").
fn inner_scale(s: &Sent, i: usize) -> Option<f64> {
    let w = s.lower(i)?;
    if w == "hundred" || w == "dozen" || w == "dozens" {
        return None;
    }
    lexicon().scales.get(&*w).copied()
}

/// 1..999 in words: `twenty-five`, `one hundred and three`, `three hundred`.
fn chunk_words(s: &Sent, i: usize) -> Option<(f64, usize)> {
    let mut j = i;
    let mut v = 0.0;
    let mut any = false;
    if let Some(u) = unit_word(s, j) {
        v = u;
        j += 1;
        any = true;
        // twenty-five / twenty five
        if (20.0..=90.0).contains(&u) && u % 10.0 == 0.0 {
            let k = if s.is(j, "-") { j + 1 } else { j };
            if let Some(d) = unit_word(s, k).filter(|d| *d < 10.0 && *d > 0.0) {
                v += d;
                j = k + 1;
            }
        }
    }
    if s.is_any(j, &["hundred", "hundreds"]) && (any || s.is_any(i, &["hundred"])) {
        v = if any { v * 100.0 } else { 100.0 };
        j += 1;
        any = true;
        let k = if s.is(j, "and") { j + 1 } else { j };
        if let Some((rest, e)) = chunk_words(s, k).filter(|(r, _)| *r < 100.0) {
            v += rest;
            j = e;
        }
    }
    any.then_some((v, j))
}

/// A cardinal in words, scales inside: `twenty-one trillion three hundred`,
/// `one million two thousand two hundred three`, `two thousand and two hundred`.
fn cardinal_words(s: &Sent, i: usize) -> Option<(f64, usize)> {
    let (mut group, mut j) = chunk_words(s, i)?;
    let mut total = 0.0;
    let mut last_scale = f64::INFINITY;
    loop {
        match inner_scale(s, j) {
            Some(sc) if sc < last_scale => {
                total += group * sc;
                last_scale = sc;
                j += 1;
                group = 0.0;
                // "one million and a half", "five billion and three quarters"
                if let Some((f, e)) = and_fraction(s, j) {
                    return Some((total + f * sc, e));
                }
                let k = if s.is(j, "and") { j + 1 } else { j };
                match chunk_words(s, k) {
                    Some((g, e)) if inner_scale(s, e).is_none_or(|sc2| sc2 < sc) => {
                        group = g;
                        j = e;
                    }
                    _ => break,
                }
            }
            _ => break,
        }
    }
    Some((total + group, j))
}

/// `and a half`, `-and a half`, `and-a-half`, `and two thirds`, `and a quarter`.
fn and_fraction(s: &Sent, j: usize) -> Option<(f64, usize)> {
    let mut k = j;
    if s.is(k, "-") {
        k += 1;
    }
    if !s.is(k, "and") {
        return None;
    }
    k += 1;
    if s.is(k, "-") {
        k += 1;
    }
    let num = if s.is_any(k, &["a", "an"]) { 1.0 } else { unit_word(s, k).filter(|n| *n > 0.0 && *n < 20.0)? };
    k += 1;
    if s.is(k, "-") {
        k += 1;
    }
    let d = *lexicon().denominators.get(&*s.lower(k)?)?;
    Some((num / d, k + 1))
}

/// "point five", "point zero three", "point seventy-one".
fn point_words(s: &Sent, j: usize) -> Option<(f64, usize)> {
    if !s.is(j, "point") {
        return None;
    }
    let mut k = j + 1;
    let mut digits = String::new();
    while let Some(u) = unit_word(s, k) {
        if u >= 10.0 {
            let (v, e) = chunk_words(s, k)?;
            digits.push_str(&format!("{}", v as u64));
            k = e;
            break;
        }
        digits.push_str(&format!("{}", u as u64));
        k += 1;
    }
    if digits.is_empty() {
        return None;
    }
    Some((format!("0.{digits}").parse().ok()?, k))
}

/// A number written with words at token `i`.
pub fn number_words(s: &Sent, i: usize) -> Option<Num> {
    let lex = lexicon();
    let w = s.lower(i)?;
    let tok = s.text_of(i);
    if let Some(v) = lex.vulgar.get(tok) {
        return Some(Num { value: *v, start: i, end: i + 1, words: true });
    }
    // "half", "a half", "a quarter", "a fifth", "half a"
    if let Some(f) = lex.fractions.get(&*w) {
        return Some(Num { value: *f, start: i, end: i + 1, words: true });
    }
    if w == "a" || w == "an" {
        let next = s.lower(i + 1)?;
        if let Some(d) = lex.denominators.get(&*next).filter(|_| !next.ends_with('s')) {
            return Some(Num { value: 1.0 / d, start: i, end: i + 2, words: true });
        }
        if let Some(f) = lex.fractions.get(&*next) {
            return Some(Num { value: *f, start: i, end: i + 2, words: true });
        }
        // "a hundred", "a thousand", "a dozen" (not "a million dollars": the scale reads that)
        if s.is_any(i + 1, &["hundred", "thousand", "dozen"]) {
            let base = if s.is(i + 1, "hundred") { 100.0 } else if s.is(i + 1, "dozen") { 12.0 } else { 1000.0 };
            return Some(Num { value: base, start: i, end: i + 2, words: true });
        }
        return None;
    }
    let (mut v, mut j) = cardinal_words(s, i)?;
    // "one hundred and three quarters": the fraction is the part after the last "and"
    if let Some(k) = (i..j).rev().find(|&k| s.is(k, "and")) {
        if let Some((g, e)) = cardinal_words(s, k + 1).filter(|(_, e)| *e == j) {
            let kk = if s.is(e, "-") { e + 1 } else { e };
            if let Some(d) = s.lower(kk).and_then(|w| lexicon().denominators.get(&*w).copied()) {
                if g >= 1.0 && !(d == 2.0 && g > 1.0) && (g == 1.0) != s.text_of(kk).ends_with('s') {
                    return Some(Num { value: v - g + g / d, start: i, end: kk + 1, words: true });
                }
            }
        }
    }
    if let Some((p, e)) = point_words(s, j) {
        v += p;
        j = e;
    }
    if let Some((f, e)) = and_fraction(s, j) {
        v += f;
        j = e;
    }
    // "two thirds", "twenty-three fifths", "one - fourth"
    let k = if s.is(j, "-") { j + 1 } else { j };
    if let Some(d) = s.lower(k).and_then(|n| lex.denominators.get(&*n).copied()) {
        let singular = !s.text_of(k).ends_with('s');
        if v >= 1.0 && (v == 1.0) == singular && !(d == 2.0 && v > 1.0) {
            v /= d;
            j = k + 1;
        }
    }
    Some(Num { value: v, start: i, end: j, words: true })
}

/// A number at token `i`: a numeral, or words.
///
/// While a sentence is being recognized ([`remember_numbers`]), each token's
/// number is read once: the money and growth recognizers ask for the same
/// tokens, and number words ("a", "an", "one") are looked up in several tables.
pub fn number(s: &Sent, i: usize) -> Option<Num> {
    let known = MEMO.with(|m| {
        let m = m.borrow();
        if m.holds(s, i) {
            m.vals.get(i - m.lo).copied().flatten()
        } else {
            None
        }
    });
    if let Some(n) = known {
        return n;
    }
    let n = numeral(s, i).or_else(|| number_words(s, i));
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.holds(s, i) {
            let k = i - m.lo;
            if let Some(v) = m.vals.get_mut(k) {
                *v = Some(n);
            }
        }
    });
    n
}

#[derive(Default)]
struct Memo {
    on: bool,
    /// The sentence remembered: its tokens and range.
    toks: usize,
    lo: usize,
    hi: usize,
    /// Per token from `lo`: not read yet (None), or its number.
    vals: Vec<Option<Option<Num>>>,
}

impl Memo {
    fn holds(&self, s: &Sent, i: usize) -> bool {
        self.on && self.toks == s.toks.as_ptr() as usize && self.lo == s.lo && self.hi == s.hi && i >= s.lo && i < s.hi
    }
}

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::default());
}

/// Remembers the numbers read in sentence `s` until the guard is dropped.
pub(crate) fn remember_numbers(s: &Sent) -> MemoGuard {
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        m.on = true;
        m.toks = s.toks.as_ptr() as usize;
        m.lo = s.lo;
        m.hi = s.hi;
        m.vals.clear();
        m.vals.resize(s.hi.saturating_sub(s.lo), None);
    });
    MemoGuard
}

pub(crate) struct MemoGuard;

impl Drop for MemoGuard {
    fn drop(&mut self) {
        MEMO.with(|m| m.borrow_mut().on = false);
    }
}

/// A number with the scale after it applied: "3 million and a half",
/// "half a dozen", "2.4bn". Returns the value, the scale (if any) and the end.
pub fn scaled_value(s: &Sent, n: &Num) -> (f64, Option<f64>, usize) {
    // "half a billion": "half" "a" <scale>
    let start = if n.words && s.is(n.end, "a") && scale(s, n.end + 1).is_some() { n.end + 1 } else { n.end };
    match scale(s, start) {
        Some((sc, e)) => match and_fraction(s, e) {
            Some((f, e2)) => ((n.value + f) * sc, Some(sc), e2),
            None => (n.value * sc, Some(sc), e),
        },
        None => (n.value, None, n.end),
    }
}

/// A scale word right after a number ending at token `j`: value and end.
/// Short forms (`m`, `K`, `b`) count only glued to the number (`$5m`) or when
/// a currency word follows (`13 min dollars`, OCR for `mln`).
pub fn scale(s: &Sent, j: usize) -> Option<(f64, usize)> {
    let lex = lexicon();
    let t = s.tok(j)?;
    if t.kind != TokKind::Word {
        return None;
    }
    let raw = s.text_of(j);
    let lower = crate::lexicon::lower(raw);
    if let Some(v) = lex.scales.get(&*lower) {
        // "hundred" is part of number words, not a scale after a numeral alone
        // ("5 hundred" is rare; "one hundred" is handled by number_words).
        // A second scale multiplies: "one hundred billion" is read by number_words first.
        let mut end = j + 1;
        // "mln." / "bln." abbreviations keep their dot out of the mention.
        if let Some((v2, e2)) = scale(s, end).filter(|(v2, _)| *v2 > *v) {
            return Some((v * v2, e2));
        }
        if &*lower == "hundred" && s.tok(j - 1).is_some_and(|t| t.kind != TokKind::Num) {
            return None;
        }
        end = end.min(s.hi);
        return Some((*v, end));
    }
    if let Some(v) = lex.short_scales.get(raw) {
        let glued = !t.space_before;
        let currency_follows = lex.currency_suffix.match_at(s.toks, s.text, j + 1, s.hi).is_some();
        if glued || currency_follows {
            return Some((*v, j + 1));
        }
    }
    None
}

/// "the one you mentioned", "which one": a pronoun, not a number.
fn is_pronoun_one(s: &Sent, n: &Num) -> bool {
    n.words
        && n.end == n.start + 1
        && s.is(n.start, "one")
        && n.start > s.lo
        && s.is_any(n.start - 1, &["the", "this", "that", "which", "each", "every", "any", "no", "another", "such", "only"])
}

/// Every number in `text`, left to right, with its scale applied: byte span and value.
/// (The number recognizer as such, for the peer number suites and `explain`.)
pub fn numbers_in(text: &str) -> Vec<(crate::text::Span, f64)> {
    super::with_sent(text, |s| {
        let mut out = Vec::new();
        let mut i = s.lo;
        while i < s.hi {
            if super::is_url(s, i) {
                i += 1;
                continue;
            }
            // "minus five", "negative one"
            let signed = s.is_any(i, &["minus", "negative"]) && number(s, i + 1).is_some();
            let at = if signed { i + 1 } else { i };
            match number(s, at) {
                Some(n) if !is_pronoun_one(s, &n) => {
                    let (v, _, end) = scaled_value(s, &n);
                    // "180ml", "29km", "4th": a number glued to a unit or an ordinal suffix
                    let glued_unit = s.tok(end).is_some_and(|t| t.kind == TokKind::Word && !t.space_before);
                    if !glued_unit {
                        out.push((s.span(i, end), if signed { -v } else { v }));
                    }
                    i = end.max(i + 1);
                }
                _ => i += 1,
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::with_sent;

    #[test]
    fn remembered_numbers_are_the_numbers_read_afresh() {
        let text = "a third of the two and a half billion, 1,300 tonnes and a hundred and 36,3 - one";
        with_sent(text, |s| {
            let fresh: Vec<Option<Num>> = (s.lo..s.hi).map(|i| number(s, i)).collect();
            let guard = remember_numbers(s);
            // twice: the second time from memory
            for _ in 0..2 {
                let kept: Vec<Option<Num>> = (s.lo..s.hi).map(|i| number(s, i)).collect();
                assert_eq!(kept, fresh);
            }
            drop(guard);
            assert!(!MEMO.with(|m| m.borrow().on));
        });
    }

    fn read(text: &str) -> Option<(f64, String)> {
        with_sent(text, |s| {
            let n = number(s, s.lo)?;
            let (sc, end) = scale(s, n.end).unwrap_or((1.0, n.end));
            Some((n.value * sc, s.text[s.toks[n.start].span.start()..s.toks[end - 1].span.end()].to_string()))
        })
    }

    #[test]
    fn numerals() {
        for (text, v, m) in [
            ("1,300 tonnes", 1300.0, "1,300"),
            ("8.5 billion", 8.5e9, "8.5 billion"),
            ("36,3%", 36.3, "36,3"),
            ("16, 3%", 16.3, "16, 3"),
            ("16, 35%", 16.0, "16"),
            ("16, 3 %", 16.0, "16"),
            ("31.866.000 dollars", 31_866_000.0, "31.866.000"),
            ("13 .7 billion", 13.7e9, "13 .7 billion"),
            ("1 ,6 times", 1.6, "1 ,6"),
            ("1,092.5 billion", 1092.5e9, "1,092.5 billion"),
            ("2.4bn", 2.4e9, "2.4bn"),
            ("5m", 5e6, "5m"),
            ("12K", 12e3, "12K"),
            ("13 min dollars", 13e6, "13 min"),
            ("500,000 people", 500_000.0, "500,000"),
            ("0,5", 0.5, "0,5"),
            ("10 000 dollars", 10_000.0, "10 000"),
            ("1 414 021 100 people", 1_414_021_100.0, "1 414 021 100"),
            ("12,34,567.89 rupees", 1_234_567.89, "12,34,567.89"),
            ("-9.25 points", -9.25, "-9.25"),
            (".08 of", 0.08, ".08"),
            ("3/4 of", 0.75, "3/4"),
            ("2 1/4 of", 2.25, "2 1/4"),
            ("5 lakh", 5e5, "5 lakh"),
        ] {
            let (got, mention) = read(text).unwrap_or_else(|| panic!("no number in {text:?}"));
            assert!((got - v).abs() < 1e-6 * v.max(1.0), "{text:?}: {got} != {v}");
            assert_eq!(mention, m, "{text:?}");
        }
    }

    #[test]
    fn number_words_and_fractions() {
        for (text, v, m) in [
            ("one hundred billion", 100e9, "one hundred billion"),
            ("two and a half trillion", 2.5e12, "two and a half trillion"),
            ("one-and a half times", 1.5, "one-and a half"),
            ("half a billion", 0.5, "half"),
            ("two thirds", 2.0 / 3.0, "two thirds"),
            ("twenty-one trillion three hundred", 21e12 + 300.0, "twenty-one trillion three hundred"),
            ("one million two thousand two hundred three", 1_002_203.0, "one million two thousand two hundred three"),
            ("two hundred point zero three", 200.03, "two hundred point zero three"),
            ("three quarters billion", 0.75e9, "three quarters billion"),
            ("a quarter", 0.25, "a quarter"),
            ("twenty-five million", 25e6, "twenty-five million"),
            ("three hundred and twenty", 320.0, "three hundred and twenty"),
            ("nine million dollars", 9e6, "nine million"),
        ] {
            let (got, mention) = read(text).unwrap_or_else(|| panic!("no number in {text:?}"));
            assert!((got - v).abs() < 1e-6 * v.max(1.0), "{text:?}: {got} != {v}");
            assert_eq!(mention, m, "{text:?}");
        }
    }

    #[test]
    fn footnote_marker_after_a_number_is_not_joined() {
        // "35.1% 9." : the 9 is a footnote marker, and "2021. 5" is not 2021.5
        assert_eq!(read("2021. 5 companies").map(|x| x.0), Some(2021.0));
        assert_eq!(read("35.1% 9.").map(|x| x.0), Some(35.1));
    }

    #[test]
    fn ranges_and_years_are_not_signed_or_grouped() {
        // "250-300" is a range, "2021 300 companies" two numbers
        assert_eq!(read("250-300 million").map(|x| x.0), Some(250.0));
        assert_eq!(read("2021 300 companies").map(|x| x.0), Some(2021.0));
        assert_eq!(read("in 245 23 yen").map(|x| x.0), None);
    }

    #[test]
    fn separators_that_do_not_group_fall_back() {
        assert_eq!(interpret_numeral(&["1", "2222", "333"], &[',', ','], false), None);
        assert_eq!(read("1,2222,333").map(|x| x.0), Some(1.0));
        // the Indian grouping is a grouping
        assert_eq!(interpret_numeral(&["1", "22", "333"], &[',', ','], false), Some(122333.0));
    }
}
