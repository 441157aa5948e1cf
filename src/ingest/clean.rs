//! Clean: original document text -> [`AlignedText`] ready for tokenizing.
//!
//! What it undoes, all seen in PDF/OCR and Markdown exports of books and news:
//! - Markdown escapes (`\$84 million` -> `$84 million`) and emphasis (`**`);
//! - footnote markers (`<sup>8</sup>`) and simple inline tags;
//! - lines broken by the PDF layout, with or without blank lines between them,
//!   joined with one space; a line ending in a hyphen joins the next directly;
//! - footnote and reference blocks: a whitespace separator line and the lines
//!   under it, lines starting with `<sup>n</sup>`, and numbered paragraphs that
//!   carry a bibliographic marker (`[Electronic resource]`, `URL`, `http`).
//!   What a dropped note cites is kept in one fact: the year of its source,
//!   at the place its marker (`<sup>n</sup>`, or a bare `n` ending a quote
//!   in a PDF page) stood ([`AlignedText::cited`]), which dates a deal the
//!   text reports with no date of its own.
//!
//! Headings and short title lines end their sentence: they become `\n`, which
//! the sentence splitter treats as a hard boundary. Every cleaned byte keeps
//! the original range it came from, so nothing here moves a fact's span.

use crate::text::{AlignedBuilder, AlignedText, Span};

/// A line of the original document: `[start, end)` without its line break.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Blank,
    /// A long run of spaces alone on a line: PDF footnote separator.
    Separator,
    Text,
}

fn split_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for i in memchr::memchr_iter(b'\n', bytes) {
        let end = if i > start && bytes[i - 1] == b'\r' { i - 1 } else { i };
        lines.push(Line { start, end });
        start = i + 1;
    }
    if start < text.len() {
        lines.push(Line { start, end: text.len() });
    }
    lines
}

fn kind(s: &str) -> LineKind {
    if s.trim().is_empty() {
        if s.chars().filter(|c| *c == ' ' || *c == '\t').count() >= 10 {
            LineKind::Separator
        } else {
            LineKind::Blank
        }
    } else {
        LineKind::Text
    }
}

const BIB_MARKERS: [&str; 6] = ["[Electronic resource]", "URL", "http", "www.", "Publishing", "ISBN"];

fn has_bib_marker(s: &str) -> bool {
    BIB_MARKERS.iter().any(|m| s.contains(m))
}

/// `12 Title...` or `12. Title...`: a footnote or reference-list number, then text.
fn starts_like_footnote(s: &str) -> bool {
    let digits = s.bytes().take_while(|b| b.is_ascii_digit()).count();
    let rest = &s[digits..];
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    (1..=3).contains(&digits) && rest.starts_with(' ') && rest.trim_start().chars().next().is_some_and(|c| !c.is_ascii_digit() && !c.is_lowercase())
}

fn starts_with_sup(s: &str) -> bool {
    s.trim_start().starts_with("<sup>")
}

/// Which lines are footnote/reference material to drop.
fn dropped_lines(text: &str, lines: &[Line], kinds: &[LineKind]) -> Vec<bool> {
    let n = lines.len();
    let mut drop = vec![false; n];
    let line = |i: usize| &text[lines[i].start..lines[i].end];
    let mut i = 0;
    while i < n {
        match kinds[i] {
            LineKind::Separator => {
                // The separator and the block under it, up to a blank line or a
                // line that starts with white space (the body resuming).
                drop[i] = true;
                let mut j = i + 1;
                while j < n && kinds[j] == LineKind::Text && !line(j).starts_with([' ', '\t']) {
                    drop[j] = true;
                    j += 1;
                }
                i = j;
            }
            LineKind::Text if starts_with_sup(line(i)) && has_bib_marker(line(i)) => {
                drop[i] = true;
                i += 1;
            }
            LineKind::Text => {
                // A paragraph (consecutive text lines): drop from a footnote-like
                // line to the paragraph's end when that part cites a source.
                let mut j = i;
                while j < n && kinds[j] == LineKind::Text {
                    j += 1;
                }
                let mut k = i;
                while k < j {
                    if starts_like_footnote(line(k)) && (k..j).take(4).any(|m| has_bib_marker(line(m))) {
                        for d in drop.iter_mut().take(j).skip(k) {
                            *d = true;
                        }
                        break;
                    }
                    k += 1;
                }
                i = j;
            }
            LineKind::Blank => i += 1,
        }
    }
    drop
}

