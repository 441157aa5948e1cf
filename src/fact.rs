//! The fact: one figure stated in a text, with what it measures (FACTS.md).
//!
//! Its typed fields ([`Kind`], [`Qualifier`], [`Indicator`], [`Scope`],
//! [`Status`]) and its columns are defined here, once: [`COLUMNS`] lists each
//! column's name, Arrow type, nullability, description and how to read it
//! from and write it to a [`Fact`]. The Arrow schema, the Parquet, JSONL and
//! CSV writers, the readers and the README's column table all come from (or
//! are tested against) that list, so adding a column touches the list, the
//! field, its producer and its test.

/// The default reporter of every command, config and call: the bundled texts are Belarus's.
pub const DEFAULT_REPORTER: &str = "BLR";

/// The years a four-digit number is read as (a year stated, a dateline's, a
/// citation's): outside them it is a quantity.
pub const YEARS: std::ops::RangeInclusive<i32> = 1990..=2050;

/// A string-valued enum of the fact schema: lower-case names as in FACTS.md.
macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vm])* $var),+ }

        impl $name {
            /// Every value, in the order of FACTS.md.
            pub const ALL: &'static [$name] = &[$($name::$var),+];

            /// The name written to the tables.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$var => $s),+ }
            }

            /// The value named `s` (as written to the tables).
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($s => Some($name::$var),)+ _ => None }
            }

            /// The names, `a | b | c`, for descriptions and messages.
            pub fn names() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(" | ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                $name::parse(s).ok_or_else(|| format!("'{s}' is not one of {}", $name::names()))
            }
        }
    };
}

string_enum!(
    /// What kind of figure a fact is.
    Kind { Money = "money", Growth = "growth" }
);

string_enum!(
    /// How the figure is qualified (FACTS.md): "more than" is over, "almost" under.
    Qualifier { Exact = "exact", Approx = "approx", Over = "over", Under = "under", Range = "range" }
);

string_enum!(
    /// What the figure measures (FACTS.md "Indicators").
    Indicator {
        Turnover = "turnover",
        Exports = "exports",
        Imports = "imports",
        Investment = "investment",
        ExchangeTrade = "exchange_trade",
        Contracts = "contracts",
        Credit = "credit",
        Other = "other",
    }
);

string_enum!(
    /// What part of the trade the figure covers (FACTS.md "Scope"); the
    /// narrowest applies: company over region over product over total.
    Scope { Total = "total", Product = "product", Region = "region", Company = "company" }
);

string_enum!(
    /// Whether the figure happened or is aimed at (FACTS.md).
    Status { Actual = "actual", Target = "target" }
);

string_enum!(
    /// What happened to an input document (documents.parquet `status`).
    DocStatus {
        Ok = "ok",
        Empty = "empty",
        /// Unchanged since the last run: its facts were copied.
        Reused = "reused",
        Duplicate = "duplicate",
        Skipped = "skipped",
        Error = "error",
    }
);

impl Scope {
    /// Narrowness: company > region > product > total (FACTS.md).
    pub fn rank(self) -> u8 {
        match self {
            Scope::Total => 0,
            Scope::Product => 1,
            Scope::Region => 2,
            Scope::Company => 3,
        }
    }
}

/// One fact, a row of facts.parquet.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub doc: String,
    pub path: String,
    pub start: u64,
    pub end: u64,
    pub mention: String,
    pub kind: Kind,
    pub value: f64,
    pub value_low: Option<f64>,
    pub value_high: Option<f64>,
    pub qualifier: Qualifier,
    pub currency: Option<String>,
    pub indicator: Indicator,
    pub reporter: String,
    pub partner: Option<String>,
    pub year: Option<i32>,
    pub month_from: Option<i32>,
    pub month_to: Option<i32>,
    pub base_year: Option<i32>,
    pub scope: Scope,
    pub status: Status,
    pub sentence: String,
    pub rule: String,
    pub amount_usd: Option<f64>,
    pub fact_id: String,
    pub why: String,
}

impl Default for Fact {
    fn default() -> Self {
        Fact {
            doc: String::new(),
            path: String::new(),
            start: 0,
            end: 0,
            mention: String::new(),
            kind: Kind::Money,
            value: 0.0,
            value_low: None,
            value_high: None,
            qualifier: Qualifier::Exact,
            currency: None,
            indicator: Indicator::Other,
            reporter: String::new(),
            partner: None,
            year: None,
            month_from: None,
            month_to: None,
            base_year: None,
            scope: Scope::Total,
            status: Status::Actual,
            sentence: String::new(),
            rule: String::new(),
            amount_usd: None,
            fact_id: String::new(),
            why: String::new(),
        }
    }
}

