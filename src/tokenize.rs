//! Tokenize: cleaned text -> tokens and sentences.
//!
//! Tokens are cut at character classes: a run of ASCII digits, a run of
//! letters, a URL (kept whole so nothing inside it is read as a figure), and
//! single symbols or punctuation. `space_before` records white space before a
//! token, which the recognizers use to tell `2.4bn` from `2. 4 bn`. Spans are
//! bytes of the cleaned text; [`crate::text::AlignedText`] maps them back.

use crate::text::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// ASCII digits.
    Num,
    /// Letters (any script).
    Word,
    /// Currency and percent signs.
    Sym,
    /// Any other single character.
    Punct,
    /// A URL or file path, kept whole.
    Url,
    /// A hard break from cleaning (`\n`): a heading or paragraph end.
    Break,
}

/// A token's byte range in a segment's cleaned text, kept small (segments are
/// at most a few MB) so that a token takes 12 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TokSpan {
    pub start: u32,
    pub end: u32,
}

impl TokSpan {
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    pub fn start(&self) -> usize {
        self.start as usize
    }
    pub fn end(&self) -> usize {
        self.end as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: TokSpan,
    pub kind: TokKind,
    pub space_before: bool,
    /// What the lexicons know of this word ([`FLAG_STARTER`], ...), looked up
    /// once here so that the recognizers and linkers skip other words cheaply.
    pub flags: u8,
    /// The word's id among the words that begin or end a phrase of the
    /// linkers' lists (`lexicon::link::NO_WORD` for any other), found in the
    /// same lookup as the flags.
    pub link: u16,
}

/// The token can begin a figure (numbers, symbols, number and currency words).
pub const FLAG_STARTER: u8 = 1;
/// The token can begin an indicator cue.
pub const FLAG_CUE: u8 = 2;
/// The token can begin a part-of-year phrase.
pub const FLAG_PERIOD: u8 = 4;
/// The token can begin a partner name (as written: the gazetteer is case-sensitive).
pub const FLAG_PARTNER: u8 = 8;
/// The token can begin a phrase of the linkers' word lists (`link.toml`).
pub const FLAG_LINK: u8 = 16;

/// The link word id of a token that begins or ends no phrase of the linkers'
/// lists (see `lexicon::LinkWords`), and of every token before the lexicon flags it.
pub const NO_WORD: u16 = u16::MAX;

impl Token {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.span.range()]
    }
}

fn is_sym(c: char) -> bool {
    matches!(c, '$' | '€' | '¥' | '£' | '₽' | '%' | '‰' | '₸' | '₹')
}

fn url_len(s: &str) -> Option<usize> {
    let lower_prefix = |p: &str| s.len() >= p.len() && s.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    if ["http://", "https://", "file://", "www.", "ftp://"].iter().any(|p| lower_prefix(p)) {
        let n = s.find(|c: char| c.is_whitespace() || c == '>' || c == ')' || c == '"').unwrap_or(s.len());
        Some(n)
    } else {
        None
    }
}


