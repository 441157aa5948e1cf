//! `tradeseries check PIPELINE.toml`: every config error at once.

use std::path::PathBuf;

use crate::config::Pipeline;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The pipeline config.
    pub pipeline: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let path = args.pipeline.as_path();
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
