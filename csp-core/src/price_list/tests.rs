use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;
use crate::calendar::{parse_date, YearMonth};
use crate::error::Error;
use crate::ids::OfferId;
use crate::money::Currency;
use crate::vocab::{LicenseAgreementType, SecondaryType};

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

fn month(s: &str) -> YearMonth {
    s.parse().unwrap()
}

const HEADER: &str = "Offer Display Name,Offer ID,License Agreement Type,Secondary License Type,List Price,ERP Price";

fn legacy(body: &str) -> String {
    format!("{HEADER}\n{body}")
}

fn err(text: &str) -> Error {
    parse_legacy_rows(text).unwrap_err()
}

// ----- legacy parsing -----------------------------------------------------------------------

#[test]
fn real_world_legacy_file() {
    // BOM, CRLF, quoted comma and quotes, an unknown column, a blank line before the header
    // and trailing blank lines, a trailing empty field, lower-case GUID, timestamps.
    let text = "\u{feff}\r\n\"Change Indicator\",Effective Start Date,Offer Display Name,Offer ID,Tags,License Agreement Type,Secondary License Type,Purchase Unit,List Price,ERP Price\r\n\
        UNC,3/1/2016 12:00:00 AM,\"Office 365 Enterprise E3, monthly\",796b6b5f-613c-4e24-a17c-eba730d49c02,x,Corporate,Non-specific,Monthly,20.00,25.00,\r\n\
        ADD,3/1/2016 12:00:00 AM,\"Exchange \"\"Archiving\"\" add-on\",A4C6CF6F-0000-4C9A-9E1C-3C1F2A1B0001,,Academic,Add-on,Monthly,3.0,3.75\r\n\
        \r\n\r\n";
    let rows = parse_legacy_rows(text).unwrap();
    assert_eq!(rows.len(), 2);
    let e3 = &rows[0];
    assert_eq!(e3.offer_name, "Office 365 Enterprise E3, monthly");
    assert_eq!(e3.offer_id.as_str(), "796B6B5F-613C-4E24-A17C-EBA730D49C02");
    assert_eq!(
        (e3.agreement_type, e3.secondary_type),
        (LicenseAgreementType::Corporate, SecondaryType::Base)
    );
    assert_eq!(e3.list_price.to_string(), "20.00");
    assert_eq!(e3.change_indicator, Some(ChangeIndicator::Unc));
    assert_eq!(e3.effective_start, Some(d("2016-03-01")));
    assert_eq!(e3.purchase_unit.as_deref(), Some("Monthly"));
    let addon = &rows[1];
    assert_eq!(addon.offer_name, "Exchange \"Archiving\" add-on");
    assert_eq!(addon.secondary_type, SecondaryType::AddOn);
    assert_eq!(
        addon.list_price.to_string(),
        "3.0",
        "kept exactly as written"
    );
    assert_eq!(
        addon.list_price,
        Decimal::new(3, 0),
        "and equal as a number"
    );
}

#[test]
fn missing_required_columns_are_named() {
    for (i, col) in [
        "Offer Display Name",
        "Offer ID",
        "License Agreement Type",
        "Secondary License Type",
        "List Price",
        "ERP Price",
    ]
    .iter()
    .enumerate()
    {
        let header: Vec<&str> = HEADER
            .split(',')
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, h)| h)
            .collect();
        let text = format!("\n{}\nx,y,z,a,b\n", header.join(","));
        assert_eq!(
            err(&text),
            Error::MissingColumn {
                line: 2,
                column: 0,
                name: col
            },
            "without {col}"
        );
    }
    assert_eq!(err("").code(), "missing_column");
    assert_eq!(err("\n\n").code(), "missing_column");
}

