//! Billing properties (SPEC §8) over random events and settings, and unit tests of windows.

use std::sync::OnceLock;

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::compute::instalments;
use super::*;
use crate::calendar::{add_days, YearMonth};
use crate::catalog::{CustomerId, SubscriptionId};
use crate::charges::{Inputs, ReplayOptions};
use crate::money::{Currency, Money};
use crate::subscription::{Event, EventKind};
use crate::testkit::*;

pub(super) fn fixture() -> &'static Inputs {
    static INPUTS: OnceLock<Inputs> = OnceLock::new();
    INPUTS.get_or_init(inputs)
}

fn month(s: &str) -> YearMonth {
    s.parse().unwrap()
}

#[test]
fn windows_follow_the_billing_day() {
    // SPEC §8: the bill of day D of month M gathers [D of M−1, D of M − 1].
    let five = BillingDay::Day(5);
    assert_eq!(
        five.window(month("2016-03")).unwrap().to_string(),
        "2016-02-05..2016-03-04"
    );
    assert_eq!(
        five.bill_month_of(d("2016-03-04")).unwrap(),
        month("2016-03")
    );
    assert_eq!(
        five.bill_month_of(d("2016-03-05")).unwrap(),
        month("2016-04")
    );
    // Last day of the month: March's bill (issued 3/31) covers 2/29–3/30 in 2016.
    let last = BillingDay::Last;
    assert_eq!(
        last.window(month("2016-03")).unwrap().to_string(),
        "2016-02-29..2016-03-30"
    );
    assert_eq!(
        last.window(month("2017-03")).unwrap().to_string(),
        "2017-02-28..2017-03-30"
    );
    let first = BillingDay::Day(1);
    assert_eq!(
        first.window(month("2016-01")).unwrap().to_string(),
        "2015-12-01..2015-12-31"
    );
}

