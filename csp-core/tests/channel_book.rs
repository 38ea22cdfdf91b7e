//! The example two-tier book (`testdata/scenarios/nce-two-tier.json`) billed at every tier
//! (SPEC-NCE §17.2). Every figure is derived by hand from the sheet `nce-sheet.csv` and the
//! resale rules, under nce_b (Microsoft's unit price is the sheet's for a whole month):
//!
//! | line (Oct 2022) | Microsoft | provider sells | reseller sells |
//! |---|---:|---:|---:|
//! | northwind s1: 10 × LH18 P1M 7.20 (own customer, markup 20 %) | 72.00 | 10 × 8.64 = 86.40 | — |
//! | adatum s2: 5 × LFLX P1M 43.20 (fabrikam-it: ERP 51.84 − 10 %; resold at ERP) | 216.00 | 5 × 46.656 = 233.28 | 5 × 51.84 = 259.20 |
//! | litware s3: 2 × LFLX P1Y monthly 432/12 = 36 (tailspin: ERP 518.40/12 = 43.20 − 15 %; + 10 %) | 72.00 | 2 × 36.72 = 73.44 | 2 × 40.392 = 80.784 → 80.78 |
//!
//! Microsoft 360.00; provider 86.40 + 233.28 + 73.44 = 393.12, margin 33.12; fabrikam-it
//! 259.20 − 233.28 = 25.92; tailspin 80.78 − 73.44 = 7.34; customers 86.40 + 259.20 + 80.78 =
//! 426.38 = 360.00 + 33.12 + 25.92 + 7.34.

use csp_core::calendar::YearMonth;
use csp_core::channel::ChannelRun;
use csp_core::ids::{CustomerId, ResellerId};
use csp_core::scenario::nce::NceScenario;

fn book() -> NceScenario {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/scenarios/");
    let text = std::fs::read_to_string(format!("{dir}nce-two-tier.json")).unwrap();
    NceScenario::from_json_with(&text, |file| {
        std::fs::read_to_string(format!("{dir}{file}"))
    })
    .unwrap()
}

fn november() -> ChannelRun {
    book()
        .bill_channel("2022-11".parse::<YearMonth>().unwrap(), &[], 1)
        .unwrap()
}

fn money(m: &csp_core::money::Money) -> String {
    m.amount().to_string()
}

#[test]
fn the_margin_statement_adds_up_to_the_cent() {
    let run = november();
    let m = &run.margins;
    assert_eq!(m.lines, 3);
    assert_eq!(money(&m.microsoft_cost), "360.00");
    let tiers: Vec<(&str, String, String, String)> = m
        .tiers
        .iter()
        .map(|t| {
            (
                t.tier.as_str(),
                money(&t.cost),
                money(&t.revenue),
                money(&t.margin),
            )
        })
        .collect();
    assert_eq!(
        tiers,
        [
            ("provider", "360.00".into(), "393.12".into(), "33.12".into()),
            (
                "fabrikam-it",
                "233.28".into(),
                "259.20".into(),
                "25.92".into()
            ),
            ("tailspin", "73.44".into(), "80.78".into(), "7.34".into()),
        ]
    );
    assert_eq!(money(&m.customer_price), "426.38");
    let sum = m
        .microsoft_cost
        .checked_add(&m.total_margin().unwrap())
        .unwrap();
    assert_eq!(sum, m.customer_price);
}

#[test]
fn the_provider_bills_its_own_customer_and_each_reseller_per_customer() {
    let run = november();
    // Hop 1′: only northwind, numbered from 1 with the provider's prefix.
    let own: Vec<(&str, &str, String)> = run
        .provider
        .bills
        .iter()
        .map(|b| {
            (
                b.invoice.number.as_str(),
                b.invoice.customer.as_str(),
                money(&b.invoice.total),
            )
        })
        .collect();
    assert_eq!(own, [("CD-1", "northwind", "86.40".to_string())]);
    let fab = run.reseller(&ResellerId::new("fabrikam-it")).unwrap();
    let hop1: Vec<(&str, &str, String, String)> = fab
        .from_provider
        .bills
        .iter()
        .map(|b| {
            (
                b.invoice.number.as_str(),
                b.invoice.customer.as_str(),
                money(&b.invoice.subtotal),
                money(&b.statement.margin),
            )
        })
        .collect();
    // The provider's margin on adatum's line: 233.28 − Microsoft's 216.00.
    assert_eq!(
        hop1,
        [("CD-FAB-1", "adatum", "233.28".into(), "17.28".into())]
    );
    let ts = run.reseller(&ResellerId::new("tailspin")).unwrap();
    assert_eq!(ts.from_provider.bills.len(), 1);
    assert_eq!(money(&ts.from_provider.bills[0].invoice.subtotal), "73.44");
    assert_eq!(money(&ts.from_provider.bills[0].statement.cost), "72.00");
}

#[test]
fn each_reseller_bills_its_customers_with_its_own_rules_and_tax() {
    let run = november();
    let fab = run.reseller(&ResellerId::new("fabrikam-it")).unwrap();
    let b = &fab.to_customers.bills[0];
    assert_eq!(b.invoice.number, "FAB-1");
    assert_eq!(b.invoice.customer, CustomerId::new("adatum"));
    assert_eq!(money(&b.invoice.subtotal), "259.20");
    // 20 % tax on 259.20 = 51.84.
    assert_eq!(money(&b.invoice.tax), "51.84");
    assert_eq!(money(&b.invoice.total), "311.04");
    assert_eq!(money(&b.statement.cost), "233.28");
    assert_eq!(money(&b.statement.margin), "25.92");
    let ts = run.reseller(&ResellerId::new("tailspin")).unwrap();
    let b = &ts.to_customers.bills[0];
    assert_eq!(
        (b.invoice.number.as_str(), b.invoice.customer.as_str()),
        ("TS-1", "litware")
    );
    assert_eq!(money(&b.invoice.subtotal), "80.78");
    assert_eq!(
        fab.to_customers.bills.len() + ts.to_customers.bills.len(),
        2
    );
}

#[test]
fn a_channel_book_is_not_billed_as_a_one_tier_partner() {
    let err = book()
        .bill("2022-11".parse::<YearMonth>().unwrap(), &[], 1)
        .unwrap_err();
    assert_eq!(err.error.code(), "invalid_scenario");
}
