//! End-to-end tests of `csp bill` and `csp demo`. The demo partner's March 2016 figures are
//! derived by hand in `csp-core/tests/demo_bill.rs` (billing day 5: window 2016-02-05 –
//! 2016-03-04, resale at ERP unless said, half-up to cents); the back-dated correction is
//! derived below. Nothing here is copied from the program's own output.

mod common;

use common::{assert_fails, csp, csp_json, csp_ok, TempDir};
use serde_json::{json, Value};

/// The demo partner's scenario file.
fn demo_file() -> String {
    format!(
        "{}/../testdata/scenarios/demo-partner.json",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn demo_scenario() -> Value {
    let text = std::fs::read_to_string(demo_file()).expect("read the demo scenario");
    serde_json::from_str(&text).expect("demo scenario is JSON")
}

/// The bill of `customer` in a run's JSON.
fn bill<'a>(run: &'a Value, customer: &str) -> &'a Value {
    run["bills"]
        .as_array()
        .expect("bills")
        .iter()
        .find(|b| b["invoice"]["customer"] == customer)
        .unwrap_or_else(|| panic!("no bill for {customer}"))
}

fn text<'a>(v: &'a Value, field: &str) -> &'a str {
    v[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} in {v}"))
}

/// A money field's amount (`{"amount": "…", "currency": "…"}` in the JSON).
fn money<'a>(v: &'a Value, field: &str) -> &'a str {
    v[field]["amount"]
        .as_str()
        .unwrap_or_else(|| panic!("{field} in {v}"))
}

/// Exact cents of a decimal string ("-60.34" → -6034); the tests never use floats.
fn cents(amount: &str) -> i64 {
    let (sign, digits) = match amount.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, amount),
    };
    let (units, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let frac = format!("{frac:0<2}");
    assert_eq!(frac.len(), 2, "{amount} has more than two decimals");
    sign * (units.parse::<i64>().expect("units") * 100 + frac.parse::<i64>().expect("cents"))
}

#[test]
fn demo_prints_the_hand_derived_march_bills() {
    let out = csp_ok(&["demo"]);
    assert!(
        out.starts_with("Demo partner: Contoso Cloud Partners Ltd"),
        "{out}"
    );
    // Invoice numbers in customer-id order from 1001; the school's bill is a credit note.
    for title in [
        "INVOICE CCP-2016-1001",
        "INVOICE CCP-2016-1002",
        "INVOICE CCP-2016-1003",
        "CREDIT NOTE CCP-2016-1004",
    ] {
        assert!(out.contains(title), "{title} missing:\n{out}");
    }
    // Fabrikam: subtotal 708.51, tax 8.75 % = 61.994625 → 61.99, total 770.50.
    // Northwind: 250.00 instalment + 500.00 onboarding, tax 65.625 → 65.63, total 815.63.
    for line in [
        "Subtotal     708.51",
        "Tax 8.75%     61.99",
        "Total (USD)  770.50",
        "Total (USD)  815.63",
        "Total (USD)  -60.34",
        "Total (USD)  513.00",
    ] {
        assert!(out.contains(line), "{line:?} missing:\n{out}");
    }
    // Partner totals: cost 3,198.89, revenue 1,911.17, margin −1,287.72 (−67.38 %),
    // financed balance 2,750.00 (11 × 250.00 still to invoice).
    let total = out
        .lines()
        .find(|l| l.starts_with("total "))
        .expect("totals row");
    let cells: Vec<&str> = total.split_whitespace().collect();
    assert_eq!(
        cells,
        [
            "total",
            "3,198.89",
            "1,911.17",
            "-1,287.72",
            "-67.38",
            "2,750.00"
        ]
    );
    // The reseller agreement signed 2015-10-01 renews on 31 August; notice 30 days before.
    assert!(out.contains("next renewal 2016-08-31, notice deadline 2016-08-01"));
}

#[test]
fn demo_is_csp_bill_on_the_demo_scenario_and_reruns_are_identical() {
    let demo = csp_ok(&["demo", "--format", "json"]);
    let file = demo_file();
    let args = [
        "bill",
        file.as_str(),
        "--month",
        "2016-03",
        "--first-number",
        "1001",
        "--format",
        "json",
    ];
    assert_eq!(demo, csp_ok(&args));
    assert_eq!(demo, csp_ok(&["demo", "--format", "json"]));
    let run: Value = serde_json::from_str(&demo).expect("json");
    assert_eq!(run["issue_date"], "2016-03-05");
    assert_eq!(run["window"]["first"], "2016-02-05");
    assert_eq!(run["window"]["last"], "2016-03-04");
    // Net 30: due 2016-04-04.
    assert_eq!(bill(&run, "fabrikam")["invoice"]["due_date"], "2016-04-04");
}

