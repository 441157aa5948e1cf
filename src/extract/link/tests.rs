//! Unit tests of the linkers; the spec files in tests/specs/ hold the rest.

use super::*;
use crate::extract::document::{analyze, ExtractOptions};

/// Links a whole text (several sentences), as the pipeline does.
fn link_text(text: &str) -> Vec<(String, Links)> {
    let opts = ExtractOptions::default();
    let (aligned, _, found) = analyze(text, &opts);
    found.into_iter().map(|f| (aligned.text[f.span.range()].to_string(), f.links)).collect()
}

fn one(text: &str, mention: &str) -> Links {
    link_text(text).into_iter().find(|(m, _)| m == mention).unwrap_or_else(|| panic!("{mention} not read in {text:?}")).1
}

#[test]
fn partner_indicator_year_months() {
    let l = one("In January-February 2022, Belarusian-Uzbek trade turnover amounted to $53.5 million", "$53.5 million");
    assert_eq!((l.partner.as_deref(), l.indicator, l.year, l.month_from, l.month_to), (Some("UZB"), Indicator::Turnover, Some(2022), Some(1), Some(2)));
}

#[test]
fn eaeu_as_reporter_and_base_year() {
    let l = one("The trade turnover of the EAEU with Indonesia in 2021 increased by 41.5% to $3.7 billion compared to 2020.", "41.5%");
    assert_eq!((l.reporter.as_str(), l.partner.as_deref(), l.year, l.base_year), ("EAEU", Some("IDN"), Some(2021), Some(2020)));
}

#[test]
fn relative_years_and_brackets() {
    let l = one("In the first 10 months of this [2023] year, mutual trade turnover increased by 20% and exceeded $500 million.", "20%");
    assert_eq!((l.year, l.month_from, l.month_to), (Some(2023), Some(1), Some(10)));
}

#[test]
fn possessive_subject_is_reporter() {
    let l = one("Uzbekistan's imports of medicines are about $1.5 billion.", "$1.5 billion");
    assert_eq!((l.reporter.as_str(), l.partner.as_deref(), l.indicator), ("UZB", Some("WLD"), Indicator::Imports));
}

#[test]
fn goals_have_no_year_unless_stated() {
    let l = one("In 2022 trade grew. Now the parties see a real opportunity to achieve mutual trade turnover of $500 million.", "$500 million");
    assert_eq!((l.year, l.status), (None, Status::Target));
    let l = one("It is expected to increase exports to third countries by a quarter by 2025.", "a quarter");
    assert_eq!((l.year, l.status, l.month_from), (Some(2025), Status::Target, None));
}

#[test]
fn the_from_figure_of_a_change_is_the_base_period() {
    let got = link_text("In the first half of 2021, exports to Egypt increased by almost 40% (from 1.4 to 1.95 billion US dollars).");
    let years: Vec<_> = got.iter().map(|(m, l)| (m.as_str(), l.year, l.month_to)).collect();
    assert_eq!(years, [("40%", Some(2021), Some(6)), ("1.4", Some(2020), Some(6)), ("1.95 billion US dollars", Some(2021), Some(6))]);
}

#[test]
fn contracts_take_the_date_of_their_event() {
    let l = one("In March 2023, the UzFood exhibition was held in Tashkent. Belarusian firms took part. Many visitors came. The plant signed a contract worth $500 thousand.", "$500 thousand");
    assert_eq!((l.indicator, l.year, l.month_from, l.month_to, l.partner.as_deref(), l.scope), (Indicator::Contracts, Some(2023), Some(3), Some(3), Some("UZB"), Scope::Company));
}

#[test]
fn anaphora_and_many_countries() {
    let l = one("Belarus trades with Uzbekistan. Exports to this Central Asian country grew by 8%.", "8%");
    assert_eq!(l.partner.as_deref(), Some("UZB"));
    let l = one("Belarus trades with Uzbekistan. The park has residents from 13 countries with an investment volume of $1.5bn.", "$1.5bn");
    assert_eq!((l.partner, l.scope), (None, Scope::Region));
}

#[test]
fn exchange_topic_colours_sales() {
    let l = one("Sugar is sold on the BUTB commodity exchange to Mongolia. Almost 1.5 thousand tonnes were sold for more than $770 thousand.", "$770 thousand");
    assert_eq!(l.indicator, Indicator::ExchangeTrade);
    let l = one("Belarus sold potash to Brazil for $770 million.", "$770 million");
    assert_eq!(l.indicator, Indicator::Exports);
}

#[test]
fn as_a_whole_is_the_world() {
    let got = link_text("Trade with the UAE increased by 60.9%, while in the EAEU as a whole, foreign trade turnover increased by 35.1%.");
    assert_eq!((got[1].1.partner.as_deref(), got[1].1.reporter.as_str()), (Some("WLD"), "EAEU"));
    assert_eq!(got[0].1.partner.as_deref(), Some("ARE"));
}

