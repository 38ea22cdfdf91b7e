//! End-to-end tests of `csp charges` on scenario files. Expected amounts come from Microsoft's
//! published example (csp-rules.md §4.1) and from SPEC §5–§6 worked by hand (the arithmetic is
//! in the comments), not from running the code.

mod common;

use std::path::Path;

use common::{assert_fails, csp, csp_json, stderr, stdout, TempDir};
use serde_json::{json, Value};

/// Microsoft's L1 example (testdata/vectors/charges.json, case 0): $4/month bought on
/// 13 January 2018, a second seat on 1 February, reconciliation form.
fn l1() -> Value {
    json!({
        "version": 1,
        "currency": "USD",
        "form": "reconciliation",
        "customers": [
            {"id": "contoso", "name": "Contoso", "segment": "commercial", "origin": "created_by_partner"}
        ],
        "price_lists": [
            {"month": "2018-01", "rows": [
                {"offer_id": "E1-4USD", "offer_name": "Office 365 example offer",
                 "agreement_type": "corporate", "secondary_type": "base",
                 "list_price": "4.00", "erp_price": "5.00"}
            ]}
        ],
        "events": [
            {"date": "2018-01-13", "subscription": "s1", "type": "order", "customer": "contoso",
             "offer": "E1-4USD", "quantity": 1, "frequency": "monthly"},
            {"date": "2018-02-01", "subscription": "s1", "type": "add_seats", "quantity": 1}
        ]
    })
}

/// The lines of a `--format json` report.
fn lines(report: &Value) -> &Vec<Value> {
    report["lines"].as_array().expect("lines array")
}

/// `[kind, service first, service last, quantity, unit amount, amount]` of a line.
fn summary(line: &Value) -> (String, String, String, u64, String, String) {
    let s = |v: &Value| v.as_str().expect("a string").to_string();
    (
        s(&line["kind"]),
        s(&line["service_period"]["first"]),
        s(&line["service_period"]["last"]),
        line["quantity"].as_u64().expect("quantity"),
        s(&line["unit_amount"]),
        s(&line["amount"]["amount"]),
    )
}

// ----- Microsoft's L1 example ---------------------------------------------------------------

#[test]
fn l1_reconciliation_gives_microsofts_four_lines() {
    let dir = TempDir::new("csp-charges-test");
    let file = dir.json("l1.json", &l1());
    let v = csp_json(&[
        "charges",
        &file,
        "--as-of",
        "2018-02-14",
        "--format",
        "json",
    ]);
    assert_eq!(v["as_of"], "2018-02-14");
    // The lines dated 2018-02-01..2018-02-13, as in Microsoft's table.
    let published: Vec<_> = lines(&v)
        .iter()
        .filter(|l| ("2018-02-01".."2018-02-14").contains(&l["date"].as_str().unwrap_or("")))
        .map(summary)
        .collect();
    let row = |kind: &str, first: &str, last: &str, q, unit: &str, amount: &str| {
        let s = |t: &str| t.to_string();
        (s(kind), s(first), s(last), q, s(unit), s(amount))
    };
    assert_eq!(
        published,
        [
            // Reversal of the old seat over the whole period.
            row(
                "seats_added",
                "2018-01-13",
                "2018-02-12",
                1,
                "-4.00",
                "-4.00"
            ),
            // Rebill of the old seat 1/13–1/31: 4 × 19/31 = 2.4516… → 2.45.
            row("seats_added", "2018-01-13", "2018-01-31", 1, "2.45", "2.45"),
            // Two seats 2/1–2/12: unit 4 × 12/31 = 1.548… → 1.55; 2 × 4 × 12/31 = 3.096… → 3.10.
            row("seats_added", "2018-02-01", "2018-02-12", 2, "1.55", "3.10"),
            // The next period for two seats: 2 × 4.00.
            row("cycle_fee", "2018-02-13", "2018-03-12", 2, "4.00", "8.00"),
        ]
    );
    assert_eq!(lines(&v)[2]["days"], json!([19, 31]));
}