/// Length in chars; most lines are ASCII, whose bytes are their chars.
fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

fn median_text_line_len(text: &str, lines: &[Line], kinds: &[LineKind]) -> usize {
    let mut lens: Vec<usize> = lines
        .iter()
        .zip(kinds)
        .filter(|(_, k)| **k == LineKind::Text)
        .map(|(l, _)| char_len(text[l.start..l.end].trim()))
        .collect();
    if lens.is_empty() {
        return 0;
    }
    lens.sort_unstable();
    lens[lens.len() / 2]
}

/// A footnote or reference entry among the dropped lines.
#[derive(Debug, Clone, Copy)]
struct Note {
    number: u32,
    /// The year of the source it cites ([`cited_year`]).
    year: Option<i32>,
    /// The line it starts on.
    line: usize,
    /// Under a page's separator line, with a bare number: its marker in the
    /// text is a bare number too ("... $1.054 billion 142. ”").
    bare: bool,
}

/// The number of the `<sup>n</sup>` marker `s` starts with.
fn sup_number(s: &str) -> Option<u32> {
    let rest = s.strip_prefix("<sup>")?;
    rest[..rest.find("</sup>")?].trim().parse().ok()
}

/// The number a footnote entry starts with: `<sup>12</sup> ...` (true), or
/// `12 Title` / `12. Title` (false).
fn note_number(s: &str) -> Option<(u32, bool)> {
    let t = s.trim_start();
    if t.starts_with("<sup>") {
        return sup_number(t).map(|n| (n, true));
    }
    if !starts_like_footnote(t) {
        return None;
    }
    let digits = t.bytes().take_while(|b| b.is_ascii_digit()).count();
    t[..digits].parse().ok().map(|n| (n, false))
}

/// The year a citation gives its source: the last year before its address
/// ("Title [Electronic resource]. - 2024. - URL: ...", "... Publishing,
/// 2023. - C. 12."); a year in the address is not it.
fn cited_year(s: &str) -> Option<i32> {
    let bytes = s.as_bytes();
    let body = [&b"URL"[..], b"http", b"www."].iter().filter_map(|m| memchr::memmem::find(bytes, m)).min().map_or(s, |k| &s[..k]);
    let b = body.as_bytes();
    let mut best = None;
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let j = i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if j - i == 4 && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) && (j == b.len() || !b[j].is_ascii_alphanumeric()) {
            let y: i32 = body[i..j].parse().expect("four digits");
            if crate::fact::YEARS.contains(&y) {
                best = Some(y);
            }
        }
        i = j;
    }
    best
}

/// The footnote entries among the dropped lines, with the years they cite.
fn notes(text: &str, lines: &[Line], kinds: &[LineKind], drop: &[bool]) -> Vec<Note> {
    let line = |i: usize| &text[lines[i].start..lines[i].end];
    let mut out: Vec<Note> = Vec::new();
    let mut under_separator = false;
    let mut i = 0;
    while i < lines.len() {
        if kinds[i] == LineKind::Separator {
            under_separator = true;
            i += 1;
            continue;
        }
        if !drop[i] || kinds[i] != LineKind::Text {
            under_separator = false;
            i += 1;
            continue;
        }
        let Some((number, sup)) = note_number(line(i)) else {
            i += 1;
            continue;
        };
        // the entry runs on over the dropped lines up to the next entry (a few lines at most)
        let mut j = i + 1;
        while j < lines.len() && j < i + 6 && drop[j] && kinds[j] == LineKind::Text && note_number(line(j)).is_none() {
            j += 1;
        }
        let entry = &text[lines[i].start..lines[j - 1].end];
        out.push(Note { number, year: cited_year(entry), line: i, bare: under_separator && !sup });
        i = j;
    }
    out
}

