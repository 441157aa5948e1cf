//! Pipeline configs (`pipelines/*.toml`): raw TOML -> checked [`Pipeline`].
//!
//! Every problem is collected before any work begins (Vector's `validate`):
//! unknown keys, wrong types, missing inputs, unknown recognizers or codes,
//! each named with its file and key path.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::ConfigError;

/// The config file's shape. Paths are relative to the config file's folder.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPipeline {
    /// The pipeline's name; outputs go to `<output.dir>` (default `../output/<name>`).
    pub name: String,
    pub input: RawInput,
    #[serde(default)]
    pub extract: RawExtract,
    #[serde(default)]
    pub normalize: RawNormalize,
    #[serde(default)]
    pub aggregate: RawAggregate,
    #[serde(default)]
    pub output: RawOutput,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawNormalize {
    /// A rates table of the shape of `src/lexicon/rates.toml` (default: the bundled one).
    pub rates: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAggregate {
    /// Sources for one cell disagree when (max - min) / median exceeds this.
    #[serde(default = "default_tolerance")]
    pub tolerance: f64,
    /// Base year of the growth index (100 in that year); default: each series' first year.
    pub index_base: Option<i32>,
}

impl Default for RawAggregate {
    fn default() -> Self {
        RawAggregate { tolerance: default_tolerance(), index_base: None }
    }
}

fn default_tolerance() -> f64 {
    0.05
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInput {
    /// Files or folders (walked recursively for .txt/.md files).
    pub paths: Vec<String>,
    /// "utf-8" (UTF-16 with a byte-order mark is read too) or "windows-1251"
    /// for files that are not UTF-8.
    #[serde(default = "default_encoding")]
    pub encoding: String,
}

fn default_encoding() -> String {
    "utf-8".into()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExtract {
    /// Which recognizers run: "money", "growth".
    #[serde(default = "default_recognizers")]
    pub recognizers: Vec<String>,
    /// The default reporter: whose figures they are unless the text says otherwise.
    #[serde(default = "default_reporter")]
    pub reporter: String,
    /// Documents' dates ("YYYY" or "YYYY-MM") by document id, for texts without a dateline.
    #[serde(default)]
    pub dates: BTreeMap<String, String>,
}

impl Default for RawExtract {
    fn default() -> Self {
        RawExtract { recognizers: default_recognizers(), reporter: default_reporter(), dates: BTreeMap::new() }
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawOutput {
    /// Output folder.
    pub dir: Option<String>,
    /// Worker threads; 0 = one per core.
    #[serde(default)]
    pub threads: usize,
}

fn default_recognizers() -> Vec<String> {
    vec!["money".into(), "growth".into()]
}
fn default_reporter() -> String {
    "BLR".into()
}

/// A checked pipeline, ready to run.
#[derive(Debug, Clone)]
pub struct Pipeline {
    pub name: String,
    pub file: PathBuf,
    pub inputs: Vec<PathBuf>,
    pub encoding: crate::ingest::read::Encoding,
    pub recognizers: Vec<String>,
    pub reporter: String,
    pub dates: BTreeMap<String, (i32, Option<u8>)>,
    pub output_dir: PathBuf,
    pub threads: usize,
    pub rates: crate::normalize::Rates,
    pub aggregate: crate::aggregate::AggregateOptions,
}

/// Every key a config may hold: section -> keys.
const KEYS: [(&str, &[&str]); 6] = [
    ("", &["name", "input", "extract", "normalize", "aggregate", "output"]),
    ("normalize", &["rates"]),
    ("aggregate", &["tolerance", "index_base"]),
    ("input", &["paths", "encoding"]),
    ("extract", &["recognizers", "reporter", "dates"]),
    ("output", &["dir", "threads"]),
];

pub const RECOGNIZERS: [&str; 2] = ["money", "growth"];

pub fn parse_date(s: &str) -> Option<(i32, Option<u8>)> {
    let mut it = s.splitn(2, '-');
    let y: i32 = it.next()?.parse().ok().filter(|y| (1900..=2100).contains(y))?;
    match it.next() {
        None => Some((y, None)),
        Some(m) => {
            let m: u8 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
            Some((y, Some(m)))
        }
    }
}

impl Pipeline {
    /// Loads and checks a config file; returns all problems found.
    pub fn load(path: &Path) -> Result<Pipeline, Vec<ConfigError>> {
        let file = path.display().to_string();
        let err = |key: &str, message: String| ConfigError { file: file.clone(), key: key.into(), message };
        let text = std::fs::read_to_string(path).map_err(|e| vec![err("-", format!("cannot read: {e}"))])?;
        let value: toml::Value = toml::from_str(&text).map_err(|e| vec![err("-", format!("not valid TOML: {}", e.to_string().trim()))])?;
        let mut errors = Vec::new();
        // Unknown keys, all of them.
        for (section, keys) in KEYS {
            let table = if section.is_empty() { value.as_table() } else { value.get(section).and_then(|v| v.as_table()) };
            if let Some(t) = table {
                for k in t.keys() {
                    if !keys.contains(&k.as_str()) {
                        let at = if section.is_empty() { k.clone() } else { format!("{section}.{k}") };
                        errors.push(err(&at, format!("unknown key, expected one of: {}", keys.join(", "))));
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let raw: RawPipeline = match RawPipeline::deserialize(value) {
            Ok(r) => r,
            Err(e) => return Err(vec![err("-", e.to_string().trim().to_string())]),
        };
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut inputs = Vec::new();
        if raw.input.paths.is_empty() {
            errors.push(err("input.paths", "no input paths".into()));
        }
        for (i, p) in raw.input.paths.iter().enumerate() {
            let full = base.join(p);
            if !full.exists() {
                errors.push(err(&format!("input.paths[{i}]"), format!("'{}' does not exist", full.display())));
            }
            inputs.push(full);
        }
        let encoding = crate::ingest::read::Encoding::parse(&raw.input.encoding);
        if encoding.is_none() {
            errors.push(err("input.encoding", format!("unknown encoding '{}', expected utf-8 or windows-1251", raw.input.encoding)));
        }
        for (i, r) in raw.extract.recognizers.iter().enumerate() {
            if !RECOGNIZERS.contains(&r.as_str()) {
                errors.push(err(&format!("extract.recognizers[{i}]"), format!("unknown recognizer '{r}', expected one of: {}", RECOGNIZERS.join(", "))));
            }
        }
        let rep = &raw.extract.reporter;
        if !(rep.len() == 3 && rep.chars().all(|c| c.is_ascii_uppercase()) || crate::lexicon::GROUPS.contains(&rep.as_str())) {
            errors.push(err("extract.reporter", format!("'{rep}' is not an ISO 3166 alpha-3 code or a group code")));
        }
        let mut dates = BTreeMap::new();
        for (doc, d) in &raw.extract.dates {
            match parse_date(d) {
                Some(v) => {
                    dates.insert(doc.clone(), v);
                }
                None => errors.push(err(&format!("extract.dates.{doc}"), format!("'{d}' is not YYYY or YYYY-MM"))),
            }
        }
        let rates = match &raw.normalize.rates {
            None => Some(crate::normalize::Rates::bundled()),
            Some(f) => match crate::normalize::Rates::load(&base.join(f)) {
                Ok(r) => Some(r),
                Err(e) => {
                    errors.push(err("normalize.rates", e));
                    None
                }
            },
        };
        if !(raw.aggregate.tolerance >= 0.0 && raw.aggregate.tolerance < 10.0) {
            errors.push(err("aggregate.tolerance", format!("{} is not a tolerance between 0 and 10", raw.aggregate.tolerance)));
        }
        if raw.name.is_empty() || raw.name.contains(['/', '\\']) {
            errors.push(err("name", "must be a non-empty name without slashes".into()));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let output_dir = match &raw.output.dir {
            Some(d) => base.join(d),
            None => base.join("..").join("output").join(&raw.name),
        };
        Ok(Pipeline {
            name: raw.name,
            file: path.to_path_buf(),
            inputs,
            encoding: encoding.unwrap_or_default(),
            recognizers: raw.extract.recognizers,
            reporter: raw.extract.reporter,
            dates,
            output_dir,
            threads: raw.output.threads,
            rates: rates.expect("no error means the rates loaded"),
            aggregate: crate::aggregate::AggregateOptions { tolerance: raw.aggregate.tolerance, index_base: raw.aggregate.index_base },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Pipeline, Vec<ConfigError>> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("corpus")).unwrap();
        let p = dir.path().join("p.toml");
        std::fs::write(&p, text).unwrap();
        Pipeline::load(&p)
    }

    #[test]
    fn reports_every_unknown_key() {
        let errs = load("name = \"x\"\nnmae = 1\n[input]\npaths = [\"corpus\"]\npth = 2\n[output]\ndri = \"o\"\n").unwrap_err();
        let keys: Vec<&str> = errs.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["nmae", "input.pth", "output.dri"]);
        assert!(errs[1].to_string().ends_with("input.pth: unknown key, expected one of: paths, encoding"), "{}", errs[1]);
    }

    #[test]
    fn reports_all_semantic_errors() {
        let errs = load("name = \"x\"\n[input]\npaths = [\"nope\"]\n[extract]\nrecognizers = [\"money\", \"weather\"]\nreporter = \"belarus\"\ndates = { \"a.txt\" = \"2021-13\" }\n").unwrap_err();
        let keys: Vec<&str> = errs.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["input.paths[0]", "extract.recognizers[1]", "extract.reporter", "extract.dates.a.txt"]);
    }

    #[test]
    fn defaults() {
        let p = load("name = \"x\"\n[input]\npaths = [\"corpus\"]\n").unwrap();
        assert_eq!(p.reporter, "BLR");
        assert_eq!(p.recognizers, ["money", "growth"]);
        assert!(p.output_dir.ends_with("../output/x"));
    }
}