/// A column's type in the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    Str,
    Int64,
    Int32,
    Float64,
}

impl ColType {
    /// As the README and FACTS.md name it.
    pub fn name(self) -> &'static str {
        match self {
            ColType::Str => "string",
            ColType::Int64 => "int64",
            ColType::Int32 => "int32",
            ColType::Float64 => "float64",
        }
    }
}

/// One value of a fact's column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Str(&'a str),
    Int(i64),
    Float(f64),
    Null,
}

impl Cell<'_> {
    /// As text (CSV): empty for null.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Cell::Str(s) => std::borrow::Cow::Borrowed(s),
            Cell::Int(i) => i.to_string().into(),
            Cell::Float(f) => f.to_string().into(),
            Cell::Null => "".into(),
        }
    }
}

/// A column of the fact table.
pub struct Column {
    pub name: &'static str,
    pub ty: ColType,
    pub nullable: bool,
    pub description: &'static str,
    /// The fact's value in this column.
    pub get: for<'a> fn(&'a Fact) -> Cell<'a>,
    /// Sets the fact's field from a cell of this column's type (a reader's row).
    pub set: fn(&mut Fact, Cell) -> Result<(), String>,
}

fn s(c: Cell) -> Result<String, String> {
    match c {
        Cell::Str(s) => Ok(s.to_string()),
        Cell::Null => Ok(String::new()),
        other => Err(format!("expected a string, found {other:?}")),
    }
}
fn os(c: Cell) -> Result<Option<String>, String> {
    match c {
        Cell::Null => Ok(None),
        c => s(c).map(Some),
    }
}
fn oi(c: Cell) -> Result<Option<i32>, String> {
    match c {
        Cell::Null => Ok(None),
        Cell::Int(i) => i32::try_from(i).map(Some).map_err(|_| format!("{i} out of range")),
        other => Err(format!("expected an integer, found {other:?}")),
    }
}
fn of(c: Cell) -> Result<Option<f64>, String> {
    match c {
        Cell::Null => Ok(None),
        Cell::Float(f) => Ok(Some(f)),
        Cell::Int(i) => Ok(Some(i as f64)),
        other => Err(format!("expected a number, found {other:?}")),
    }
}
fn e<T: std::str::FromStr<Err = String>>(c: Cell) -> Result<T, String> {
    s(c)?.parse()
}
fn str_cell(s: &str) -> Cell<'_> {
    Cell::Str(s)
}
fn opt_str(s: &Option<String>) -> Cell<'_> {
    s.as_deref().map_or(Cell::Null, Cell::Str)
}
fn opt_i32(v: Option<i32>) -> Cell<'static> {
    v.map_or(Cell::Null, |v| Cell::Int(v as i64))
}
fn opt_f64(v: Option<f64>) -> Cell<'static> {
    v.map_or(Cell::Null, Cell::Float)
}

macro_rules! column {
    ($name:literal, $ty:ident, $null:literal, $desc:expr, |$f:ident| $get:expr, |$g:ident, $c:ident| $set:expr) => {
        Column {
            name: $name,
            ty: ColType::$ty,
            nullable: $null,
            description: $desc,
            get: |$f| $get,
            set: |$g, $c| {
                $set;
                Ok(())
            },
        }
    };
}

