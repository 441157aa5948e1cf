//! A file that becomes visible under its name only when complete.
//!
//! Written as `.<name>.<pid>.tmp` beside its name, synced and renamed onto it
//! by [`AtomicFile::commit`]; removed if dropped before. A process killed
//! while writing leaves its temp file: the next writer of the same name
//! removes the temp files of processes that are gone.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use crate::error::SinkError;

/// A temp file beside `path`, renamed onto it by `commit`, removed on drop.
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    done: bool,
}

/// The pid in a temp file name `.<name>.<pid>.tmp`, if it is one of `name`'s.
fn tmp_pid(file_name: &str, name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix('.')?.strip_prefix(name)?.strip_prefix('.')?;
    rest.strip_suffix(".tmp")?.parse().ok()
}

/// Removes the temp files of `path` left by processes that are no longer alive.
pub fn remove_stale_temps(path: &Path) {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else { return };
    let Ok(rd) = fs::read_dir(super::parent_of(path)) else { return };
    for e in rd.flatten() {
        let f = e.file_name().to_string_lossy().into_owned();
        if let Some(pid) = tmp_pid(&f, &name) {
            if pid != std::process::id() && !super::pid_alive(pid) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

impl AtomicFile {
    pub fn create(path: &Path) -> Result<(AtomicFile, File), SinkError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|e| SinkError::Io { path: dir.to_path_buf(), source: e })?;
        }
        remove_stale_temps(path);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        let f = File::create(&tmp).map_err(|e| SinkError::Io { path: tmp.clone(), source: e })?;
        Ok((AtomicFile { path: path.to_path_buf(), tmp, done: false }, f))
    }

    /// The temp file being written.
    pub fn tmp(&self) -> &Path {
        &self.tmp
    }

    pub fn commit(mut self, f: File) -> Result<(), SinkError> {
        f.sync_all().map_err(|e| SinkError::Io { path: self.tmp.clone(), source: e })?;
        drop(f);
        fs::rename(&self.tmp, &self.path).map_err(|e| SinkError::Io { path: self.path.clone(), source: e })?;
        self.done = true;
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn visible_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.jsonl");
        let (a, mut f) = AtomicFile::create(&p).unwrap();
        f.write_all(b"x").unwrap();
        assert!(!p.exists());
        a.commit(f).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"x");
        let (a, _f) = AtomicFile::create(&p).unwrap();
        drop(a);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "the dropped temp file is gone");
    }

    /// Issue 15: an interrupted `extract -o X` left `.X.<pid>.tmp` for ever.
    #[test]
    fn r15_temp_files_of_dead_processes_are_removed_by_the_next_writer() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("facts.parquet");
        // a pid that is not running: a child that has exited and been reaped
        let dead = std::process::Command::new("true").spawn().unwrap();
        let dead_pid = dead.id();
        let mut dead = dead;
        dead.wait().unwrap();
        let stale = dir.path().join(format!(".facts.parquet.{dead_pid}.tmp"));
        fs::write(&stale, b"half").unwrap();
        // a live process's temp file (our parent's: alive) stays
        let live = dir.path().join(format!(".facts.parquet.{}.tmp", std::os::unix::process::parent_id()));
        fs::write(&live, b"busy").unwrap();
        let other = dir.path().join(format!(".other.parquet.{dead_pid}.tmp"));
        fs::write(&other, b"not ours").unwrap();
        let (a, f) = AtomicFile::create(&p).unwrap();
        a.commit(f).unwrap();
        assert!(!stale.exists());
        assert!(live.exists() && other.exists());
    }

    #[test]
    fn temp_names_are_recognised_exactly() {
        assert_eq!(tmp_pid(".facts.parquet.123.tmp", "facts.parquet"), Some(123));
        assert_eq!(tmp_pid(".facts.parquet.x.tmp", "facts.parquet"), None);
        assert_eq!(tmp_pid(".facts.parquet.123.tmp", "facts"), None);
        assert_eq!(tmp_pid("facts.parquet.123.tmp", "facts.parquet"), None);
    }
}
