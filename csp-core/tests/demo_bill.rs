//! The built-in demo partner's March 2016 bills, derived by hand (comments show the
//! arithmetic). Billing day 5: the March bill is issued 2016-03-05 and covers the charge
//! lines dated 2016-02-05..2016-03-04. Resale at ERP unless said; amounts half-up to cents.

use csp_core::billing::{Bill, BillRun, LineSource};
use csp_core::scenario::Scenario;

fn demo() -> Scenario {
    Scenario::from_json(include_str!("../../testdata/scenarios/demo-partner.json")).unwrap()
}

fn march() -> BillRun {
    demo().bill("2016-03".parse().unwrap(), &[], 1001).unwrap()
}

fn bill<'a>(run: &'a BillRun, customer: &str) -> &'a Bill {
    run.bills
        .iter()
        .find(|b| b.invoice.customer.as_str() == customer)
        .unwrap()
}

fn amounts(b: &Bill) -> Vec<(String, String)> {
    b.invoice
        .lines
        .iter()
        .map(|l| (l.description.clone(), l.amount.amount().to_string()))
        .collect()
}

fn s(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

#[test]
fn window_numbers_and_dates() {
    let run = march();
    assert_eq!(run.window.to_string(), "2016-02-05..2016-03-04");
    assert_eq!(run.issue_date.to_string(), "2016-03-05");
    let numbers: Vec<&str> = run
        .bills
        .iter()
        .map(|b| b.invoice.number.as_str())
        .collect();
    // One bill per customer with something to bill, by customer id.
    assert_eq!(
        numbers,
        [
            "CCP-2016-1001",
            "CCP-2016-1002",
            "CCP-2016-1003",
            "CCP-2016-1004"
        ]
    );
    assert!(run
        .bills
        .iter()
        .all(|b| b.invoice.due_date.to_string() == "2016-04-04"));
}

#[test]
fn fabrikam_resale_add_on_markup_seat_increase_and_own_services() {
    let run = march();
    let b = bill(&run, "fabrikam");
    assert_eq!(
        amounts(b),
        vec![
            // E3 cycle fee 2/11–3/10: 20 × 20.00 (ERP); its managed service 20 × 3.00.
            s("Office 365 Enterprise E3", "400.00"),
            s("Managed service for Office 365 E3 (per seat)", "60.00"),
            // RMS add-on cycle fee: list 1.60 + 20 % = 1.92 × 10 = 19.20.
            s("Azure Rights Management Premium", "19.20"),
            // 5 seats on 2/20 for 20 of the period's 29 days: fee 5 × 3 × 20/29 = 10.3448 → 10.34,
            // E3 5 × 20 × 20/29 = 68.9655 → 68.97.
            s("Office 365 Enterprise E3: seats added", "68.97"),
            s(
                "Managed service for Office 365 E3 (per seat): seats added",
                "10.34"
            ),
            s("Premium support (monthly)", "150.00"),
        ]
    );
    // Subtotal 708.51; tax 8.75 % = 61.994625 → 61.99; total 770.50.
    assert_eq!(b.invoice.subtotal.amount().to_string(), "708.51");
    assert_eq!(b.invoice.tax.amount().to_string(), "61.99");
    assert_eq!(b.invoice.total.amount().to_string(), "770.50");
    // Cost: 20 × 16.00 + 10 × 1.60 + 5 × 16 × 20/29 (55.1724 → 55.17) = 391.17.
    // Margin 708.51 − 391.17 = 317.34, 317.34 / 708.51 = 44.79 %.
    assert_eq!(b.statement.cost.amount().to_string(), "391.17");
    assert_eq!(b.statement.margin.amount().to_string(), "317.34");
    assert_eq!(b.statement.margin_percent.unwrap().to_string(), "44.79");
}

#[test]
fn northwind_financed_annual_charge_and_one_time_fee() {
    let run = march();
    let b = bill(&run, "northwind");
    // Annual Business Essentials ×50 on 2/10 at ERP 12 × 5.00: 3,000.00 in 12 instalments of
    // 250.00; onboarding 500.00 on 2/10. Subtotal 750.00, tax 65.625 → 65.63.
    assert_eq!(
        amounts(b),
        vec![
            s(
                "Office 365 Business Essentials (new subscription) — instalment 1 of 12",
                "250.00"
            ),
            s("Onboarding and migration", "500.00"),
        ]
    );
    assert_eq!(b.invoice.lines[0].source, LineSource::Instalment);
    assert_eq!(b.invoice.total.amount().to_string(), "815.63");
    // Microsoft bills the whole year now: 50 × 12 × 4.00 = 2,400.00; margin 750 − 2,400 =
    // −1,650.00, explained by the 2,750.00 still owed on the instalments.
    assert_eq!(b.statement.cost.amount().to_string(), "2400.00");
    assert_eq!(b.statement.margin.amount().to_string(), "-1650.00");
    assert_eq!(b.statement.financed_balance.amount().to_string(), "2750.00");
}

#[test]
fn school_suspension_credit_and_reactivation_make_a_credit_note() {
    let run = march();
    let b = bill(&run, "school");
    // Suspended 2/8, 24 days into the term: the period 1/15–2/14 is credited in full, at
    // resale −100 × 2.50 = −250.00 (cost −200.00). No cycle fee on 2/15 (suspended).
    // Reactivated 2/22: 22 of the 29 days of 2/15–3/14: resale 100 × 2.5 × 22/29 = 189.6552
    // → 189.66, cost 100 × 2 × 22/29 = 151.7241 → 151.72.
    assert_eq!(
        amounts(b),
        vec![
            s(
                "Office 365 Education E3 for faculty: suspension credit",
                "-250.00"
            ),
            s(
                "Office 365 Education E3 for faculty: reactivation",
                "189.66"
            ),
        ]
    );
    assert!(b.invoice.credit_note);
    assert_eq!(b.invoice.total.amount().to_string(), "-60.34");
    assert_eq!(b.statement.cost.amount().to_string(), "-48.28");
    assert_eq!(b.statement.margin.amount().to_string(), "-12.06");
}

#[test]
fn cityhall_government_offer_with_a_discount() {
    let run = march();
    let b = bill(&run, "cityhall");
    // Cycle fee 3/1–3/31: 30 × 19.00 = 570.00; discount 10 % for February–April, month 2 of
    // 3: −57.00. No tax. Cost 30 × 15.20 = 456.00; margin 57.00 (11.11 %).
    assert_eq!(
        amounts(b),
        vec![
            s("Office 365 Enterprise E3 for Government", "570.00"),
            s("Discount 10% (month 2 of 3)", "-57.00"),
        ]
    );
    assert_eq!(b.statement.margin.amount().to_string(), "57.00");
    assert_eq!(b.statement.margin_percent.unwrap().to_string(), "11.11");
}

#[test]
fn partner_totals() {
    // Cost 391.17 + 2,400.00 − 48.28 + 456.00 = 3,198.89; revenue 708.51 + 750.00 − 60.34 +
    // 513.00 = 1,911.17; margin −1,287.72; financed balance 2,750.00.
    let t = march().totals;
    assert_eq!(t.cost.amount().to_string(), "3198.89");
    assert_eq!(t.revenue.amount().to_string(), "1911.17");
    assert_eq!(t.margin.amount().to_string(), "-1287.72");
    assert_eq!(t.financed_balance.amount().to_string(), "2750.00");
}

#[test]
fn reruns_are_byte_identical() {
    let a = serde_json::to_string(&march()).unwrap();
    let b = serde_json::to_string(&march()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn projection_of_the_next_two_bills() {
    // SPEC §8: what the next bills will be, assuming no further events, at the locked prices.
    let runs = demo().projection("2016-03".parse().unwrap(), 2).unwrap();
    assert_eq!(runs.len(), 2);
    assert!(runs.iter().all(|r| r.projected));
    let april = &runs[0];
    assert_eq!(april.window.to_string(), "2016-03-05..2016-04-04");
    let total = |customer: &str| bill(april, customer).invoice.subtotal.amount().to_string();
    // Fabrikam: E3 cycle fee 3/11 for 25 seats 500.00 + managed service 75.00 + RMS 19.20 +
    // support 150.00 = 744.20.
    assert_eq!(total("fabrikam"), "744.20");
    // Northwind: instalment 2 of 12 (250.00); no new Microsoft cost.
    assert_eq!(total("northwind"), "250.00");
    assert_eq!(
        bill(april, "northwind")
            .statement
            .financed_balance
            .amount()
            .to_string(),
        "2500.00"
    );
    // School: cycle fee 3/15, 100 × 2.50 = 250.00. City hall: 570.00 − 10 % (month 3 of 3).
    assert_eq!(total("school"), "250.00");
    assert_eq!(total("cityhall"), "513.00");
    // May: the city hall discount has ended (570.00); Northwind's instalment 3.
    let may = &runs[1];
    assert_eq!(
        bill(may, "cityhall").invoice.subtotal.amount().to_string(),
        "570.00"
    );
    assert_eq!(
        bill(may, "northwind").invoice.lines[0].description,
        "Office 365 Business Essentials (new subscription) — instalment 3 of 12"
    );
}

#[test]
fn projection_length_is_capped() {
    // Terms end within a year and renewals are not projected: 120 months is plenty, and a
    // huge count is refused instead of replaying for centuries.
    let s = demo();
    assert!(s.projection("2016-03".parse().unwrap(), 120).is_ok());
    let err = s
        .projection("2016-03".parse().unwrap(), 1_000_000)
        .unwrap_err();
    assert_eq!(err.error.code(), "invalid_input");
}
