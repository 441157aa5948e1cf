//! External merge sort of fixed-size records.
//!
//! A stage that must see every record of a run in one order (the series
//! cells in table order) pushes them here as they come: they are kept in a
//! buffer of [`RUN`] records and written to an unnamed temporary file when it
//! fills. [`Spill::sorted`] then sorts the file run by run and merges the
//! runs (at most [`FAN_IN`] at a time, in rounds), so memory stays a few
//! megabytes whatever the number of records. The sort is stable: records with
//! equal keys come back in the order they were pushed.
//!
//! The file is created with `O_TMPFILE` (no name, gone when closed, also
//! when the process is killed); where the file system lacks it, a named file
//! is created and unlinked at once.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// A record of a fixed number of bytes.
pub trait Record: Copy {
    const SIZE: usize;
    fn put(&self, out: &mut Vec<u8>);
    fn get(b: &[u8]) -> Self;
}

/// Records held in memory before they go to the file, and the length of a sorted run.
pub const RUN: usize = 1 << 15;
/// Runs merged at once; more are merged in rounds.
pub const FAN_IN: usize = 32;
/// Records read at a time from each run while merging.
const BLOCK: usize = 1 << 10;

/// An unnamed file in `dir`, removed by the system when closed.
pub fn temp_file(dir: &Path) -> io::Result<File> {
    match OpenOptions::new().read(true).write(true).mode(0o600).custom_flags(libc::O_TMPFILE).open(dir) {
        Ok(f) => Ok(f),
        // Not supported by this file system (older kernels report EISDIR).
        Err(e) if matches!(e.raw_os_error(), Some(libc::EOPNOTSUPP) | Some(libc::EISDIR) | Some(libc::EINVAL)) => {
            static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let p = dir.join(format!(".tradeseries-spill-{}-{n}", std::process::id()));
            let f = OpenOptions::new().read(true).write(true).create_new(true).mode(0o600).open(&p)?;
            std::fs::remove_file(&p)?;
            Ok(f)
        }
        Err(e) => Err(e),
    }
}

/// Records pushed in any number, read back sorted.
#[derive(Debug)]
pub struct Spill<T> {
    dir: PathBuf,
    run: usize,
    buf: Vec<T>,
    file: Option<File>,
    /// Records in `file`.
    written: u64,
    bytes: Vec<u8>,
}

impl<T: Record> Spill<T> {
    /// A spill whose file, if one is needed, is made in `dir`.
    pub fn new(dir: &Path) -> Spill<T> {
        Spill::with_run(dir, RUN)
    }

    /// With runs of `run` records (tests use small ones).
    pub fn with_run(dir: &Path, run: usize) -> Spill<T> {
        Spill { dir: dir.to_path_buf(), run: run.max(1), buf: Vec::new(), file: None, written: 0, bytes: Vec::new() }
    }

