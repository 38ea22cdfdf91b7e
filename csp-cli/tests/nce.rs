//! `csp charges` on the example NCE book (`testdata/scenarios/nce-example.json`, SPEC-NCE
//! §13–§14). The expected figures are derived by hand in the comments.

mod common;

use common::{assert_fails, csp, csp_json, csp_ok, TempDir};
use rust_decimal::Decimal;
use serde_json::Value;

const BOOK: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../testdata/scenarios/nce-example.json"
);

fn subtotal(line: &Value) -> Decimal {
    line["subtotal"].as_str().unwrap().parse().unwrap()
}

/// Per subscription, under nce_B (every EUP but s4's first is exact at two decimals):
/// - s1 (E3 P1Y monthly, P = 432/12 = 36): new 10 × 36 = 360; +5 seats on 07-01, 17 of 30
///   days: EUP 36 × 17/30 = 20.40, −10 × 20.40 + 15 × 20.40 = −204 + 306; −2 seats on 07-05,
///   13 of 30 days: 15.60, −15 × 15.60 + 13 × 15.60 = −234 + 202.80; seven cycles 07-18 … 01-18
///   of 13 × 36 = 468: 3276. s1 = 3706.80.
/// - s2 (Business Basic P1M 7.20, 20 seats): new 144 and renewals 09-10, 10-10, 11-10, 12-10
///   at 144; the 2023-01-10 renewal at the 2023 row, 20 × 7.80 = 156. s2 = 876.
/// - s3: new 5 × 7.20 = 36, cancelled 09-03 inside 168 h: 28 of 30 days, EUP −6.72, −33.60.
/// - s4 (P1Y monthly 72, P = 6, aligned to 2023-06-30): partial cycle 07-15..07-31 against
///   07-01..07-31: 6 × 17/31 = 3.2903… → 3.29 × 8 = 26.32; six cycles of 8 × 6 = 48: 288.
/// - s5 (E3 P1Y annual 432): new 3 × 432 = 1296. s6: new 4 × 7.20 = 28.80, then expires.
/// - s7 (E3 P1M 43.20): new 2 × 43.20 = 86.40, suspended: disabled at its term end.
///
/// Total 3706.80 + 876 + 2.40 + 314.32 + 1296 + 28.80 + 86.40 = 6310.72 over 30 lines.
#[test]
fn the_example_book_bills_the_hand_derived_lines() {
    let report = csp_json(&["--format", "json", "charges", BOOK]);
    assert_eq!(report["as_of"], "2023-01-31T23:59:59Z");
    assert_eq!(report["convention"], "nce_b");
    let lines = report["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 30);
    let total: Decimal = lines.iter().map(subtotal).sum();
    assert_eq!(total.to_string(), "6310.72");
    let of = |sub: &str| -> Decimal {
        lines
            .iter()
            .filter(|l| l["subscription"] == sub)
            .map(subtotal)
            .sum()
    };
    let subs = ["s1", "s2", "s3", "s4", "s5", "s6", "s7"].map(|s| of(s).to_string());
    assert_eq!(
        subs,
        ["3706.80", "876.00", "2.40", "314.32", "1296.00", "28.80", "86.40"]
    );
    let s4 = lines.iter().find(|l| l["subscription"] == "s4").unwrap();
    assert_eq!(
        (
            &s4["charge_type"],
            &s4["effective_unit_price"],
            &s4["days"],
            &s4["cycle_days"]
        ),
        (
            &Value::from("new"),
            &Value::from("3.29"),
            &Value::from(17),
            &Value::from(31)
        )
    );
    let s5 = lines.iter().find(|l| l["subscription"] == "s5").unwrap();
    assert_eq!(
        (&s5["billing_frequency"], &s5["unit_price"]),
        (&Value::from(""), &Value::from("432.00"))
    );
    let table = csp_ok(&["charges", BOOK]);
    assert!(
        table.ends_with("total: 6310.72 USD over 30 lines\n"),
        "{table}"
    );
    let csv = csp_ok(&["--format", "csv", "charges", BOOK]);
    assert!(
        csv.starts_with("order_date,subscription,customer,offer,charge_type,reference_id,"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 31);
}

#[test]
fn an_event_after_the_as_of_instant_is_refused_not_skipped() {
    let out = csp(&["charges", BOOK, "--as-of", "2022-07-01T08:59:59Z"]);
    let err = assert_fails(&out, 2, "date_after_as_of");
    assert!(
        err.contains("event 1 (2022-07-01T09:00:00Z s1 add_seats (a1))"),
        "{err}"
    );
    assert_fails(
        &csp(&["charges", BOOK, "--as-of", "2022-07-01T09:00"]),
        2,
        "invalid_input",
    );
}

#[test]
fn refusals_name_the_event_and_the_rule() {
    let dir = TempDir::new("nce-cli");
    let sheet = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/scenarios/nce-sheet.csv"
    ))
    .unwrap();
    dir.write("nce-sheet.csv", &sheet);
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(BOOK).unwrap()).unwrap();
    // s3's cancellation a week and a second after its order: the window has closed.
    doc["events"][6]["at"] = Value::from("2022-09-08T08:00:01Z");
    let path = dir.json("late-cancel.json", &doc);
    let err = assert_fails(&csp(&["charges", &path]), 2, "cancellation_window_closed");
    assert!(err.contains("2022-09-08T08:00:00Z"), "{err}");
    // A version 2 file for the legacy program; a projection of an NCE book.
    let mut legacy = doc.clone();
    legacy["program"] = Value::from("legacy_2015");
    let path = dir.json("legacy.json", &legacy);
    assert_fails(&csp(&["charges", &path]), 2, "invalid_input");
    let out = csp(&["bill", BOOK, "--month", "2022-09", "--project", "2"]);
    assert_fails(&out, 2, "usage");
    // A market that is not two letters.
    let mut market = doc;
    market["market"] = Value::from("USA");
    let path = dir.json("market.json", &market);
    assert_fails(&csp(&["charges", &path]), 2, "invalid_scenario");
}

