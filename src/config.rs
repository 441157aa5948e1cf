//! Pipeline configs (`pipelines/*.toml`): raw TOML -> checked [`Pipeline`].
//!
//! Every problem is collected in one pass before any work begins (Vector's
//! `validate`): unknown keys, values of the wrong type, missing inputs,
//! unknown recognizers or codes, dates for documents that are not inputs, an
//! output folder that holds an input or other files, each named with its file
//! and key path. [`KEYS`] lists every key once, with its type and meaning;
//! `pipelines/default.toml` shows them all (its test loads it).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::ConfigError;

/// The type a key's value must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Table,
    Str,
    StrList,
    /// A table of strings: `{ "doc.txt" = "2021-03" }`.
    StrMap,
    Int,
    /// A number (an integer is taken too).
    Float,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::Table => "a table",
            Ty::Str => "a string",
            Ty::StrList => "a list of strings",
            Ty::StrMap => "a table of strings",
            Ty::Int => "an integer",
            Ty::Float => "a number",
        }
    }
    fn accepts(self, v: &toml::Value) -> bool {
        use toml::Value as V;
        match self {
            Ty::Table => v.is_table(),
            Ty::Str => v.is_str(),
            Ty::StrList => v.as_array().is_some_and(|a| a.iter().all(V::is_str)),
            Ty::StrMap => v.as_table().is_some_and(|t| t.values().all(V::is_str)),
            Ty::Int => v.is_integer(),
            Ty::Float => v.is_float() || v.is_integer(),
        }
    }
}

/// A config key: its path, the type of its value, whether it must be given, and its meaning.
pub struct Key {
    pub path: &'static str,
    pub ty: Ty,
    pub required: bool,
    pub doc: &'static str,
}

const fn key(path: &'static str, ty: Ty, required: bool, doc: &'static str) -> Key {
    Key { path, ty, required, doc }
}

/// Every key a config may hold, in the order of the stages.
pub const KEYS: &[Key] = &[
    key("name", Ty::Str, true, "the pipeline's name; the output folder defaults to ../output/<name>"),
    key("input", Ty::Table, true, "what is read"),
    key("input.paths", Ty::StrList, true, "files or folders (walked recursively for .txt, .md, .text, .markdown files)"),
    key("input.encoding", Ty::Str, false, "utf-8 (UTF-16 with a byte-order mark is read too) or windows-1251, for files that are not UTF-8"),
    key("extract", Ty::Table, false, "what is extracted"),
    key("extract.recognizers", Ty::StrList, false, "which recognizers run: money, growth"),
    key("extract.reporter", Ty::Str, false, "the default reporter: whose figures they are unless the text says otherwise (ISO 3166 alpha-3 or a FACTS.md group)"),
    key("extract.dates", Ty::StrMap, false, "documents' dates (YYYY or YYYY-MM) by document id, for texts without a dateline"),
    key("extract.reporters", Ty::StrMap, false, "documents' reporters by document id, for texts whose own words do not name it"),
    key("normalize", Ty::Table, false, "how amounts are converted"),
    key("normalize.rates", Ty::Str, false, "a rates table shaped like src/lexicon/rates.toml (default: the bundled one)"),
    key("aggregate", Ty::Table, false, "how series are built"),
    key("aggregate.tolerance", Ty::Float, false, "sources of one cell conflict when (max - min) / median exceeds this (default 0.05)"),
    key("aggregate.index_base", Ty::Int, false, "base year of the growth index (default: each series' first year)"),
    key("output", Ty::Table, false, "where the outputs go"),
    key("output.dir", Ty::Str, false, "the output folder, replaced whole by each run (default ../output/<name>)"),
    key("output.threads", Ty::Int, false, "worker threads; 0 = one per core"),
];

pub const RECOGNIZERS: [&str; 2] = ["money", "growth"];

pub use crate::fact::DEFAULT_REPORTER;

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
    pub reporters: BTreeMap<String, String>,
    pub output_dir: PathBuf,
    pub threads: usize,
    pub rates: crate::normalize::Rates,
    pub aggregate: crate::aggregate::AggregateOptions,
}

/// The value at a dotted key path.
fn at<'a>(root: &'a toml::Value, path: &str) -> Option<&'a toml::Value> {
    path.split('.').try_fold(root, |v, k| v.as_table()?.get(k))
}

