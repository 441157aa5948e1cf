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

/// A cleaned text with, per cleaned byte, the original byte range it came from.
#[derive(Debug, Clone, Default)]
pub struct AlignedText {
    pub text: String,
    src_start: Vec<u32>,
    src_end: Vec<u32>,
}

impl AlignedText {
    /// The identity alignment (no cleaning).
    pub fn identity(text: &str) -> Self {
        let mut b = AlignedBuilder::with_capacity(text.len());
        b.copy(text, 0);
        b.finish()
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
        if s.is_empty() {
            let p = self.src_start.get(s.start).copied().unwrap_or_else(|| self.src_end.last().copied().unwrap_or(0));
            return Span::new(p as usize, p as usize);
        }
        Span::new(self.src_start[s.start] as usize, self.src_end[s.end - 1] as usize)
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
        AlignedBuilder {
            out: AlignedText {
                text: String::with_capacity(n),
                src_start: Vec::with_capacity(n),
                src_end: Vec::with_capacity(n),
            },
        }
    }

    /// Copies `s`, which stands at byte `at` of the original, unchanged.
    pub fn copy(&mut self, s: &str, at: usize) {
        self.out.text.push_str(s);
        for i in 0..s.len() {
            self.out.src_start.push((at + i) as u32);
            self.out.src_end.push((at + i + 1) as u32);
        }
    }

    /// Writes `s` in place of the original bytes `orig` (may be empty text).
    pub fn replace(&mut self, s: &str, orig: Span) {
        self.out.text.push_str(s);
        for _ in 0..s.len() {
            self.out.src_start.push(orig.start as u32);
            self.out.src_end.push(orig.end as u32);
        }
    }

    /// The last character written, if any.
    pub fn last_char(&self) -> Option<char> {
        self.out.text.chars().next_back()
    }

    /// Removes trailing ASCII spaces (used before writing a break).
    pub fn trim_end_spaces(&mut self) {
        while self.out.text.ends_with(' ') {
            self.out.text.pop();
            self.out.src_start.pop();
            self.out.src_end.pop();
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
