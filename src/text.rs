//! Spans and aligned text.
//!
//! Invariant: every [`Span`] that leaves the library is a byte range into the
//! *original* document (UTF-8, end exclusive). Cleaning rewrites the text
//! (drops `\` before `$`, `<sup>n</sup>` markers, footnote blocks, joins broken
//! lines) but keeps, for every byte of the cleaned text, the original byte
//! range it came from, so a span over the cleaned text maps back exactly
//! (the `NormalizedString` idea of huggingface/tokenizers).

use std::ops::Range;

/// A byte range `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span start after end");
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// A run of the cleaned text and where it came from: a copy maps byte for
/// byte; a replacement maps every byte to the whole original range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    clean: usize,
    orig: usize,
    len: usize,
    orig_len: usize,
    copy: bool,
}

/// A cleaned text that maps back to the original bytes.
///
/// The map is a list of runs (copies and replacements), so it costs memory in
/// proportion to the number of edits, not to the length of the text.
#[derive(Debug, Clone, Default)]
pub struct AlignedText {
    pub text: String,
    pieces: Vec<Piece>,
    /// Footnote markers whose note cites a dated source: (byte of the cleaned
    /// text where the marker stood, the source's year), in text order.
    pub cited: Vec<(usize, i32)>,
}

impl AlignedText {
    /// The identity alignment (no cleaning).
    pub fn identity(text: &str) -> Self {
        let mut b = AlignedBuilder::with_capacity(text.len());
        b.copy(text, 0);
        b.finish()
    }

    fn piece_at(&self, pos: usize) -> &Piece {
        let k = self.pieces.partition_point(|p| p.clean + p.len <= pos);
        &self.pieces[k.min(self.pieces.len() - 1)]
    }

    /// Maps a span of the cleaned text to the original document.
    ///
    /// ```
    /// use tradeseries::text::{AlignedBuilder, Span};
    /// let mut b = AlignedBuilder::with_capacity(8);
    /// b.copy("$84", 1); // original "\$84": the backslash at 0 is dropped
    /// let t = b.finish();
    /// assert_eq!(t.to_original(Span::new(0, 3)), Span::new(1, 4));
    /// ```
    pub fn to_original(&self, s: Span) -> Span {
        if self.pieces.is_empty() {
            return Span::new(0, 0);
        }
        let start = {
            let p = self.piece_at(s.start);
            if p.copy {
                p.orig + (s.start - p.clean).min(p.len)
            } else {
                p.orig
            }
        };
        if s.is_empty() {
            return Span::new(start, start);
        }
        let end = {
            let p = self.piece_at(s.end - 1);
            if p.copy {
                p.orig + (s.end - p.clean).min(p.len)
            } else {
                p.orig + p.orig_len
            }
        };
        Span::new(start, end.max(start))
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// Builds an [`AlignedText`] piece by piece.
#[derive(Debug, Default)]
pub struct AlignedBuilder {
    out: AlignedText,
}

impl AlignedBuilder {
    pub fn with_capacity(n: usize) -> Self {
        AlignedBuilder { out: AlignedText { text: String::with_capacity(n), pieces: Vec::new(), cited: Vec::new() } }
    }

    fn push(&mut self, p: Piece) {
        if p.len == 0 {
            return;
        }
        if let Some(last) = self.out.pieces.last_mut() {
            if last.copy && p.copy && last.orig + last.len == p.orig && last.clean + last.len == p.clean {
                last.len += p.len;
                last.orig_len += p.len;
                return;
            }
        }
        self.out.pieces.push(p);
    }

    /// Copies `s`, which stands at byte `at` of the original, unchanged.
    pub fn copy(&mut self, s: &str, at: usize) {
        let clean = self.out.text.len();
        self.out.text.push_str(s);
        self.push(Piece { clean, orig: at, len: s.len(), orig_len: s.len(), copy: true });
    }

    /// Writes `s` in place of the original bytes `orig` (may be empty text).
    pub fn replace(&mut self, s: &str, orig: Span) {
        let clean = self.out.text.len();
        self.out.text.push_str(s);
        self.push(Piece { clean, orig: orig.start, len: s.len(), orig_len: orig.len(), copy: false });
    }

    /// The last character written, if any.
    pub fn last_char(&self) -> Option<char> {
        self.out.text.chars().next_back()
    }

    /// Removes trailing ASCII spaces (used before writing a break).
    pub fn trim_end_spaces(&mut self) {
        while self.out.text.ends_with(' ') {
            self.out.text.pop();
            if let Some(last) = self.out.pieces.last_mut() {
                last.len -= 1;
                if last.copy {
                    last.orig_len -= 1;
                }
                if last.len == 0 {
                    self.out.pieces.pop();
                }
            }
        }
    }

    pub fn len(&self) -> usize {
        self.out.text.len()
    }
    pub fn is_empty(&self) -> bool {
        self.out.text.is_empty()
    }

    pub fn finish(self) -> AlignedText {
        self.out
    }
}

/// Line and column (1-based, column in characters) of byte `pos` in `bytes`.
pub fn line_col(bytes: &[u8], pos: usize) -> (usize, usize) {
    let pos = pos.min(bytes.len());
    let before = &bytes[..pos];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map(|p| p + 1).unwrap_or(0);
    let col = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_each_byte_to_itself() {
        let t = AlignedText::identity("€12 million");
        assert_eq!(t.to_original(Span::new(0, 5)), Span::new(0, 5));
        assert_eq!(&t.text[0..5], "€12");
    }

    #[test]
    fn replaced_text_maps_to_the_whole_replaced_range() {
        let mut b = AlignedBuilder::with_capacity(8);
        b.copy("13", 0);
        b.replace(" ", Span::new(2, 5)); // "\n\n " became one space
        b.copy("bn", 5);
        let t = b.finish();
        assert_eq!(t.text, "13 bn");
        assert_eq!(t.to_original(Span::new(0, 5)), Span::new(0, 7));
        assert_eq!(t.to_original(Span::new(3, 5)), Span::new(5, 7));
    }

    #[test]
    fn line_col_counts_characters() {
        let s = "ab\nцд x";
        assert_eq!(line_col(s.as_bytes(), 0), (1, 1));
        assert_eq!(line_col(s.as_bytes(), 3), (2, 1));
        assert_eq!(line_col(s.as_bytes(), 7), (2, 3));
    }
}
