//! Pipeline: files -> documents -> facts, streamed to a sink.
//!
//! A reader thread reads files in order, hashes them and marks duplicates,
//! and sends them through a bounded channel; documents are taken in batches
//! (bounded by count and bytes) and processed in parallel by scoped worker
//! threads, largest document first; each batch's facts go to a writer thread
//! in input order. Memory holds at most a couple of batches, whatever the
//! size of the corpus, and the output does not depend on the number of
//! threads.
//!
//! The workers are plain scoped threads, started for each batch, not a rayon
//! pool: between batches rayon's idle workers spin looking for work, on the
//! cores the reader and writer threads need. On two cores that cost 5% of
//! the 1 GB run's CPU time and of its wall time (six paired runs: user time
//! 18.3 s against 19.3 s, wall 10.0 s against 10.5 s, on average; five of
//! the six faster); starting two threads per batch (16 MB of text) costs
//! microseconds.
//!
//! A rerun may pass the previous run's manifest: a document whose path,
//! content hash and rule set are unchanged is not extracted again, its facts
//! are copied from the previous fact table.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, TryRecvError};
use std::sync::Mutex;
use std::thread;

use crate::error::{IngestError, SinkError};
use crate::extract::document::{extract_facts, ExtractOptions};
use crate::fact::{DocStatus, Fact};
use crate::ingest::read::{read_document, Document, Encoding};
use crate::sink::{path_runs, read_facts_in, FactSink};
pub use crate::run::{ruleset_hash, DocRecord, Prior, Previous, StatusSink};

/// How a run reads and what it may reuse.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub threads: usize,
    pub encoding: Encoding,
    /// Identifies the extractor and its settings; a change redoes every document.
    pub ruleset: String,
    pub previous: Option<Previous>,
}

/// Documents of one in-flight batch at most; its text is at most half the
/// read-ahead, so the reader reads the next batch while one is extracted.
const BATCH_DOCS: usize = 64;
/// Text the reader may hold ahead of the workers, the batch being extracted
/// included (a document larger than this is read when nothing else is held).
const READ_AHEAD_BYTES: u64 = 32 << 20;

/// Bytes read but not yet extracted; the reader waits while they exceed the limit.
struct Budget {
    /// Bytes held, and whether the consumer has stopped (then nothing waits).
    held: std::sync::Mutex<(u64, bool)>,
    freed: std::sync::Condvar,
    limit: u64,
}

impl Budget {
    fn new(limit: u64) -> Budget {
        Budget { held: std::sync::Mutex::new((0, false)), freed: std::sync::Condvar::new(), limit }
    }

    fn take(&self, n: u64) {
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        while !held.1 && held.0 > 0 && held.0 + n > self.limit {
            held = self.freed.wait(held).unwrap_or_else(|e| e.into_inner());
        }
        held.0 += n;
    }

    fn give(&self, n: u64) {
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        held.0 = held.0.saturating_sub(n);
        self.freed.notify_all();
    }

    /// The consumer is done (finished, or stopped on an error): the reader
    /// no longer waits, and ends at its next send.
    fn close(&self) {
        self.held.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
        self.freed.notify_all();
    }
}

/// Closes the budget however the consumer leaves.
struct CloseOnDrop(std::sync::Arc<Budget>);

impl Drop for CloseOnDrop {
    fn drop(&mut self) {
        self.0.close();
    }
}

fn item_bytes(item: &Item) -> u64 {
    match item {
        Item::Doc(d) | Item::Duplicate(d, _) => d.text.len() as u64,
        Item::Failed(..) => 0,
    }
}

/// Text a batch holds of the read-ahead budget.
fn batch_bytes(batch: &[Item]) -> u64 {
    batch.iter().map(item_bytes).sum()
}

enum Item {
    Doc(Box<Document>),
    Failed(PathBuf, IngestError),
    Duplicate(Box<Document>, String),
}