#[test]
fn every_field_error_has_line_and_column() {
    let cases: Vec<(String, Error)> = vec![
        (legacy("E3,GUID1,Corporate,Non-specific,4,00,5.00\n"),
         Error::CsvMalformed { line: 2, column: 7, detail: String::new() }),
        (legacy("E3,GUID1,Corporate,Non-specific,4.00\n"),
         Error::CsvMalformed { line: 2, column: 6, detail: String::new() }),
        (legacy("E3,GUID1,Corporate,Non-specific,abc,5.00\n"),
         Error::InvalidDecimal { line: 2, column: 5, name: "List Price", value: "abc".into(), expected: "" }),
        (legacy("E3,GUID1,Corporate,Non-specific,4.00,-5.00\n"),
         Error::InvalidDecimal { line: 2, column: 6, name: "ERP Price", value: "-5.00".into(), expected: "" }),
        (legacy("E3,GUID1,Corporate,Non-specific,1e3,5.00\n"),
         Error::InvalidDecimal { line: 2, column: 5, name: "List Price", value: "1e3".into(), expected: "" }),
        (legacy("E3,GUID1,Retail,Non-specific,4.00,5.00\n"),
         Error::InvalidValue { line: 2, column: 3, name: "License Agreement Type", value: "Retail".into(), expected: "" }),
        (legacy("E3,GUID1,Corporate,Bundle,4.00,5.00\n"),
         Error::InvalidValue { line: 2, column: 4, name: "Secondary License Type", value: "Bundle".into(), expected: "" }),
        (legacy("E3,,Corporate,Non-specific,4.00,5.00\n"),
         Error::EmptyField { line: 2, column: 2, name: "Offer ID" }),
        (legacy("E3,GUID1,Corporate,Non-specific,4.00,5.00\n\n\"Multi\nline\",guid1,Corporate,Non-specific,4.00,5.00\n"),
         Error::DuplicatePriceRow { line: 4, column: 2, offer: OfferId::new("GUID1"), first_line: 2 }),
        (legacy("\"Multi\nline\",G1,Corporate,Non-specific,4.00,5.00\nE5,G2,Corporate,Non-specific,x,5.00\n"),
         Error::InvalidDecimal { line: 4, column: 5, name: "List Price", value: "x".into(), expected: "" }),
        (format!("{HEADER}\n\n"), Error::EmptyPriceList { line: 2, column: 0 }),
        (format!("{HEADER},Effective Start Date\nE3,G1,Corporate,Non-specific,4.00,5.00,13/45/2016\n"),
         Error::InvalidDate { line: 2, column: 7, name: "Effective Start Date", value: "13/45/2016".into() }),
        (format!("{HEADER},Change Indicator\nE3,G1,Corporate,Non-specific,4.00,5.00,NEW\n"),
         Error::InvalidValue { line: 2, column: 7, name: "Change Indicator", value: "NEW".into(), expected: "" }),
    ];
    for (text, want) in cases {
        let got = err(&text);
        assert_eq!(got.code(), want.code(), "{text:?}: {got}");
        assert_eq!(got.position(), want.position(), "{text:?}: {got}");
        // Compare the typed fields too, except free text (`detail`, `expected`).
        let strip = |e: &Error| {
            e.context()
                .into_iter()
                .filter(|(k, _)| *k != "detail" && *k != "expected")
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(&got), strip(&want), "{text:?}");
        assert!(
            got.message()
                .contains(&format!("line {}", want.position().unwrap().0)),
            "{got}"
        );
    }
}

#[test]
fn unterminated_quote_and_extra_empty_fields() {
    // An unterminated quote swallows the rest of the text into one field: the record is then
    // too short, reported on the line where it starts.
    let e = err(&legacy("\"E3,G1,Corporate,Non-specific,4.00,5.00\n"));
    assert_eq!((e.code(), e.position()), ("csv_malformed", Some((2, 2))));
    assert!(e.to_string().contains("never closed"), "{e}");
    let e = err(&legacy(
        "E1,G0,Corporate,Non-specific,1.00,1.25\n\"E3,G1,Corporate,Non-specific,4.00,5.00\nE5,G2,Corporate,Non-specific,4.00,5.00\n",
    ));
    assert_eq!((e.code(), e.position()), ("csv_malformed", Some((3, 2))));
    assert!(e.to_string().contains("never closed"), "{e}");
    // A short record without a line break in it is just short.
    let e = err(&legacy("E3,G1,Corporate\n"));
    assert!(e.to_string().contains("expected 6 fields"), "{e}");
    // A timestamp before the placeholder year 1753 is refused, not priced on.
    let e = err(&format!(
        "{HEADER},Effective Start Date\nE3,G1,Corporate,Non-specific,4.00,5.00,1/1/0001 12:00:00 AM\n"
    ));
    assert_eq!(e.code(), "invalid_date");
    // Extra empty trailing fields (spreadsheet exports) are accepted.
    assert_eq!(
        parse_legacy_rows(&legacy("E3,G1,Corporate,Non-specific,4.00,5.00,,\n"))
            .unwrap()
            .len(),
        1
    );
}

// ----- the price book -----------------------------------------------------------------------