#[test]
fn csv_has_one_row_per_invoice_line_summing_to_the_subtotals() {
    let run = csp_json(&["demo", "--format", "json"]);
    let csv = csp_ok(&["demo", "--format", "csv"]);
    let mut rows = csv.lines();
    let header: Vec<&str> = rows.next().expect("header").split(',').collect();
    let invoice = header
        .iter()
        .position(|h| *h == "invoice")
        .expect("invoice");
    let amount = header.iter().position(|h| *h == "amount").expect("amount");
    let mut sums: std::collections::BTreeMap<String, i64> = Default::default();
    let mut count = 0;
    let mut reader = csv_reader(&csv);
    for record in reader.records() {
        let record = record.expect("csv row");
        *sums.entry(record[invoice].to_string()).or_default() += cents(&record[amount]);
        count += 1;
    }
    let lines: usize = run["bills"]
        .as_array()
        .expect("bills")
        .iter()
        .map(|b| b["invoice"]["lines"].as_array().expect("lines").len())
        .sum();
    assert_eq!(count, lines);
    for b in run["bills"].as_array().expect("bills") {
        let inv = &b["invoice"];
        assert_eq!(
            sums[text(inv, "number")],
            cents(money(inv, "subtotal")),
            "{inv}"
        );
    }
}

fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::Reader::from_reader(text.as_bytes())
}

#[test]
fn customer_filter_keeps_the_numbers_and_is_refused_as_issued() {
    let run = csp_json(&["demo", "--customer", "fabrikam", "--format", "json"]);
    let bills = run["bills"].as_array().expect("bills");
    assert_eq!(bills.len(), 1);
    // Still the number fabrikam gets in the whole run (second by customer id).
    assert_eq!(bills[0]["invoice"]["number"], "CCP-2016-1002");
    assert_eq!(money(&run["totals"], "revenue"), "708.51");
    assert_eq!(run["filtered_to_customer"], "fabrikam");

    let dir = TempDir::new("csp-bill-test");
    let issued = dir.json("march.json", &run);
    let file = demo_file();
    let out = csp(&["bill", &file, "--month", "2016-04", "--issued", &issued]);
    let err = assert_fails(&out, 2, "invalid_input");
    assert!(err.contains("--customer"), "{err}");
}

#[test]
fn unknown_customer_is_refused() {
    let out = csp(&["demo", "--customer", "nobody"]);
    let err = assert_fails(&out, 2, "unknown_customer");
    assert!(err.contains("nobody"), "{err}");
}

#[test]
fn bad_month_is_invalid_input() {
    assert_fails(&csp(&["demo", "--month", "2016-13"]), 2, "invalid_input");
}

#[test]
fn scenario_without_partner_settings_is_refused() {
    let mut scenario = demo_scenario();
    scenario.as_object_mut().expect("object").remove("partner");
    let dir = TempDir::new("csp-bill-test");
    let file = dir.json("no-partner.json", &scenario);
    let err = assert_fails(
        &csp(&["bill", &file, "--month", "2016-03"]),
        2,
        "invalid_scenario",
    );
    assert!(err.contains("partner"), "{err}");
}

/// A back-dated change: 2 more Fabrikam E3 seats from 2016-02-01, entered after February's
/// bill (window 2016-01-05 – 2016-02-04) was issued.
///
/// By hand: fab-e3 was ordered 2016-01-11, so the change falls in the period 2016-01-11 –
/// 2016-02-10 (31 days) and is billed for 2016-02-01 – 2016-02-10 (10 days):
/// resale 2 × 20.00 × 10/31 = 12.903 → 12.90; the per-seat managed service follows it,
/// 2 × 3.00 × 10/31 = 1.935 → 1.94. February's adjustment is 14.84.
/// March's own cycle line (period 2016-02-11 – 2016-03-10) now has 22 seats: 22 × 20.00 =
/// 440.00, and the service 22 × 3.00 = 66.00.
#[test]
fn back_dated_change_becomes_adjustment_lines_on_the_next_bill() {
    let dir = TempDir::new("csp-bill-test");
    let original = demo_file();
    let february = csp_ok(&["bill", &original, "--month", "2016-02", "--format", "json"]);
    let issued = dir.write("february.json", &february);

    let mut scenario = demo_scenario();
    scenario["events"].as_array_mut().expect("events").push(
        json!({"date": "2016-02-01", "subscription": "fab-e3", "type": "add_seats", "quantity": 2}),
    );
    let changed = dir.json("changed.json", &scenario);

    let run = csp_json(&[
        "bill", &changed, "--month", "2016-03", "--issued", &issued, "--format", "json",
    ]);
    let lines = bill(&run, "fabrikam")["invoice"]["lines"]
        .as_array()
        .expect("lines")
        .clone();
    let adjustment: i64 = lines
        .iter()
        .filter(|l| l["adjusts"] == "2016-02")
        .map(|l| cents(money(l, "amount")))
        .sum();
    assert_eq!(adjustment, 1290 + 194);
    let cycle: Vec<(u64, &str)> = lines
        .iter()
        .filter(|l| l["adjusts"].is_null())
        .filter(|l| l["service_period"]["first"] == "2016-02-11")
        .map(|l| {
            (
                l["quantity"].as_u64().expect("quantity"),
                money(l, "amount"),
            )
        })
        .collect();
    assert!(cycle.contains(&(22, "440.00")), "{cycle:?}");
    assert!(cycle.contains(&(22, "66.00")), "{cycle:?}");

    // The table names the month corrected.
    let table = csp_ok(&["bill", &changed, "--month", "2016-03", "--issued", &issued]);
    assert!(table.contains("Adjustment to 2016-02"), "{table}");

    // Without the issued February run there is nothing to correct: no adjustment lines.
    let fresh = csp_json(&["bill", &changed, "--month", "2016-03", "--format", "json"]);
    let fab = &bill(&fresh, "fabrikam")["invoice"]["lines"];
    assert!(fab
        .as_array()
        .expect("lines")
        .iter()
        .all(|l| l["adjusts"].is_null()));
}

