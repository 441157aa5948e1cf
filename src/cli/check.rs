//! `tradeseries check PIPELINE.toml`: every config error at once.

use std::path::Path;

use crate::config::Pipeline;

pub fn run(path: &Path) -> anyhow::Result<u8> {
    match Pipeline::load(path) {
        Ok(p) => {
            out!("{}: ok (pipeline '{}', {} input path(s), output {})", path.display(), p.name, p.inputs.len(), p.output_dir.display());
            Ok(0)
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("tradeseries: {e}");
            }
            eprintln!("tradeseries: {} error(s) in {}", errors.len(), path.display());
            Ok(2)
        }
    }
}
