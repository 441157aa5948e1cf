//! One run at a time on an output folder.
//!
//! A run holds an exclusive `flock` on `.<name>.lock` beside its output
//! folder (not inside it: the folder is swapped whole) from before it clears
//! leftovers of killed runs until its outputs are swapped in. A second run on
//! the same folder says which process holds it and waits for it to finish,
//! instead of deleting the first run's staging folder under it. The kernel
//! releases the lock of a process that dies, so a lock file left by a killed
//! run is simply taken over; the pid written into it is for the message only.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

/// An exclusive lock on an output folder, released on drop.
pub struct OutputLock {
    file: File,
    path: PathBuf,
}

fn flock(f: &File, op: libc::c_int) -> io::Result<()> {
    loop {
        // SAFETY: a valid open descriptor; flock only changes its lock.
        if unsafe { libc::flock(f.as_raw_fd(), op) } == 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

/// What to do when another run holds the folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Wait for it, after saying so on stderr.
    Yes,
    /// Return an error naming its pid.
    No,
}

impl OutputLock {
    /// The lock file of output folder `target`.
    pub fn path_for(target: &Path) -> PathBuf {
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
        super::parent_of(target).join(format!(".{name}.lock"))
    }

    /// Takes the lock of `target`'s folder (its parent is created if need be).
    pub fn acquire(target: &Path, wait: Wait) -> io::Result<OutputLock> {
        let path = Self::path_for(target);
        std::fs::create_dir_all(super::parent_of(target))?;
        let file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path)?;
        if let Err(e) = flock(&file, libc::LOCK_EX | libc::LOCK_NB) {
            if e.raw_os_error() != Some(libc::EWOULDBLOCK) {
                return Err(e);
            }
            // The holder writes its pid just after taking the lock: give it a
            // moment, so the message names it; the lock freed meanwhile is ours.
            let mut holder = String::new();
            let mut free = false;
            for _ in 0..50 {
                holder.clear();
                let _ = (&file).rewind().and_then(|_| (&file).read_to_string(&mut holder));
                if !holder.trim().is_empty() {
                    break;
                }
                if flock(&file, libc::LOCK_EX | libc::LOCK_NB).is_ok() {
                    free = true;
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            let holder = holder.trim();
            let who = if holder.is_empty() { "another run".to_string() } else { format!("another run (pid {holder})") };
            match wait {
                _ if free => {}
                Wait::No => {
                    return Err(io::Error::new(io::ErrorKind::WouldBlock, format!("{} is being written by {who}", target.display())));
                }
                Wait::Yes => {
                    eprintln!("tradeseries: {} is being written by {who}; waiting for it to finish", target.display());
                    flock(&file, libc::LOCK_EX)?;
                }
            }
        }
        let mut lock = OutputLock { file, path };
        lock.write_pid()?;
        Ok(lock)
    }

    fn write_pid(&mut self) -> io::Result<()> {
        self.file.set_len(0)?;
        self.file.rewind()?;
        writeln!(self.file, "{}", std::process::id())?;
        self.file.flush()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
        let _ = flock(&self.file, libc::LOCK_UN);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn r15_a_second_run_is_told_the_holders_pid_and_waits_for_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let first = OutputLock::acquire(&out, Wait::No).unwrap();
        // flock conflicts between two open files even in one process
        let e = OutputLock::acquire(&out, Wait::No).err().expect("held");
        assert!(e.to_string().contains(&format!("pid {}", std::process::id())), "{e}");
        let (tx, rx) = mpsc::channel();
        let out2 = out.clone();
        let t = std::thread::spawn(move || {
            let l = OutputLock::acquire(&out2, Wait::Yes).unwrap();
            tx.send(()).unwrap();
            drop(l);
        });
        assert!(rx.recv_timeout(Duration::from_millis(300)).is_err(), "the second waits while the first holds it");
        drop(first);
        rx.recv_timeout(Duration::from_secs(10)).expect("taken once released");
        t.join().unwrap();
    }

    #[test]
    fn r15_a_lock_file_left_by_a_dead_run_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::write(OutputLock::path_for(&out), "999999\n").unwrap();
        let l = OutputLock::acquire(&out, Wait::No).unwrap();
        assert_eq!(std::fs::read_to_string(l.path()).unwrap().trim(), std::process::id().to_string());
    }
}
