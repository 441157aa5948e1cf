//! Typed errors of the library stages. Display is lower-case, names the place
//! first (file, then line:col or key path), then the problem.

use std::path::PathBuf;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum IngestError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}:{line}:{col}: invalid UTF-8 at byte {offset} (for Windows-1251 texts set [input] encoding = \"windows-1251\" in the pipeline, or extract --encoding windows-1251)", path.display())]
    InvalidUtf8 { path: PathBuf, offset: usize, line: usize, col: usize },
    #[error("{}: invalid UTF-16 at byte {offset}", path.display())]
    InvalidUtf16 { path: PathBuf, offset: usize },
    #[error("{}: not a regular file", path.display())]
    NotAFile { path: PathBuf },
    #[error("{}: {bytes} bytes, more than the {limit} a document may hold", path.display())]
    TooLarge { path: PathBuf, bytes: u64, limit: u64 },
    #[error("{}:{line}:{col}: binary file (NUL byte at byte {offset}), not a text", path.display())]
    Binary { path: PathBuf, offset: usize, line: usize, col: usize },
}

/// A problem in a pipeline config; `check` collects all of them.
#[derive(Debug, Error, Clone, PartialEq)]
#[error("{file}: {key}: {message}")]
pub struct ConfigError {
    pub file: String,
    pub key: String,
    pub message: String,
}

#[derive(Debug, Error)]
pub enum SinkError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}: {message}", path.display())]
    Write { path: PathBuf, message: String },
}

/// What the aggregate stage and the queries of `compare` and `report` can
/// fail on: a table or folder (named) and what went wrong with it, or a
/// request the tables cannot answer.
#[derive(Debug, Error)]
pub enum AggregateError {
    #[error("{}: {message}", path.display())]
    At { path: PathBuf, message: String },
    #[error("{0}")]
    Request(String),
    #[error("{0}")]
    Polars(#[from] polars::prelude::PolarsError),
    #[error(transparent)]
    Sink(#[from] SinkError),
    #[error("temporary file of the aggregates: {0}")]
    Io(#[from] std::io::Error),
}

impl AggregateError {
    /// `path: message`.
    pub fn at(path: &std::path::Path, message: impl std::fmt::Display) -> AggregateError {
        AggregateError::At { path: path.to_path_buf(), message: message.to_string() }
    }
}
