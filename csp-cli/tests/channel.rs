//! `csp bill` on the example two-tier book (`testdata/scenarios/nce-two-tier.json`, SPEC-NCE
//! §17). The figures are derived by hand in csp-core/tests/channel_book.rs's header: in
//! October 2022, Microsoft bills 360.00; the provider sells 393.12 (own customer 86.40,
//! fabrikam-it 233.28, tailspin 73.44); fabrikam-it sells 259.20, tailspin 80.78; customers
//! pay 426.38 before tax.

mod common;

use common::{assert_fails, csp, csp_json, csp_ok, TempDir};
use serde_json::Value;

const BOOK: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../testdata/scenarios/nce-two-tier.json"
);

fn tiers(margins: &Value) -> Vec<(String, String, String, String)> {
    margins["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let s = |k: &str| t[k]["amount"].as_str().unwrap().to_string();
            (
                t["tier"].as_str().unwrap().to_string(),
                s("cost"),
                s("revenue"),
                s("margin"),
            )
        })
        .collect()
}

fn row(t: &str, cost: &str, revenue: &str, margin: &str) -> (String, String, String, String) {
    (t.into(), cost.into(), revenue.into(), margin.into())
}

#[test]
fn the_margin_statement_reconciles_microsoft_to_the_customers() {
    let m = csp_json(&[
        "--format", "json", "bill", BOOK, "--month", "2022-11", "--tier", "margins",
    ]);
    assert_eq!(m["microsoft_cost"]["amount"], "360.00");
    assert_eq!(m["customer_price"]["amount"], "426.38");
    assert_eq!(
        tiers(&m),
        [
            row("provider", "360.00", "393.12", "33.12"),
            row("fabrikam-it", "233.28", "259.20", "25.92"),
            row("tailspin", "73.44", "80.78", "7.34"),
        ]
    );
    let text = csp_ok(&["bill", BOOK, "--month", "2022-11", "--tier", "margins"]);
    assert!(
        text.contains("Microsoft cost 360.00 + margins 66.38 = customers' price 426.38"),
        "{text}"
    );
}

#[test]
fn each_tier_prints_its_own_bills() {
    let csv = csp_ok(&[
        "--format",
        "csv",
        "bill",
        BOOK,
        "--month",
        "2022-11",
        "--tier",
        "reseller:fabrikam-it",
    ]);
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{csv}");
    assert!(rows[0].starts_with("FAB-1,adatum,"), "{csv}");
    assert!(rows[0].contains(",259.20,USD"), "{csv}");
    let provider = csp_json(&[
        "--format", "json", "bill", BOOK, "--month", "2022-11", "--tier", "provider",
    ]);
    let numbers: Vec<&str> = provider
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|run| run["bills"].as_array().unwrap())
        .map(|b| b["invoice"]["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["CD-1", "CD-FAB-1", "CD-TS-1"]);
}

#[test]
fn the_next_month_continues_every_tiers_numbers_after_the_issued_run() {
    let dir = TempDir::new("csp-channel");
    let november = csp_ok(&[
        "--format", "json", "bill", BOOK, "--month", "2022-11", "--tier", "all",
    ]);
    let issued = dir.write("issued.json", &november);
    let december = csp_json(&[
        "--format", "json", "bill", BOOK, "--month", "2022-12", "--issued", &issued,
    ]);
    // November's lines renew on 11-01 at the same prices: the same statement, new numbers.
    assert_eq!(december["margins"]["customer_price"]["amount"], "426.38");
    assert_eq!(
        december["provider"]["bills"][0]["invoice"]["number"],
        "CD-2"
    );
    let resellers = december["resellers"].as_array().unwrap();
    assert_eq!(
        resellers[0]["from_provider"]["bills"][0]["invoice"]["number"],
        "CD-FAB-2"
    );
    assert_eq!(
        resellers[0]["to_customers"]["bills"][0]["invoice"]["number"],
        "FAB-2"
    );
    assert_eq!(
        resellers[1]["to_customers"]["bills"][0]["invoice"]["number"],
        "TS-2"
    );
}

#[test]
fn bad_tiers_and_unlinked_resellers_are_refused() {
    let out = csp(&[
        "bill",
        BOOK,
        "--month",
        "2022-11",
        "--tier",
        "reseller:nobody",
    ]);
    assert_fails(&out, 2, "usage");
    let out = csp(&["bill", BOOK, "--month", "2022-11", "--tier", "everyone"]);
    assert_fails(&out, 2, "usage");
    let dir = TempDir::new("csp-channel");
    let text = std::fs::read_to_string(BOOK).unwrap();
    let sheet = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/scenarios/nce-sheet.csv"
    );
    dir.write("nce-sheet.csv", &std::fs::read_to_string(sheet).unwrap());
    // Tailspin's link starts after litware's assignment.
    let late = dir.write(
        "late.json",
        &text.replace(
            r#""linked_from": "2022-09-15""#,
            r#""linked_from": "2022-10-02""#,
        ),
    );
    let err = assert_fails(
        &csp(&["bill", &late, "--month", "2022-11"]),
        2,
        "reseller_not_linked",
    );
    assert!(err.contains("tailspin"), "{err}");
    let unsigned = dir.write(
        "unsigned.json",
        &text.replacen(r#""mpa_signed": true"#, r#""mpa_signed": false"#, 1),
    );
    assert_fails(
        &csp(&["bill", &unsigned, "--month", "2022-11"]),
        2,
        "reseller_mpa_not_signed",
    );
}
