//! Scripts: which writing system a text's letters are in.
//!
//! tradeseries reads English (and Latin-script names, currencies and
//! abbreviations). A document mostly in another script ("Товарооборот с
//! Китаем превысил $8,4 млрд") gets a note in documents.parquet saying so,
//! and a number followed by a word of another script is not read as a bare
//! amount (`crate::extract::foreign_word_after`): "$8,4 млрд" is 8.4 billion
//! dollars, never 8.4 dollars.

/// The script of a letter, if it is not Latin; `None` for Latin letters and
/// for everything that is not a letter.
pub fn non_latin(c: char) -> Option<&'static str> {
    if c.is_ascii() || !c.is_alphabetic() {
        return None;
    }
    let u = c as u32;
    Some(match u {
        // Latin-1 Supplement, Latin Extended-A/B, IPA, Latin Extended Additional (Vietnamese)
        0x00C0..=0x02AF | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF => return None,
        0x0370..=0x03FF | 0x1F00..=0x1FFF => "Greek",
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => "Cyrillic",
        0x0530..=0x058F => "Armenian",
        0x0590..=0x05FF => "Hebrew",
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => "Arabic",
        0x0900..=0x097F => "Devanagari",
        0x0980..=0x09FF => "Bengali",
        0x0E00..=0x0E7F => "Thai",
        0x10A0..=0x10FF | 0x2D00..=0x2D2F => "Georgian",
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => "Hangul",
        0x3040..=0x30FF => "Japanese kana",
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => "Han",
        0x1800..=0x18AF => "Mongolian",
        _ => "non-Latin",
    })
}

/// Is the word a word of another script (its first letter not Latin)?
pub fn is_foreign_word(word: &str) -> bool {
    word.chars().find(|c| c.is_alphabetic()).is_some_and(|c| non_latin(c).is_some())
}

/// A document's note when most of its letters are of another script:
/// "written in Cyrillic script (94% of its letters): ...". ASCII text is
/// passed over at once (the common case costs one SIMD scan).
pub fn note(text: &str) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    // a letter of another script takes two bytes or more, all above 0x7F: with no more
    // such bytes than twice the ASCII letters, they cannot be most (two counts the
    // compiler vectorizes, instead of decoding every char of an English text with quotes)
    let bytes = text.as_bytes();
    let (high, ascii_letters) = bytes.chunks(1 << 12).fold((0usize, 0usize), |(h, l), c| {
        // (per chunk in u16 lanes: the sums of 4096 bytes fit, and the loop vectorizes)
        let (ch, cl) = c.iter().fold((0u16, 0u16), |(h, l), &b| (h + u16::from(b >= 0x80), l + u16::from((b | 0x20).wrapping_sub(b'a') < 26)));
        (h + usize::from(ch), l + usize::from(cl))
    });
    if high <= 2 * ascii_letters {
        return None;
    }
    let (mut latin, mut other) = (0usize, 0usize);
    let mut by: Vec<(&'static str, usize)> = Vec::new();
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        match non_latin(c) {
            None => latin += 1,
            Some(s) => {
                other += 1;
                match by.iter_mut().find(|x| x.0 == s) {
                    Some(x) => x.1 += 1,
                    None => by.push((s, 1)),
                }
            }
        }
    }
    if other <= latin {
        return None;
    }
    by.sort_by_key(|p| std::cmp::Reverse(p.1));
    let (script, n) = by[0];
    let share = 100 * n / (latin + other);
    Some(format!(
        "written in {script} script ({share}% of its letters): tradeseries reads English, so only figures written with Latin-script words are read; a number followed by a {script} word is not read (its scale or currency is unknown)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_of_letters() {
        assert_eq!(non_latin('a'), None);
        assert_eq!(non_latin('é'), None);
        assert_eq!(non_latin('ư'), None, "Vietnamese is Latin");
        assert_eq!(non_latin('ş'), None, "Turkish is Latin");
        assert_eq!(non_latin('м'), Some("Cyrillic"));
        assert_eq!(non_latin('ქ'), Some("Georgian"));
        assert_eq!(non_latin('贸'), Some("Han"));
        assert_eq!(non_latin('ت'), Some("Arabic"));
        assert_eq!(non_latin('$'), None);
    }

    #[test]
    fn a_text_mostly_in_another_script_gets_a_note() {
        let ru = "Товарооборот Беларуси и Китая превысил $8,4 млрд в 2024 году (USD).";
        let n = note(ru).unwrap();
        assert!(n.starts_with("written in Cyrillic script ("), "{n}");
        // English with a few Cyrillic words quoted: no note
        assert_eq!(note("Exports of the plant 'Гомсельмаш' to China grew by 20% in 2023, to $40 million."), None);
        assert_eq!(note("Plain ASCII."), None);
        assert_eq!(note("Xuất khẩu của Việt Nam"), None, "Vietnamese is Latin script");
        // the quick count passes over English with curly quotes and dashes, and not a text
        // whose other-script letters are just more than its Latin ones
        assert_eq!(note("“Exports grew” – by 20%, to $40 million…"), None);
        assert!(note("ab вгд").is_some_and(|n| n.starts_with("written in Cyrillic script (60%")));
        assert_eq!(note("abc вгд"), None);
    }
}
