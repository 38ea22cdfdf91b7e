//! `testdata/vectors/billing.json`, checked against the Rust core.

use std::path::PathBuf;

use csp_core::billing::{BillingDay, PartnerSettings};
use csp_core::money::{Currency, Money};
use csp_core::scenario::Scenario;
use serde_json::Value;

fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata")
}

fn vectors() -> Value {
    let text = std::fs::read_to_string(testdata().join("vectors/billing.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

#[test]
fn demo_bills() {
    let v = vectors();
    for case in v["bills"].as_array().unwrap() {
        let why = text(&case["_comment"]);
        let scenario = std::fs::read_to_string(testdata().join(text(&case["scenario"]))).unwrap();
        let run = Scenario::from_json(&scenario)
            .unwrap()
            .bill(
                text(&case["month"]).parse().unwrap(),
                &[],
                case["first_number"].as_u64().unwrap(),
            )
            .unwrap();
        let expect = &case["expect"];
        assert_eq!(
            run.window.first().to_string(),
            text(&expect["window"][0]),
            "{why}"
        );
        assert_eq!(
            run.window.last().to_string(),
            text(&expect["window"][1]),
            "{why}"
        );
        assert_eq!(
            run.issue_date.to_string(),
            text(&expect["issue_date"]),
            "{why}"
        );
        let invoices = expect["invoices"].as_array().unwrap();
        assert_eq!(run.bills.len(), invoices.len(), "{why}");
        for (bill, want) in run.bills.iter().zip(invoices) {
            let why = text(&want["_comment"]);
            let (i, s) = (&bill.invoice, &bill.statement);
            assert_eq!(i.customer.as_str(), text(&want["customer"]), "{why}");
            assert_eq!(i.number, text(&want["number"]), "{why}");
            let money = |m: &Money| m.amount().normalize().to_string();
            let want_money = |k: &str| {
                text(&want[k])
                    .parse::<rust_decimal::Decimal>()
                    .unwrap()
                    .normalize()
                    .to_string()
            };
            for (k, got) in [
                ("subtotal", &i.subtotal),
                ("tax", &i.tax),
                ("total", &i.total),
                ("cost", &s.cost),
                ("margin", &s.margin),
                ("financed_balance", &s.financed_balance),
            ] {
                assert_eq!(money(got), want_money(k), "{why}: {k}");
            }
            assert_eq!(
                i.credit_note,
                want["credit_note"].as_bool().unwrap(),
                "{why}"
            );
        }
        for k in ["cost", "revenue", "margin", "financed_balance"] {
            let got = match k {
                "cost" => run.totals.cost,
                "revenue" => run.totals.revenue,
                "margin" => run.totals.margin,
                _ => run.totals.financed_balance,
            };
            assert_eq!(
                got.amount().to_string(),
                text(&expect["totals"][k]),
                "totals {k}"
            );
        }
    }
}

#[test]
fn instalments_and_windows() {
    let v = vectors();
    // The bill's instalments come from the public `instalments` function.
    for case in v["instalments"].as_array().unwrap() {
        let why = text(&case["_comment"]);
        let currency = Currency::from_code(text(&case["currency"])).unwrap();
        let total = Money::parse(text(&case["total"]), currency).unwrap();
        let n = u32::try_from(case["n"].as_u64().unwrap()).unwrap();
        let parts = csp_core::billing::instalments(total, n).unwrap();
        let got: Vec<String> = parts.iter().map(|m| m.amount().to_string()).collect();
        let want: Vec<String> = case["expect"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| text(x).to_string())
            .collect();
        assert_eq!(got, want, "{why}");
    }
    for case in v["windows"].as_array().unwrap() {
        let why = text(&case["_comment"]);
        let settings: PartnerSettings = serde_json::from_value(
            serde_json::json!({"name": "P", "billing_day": case["billing_day"]}),
        )
        .unwrap();
        let day: BillingDay = settings.billing_day;
        let w = day.window(text(&case["month"]).parse().unwrap()).unwrap();
        assert_eq!(
            [w.first().to_string(), w.last().to_string()],
            [text(&case["expect"][0]), text(&case["expect"][1])],
            "{why}"
        );
    }
}
