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
/// ```
pub fn interpret_numeral(groups: &[&str], seps: &[char], ocr_split: bool) -> Option<f64> {
    let int = |s: &str| s.parse::<f64>().ok();
    let join = |gs: &[&str]| gs.concat().parse::<f64>().ok();
    let decimal = |a: &str, b: &str| format!("{a}.{b}").parse::<f64>().ok();
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
                // 31.866.000 or 1,300,000: all groups after the first have 3 digits
                if groups[1..].iter().all(|g| g.len() == 3) && groups[0].len() <= 3 {
                    return join(groups);
                }
                return None;
            }
            if groups[1..n].iter().all(|g| g.len() == 3) && groups[0].len() <= 3 {
                decimal(&groups[..n].concat(), groups[n])
            } else {
                None
            }
        }
    }
}

/// A numeral at token `i`.
pub fn numeral(s: &Sent, i: usize) -> Option<Num> {
    let t = s.tok(i)?;
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
        if !(sep == "." || sep == ",") || tnext.kind != TokKind::Num || tnext.space_before {
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
    // Fall back to fewer groups when the full run does not read as a number.
    while !seps.is_empty() {
        if let Some(v) = interpret_numeral(&groups, &seps, ocr) {
            return Some(Num { value: v, start: i, end: i + 1 + 2 * seps.len(), words: false });
        }
        seps.pop();
        groups.pop();
        ocr = false;
    }
    interpret_numeral(&groups, &seps, false).map(|v| Num { value: v, start: i, end: i + 1, words: false })
}

fn small_word(s: &Sent, i: usize) -> Option<f64> {
    let w = s.lower(i)?;
    lexicon().units.get(w.as_str()).copied()
}

/// `twenty-five`, `one hundred`, `three hundred and twenty`: 1..999.
fn cardinal_words(s: &Sent, i: usize) -> Option<(f64, usize)> {
    let mut v = small_word(s, i)?;
    let mut j = i + 1;
    // twenty-five / twenty five
    if (20.0..=90.0).contains(&v) && v % 10.0 == 0.0 {
        let k = if s.is(j, "-") { j + 1 } else { j };
        if let Some(u) = small_word(s, k).filter(|u| *u < 10.0 && *u > 0.0) {
            v += u;
            j = k + 1;
        }
    }
    if s.lower(j).as_deref() == Some("hundred") {
        v *= 100.0;
        j += 1;
        let k = if s.is(j, "and") { j + 1 } else { j };
        if let Some((rest, e)) = cardinal_words(s, k).filter(|(r, _)| *r < 100.0) {
            v += rest;
            j = e;
        }
    }
    Some((v, j))
}

/// `and a half`, `-and a half`, `and-a-half`, `and a quarter` after a number.
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
    if !(s.is(k, "a") || s.is(k, "one")) {
        return None;
    }
    k += 1;
    if s.is(k, "-") {
        k += 1;
    }
    let f = lexicon().fractions.get(s.lower(k)?.as_str()).copied()?;
    Some((f, k + 1))
}

/// A number written with words at token `i`.
pub fn number_words(s: &Sent, i: usize) -> Option<Num> {
    let lex = lexicon();
    let w = s.lower(i)?;
    // "half", "a half", "a quarter", "half a"
    if let Some(f) = lex.fractions.get(w.as_str()) {
        return Some(Num { value: *f, start: i, end: i + 1, words: true });
    }
    if (w == "a" || w == "an") && s.lower(i + 1).is_some_and(|n| lex.fractions.contains_key(n.as_str())) {
        let f = lex.fractions[s.lower(i + 1)?.as_str()];
        return Some(Num { value: f, start: i, end: i + 2, words: true });
    }
    let (mut v, mut j) = cardinal_words(s, i)?;
    if let Some((f, e)) = and_fraction(s, j) {
        v += f;
        j = e;
    }
    Some(Num { value: v, start: i, end: j, words: true })
}

/// A number at token `i`: a numeral, or words.
pub fn number(s: &Sent, i: usize) -> Option<Num> {
    numeral(s, i).or_else(|| number_words(s, i))
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
    let lower = raw.to_lowercase();
    if let Some(v) = lex.scales.get(lower.as_str()) {
        // "hundred" is part of number words, not a scale after a numeral alone
        // ("5 hundred" is rare; "one hundred" is handled by number_words).
        // A second scale multiplies: "one hundred billion" is read by number_words first.
        let mut end = j + 1;
        // "mln." / "bln." abbreviations keep their dot out of the mention.
        if let Some((v2, e2)) = scale(s, end).filter(|(v2, _)| *v2 > *v) {
            return Some((v * v2, e2));
        }
        if lower == "hundred" {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::with_sent;

    fn read(text: &str) -> Option<(f64, String)> {
        with_sent(text, |s| {
            let n = number(s, s.lo)?;
            let (sc, end) = scale(s, n.end).unwrap_or((1.0, n.end));
            Some((n.value * sc, s.text[s.toks[n.start].span.start..s.toks[end - 1].span.end].to_string()))
        })
    }

    #[test]
    fn numerals() {
        for (text, v, m) in [
            ("1,300 tonnes", 1300.0, "1,300"),
            ("8.5 billion", 8.5e9, "8.5 billion"),
            ("36,3%", 36.3, "36,3"),
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
    fn separators_that_do_not_group_fall_back() {
        assert_eq!(interpret_numeral(&["1", "22", "333"], &[',', ','], false), None);
        assert_eq!(read("1,22,333").map(|x| x.0), Some(1.22));
    }
}
