//! Build script: the digest of everything that can change a fact.
//!
//! A rerun reuses a document's facts only when its rule set is unchanged
//! (`run::ruleset_hash`). That used to hash a hand-kept list of source files,
//! which missed some and broke silently when a file moved (issue 15). Here
//! every file under `src/` (code and lexicons) and the lock file (dependency
//! versions) is hashed, path and content, in sorted order: any change of the
//! sources redoes every document, which is the safe side.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).expect("src/ is readable").flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let mut all = Vec::new();
    files(&root.join("src"), &mut all);
    all.push(root.join("Cargo.lock"));
    let mut h = Sha256::new();
    for p in &all {
        let rel = p.strip_prefix(&root).unwrap_or(p);
        h.update(rel.to_string_lossy().as_bytes());
        h.update([0]);
        h.update(std::fs::read(p).unwrap_or_default());
        h.update([0]);
    }
    let digest: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("source_digest.rs");
    std::fs::write(
        out,
        format!("/// SHA-256 of every file under src/ and of Cargo.lock, made by build.rs ({} files).\npub const SOURCE_DIGEST: &str = \"{digest}\";\npub const SOURCE_FILES: usize = {};\n", all.len(), all.len()),
    )
    .expect("OUT_DIR is writable");
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
}
