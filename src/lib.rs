//! tradeseries: narrative texts about foreign trade -> facts -> year-by-partner series.
//!
//! ```text
//! ingest::read   files -> Document (bytes, sha256, UTF-8 text)
//! ingest::clean  text -> AlignedText (escapes, <sup>, footnotes, broken lines undone; maps back to bytes)
//! tokenize       AlignedText -> tokens, sentences
//! extract        sentences -> money and growth matches (rule tables) -> linked attributes
//! fact           matches -> Fact rows (FACTS.md columns; spans in original bytes)
//! pipeline       documents in parallel (scoped worker threads), in order, through bounded channels to the sinks
//! sink           facts.parquet / .jsonl / .csv, documents.parquet; temp file + rename
//! aggregate      facts -> series.parquet (long) and year_partner/<indicator>.parquet (wide), polars
//! ```

// Rules read as their FACTS.md wording ("not a product frame on a flow naming
// its sides, and not a region frame when the clause names the reporter"):
// clippy's De Morgan rewrites of them are harder to check against the text.
#![allow(clippy::nonminimal_bool)]

pub mod aggregate;
pub mod chart;
pub mod cli;
pub mod config;
pub mod error;
pub mod extract;
pub mod fact;
pub mod ingest;
pub mod lexicon;
pub mod normalize;
pub mod pipeline;
pub mod report;
pub mod run;
pub mod sink;
pub mod spill;
pub mod storage;
pub mod text;
pub mod tokenize;
