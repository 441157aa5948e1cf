//! `tradeseries rules`: the recognizer tables, printed from the same data the code runs.

use crate::extract::{growth, money};

pub fn run() -> anyhow::Result<u8> {
    for (kind, rules) in [("money", money::RULES), ("growth", growth::RULES)] {
        println!("# {kind}");
        for r in rules {
            println!("{:<32} {}", r.id, r.pattern);
            println!("{:<32} e.g. {}", "", r.examples.join(" | "));
            if !r.near_misses.is_empty() {
                println!("{:<32} not: {}", "", r.near_misses.join(" | "));
            }
        }
        println!();
    }
    Ok(0)
}