fn money(v: &Value) -> String {
    v["amount"].as_str().unwrap().to_string()
}

/// The partner's bill (SPEC §8) over the NCE lines: billing day 1, so the bill of 2022-08
/// covers July. E3 is resold at list + 20 % (term price 432 × 1.2 = 518.40, 43.20 a month),
/// Business Basic at its ERP (86.40 a year, 7.20 a month); every line keeps its NCE share:
/// - s1 +5 seats on 07-01, 17 of 30 days: 43.20 × 17/30 = 24.48; −10 × 24.48 + 15 × 24.48 =
///   −244.80 + 367.20; −2 seats on 07-05, 13 days: 18.72; −15 × 18.72 + 13 × 18.72 = −280.80 +
///   243.36; the 07-18 cycle 13 × 43.20 = 561.60;
/// - s4's partial first cycle 07-15..07-31, 17 of 31 days, 8 seats: 7.20 × 17/31 × 8 =
///   31.587… → 31.59 (half-up, the partner's policy).
///
/// Revenue 678.15; Microsoft's cost of the same lines −204 + 306 − 234 + 202.80 + 468 + 26.32 =
/// 565.12. The July bill holds s1's order: 10 × 43.20 = 432.00 against a cost of 360.00.
#[test]
fn the_partner_bills_its_nce_lines_at_its_resale_prices() {
    let run = csp_json(&["--format", "json", "bill", BOOK, "--month", "2022-08"]);
    let bills = run["bills"].as_array().unwrap();
    assert_eq!(bills.len(), 1);
    assert_eq!(bills[0]["invoice"]["customer"], "contoso");
    assert_eq!(bills[0]["invoice"]["number"], "NCE-1");
    assert_eq!(money(&run["totals"]["revenue"]), "678.15");
    assert_eq!(money(&run["totals"]["cost"]), "565.12");
    let july = csp_json(&["--format", "json", "bill", BOOK, "--month", "2022-07"]);
    assert_eq!(money(&july["totals"]["revenue"]), "432.00");
    assert_eq!(money(&july["totals"]["cost"]), "360.00");
    // Numbering continues after the issued July run.
    let dir = TempDir::new("nce-bill");
    let issued = dir.json("july.json", &july);
    let aug = csp_json(&[
        "--format", "json", "bill", BOOK, "--month", "2022-08", "--issued", &issued,
    ]);
    assert_eq!(aug["bills"][0]["invoice"]["number"], "NCE-2");
    let table = csp_ok(&["bill", BOOK, "--month", "2022-08"]);
    assert!(table.contains("Microsoft 365 E3: seats added"), "{table}");
}

