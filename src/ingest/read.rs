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
    /// SHA-256 of the file's bytes, in hex (as documents.parquet has it) ...
    pub sha256: String,
    /// ... and as its 32 bytes (duplicate detection keeps these).
    pub digest: [u8; 32],
    pub text: String,
    /// The encoding the file was read in ("utf-8", "utf-16le", ...). Spans are
    /// byte offsets into the text as UTF-8; for UTF-8 files that is the file.
    pub encoding: &'static str,
}

/// How to read files that are not UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Encoding {
    /// UTF-8 (UTF-16 is recognised by its byte-order mark); anything else is refused.
    #[default]
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// Windows-1251 (Cyrillic) for files that are not valid UTF-8.
    #[value(name = "windows-1251", alias = "cp1251")]
    Windows1251,
}

impl Encoding {
    pub fn parse(s: &str) -> Option<Encoding> {
        match s.to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "windows-1251" | "cp1251" => Some(Encoding::Windows1251),
            _ => None,
        }
    }
}

/// The inputs: files to read, and what was passed over in folders (files
/// that are not text by their ending, folders that cannot be read), each with
/// why: reported, not dropped silently.
#[derive(Debug, Default)]
pub struct Inputs {
    pub files: Vec<PathBuf>,
    pub skipped: Vec<(PathBuf, String)>,
}

/// Expands files and folders into a sorted list of files.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, IngestError> {
    Ok(collect(paths)?.files)
}

/// Expands files and folders, keeping the files passed over.
pub fn collect(paths: &[PathBuf]) -> Result<Inputs, IngestError> {
    let mut out = Inputs::default();
    for p in paths {
        let meta = fs::metadata(p).map_err(|e| IngestError::Io { path: p.clone(), source: e })?;
        if meta.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.files.push(p.clone());
        }
    }
    Ok(out)
}

/// Why a file in a folder is not read.
pub const NOT_TEXT: &str = "not read: not a .txt/.md/.text/.markdown file";

/// Walks a folder. A folder below it that cannot be listed is passed over
/// and said so, and the walk goes on (issue 15: it aborted the run); only the
/// named input folder itself must be readable.
fn walk(dir: &Path, out: &mut Inputs) -> Result<(), IngestError> {
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
        let meta = match fs::symlink_metadata(&p) {
            Ok(m) => m,
            Err(e) => {
                out.skipped.push((p, format!("not read: {e}")));
                continue;
            }
        };
        if meta.is_dir() {
            if let Err(IngestError::Io { source, .. }) = walk(&p, out) {
                out.skipped.push((p, format!("folder not read: {source}")));
            }
        } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| TEXT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str())) {
            out.files.push(p);
        } else {
            out.skipped.push((p, NOT_TEXT.into()));
        }
    }
    Ok(())
}

/// The most a single document may hold; a larger file is refused clearly.
pub const MAX_DOCUMENT_BYTES: u64 = 1 << 30;

/// Reads and decodes one file.
pub fn read_document(path: &Path, encoding: Encoding) -> Result<Document, IngestError> {
    let meta = fs::metadata(path).map_err(|e| IngestError::Io { path: path.to_path_buf(), source: e })?;
    if !meta.is_file() {
        return Err(IngestError::NotAFile { path: path.to_path_buf() });
    }
    if meta.len() > MAX_DOCUMENT_BYTES {
        return Err(IngestError::TooLarge { path: path.to_path_buf(), bytes: meta.len(), limit: MAX_DOCUMENT_BYTES });
    }
    let bytes = fs::read(path).map_err(|e| IngestError::Io { path: path.to_path_buf(), source: e })?;
    document_from_bytes(path, bytes, encoding)
}

/// A document from its bytes, as if read from `path` (the Python and Spark
/// entry points hand over bytes read elsewhere): the same decoding, id and
/// digest as [`read_document`].
pub fn document_from_bytes(path: &Path, bytes: Vec<u8>, encoding: Encoding) -> Result<Document, IngestError> {
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(IngestError::TooLarge { path: path.to_path_buf(), bytes: bytes.len() as u64, limit: MAX_DOCUMENT_BYTES });
    }
    let digest: [u8; 32] = Sha256::digest(&bytes).into();
    let sha256 = hex(&digest);
    let len = bytes.len() as u64;
    let (text, enc) = decode_as(path, bytes, encoding)?;
    let id = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
    Ok(Document { id, path: path.to_path_buf(), bytes: len, sha256, digest, text, encoding: enc })
}

