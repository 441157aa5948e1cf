//! Property tests: the number parser reads what a writer of numbers writes,
//! and no input makes the extractor panic.

use proptest::prelude::*;

use super::number::numbers_in;
use crate::extract::document::{extract_facts, ExtractOptions};

fn grouped(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

const UNITS: [&str; 20] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
    "sixteen", "seventeen", "eighteen", "nineteen",
];
const TENS: [&str; 10] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

fn below_thousand(n: u64) -> String {
    let mut parts = Vec::new();
    if n >= 100 {
        parts.push(format!("{} hundred", UNITS[(n / 100) as usize]));
    }
    let r = n % 100;
    if r > 0 {
        if !parts.is_empty() {
            parts.push("and".into());
        }
        if r < 20 {
            parts.push(UNITS[r as usize].into());
        } else if r.is_multiple_of(10) {
            parts.push(TENS[(r / 10) as usize].into());
        } else {
            parts.push(format!("{}-{}", TENS[(r / 10) as usize], UNITS[(r % 10) as usize]));
        }
    }
    parts.join(" ")
}

fn words(n: u64) -> String {
    let scales = [(1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand")];
    let mut rest = n;
    let mut parts = Vec::new();
    for (v, name) in scales {
        if rest >= v {
            parts.push(format!("{} {name}", below_thousand(rest / v)));
            rest %= v;
        }
    }
    if rest > 0 {
        parts.push(below_thousand(rest));
    }
    parts.join(" ")
}

fn only_number(text: &str) -> Option<f64> {
    match numbers_in(text).as_slice() {
        [(_, v)] => Some(*v),
        _ => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn comma_grouped_integers(n in 1_000u64..1_000_000_000_000) {
        prop_assert_eq!(only_number(&format!("about {} units", grouped(n, ','))), Some(n as f64));
    }

    #[test]
    fn dot_and_space_grouped_integers(n in 1_000_000u64..1_000_000_000_000) {
        // two or more dot groups read as grouping (31.866.000); spaces group too (10 000)
        prop_assert_eq!(only_number(&format!("about {} units", grouped(n, '.'))), Some(n as f64));
        prop_assert_eq!(only_number(&format!("about {} units", grouped(n, ' '))), Some(n as f64));
    }

    #[test]
    fn decimals_with_point_or_comma(int in 0u64..100_000, frac in 1u64..100) {
        let v: f64 = format!("{int}.{frac:02}").parse().unwrap();
        prop_assert_eq!(only_number(&format!("rose to {int}.{frac:02} points")), Some(v));
        if int < 1000 {
            // "36,3": a decimal comma (two digits after it, never three)
            prop_assert_eq!(only_number(&format!("rose to {int},{frac:02} points")), Some(v));
        }
    }

    #[test]
    fn english_number_words(n in 1u64..999_999_999_999) {
        let w = words(n);
        let got = only_number(&format!("exactly {w} units"));
        prop_assert_eq!(got, Some(n as f64), "{}", w);
    }

    #[test]
    fn the_extractor_never_panics(text in "\\PC{0,400}") {
        let _ = extract_facts("x.txt", "x.txt", &text, &ExtractOptions::default());
    }

    #[test]
    fn the_extractor_never_panics_on_figure_soup(parts in proptest::collection::vec(prop_oneof![
        Just("$"), Just("\\$"), Just("1"), Just(","), Just("."), Just(" "), Just("\n\n"), Just("million"), Just("%"), Just("by"),
        Just("times"), Just("-"), Just("<sup>2</sup>"), Just("increased"), Just("Uzbekistan"), Just("2023"), Just("["), Just("]"),
        Just("from"), Just("to"), Just("half"), Just("and"), Just("a"), Just("€"), Just("Br"), Just("—"), Just("13 .7"), Just("…"),
    ], 0..80)) {
        let text: String = parts.concat();
        let facts = extract_facts("x.txt", "x.txt", &text, &ExtractOptions::default());
        for f in facts {
            prop_assert!(text.is_char_boundary(f.start as usize) && text.is_char_boundary(f.end as usize));
            prop_assert_eq!(&text[f.start as usize..f.end as usize], f.mention.as_str());
        }
    }
}