/// Is any of the eight bytes of `x` an ASCII digit? (0x30..=0x39: the byte
/// xor 0x30 is below 10; bytes of 0x80 and above are never flagged.)
#[inline]
fn has_digit(x: u64) -> bool {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let y = x ^ (LO * 0x30);
    (y.wrapping_sub(LO * 10) & !y & HI & !x) != 0
}

/// The bare numbers of `text[from..end)` that stand as footnote markers:
/// after a word and a space, ending the sentence or quote ("billion 142. ”",
/// "interaction 143."). (number, byte), in text order. One pass over a page.
fn bare_markers(text: &str, from: usize, end: usize) -> Vec<(u32, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut k = from.max(2);
    while k < end {
        // eight bytes at a time past text with no digit (most of a page)
        if k + 8 <= end && !has_digit(u64::from_le_bytes(b[k..k + 8].try_into().expect("8 bytes"))) {
            k += 8;
            continue;
        }
        if !b[k].is_ascii_digit() {
            k += 1;
            continue;
        }
        let e = k + b[k..end].iter().take_while(|c| c.is_ascii_digit()).count();
        if e - k <= 3 && b[k - 1] == b' ' && (b[k - 2].is_ascii_alphabetic() || b[k - 2] == b')') && (k < 3 || !b[k - 3].is_ascii_digit()) {
            let mut rest = &text[e..end];
            let punct = rest.starts_with(['.', ',', ';']);
            if punct {
                rest = &rest[1..];
            }
            let rest = rest.trim_start_matches(' ');
            if rest.is_empty() || rest.starts_with(['\n', '”', '"', '»']) || (punct && rest.starts_with(|c: char| c.is_uppercase())) {
                out.push((text[k..e].parse().expect("digits"), k));
            }
        }
        k = e;
    }
    out
}

/// The cleaned text's footnote markers with the years their notes cite:
/// `<sup>n</sup>` markers (`sups`: where each stood, its number) take the
/// first entry of their number after them, else the last before; a bare
/// number is looked for before its entry under a page's separator.
fn cite(t: &AlignedText, notes: &[Note], note_at: &[usize], sups: &[(usize, u32)]) -> Vec<(usize, i32)> {
    let mut out = Vec::new();
    if !sups.is_empty() {
        // the notes by number, then place
        let mut by_number: Vec<(u32, usize, Option<i32>)> = notes.iter().zip(note_at).map(|(x, &at)| (x.number, at, x.year)).collect();
        by_number.sort_unstable();
        for &(pos, n) in sups {
            let lo = by_number.partition_point(|x| x.0 < n);
            let hi = by_number.partition_point(|x| x.0 <= n);
            let same = &by_number[lo..hi];
            let note = same.iter().find(|x| x.1 >= pos).or(same.last());
            if let Some(y) = note.and_then(|x| x.2) {
                out.push((pos, y));
            }
        }
    }
    // (a bare marker stands on its page: after the notes of the page before; the last of its number)
    let mut page_start = 0;
    let mut block_at = 0;
    let mut markers: Option<Vec<(u32, usize)>> = None;
    for (x, &at) in notes.iter().zip(note_at) {
        let at = at.min(t.text.len());
        if at > block_at {
            page_start = block_at;
            block_at = at;
            markers = None;
        }
        if let (true, Some(y)) = (x.bare, x.year) {
            let on_page = markers.get_or_insert_with(|| bare_markers(&t.text, page_start, at));
            if let Some(&(_, pos)) = on_page.iter().rev().find(|m| m.0 == x.number) {
                out.push((pos, y));
            }
        }
    }
    out.sort_unstable();
    out.dedup_by_key(|c| c.0);
    out
}