/// Splits `text` into tokens without lexicon flags (used to read the lexicons themselves).
pub fn tokenize_raw(text: &str) -> Vec<Token> {
    let b = text.as_bytes();
    let n = b.len();
    let mut toks = Vec::with_capacity(n / 5);
    let mut space = false;
    let mut i = 0;
    let tok = |s: usize, e: usize, kind: TokKind, space: bool| Token { span: TokSpan { start: s as u32, end: e as u32 }, kind, space_before: space, flags: 0, link: NO_WORD };
    // the end of a run of letters from `i` (ASCII by table, other scripts by char)
    let letters = |mut i: usize| {
        while i < n {
            // eight ASCII bytes at a time: most words end within them
            if i + 8 <= n {
                let k = ascii_letters(u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes")));
                i += k;
                if k == 8 {
                    continue;
                }
            }
            let d = b[i];
            match BYTE_CLASS[d as usize] {
                ALPHA => i += 1,
                HIGH => {
                    let ch = text[i..].chars().next().expect("i is a char boundary");
                    if !ch.is_alphabetic() {
                        break;
                    }
                    i += ch.len_utf8();
                }
                _ => break,
            }
        }
        i
    };
    while i < n {
        let c = b[i];
        match BYTE_CLASS[c as usize] {
            SPACE => {
                space = true;
                i += 1;
                continue;
            }
            NEWLINE => {
                toks.push(tok(i, i + 1, TokKind::Break, space));
                space = true;
                i += 1;
                continue;
            }
            DIGIT => {
                let s = i;
                i += 1;
                while i < n && BYTE_CLASS[b[i] as usize] == DIGIT {
                    i += 1;
                }
                toks.push(tok(s, i, TokKind::Num, space));
            }
            ALPHA => {
                if matches!(c, b'h' | b'H' | b'f' | b'F' | b'w' | b'W') {
                    if let Some(u) = url_len(&text[i..]) {
                        toks.push(tok(i, i + u, TokKind::Url, space));
                        i += u;
                        space = false;
                        continue;
                    }
                }
                let s = i;
                i = letters(i + 1);
                toks.push(tok(s, i, TokKind::Word, space));
            }
            SYMBOL => {
                toks.push(tok(i, i + 1, TokKind::Sym, space));
                i += 1;
            }
            PUNCT => {
                toks.push(tok(i, i + 1, TokKind::Punct, space));
                i += 1;
            }
            _ => {
                let ch = text[i..].chars().next().expect("i is a char boundary");
                let w = ch.len_utf8();
                if ch.is_whitespace() {
                    space = true;
                    i += w;
                    continue;
                }
                if ch.is_alphabetic() {
                    let s = i;
                    i = letters(i);
                    toks.push(tok(s, i, TokKind::Word, space));
                } else {
                    let kind = if is_sym(ch) { TokKind::Sym } else { TokKind::Punct };
                    toks.push(tok(i, i + w, kind, space));
                    i += w;
                }
            }
        }
        space = false;
    }
    toks
}

/// How many of the eight bytes of `x` (little-endian, first byte lowest)
/// are ASCII letters before the first byte that is not one (SWAR: no branch
/// per byte).
#[inline]
fn ascii_letters(x: u64) -> usize {
    const LO7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HI: u64 = 0x8080_8080_8080_8080;
    let y = (x | 0x2020_2020_2020_2020) & LO7; // letters folded to lower case, high bits clear
    let ge_a = (y + 0x1F1F_1F1F_1F1F_1F1F) & HI; // y >= 'a' (0x61)
    let gt_z = (y + 0x0505_0505_0505_0505) & HI; // y >= '{' (0x7B)
    let letter = ge_a & !gt_z & !(x & HI);
    let other = !letter & HI;
    (other.trailing_zeros() / 8) as usize
}

const SPACE: u8 = 0;
const NEWLINE: u8 = 1;
const DIGIT: u8 = 2;
const ALPHA: u8 = 3;
const SYMBOL: u8 = 4;
const PUNCT: u8 = 5;
const HIGH: u8 = 6;

/// What each byte starts: ASCII whitespace (and vertical tab), a line end,
/// a digit, a letter, `$`/`%`, other punctuation, or a multi-byte char.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [HIGH; 256];
    let mut c = 0;
    while c < 0x80 {
        let b = c as u8;
        t[c] = if b == b'\n' {
            NEWLINE
        } else if b.is_ascii_whitespace() || b == 0x0b {
            SPACE
        } else if b.is_ascii_digit() {
            DIGIT
        } else if b.is_ascii_alphabetic() {
            ALPHA
        } else if b == b'$' || b == b'%' {
            SYMBOL
        } else {
            PUNCT
        };
        c += 1;
    }
    t
};

/// A sentence: a token range and its span in the cleaned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub tokens: (usize, usize),
    pub span: Span,
}

const ABBREVIATIONS: [&str; 27] = [
    "mr", "mrs", "ms", "dr", "st", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "mln", "bln", "approx", "p", "rs", "nrs", "co",
];

