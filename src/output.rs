//! The output folder of a run, replaced as a whole.
//!
//! A run writes every table into a staging folder beside the output folder
//! (`.default.staging-<pid>`), then swaps the two with one atomic
//! `renameat2(RENAME_EXCHANGE)` and removes the staging folder, which then
//! holds the previous outputs. A run killed at any moment leaves the previous
//! complete outputs (or none, before the first run) or the new complete ones,
//! never a mix; the next run clears what a killed run left behind.

use std::ffi::CString;
use std::fs;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

pub struct Staging {
    target: PathBuf,
    staging: PathBuf,
    done: bool,
}

fn name_of(target: &Path) -> String {
    target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into())
}

/// Staging folders left by runs that were killed.
pub fn leftovers(target: &Path) -> Vec<PathBuf> {
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let prefix = format!(".{}.staging-", name_of(target));
    fs::read_dir(parent)
        .map(|rd| rd.flatten().map(|e| e.path()).filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&prefix))).collect())
        .unwrap_or_default()
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
    /// Clears leftovers of killed runs and creates a fresh staging folder.
    pub fn begin(target: &Path) -> io::Result<Staging> {
        if target.exists() && !target.is_dir() {
            return Err(io::Error::new(io::ErrorKind::AlreadyExists, format!("{}: exists and is not a folder", target.display())));
        }
        for old in leftovers(target) {
            fs::remove_dir_all(&old)?;
        }
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        let staging = parent.join(format!(".{}.staging-{}", name_of(target), std::process::id()));
        fs::create_dir(&staging)?;
        Ok(Staging { target: target.to_path_buf(), staging, done: false })
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
        {
            let s = Staging::begin(&target).unwrap();
            fs::write(s.dir().join("a.txt"), "half").unwrap();
        }
        assert_eq!(fs::read_to_string(target.join("a.txt")).unwrap(), "old");
        assert!(leftovers(&target).is_empty());
    }
}
