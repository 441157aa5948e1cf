//! A progress bar on stderr for `run` and `extract`: documents and MB done,
//! throughput and time left. Shown only when stderr is a terminal and
//! `--quiet` is not given; otherwise every call is a no-op, so piped and CI
//! output stays the plain lines it was.

use std::io::IsTerminal;
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Progress {
    bar: Option<ProgressBar>,
    /// Documents in the run.
    documents: usize,
}

impl Progress {
    /// A bar over `files` (their sizes on disk are the total), or none.
    pub fn new(files: &[PathBuf], quiet: bool) -> Progress {
        Progress::shown(files, !quiet && std::io::stderr().is_terminal())
    }

    /// No bar.
    pub fn hidden() -> Progress {
        Progress { bar: None, documents: 0 }
    }

    /// A bar when `show`; the total is the files' sizes (a file that cannot be
    /// read counts 0 and is reported by the reader).
    pub fn shown(files: &[PathBuf], show: bool) -> Progress {
        if !show {
            return Progress::hidden();
        }
        let total: u64 = files.iter().map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0)).sum();
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {decimal_bytes}/{decimal_total_bytes} {decimal_bytes_per_sec}, {msg}, ETA {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(format!("0/{} documents", files.len()));
        Progress { bar: Some(bar), documents: files.len() }
    }

    /// One more document of `bytes` done (`done` of them so far).
    pub fn document(&self, bytes: u64, done: usize) {
        if let Some(b) = &self.bar {
            b.inc(bytes);
            b.set_message(format!("{done}/{} documents", self.documents));
        }
    }

    /// A line on stderr that does not break the bar.
    pub fn note(&self, line: &str) {
        match &self.bar {
            Some(b) => b.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    /// Removes the bar (the summary line follows it).
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }

    pub fn is_shown(&self) -> bool {
        self.bar.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hidden_bar_draws_nothing_and_a_shown_one_counts_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.txt");
        std::fs::write(&f, "x".repeat(1000)).unwrap();
        let hidden = Progress::shown(std::slice::from_ref(&f), false);
        assert!(!hidden.is_shown());
        hidden.document(1000, 1);
        let shown = Progress::shown(&[f.clone(), dir.path().join("missing.txt")], true);
        let bar = shown.bar.as_ref().unwrap();
        assert_eq!(bar.length(), Some(1000));
        shown.document(400, 1);
        assert_eq!(bar.position(), 400);
        assert_eq!(bar.message(), "1/2 documents");
        shown.finish();
        assert!(bar.is_finished());
    }
}