#[test]
fn l1_table_and_csv() {
    let dir = TempDir::new("csp-charges-test");
    let file = dir.json("l1.json", &l1());
    let out = csp(&["charges", &file, "--as-of", "2018-02-14"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let header = text.lines().next().expect("a header");
    for column in [
        "date",
        "service period",
        "unit amount",
        "days",
        "price list",
    ] {
        assert!(header.contains(column), "{header}");
    }
    assert!(
        text.contains("2018-01-13..2018-01-31") && text.contains("19/31"),
        "{text}"
    );
    // Amounts right-aligned: every cell of the amount column ends under its header's end.
    let end = header.rfind("amount").expect("amount column") + "amount".len();
    let amounts: Vec<&str> = text
        .lines()
        .skip(2)
        .take(5)
        .map(|line| line[..end].split_whitespace().last().unwrap_or(""))
        .collect();
    assert_eq!(amounts, ["4.00", "-4.00", "2.45", "3.10", "8.00"], "{text}");
    // 4.00 − 4.00 + 2.45 + 3.10 + 8.00 = 13.55 over the five lines (purchase included).
    assert!(
        text.ends_with("\ntotal: 13.55 USD over 5 lines\n"),
        "{text}"
    );

    let out = csp(&["charges", &file, "--as-of", "2018-02-14", "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().expect("header row").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {headers:?}"))
    };
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(records.len(), 5);
    let rebill = &records[2];
    assert_eq!(&rebill[col("service_start")], "2018-01-13");
    assert_eq!(&rebill[col("service_end")], "2018-01-31");
    assert_eq!(&rebill[col("days_billed")], "19");
    assert_eq!(&rebill[col("days_in_period")], "31");
    assert_eq!(&rebill[col("amount")], "2.45");
    assert_eq!(&rebill[col("currency")], "USD");
    // A whole period: no days.
    assert_eq!(&records[4][col("days_billed")], "");
    assert_eq!(&records[4][col("amount")], "8.00");
}

// ----- refusals -----------------------------------------------------------------------------

#[test]
fn unknown_field_in_an_event_names_the_event_and_the_field() {
    let mut scenario = l1();
    scenario["events"][1]["quantiy"] = json!(1);
    let dir = TempDir::new("csp-charges-test");
    let file = dir.json("typo.json", &scenario);
    let err = assert_fails(
        &csp(&["charges", &file, "--as-of", "2018-02-14"]),
        2,
        "invalid_scenario",
    );
    assert!(err.contains("typo.json: "), "{err}");
    assert!(err.contains("events[1]"), "{err}");
    assert!(err.contains("`quantiy`"), "{err}");
}

#[test]
fn money_as_a_json_number_is_refused() {
    let mut scenario = l1();
    scenario["price_lists"][0]["rows"][0]["list_price"] = json!(4.0);
    let dir = TempDir::new("csp-charges-test");
    let file = dir.json("number.json", &scenario);
    let err = assert_fails(
        &csp(&["charges", &file, "--as-of", "2018-02-14"]),
        2,
        "invalid_scenario",
    );
    assert!(err.contains("price_lists[0].rows[0].list_price"), "{err}");
}

#[test]
fn event_after_as_of_names_the_event() {
    let dir = TempDir::new("csp-charges-test");
    let file = dir.json("l1.json", &l1());
    let err = assert_fails(
        &csp(&["charges", &file, "--as-of", "2018-01-31"]),
        2,
        "date_after_as_of",
    );
    assert!(
        err.starts_with(&format!(
            "error[date_after_as_of]: {file}: event 1 (2018-02-01 s1 add_seats): "
        )),
        "{err}"
    );
    assert!(err.contains("2018-01-31"), "{err}");
}

#[test]
fn removing_every_seat_is_invalid_quantity() {
    let mut scenario = l1();
    scenario["events"][1] =
        json!({"date": "2018-02-01", "subscription": "s1", "type": "remove_seats", "quantity": 1});
    let dir = TempDir::new("csp-charges-test");
    let file = dir.json("zero.json", &scenario);
    let err = assert_fails(
        &csp(&["charges", &file, "--as-of", "2018-02-14"]),
        2,
        "invalid_quantity",
    );
    assert!(
        err.contains("event 1 (2018-02-01 s1 remove_seats)"),
        "{err}"
    );
}

#[test]
fn no_as_of_anywhere_is_refused() {
    let dir = TempDir::new("csp-charges-test");
    let file = dir.json("l1.json", &l1());
    let err = assert_fails(&csp(&["charges", &file]), 2, "invalid_scenario");
    assert!(err.contains("as_of"), "{err}");
    // The scenario's own as_of is used when --as-of is not given.
    let mut scenario = l1();
    scenario["as_of"] = json!("2018-02-14");
    let file = dir.json("with-as-of.json", &scenario);
    let v = csp_json(&["charges", &file, "--format", "json"]);
    assert_eq!(v["as_of"], "2018-02-14");
    assert_eq!(lines(&v).len(), 5);
}

#[test]
fn missing_scenario_file_is_an_io_error() {
    let out = csp(&["charges", "no/such/scenario.json"]);
    let err = assert_fails(&out, 1, "io");
    assert!(err.contains("no/such/scenario.json"), "{err}");
}

#[test]
fn renewal_that_cannot_be_priced_is_a_warning() {
    // SPEC §10.4: the renewal on 2019-01-13 is priced from the December 2018 list, which
    // no longer has the offer: the subscription stops, the replay goes on.
    let mut scenario = l1();
    scenario["events"] = json!([scenario["events"][0].clone()]);
    if let Some(lists) = scenario["price_lists"].as_array_mut() {
        lists.push(json!({"month": "2018-12", "rows": [
            {"offer_id": "OTHER", "offer_name": "Another offer", "agreement_type": "corporate",
             "secondary_type": "base", "list_price": "1.00", "erp_price": "1.25"}]}));
    }
    let dir = TempDir::new("csp-charges-test");
    let file = dir.json("renewal.json", &scenario);
    let out = csp(&["charges", &file, "--as-of", "2019-01-20", "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "warning[offer_not_in_price_list]: {file}: subscription s1 stopped on 2019-01-13"
        )),
        "{err}"
    );
    // A header, the purchase and eleven cycle fees; no renewal line.
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1 + 1 + 11, "{text}");
    assert!(!text.contains("renewal"), "{text}");
}