/// Runs ingest -> extract over `files`, writing facts to `sink` and each
/// document's status to `statuses` (in input order). Per-document problems
/// are recorded in the statuses; sink errors stop the run.
pub fn run_extract(files: Vec<PathBuf>, opts: &ExtractOptions, sink: &mut dyn FactSink, statuses: &mut dyn StatusSink, run: &RunOptions) -> Result<(), SinkError> {
    // The reader keeps up to a batch of text ahead (bounded in bytes, not
    // only in documents), so workers do not wait for files between batches.
    let (tx, rx) = sync_channel::<Item>(BATCH_DOCS);
    let budget = std::sync::Arc::new(Budget::new(READ_AHEAD_BYTES));
    let reader_budget = budget.clone();
    let encoding = run.encoding;
    let read_time = opts.timings.clone();
    let reader = thread::spawn(move || {
        // content hash -> the first file with it: 36 bytes a document, not
        // the hash's hex and the path (the path is in `files`)
        let mut seen: HashMap<[u8; 32], u32> = HashMap::new();
        for (k, f) in files.iter().enumerate() {
            let item = match crate::extract::document::timed(&read_time, 0, || read_document(f, encoding)) {
                Ok(d) => match seen.entry(d.digest) {
                    std::collections::hash_map::Entry::Occupied(first) => {
                        let first = files[*first.get() as usize].display().to_string();
                        Item::Duplicate(Box::new(d), first)
                    }
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(k as u32);
                        Item::Doc(Box::new(d))
                    }
                },
                Err(e) => Item::Failed(f.clone(), e),
            };
            reader_budget.take(item_bytes(&item));
            if tx.send(item).is_err() {
                break;
            }
        }
    });
    // Batches are written by a writer thread while the next batch is extracted;
    // the channel holds at most two batches' facts.
    let (wtx, wrx) = sync_channel::<Vec<Fact>>(2);
    let result = thread::scope(|scope| -> Result<(), SinkError> {
        // Both the receiver and the budget are given up when extraction ends,
        // however it ends, so that the reader, blocked on a full channel or
        // on the budget, ends too before it is joined (issue 15: after a sink
        // error the reader waited on a full channel whose receiver was still
        // held, and the run hung in the join below).
        let rx = rx;
        let _release_reader = CloseOnDrop(budget.clone());
        let writer = scope.spawn(move || -> Result<(), SinkError> {
            for facts in wrx {
                sink.write_batch(&facts)?;
            }
            Ok(())
        });
        let mut batch: Vec<Item> = Vec::new();
        let send = |facts: Vec<Fact>| wtx.send(facts).is_ok();
        // Extracts the batch and hands its facts to the writer; false if the writer stopped.
        let extract_batch = |batch: &mut Vec<Item>, statuses: &mut dyn StatusSink| -> Result<bool, SinkError> {
            let held = batch_bytes(batch);
            let ok = send(flush(batch, opts, run, statuses)?);
            budget.give(held);
            Ok(ok)
        };
        let mut ok = true;
        loop {
            // The reader is waited for only with no batch in hand: a partial
            // batch is extracted rather than held while waiting, since the
            // reader may itself be waiting for that batch's bytes to be freed.
            let item = if batch.is_empty() {
                match rx.recv() {
                    Ok(item) => item,
                    Err(_) => break,
                }
            } else {
                match rx.try_recv() {
                    Ok(item) => item,
                    Err(TryRecvError::Empty) => {
                        ok = extract_batch(&mut batch, statuses)?;
                        if !ok {
                            break;
                        }
                        continue;
                    }
                    Err(TryRecvError::Disconnected) => break,
                }
            };
            // A long document is extracted alone, its facts sent segment by segment.
            if let Item::Doc(d) = &item {
                if d.text.len() > 2 * crate::extract::document::SEGMENT_BYTES && !unchanged(run, d) {
                    let size = item_bytes(&item);
                    ok = extract_batch(&mut batch, statuses)?;
                    let Item::Doc(d) = item else { unreachable!("matched above") };
                    statuses.add(process_long(*d, opts, run, &send))?;
                    budget.give(size);
                    if !ok {
                        break;
                    }
                    continue;
                }
            }
            batch.push(item);
            // the text held, as the read-ahead counts it (decoded, duplicates included)
            if batch.len() >= BATCH_DOCS || batch_bytes(&batch) >= READ_AHEAD_BYTES / 2 {
                ok = extract_batch(&mut batch, statuses)?;
                if !ok {
                    break; // the writer failed: its error is reported below
                }
            }
        }
        if ok {
            extract_batch(&mut batch, statuses)?;
        }
        drop(wtx);
        writer.join().expect("the writer thread does not panic")?;
        Ok(())
    });
    reader.join().expect("the reader thread does not panic");
    result
}