fn book() -> PriceBook {
    let feb = legacy(
        "E3,G-E3,Corporate,Non-specific,20.00,25.00\nEOL,G-EOL,Corporate,Non-specific,1.00,1.25\n",
    );
    let mar = legacy("E3,G-E3,Corporate,Non-specific,22.00,27.50\n");
    let mut b = PriceBook::new(Currency::USD);
    b.add(PriceList::from_legacy_csv(&feb, month("2016-02"), Currency::USD).unwrap())
        .unwrap();
    b.add(PriceList::from_legacy_csv(&mar, month("2016-03"), Currency::USD).unwrap())
        .unwrap();
    b
}

#[test]
fn visibility_31_and_30_days_ahead() {
    // The March 2016 list (E = 2016-03-01) is visible from E − 30 days = 2016-01-31 (2016 is a
    // leap year: 29 days of February + 1 of January). Asked 30 days ahead: fine; 31: refused.
    let b = book();
    let e3 = OfferId::new("g-e3");
    let p = b.price(&e3, d("2016-03-01"), d("2016-01-31")).unwrap();
    assert_eq!(
        (p.list.to_string(), p.list_effective_from),
        ("22.00 USD".into(), d("2016-03-01"))
    );
    assert_eq!(
        b.price(&e3, d("2016-03-01"), d("2016-01-30")).unwrap_err(),
        Error::PriceListNotPublished {
            effective_from: d("2016-03-01"),
            visible_from: d("2016-01-31"),
            as_of: d("2016-01-30")
        }
    );
    // Non-leap year: 2017-03-01 − 30 days = 2017-01-30.
    assert_eq!(b.visible_from(d("2017-03-01")).unwrap(), d("2017-01-30"));
}

#[test]
fn governing_list_without_fallback() {
    let b = book();
    let e3 = OfferId::new("G-E3");
    // A February date is priced by February's list, even asked before March is visible.
    assert_eq!(
        b.price(&e3, d("2016-02-29"), d("2016-01-15"))
            .unwrap()
            .list
            .amount()
            .to_string(),
        "20.00"
    );
    // A March date asked too early is refused, never answered from February's list.
    assert_eq!(
        b.price(&e3, d("2016-03-15"), d("2016-01-15"))
            .unwrap_err()
            .code(),
        "price_list_not_published"
    );
    // The last list stays in force.
    assert_eq!(
        b.price(&e3, d("2019-12-31"), d("2019-12-31"))
            .unwrap()
            .list_effective_from,
        d("2016-03-01")
    );
    assert_eq!(
        b.price(&e3, d("2016-01-31"), d("2016-03-01")).unwrap_err(),
        Error::NoPriceListInForce {
            date: d("2016-01-31")
        }
    );
    // Removed in March: no zero price.
    assert_eq!(
        b.price(&OfferId::new("G-EOL"), d("2016-03-01"), d("2016-03-01"))
            .unwrap_err(),
        Error::OfferNotInPriceList {
            offer: OfferId::new("G-EOL"),
            list_effective_from: d("2016-03-01")
        }
    );
    assert_eq!(
        b.price(&OfferId::new("G-EOL"), d("2016-02-10"), d("2016-03-01"))
            .unwrap()
            .erp
            .amount()
            .to_string(),
        "1.25"
    );
}

#[test]
fn book_refuses_mixed_currencies_and_duplicate_months() {
    let mut b = book();
    let text = legacy("E3,G-E3,Corporate,Non-specific,20.00,25.00\n");
    let eur = PriceList::from_legacy_csv(&text, month("2016-04"), Currency::EUR).unwrap();
    assert_eq!(b.add(eur).unwrap_err().code(), "currency_mismatch");
    let dup = PriceList::from_legacy_csv(&text, month("2016-03"), Currency::USD).unwrap();
    assert_eq!(
        b.add(dup).unwrap_err(),
        Error::DuplicatePriceList {
            effective_from: d("2016-03-01")
        }
    );
    assert_eq!(b.lists().count(), 2, "unchanged after refusals");
    // Program rules may change the notice period: 2016-03-01 − 7 days = 2016-02-23.
    let b7 = book().with_notice_days(7);
    assert_eq!(
        b7.price(&OfferId::new("G-E3"), d("2016-03-01"), d("2016-02-22"))
            .unwrap_err()
            .code(),
        "price_list_not_published"
    );
    assert!(b7
        .price(&OfferId::new("G-E3"), d("2016-03-01"), d("2016-02-23"))
        .is_ok());
}

