//! `tradeseries rules`: the recognizer tables, printed from the same data the code runs.

use crate::extract::{growth, money};

pub fn run() -> anyhow::Result<u8> {
    for (kind, rules) in [("money", money::RULES), ("growth", growth::RULES)] {
        out!("# {kind}");
        for r in rules {
            out!("{:<32} {}", r.id, r.pattern);
            out!("{:<32} e.g. {}", "", r.examples.join(" | "));
            if !r.near_misses.is_empty() {
                out!("{:<32} not: {}", "", r.near_misses.join(" | "));
            }
        }
        out!();
    }
    Ok(0)
}
