//! `testdata/vectors/edges/bills.json` (issue 15, class Bills), checked against the Rust
//! core: invoice numbering across issued runs, fee dates, unit display and refused settings.

use std::path::PathBuf;

use csp_core::billing::{BillRun, FirstNumber, Service};
use csp_core::scenario::Scenario;
use serde_json::Value;

fn vectors() -> Value {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/vectors/edges/bills.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

/// An invoice line in the vectors' form.
fn line_form(l: &csp_core::billing::InvoiceLine) -> Value {
    let period = l.service_period.expect("a service period");
    serde_json::json!({
        "description": l.description,
        "service_start": period.first().to_string(),
        "service_end": period.last().to_string(),
        "quantity": l.quantity,
        "unit_price": l.unit_price.to_string(),
        "amount": l.amount.amount().to_string(),
    })
}

/// Bills one run of a case: the refusal's code, or the run.
fn bill(base: &Value, case: &Value, run: &Value, issued: &[BillRun]) -> Result<BillRun, String> {
    let mut scenario = base.clone();
    scenario["partner"] = case["partner"].clone();
    if let Some(prefix) = run.get("invoice_prefix") {
        scenario["partner"]["invoice_prefix"] = prefix.clone();
    }
    let scenario = Scenario::from_json(&scenario.to_string()).map_err(|e| e.code().to_string())?;
    let first: FirstNumber = run["first_number"].as_u64().into();
    scenario
        .bill(text(&run["month"]).parse().unwrap(), issued, first)
        .map_err(|r| r.error.code().to_string())
}

#[test]
fn edge_bill_vectors() {
    let v = vectors();
    let cases = v["cases"].as_array().unwrap();
    assert!(cases.len() >= 20, "{}", cases.len());
    let (mut refused, mut accepted) = (0, 0);
    for case in cases {
        let name = text(&case["name"]);
        let mut issued: Vec<BillRun> = Vec::new();
        for (i, run) in case["runs"].as_array().unwrap().iter().enumerate() {
            let at = format!("{name} run {i} ({})", text(&case["_comment"]));
            let expect = &run["expect"];
            let got = bill(&v["scenario"], case, run, &issued);
            if let Some(code) = expect.get("error") {
                assert_eq!(
                    got.as_ref().err().map(String::as_str),
                    Some(text(code)),
                    "{at}"
                );
                refused += 1;
                continue;
            }
            let got = got.unwrap_or_else(|e| panic!("{at}: refused {e}"));
            if let Some(numbers) = expect.get("numbers") {
                let shown: Vec<&str> = got
                    .bills
                    .iter()
                    .map(|b| b.invoice.number.as_str())
                    .collect();
                let want: Vec<&str> = numbers.as_array().unwrap().iter().map(text).collect();
                assert_eq!(shown, want, "{at}");
            }
            if let Some(invoices) = expect.get("invoices") {
                let shown: Vec<Value> = got
                    .bills
                    .iter()
                    .map(|b| {
                        let lines: Vec<Value> = b.invoice.lines.iter().map(line_form).collect();
                        serde_json::json!({"customer": b.invoice.customer.to_string(), "lines": lines})
                    })
                    .collect();
                assert_eq!(&Value::Array(shown), invoices, "{at}");
            }
            accepted += 1;
            issued.push(got);
        }
    }
    assert!(
        refused >= 14 && accepted >= 15,
        "{refused} refused, {accepted} accepted"
    );
}

#[test]
fn a_clash_names_the_number_the_run_and_the_highest_issued() {
    let v = vectors();
    let case = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "a_supplied_number_already_issued_is_refused")
        .unwrap();
    let runs = case["runs"].as_array().unwrap();
    let march = bill(&v["scenario"], case, &runs[0], &[]).unwrap();
    let mut scenario = v["scenario"].clone();
    scenario["partner"] = case["partner"].clone();
    let scenario = Scenario::from_json(&scenario.to_string()).unwrap();
    let e = scenario
        .bill("2016-04".parse().unwrap(), std::slice::from_ref(&march), 6)
        .unwrap_err()
        .error;
    assert_eq!(e.code(), "duplicate_invoice_number");
    let message = e.to_string();
    for part in ["\"INV-7\"", "2016-03", "above", "continue"] {
        assert!(message.contains(part), "{message}");
    }
    // Refused input changes nothing: the same run, rerun, gives the same numbers.
    let again = scenario
        .bill(
            "2016-04".parse().unwrap(),
            std::slice::from_ref(&march),
            None,
        )
        .unwrap();
    let rerun = scenario
        .bill("2016-04".parse().unwrap(), &[march], None)
        .unwrap();
    assert_eq!(again, rerun);
}

#[test]
fn refused_settings_name_the_field_the_value_and_the_entry() {
    let v = vectors();
    for (name, parts) in [
        (
            "negative_monthly_fee",
            &["-100.00", "services[0]", "at least 0", "never negative"][..],
        ),
        ("monthly_fee_finer_than_cents", &["100.005", "minor units"]),
        (
            "fee_from_after_until",
            &["fee dates", "2016-03-01", "2016-02-01", "services[0]"],
        ),
        (
            "per_seat_fee_without_subscription_or_offer",
            &["Managed (services[0])", "names neither"],
        ),
        (
            "discount_of_zero_months",
            &["discount months", "discounts[0]", "contoso"],
        ),
        ("fee_date_not_yyyy_mm_dd", &["2016-2-10", "services[0]"]),
    ] {
        let case = v["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap();
        let mut scenario = v["scenario"].clone();
        scenario["partner"] = case["partner"].clone();
        let message = match Scenario::from_json(&scenario.to_string()) {
            Err(e) => e.to_string(),
            Ok(s) => s
                .bill("2016-03".parse().unwrap(), &[], None)
                .unwrap_err()
                .error
                .to_string(),
        };
        for part in parts {
            assert!(message.contains(part), "{name}: {message}");
        }
    }
}

#[test]
fn a_negative_fee_built_in_rust_is_refused_by_the_bill() {
    // The scenario reader refuses "-100.00"; settings built in Rust are checked by the bill.
    let v = vectors();
    let mut scenario = v["scenario"].clone();
    scenario["partner"] = serde_json::json!({"name": "P", "billing_day": 5});
    let mut scenario = Scenario::from_json(&scenario.to_string()).unwrap();
    let partner = scenario.partner.as_mut().unwrap();
    partner.services.push(Service::OneTime {
        customer: csp_core::catalog::CustomerId::new("contoso"),
        date: "2016-02-10".parse().unwrap(),
        description: "Setup".into(),
        amount: "-500.00".parse().unwrap(),
    });
    let e = scenario
        .bill("2016-03".parse().unwrap(), &[], None)
        .unwrap_err()
        .error;
    assert_eq!(e.code(), "invalid_input");
    let message = e.to_string();
    assert!(
        message.contains("one-time fee amount") && message.contains("-500.00"),
        "{message}"
    );
}