#[test]
fn diff_compares_prices_as_numbers() {
    let old = parse_legacy_rows(&legacy("A,A1,Corporate,Non-specific,4.0,5.00\nB,B1,Corporate,Non-specific,8,10\nC,C1,Corporate,Non-specific,1,2\n")).unwrap();
    let new = parse_legacy_rows(&legacy("A,A1,Corporate,Non-specific,4.00,5.50\nC,C1,Corporate,Non-specific,1.5,2\nD,D1,Corporate,Non-specific,3,4\n")).unwrap();
    let got: Vec<(String, ChangeIndicator, bool)> = diff_rows(&old, &new)
        .into_iter()
        .map(|r| (r.offer_id.to_string(), r.indicator, r.erp_changed))
        .collect();
    assert_eq!(
        got,
        vec![
            ("A1".to_string(), ChangeIndicator::Unc, true),
            ("B1".to_string(), ChangeIndicator::Del, false),
            ("C1".to_string(), ChangeIndicator::Chg, false),
            ("D1".to_string(), ChangeIndicator::Add, false),
        ]
    );
}

// ----- NCE ----------------------------------------------------------------------------------

const NCE_HEADER: &str = "\"ProductTitle\",\"ProductId\",\"SkuId\",\"SkuTitle\",\"Publisher\",\"SkuDescription\",\"UnitOfMeasure\",\"TermDuration\",\"BillingPlan\",\"Market\",\"Currency\",\"UnitPrice\",\"PricingTierRangeMin\",\"PricingTierRangeMax\",\"EffectiveStartDate\",\"EffectiveEndDate\",\"Tags\",\"ERP Price\"";

fn nce_row(product: &str, price: &str, start: &str, end: &str) -> String {
    format!("\"Title\",\"{product}\",\"0001\",\"Sku\",\"Microsoft Corporation\",\"desc, with comma\",\"\",\"P1Y\",\"Annual\",\"US\",\"USD\",\"{price}\",\"\",\"\",\"{start}\",\"{end}\",\"License\",\"144\"")
}

fn key(product: &str) -> NceKey {
    NceKey::new(
        &format!("{product}:0001"),
        TermDuration::P1Y,
        BillingPlan::Annual,
        " us",
        Currency::USD,
    )
}

#[test]
fn nce_reference_row_parses() {
    // The row quoted in csp-rules.md §5.2.
    let text = format!("{NCE_HEADER}\n\"Advanced Communications\",\"CFQ7TTC0HDK0\",\"0001\",\"Advanced Communications\",\"Microsoft Corporation\",\"Advanced meetings, calling, workflow integration, and management tools for IT.\",\"\",\"P1Y\",\"Annual\",\"US\",\"USD\",\"115.2\",\"\",\"\",\"2/1/2019 12:00:00 AM\",\"2/4/2021 8:35:31 PM\",\"License\",\"144\"\n");
    assert_eq!(detect_format(&text), Ok(PriceFileFormat::Nce));
    let rows = parse_nce_rows(&text).unwrap();
    let r = &rows[0];
    assert_eq!(r.key, key("CFQ7TTC0HDK0"));
    assert_eq!(
        (r.unit_price.to_string(), r.erp_price.map(|e| e.to_string())),
        ("115.2".into(), Some("144".into()))
    );
    assert_eq!(r.effective_end.to_string(), "2021-02-04 20:35:31");
    let sheet = NceSheet::new(rows);
    assert_eq!(
        sheet
            .price_on(&key("CFQ7TTC0HDK0"), d("2021-02-04"))
            .unwrap()
            .line,
        2
    );
    assert_eq!(
        sheet
            .price_on(&key("CFQ7TTC0HDK0"), d("2021-02-05"))
            .unwrap_err()
            .code(),
        "nce_price_not_found"
    );
    assert_eq!(
        sheet
            .price_on(&key("CFQ7TTC0HDK0"), d("2019-01-31"))
            .unwrap_err()
            .code(),
        "nce_price_not_found"
    );
}