/// Cleans a whole document.
pub fn clean(text: &str) -> AlignedText {
    let lines = split_lines(text);
    let kinds: Vec<LineKind> = lines.iter().map(|l| kind(&text[l.start..l.end])).collect();
    let drop = dropped_lines(text, &lines, &kinds);
    let median = median_text_line_len(text, &lines, &kinds);
    let notes = notes(text, &lines, &kinds, &drop);
    // where each note stood in the cleaned text, and the `<sup>` markers met
    let mut note_at = Vec::with_capacity(notes.len());
    let mut sups = Vec::new();

    let mut b = AlignedBuilder::with_capacity(text.len());
    // Where the pending break starts in the original, and its kind.
    let mut prev_line: Option<&str> = None;
    let mut gap_start: usize = 0;
    let mut gap_has_blank = false;
    for (i, l) in lines.iter().enumerate() {
        let raw = &text[l.start..l.end];
        if notes.get(note_at.len()).is_some_and(|x| x.line == i) {
            note_at.push(b.len());
        }
        if drop[i] || kinds[i] != LineKind::Text {
            if kinds[i] != LineKind::Text {
                gap_has_blank = true;
            }
            continue;
        }
        let lead = raw.len() - raw.trim_start().len();
        let body = raw.trim();
        let body_start = l.start + lead;
        if let Some(prev) = prev_line {
            let gap = Span::new(gap_start, body_start);
            let prev_t = prev.trim_end();
            let hard = is_hard_break(prev_t, body, median, gap_has_blank);
            b.trim_end_spaces();
            if hard {
                b.replace("\n", gap);
            } else if prev_t.ends_with('-') && prev_t.len() > 1 && body.starts_with(|c: char| c.is_lowercase()) {
                // "hot-" + "rolled": the hyphen stays, the break goes.
                b.replace("", gap);
            } else {
                b.replace(" ", gap);
            }
        }
        clean_inline(body, body_start, &mut b, &mut sups);
        prev_line = Some(body);
        gap_start = l.start + lead + body.len();
        gap_has_blank = false;
    }
    let mut t = b.finish();
    if !notes.is_empty() {
        t.cited = cite(&t, &notes, &note_at, &sups);
    }
    t
}

fn is_hard_break(prev: &str, next: &str, median: usize, blank_between: bool) -> bool {
    if prev.starts_with('#') || next.starts_with('#') {
        return true;
    }
    let ends_open = prev.ends_with([',', ';', '-', '–', '(']) || prev.ends_with(char::is_lowercase) && !blank_between;
    let next_opens = next.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || "\"“«*".contains(c));
    let short = char_len(prev) * 10 < median * 6;
    let terminal = prev.ends_with(['.', '!', '?', ':', '"', '”', '»']);
    // Markdown-style documents hold one paragraph per line (news: with or
    // without blank lines between); in a PDF's justified lines a paragraph
    // ends on a short line that ends a sentence. A short line that ends none
    // is a heading.
    (median > 200 && blank_between) || (short && !ends_open && next_opens && !terminal) || (terminal && median > 120 && next_opens) || (terminal && short && next_opens)
}

/// Bytes that may begin inline markup: `\\`, `<`, `*`, and the lead bytes of
/// NBSP / soft hyphen (0xC2) and thin spaces (0xE2). Every other byte is copied.
const INLINE_SPECIAL_BYTES: [u8; 5] = [b'\\', b'<', b'*', 0xC2, 0xE2];

/// [`INLINE_SPECIAL_BYTES`] as a byte table.
static INLINE_SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    while k < INLINE_SPECIAL_BYTES.len() {
        t[INLINE_SPECIAL_BYTES[k] as usize] = true;
        k += 1;
    }
    t
};

/// The first byte at or after `i` that may begin inline markup
/// ([`INLINE_SPECIAL`]), or the end. Eight bytes at a time: most of a line
/// is plain text (a byte-at-a-time loop here was 4% of the extraction's
/// instructions).
#[inline]
fn next_special(bytes: &[u8], mut i: usize) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // the high bit of each byte of `x` equal to `v`; a byte above one that
    // matches may be marked too (borrow), but the lowest mark is exact
    let eq = |x: u64, v: u8| {
        let y = x ^ (LO * v as u64);
        y.wrapping_sub(LO) & !y & HI
    };
    while i + 8 <= bytes.len() {
        let x = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("8 bytes"));
        let m = INLINE_SPECIAL_BYTES.iter().fold(0, |m, &v| m | eq(x, v));
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && !INLINE_SPECIAL[bytes[i] as usize] {
        i += 1;
    }
    i
}