    /// The folder of the temporary file (for error messages).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn len(&self) -> u64 {
        self.written + self.buf.len() as u64
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn push(&mut self, r: T) -> io::Result<()> {
        if self.buf.capacity() == 0 {
            self.buf.reserve_exact(self.run);
        }
        self.buf.push(r);
        if self.buf.len() == self.run {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.file.is_none() {
            self.file = Some(temp_file(&self.dir)?);
        }
        let file = self.file.as_ref().expect("created above");
        write_records(file, self.written, &self.buf, &mut self.bytes)?;
        self.written += self.buf.len() as u64;
        self.buf.clear();
        Ok(())
    }

    /// Every record pushed, sorted by `key`; equal keys keep their order.
    pub fn sorted<K: Ord, F: Fn(&T) -> K>(mut self, key: F) -> io::Result<Sorted<T, K, F>> {
        if self.file.is_none() {
            // Everything fit in memory.
            self.buf.sort_by_key(|r| key(r));
            return Ok(Sorted { source: Source::Memory(std::mem::take(&mut self.buf).into_iter()), key });
        }
        // The last, partial run goes to the file too, so every run has the same layout.
        if !self.buf.is_empty() {
            self.flush()?;
        }
        let file = self.file.take().expect("checked above");
        // Sorted runs of `run` records each, into a second file; the
        // push buffer holds one run at a time.
        let sorted_file = temp_file(&self.dir)?;
        let mut runs = Vec::new();
        let mut chunk: Vec<T> = std::mem::take(&mut self.buf);
        let mut at = 0u64;
        while at < self.written {
            let n = (self.written - at).min(self.run as u64) as usize;
            chunk.clear();
            read_records(&file, at, n, &mut chunk, &mut self.bytes)?;
            chunk.sort_by_key(|r| key(r));
            write_records(&sorted_file, at, &chunk, &mut self.bytes)?;
            runs.push((at, at + n as u64));
            at += n as u64;
        }
        drop(file);
        drop(chunk);
        // Rounds of merges until one round's runs can be merged at once.
        let mut file = sorted_file;
        while runs.len() > FAN_IN {
            let next = temp_file(&self.dir)?;
            let mut merged_runs = Vec::new();
            let mut out = Vec::with_capacity(BLOCK);
            let mut at = 0u64;
            for group in runs.chunks(FAN_IN) {
                let start = at;
                let mut m = Merge::new(group);
                while let Some(r) = m.next(&file, &key)? {
                    out.push(r);
                    if out.len() == BLOCK {
                        write_records(&next, at, &out, &mut self.bytes)?;
                        at += out.len() as u64;
                        out.clear();
                    }
                }
                write_records(&next, at, &out, &mut self.bytes)?;
                at += out.len() as u64;
                out.clear();
                merged_runs.push((start, at));
            }
            file = next;
            runs = merged_runs;
        }
        let merge = Merge::new(&runs);
        Ok(Sorted { source: Source::File { file, merge }, key })
    }
}

/// Writes `recs` from record `at` on, encoded a block at a time.
fn write_records<T: Record>(file: &File, at: u64, recs: &[T], bytes: &mut Vec<u8>) -> io::Result<()> {
    for (k, block) in recs.chunks(BLOCK).enumerate() {
        bytes.clear();
        for r in block {
            r.put(bytes);
        }
        debug_assert_eq!(bytes.len(), block.len() * T::SIZE);
        file.write_all_at(bytes, (at + (k * BLOCK) as u64) * T::SIZE as u64)?;
    }
    Ok(())
}

fn read_records<T: Record>(file: &File, at: u64, n: usize, out: &mut Vec<T>, bytes: &mut Vec<u8>) -> io::Result<()> {
    bytes.resize(n * T::SIZE, 0);
    file.read_exact_at(bytes, at * T::SIZE as u64)?;
    out.extend(bytes.chunks_exact(T::SIZE).map(T::get));
    Ok(())
}

/// One run being merged: a block of its records, and what is left of it in the file.
#[derive(Debug)]
struct Cursor<T> {
    block: Vec<T>,
    pos: usize,
    at: u64,
    end: u64,
}

/// A heap entry: a record's key, its run (earlier runs first on equal keys:
/// the merge is stable) and the record.
#[derive(Debug)]
struct Entry<K, T> {
    key: K,
    run: usize,
    rec: T,
}

impl<K: Ord, T> PartialEq for Entry<K, T> {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl<K: Ord, T> Eq for Entry<K, T> {}
impl<K: Ord, T> PartialOrd for Entry<K, T> {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl<K: Ord, T> Ord for Entry<K, T> {
    fn cmp(&self, o: &Self) -> Ordering {
        self.key.cmp(&o.key).then(self.run.cmp(&o.run))
    }
}

/// A k-way merge of sorted runs of one file.
#[derive(Debug)]
struct Merge<T, K> {
    cursors: Vec<Cursor<T>>,
    heap: BinaryHeap<Reverse<Entry<K, T>>>,
    started: bool,
    bytes: Vec<u8>,
}

impl<T: Record, K: Ord> Merge<T, K> {
    fn new(runs: &[(u64, u64)]) -> Merge<T, K> {
        Merge {
            cursors: runs.iter().map(|&(at, end)| Cursor { block: Vec::new(), pos: 0, at, end }).collect(),
            heap: BinaryHeap::with_capacity(runs.len()),
            started: false,
            bytes: Vec::new(),
        }
    }