fn unchanged(run: &RunOptions, d: &Document) -> bool {
    run.previous.as_ref().is_some_and(|p| p.manifest.get(&d.path.display().to_string()).is_some_and(|e| e.sha256 == d.sha256 && e.ruleset == run.ruleset))
}

/// Extracts one batch (in parallel, in order); returns its facts.
fn flush(batch: &mut Vec<Item>, opts: &ExtractOptions, run: &RunOptions, statuses: &mut dyn StatusSink) -> Result<Vec<Fact>, SinkError> {
    if batch.is_empty() {
        return Ok(Vec::new());
    }
    // Unchanged documents (each, with or without facts) and their facts from
    // the previous table, by path; each document's facts are taken once by
    // the worker that handles it (not copied).
    let mut reused: HashMap<String, Mutex<Vec<Fact>>> = batch.iter().filter_map(|i| if let Item::Doc(d) = i { unchanged(run, d).then(|| (d.path.display().to_string(), Mutex::default())) } else { None }).collect();
    if let (false, Some(prev)) = (reused.is_empty(), &run.previous) {
        // only the rows that hold these documents' facts are read
        let spans = reused.keys().filter_map(|p| prev.manifest.get(p)).map(|e| e.rows.clone()).collect();
        let found = read_facts_in(&prev.facts, &reused.keys().map(String::as_str).collect::<HashSet<&str>>(), spans)?;
        for f in found {
            let facts = reused.get_mut(&f.path).expect("only the facts of the paths asked for are read");
            facts.get_mut().unwrap_or_else(|e| e.into_inner()).push(f);
        }
    }
    // Largest documents first, each taken by the next free worker (longest
    // processing time first): a batch ends on small documents, so workers
    // wait less for its last one. Results go to their input slot.
    let n = batch.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(item_bytes(&batch[k])));
    let items: Vec<Mutex<Option<Item>>> = batch.drain(..).map(|i| Mutex::new(Some(i))).collect();
    let done: Vec<Mutex<Option<Handled>>> = (0..n).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    thread::scope(|s| {
        for _ in 0..run.threads.clamp(1, n) {
            s.spawn(|| {
                while let Some(&k) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let item = lock(&items[k]).take().expect("each item is taken once");
                    *lock(&done[k]) = Some(handle(item, &reused, opts, run));
                }
            });
        }
    });
    let results: Vec<Handled> = done.into_iter().map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()).expect("every item is handled")).collect();
    // sized once: a doubling vector would hold its old and new buffers at once
    let mut facts = Vec::with_capacity(results.iter().map(|r| r.1.len()).sum());
    for (st, fs) in results {
        statuses.add(st)?;
        facts.extend(fs);
    }
    Ok(facts)
}

/// A lock whose holder cannot have left its data half-changed (a take or a put).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A batch item's status and facts.
type Handled = (DocRecord, Vec<Fact>);

/// One batch item's status and facts: extracted, reused from the previous
/// table (the documents in `reused`), or a duplicate or unreadable file's status.
fn handle(item: Item, reused: &HashMap<String, Mutex<Vec<Fact>>>, opts: &ExtractOptions, run: &RunOptions) -> Handled {
    match item {
        Item::Doc(d) => match reused.get(&d.path.display().to_string()) {
            Some(m) => {
                let facts = std::mem::take(&mut *lock(m));
                (status(&d, facts.len(), DocStatus::Reused, None, run), facts)
            }
            None => process(*d, opts, run),
        },
        Item::Duplicate(d, first) => {
            let msg = format!("{}: same content as {first}; its facts are not counted twice", d.path.display());
            (status(&d, 0, DocStatus::Duplicate, Some(msg), run), Vec::new())
        }
        Item::Failed(path, e) => {
            let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            (not_read(&path, bytes, DocStatus::Error, e.to_string(), run), Vec::new())
        }
    }
}