/// A EUR book billed in USD (SPEC-NCE §16): Business Basic P1M at 7.20 EUR, 10 seats ordered
/// 2022-06-18 (rate 1.0512) and renewed 07-18 (rate 1.0178), `nce_b`:
/// - new: 7.20 × 1.0512 = 7.56864 → 7.56 USD a seat, × 10 = 75.60;
/// - renew: 7.20 × 1.0178 = 7.32816 → 7.32, × 10 = 73.20. Total 148.80 USD.
#[test]
fn a_book_billed_in_another_currency_carries_the_rate_of_each_line() {
    let dir = TempDir::new("nce-fx");
    let sheet = "ProductTitle,ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate,EffectiveEndDate\n\
        Basic,CFQ7TTC0LH18,0001,BB,P1M,Monthly,FR,EUR,7.20,2022-03-01,\n";
    let mut doc = serde_json::json!({
        "version": 2, "program": "nce", "currency": "EUR", "billing_currency": "USD",
        "market": "FR", "as_of": "2022-07-31T00:00:00Z",
        "customers": [{"id": "contoso", "name": "Contoso", "segment": "commercial",
                       "origin": "created_by_partner"}],
        "price_sheets": [{"csv": sheet}],
        "exchange_rates": [
            {"from": "EUR", "to": "USD", "month": "2022-06", "rate": "1.0512"},
            {"from": "EUR", "to": "USD", "month": "2022-07", "rate": "1.0178"}
        ],
        "events": [{"id": "o1", "at": "2022-06-18T10:00:00Z", "subscription": "s1",
                    "type": "order", "customer": "contoso", "offer": "CFQ7TTC0LH18:0001",
                    "term": "P1M", "plan": "monthly", "quantity": 10}]
    });
    let path = dir.json("fx.json", &doc);
    let csv = csp_ok(&["--format", "csv", "charges", &path]);
    let mut rows = csv.lines();
    let header: Vec<&str> = rows.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let lines: Vec<Vec<&str>> = rows.map(|r| r.split(',').collect()).collect();
    let shown: Vec<[&str; 6]> = lines
        .iter()
        .map(|l| {
            [
                "effective_unit_price",
                "subtotal",
                "currency",
                "pricing_currency",
                "fx_rate",
                "fx_rate_date",
            ]
            .map(|c| l[col(c)])
        })
        .collect();
    assert_eq!(
        shown,
        [
            ["7.20", "75.60", "USD", "EUR", "1.0512", "2022-06-01"],
            ["7.20", "73.20", "USD", "EUR", "1.0178", "2022-07-01"],
        ]
    );
    let table = csp_ok(&["charges", &path]);
    assert!(table.contains("fx rate"), "{table}");
    assert!(
        table.ends_with("total: 148.80 USD over 2 lines\n"),
        "{table}"
    );
    // Without July's rate the renewal cannot be billed.
    doc["exchange_rates"].as_array_mut().unwrap().pop();
    let path = dir.json("fx-missing.json", &doc);
    let err = assert_fails(&csp(&["charges", &path]), 2, "fx_rate_missing");
    assert!(err.contains("EUR to USD for 2022-07"), "{err}");
}

#[test]
fn a_book_in_one_currency_shows_no_rate_column() {
    let table = csp_ok(&["charges", BOOK]);
    assert!(!table.contains("fx rate"), "{table}");
    let csv = csp_ok(&["--format", "csv", "charges", BOOK]);
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .contains(",subtotal,currency,pricing_currency,fx_rate,fx_rate_date,days,"),
        "{csv}"
    );
}