#[test]
fn issued_file_that_is_not_bills_is_refused() {
    let dir = TempDir::new("csp-bill-test");
    let issued = dir.json("bad.json", &json!({"hello": "world"}));
    let file = demo_file();
    let err = assert_fails(
        &csp(&["bill", &file, "--month", "2016-03", "--issued", &issued]),
        2,
        "invalid_input",
    );
    assert!(err.contains("bad.json"), "{err}");
}

#[test]
fn projected_bills_are_marked_and_cannot_be_issued() {
    let runs = csp_json(&["demo", "--project", "2", "--format", "json"]);
    let runs = runs.as_array().expect("an array of runs");
    assert_eq!(runs.len(), 3);
    assert!(runs[0].get("projected").is_none());
    assert_eq!(runs[1]["month"], "2016-04");
    assert_eq!(runs[2]["month"], "2016-05");
    // April, by hand: Fabrikam's 25 seats from 3/11 at 20.00 = 500.00 + service 75.00 + RMS
    // 10 × 1.92 = 19.20 + support 150.00 = 744.20.
    let fab = bill(&runs[1], "fabrikam");
    assert_eq!(runs[1]["projected"], true);
    assert_eq!(fab["invoice"]["number"], "projected");
    assert_eq!(money(&fab["invoice"], "subtotal"), "744.20");

    let dir = TempDir::new("csp-bill-test");
    let issued = dir.json("projected.json", &Value::Array(runs[1..].to_vec()));
    let file = demo_file();
    let err = assert_fails(
        &csp(&["bill", &file, "--month", "2016-06", "--issued", &issued]),
        2,
        "invalid_input",
    );
    assert!(err.contains("projected"), "{err}");

    let table = csp_ok(&["demo", "--project", "1"]);
    assert!(table.contains("PROJECTED — bills of 2016-04"), "{table}");
}

/// Issue 15: billing April with `--issued march.json` numbered April from 1 again. March's
/// four bills (cityhall, fabrikam, northwind, school, in customer order: see
/// `csp-core/tests/demo_bill.rs`) are CCP-2016-1 … 4; April continues at CCP-2016-5, and a
/// `--first-number` that an issued run used is refused.
#[test]
fn april_continues_after_the_issued_march_numbers() {
    let dir = TempDir::new("csp-bill-test");
    let file = demo_file();
    let march = csp_json(&["bill", &file, "--month", "2016-03", "--format", "json"]);
    let numbers: Vec<&str> = march["bills"]
        .as_array()
        .expect("bills")
        .iter()
        .map(|b| text(&b["invoice"], "number"))
        .collect();
    assert_eq!(
        numbers,
        ["CCP-2016-1", "CCP-2016-2", "CCP-2016-3", "CCP-2016-4"]
    );
    let issued = dir.json("march.json", &march);

    // April with March issued, and more arguments.
    let april_with = |extra: &[&str]| -> Vec<String> {
        let base = ["bill", &file, "--month", "2016-04", "--issued", &issued];
        base.iter().chain(extra).map(|a| a.to_string()).collect()
    };
    let run = |extra: &[&str]| {
        let args = april_with(extra);
        csp_json(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let april = run(&["--format", "json"]);
    let bills = april["bills"].as_array().expect("bills");
    assert!(!bills.is_empty());
    for (i, b) in bills.iter().enumerate() {
        assert_eq!(text(&b["invoice"], "number"), format!("CCP-2016-{}", 5 + i));
    }
    // Rerunning April with the same issued runs gives the same numbers.
    assert_eq!(run(&["--format", "json"]), april);

    let args = april_with(&["--first-number", "3"]);
    let out = csp(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let err = assert_fails(&out, 2, "duplicate_invoice_number");
    assert!(
        err.contains("CCP-2016-3") && err.contains("2016-03"),
        "{err}"
    );
    // A number above the issued ones is the caller's to give.
    let given = run(&["--first-number", "100", "--format", "json"]);
    assert_eq!(
        text(&given["bills"][0]["invoice"], "number"),
        "CCP-2016-100"
    );
}
