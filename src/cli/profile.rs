//! `tradeseries profile INPUT...`: each stage's throughput on one thread
//! (read, clean, tokenize, recognize, link), for the benchmark.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::extract::link::{dateline, DocContext, Linker};
use crate::extract::recognize_text;
use crate::ingest::clean::clean;
use crate::ingest::read::{collect, read_document, Encoding};
use crate::lexicon::tokenize;

pub fn run(inputs: &[PathBuf]) -> anyhow::Result<u8> {
    let files = collect(inputs)?.files;
    let mut t = [Duration::ZERO; 5];
    let (mut bytes, mut figures) = (0u64, 0usize);
    for f in files {
        let t0 = Instant::now();
        let Ok(doc) = read_document(&f, Encoding::Utf8) else { continue };
        t[0] += t0.elapsed();
        bytes += doc.bytes;
        for seg in crate::extract::document::segments(&doc.text, crate::extract::document::SEGMENT_BYTES) {
            let t1 = Instant::now();
            let aligned = clean(&doc.text[seg]);
            t[1] += t1.elapsed();
            let t2 = Instant::now();
            let toks = tokenize(&aligned.text);
            t[2] += t2.elapsed();
            let t3 = Instant::now();
            let sents = recognize_text(&aligned.text, &toks, false);
            t[3] += t3.elapsed();
            let t4 = Instant::now();
            let mut linker = Linker::new(DocContext { date: dateline(&aligned.text), reporter: crate::config::DEFAULT_REPORTER.into(), reporter_why: None, text_year: None });
            figures += crate::extract::document::link_sentences(&mut linker, &aligned.text, &toks, &sents).iter().map(Vec::len).sum::<usize>();
            t[4] += t4.elapsed();
        }
    }
    let mb = bytes as f64 / 1e6;
    out!("{mb:.1} MB, {figures} figures, one thread");
    let total: Duration = t.iter().sum();
    for (name, d) in ["read", "clean", "tokenize", "recognize", "link"].iter().zip(t) {
        out!("{name:>10}: {:>8.1} MB/s  ({:.2}s, {:.0}%)", mb / d.as_secs_f64().max(1e-9), d.as_secs_f64(), 100.0 * d.as_secs_f64() / total.as_secs_f64().max(1e-9));
    }
    out!("{:>10}: {:>8.1} MB/s  ({:.2}s)", "all", mb / total.as_secs_f64().max(1e-9), total.as_secs_f64());
    Ok(0)
}