/// Splits tokens into sentences at `.`, `!`, `?` (not inside numbers or after
/// abbreviations and initials) and at hard breaks.
pub fn sentences(text: &str, toks: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let push = |out: &mut Vec<Sentence>, a: usize, b: usize| {
        if a < b {
            out.push(Sentence { tokens: (a, b), span: Span::new(toks[a].span.start(), toks[b - 1].span.end()) });
        }
    };
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if t.kind == TokKind::Break {
            push(&mut out, start, i);
            start = i + 1;
            i += 1;
            continue;
        }
        let s = t.text(text);
        if t.kind == TokKind::Punct && matches!(s, "." | "!" | "?" | "…") {
            // Closing quotes and brackets belong to the sentence they end.
            let mut end = i + 1;
            // OCR text also sets them apart: `44.5% 5. ” Based`, `6. " So`.
            while end < toks.len() {
                let c = toks[end].text(text);
                let glued = !toks[end].space_before && matches!(c, "\"" | "”" | "»" | ")" | "'" | "’");
                let spaced = toks[end].space_before
                    && (matches!(c, "”" | "»") || (c == "\"" && toks.get(end + 1).is_none_or(|n| n.space_before)));
                if !(glued || spaced) {
                    break;
                }
                end += 1;
            }
            let next = toks.get(end);
            let boundary = match next {
                None => true,
                Some(n) => {
                    let ns = n.text(text);
                    let starts_upper = ns.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || "\"“«(<[$€£¥".contains(c));
                    let decimal = s == "." && i > 0 && toks[i - 1].kind == TokKind::Num && n.kind == TokKind::Num && !n.space_before;
                    let prev = if i > 0 { toks[i - 1].text(text) } else { "" };
                    let abbrev = s == "." && i > 0 && toks[i - 1].kind == TokKind::Word
                        && (ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(prev)) || (prev.chars().count() == 1 && prev.chars().all(char::is_uppercase)));
                    (n.space_before || end > i + 1) && starts_upper && !decimal && !abbrev || n.kind == TokKind::Break
                }
            };
            if boundary {
                push(&mut out, start, end);
                start = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    push(&mut out, start, toks.len());
    out
}

#[cfg(test)]
mod tests {
    use crate::lexicon::tokenize;
    use super::*;

    fn texts<'a>(src: &'a str, toks: &[Token]) -> Vec<&'a str> {
        toks.iter().map(|t| t.text(src)).collect()
    }

    #[test]
    fn cuts_numbers_words_symbols() {
        let s = "US$ 13 .7 bln, 36,3% and €12m";
        let t = tokenize(s);
        assert_eq!(texts(s, &t), ["US", "$", "13", ".", "7", "bln", ",", "36", ",", "3", "%", "and", "€", "12", "m"]);
        assert!(t[2].space_before && t[3].space_before && !t[4].space_before);
    }

    #[test]
    fn ascii_letter_runs_by_eight() {
        for (s, n) in [("abcdefgh", 8), ("abc defg", 3), ("ABCxyz[]", 6), ("@abc", 0), ("Zz`{aaaa", 2), ("word\u{e9}xx", 4), ("12345678", 0)] {
            let mut b = [b' '; 8];
            b[..s.len().min(8)].copy_from_slice(&s.as_bytes()[..s.len().min(8)]);
            assert_eq!(ascii_letters(u64::from_le_bytes(b)), n, "{s:?}");
        }
        // every byte value, alone before seven letters
        for c in 0u8..=255 {
            let mut b = [b'a'; 8];
            b[3] = c;
            let want = if c.is_ascii_alphabetic() { 8 } else { 3 };
            assert_eq!(ascii_letters(u64::from_le_bytes(b)), want, "{c:#x}");
        }
    }

    #[test]
    fn urls_are_one_token() {
        let s = "see https://belta.by/x-123-2022/ for $5 million";
        let t = tokenize(s);
        assert_eq!(t[1].kind, TokKind::Url);
        assert_eq!(t[1].text(s), "https://belta.by/x-123-2022/");
    }

    #[test]
    fn sentences_skip_decimals_and_initials() {
        let s = "B. Zalessky said trade grew 2.5 times. Exports rose!\nNext one";
        let t = tokenize(s);
        let ss = sentences(s, &t);
        let got: Vec<&str> = ss.iter().map(|x| &s[x.span.range()]).collect();
        assert_eq!(got, ["B. Zalessky said trade grew 2.5 times.", "Exports rose!", "Next one"]);
    }

    #[test]
    fn sentences_end_after_footnote_marks_and_spaced_quotes() {
        let s = "imports increased by 44.5% 5. ” Based on the results. $20 million. <...> For comparison: x";
        let t = tokenize(s);
        let got: Vec<&str> = sentences(s, &t).iter().map(|x| &s[x.span.range()]).collect();
        assert_eq!(got, ["imports increased by 44.5% 5. ”", "Based on the results.", "$20 million.", "<...> For comparison: x"]);
    }
}
