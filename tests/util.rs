use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use polars::prelude::*;

/// A temp folder to write inputs into and run the binary in.
pub struct Workdir {
    pub dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir { dir: tempfile::tempdir().expect("a temp dir") }
    }
    pub fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        if let Some(d) = p.parent() {
            fs::create_dir_all(d).unwrap();
        }
        fs::write(&p, contents).unwrap();
        p
    }
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_tradeseries")).args(args).current_dir(self.dir.path()).output().expect("the binary runs")
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn read_parquet(p: &Path) -> DataFrame {
    ParquetReader::new(File::open(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).finish().unwrap()
}

/// A pipeline config over `inputs` into `out`, written into the workdir.
pub fn pipeline(w: &Workdir, inputs: &[&Path], out: &str) -> PathBuf {
    let paths: Vec<String> = inputs.iter().map(|p| format!("{:?}", p.display().to_string())).collect();
    w.write("p.toml", format!("name = \"t\"\n[input]\npaths = [{}]\n[output]\ndir = \"{out}\"\n", paths.join(", ")))
}