impl Pipeline {
    /// Loads and checks a config file; returns all problems found.
    pub fn load(path: &Path) -> Result<Pipeline, Vec<ConfigError>> {
        let file = path.display().to_string();
        let err = |key: &str, message: String| ConfigError { file: file.clone(), key: key.into(), message };
        let text = std::fs::read_to_string(path).map_err(|e| vec![err("-", format!("cannot read: {e}"))])?;
        let value: toml::Value = toml::from_str(&text).map_err(|e| vec![err("-", format!("not valid TOML: {}", e.to_string().trim()))])?;
        let mut errors = Vec::new();

        // Keys: unknown ones, missing ones, values of the wrong type; all of them.
        fn walk(v: &toml::Value, prefix: &str, out: &mut Vec<(String, String)>) {
            if let Some(t) = v.as_table() {
                for (k, v) in t {
                    let p = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                    let known = KEYS.iter().find(|key| key.path == p);
                    match known {
                        None => {
                            // the keys the same table may hold, by their own names
                            let siblings: Vec<&str> = KEYS
                                .iter()
                                .filter_map(|key| match key.path.rsplit_once('.') {
                                    Some((p, leaf)) if p == prefix => Some(leaf),
                                    None if prefix.is_empty() => Some(key.path),
                                    _ => None,
                                })
                                .collect();
                            out.push((p, format!("unknown key, expected one of: {}", siblings.join(", "))));
                        }
                        Some(key) if !key.ty.accepts(v) => out.push((p, format!("expected {}, found {}", key.ty.name(), v.type_str()))),
                        Some(key) if key.ty == Ty::Table => walk(v, &p, out),
                        Some(_) => {}
                    }
                }
            }
        }
        let mut key_errors = Vec::new();
        walk(&value, "", &mut key_errors);
        for k in KEYS.iter().filter(|k| k.required) {
            let parent_ok = k.path.rsplit_once('.').is_none_or(|(p, _)| at(&value, p).is_some());
            if parent_ok && at(&value, k.path).is_none() {
                key_errors.push((k.path.to_string(), format!("missing: {}", k.doc)));
            }
        }
        let bad: std::collections::HashSet<String> = key_errors.iter().map(|(k, _)| k.clone()).collect();
        errors.extend(key_errors.into_iter().map(|(k, m)| err(&k, m)));
        // Values of well-typed keys only (a key with a type error was reported above).
        let get = |k: &str| if bad.contains(k) { None } else { at(&value, k) };
        let s = |k: &str| get(k).and_then(|v| v.as_str()).map(String::from);
        let list = |k: &str| get(k).and_then(|v| v.as_array()).map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect::<Vec<_>>());
        let map = |k: &str| -> BTreeMap<String, String> {
            get(k).and_then(|v| v.as_table()).map(|t| t.iter().filter_map(|(a, b)| Some((a.clone(), b.as_str()?.to_string()))).collect()).unwrap_or_default()
        };

        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let name = s("name").unwrap_or_default();
        if get("name").is_some() && (name.is_empty() || name.contains(['/', '\\'])) {
            errors.push(err("name", "must be a non-empty name without slashes".into()));
        }
        let raw_paths = list("input.paths").unwrap_or_default();
        if get("input.paths").is_some() && raw_paths.is_empty() {
            errors.push(err("input.paths", "no input paths".into()));
        }
        let mut inputs = Vec::new();
        for (i, p) in raw_paths.iter().enumerate() {
            let full = base.join(p);
            if !full.exists() {
                errors.push(err(&format!("input.paths[{i}]"), format!("'{}' does not exist", full.display())));
            }
            inputs.push(full);
        }
        let enc_name = s("input.encoding").unwrap_or_else(|| "utf-8".into());
        let encoding = crate::ingest::read::Encoding::parse(&enc_name);
        if encoding.is_none() {
            errors.push(err("input.encoding", format!("unknown encoding '{enc_name}', expected utf-8 or windows-1251")));
        }
        let recognizers = list("extract.recognizers").unwrap_or_else(|| RECOGNIZERS.map(String::from).to_vec());
        for (i, r) in recognizers.iter().enumerate() {
            if !RECOGNIZERS.contains(&r.as_str()) {
                errors.push(err(&format!("extract.recognizers[{i}]"), format!("unknown recognizer '{r}', expected one of: {}", RECOGNIZERS.join(", "))));
            }
        }
        let reporter = s("extract.reporter").unwrap_or_else(|| DEFAULT_REPORTER.into());
        let side_code = |k: &str, code: &str, errors: &mut Vec<ConfigError>| {
            if !crate::lexicon::is_side_code(code) {
                errors.push(err(k, format!("'{code}' is neither an ISO 3166 alpha-3 code nor a group of FACTS.md ({})", crate::lexicon::FACTS_GROUPS.join(", "))));
            }
        };
        side_code("extract.reporter", &reporter, &mut errors);
        // Document ids the inputs give (file names), for the per-document tables.
        let doc_ids: Option<std::collections::HashSet<String>> = if inputs.iter().all(|p| p.exists()) {
            crate::ingest::read::collect(&inputs).ok().map(|i| i.files.iter().filter_map(|f| f.file_name().map(|n| n.to_string_lossy().into_owned())).collect())
        } else {
            None
        };
        let not_an_input = |k: &str, doc: &str, errors: &mut Vec<ConfigError>| {
            if doc_ids.as_ref().is_some_and(|ids| !ids.contains(doc)) {
                errors.push(err(k, format!("'{doc}' is not a document of the inputs (a document id is its file name)")));
            }
        };
        let mut dates = BTreeMap::new();
        for (doc, d) in map("extract.dates") {
            let k = format!("extract.dates.{doc}");
            not_an_input(&k, &doc, &mut errors);
            match parse_date(&d) {
                Some(v) => {
                    dates.insert(doc, v);
                }
                None => errors.push(err(&k, format!("'{d}' is not YYYY or YYYY-MM"))),
            }
        }
        let reporters = map("extract.reporters");
        for (doc, code) in &reporters {
            let k = format!("extract.reporters.{doc}");
            not_an_input(&k, doc, &mut errors);
            side_code(&k, code, &mut errors);
        }
        let rates = match s("normalize.rates") {
            None => Some(crate::normalize::Rates::bundled()),
            Some(f) => match crate::normalize::Rates::load(&base.join(f)) {
                Ok(r) => Some(r),
                Err(e) => {
                    errors.push(err("normalize.rates", e));
                    None
                }
            },
        };
        let tolerance = get("aggregate.tolerance").and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64))).unwrap_or(0.05);
        if !(0.0..10.0).contains(&tolerance) {
            errors.push(err("aggregate.tolerance", format!("{tolerance} is not a tolerance between 0 and 10")));
        }
        let index_base = get("aggregate.index_base").and_then(|v| v.as_integer()).map(|y| y as i32);
        let threads = get("output.threads").and_then(|v| v.as_integer()).unwrap_or(0);
        if threads < 0 {
            errors.push(err("output.threads", format!("{threads} is not a number of threads")));
        }
        let output_dir = match s("output.dir") {
            Some(d) => base.join(d),
            None => base.join("..").join("output").join(if name.is_empty() { "default" } else { &name }),
        };
        let out_key = if get("output.dir").is_some() { "output.dir" } else { "name" };
        for (i, p) in inputs.iter().enumerate() {
            if crate::storage::staging::holds(&output_dir, p) {
                errors.push(err(out_key, format!("the output folder '{}' holds input.paths[{i}] '{}': a run replaces its output folder whole", output_dir.display(), p.display())));
            }
        }
        if let Some(why) = crate::storage::staging::refuse_reason(&output_dir) {
            if !errors.iter().any(|e| e.key == out_key) {
                errors.push(err(out_key, format!("'{}': {why}", output_dir.display())));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Pipeline {
            name,
            file: path.to_path_buf(),
            inputs,
            encoding: encoding.unwrap_or_default(),
            recognizers,
            reporter: reporter.clone(),
            dates,
            reporters,
            output_dir,
            threads: threads as usize,
            rates: rates.expect("no error means the rates loaded"),
            aggregate: crate::aggregate::AggregateOptions { tolerance, index_base, reporter: Some(reporter) },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_in(dir: &Path, text: &str) -> Result<Pipeline, Vec<ConfigError>> {
        let p = dir.join("p.toml");
        std::fs::write(&p, text).unwrap();
        Pipeline::load(&p)
    }

    fn load(text: &str) -> Result<Pipeline, Vec<ConfigError>> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("corpus")).unwrap();
        std::fs::write(dir.path().join("corpus/a.txt"), "text").unwrap();
        load_in(dir.path(), text)
    }

    fn keys(errs: &[ConfigError]) -> Vec<&str> {
        errs.iter().map(|e| e.key.as_str()).collect()
    }

    #[test]
    fn reports_every_unknown_key() {
        let errs = load("name = \"x\"\nnmae = 1\n[input]\npaths = [\"corpus\"]\npth = 2\n[output]\ndri = \"o\"\n").unwrap_err();
        assert_eq!(keys(&errs), ["input.pth", "nmae", "output.dri"]);
        assert!(errs[0].to_string().ends_with("input.pth: unknown key, expected one of: paths, encoding"), "{}", errs[0]);
    }

    /// Issue 15: unknown keys came first and alone, then one type error, then values.
    #[test]
    fn r15_unknown_keys_type_errors_and_values_in_one_pass() {
        let errs = load(
            "name = \"x\"\nnmae = 1\n[input]\npaths = [\"nope\"]\nencoding = 7\n[extract]\nrecognizers = [\"money\", \"weather\"]\nreporter = \"XYZ\"\ndates = { \"a.txt\" = \"2021-13\", \"b.txt\" = \"2021\" }\n[aggregate]\ntolerance = \"high\"\n[output]\nthreads = \"two\"\n",
        )
        .unwrap_err();
        assert_eq!(
            keys(&errs),
            ["aggregate.tolerance", "input.encoding", "nmae", "output.threads", "input.paths[0]", "extract.recognizers[1]", "extract.reporter", "extract.dates.a.txt"],
            "{errs:#?}"
        );
        assert!(errs[0].message.contains("expected a number, found string"), "{}", errs[0]);
        // with the inputs all there, a date for a document that is not one of them is an error
        let errs = load("name = \"x\"\n[input]\npaths = [\"corpus\"]\n[extract]\ndates = { \"a.txt\" = \"2021\", \"b.txt\" = \"2021\" }\nreporters = { \"a.txt\" = \"KAZ\", \"c.txt\" = \"belarus\" }\n").unwrap_err();
        assert_eq!(keys(&errs), ["extract.dates.b.txt", "extract.reporters.c.txt", "extract.reporters.c.txt"], "{errs:#?}");
        assert!(errs[0].message.contains("not a document of the inputs"));
    }

    #[test]
    fn r15_reporters_must_be_iso_codes_or_facts_groups() {
        for (code, ok) in [("BLR", true), ("EAEU", true), ("WLD", true), ("XXX", false), ("blr", false), ("SCO", false)] {
            let r = load(&format!("name = \"x\"\n[input]\npaths = [\"corpus\"]\n[extract]\nreporter = \"{code}\"\n"));
            assert_eq!(r.is_ok(), ok, "{code}: {r:?}");
        }
    }

    /// Issue 15: an output folder holding an input, or a folder of other files, was replaced whole.
    #[test]
    fn r15_an_output_folder_that_holds_an_input_or_other_files_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("data/corpus")).unwrap();
        std::fs::write(dir.path().join("data/corpus/a.txt"), "text").unwrap();
        let errs = load_in(dir.path(), "name = \"x\"\n[input]\npaths = [\"data/corpus\"]\n[output]\ndir = \"data\"\n").unwrap_err();
        assert_eq!(keys(&errs), ["output.dir"]);
        assert!(errs[0].message.contains("holds input.paths[0]"), "{}", errs[0]);
        let errs = load_in(dir.path(), "name = \"x\"\n[input]\npaths = [\"data/corpus\"]\n[output]\ndir = \"data/corpus\"\n").unwrap_err();
        assert_eq!(keys(&errs), ["output.dir"]);
        std::fs::create_dir_all(dir.path().join("mine")).unwrap();
        std::fs::write(dir.path().join("mine/notes.doc"), "x").unwrap();
        let errs = load_in(dir.path(), "name = \"x\"\n[input]\npaths = [\"data/corpus\"]\n[output]\ndir = \"mine\"\n").unwrap_err();
        assert!(errs[0].message.contains("not a tradeseries output"), "{}", errs[0]);
        assert!(load_in(dir.path(), "name = \"x\"\n[input]\npaths = [\"data/corpus\"]\n[output]\ndir = \"out\"\n").is_ok());
    }

    #[test]
    fn defaults() {
        let p = load("name = \"x\"\n[input]\npaths = [\"corpus\"]\n").unwrap();
        assert_eq!(p.reporter, "BLR");
        assert_eq!(p.recognizers, ["money", "growth"]);
        assert!(p.output_dir.ends_with("../output/x"));
        let errs = load("[input]\nencoding = \"utf-8\"\n").unwrap_err();
        assert_eq!(keys(&errs), ["name", "input.paths"]);
    }

    /// Every key of KEYS is in the annotated default pipeline, and it loads.
    #[test]
    fn the_default_pipeline_shows_every_key() {
        let text = std::fs::read_to_string("pipelines/default.toml").unwrap();
        for k in KEYS {
            let leaf = k.path.rsplit('.').next().unwrap();
            let shown = if k.ty == Ty::Table { text.contains(&format!("[{}]", k.path)) } else { text.lines().any(|l| l.trim_start_matches(['#', ' ']).starts_with(&format!("{leaf} ="))) };
            assert!(shown, "pipelines/default.toml does not show {}", k.path);
        }
    }
}