/// Copies one line's text, undoing inline markup.
/// `sups` gets each `<sup>n</sup>` marker dropped: where it stood, its number.
fn clean_inline(s: &str, at: usize, b: &mut AlignedBuilder, sups: &mut Vec<(usize, u32)>) {
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut run = 0; // start of the pending verbatim run
    macro_rules! flush {
        ($to:expr) => {
            if run < $to {
                b.copy(&s[run..$to], at + run);
            }
        };
    }
    while i < bytes.len() {
        i = next_special(bytes, i);
        let Some(&c) = bytes.get(i) else { break };
        if c == b'\\' && i + 1 < bytes.len() && b"$%*_[]#().-+!&<>".contains(&bytes[i + 1]) {
            // The escaped char stands for both bytes, so a figure's mention keeps
            // its raw form (`\$84 million`, as FACTS.md shows it).
            flush!(i);
            b.replace(&s[i + 1..i + 2], Span::new(at + i, at + i + 2));
            i += 2;
            run = i;
        } else if c == b'<' {
            if let Some(len) = tag_len(&s[i..]) {
                flush!(i);
                // A dropped tag between two words still separates them.
                let sep = if i > 0 && i + len < bytes.len() && bytes[i - 1].is_ascii_alphanumeric() && bytes[i + len].is_ascii_alphanumeric() && !s[i..].starts_with("<sup>") {
                    " "
                } else {
                    ""
                };
                b.replace(sep, Span::new(at + i, at + i + len));
                if let Some(n) = sup_number(&s[i..i + len]) {
                    sups.push((b.len(), n));
                }
                i += len;
                run = i;
            } else {
                i += 1;
            }
        } else if c == b'*' && bytes.get(i + 1) == Some(&b'*') {
            flush!(i);
            b.replace("", Span::new(at + i, at + i + 2));
            i += 2;
            run = i;
        } else if c == 0xC2 && matches!(bytes.get(i + 1), Some(0xA0) | Some(0xAD)) {
            // NBSP -> space, soft hyphen -> nothing.
            flush!(i);
            let rep = if bytes[i + 1] == 0xA0 { " " } else { "" };
            b.replace(rep, Span::new(at + i, at + i + 2));
            i += 2;
            run = i;
        } else if c == 0xE2 && bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0x89) | Some(0xAF)) {
            // thin space, narrow no-break space -> space
            flush!(i);
            b.replace(" ", Span::new(at + i, at + i + 3));
            i += 3;
            run = i;
        } else {
            i += 1;
        }
    }
    flush!(bytes.len());
}

