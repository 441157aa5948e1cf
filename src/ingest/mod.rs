//! Ingest: find input files, read and decode them, and clean their text.

pub mod clean;
pub mod read;
pub mod script;