#[test]
fn nce_overlapping_rows_resolve_as_microsoft_describes() {
    // csp-rules.md §5.2: row 1 2021-10-01 → 2021-11-03 06:57:30, row 2 2021-11-01 → open.
    // "A transaction made on November 2 would be related to the top line item. A
    // transaction made on November 4 would be associated with the second line item."
    let text = format!(
        "{NCE_HEADER}\n{}\n{}\n",
        nce_row(
            "CFQ7TTC0HD7P",
            "100",
            "10/1/2021 12:00:00 AM",
            "11/3/2021 6:57:30 AM"
        ),
        nce_row(
            "CFQ7TTC0HD7P",
            "90",
            "11/1/2021 12:00:00 AM",
            "11/30/9999 11:59:59 PM"
        ),
    );
    let sheet = NceSheet::from_csv(&text).unwrap();
    let k = key("CFQ7TTC0HD7P");
    let price = |day: &str| sheet.price_on(&k, d(day)).unwrap().unit_price.to_string();
    assert_eq!(price("2021-10-31"), "100");
    assert_eq!(price("2021-11-02"), "100");
    assert_eq!(
        price("2021-11-03"),
        "100",
        "at 00:00 on 3 November row 1 still runs"
    );
    assert_eq!(price("2021-11-04"), "90");
    // Rows sharing the open end: the later start wins from its start.
    let text = format!(
        "{NCE_HEADER}\n{}\n{}\n",
        nce_row("P", "10", "1/1/1753 12:00:00 AM", ""),
        nce_row("P", "12", "2/1/2023 0:00", ""),
    );
    let sheet = NceSheet::from_csv(&text).unwrap();
    assert_eq!(
        sheet
            .price_on(&key("P"), d("2023-01-31"))
            .unwrap()
            .unit_price
            .to_string(),
        "10"
    );
    assert_eq!(
        sheet
            .price_on(&key("P"), d("2023-02-01"))
            .unwrap()
            .unit_price
            .to_string(),
        "12"
    );
}

#[test]
fn nce_errors() {
    let bad_range = format!(
        "{NCE_HEADER}\n{}\n",
        nce_row("P", "10", "2/1/2023 0:00", "1/1/2023 0:00")
    );
    let e = parse_nce_rows(&bad_range).unwrap_err();
    assert_eq!(
        (e.code(), e.position()),
        ("invalid_effective_range", Some((2, 16)))
    );
    let bad_plan = format!(
        "{NCE_HEADER}\n{}\n",
        nce_row("P", "10", "2/1/2023 0:00", "").replace("\"Annual\"", "\"Weekly\"")
    );
    let e = parse_nce_rows(&bad_plan).unwrap_err();
    assert_eq!((e.code(), e.position()), ("invalid_value", Some((2, 9))));
    let bad_currency = format!(
        "{NCE_HEADER}\n{}\n",
        nce_row("P", "10", "2/1/2023 0:00", "").replace("\"USD\"", "\"XYZ\"")
    );
    assert_eq!(
        parse_nce_rows(&bad_currency).unwrap_err().position(),
        Some((2, 11))
    );
    // Market: two letters (SPEC-NCE §12.1.3), column 10; `gb` is read as GB.
    for bad in ["USA", "U", "1A", "U S", "ÜS"] {
        let text = format!(
            "{NCE_HEADER}\n{}\n",
            nce_row("P", "10", "2/1/2023 0:00", "").replace("\"US\"", &format!("\"{bad}\""))
        );
        let e = parse_nce_rows(&text).unwrap_err();
        assert_eq!(
            (e.code(), e.position()),
            ("invalid_value", Some((2, 10))),
            "{bad}"
        );
    }
    let lower = format!(
        "{NCE_HEADER}\n{}\n",
        nce_row("P", "10", "2/1/2023 0:00", "").replace("\"US\"", "\" gb \"")
    );
    assert_eq!(parse_nce_rows(&lower).unwrap()[0].key.market, "GB");
    let no_sku = NCE_HEADER.replace("\"SkuId\",", "");
    assert_eq!(
        parse_nce_rows(&format!("{no_sku}\nx\n")).unwrap_err(),
        Error::MissingColumn {
            line: 1,
            column: 0,
            name: "SkuId"
        }
    );
    assert_eq!("P3Y".parse::<TermDuration>().unwrap(), TermDuration::P3Y);
    assert_eq!("p1m".parse::<TermDuration>().unwrap().to_string(), "P1M");
    for bad in ["", "P", "1Y", "P0Y", "PXY", "P1D", "P99999Y"] {
        assert!(bad.parse::<TermDuration>().is_err(), "{bad:?}");
    }
}

