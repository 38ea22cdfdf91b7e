//! Totals over bills (SPEC §8), from hand-computed statements.

use super::*;
use crate::calendar::add_days;

fn usd(text: &str) -> Money {
    Money::parse(text, Currency::USD).unwrap()
}

fn pct(text: &str) -> Option<Decimal> {
    Some(text.parse().unwrap())
}

/// A bill whose statement holds these figures (the invoice has no lines: totals read only
/// the statement).
fn bill(customer: &str, cost: &str, adjustment: &str, revenue: &str, financed: &str) -> Bill {
    let month: YearMonth = "2016-03".parse().unwrap();
    let issue = month.first_day();
    let window = Period::new(add_days(issue, -29).unwrap(), add_days(issue, -1).unwrap()).unwrap();
    let revenue = usd(revenue);
    let margin = revenue
        .checked_sub(&usd(cost))
        .unwrap()
        .checked_sub(&usd(adjustment))
        .unwrap();
    Bill {
        invoice: Invoice {
            number: format!("P-{customer}"),
            customer: CustomerId::new(customer),
            customer_name: customer.to_string(),
            month,
            issue_date: issue,
            due_date: issue,
            window,
            lines: Vec::new(),
            subtotal: revenue,
            tax_rate: None,
            tax: usd("0"),
            total: revenue,
            credit_note: false,
        },
        statement: Statement {
            customer: CustomerId::new(customer),
            cost: usd(cost),
            cost_adjustment: usd(adjustment),
            cost_adjustments: Vec::new(),
            revenue,
            margin,
            margin_percent: margin_percent(&margin, &revenue).unwrap(),
            financed_balance: usd(financed),
        },
    }
}

fn run(bills: Vec<Bill>) -> BillRun {
    let first = &bills[0].invoice;
    BillRun {
        partner: "P".to_string(),
        month: first.month,
        issue_date: first.issue_date,
        window: first.window,
        totals: Totals::of(Currency::USD, &bills).unwrap(),
        bills,
        projected: false,
    }
}

fn totals(
    cost: &str,
    revenue: &str,
    margin: &str,
    percent: Option<Decimal>,
    financed: &str,
) -> Totals {
    Totals {
        cost: usd(cost),
        revenue: usd(revenue),
        margin: usd(margin),
        margin_percent: percent,
        financed_balance: usd(financed),
    }
}

#[test]
fn totals_add_costs_with_their_adjustments() {
    // A: cost 100 − 10 adjusted, revenue 120; B: cost 50 + 5, revenue 40, 12 financed.
    // Cost 145, revenue 160, margin 15 = 9.375 % → 9.38 (half up).
    let r = run(vec![
        bill("a", "100.00", "-10.00", "120.00", "0.00"),
        bill("b", "50.00", "5.00", "40.00", "12.00"),
    ]);
    assert_eq!(
        r.totals,
        totals("145.00", "160.00", "15.00", pct("9.38"), "12.00")
    );
    assert_eq!(r.cost_parts().unwrap(), (usd("150.00"), usd("-5.00")));
}

#[test]
fn one_customers_run_has_that_customers_totals() {
    let r = run(vec![
        bill("a", "100.00", "-10.00", "120.00", "0.00"),
        bill("b", "50.00", "5.00", "40.00", "12.00"),
    ]);
    // A: cost 90, margin 30 = 25 % of 120.
    let a = r.for_customer(&CustomerId::new("a")).unwrap();
    assert_eq!(a.bills, r.bills[..1]);
    assert_eq!(
        a.totals,
        totals("90.00", "120.00", "30.00", pct("25"), "0.00")
    );
    // B: cost 55, margin −15 = −37.5 % of 40.
    let b = r.for_customer(&CustomerId::new("b")).unwrap();
    assert_eq!(
        b.totals,
        totals("55.00", "40.00", "-15.00", pct("-37.50"), "12.00")
    );
    assert_eq!(
        (b.month, b.issue_date, b.window),
        (r.month, r.issue_date, r.window)
    );
    // A customer without a bill: nothing, and no percentage of zero revenue.
    let c = r.for_customer(&CustomerId::new("c")).unwrap();
    assert!(c.bills.is_empty());
    assert_eq!(c.totals, totals("0", "0", "0", None, "0"));
}

#[cfg(feature = "serde")]
#[test]
fn a_computed_runs_totals_are_its_bills_totals() {
    // The demo partner's runs (bill_month) carry the totals `Totals::of` gives their bills,
    // and one customer's runs add up to the whole run.
    let demo = include_str!("../../../../testdata/scenarios/demo-partner.json");
    let s = crate::scenario::Scenario::from_json(demo).unwrap();
    for month in ["2016-02", "2016-03", "2016-04"] {
        let r = s.bill(month.parse().unwrap(), &[], 1).unwrap();
        assert!(r.bills.len() > 1, "{month}");
        assert_eq!(
            r.totals,
            Totals::of(r.currency(), &r.bills).unwrap(),
            "{month}"
        );
        let mut cost = usd("0");
        let mut revenue = usd("0");
        for b in &r.bills {
            let one = r.for_customer(&b.invoice.customer).unwrap();
            cost = cost.checked_add(&one.totals.cost).unwrap();
            revenue = revenue.checked_add(&one.totals.revenue).unwrap();
        }
        assert_eq!(
            (cost, revenue),
            (r.totals.cost, r.totals.revenue),
            "{month}"
        );
    }
}