/// The columns of facts.parquet (and of the JSONL and CSV fact tables), in
/// order: FACTS.md's fields, then `sentence`, `rule`, `amount_usd`,
/// `fact_id` and `why`.
pub const COLUMNS: &[Column] = &[
    column!("doc", Str, false, "document id: the file name", |f| str_cell(&f.doc), |f, c| f.doc = s(c)?),
    column!("path", Str, false, "the path the document was read from", |f| str_cell(&f.path), |f, c| f.path = s(c)?),
    column!("start", Int64, false, "byte offset of the figure in the original document (UTF-8)", |f| Cell::Int(f.start as i64), |f, c| f.start = oi64(c)?),
    column!("end", Int64, false, "byte offset after the figure (exclusive)", |f| Cell::Int(f.end as i64), |f, c| f.end = oi64(c)?),
    column!("mention", Str, false, "the surface text of the figure, as in the original", |f| str_cell(&f.mention), |f, c| f.mention = s(c)?),
    column!("kind", Str, false, "money | growth", |f| str_cell(f.kind.as_str()), |f, c| f.kind = e(c)?),
    column!("value", Float64, false, "money: amount in units of currency; growth: ratio new/old; ranges: midpoint", |f| Cell::Float(f.value), |f, c| f.value = of(c)?.unwrap_or(f64::NAN)),
    column!("value_low", Float64, true, "lower bound of a range, else null", |f| opt_f64(f.value_low), |f, c| f.value_low = of(c)?),
    column!("value_high", Float64, true, "upper bound of a range, else null", |f| opt_f64(f.value_high), |f, c| f.value_high = of(c)?),
    column!("qualifier", Str, false, "exact | approx | over | under | range", |f| str_cell(f.qualifier.as_str()), |f, c| f.qualifier = e(c)?),
    column!("currency", Str, true, "ISO 4217 code (money), null for growth", |f| opt_str(&f.currency), |f, c| f.currency = os(c)?),
    column!("indicator", Str, false, "turnover | exports | imports | investment | exchange_trade | contracts | credit | other", |f| str_cell(f.indicator.as_str()), |f, c| f.indicator = e(c)?),
    column!("reporter", Str, false, "whose figure it is (ISO 3166 alpha-3 or group code)", |f| str_cell(&f.reporter), |f, c| f.reporter = s(c)?),
    column!("partner", Str, true, "the counterpart (ISO 3166 alpha-3 or group code), null if unknown", |f| opt_str(&f.partner), |f, c| f.partner = os(c)?),
    column!("year", Int32, true, "the year the figure refers to, null if unknown", |f| opt_i32(f.year), |f, c| f.year = oi(c)?),
    column!("month_from", Int32, true, "first month of the year covered", |f| opt_i32(f.month_from), |f, c| f.month_from = oi(c)?),
    column!("month_to", Int32, true, "last month of the year covered", |f| opt_i32(f.month_to), |f, c| f.month_to = oi(c)?),
    column!("base_year", Int32, true, "growth: the year compared against", |f| opt_i32(f.base_year), |f, c| f.base_year = oi(c)?),
    column!("scope", Str, false, "total | product | region | company: what part of the trade the figure covers", |f| str_cell(f.scope.as_str()), |f, c| f.scope = e(c)?),
    column!("status", Str, false, "actual | target: reported as happened, or a goal, plan or forecast", |f| str_cell(f.status.as_str()), |f, c| f.status = e(c)?),
    column!("sentence", Str, false, "the sentence the figure stands in (cleaned text)", |f| str_cell(&f.sentence), |f, c| f.sentence = s(c)?),
    column!("rule", Str, false, "id of the recognizer rule that read the figure", |f| str_cell(&f.rule), |f, c| f.rule = s(c)?),
    column!("amount_usd", Float64, true, "money in US dollars where a rate is known, else null", |f| opt_f64(f.amount_usd), |f, c| f.amount_usd = of(c)?),
    column!("fact_id", Str, false, "doc:start, unique per fact", |f| str_cell(&f.fact_id), |f, c| f.fact_id = s(c)?),
    column!("why", Str, false, "the linkers' reasons for each attribute", |f| str_cell(&f.why), |f, c| f.why = s(c)?),
];

fn oi64(c: Cell) -> Result<u64, String> {
    match c {
        Cell::Int(i) => u64::try_from(i).map_err(|_| format!("{i} is negative")),
        other => Err(format!("expected an integer, found {other:?}")),
    }
}

/// The column named `name`.
pub fn column(name: &str) -> Option<&'static Column> {
    COLUMNS.iter().find(|c| c.name == name)
}

/// The column names, in order.
pub fn column_names() -> Vec<&'static str> {
    COLUMNS.iter().map(|c| c.name).collect()
}

/// (name, description) of every column, for Parquet metadata.
pub fn descriptions() -> Vec<(&'static str, &'static str)> {
    COLUMNS.iter().map(|c| (c.name, c.description)).collect()
}