/// Decodes by byte-order mark (UTF-16), else as UTF-8, else as `encoding` asks.
pub fn decode_as(path: &Path, bytes: Vec<u8>, encoding: Encoding) -> Result<(String, &'static str), IngestError> {
    let utf16 = |b: &[u8], le: bool| -> Result<String, IngestError> {
        if !b.len().is_multiple_of(2) {
            return Err(IngestError::InvalidUtf16 { path: path.to_path_buf(), offset: b.len() });
        }
        let units: Vec<u16> = b.chunks_exact(2).map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) }).collect();
        String::from_utf16(&units).map_err(|_| IngestError::InvalidUtf16 { path: path.to_path_buf(), offset: 0 })
    };
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Ok((utf16(&bytes[2..], true)?, "utf-16le"));
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Ok((utf16(&bytes[2..], false)?, "utf-16be"));
    }
    utf8_or(path, bytes, encoding)
}

/// A NUL byte among the first `upto` bytes: a binary file.
fn binary_at(path: &Path, bytes: &[u8], upto: usize) -> Option<IngestError> {
    let pos = memchr::memchr(0, &bytes[..upto.min(bytes.len())])?;
    let (line, col) = line_col(bytes, pos);
    Some(IngestError::Binary { path: path.to_path_buf(), offset: pos, line, col })
}

/// UTF-8, else Windows-1251 when `encoding` asks for it; the bytes are read once.
fn utf8_or(path: &Path, bytes: Vec<u8>, encoding: Encoding) -> Result<(String, &'static str), IngestError> {
    let checked = if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: just validated as UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        String::from_utf8(bytes)
    };
    match checked {
        Ok(s) => match binary_at(path, s.as_bytes(), s.len()) {
            Some(e) => Err(e),
            None => Ok((s, "utf-8")),
        },
        Err(e) if encoding == Encoding::Windows1251 => {
            let bytes = e.into_bytes();
            if let Some(e) = binary_at(path, &bytes, bytes.len()) {
                return Err(e);
            }
            Ok((bytes.iter().map(|&b| cp1251(b)).collect(), "windows-1251"))
        }
        Err(e) => {
            let pos = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            // a NUL near the first invalid byte says "binary" better than "invalid UTF-8"
            if let Some(e) = binary_at(path, &bytes, pos + 4096) {
                return Err(e);
            }
            let (line, col) = line_col(&bytes, pos);
            Err(IngestError::InvalidUtf8 { path: path.to_path_buf(), offset: pos, line, col })
        }
    }
}

/// Windows-1251 byte -> char.
fn cp1251(b: u8) -> char {
    const HIGH: [char; 64] = [
        'Ђ', 'Ѓ', '‚', 'ѓ', '„', '…', '†', '‡', '€', '‰', 'Љ', '‹', 'Њ', 'Ќ', 'Ћ', 'Џ', 'ђ', '‘', '’', '“', '”', '•', '–', '—', '\u{98}', '™', 'љ', '›',
        'њ', 'ќ', 'ћ', 'џ', '\u{a0}', 'Ў', 'ў', 'Ј', '¤', 'Ґ', '¦', '§', 'Ё', '©', 'Є', '«', '¬', '\u{ad}', '®', 'Ї', '°', '±', 'І', 'і', 'ґ', 'µ', '¶', '·',
        'ё', '№', 'є', '»', 'ј', 'Ѕ', 'ѕ', 'ї',
    ];
    match b {
        0..=0x7F => b as char,
        0x80..=0xBF => HIGH[(b - 0x80) as usize],
        _ => char::from_u32(0x0410 + (b - 0xC0) as u32).expect("0xC0..=0xFF map to А..я"),
    }
}

/// Decodes UTF-8; spans stay offsets into the file, so a BOM is kept as
/// text (it is not a letter and no figure starts in it).
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, IngestError> {
    utf8_or(path, bytes, Encoding::Utf8).map(|(text, _)| text)
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
        assert!(err.to_string().starts_with("x.txt:2:3: invalid UTF-8 at byte 5 (for Windows-1251 texts set [input] encoding"), "{err}");
    }

    #[test]
    fn utf16_by_bom_and_windows_1251_on_request() {
        let mut b = vec![0xFF, 0xFE];
        for u in "Экспорт $5 млн".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_as(Path::new("u.txt"), b, Encoding::Utf8).unwrap(), ("Экспорт $5 млн".to_string(), "utf-16le"));
        let cp = vec![0xDD, 0xEA, 0xF1, 0xEF, 0xEE, 0xF0, 0xF2, b' ', b'$', b'5'];
        assert!(decode_as(Path::new("c.txt"), cp.clone(), Encoding::Utf8).is_err());
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.txt");
        std::fs::write(&p, &cp).unwrap();
        assert_eq!(decode_as(&p, cp, Encoding::Windows1251).unwrap().0, "Экспорт $5");
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let err = decode(Path::new("b.bin"), b"PK\0\x03".to_vec()).unwrap_err();
        assert!(err.to_string().contains("b.bin:1:3: binary file"), "{err}");
    }
}
