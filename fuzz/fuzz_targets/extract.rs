//! Fuzz target: any bytes through decoding, cleaning, tokenizing, recognizing
//! and linking. Every fact must point at its mention in the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradeseries::extract::document::{extract_facts, ExtractOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let opts = ExtractOptions { bare_figures: data.first().is_some_and(|b| b % 2 == 0), ..Default::default() };
    for f in extract_facts("fuzz.txt", "fuzz.txt", text, &opts) {
        assert!(f.start <= f.end && (f.end as usize) <= text.len());
        assert_eq!(&text[f.start as usize..f.end as usize], f.mention);
    }
});