#[test]
fn settings_are_checked() {
    let text = |day: &str| format!(r#"{{"name": "P", "billing_day": {day}}}"#);
    assert!(serde_json::from_str::<PartnerSettings>(&text("28")).is_ok());
    assert!(serde_json::from_str::<PartnerSettings>(&text("\"last\"")).is_ok());
    for bad in ["0", "29", "\"first\""] {
        assert!(
            serde_json::from_str::<PartnerSettings>(&text(bad)).is_err(),
            "{bad}"
        );
    }
    let mut s: PartnerSettings = serde_json::from_str(&text("5")).unwrap();
    s.financing.push(Instalments {
        subscription: SubscriptionId::new("x"),
        months: 0,
    });
    assert_eq!(s.validate().unwrap_err().code(), "invalid_input");
}

/// Found by the `scenario_json` fuzz target: a scenario financing a subscription in
/// 4,294,967,295 instalments made its bill allocate one amount per instalment (70 GB) and
/// abort. More than 120 instalments are refused now, by the settings and by `instalments`.
#[test]
fn absurd_instalment_counts_are_refused() {
    let mut s: PartnerSettings =
        serde_json::from_str(r#"{"name": "P", "billing_day": 5}"#).unwrap();
    s.financing.push(Instalments {
        subscription: SubscriptionId::new("x"),
        months: 120,
    });
    assert!(s.validate().is_ok());
    s.financing[0].months = u32::MAX;
    assert_eq!(s.validate().unwrap_err().code(), "invalid_input");
    let total = Money::parse("3000.00", Currency::USD).unwrap();
    assert_eq!(
        instalments(total, u32::MAX).unwrap_err().code(),
        "invalid_input"
    );
    assert_eq!(instalments(total, 120).unwrap().len(), 120);
}

#[test]
fn instalment_examples() {
    // 3,000.00 / 12 = 250.00 each; 100.00 / 3 = 33.33, 33.33, 33.34; JPY 1000 / 3 = 333, 333, 334.
    let usd = |s: &str| Money::parse(s, Currency::USD).unwrap();
    assert!(instalments(usd("3000.00"), 12)
        .unwrap()
        .iter()
        .all(|m| *m == usd("250.00")));
    assert_eq!(
        instalments(usd("100.00"), 3).unwrap(),
        vec![usd("33.33"), usd("33.33"), usd("33.34")]
    );
    let jpy = Money::parse("1000", Currency::JPY).unwrap();
    let parts: Vec<String> = instalments(jpy, 3)
        .unwrap()
        .iter()
        .map(|m| m.amount().to_string())
        .collect();
    assert_eq!(parts, ["333", "333", "334"]);
}

pub(super) fn settings(fee: bool, financed: bool, discount: bool, tax: bool) -> PartnerSettings {
    let mut s: PartnerSettings =
        serde_json::from_str(r#"{"name": "Partner", "billing_day": 5, "invoice_prefix": "P-"}"#)
            .unwrap();
    if fee {
        s.services.push(Service::PerSeatFee {
            description: "Managed".into(),
            price: Decimal::new(300, 2),
            subscription: Some(SubscriptionId::new("s0")),
            offer: None,
            from: None,
            until: None,
        });
        s.services.push(Service::MonthlyFee {
            customer: CustomerId::new("contoso"),
            description: "Support".into(),
            amount: Decimal::new(15000, 2),
            from: None,
            until: None,
        });
    }
    if financed {
        s.financing.push(Instalments {
            subscription: SubscriptionId::new("s1"),
            months: 12,
        });
    }
    if discount {
        s.discounts.push(Discount {
            customer: CustomerId::new("contoso"),
            percent: Decimal::new(15, 0),
            first_month: month("2016-03"),
            months: 4,
        });
    }
    if tax {
        s.tax_rates.push(TaxRate {
            customer: CustomerId::new("contoso"),
            rate: Decimal::new(875, 4),
        });
    }
    s.resale.push(ResaleRule {
        offer: "E3".into(),
        rule: Resale::Markup {
            percent: Decimal::new(125, 1),
        },
    });
    s
}

pub(super) type Op = (u16, u8, u8, u8);

fn to_event(&(offset, slot, op, q): &Op) -> Event {
    let date = add_days(d("2016-01-01"), i64::from(offset))
        .unwrap()
        .to_string();
    let sub = format!("s{slot}");
    match op % 5 {
        0 => order(
            &date,
            &sub,
            if q % 2 == 0 { "E3" } else { "E1" },
            u32::from(q % 5) + 1,
            q % 3 != 0,
        ),
        1 => seats(&date, &sub, i64::from(q % 4) + 1),
        2 => seats(&date, &sub, -(i64::from(q % 2) + 1)),
        3 => event(&date, &sub, EventKind::Suspend),
        _ => event(&date, &sub, EventKind::Reactivate),
    }
}

/// Random events: orders first (so most sequences have subscriptions), then changes.
pub(super) fn ops() -> impl Strategy<Value = Vec<Op>> {
    (
        proptest::collection::vec((0u16..90, 0u8..2, Just(0u8), any::<u8>()), 1..3),
        proptest::collection::vec((0u16..240, 0u8..2, 1u8..5, any::<u8>()), 0..8),
    )
        .prop_map(|(mut a, b)| {
            a.extend(b);
            a
        })
}

/// The events that replay (refused ones dropped), in date order.
pub(super) fn accepted(ops: &[Op]) -> Vec<Event> {
    let mut events: Vec<Event> = ops.iter().map(to_event).collect();
    events.sort_by_key(|e| e.date);
    let mut ledger =
        crate::charges::Ledger::new(fixture().context(d("2017-01-01")), ReplayOptions::default());
    events
        .into_iter()
        .filter(|e| ledger.apply(e).is_ok())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn instalments_always_sum_exactly(cents in -10_000_000i64..10_000_000, n in 1u32..61) {
        let total = Money::new(Decimal::new(cents, 2), Currency::USD);
        let parts = instalments(total, n).unwrap();
        prop_assert_eq!(parts.len(), n as usize);
        prop_assert_eq!(Money::sum(Currency::USD, &parts).unwrap(), total);
        // Equal but for the last, which carries the remainder (less than n cents).
        prop_assert!(parts.windows(2).take(parts.len().saturating_sub(2)).all(|w| w[0] == w[1]));
        let diff = parts[n as usize - 1].checked_sub(&parts[0]).unwrap().amount().abs();
        prop_assert!(diff < Decimal::new(i64::from(n), 2));
    }

    #[test]
    fn invoices_add_up_and_margins_are_revenue_minus_cost(
        ops in ops(), m in 1u32..9, fee in any::<bool>(), financed in any::<bool>(), discount in any::<bool>(), tax in any::<bool>(),
    ) {
        let events = accepted(&ops);
        let s = settings(fee, financed, discount, tax);
        let run = bill_month(fixture(), &events, ReplayOptions::default(), &s, YearMonth::new(2016, m).unwrap(), &[], 1).unwrap();
        let zero = Money::zero(Currency::USD);
        let mut cost = zero;
        for b in &run.bills {
            let i = &b.invoice;
            prop_assert_eq!(Money::sum(Currency::USD, i.lines.iter().map(|l| &l.amount)).unwrap(), i.subtotal);
            prop_assert_eq!(i.subtotal.checked_add(&i.tax).unwrap(), i.total);
            prop_assert_eq!(i.credit_note, i.total.is_negative());
            let st = &b.statement;
            prop_assert_eq!(st.revenue, i.subtotal);
            prop_assert_eq!(st.margin, st.revenue.checked_sub(&st.cost).unwrap().checked_sub(&st.cost_adjustment).unwrap());
            prop_assert!(!st.financed_balance.is_negative() || i.subtotal.is_negative());
            cost = cost.checked_add(&st.cost).unwrap().checked_add(&st.cost_adjustment).unwrap();
        }
        prop_assert_eq!(run.totals.cost, cost);
        prop_assert_eq!(run.totals.margin, run.totals.revenue.checked_sub(&run.totals.cost).unwrap());
        let again = bill_month(fixture(), &events, ReplayOptions::default(), &s, YearMonth::new(2016, m).unwrap(), &[], 1).unwrap();
        prop_assert_eq!(serde_json::to_string(&run).unwrap(), serde_json::to_string(&again).unwrap());
    }

    #[test]
    fn a_back_dated_event_is_billed_as_the_difference(
        ops in ops(), late in 0usize..16, fee in any::<bool>(), financed in any::<bool>(), discount in any::<bool>(),
    ) {
        // Bill the month of some event without it (it was not known yet), then the next
        // month with it: the adjustments for the earlier month plus what was issued equal the
        // earlier bill computed as if the event had been known in time — exactly.
        let events = accepted(&ops);
        prop_assume!(!events.is_empty());
        let late = late % events.len();
        let s = settings(fee, financed, discount, false);
        let when = s.billing_day.bill_month_of(events[late].date).unwrap();
        let next = when.next().unwrap();
        let mut without = events.clone();
        without.remove(late);
        let opts = ReplayOptions::default();
        // Without the event, later events may be refused (e.g. seats on a never-ordered sub):
        // then this case says nothing.
        let Ok(issued) = bill_month(fixture(), &without, opts, &s, when, &[], 1) else { return Ok(()); };
        let in_time = bill_month(fixture(), &events, opts, &s, when, &[], 1).unwrap();
        let corrected = bill_month(fixture(), &events, opts, &s, next, std::slice::from_ref(&issued), 100).unwrap();
        for b in &in_time.bills {
            let c = &b.invoice.customer;
            let was = issued.bills.iter().find(|x| x.invoice.customer == *c);
            let was_total = was.map_or(Money::zero(Currency::USD), |x| x.invoice.subtotal);
            let adjustments: Vec<&InvoiceLine> = corrected.bills.iter().filter(|x| x.invoice.customer == *c)
                .flat_map(|x| x.invoice.lines.iter()).filter(|l| l.adjusts == Some(when)).collect();
            let adjusted = Money::sum(Currency::USD, adjustments.iter().map(|l| &l.amount)).unwrap();
            prop_assert_eq!(was_total.checked_add(&adjusted).unwrap(), b.invoice.subtotal, "{}", c);
            let was_cost = was.map_or(Money::zero(Currency::USD), |x| x.statement.cost);
            let cost_adj = corrected.bills.iter().filter(|x| x.invoice.customer == *c)
                .flat_map(|x| x.statement.cost_adjustments.iter()).filter(|a| a.month == when)
                .map(|a| a.amount).fold(Money::zero(Currency::USD), |acc, a| acc.checked_add(&a).unwrap());
            prop_assert_eq!(was_cost.checked_add(&cost_adj).unwrap(), b.statement.cost, "{} cost", c);
        }
    }
}