    /// The next record of run `k`, reading its next block when needed.
    fn take(&mut self, file: &File, k: usize) -> io::Result<Option<T>> {
        let c = &mut self.cursors[k];
        if c.pos == c.block.len() {
            if c.at == c.end {
                c.block = Vec::new();
                return Ok(None);
            }
            let n = (c.end - c.at).min(BLOCK as u64) as usize;
            c.block.clear();
            c.pos = 0;
            read_records(file, c.at, n, &mut c.block, &mut self.bytes)?;
            c.at += n as u64;
        }
        c.pos += 1;
        Ok(Some(c.block[c.pos - 1]))
    }

    fn push(&mut self, file: &File, k: usize, key: &impl Fn(&T) -> K) -> io::Result<()> {
        if let Some(rec) = self.take(file, k)? {
            self.heap.push(Reverse(Entry { key: key(&rec), run: k, rec }));
        }
        Ok(())
    }

    fn next(&mut self, file: &File, key: &impl Fn(&T) -> K) -> io::Result<Option<T>> {
        if !self.started {
            self.started = true;
            for k in 0..self.cursors.len() {
                self.push(file, k, key)?;
            }
        }
        let Some(Reverse(e)) = self.heap.pop() else { return Ok(None) };
        self.push(file, e.run, key)?;
        Ok(Some(e.rec))
    }
}

#[derive(Debug)]
enum Source<T, K> {
    Memory(std::vec::IntoIter<T>),
    File { file: File, merge: Merge<T, K> },
}

/// The records of a [`Spill`] in key order.
#[derive(Debug)]
pub struct Sorted<T, K, F> {
    source: Source<T, K>,
    key: F,
}

impl<T: Record, K: Ord, F: Fn(&T) -> K> Iterator for Sorted<T, K, F> {
    type Item = io::Result<T>;
    fn next(&mut self) -> Option<io::Result<T>> {
        match &mut self.source {
            Source::Memory(it) => it.next().map(Ok),
            Source::File { file, merge } => merge.next(file, &self.key).transpose(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    struct R {
        key: u32,
        seq: u64,
    }

    impl Record for R {
        const SIZE: usize = 12;
        fn put(&self, out: &mut Vec<u8>) {
            out.extend_from_slice(&self.key.to_le_bytes());
            out.extend_from_slice(&self.seq.to_le_bytes());
        }
        fn get(b: &[u8]) -> R {
            R { key: u32::from_le_bytes(b[0..4].try_into().unwrap()), seq: u64::from_le_bytes(b[4..12].try_into().unwrap()) }
        }
    }

    /// `n` records with keys from a small range (many ties), pushed with runs
    /// of `run`: sorted by key, ties in the order pushed, none lost.
    fn check(n: u64, run: usize) {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Spill::with_run(dir.path(), run);
        let mut x = 12345u64;
        let mut want = Vec::new();
        for seq in 0..n {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let r = R { key: (x >> 33) as u32 % 97, seq };
            want.push(r);
            s.push(r).unwrap();
        }
        assert_eq!(s.len(), n);
        want.sort_by_key(|r| r.key); // stable
        let got: Vec<R> = s.sorted(|r| r.key).unwrap().map(Result::unwrap).collect();
        assert_eq!(got, want, "n={n} run={run}");
        // the temporary files have no names: nothing is left in the folder
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn sorted_in_memory_in_one_merge_and_in_rounds() {
        check(0, 8);
        check(5, 8); // in memory
        check(8, 8); // one full run in the file
        check(1000, 64); // 16 runs, one merge
        check(FAN_IN as u64 * 7 * 5 + 3, 7); // 161 runs: two rounds of merges
        check(3 * BLOCK as u64 + 17, 2 * BLOCK); // runs longer than a read block
    }

    #[test]
    fn a_folder_that_cannot_hold_the_file_is_an_error() {
        let mut s: Spill<R> = Spill::with_run(Path::new("/nonexistent/tradeseries"), 2);
        s.push(R { key: 1, seq: 1 }).unwrap();
        let e = s.push(R { key: 1, seq: 2 }).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
    }
}
