//! End-to-end tests of `csp price-list` on bad and edge price files (issue 15): unknown
//! offers, NCE sheets given to the legacy commands, segments, tiers, SKU id forms and
//! encodings. Expected prices are the sheets' own figures, chosen by the rules of SPEC-NCE
//! §12 (segment, tier, overlap per key); nothing is copied from the program's output.

mod common;

use common::{assert_fails, csp, csp_json, csp_ok, TempDir};

const LEGACY: &str = "Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,\
                      List Price,ERP Price\nE3,Office 365 E3,Corporate,Non-specific,20.00,25.00\n";

const NCE_HEADER: &str = "ProductTitle,ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,\
                          Currency,UnitPrice,EffectiveStartDate,EffectiveEndDate";

/// One SKU (written `1`, as Excel saves `0001`) priced per segment, and one tiered SKU.
fn nce_sheet() -> String {
    format!(
        "{NCE_HEADER},Segment,PricingTierRangeMin,PricingTierRangeMax\n\
         Basic,CFQ7TTC0LH18,1,Basic,P1Y,Annual,US,USD,72,2024-01-01,,Commercial,,\n\
         Basic,CFQ7TTC0LH18,1,Basic,P1Y,Annual,US,USD,36,2024-01-01,,Education,,\n\
         Tiered,CFQ7TTC0TIER,0001,Tiered,P1Y,Annual,US,USD,60,2024-01-01,,,1,100\n\
         Tiered,CFQ7TTC0TIER,0001,Tiered,P1Y,Annual,US,USD,54,2024-01-01,,,101,1000\n"
    )
}

fn price_args<'a>(file: &'a str, offer: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "price-list",
        "show",
        file,
        "--offer",
        offer,
        "--term",
        "P1Y",
        "--plan",
        "annual",
        "--market",
        "US",
        "--currency",
        "USD",
        "--on",
        "2024-03-01",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn an_unknown_offer_is_an_error_not_an_empty_table() {
    let dir = TempDir::new("csp-price-edges");
    let legacy = dir.write("legacy.csv", LEGACY);
    let nce = dir.write("nce.csv", &nce_sheet());
    for file in [&legacy, &nce] {
        let out = csp(&["price-list", "show", file, "--offer", "DOESNOTEXIST"]);
        let err = assert_fails(&out, 2, "unknown_offer");
        assert!(
            err.contains("DOESNOTEXIST") && err.contains(file.as_str()),
            "{err}"
        );
    }
    // A known one still shows its row; the NCE SKU id `1` is found as `0001`.
    assert!(csp_ok(&["price-list", "show", &legacy, "--offer", "e3"]).contains("20.00"));
    let rows = csp_json(&[
        "price-list",
        "show",
        &nce,
        "--offer",
        "CFQ7TTC0LH18:0001",
        "--format",
        "json",
    ]);
    assert_eq!(rows.as_array().map(Vec::len), Some(2));
    assert_eq!(rows[1]["key"]["segment"], "education");
}

#[test]
fn nce_sheets_given_to_legacy_commands_say_so() {
    let dir = TempDir::new("csp-price-edges");
    let legacy = dir.write("legacy.csv", LEGACY);
    let nce = dir.write("nce.csv", &nce_sheet());
    let err = assert_fails(
        &csp(&["price-list", "diff", &legacy, &nce]),
        2,
        "price_format_mismatch",
    );
    assert!(
        err.contains("an NCE price sheet") && !err.contains("Offer ID"),
        "{err}"
    );
    let list = format!("2024-03={nce}");
    let out = csp(&[
        "price-list",
        "price",
        "--list",
        &list,
        "--currency",
        "USD",
        "--offer",
        "E3",
        "--on",
        "2024-03-05",
    ]);
    assert_fails(&out, 2, "price_format_mismatch");
}