#[test]
fn dateline_is_read() {
    assert_eq!(dateline("Belarus, China maintain trade\n\n15 February 2021\n\nMINSK - "), Some((2021, Some(2))));
    assert_eq!(dateline("Trade news\n2025-04-12 10:30\nMINSK"), Some((2025, Some(4))));
    assert_eq!(dateline("Trade news, 12.04.2025. MINSK"), Some((2025, Some(4))));
    assert_eq!(dateline("In 2021-2022 the trade grew"), None);
}

#[test]
fn enumerations_take_their_own_clause_country() {
    let got = link_text("In 2023, supplies to Kazakhstan rose 3 times ($12 million), to Armenia – by 45% ($8 million), to Georgia by 10%.");
    let p: Vec<_> = got.iter().map(|(m, l)| (m.as_str(), l.partner.as_deref())).collect();
    assert_eq!(p, [("3 times", Some("KAZ")), ("$12 million", Some("KAZ")), ("45%", Some("ARM")), ("$8 million", Some("ARM")), ("10%", Some("GEO"))]);
}

#[test]
fn another_countrys_trade_is_its_own() {
    let l = one("Kazakhstan's foreign trade turnover reached $42.5 billion in 2020.", "$42.5 billion");
    assert_eq!((l.reporter.as_str(), l.partner.as_deref()), ("KAZ", Some("WLD")));
    let l = one("In 2023, exports from Uzbekistan to Belarus reached $200 million.", "$200 million");
    assert_eq!((l.reporter.as_str(), l.partner.as_deref(), l.indicator), ("UZB", Some("BLR"), Indicator::Exports));
}

#[test]
fn absolute_changes_and_balances_are_other() {
    let l = one("In 2023, trade turnover grew by about $500 million.", "$500 million");
    assert_eq!(l.indicator, Indicator::Other);
    let l = one("In January 2007 the euro area recorded a deficit of 7.8 bn euro.", "7.8 bn euro");
    assert_eq!(l.indicator, Indicator::Other);
    let l = one("In 2023, trade turnover grew by 5% to $500 million.", "$500 million");
    assert_eq!(l.indicator, Indicator::Turnover);
}

#[test]
fn a_paragraphs_period_holds_for_its_figures() {
    let got = link_text("In January-June 2021, trade with China grew. Exports rose to $10 million. Imports reached $5 million. Machinery made up most of them, and dairy followed. The balance was positive at $5 million.\n\nIn 2020, exports fell by 3%.");
    let y: Vec<_> = got.iter().map(|(m, l)| (m.as_str(), l.year, l.month_to)).collect();
    assert_eq!(y, [("$10 million", Some(2021), Some(6)), ("$5 million", Some(2021), Some(6)), ("$5 million", Some(2021), Some(6)), ("3%", Some(2020), Some(12))]);
}

#[test]
fn partial_periods_stay_partial() {
    let l = one("From January through March 2023, exports to Turkey reached $90 million.", "$90 million");
    assert_eq!((l.year, l.month_from, l.month_to), (Some(2023), Some(1), Some(3)));
}

#[test]
fn the_same_month_of_the_previous_year_is_the_base() {
    let l = one("In April 2024, exports to China grew by 12% compared to the same month of the previous year.", "12%");
    assert_eq!((l.year, l.month_from, l.month_to, l.base_year), (Some(2024), Some(4), Some(4), Some(2023)));
}

#[test]
fn scope_from_the_subject() {
    let l = one("In 2022, the Minsk region's trade with China exceeded $2 billion.", "$2 billion");
    assert_eq!(l.scope, Scope::Region);
    let l = one("In 2023, food exports to China exceeded $1 billion.", "$1 billion");
    assert_eq!(l.scope, Scope::Product);
    let l = one("In 2023, MTZ plant exported tractors worth $30 million to Uzbekistan.", "$30 million");
    assert_eq!(l.scope, Scope::Company);
    let l = one("In 2022, Belarus-China trade turnover reached $5.8 billion.", "$5.8 billion");
    assert_eq!(l.scope, Scope::Total);
    let l = one("In 2024, transactions with Chinese companies on the BUCE totalled $84 million.", "$84 million");
    assert_eq!((l.scope, l.indicator), (Scope::Total, Indicator::ExchangeTrade));
}

#[test]
fn respectively_pairs_a_list_with_its_figures() {
    let got = link_text("In the first quarter, China's trade with Russia, Pakistan and India rose by 37 percent, 18.7 percent and 27.7 percent respectively.");
    let p: Vec<_> = got.iter().map(|(m, l)| (m.as_str(), l.partner.as_deref())).collect();
    assert_eq!(p, [("37 percent", Some("RUS")), ("18.7 percent", Some("PAK")), ("27.7 percent", Some("IND"))]);
    let got = link_text("Trade with the United States and ASEAN increased 21.3 percent and 25 percent, respectively.");
    let p: Vec<_> = got.iter().map(|(m, l)| (m.as_str(), l.partner.as_deref())).collect();
    assert_eq!(p, [("21.3 percent", Some("USA")), ("25 percent", Some("ASEAN"))]);
}
