//! Read: input paths -> documents (decoded text plus provenance).
//!
//! Folders are walked recursively in sorted order so runs are deterministic.
//! A file that cannot be read or is not UTF-8 is an [`IngestError`] naming the
//! file and the position; the caller records it and goes on with the others.

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::IngestError;
use crate::text::line_col;

/// File endings read when walking a folder (named files are always read).
pub const TEXT_EXTENSIONS: [&str; 4] = ["txt", "md", "text", "markdown"];

/// A decoded input document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Document id: the file name (FACTS.md `doc`).
    pub id: String,
    pub path: PathBuf,
    pub bytes: u64,
    pub sha256: String,
    pub text: String,
}

/// Expands files and folders into a sorted list of files.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, IngestError> {
    let mut out = Vec::new();
    for p in paths {
        let meta = fs::metadata(p).map_err(|e| IngestError::Io { path: p.clone(), source: e })?;
        if meta.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), IngestError> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| IngestError::Io { path: dir.to_path_buf(), source: e })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        // symlink_metadata: a link to a folder is not followed (no loops).
        let Ok(meta) = fs::symlink_metadata(&p) else { continue };
        if meta.is_dir() {
            walk(&p, out)?;
        } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| TEXT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str())) {
            out.push(p);
        }
    }
    Ok(())
}

/// Reads and decodes one file (UTF-8, a leading BOM dropped).
pub fn read_document(path: &Path) -> Result<Document, IngestError> {
    let bytes = fs::read(path).map_err(|e| IngestError::Io { path: path.to_path_buf(), source: e })?;
    let sha256 = hex(&Sha256::digest(&bytes));
    let len = bytes.len() as u64;
    let text = decode(path, bytes)?;
    let id = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
    Ok(Document { id, path: path.to_path_buf(), bytes: len, sha256, text })
}

/// Decodes UTF-8; spans stay offsets into the file, so a BOM is kept as
/// text (it is not a letter and no figure starts in it).
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, IngestError> {
    match String::from_utf8(bytes) {
        Ok(s) => {
            if s.contains('\0') {
                let pos = s.find('\0').unwrap_or(0);
                let (line, col) = line_col(s.as_bytes(), pos);
                return Err(IngestError::Binary { path: path.to_path_buf(), offset: pos, line, col });
            }
            Ok(s)
        }
        Err(e) => {
            let pos = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let (line, col) = line_col(&bytes, pos);
            Err(IngestError::InvalidUtf8 { path: path.to_path_buf(), offset: pos, line, col })
        }
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let err = decode(Path::new("x.txt"), b"ok\nab\xff".to_vec()).unwrap_err();
        assert_eq!(err.to_string(), "x.txt:2:3: invalid UTF-8 at byte 5");
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let err = decode(Path::new("b.bin"), b"PK\0\x03".to_vec()).unwrap_err();
        assert!(err.to_string().contains("b.bin:1:3: binary file"), "{err}");
    }
}