fn status(d: &Document, facts: usize, status: DocStatus, error: Option<String>, run: &RunOptions) -> DocRecord {
    DocRecord {
        doc: d.id.clone(),
        path: d.path.display().to_string(),
        bytes: d.bytes,
        sha256: d.sha256.clone(),
        facts: facts as u64,
        status,
        error,
        encoding: d.encoding.into(),
        ruleset: run.ruleset.clone(),
        note: crate::ingest::script::note(&d.text),
    }
}

fn process(doc: Document, opts: &ExtractOptions, run: &RunOptions) -> (DocRecord, Vec<Fact>) {
    match extract_document(&doc, opts) {
        Ok(facts) => {
            let st = if doc.text.trim().is_empty() { DocStatus::Empty } else { DocStatus::Ok };
            (status(&doc, facts.len(), st, None, run), facts)
        }
        Err(msg) => (status(&doc, 0, DocStatus::Error, Some(msg), run), Vec::new()),
    }
}

/// The facts of one document, as a run extracts them (the Python and Spark
/// entry points call this too). A bug must not take the other documents
/// down: a panic becomes this document's error, naming it.
pub fn extract_document(doc: &Document, opts: &ExtractOptions) -> Result<Vec<Fact>, String> {
    let path = doc.path.display().to_string();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extract_facts(&doc.id, &path, &doc.text, opts))).map_err(|p| format!("{}: internal error while extracting: {}", doc.path.display(), panic_text(&*p)))
}

/// Extracts one long document on its own, sending each segment's facts on.
fn process_long(doc: Document, opts: &ExtractOptions, run: &RunOptions, send: &dyn Fn(Vec<Fact>) -> bool) -> DocRecord {
    let path = doc.path.display().to_string();
    let mut n = 0;
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        crate::extract::document::extract_facts_each(&doc.id, &path, &doc.text, opts, |fs| {
            n += fs.len();
            send(fs);
        })
    }));
    match result {
        Ok(()) => status(&doc, n, DocStatus::Ok, None, run),
        Err(p) => {
            let what = panic_text(&*p);
            // facts already sent stay; the status says the document failed part-way
            status(&doc, n, DocStatus::Error, Some(format!("{}: internal error while extracting: {what}", doc.path.display())), run)
        }
    }
}

/// Statuses for what was passed over in folders (files not text by their
/// ending, folders that cannot be read), with why.
pub fn skipped(files: &[(PathBuf, String)], run: &RunOptions) -> Vec<DocRecord> {
    files
        .iter()
        .map(|(p, why)| {
            let bytes = std::fs::symlink_metadata(p).map(|m| if m.is_dir() { 0 } else { m.len() }).unwrap_or(0);
            not_read(p, bytes, DocStatus::Skipped, format!("{}: {why}", p.display()), run)
        })
        .collect()
}

/// The status of a file that gave no document (failed to read, or passed over).
fn not_read(path: &Path, bytes: u64, status: DocStatus, error: String, run: &RunOptions) -> DocRecord {
    DocRecord {
        doc: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        path: path.display().to_string(),
        bytes,
        sha256: String::new(),
        facts: 0,
        status,
        error: Some(error),
        encoding: String::new(),
        ruleset: run.ruleset.clone(),
        note: None,
    }
}

/// The message of a caught panic.
fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default()
}