// ----- csv_file -----------------------------------------------------------------------------

const LEGACY_HEADER: &str =
    "Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,List Price,ERP Price";

fn l1_with_csv_file(path: &str) -> Value {
    let mut scenario = l1();
    scenario["price_lists"][0] = json!({"month": "2018-01", "csv_file": path});
    scenario
}

#[test]
fn csv_file_is_read_relative_to_the_scenario() {
    let dir = TempDir::new("csp-charges-test");
    dir.write(
        "lists/2018-01.csv",
        &format!(
            "{LEGACY_HEADER}\nE1-4USD,Office 365 example offer,Corporate,Non-specific,4.00,5.00\n"
        ),
    );
    let file = dir.json("l1.json", &l1_with_csv_file("lists/2018-01.csv"));
    // The test runs in the crate's directory, not the scenario's.
    let v = csp_json(&[
        "charges",
        &file,
        "--as-of",
        "2018-02-14",
        "--format",
        "json",
    ]);
    let amounts: Vec<&str> = lines(&v)
        .iter()
        .map(|l| l["amount"]["amount"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(amounts, ["4.00", "-4.00", "2.45", "3.10", "8.00"]);
}

#[test]
fn missing_csv_file_is_an_io_error() {
    let dir = TempDir::new("csp-charges-test");
    let file = dir.json("l1.json", &l1_with_csv_file("lists/none.csv"));
    let err = assert_fails(&csp(&["charges", &file, "--as-of", "2018-02-14"]), 1, "io");
    assert!(err.contains("price_lists[0].csv_file"), "{err}");
    assert!(err.contains("none.csv"), "{err}");
}

#[test]
fn csv_file_parse_errors_name_the_csv_file() {
    let dir = TempDir::new("csp-charges-test");
    dir.write(
        "bad.csv",
        &format!(
            "{LEGACY_HEADER}\nE1-4USD,Office 365 example offer,Corporate,Non-specific,four,5.00\n"
        ),
    );
    let file = dir.json("l1.json", &l1_with_csv_file("bad.csv"));
    let out = csp(&["charges", &file, "--as-of", "2018-02-14"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("bad.csv: line 2"), "{err}");
    // The error names the list it came from (the file's parse errors did not before).
    assert!(err.contains("l1.json: price_lists[0].csv_file: "), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn csv_file_with_csv_or_not_a_string_is_refused() {
    let dir = TempDir::new("csp-charges-test");
    let mut both = l1_with_csv_file("x.csv");
    both["price_lists"][0]["csv"] = json!(LEGACY_HEADER);
    let file = dir.json("both.json", &both);
    let err = assert_fails(
        &csp(&["charges", &file, "--as-of", "2018-02-14"]),
        2,
        "invalid_scenario",
    );
    assert!(err.contains("price_lists[0]"), "{err}");

    let file = dir.json("number.json", &l1_with_csv_file("x.csv"));
    let text = std::fs::read_to_string(&file).expect("read back");
    let file = dir.write("number.json", &text.replace("\"x.csv\"", "7"));
    let err = assert_fails(
        &csp(&["charges", &file, "--as-of", "2018-02-14"]),
        2,
        "invalid_scenario",
    );
    assert!(err.contains("price_lists[0].csv_file"), "{err}");
}

#[test]
fn errors_in_a_scenario_with_csv_file_keep_the_files_lines() {
    // The same typo, with and without csv_file before it: the same line and column.
    let dir = TempDir::new("csp-charges-test");
    dir.write(
        "jan.csv",
        &format!(
            "{LEGACY_HEADER}\nE1-4USD,Office 365 example offer,Corporate,Non-specific,4.00,5.00\n"
        ),
    );
    let position = |scenario: &Value, name: &str| {
        let mut scenario = scenario.clone();
        scenario["events"][0]["customr"] = json!("contoso");
        let file = dir.json(name, &scenario);
        let err = assert_fails(
            &csp(&["charges", &file, "--as-of", "2018-02-14"]),
            2,
            "invalid_scenario",
        );
        assert!(err.contains("`customr`"), "{err}");
        let at = err.find("(line ").expect("a position");
        err[at..].split(')').next().unwrap_or("").to_string()
    };
    let mut rows = l1();
    // Same number of lines before the events as the csv_file form: one line per list.
    rows["price_lists"][0] = json!({"month": "2018-01", "csv": "xxxxxxxx"});
    let with_file = position(&l1_with_csv_file("jan.csv"), "file.json");
    assert_eq!(with_file, position(&rows, "inline.json"));
    assert_ne!(with_file, "(line 0, column 0");
}

// ----- the example scenario -----------------------------------------------------------------

fn example_path() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/scenarios/example.json")
        .to_str()
        .expect("UTF-8 path")
        .to_string()
}

/// The one line of `subscription` of `kind` dated `date` in the example.
fn example_line<'a>(report: &'a Value, date: &str, subscription: &str, kind: &str) -> &'a Value {
    let found: Vec<&Value> = lines(report)
        .iter()
        .filter(|l| l["date"] == date && l["subscription"] == subscription && l["kind"] == kind)
        .collect();
    assert_eq!(found.len(), 1, "{date} {subscription} {kind}: {found:?}");
    found[0]
}

fn amount(line: &Value) -> &str {
    line["amount"]["amount"].as_str().expect("amount")
}

#[test]
fn example_scenario_runs_in_every_format() {
    let example = example_path();
    let v = csp_json(&["charges", &example, "--format", "json"]);
    assert_eq!(v["as_of"], "2016-04-30");
    assert!(lines(&v).len() > 20);
    assert!(lines(&v).iter().all(|l| l["amount"]["currency"] == "USD"));

    let out = csp(&["charges", &example]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let text = stdout(&out);
    let total = text.lines().last().expect("a total line");
    assert!(
        total.starts_with("total: ") && total.ends_with(" USD over 27 lines"),
        "{total}"
    );

    let out = csp(&["charges", &example, "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let records = csv::Reader::from_reader(out.stdout.as_slice())
        .records()
        .count();
    assert_eq!(records, 27);
}

#[test]
fn example_add_ons_are_prorated_to_the_base_period() {
    let v = csp_json(&["charges", &example_path(), "--format", "json"]);
    // Azure RMS on fab-e3 (monthly, periods from the 11th): 10 seats at 1.60 for
    // 1–10 February of the 31-day period 11 January–10 February:
    // 10 × 1.60 × 10/31 = 160/31 = 5.1612… → 5.16, priced from the February list.
    let rms = example_line(&v, "2016-02-01", "fab-rms", "purchase");
    assert_eq!(amount(rms), "5.16");
    assert_eq!(rms["days"], json!([10, 31]));
    assert_eq!(rms["price_list"], "2016-02-01");
    // Exchange Online Archiving on the annual fab-exo (20 January 2016–19 January 2017,
    // 366 days): 10 seats at 12 × 2.40 = 28.80 a year for 1 March 2016–19 January 2017,
    // 306 + 19 = 325 days: 10 × 28.80 × 325/366 = 93600/366 = 255.7377… → 255.74.
    let archive = example_line(&v, "2016-03-01", "fab-archive", "purchase");
    assert_eq!(amount(archive), "255.74");
    assert_eq!(archive["days"], json!([325, 366]));
    assert_eq!(archive["service_period"]["last"], "2017-01-19");
}

#[test]
fn example_seat_changes_use_the_real_period_length() {
    let v = csp_json(&["charges", &example_path(), "--format", "json"]);
    // 5 E3 seats added on 20 February in the period 11 February–10 March 2016, 29 days
    // (leap year); 20–29 February and 1–10 March are 20 days:
    // 5 × 16.00 × 20/29 = 1600/29 = 55.1724… → 55.17 (unit 16 × 20/29 = 11.0344…: at cents
    // 5 × 11.03 = 55.15 does not give the amount, so it shows 11.034, 5 × 11.034 = 55.17:
    // SPEC §10.15 *change*, displayed unit × quantity = amount).
    let added = example_line(&v, "2016-02-20", "fab-e3", "seats_added");
    assert_eq!(amount(added), "55.17");
    assert_eq!(added["unit_amount"], "11.034");
    assert_eq!(added["days"], json!([20, 29]));
    // 3 seats removed on 25 March, period 11 March–10 April (31 days), 17 days credited:
    // −3 × 16.00 × 17/31 = −816/31 = −26.3225… → −26.32.
    let removed = example_line(&v, "2016-03-25", "fab-e3", "seats_removed");
    assert_eq!(amount(removed), "-26.32");
    // The next cycle fee bills 20 + 5 − 3 = 22 seats at the January price locked for the
    // term (16.00), although the April list charges 17.00: 22 × 16.00 = 352.00.
    let cycle = example_line(&v, "2016-04-11", "fab-e3", "cycle_fee");
    assert_eq!(amount(cycle), "352.00");
    assert_eq!(cycle["price_list"], "2016-01-01");
    // A new E3 order in April takes the April price: 5 × 17.00 = 85.00.
    let april = example_line(&v, "2016-04-18", "school-staff-e3", "purchase");
    assert_eq!(amount(april), "85.00");
    assert_eq!(april["price_list"], "2016-04-01");
}

#[test]
fn example_suspensions_inside_and_after_the_30_day_window() {
    let v = csp_json(&["charges", &example_path(), "--format", "json"]);
    // school-office ordered 7 March (15 × 4.00 = 60.00), suspended 21 March: 14 days < 30,
    // so the whole period's net is credited: −60.00.
    let credit = example_line(&v, "2016-03-21", "school-office", "suspension_credit");
    assert_eq!(amount(credit), "-60.00");
    // Reactivated 4 April: 4–6 April of the 31-day period 7 March–6 April:
    // 15 × 4.00 × 3/31 = 180/31 = 5.806… → 5.81; then the full cycle fee on 7 April.
    let back = example_line(&v, "2016-04-04", "school-office", "reactivation");
    assert_eq!(amount(back), "5.81");
    assert_eq!(back["days"], json!([3, 31]));
    assert_eq!(
        amount(example_line(&v, "2016-04-07", "school-office", "cycle_fee")),
        "60.00"
    );
    // nw-e3 (the transitioned trial, from 15 February) suspended 20 April: 65 days, after
    // the window; 20 April–14 May of the 30-day period 15 April–14 May is 25 days:
    // −25 × 16.00 × 25/30 = −333.333… → −333.33.
    let late = example_line(&v, "2016-04-20", "nw-e3", "suspension_credit");
    assert_eq!(amount(late), "-333.33");
    assert_eq!(late["days"], json!([25, 30]));
}

#[test]
fn a_refused_event_after_lines_were_produced_prints_no_partial_output() {
    // The purchase of 13 January is produced before the refused event of 1 February; csv and
    // json rows are streamed, but a failed command's output still in the buffer (64 KiB) is
    // dropped: stdout stays empty, the error names the event.
    let mut scenario = l1();
    scenario["form"] = json!("net");
    scenario["events"][1] =
        json!({"date": "2018-02-01", "subscription": "s1", "type": "remove_seats", "quantity": 1});
    let dir = TempDir::new("csp-charges-test");
    let file = dir.json("refused.json", &scenario);
    for format in ["csv", "json", "table"] {
        let out = csp(&[
            "charges",
            &file,
            "--as-of",
            "2018-02-14",
            "--format",
            format,
        ]);
        let err = assert_fails(&out, 2, "invalid_quantity");
        assert!(
            err.contains("event 1 (2018-02-01 s1 remove_seats)"),
            "{format}: {err}"
        );
    }
}
