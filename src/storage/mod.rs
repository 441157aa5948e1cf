//! Storage: how outputs reach the disk without ever being seen half-written.
//!
//! - [`atomic`]: one file written beside its name and renamed onto it;
//! - [`staging`]: a whole output folder written beside it and swapped in at
//!   once, and which folders a run may replace;
//! - [`lock`]: one run at a time on an output folder.
//!
//! Every other module writes files through these.

pub mod atomic;
pub mod lock;
pub mod staging;

pub use atomic::AtomicFile;
pub use lock::OutputLock;
pub use staging::Staging;

/// Is process `pid` alive? (A process we may not signal is alive.)
pub fn pid_alive(pid: u32) -> bool {
    if pid == 0 || pid > i32::MAX as u32 {
        return false;
    }
    // SAFETY: kill with signal 0 sends nothing; it only checks the pid.
    let r = unsafe { libc::kill(pid as i32, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// The folder a path is in ("." for a bare name).
pub(crate) fn parent_of(p: &std::path::Path) -> &std::path::Path {
    p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."))
}