/// Reads the manifest of a previous run (`documents.parquet`) and where each
/// document's facts are in its fact table (one pass over the path column),
/// if there is a previous run. A previous output that cannot be read is
/// said so and not reused: every document is then extracted again.
pub fn previous_run(dir: &Path) -> Option<Previous> {
    let docs = dir.join("documents.parquet");
    let facts = dir.join("facts.parquet");
    if !docs.exists() || !facts.exists() {
        return None;
    }
    let read = || -> Result<Previous, SinkError> {
        let mut manifest = crate::run::read_manifest(&docs)?;
        path_runs(&facts, |p, run| {
            if let Some(e) = manifest.get_mut(p) {
                // one run per document as written; should a table hold more, their hull (rows are checked by path when read)
                e.rows = if e.rows.is_empty() { run } else { e.rows.start.min(run.start)..e.rows.end.max(run.end) };
            }
        })?;
        Ok(Previous { manifest, facts: facts.clone() })
    };
    match read() {
        Ok(p) => Some(p),
        Err(e) => {
            eprintln!("tradeseries: note: the previous output is not reused ({e}); every document is extracted again");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::Duration;
    use crate::sink::FactSink;

    /// A sink that fails at its first batch.
    struct Failing;
    impl FactSink for Failing {
        fn write_batch(&mut self, _: &[Fact]) -> Result<(), SinkError> {
            Err(SinkError::Write { path: "out".into(), message: "disk gone".into() })
        }
        fn finish(self: Box<Self>) -> Result<(), SinkError> {
            Ok(())
        }
    }

    /// Issue 15: a run whose output failed under it (another run deleted its
    /// staging folder) hung for ever: the reader was blocked on a full channel.
    #[test]
    fn r15_a_sink_error_ends_the_run_instead_of_hanging_it() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = (0..300)
            .map(|k| {
                let p = dir.path().join(format!("d{k:03}.txt"));
                std::fs::write(&p, format!("In 2024 exports to China reached ${k} million.")).unwrap();
                p
            })
            .collect();
        let (tx, rx) = std::sync::mpsc::channel();
        thread::spawn(move || {
            let run = RunOptions { threads: 2, encoding: Encoding::Utf8, ruleset: "t".into(), previous: None };
            let mut statuses: Vec<DocRecord> = Vec::new();
            let r = run_extract(files, &ExtractOptions::default(), &mut Failing, &mut statuses, &run);
            tx.send(r.is_err()).unwrap();
        });
        assert_eq!(rx.recv_timeout(Duration::from_secs(60)), Ok(true), "the run ends with the sink's error");
    }

    /// Issue 15: the fingerprint hashed a hand-kept list of files and missed
    /// lexicon/mod.rs, normalize.rs and ingest/read.rs.
    #[test]
    fn r15_the_rule_set_covers_every_source_file() {
        fn count(dir: &Path) -> usize {
            std::fs::read_dir(dir).unwrap().flatten().map(|e| if e.path().is_dir() { count(&e.path()) } else { 1 }).sum()
        }
        // every file under src/ (as built) and Cargo.lock
        assert_eq!(crate::run::source::SOURCE_FILES, count(Path::new("src")) + 1);
        assert_eq!(crate::run::source::SOURCE_DIGEST.len(), 64);
        // and the settings
        let a = ruleset_hash(&ExtractOptions::default());
        let b = ruleset_hash(&ExtractOptions { reporter: "KAZ".into(), ..Default::default() });
        let mut doc_reporters = std::collections::BTreeMap::new();
        doc_reporters.insert("a.txt".to_string(), "UZB".to_string());
        let c = ruleset_hash(&ExtractOptions { doc_reporters, ..Default::default() });
        assert!(a != b && a != c && b != c);
        assert_eq!(a, ruleset_hash(&ExtractOptions::default()));
    }

    #[test]
    fn the_reader_waits_for_the_budget_and_is_released_on_close() {
        let b = Arc::new(Budget::new(100));
        b.take(60);
        // more than the limit while something is held: waits for a give
        let (tx, rx) = std::sync::mpsc::channel();
        let b2 = b.clone();
        let t = thread::spawn(move || {
            b2.take(60);
            tx.send(()).unwrap();
        });
        assert!(rx.recv_timeout(Duration::from_millis(200)).is_err(), "took 120 of 100");
        b.give(60);
        rx.recv_timeout(Duration::from_secs(5)).expect("released by the give");
        t.join().unwrap();
        // a document larger than the limit is taken when nothing else is held
        b.give(60);
        b.take(500);
        // a consumer that stopped releases a waiting reader
        let b3 = b.clone();
        let t = thread::spawn(move || b3.take(1));
        thread::sleep(Duration::from_millis(50));
        b.close();
        t.join().unwrap();
    }
}
