//! Regressions, named after their issue (ripgrep's habit): each failed
//! before its fix.

use std::fs;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};

use crate::util::*;

/// Issue 15: `output.dir` pointing at a folder of the user's files replaced it whole.
#[test]
fn r15_run_refuses_an_output_folder_of_other_files_and_keeps_them() {
    let w = Workdir::new();
    w.write("in/a.txt", "In 2024, trade with China exceeded $8.5 billion.\n");
    w.write("mine/thesis.docx", "years of work");
    let cfg = pipeline(&w, &[&w.path("in")], "mine");
    for cmd in ["check", "run"] {
        let o = w.run(&[cmd, cfg.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{cmd}: {}", stderr(&o));
        assert!(stderr(&o).contains("not a tradeseries output (thesis.docx)"), "{cmd}: {}", stderr(&o));
    }
    assert_eq!(fs::read_to_string(w.path("mine/thesis.docx")).unwrap(), "years of work");
    // the input folder itself as the output
    let cfg = pipeline(&w, &[&w.path("in")], "in");
    for cmd in ["check", "run"] {
        let o = w.run(&[cmd, cfg.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{cmd}: {}", stderr(&o));
        assert!(stderr(&o).contains("holds input.paths[0]"), "{cmd}: {}", stderr(&o));
    }
    assert!(w.path("in/a.txt").exists());
    // aggregate into the folder its facts are in
    let o = w.run(&["extract", "in", "-o", "in/facts.parquet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = w.run(&["aggregate", "in/facts.parquet", "-o", "in"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is inside the output folder"), "{}", stderr(&o));
    assert!(w.path("in/a.txt").exists() && w.path("in/facts.parquet").exists());
    // a new folder is fine, and so is the same one the next time
    let cfg = pipeline(&w, &[&w.path("in/a.txt")], "out");
    for _ in 0..2 {
        let o = w.run(&["run", cfg.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
}

/// Issue 15: a second run on the same output deleted the first one's staging
/// folder (the first died, "No such file or directory"), or both hung.
#[test]
fn r15_two_runs_on_one_output_folder_both_finish_one_after_the_other() {
    let w = Workdir::new();
    let para = "In January-June 2021, exports to Uzbekistan grew 1.4 times to $120 million. Trade with China exceeded $8.5 billion in 2024.\n\n";
    for k in 0..300 {
        w.write(&format!("in/d{k:03}.txt"), para.repeat(40 + k % 7) + &format!("Imports reached ${k} million in 2023.\n"));
    }
    let cfg = pipeline(&w, &[&w.path("in")], "out");
    let bin = env!("CARGO_BIN_EXE_tradeseries");
    let spawn = || Command::new(bin).args(["run", cfg.to_str().unwrap(), "--full"]).current_dir(w.dir.path()).stderr(Stdio::piped()).spawn().unwrap();
    let (a, b) = (spawn(), spawn());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    let mut outs = Vec::new();
    for mut c in [a, b] {
        loop {
            if let Some(st) = c.try_wait().unwrap() {
                let mut err = String::new();
                c.stderr.take().unwrap().read_to_string(&mut err).unwrap();
                outs.push((st, err));
                break;
            }
            if std::time::Instant::now() > deadline {
                let _ = c.kill();
                panic!("a run hung");
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
    for (st, err) in &outs {
        assert!(st.success(), "{err}");
    }
    assert!(outs.iter().any(|(_, e)| e.contains("is being written by another run (pid")), "{outs:?}");
    let docs = read_parquet(&w.path("out/documents.parquet"));
    assert_eq!(docs.height(), 300);
    assert!(fs::read_dir(w.dir.path()).unwrap().flatten().all(|e| !e.file_name().to_string_lossy().contains("staging")));
}

/// Issue 15: an unreadable folder among the inputs aborted the whole run.
/// The tests run as root in CI, which reads any folder: then the run is made
/// as an ordinary user (nobody), for whom a folder of mode 000 is unreadable.
#[test]
fn r15_an_unreadable_subfolder_is_skipped_and_the_rest_is_read() {
    let w = Workdir::new();
    w.write("in/a.txt", "In 2024, trade with China exceeded $8.5 billion.\n");
    w.write("in/locked/b.txt", "In 2023, exports to Uzbekistan reached $35 million.\n");
    w.write("in/z.txt", "In 2022, imports from Turkey reached $40 million.\n");
    let cfg = pipeline(&w, &[&w.path("in")], "out");
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        for p in [w.dir.path().to_path_buf(), w.path("in"), w.path("in/a.txt"), w.path("in/z.txt"), cfg.clone()] {
            let mode = if p.is_dir() { 0o777 } else { 0o644 };
            fs::set_permissions(&p, fs::Permissions::from_mode(mode)).unwrap();
        }
    }
    fs::set_permissions(w.path("in/locked"), fs::Permissions::from_mode(0o000)).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tradeseries"));
    cmd.args(["run", cfg.to_str().unwrap()]).current_dir(w.dir.path());
    if root {
        cmd.uid(65534).gid(65534);
    }
    let o = cmd.output().unwrap();
    fs::set_permissions(w.path("in/locked"), fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("locked: folder not read: Permission denied"), "{err}");
    assert_eq!(err.matches("Permission denied").count(), 1, "said once: {err}");
    let docs = read_parquet(&w.path("out/documents.parquet"));
    let st: Vec<String> = docs.column("status").unwrap().str().unwrap().iter().map(|s| s.unwrap().to_string()).collect();
    assert_eq!(st, ["ok", "ok", "skipped"]);
    assert_eq!(read_parquet(&w.path("out/facts.parquet")).height(), 2);
}

/// Issue 15: `tradeseries rules | head` panicked with a backtrace (exit 101).
#[test]
fn r15_a_closed_pipe_ends_stdout_commands_with_exit_0() {
    for args in [&["rules"][..], &["explain", "In 2024 exports to China grew by 18% to $84 million."]] {
        let mut c = Command::new(env!("CARGO_BIN_EXE_tradeseries")).args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        drop(c.stdout.take()); // the reader is gone before the first line
        let o = c.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    }
}

/// Issue 15: `report` failed on the output of `aggregate` (no documents.parquet).
#[test]
fn r15_report_works_on_aggregate_output() {
    let w = Workdir::new();
    let corpus = repo().join("pipelines/corpus");
    let o = w.run(&["extract", corpus.to_str().unwrap(), "-o", "facts.parquet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = w.run(&["aggregate", "facts.parquet", "-o", "agg"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = w.run(&["report", "agg"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = fs::read_to_string(w.path("agg/report.html")).unwrap();
    assert!(html.contains("<svg") && html.contains("aggregates only"), "{}", &html[..html.len().min(2000)]);
}

/// #17: "$8,4 млрд" in a Windows-1251 Russian text became 8.4 US dollars (off
/// by 10^9). A number followed by a word of another script the lexicon does
/// not know is not read; the document says in documents.parquet that it is
/// written in another script (a note, not an error); an English text beside
/// it is read as before.
#[test]
fn r17_a_russian_text_gives_no_wrong_amount_and_a_note() {
    let w = Workdir::new();
    let ru = "Товарооборот Беларуси и Китая в 2024 году превысил $8,4 млрд, экспорт вырос на 12%.\n";
    // Windows-1251: Cyrillic letters 0xC0..0xFF for А..я
    let bytes: Vec<u8> = ru
        .chars()
        .map(|c| match c as u32 {
            0x0410..=0x044F => (c as u32 - 0x0410 + 0xC0) as u8,
            u if u < 0x80 => u as u8,
            _ => panic!("not in the sample's alphabet: {c}"),
        })
        .collect();
    w.write("in/ru.txt", bytes);
    w.write("in/en.txt", "Trade turnover between Belarus and China exceeded $8.4 billion in 2024.\n");
    let cfg = w.write("p.toml", "name = \"t\"\n[input]\npaths = [\"in\"]\nencoding = \"windows-1251\"\n[output]\ndir = \"out\"\n");
    let o = w.run(&["run", cfg.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let f = read_parquet(&w.path("out/facts.parquet"));
    let doc = f.column("doc").unwrap().str().unwrap().clone();
    let value = f.column("value").unwrap().f64().unwrap().clone();
    let ru_values: Vec<f64> = (0..f.height()).filter(|&i| doc.get(i) == Some("ru.txt")).filter_map(|i| value.get(i)).collect();
    assert!(!ru_values.iter().any(|v| (*v - 8.4).abs() < 1e-9), "8.4 read as a bare amount: {ru_values:?}");
    let en: Vec<f64> = (0..f.height()).filter(|&i| doc.get(i) == Some("en.txt")).filter_map(|i| value.get(i)).collect();
    assert_eq!(en, vec![8.4e9]);
    let d = read_parquet(&w.path("out/documents.parquet"));
    let (name, note, status) = (d.column("doc").unwrap().str().unwrap().clone(), d.column("note").unwrap().str().unwrap().clone(), d.column("status").unwrap().str().unwrap().clone());
    let k = (0..d.height()).find(|&i| name.get(i) == Some("ru.txt")).unwrap();
    assert!(note.get(k).is_some_and(|n| n.starts_with("written in Cyrillic script")), "{:?}", note.get(k));
    assert_eq!(status.get(k), Some("ok"), "a note, not an error");
    let e = (0..d.height()).find(|&i| name.get(i) == Some("en.txt")).unwrap();
    assert_eq!(note.get(e), None);
}