/// Found by the `price_list_csv` fuzz target: a term whose last character is not ASCII
/// (`Pé`) panicked on a byte split inside the character; it is an `invalid_value` now.
#[test]
fn term_duration_with_a_non_ascii_unit_is_refused() {
    for bad in ["Pé", "P1é", "P1\u{1F600}", "é", "P\u{0301}"] {
        assert!(bad.parse::<TermDuration>().is_err(), "{bad:?}");
    }
    let sheet = format!(
        "{NCE_HEADER}\n{}\n",
        nce_row("P", "10", "2/1/2023 0:00", "").replace("\"P1Y\"", "\"Pé\"")
    );
    let e = parse_nce_rows(&sheet).unwrap_err();
    assert_eq!((e.code(), e.position()), ("invalid_value", Some((2, 8))));
}

#[test]
fn format_detection() {
    assert_eq!(detect_format(&legacy("x")), Ok(PriceFileFormat::Legacy));
    assert_eq!(
        detect_format(&format!("\u{feff}\n{NCE_HEADER}\n")),
        Ok(PriceFileFormat::Nce)
    );
    assert_eq!(
        detect_format("\n\na,b,c\n1,2,3\n"),
        Err(Error::UnknownPriceFormat { line: 3, column: 0 })
    );
    assert_eq!(
        detect_format("").unwrap_err().code(),
        "unknown_price_format"
    );
}

// ----- robustness ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsers_never_panic_on_arbitrary_text(text in ".{0,400}") {
        let _ = parse_legacy_rows(&text);
        let _ = parse_nce_rows(&text);
        let _ = detect_format(&text);
    }

    #[test]
    fn parsers_never_panic_on_csv_like_text(
        cells in proptest::collection::vec(proptest::collection::vec("[ -~\"\n,]{0,12}", 0..8), 0..6),
        nce in any::<bool>(),
    ) {
        let header = if nce { NCE_HEADER.to_string() } else { HEADER.to_string() };
        let body: Vec<String> = cells.iter().map(|r| r.join(",")).collect();
        let text = format!("{header}\n{}", body.join("\n"));
        let _ = parse_legacy_rows(&text);
        let _ = parse_nce_rows(&text);
    }

    #[test]
    fn errors_point_inside_the_text(body in "[A-Za-z0-9,.\"\n -]{0,200}") {
        // Whatever goes wrong, the reported line exists in the text.
        let text = legacy(&body);
        if let Err(e) = parse_legacy_rows(&text) {
            let (line, _) = e.position().unwrap();
            prop_assert!(line >= 1 && line <= text.split('\n').count() as u64 + 1, "{e}");
        }
    }
}

// ----- a list's rows by offer id ------------------------------------------------------------

/// A row of offer `id` whose list price is `n` cents (to tell rows of one id apart).
fn row_of(id: &str, n: u32) -> PriceRow {
    PriceRow {
        offer_id: OfferId::new(id),
        offer_name: format!("Offer {id}"),
        agreement_type: LicenseAgreementType::Corporate,
        secondary_type: SecondaryType::Base,
        list_price: Decimal::new(i64::from(n), 2),
        erp_price: Decimal::new(i64::from(n), 2),
        purchase_unit: None,
        end_customer_type: None,
        change_indicator: None,
        effective_start: None,
        effective_end: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_list_holds_each_row_by_id_or_names_the_first_repeated_one(
        ids in proptest::collection::vec("[a-dA-D]{1,2}", 0..40),
    ) {
        let rows: Vec<PriceRow> = ids.iter().zip(0u32..).map(|(id, n)| row_of(id, n)).collect();
        let got = PriceList::new("2016-03".parse().unwrap(), Currency::USD, rows.clone());
        // By hand: the rows in file order; the first whose id (upper case) came before is
        // refused; otherwise the list holds every row once, in id order.
        let mut seen = std::collections::BTreeSet::new();
        let first_repeat = rows.iter().find(|r| !seen.insert(r.offer_id.clone()));
        match (first_repeat, got) {
            (Some(r), Err(e)) => {
                prop_assert_eq!(e, Error::DuplicateOffer { offer: r.offer_id.clone() });
            }
            (None, Ok(list)) => {
                let mut expected = rows.clone();
                expected.sort_by(|a, b| a.offer_id.cmp(&b.offer_id));
                prop_assert_eq!(list.rows().cloned().collect::<Vec<_>>(), expected);
                for r in &rows {
                    prop_assert_eq!(list.row(&r.offer_id), Some(r));
                }
            }
            (expected, got) => prop_assert!(false, "expected {:?}, got {:?}", expected, got),
        }
    }
}