impl Fact {
    /// The fact as one line of JSON, its keys the column names in order.
    pub fn to_json_line(&self) -> String {
        let mut out = String::with_capacity(256 + self.sentence.len() + self.why.len());
        out.push('{');
        for (i, c) in COLUMNS.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('"');
            out.push_str(c.name);
            out.push_str("\":");
            match (c.get)(self) {
                Cell::Str(s) => out.push_str(&serde_json::to_string(s).expect("a string serializes")),
                Cell::Int(i) => out.push_str(&i.to_string()),
                Cell::Float(f) => match serde_json::Number::from_f64(f) {
                    Some(n) => out.push_str(&n.to_string()),
                    None => out.push_str("null"),
                },
                Cell::Null => out.push_str("null"),
            }
        }
        out.push('}');
        out
    }
}

#[cfg(test)]
mod tests {
    /// The README's column table is this list: same columns, order, types,
    /// nullability and meanings (and the README stays under 250 lines).
    #[test]
    fn the_readme_column_table_is_the_column_list() {
        let readme = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
        assert!(readme.lines().count() <= 250, "README.md has {} lines", readme.lines().count());
        let table = readme.split("<!-- columns -->").nth(1).and_then(|t| t.split("<!-- /columns -->").next()).expect("the README marks its column table");
        let rows: Vec<&str> = table.lines().filter(|l| l.starts_with("| `")).collect();
        let want: Vec<String> = COLUMNS.iter().map(|c| format!("| `{}` | {} | {} | {} |", c.name, c.ty.name(), if c.nullable { "yes" } else { "" }, c.description)).collect();
        assert_eq!(rows, want, "regenerate the README's column table from src/fact.rs COLUMNS");
    }

    use super::*;

    fn sample() -> Fact {
        Fact {
            doc: "d.txt".into(),
            path: "in/d.txt".into(),
            start: 3,
            end: 9,
            mention: "$5 bn".into(),
            kind: Kind::Money,
            value: 5e9,
            value_low: Some(4e9),
            value_high: None,
            qualifier: Qualifier::Range,
            currency: Some("USD".into()),
            indicator: Indicator::ExchangeTrade,
            reporter: "BLR".into(),
            partner: None,
            year: Some(2024),
            month_from: Some(1),
            month_to: Some(6),
            base_year: None,
            scope: Scope::Region,
            status: Status::Target,
            sentence: "s".into(),
            rule: "money.x".into(),
            amount_usd: Some(5e9),
            fact_id: "d.txt:3".into(),
            why: "because".into(),
        }
    }

    #[test]
    fn every_column_reads_back_what_it_writes() {
        let f = sample();
        let mut g = Fact::default();
        for c in COLUMNS {
            (c.set)(&mut g, (c.get)(&f)).unwrap_or_else(|e| panic!("{}: {e}", c.name));
            let cell = (c.get)(&f);
            assert_eq!(cell == Cell::Null, c.nullable && cell == Cell::Null, "{}", c.name);
            if !c.nullable {
                assert_ne!(cell, Cell::Null, "{} is never null", c.name);
            }
        }
        assert_eq!(f, g);
        let names = column_names();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
    }

    #[test]
    fn enums_round_trip_and_name_their_values() {
        for k in Indicator::ALL {
            assert_eq!(Indicator::parse(k.as_str()), Some(*k));
        }
        assert_eq!(Indicator::names(), "turnover | exports | imports | investment | exchange_trade | contracts | credit | other");
        assert_eq!(column("indicator").unwrap().description, Indicator::names());
        assert_eq!(column("kind").unwrap().description, Kind::names());
        assert_eq!(column("qualifier").unwrap().description, Qualifier::names());
        assert!(column("scope").unwrap().description.starts_with(&Scope::names()));
        assert!(column("status").unwrap().description.starts_with(&Status::names()));
        assert!("bogus".parse::<Scope>().unwrap_err().contains("total | product | region | company"));
        assert!(Scope::Company.rank() > Scope::Region.rank() && Scope::Region.rank() > Scope::Product.rank());
    }

    #[test]
    fn json_has_the_columns_in_order() {
        let line = sample().to_json_line();
        let j: serde_json::Value = serde_json::from_str(&line).unwrap();
        let mut at = 0;
        for name in column_names() {
            let p = line[at..].find(&format!("\"{name}\":")).unwrap_or_else(|| panic!("{name} missing or out of order")) + at;
            at = p;
        }
        assert_eq!(j.as_object().unwrap().len(), COLUMNS.len());
        assert_eq!(j["partner"], serde_json::Value::Null);
        assert_eq!(j["scope"], "region");
        assert_eq!(j["value"], 5e9);
        assert_eq!(j["start"], 3);
    }
}
