//! The output folder of a run, replaced as a whole.
//!
//! A run writes every table into a staging folder beside the output folder
//! (`.default.staging-<pid>`), then swaps the two with one atomic
//! `renameat2(RENAME_EXCHANGE)` and removes the staging folder, which then
//! holds the previous outputs. A run killed at any moment leaves the previous
//! complete outputs (or none, before the first run) or the new complete ones,
//! never a mix; the next run clears what a killed run left behind.
//!
//! Only a folder that is missing, empty, or marked as a tradeseries output
//! ([`MARKER`], written into every output) is ever replaced: pointing a run
//! at a folder of one's own data is refused, not a loss of that data. The
//! run holds the folder's [`OutputLock`] from the start to the swap.

use std::ffi::CString;
use std::fs;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use super::lock::{OutputLock, Wait};

/// The file that marks a folder as a tradeseries output, which a run may replace.
pub const MARKER: &str = ".tradeseries-output";

const MARKER_TEXT: &str = "This folder is an output of tradeseries: the next run into it replaces it whole.\n";

pub struct Staging {
    target: PathBuf,
    staging: PathBuf,
    done: bool,
    _lock: OutputLock,
}

fn name_of(target: &Path) -> String {
    target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into())
}

/// Staging folders left by runs that were killed.
pub fn leftovers(target: &Path) -> Vec<PathBuf> {
    let prefix = format!(".{}.staging-", name_of(target));
    fs::read_dir(super::parent_of(target))
        .map(|rd| rd.flatten().map(|e| e.path()).filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&prefix))).collect())
        .unwrap_or_default()
}

/// Why `target` may not be replaced by a run, if it may not.
pub fn refuse_reason(target: &Path) -> Option<String> {
    let meta = match fs::symlink_metadata(target) {
        Err(_) => return None,
        Ok(m) => m,
    };
    if !meta.is_dir() {
        return Some("exists and is not a folder".into());
    }
    let mut entries = match fs::read_dir(target) {
        Ok(rd) => rd.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect::<Vec<_>>(),
        Err(e) => return Some(e.to_string()),
    };
    entries.sort();
    if entries.is_empty() || entries.iter().any(|e| e == MARKER) {
        return None;
    }
    // the outputs of versions before the marker: a manifest and a fact table
    if entries.iter().any(|e| e == "documents.parquet") && entries.iter().any(|e| e == "facts.parquet") {
        return None;
    }
    let shown: Vec<&str> = entries.iter().take(3).map(String::as_str).collect();
    Some(format!(
        "not replaced: the folder holds files that are not a tradeseries output ({}{}); a run replaces its output folder whole, so it must be new, empty, or a previous output",
        shown.join(", "),
        if entries.len() > 3 { ", ..." } else { "" }
    ))
}

/// Does folder `dir` hold `path` (or is it `path`)? Both as they are on disk
/// (links resolved); false when either does not exist.
pub fn holds(dir: &Path, path: &Path) -> bool {
    match (fs::canonicalize(dir), fs::canonicalize(path)) {
        (Ok(d), Ok(p)) => p.starts_with(&d),
        _ => false,
    }
}

fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    let ca = CString::new(a.as_os_str().as_bytes()).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    let cb = CString::new(b.as_os_str().as_bytes()).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    // SAFETY: both are valid NUL-terminated paths; renameat2 only reads them.
    let r = unsafe { libc::renameat2(libc::AT_FDCWD, ca.as_ptr(), libc::AT_FDCWD, cb.as_ptr(), libc::RENAME_EXCHANGE) };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

impl Staging {
    /// Takes the folder's lock (waiting for another run that holds it),
    /// refuses a folder that is not an output, clears leftovers of killed
    /// runs and creates a fresh staging folder.
    pub fn begin(target: &Path) -> io::Result<Staging> {
        Self::begin_with(target, Wait::Yes)
    }

    pub fn begin_with(target: &Path, wait: Wait) -> io::Result<Staging> {
        if let Some(why) = refuse_reason(target) {
            return Err(io::Error::new(io::ErrorKind::AlreadyExists, why));
        }
        let lock = OutputLock::acquire(target, wait)?;
        // checked again under the lock: another run may have just written it
        if let Some(why) = refuse_reason(target) {
            return Err(io::Error::new(io::ErrorKind::AlreadyExists, why));
        }
        for old in leftovers(target) {
            fs::remove_dir_all(&old)?;
        }
        let staging = super::parent_of(target).join(format!(".{}.staging-{}", name_of(target), std::process::id()));
        fs::create_dir(&staging)?;
        fs::write(staging.join(MARKER), MARKER_TEXT)?;
        Ok(Staging { target: target.to_path_buf(), staging, done: false, _lock: lock })
    }

    pub fn dir(&self) -> &Path {
        &self.staging
    }

    /// Makes the staged outputs the outputs, in one atomic step.
    pub fn commit(mut self) -> io::Result<()> {
        if self.target.exists() {
            exchange(&self.staging, &self.target)?;
            self.done = true;
            fs::remove_dir_all(&self.staging)?;
        } else {
            fs::rename(&self.staging, &self.target)?;
            self.done = true;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let s = Staging::begin(&target).unwrap();
        fs::write(s.dir().join("a.txt"), "1").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read_to_string(target.join("a.txt")).unwrap(), "1");
        assert!(target.join(MARKER).exists());
        let s = Staging::begin(&target).unwrap();
        fs::write(s.dir().join("b.txt"), "2").unwrap();
        s.commit().unwrap();
        assert!(!target.join("a.txt").exists());
        assert_eq!(fs::read_to_string(target.join("b.txt")).unwrap(), "2");
        assert!(leftovers(&target).is_empty());
    }

    #[test]
    fn a_dropped_staging_leaves_the_outputs_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("a.txt"), "old").unwrap();
        fs::write(target.join(MARKER), "").unwrap();
        {
            let s = Staging::begin(&target).unwrap();
            fs::write(s.dir().join("a.txt"), "half").unwrap();
        }
        assert_eq!(fs::read_to_string(target.join("a.txt")).unwrap(), "old");
        assert!(leftovers(&target).is_empty());
    }

    /// Issue 15: a run pointed at a folder of the user's files replaced it whole.
    #[test]
    fn r15_a_folder_that_is_not_an_output_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("mydata");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("notes.txt"), "mine").unwrap();
        let e = Staging::begin(&target).err().expect("refused");
        assert!(e.to_string().contains("not a tradeseries output") && e.to_string().contains("notes.txt"), "{e}");
        assert_eq!(fs::read_to_string(target.join("notes.txt")).unwrap(), "mine");
        assert!(leftovers(&target).is_empty());
        // empty folders, new folders and earlier outputs are fine
        let empty = dir.path().join("empty");
        fs::create_dir(&empty).unwrap();
        assert!(refuse_reason(&empty).is_none());
        assert!(refuse_reason(&dir.path().join("new")).is_none());
        let legacy = dir.path().join("legacy");
        fs::create_dir(&legacy).unwrap();
        fs::write(legacy.join("documents.parquet"), "").unwrap();
        fs::write(legacy.join("facts.parquet"), "").unwrap();
        assert!(refuse_reason(&legacy).is_none());
        assert!(holds(dir.path(), &target.join("notes.txt")) && holds(&target, &target) && !holds(&empty, &target));
        let file = dir.path().join("file");
        fs::write(&file, "x").unwrap();
        assert!(refuse_reason(&file).unwrap().contains("not a folder"));
    }
}
