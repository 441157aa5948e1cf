use std::fs;
use std::os::unix::fs::symlink;

use crate::util::*;

fn statuses(w: &Workdir, out: &str) -> Vec<(String, String, Option<String>)> {
    let docs = read_parquet(&w.path(&format!("{out}/documents.parquet")));
    let d = docs.column("doc").unwrap().str().unwrap().clone();
    let st = docs.column("status").unwrap().str().unwrap().clone();
    let er = docs.column("error").unwrap().str().unwrap().clone();
    (0..docs.height()).map(|i| (d.get(i).unwrap().to_string(), st.get(i).unwrap().to_string(), er.get(i).map(String::from))).collect()
}

#[test]
fn bad_documents_are_reported_and_the_others_processed() {
    let w = Workdir::new();
    w.write("in/a_good.txt", "Trade with China exceeded $8.5 billion in 2024.\n");
    w.write("in/b_latin1.txt", b"Exports grew.\nPrices in \xe9cus rose by 5%.\n");
    w.write("in/c_binary.txt", b"PK\x03\x04\x00\x00binary");
    w.write("in/d_empty.txt", "");
    w.write("in/e_copy.txt", "Trade with China exceeded $8.5 billion in 2024.\n");
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Exports to Uzbekistan reached $35 million in 2019.".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    w.write("in/f_utf16.txt", utf16);
    w.write("in/g_scan.pdf", b"%PDF-1.4");
    symlink(w.path("in/missing.txt"), w.path("in/h_dangling.txt")).unwrap();
    symlink(w.path("in"), w.path("in/i_loop")).unwrap();
    let cfg = pipeline(&w, &[&w.path("in")], "out");
    let o = w.run(&["run", cfg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("b_latin1.txt:2:11: invalid UTF-8 at byte 24"), "{err}");
    assert!(err.contains("c_binary.txt:1:5: binary file"), "{err}");
    assert!(err.contains("h_dangling.txt: No such file or directory"), "{err}");
    let got = statuses(&w, "out");
    let st: Vec<(&str, &str)> = got.iter().map(|(d, s, _)| (d.as_str(), s.as_str())).collect();
    assert_eq!(
        st,
        [
            ("a_good.txt", "ok"),
            ("b_latin1.txt", "error"),
            ("c_binary.txt", "error"),
            ("d_empty.txt", "empty"),
            ("e_copy.txt", "duplicate"),
            ("f_utf16.txt", "ok"),
            ("h_dangling.txt", "error"),
            ("g_scan.pdf", "skipped"),
            ("i_loop", "skipped"),
        ]
    );
    assert!(got[4].2.as_deref().unwrap().contains("same content as"), "{:?}", got[4]);
    let facts = read_parquet(&w.path("out/facts.parquet"));
    let m: Vec<Option<&str>> = {
        let c = facts.column("mention").unwrap().str().unwrap().clone();
        (0..c.len()).map(|i| c.get(i).map(|s| Box::leak(s.to_string().into_boxed_str()) as &str)).collect()
    };
    assert_eq!(m, [Some("$8.5 billion"), Some("$35 million")]);
}

#[test]
fn windows_1251_when_the_config_says_so() {
    let w = Workdir::new();
    // "Экспорт вырос на 5%" in Windows-1251, then ASCII
    let mut b = vec![0xDD, 0xEA, 0xF1, 0xEF, 0xEE, 0xF0, 0xF2, b' '];
    b.extend_from_slice(b"Exports to China grew by 5% to $12 million in 2023.\n");
    w.write("in/cp.txt", b);
    w.write("p.toml", format!("name = \"t\"\n[input]\npaths = [{:?}]\nencoding = \"windows-1251\"\n[output]\ndir = \"out\"\n", w.path("in").display().to_string()));
    let o = w.run(&["run", w.path("p.toml").to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let docs = read_parquet(&w.path("out/documents.parquet"));
    assert_eq!(docs.column("encoding").unwrap().str().unwrap().get(0), Some("windows-1251"));
    assert_eq!(read_parquet(&w.path("out/facts.parquet")).height(), 2);
    // extract takes the encoding by name or alias; without it the file is refused by position
    for enc in ["windows-1251", "cp1251"] {
        let o = w.run(&["extract", w.path("in").to_str().unwrap(), "--encoding", enc, "-o", "x.jsonl"]);
        assert!(o.status.success(), "{enc}: {}", stderr(&o));
        assert_eq!(std::fs::read_to_string(w.path("x.jsonl")).unwrap().lines().count(), 2, "{enc}");
    }
    let o = w.run(&["extract", w.path("in").to_str().unwrap(), "-o", "y.jsonl"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cp.txt") && stderr(&o).contains("byte 0"), "{}", stderr(&o));
    let o = w.run(&["extract", w.path("in").to_str().unwrap(), "--encoding", "latin9", "-o", "z.jsonl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("[possible values: utf-8, windows-1251]"), "{}", stderr(&o));
}

#[test]
fn a_long_line_without_newline_is_read_in_segments() {
    let w = Workdir::new();
    let sentence = "In 2023 exports to Uzbekistan grew by 5% to $12 million. ";
    let n = (20 << 20) / sentence.len();
    let line = sentence.repeat(n); // ~20 MB, one line
    w.write("in/long.txt", &line);
    let o = w.run(&["extract", "in", "-o", "f.parquet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let facts = read_parquet(&w.path("f.parquet"));
    assert_eq!(facts.height(), 2 * n);
    // spans still point at the figures in the file
    let s = facts.column("start").unwrap().i64().unwrap().clone();
    let m = facts.column("mention").unwrap().str().unwrap().clone();
    for i in (0..facts.height()).step_by(9973) {
        let st = s.get(i).unwrap() as usize;
        let mention = m.get(i).unwrap();
        assert_eq!(&line[st..st + mention.len()], mention);
    }
}

/// The reader holds at most 32 MB of text ahead of the workers. Documents
/// that together pass that before a batch is full (30 of 1.2 MB), and one
/// larger than it after a small one, are read and extracted: the run does
/// not wait for a batch that waits for the reader.
#[test]
fn documents_past_the_read_ahead_do_not_stall_the_run() {
    let w = Workdir::new();
    let para = "In 2023 exports to Uzbekistan grew by 5% to $12 million. The delegations discussed logistics and customs at length.\n";
    let mid = para.repeat((1_200_000 / para.len()) + 1);
    for k in 0..30 {
        w.write(&format!("in/m{k:02}.txt"), format!("{mid}{k}\n"));
    }
    w.write("in/x0.txt", para);
    w.write("in/x1.txt", para.repeat((34 << 20) / para.len()));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tradeseries"))
        .args(["extract", "in", "-o", "f.parquet"])
        .current_dir(w.dir.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let t0 = std::time::Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if t0.elapsed() > std::time::Duration::from_secs(120) {
            child.kill().unwrap();
            panic!("the run stalled: no exit after 120 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(status.success());
    let facts = read_parquet(&w.path("f.parquet"));
    let per_para = 2;
    let paras = 30 * (mid.len() / para.len()) + 1 + (34 << 20) / para.len();
    assert_eq!(facts.height(), per_para * paras);
}

#[test]
fn a_missing_input_is_a_clear_error() {
    let w = Workdir::new();
    let o = w.run(&["extract", "nope.txt", "-o", "x.jsonl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nope.txt: No such file or directory"), "{}", stderr(&o));
    assert!(!w.path("x.jsonl").exists());
    let leftovers: Vec<_> = fs::read_dir(w.dir.path()).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().ends_with(".tmp")).collect();
    assert!(leftovers.is_empty());
}
