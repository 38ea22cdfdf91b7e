//! The shared vectors of bad and edge price-file inputs (`testdata/vectors/edges/
//! price_files.json`, issue 15), checked against the Rust core. The format is described in
//! the file's `_comment`; Python and JavaScript read the same file.

use std::path::PathBuf;

use csp_core::calendar::parse_date;
use csp_core::money::Currency;
use csp_core::price_list::{
    decode_text, parse_legacy_rows, parse_nce_rows, NceKey, NceSheet, PriceSegment, TierRange,
};
use csp_core::Error;
use serde_json::Value;

fn vectors() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/vectors/edges/price_files.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn cases<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    let all = v[key].as_array().map(Vec::as_slice).unwrap_or(&[]);
    assert!(!all.is_empty(), "no {key} cases");
    all
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("missing string {key:?} in {v}"))
}

/// The refusal's code, position (when expected) and the expected subset of its context.
fn check_error(e: &Error, expect: &Value, why: &str) {
    assert_eq!(e.code(), text(expect, "error"), "{why}: {e}");
    if let Some(line) = expect["line"].as_u64() {
        assert_eq!(e.position().map(|p| p.0), Some(line), "{why}: line of {e}");
    }
    if let Some(column) = expect["column"].as_u64() {
        assert_eq!(
            e.position().map(|p| p.1),
            Some(column),
            "{why}: column of {e}"
        );
    }
    let context = e.context();
    for (k, want) in expect["context"].as_object().into_iter().flatten() {
        let got = context
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str());
        assert_eq!(got, want.as_str(), "{why}: context {k} of {e}");
    }
}

fn parse(case: &Value) -> Result<Vec<String>, Error> {
    let csv = text(case, "csv");
    match text(case, "format") {
        "legacy" => parse_legacy_rows(csv).map(|rows| {
            rows.iter()
                .map(|r| r.offer_id.to_string())
                .collect::<Vec<_>>()
        }),
        "nce" => parse_nce_rows(csv).map(|rows| {
            rows.iter()
                .map(|r| r.key.offer.to_string())
                .collect::<Vec<_>>()
        }),
        other => panic!("unknown format {other}"),
    }
}

#[test]
fn bad_price_files_are_refused_with_code_and_position() {
    let v = vectors();
    for case in cases(&v, "parse_errors") {
        let why = text(case, "_comment");
        let e = parse(case).expect_err(why);
        check_error(&e, &case["expect"], why);
    }
}

#[test]
fn edge_price_files_are_accepted_with_normal_ids() {
    let v = vectors();
    for case in cases(&v, "accepted") {
        let why = text(case, "_comment");
        let offers = parse(case).unwrap_or_else(|e| panic!("{why}: {e}"));
        let want: Vec<&str> = case["expect"]["offers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_str().unwrap())
            .collect();
        assert_eq!(offers, want, "{why}");
    }
}

/// The query's key: segment and tier as named, else unspecified.
fn key(q: &Value) -> NceKey {
    let mut key = NceKey::new(
        text(q, "offer"),
        text(q, "term").parse().unwrap(),
        text(q, "plan").parse().unwrap(),
        text(q, "market"),
        Currency::from_code(text(q, "currency")).unwrap(),
    );
    if let Some(s) = q["segment"].as_str() {
        key = key.with_segment(PriceSegment::parse(s).unwrap());
    }
    if let Some(t) = q["tier"].as_object() {
        let bound = |k: &str| t[k].as_u64().unwrap();
        key = key.with_tier(TierRange::new(bound("min"), bound("max")).unwrap());
    }
    key
}

#[test]
fn nce_queries_name_segment_and_tier_or_are_refused() {
    let v = vectors();
    let mut checked = 0;
    for sheet_case in cases(&v, "nce_queries") {
        let sheet = NceSheet::from_csv(text(sheet_case, "csv"))
            .unwrap_or_else(|e| panic!("{}: {e}", text(sheet_case, "_comment")));
        for q in cases(sheet_case, "queries") {
            let why = text(q, "_comment");
            let date = parse_date(text(q, "date")).unwrap();
            let key = key(q);
            let got = match q["seats"].as_u64() {
                Some(seats) => sheet.price_for_seats(&key, seats, date),
                None => sheet.price_on(&key, date),
            };
            let expect = &q["expect"];
            match expect["unit_price"].as_str() {
                Some(price) => {
                    let row = got.unwrap_or_else(|e| panic!("{why}: {e}"));
                    assert_eq!(row.unit_price.to_string(), price, "{why}");
                }
                None => check_error(&got.expect_err(why), expect, why),
            }
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} queries");
}

fn bytes_of(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn encodings_are_decoded_or_refused() {
    let v = vectors();
    for case in cases(&v, "encodings") {
        let why = text(case, "_comment");
        let bytes = bytes_of(text(case, "hex"));
        let got = decode_text(&bytes);
        let expect = &case["expect"];
        match expect["text"].as_str() {
            Some(want) => assert_eq!(got.as_deref(), Ok(want), "{why}"),
            None => check_error(&got.expect_err(why), expect, why),
        }
    }
}