#[test]
fn nce_segment_and_tier_are_named_or_the_query_is_ambiguous() {
    let dir = TempDir::new("csp-price-edges");
    let nce = dir.write("nce.csv", &nce_sheet());
    let err = assert_fails(
        &csp(&price_args(&nce, "CFQ7TTC0LH18:0001", &[])),
        2,
        "ambiguous_price",
    );
    assert!(
        err.contains("segment commercial") && err.contains("segment education"),
        "{err}"
    );
    let edu = csp_json(&price_args(
        &nce,
        "CFQ7TTC0LH18:1",
        &["--segment", "Education"],
    ));
    assert_eq!(edu["unit_price"], "36");
    // No nonprofit row: the commercial one (SPEC-NCE §12.2.3).
    let np = csp_json(&price_args(
        &nce,
        "CFQ7TTC0LH18:0001",
        &["--segment", "nonprofit"],
    ));
    assert_eq!(np["unit_price"], "72");
    let bad = csp(&price_args(
        &nce,
        "CFQ7TTC0LH18:0001",
        &["--segment", "enterprise"],
    ));
    assert_fails(&bad, 2, "invalid_input");

    let tiered = "CFQ7TTC0TIER:0001";
    assert_fails(&csp(&price_args(&nce, tiered, &[])), 2, "ambiguous_price");
    assert_eq!(
        csp_json(&price_args(&nce, tiered, &["--seats", "100"]))["unit_price"],
        "60"
    );
    assert_eq!(
        csp_json(&price_args(&nce, tiered, &["--seats", "101"]))["unit_price"],
        "54"
    );
    assert_fails(
        &csp(&price_args(&nce, tiered, &["--seats", "1001"])),
        2,
        "nce_price_not_found",
    );
    // A seat count is read by the core's one count reader: 0 is refused, not priced.
    let zero = csp(&price_args(&nce, tiered, &["--seats", "0"]));
    assert_fails(&zero, 2, "invalid_quantity");
    // --seats and --segment are NCE options.
    let legacy = dir.write("legacy.csv", LEGACY);
    assert_fails(
        &csp(&["price-list", "show", &legacy, "--seats", "3"]),
        2,
        "usage",
    );
}

#[test]
fn the_nce_table_shows_segment_and_tier_when_the_sheet_has_them() {
    let dir = TempDir::new("csp-price-edges");
    let nce = dir.write("nce.csv", &nce_sheet());
    let csv = csp_ok(&["price-list", "show", &nce, "--format", "csv"]);
    let header = csv.lines().next().unwrap_or_default();
    assert!(header.contains(",segment,tier,"), "{header}");
    assert!(csv.contains(",education,,36,"), "{csv}");
    // An empty Segment field in a sheet with the column is commercial (SPEC-NCE §12.1.6).
    assert!(csv.contains(",commercial,101-1000,54,"), "{csv}");
    let plain = dir.write(
        "plain.csv",
        &format!("{NCE_HEADER}\nB,P,1,B,P1Y,Annual,US,USD,7,2024-01-01,\n"),
    );
    let csv = csp_ok(&["price-list", "show", &plain, "--format", "csv"]);
    assert!(!csv.contains("segment"), "{csv}");
}

#[test]
fn price_files_in_other_encodings_are_decoded_or_refused() {
    let dir = TempDir::new("csp-price-edges");
    // UTF-16 LE with its BOM: read.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(LEGACY.encode_utf16().flat_map(u16::to_le_bytes));
    let path = dir.write("utf16.csv", "");
    std::fs::write(&path, utf16).expect("write");
    assert!(csp_ok(&["price-list", "show", &path]).contains("20.00"));
    // Latin-1: refused, saying how to fix it.
    let latin1 = LEGACY
        .replace("Office", "Caf\u{e9}")
        .replace('\u{e9}', "\u{1}");
    let mut bytes = latin1.into_bytes();
    for b in &mut bytes {
        if *b == 1 {
            *b = 0xE9;
        }
    }
    let path = dir.write("latin1.csv", "");
    std::fs::write(&path, bytes).expect("write");
    let err = assert_fails(&csp(&["price-list", "show", &path]), 2, "invalid_encoding");
    assert!(
        err.contains("line 2") && err.contains("save the file as UTF-8"),
        "{err}"
    );
}
