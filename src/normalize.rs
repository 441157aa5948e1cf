//! Normalize: money into US dollars, from a table of annual average rates
//! (`lexicon/rates.toml`, each series with its published source; a pipeline
//! may give its own file of the same shape).
//!
//! A figure is converted only where its year and that year's rate are known;
//! otherwise `amount_usd` stays null and the run reports it. Nothing is
//! estimated. Belarusian figures before the 2016 redenomination are in old
//! rubles (BYR): they are divided by 10,000 into new rubles first.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde::Deserialize;

pub const RATES_TOML: &str = include_str!("lexicon/rates.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Series {
    code: String,
    source: String,
    usd_per_unit: Option<BTreeMap<String, f64>>,
    lcu_per_usd: Option<BTreeMap<String, f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RatesFile {
    series: Vec<Series>,
}

/// Annual USD rates by currency and year.
#[derive(Debug, Clone, Default)]
pub struct Rates {
    usd_per_unit: HashMap<(String, i32), f64>,
    pub sources: BTreeMap<String, String>,
    /// Hash of the table's text: a changed table redoes the documents.
    pub digest: String,
}

impl Rates {
    pub fn parse(text: &str, origin: &str) -> Result<Rates, String> {
        let file: RatesFile = toml::from_str(text).map_err(|e| format!("{origin}: {}", e.to_string().trim()))?;
        let mut r = Rates::default();
        {
            use sha2::{Digest, Sha256};
            r.digest = crate::ingest::read::hex(&Sha256::digest(text.as_bytes()))[..16].to_string();
        }
        let mut parts: BTreeMap<String, Vec<(i32, String, String)>> = BTreeMap::new();
        for s in file.series {
            if s.code.len() != 3 || !s.code.chars().all(|c| c.is_ascii_uppercase()) {
                return Err(format!("{origin}: '{}' is not an ISO 4217 code", s.code));
            }
            if s.source.trim().is_empty() {
                return Err(format!("{origin}: {} has no source", s.code));
            }
            let mut years = Vec::new();
            let mut add = |year: &str, usd: f64| -> Result<(), String> {
                let y: i32 = year.parse().map_err(|_| format!("{origin}: {}: '{year}' is not a year", s.code))?;
                if !(usd.is_finite() && usd > 0.0) {
                    return Err(format!("{origin}: {} {y}: rate must be positive", s.code));
                }
                // A currency may have several series (sources for different
                // years); one year from two of them would hide which source
                // a conversion used.
                if r.usd_per_unit.insert((s.code.clone(), y), usd).is_some() {
                    return Err(format!("{origin}: {} {y} is given twice", s.code));
                }
                years.push(y);
                Ok(())
            };
            for (y, v) in s.usd_per_unit.iter().flatten() {
                add(y, *v)?;
            }
            for (y, v) in s.lcu_per_usd.iter().flatten() {
                add(y, 1.0 / *v)?;
            }
            let span = match (years.iter().min(), years.iter().max()) {
                (Some(a), Some(b)) if a == b => format!("{a}: "),
                (Some(a), Some(b)) => format!("{a}–{b}: "),
                _ => String::new(),
            };
            parts.entry(s.code).or_default().push((years.iter().min().copied().unwrap_or(0), span, s.source));
        }
        for (code, mut list) in parts {
            list.sort();
            let text = if list.len() == 1 {
                list.pop().map(|(_, _, src)| src).unwrap_or_default()
            } else {
                list.into_iter().map(|(_, span, src)| format!("{span}{src}")).collect::<Vec<_>>().join("; ")
            };
            r.sources.insert(code, text);
        }
        Ok(r)
    }

    pub fn bundled() -> Rates {
        Rates::parse(RATES_TOML, "lexicon/rates.toml").expect("the bundled rates parse (checked by its test)")
    }

    pub fn load(path: &Path) -> Result<Rates, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Rates::parse(&text, &path.display().to_string())
    }

    /// US dollars for `value` units of `currency` in `year`, if the rate is known.
    ///
    /// ```
    /// use tradeseries::normalize::Rates;
    /// let r = Rates::parse("[[series]]\ncode = \"BYN\"\nsource = \"x\"\n[series.lcu_per_usd]\n2015 = 1.5926\n2021 = 2.5\n", "t").unwrap();
    /// assert_eq!(r.usd(250.0, "BYN", 2021), Some(100.0));
    /// // 2015: old rubles, 10,000 to a new one
    /// assert_eq!(r.usd(15_926_000.0, "BYN", 2015).map(|v| v.round()), Some(1000.0));
    /// assert_eq!(r.usd(5.0, "USD", 1990), Some(5.0));
    /// assert_eq!(r.usd(5.0, "BYN", 2030), None);
    /// ```
    pub fn usd(&self, value: f64, currency: &str, year: i32) -> Option<f64> {
        if currency == "USD" {
            return Some(value);
        }
        let rate = self.usd_per_unit.get(&(currency.to_string(), year))?;
        let units = if currency == "BYN" && year < 2016 { value / 10_000.0 } else { value };
        Some(units * rate)
    }

    pub fn currencies(&self) -> BTreeSet<String> {
        self.usd_per_unit.keys().map(|(c, _)| c.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_rates_parse_and_have_the_corpus_currencies() {
        let r = Rates::bundled();
        for c in ["EUR", "CNY", "RUB", "KZT", "BYN", "UZS", "GBP"] {
            assert!(r.currencies().contains(c), "{c}");
            assert!(r.sources.contains_key(c), "{c} has no source");
        }
        // ECB 2024 annual average of USD per EUR
        assert!((r.usd(1.0, "EUR", 2024).unwrap() - 1.0824).abs() < 1e-3);
        // 840 million BYN at the 2021 average rate (WDI); old rubles of 2015 divided by 10,000 first
        assert!((r.usd(840e6, "BYN", 2021).unwrap() - 840e6 / 2.538675).abs() < 1.0);
        assert!((r.usd(15_925_988.3, "BYN", 2015).unwrap() - 1000.0).abs() < 1e-3);
        // WDI for UZS and for the yuan's peg years before the ECB fixed it; the ECB after
        assert!((r.usd(11_734.8334198669, "UZS", 2023).unwrap() - 1.0).abs() < 1e-9);
        assert!((r.usd(8.27703666666667, "CNY", 2003).unwrap() - 1.0).abs() < 1e-9);
        assert!(r.sources["CNY"].starts_with("2000–2005: World Bank WDI"), "{}", r.sources["CNY"]);
        assert!(r.sources["CNY"].contains("2006–2025: ECB"), "{}", r.sources["CNY"]);
        // RUB: ECB to 2021, WDI 2022-2023, the Bank of Russia via a dated source for 2025, none for 2024
        assert!(r.usd(1.0, "RUB", 2023).is_some() && r.usd(1.0, "RUB", 2025).is_some() && r.usd(1.0, "RUB", 2024).is_none());
    }

    #[test]
    fn bad_rate_files_are_refused() {
        assert!(Rates::parse("[[series]]\ncode = \"usd\"\nsource = \"x\"\n", "t").unwrap_err().contains("ISO 4217"));
        assert!(Rates::parse("[[series]]\ncode = \"EUR\"\nsource = \"\"\n", "t").unwrap_err().contains("no source"));
        assert!(Rates::parse("[[series]]\ncode = \"EUR\"\nsource = \"x\"\n[series.usd_per_unit]\n2020 = -1\n", "t").unwrap_err().contains("positive"));
        let twice = "[[series]]\ncode = \"CNY\"\nsource = \"a\"\n[series.lcu_per_usd]\n2005 = 8.19\n\n[[series]]\ncode = \"CNY\"\nsource = \"b\"\n[series.lcu_per_usd]\n2005 = 8.2\n";
        assert!(Rates::parse(twice, "t").unwrap_err().contains("CNY 2005 is given twice"));
    }

    #[test]
    fn a_currency_may_take_years_from_several_sources() {
        let two = "[[series]]\ncode = \"CNY\"\nsource = \"ECB\"\n[series.usd_per_unit]\n2006 = 0.125\n2007 = 0.13\n\n[[series]]\ncode = \"CNY\"\nsource = \"FRED\"\n[series.lcu_per_usd]\n2000 = 8.0\n2005 = 8.0\n";
        let r = Rates::parse(two, "t").unwrap();
        assert_eq!(r.usd(8.0, "CNY", 2000), Some(1.0));
        assert_eq!(r.usd(8.0, "CNY", 2006), Some(1.0));
        assert_eq!(r.usd(8.0, "CNY", 2003), None, "years between the given ones are not filled in");
        assert_eq!(r.sources["CNY"], "2000–2005: FRED; 2006–2007: ECB");
    }
}