/// Length of an inline tag to drop at the start of `s`: `<sup>..</sup>` as a
/// whole (a footnote number), or a bare `<br>`, `<b>`, `</i>`, ...
fn tag_len(s: &str) -> Option<usize> {
    for (open, close) in [("<sup>", "</sup>"), ("<sub>", "</sub>")] {
        if let Some(rest) = s.strip_prefix(open) {
            let end = rest.find(close)?;
            if end <= 12 {
                return Some(open.len() + end + close.len());
            }
            return None;
        }
    }
    for tag in ["<br>", "<br/>", "<br />", "<b>", "</b>", "<i>", "</i>", "<em>", "</em>", "<strong>", "</strong>", "<u>", "</u>"] {
        if s.len() >= tag.len() && s.as_bytes()[..tag.len()].eq_ignore_ascii_case(tag.as_bytes()) {
            return Some(tag.len());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_special_finds_the_first_markup_byte_as_a_byte_scan_does() {
        // every start in strings mixing the special bytes with near misses
        // (bytes one off, other lead bytes) at every offset around the 8-byte steps
        let alphabet: &[u8] = &[b'a', b' ', b'\\', b'<', b'*', 0xC2, 0xE2, 0xC3, 0xE1, b'[', b';', b')', b'+', 0x80, 0xA0, 0x01];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for len in 0..40 {
            for _ in 0..50 {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        // mostly plain letters, so that runs of them cross the 8-byte steps
                        if seed & 3 == 0 { alphabet[(seed >> 8) as usize % alphabet.len()] } else { b'a' }
                    })
                    .collect();
                for i in 0..=len {
                    let want = (i..len).find(|&k| INLINE_SPECIAL[bytes[k] as usize]).unwrap_or(len);
                    assert_eq!(next_special(&bytes, i), want, "{bytes:?} from {i}");
                }
            }
        }
    }

    #[test]
    fn has_digit_flags_exactly_the_words_with_a_digit() {
        for w in [*b"abcdefgh", *b"0bcdefgh", *b"abcdefg9", *b"/:;@ \xff\x80z", *b"\xb0\xb9\x30xxxxx", *b"........"] {
            assert_eq!(has_digit(u64::from_le_bytes(w)), w.iter().any(u8::is_ascii_digit), "{w:?}");
        }
        // every byte value in every lane
        for v in 0..=255u8 {
            for lane in 0..8 {
                let mut w = *b"xxxxxxxx";
                w[lane] = v;
                assert_eq!(has_digit(u64::from_le_bytes(w)), v.is_ascii_digit(), "{v} at {lane}");
            }
        }
    }

    #[test]
    fn a_citation_gives_the_year_before_its_address() {
        assert_eq!(cited_year("142 Belarus and Uzbekistan will implement projects in 2024-2025 [Electronic resource]. – 2024. – URL : https://x.by/y-613960-2023/"), Some(2024));
        assert_eq!(cited_year("Zalesky, B. Belarus - China / B. Zalesky. - LAP LAMBERT Academic Publishing, 2023. - C. 12."), Some(2023));
        assert_eq!(cited_year("Minsk enterprises [Electronic resource]. - URL: https://x.by/a-2021/"), None);
        assert_eq!(cited_year("Report No. 12345 of 20245"), None);
    }

    #[test]
    fn sup_markers_take_the_year_of_their_note() {
        let orig = "Deals worth $2 million were signed.\"<sup>14</sup>. Talks went on.<sup>15</sup>\n\n<sup>14</sup> Deals signed [Electronic resource]. - 2024. - URL: <https://x.by/a-2021/>\n\n<sup>15</sup> Talks [Electronic resource]. - URL: <https://x.by/b/>\n";
        let t = clean(orig);
        let at = t.text.find("\".").expect("quote") + 1;
        assert_eq!(t.cited, vec![(at, 2024)], "{:?}", t.text);
    }

    #[test]
    fn a_bare_number_under_a_page_separator_is_the_marker_of_its_note() {
        let sep = " ".repeat(48);
        let orig = format!("The plant signed a contract worth $700 thousand 58. ”\nThere are 58 students.\n{sep}\n58 Contracts signed at UzFood [Electronic resource]. – 2023. – URL :\nhttps://x.by/u-553311-2022/\n The exhibition went on.");
        let t = clean(&orig);
        let at = t.text.find("58. ”").expect("marker");
        // the number in "There are 58 students." ends no quote and names something: not a marker
        assert_eq!(t.cited, vec![(at, 2023)], "{:?}", t.text);
    }

    fn check_alignment(orig: &str, t: &AlignedText) {
        // Every cleaned non-space char maps to the same char in the original.
        for (i, c) in t.text.char_indices() {
            if c == ' ' || c == '\n' {
                continue;
            }
            let o = t.to_original(Span::new(i, i + c.len_utf8()));
            let src = &orig[o.range()];
            assert!(src == c.to_string() || src == format!("\\{c}"), "at cleaned byte {i}: {c:?} from {src:?}");
        }
    }

    #[test]
    fn drops_escapes_and_sup_markers() {
        let orig = "from \\$2.4bn in 2019 to \\$5.2bn in 2023\"<sup>8</sup>. Next.";
        let t = clean(orig);
        assert_eq!(t.text, "from $2.4bn in 2019 to $5.2bn in 2023\". Next.");
        check_alignment(orig, &t);
        let s = t.text.find("$2.4bn").unwrap();
        assert_eq!(&orig[t.to_original(Span::new(s, s + 6)).range()], "\\$2.4bn");
    }

    #[test]
    fn joins_pdf_lines_separated_by_blank_lines() {
        let orig = "turnover of the EAEU with Indonesia in 2021 increased by 41.5% – to $3.7 \n\nbillion compared to 2020. At the same time, exports increased by 34.1%, \n\nimports increased.";
        let t = clean(orig);
        assert!(t.text.contains("to $3.7 billion compared"), "{}", t.text);
        check_alignment(orig, &t);
    }

    #[test]
    fn drops_pdf_footnote_block_under_a_separator() {
        let orig = "to steadily increase \n\n                                                \n3 Memorandum of Understanding [Electronic \nresource]. – 2018. – URL : \nfile:///C:/x.pdf \n trade, it is necessary to strengthen";
        let t = clean(orig);
        assert_eq!(t.text, "to steadily increase trade, it is necessary to strengthen");
        check_alignment(orig, &t);
    }

    #[test]
    fn drops_numbered_reference_paragraphs_and_sup_lines() {
        let orig = "than $3 million. Considering that.\n\n1 Zalessky, B. Systemic partnerships / B. Zalessky. - LAP LAMBERT Academic Publishing, 2022.\n\n2 The 100th company [Electronic resource]. - 2022. - URL:\nhttps://www.belta.by/x-530408-2022/\n\n<sup>9</sup> Bakytzhan Sagintayev [Electronic resource]. - 2024. - URL: <https://eec.eaeunion.org/news/>\n\nReturning to the topic of $4 million";
        let t = clean(orig);
        assert!(!t.text.contains("Zalessky"), "{}", t.text);
        assert!(!t.text.contains("belta"), "{}", t.text);
        assert!(!t.text.contains("Sagintayev"), "{}", t.text);
        assert!(t.text.contains("Returning to the topic of $4 million"));
        check_alignment(orig, &t);
    }

    #[test]
    fn drops_a_numbered_reference_list() {
        let orig = "## Literature\n\n28. Industrial co-operation [Electronic resource]. - 2023. - URL: <http://www.government.by/x>\n29. Exports to Iran grew more than 1.6 times [Electronic resource]. - 2023. - URL: <https://www.belta.by/y>\n";
        let t = clean(orig);
        assert_eq!(t.text, "## Literature");
    }

    #[test]
    fn keeps_numbered_body_lines_without_citation() {
        let orig = "The plan has points:\n\n2 projects were signed for $5 million.";
        let t = clean(orig);
        assert!(t.text.contains("$5 million"), "{}", t.text);
    }

    #[test]
    fn headings_end_their_sentence() {
        let orig = "## CHAPTER 2\n\n### Systemic work brings results\n\nIn 2024 exports grew.";
        let t = clean(orig);
        assert_eq!(t.text, "## CHAPTER 2\n### Systemic work brings results\nIn 2024 exports grew.");
    }

    #[test]
    fn hyphen_at_line_end_joins_without_space() {
        let orig = "products from hot-\n\nrolled metal";
        assert_eq!(clean(orig).text, "products from hot-rolled metal");
    }

    #[test]
    fn angle_brackets_before_multibyte_text_are_kept() {
        let orig = "<…> In order for the corridor";
        assert_eq!(clean(orig).text, orig);
    }

    #[test]
    fn bold_and_nbsp() {
        let orig = "**People's Republic of China**\u{a0}(PRC)";
        let t = clean(orig);
        assert_eq!(t.text, "People's Republic of China (PRC)");
        check_alignment(orig, &t);
    }
}
