use crate::util::*;

#[test]
fn bad_documents_are_reported_and_the_others_processed() {
    let w = Workdir::new();
    w.write("in/a_good.txt", "Trade with China exceeded $8.5 billion in 2024.\n");
    w.write("in/b_latin1.txt", b"Exports grew.\nPrices in \xe9cus rose by 5%.\n".to_vec());
    w.write("in/c_binary.txt", b"PK\x03\x04\x00\x00binary".to_vec());
    w.write("in/d_empty.txt", "");
    let cfg = pipeline(&w, &[&w.path("in")], "out");
    let o = w.run(&["run", cfg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("b_latin1.txt:2:11: invalid UTF-8 at byte 24"), "{err}");
    assert!(err.contains("c_binary.txt:1:5: binary file"), "{err}");
    let docs = read_parquet(&w.path("out/documents.parquet"));
    let st = docs.column("status").unwrap().str().unwrap().clone();
    let status: Vec<Option<&str>> = (0..st.len()).map(|i| st.get(i)).collect();
    assert_eq!(status, [Some("ok"), Some("error"), Some("error"), Some("ok")]);
    let facts = read_parquet(&w.path("out/facts.parquet"));
    assert_eq!(facts.height(), 1);
    assert_eq!(facts.column("mention").unwrap().str().unwrap().get(0), Some("$8.5 billion"));
}

#[test]
fn a_missing_input_is_a_clear_error() {
    let w = Workdir::new();
    let o = w.run(&["extract", "nope.txt", "-o", "x.jsonl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nope.txt: No such file or directory"), "{}", stderr(&o));
    assert!(!w.path("x.jsonl").exists());
}
