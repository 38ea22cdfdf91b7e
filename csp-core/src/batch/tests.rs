//! The batch's amounts: by hand, and against the charges engine replaying the same changes.

use std::sync::OnceLock;

use proptest::prelude::*;

use super::*;
use crate::calendar::{add_days, add_months};
use crate::charges::{replay, ChargeKind, ReplayOptions};
use crate::money::{Rounding, RoundingMode};
use crate::testkit::*;

fn fixture() -> &'static crate::charges::Inputs {
    static INPUTS: OnceLock<crate::charges::Inputs> = OnceLock::new();
    INPUTS.get_or_init(inputs)
}

fn change<'a>(
    customer: &'a str,
    offer: &'a str,
    quantity: i64,
    start: &str,
    at: &str,
    monthly: bool,
) -> SeatChange<'a> {
    SeatChange {
        customer,
        offer,
        quantity,
        term_start: d(start),
        change_date: d(at),
        frequency: if monthly {
            BillingFrequency::Monthly
        } else {
            BillingFrequency::Annual
        },
    }
}

fn price(c: SeatChange<'_>) -> Result<SeatCharge> {
    let inputs = fixture();
    SeatChangePricer::new(&inputs.book, &inputs.program, ProrationPolicy::default()).price(&c)
}

#[test]
fn annual_change_is_prorated_to_the_term_end() {
    // E3 at 20.00/month, annual from 2016-03-01: term 2016-03-01 – 2017-02-28, 365 days.
    // 3 seats on 2016-09-01: 181 days left; 12 × 20 × 3 × 181 / 365 = 357.0410… → 357.04.
    let line = price(change("c", "E3", 3, "2016-03-01", "2016-09-01", false)).unwrap();
    assert_eq!(line.amount.to_string(), "357.04 USD");
    assert_eq!((line.days, line.period_days), (181, 365));
    assert_eq!(line.period_price.to_string(), "240.00");
    assert_eq!(line.service_period.last(), d("2017-02-28"));
}

#[test]
fn monthly_change_is_prorated_to_its_months_end_from_the_anchor() {
    // E1 at 4.00, monthly from 2016-01-31: periods step from the anchor, so the second is
    // 2016-02-29 – 2016-03-30 (31 days). 1 seat on 2016-03-15: 16 days, 4 × 16/31 = 2.0645…
    // → 2.06.
    let line = price(change("c", "E1", 1, "2016-01-31", "2016-03-15", true)).unwrap();
    assert_eq!(line.amount.to_string(), "2.06 USD");
    assert_eq!(
        (line.charge_period.first(), line.charge_period.last()),
        (d("2016-02-29"), d("2016-03-30"))
    );
    assert_eq!(line.days, 16);
}

#[test]
fn removals_are_credits_and_the_first_day_costs_the_whole_period() {
    // −2 seats for the whole year: −2 × 12 × 4.00 = −96.00.
    let line = price(change("c", "E1", -2, "2016-05-10", "2016-05-10", false)).unwrap();
    assert_eq!(line.amount.to_string(), "-96.00 USD");
}

#[test]
fn price_is_locked_at_the_term_start() {
    // E1 costs 4.00 until 2016-12 and 5.00 from 2017-01: a term started in 2016 keeps 4.00.
    // Started 2016-12-01, change on 2017-06-01: 183 of 365 days, 48 × 183/365 = 24.0657… → 24.07.
    let line = price(change("c", "E1", 1, "2016-12-01", "2017-06-01", false)).unwrap();
    assert_eq!(line.period_price.to_string(), "48.00");
    assert_eq!(line.amount.to_string(), "24.07 USD");
}

#[test]
fn refusals_name_the_row() {
    let inputs = fixture();
    let rows = [
        change("a", "E3", 1, "2016-03-01", "2016-04-01", false),
        change("a", "E3", 1, "2016-03-01", "2017-03-01", false),
    ];
    let err = prorate_seat_changes(
        &inputs.book,
        &inputs.program,
        ProrationPolicy::default(),
        rows,
    )
    .unwrap_err();
    assert_eq!(err.row, 1);
    assert_eq!(err.error.code(), "date_outside_term");

    let zero = price(change("a", "E3", 0, "2016-03-01", "2016-04-01", false)).unwrap_err();
    assert_eq!(zero.code(), "invalid_quantity");
    let unknown = price(change("a", "NOPE", 1, "2016-03-01", "2016-04-01", false)).unwrap_err();
    assert_eq!(unknown.code(), "offer_not_in_price_list");
    let early = price(change("a", "E3", 1, "2016-03-01", "2016-02-29", false)).unwrap_err();
    assert_eq!(early.code(), "date_outside_term");
}

#[test]
fn totals_per_customer_in_order_of_appearance() {
    let inputs = inputs();
    // b: 20 × 12 = 240.00 (whole year); a: 240.00 and −240.00 → 0.00 over two lines.
    let rows = [
        change("b", "E3", 1, "2016-03-01", "2016-03-01", false),
        change("a", "E3", 1, "2016-03-01", "2016-03-01", false),
        change("a", "E3", -1, "2016-03-01", "2016-03-01", false),
    ];
    let (lines, totals) = prorate_seat_changes(
        &inputs.book,
        &inputs.program,
        ProrationPolicy::default(),
        rows,
    )
    .unwrap();
    assert_eq!(lines.len(), 3);
    let got: Vec<(String, u64, String)> = totals
        .rows()
        .iter()
        .map(|r| (r.customer.clone(), r.lines, r.total.to_string()))
        .collect();
    assert_eq!(
        got,
        [
            ("b".to_string(), 1, "240.00 USD".to_string()),
            ("a".to_string(), 2, "0.00 USD".to_string())
        ]
    );
    assert_eq!(totals.grand_total().unwrap().to_string(), "240.00 USD");
}

fn policy(n: u8) -> ProrationPolicy {
    match n % 3 {
        0 => ProrationPolicy::default(),
        1 => ProrationPolicy {
            line: RoundingMode::HalfEven,
            ..ProrationPolicy::default()
        },
        _ => ProrationPolicy {
            daily_rate: Rounding::new(3, RoundingMode::HalfUp).ok(),
            ..ProrationPolicy::default()
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// The batch line equals the seats-added line of the charges engine replaying an order on
    /// the term start and the change on its date, for every offer, frequency and policy.
    #[test]
    fn batch_equals_the_charges_engine(
        start in 0i64..700,
        offset in 1i64..365,
        q in 1u32..300,
        add in 1u32..50,
        monthly in any::<bool>(),
        offer in 0usize..2,
        p in any::<u8>(),
    ) {
        let inputs = fixture();
        let offer = ["E1", "E3"][offer];
        let s = add_days(d("2016-01-01"), start).unwrap();
        let at = add_days(s, offset).unwrap();
        let term_end = add_days(add_months(s, 12).unwrap(), -1).unwrap();
        prop_assume!(at <= term_end);
        let customer = "contoso";
        let events = vec![
            order_for(&s.to_string(), "s", customer, offer, q, monthly),
            seats(&at.to_string(), "s", i64::from(add)),
        ];
        let options = ReplayOptions { policy: policy(p), ..ReplayOptions::default() };
        let engine = replay(inputs, &events, at, options).unwrap();
        let added: Vec<_> = engine.lines.iter().filter(|l| l.kind == ChargeKind::SeatsAdded).collect();
        prop_assert_eq!(added.len(), 1);
        let line = SeatChangePricer::new(&inputs.book, &inputs.program, policy(p))
            .price(&change(customer, offer, i64::from(add), &s.to_string(), &at.to_string(), monthly))
            .unwrap();
        prop_assert_eq!(line.amount, added[0].amount);
        prop_assert_eq!(line.service_period, added[0].service_period);
        prop_assert_eq!(line.charge_period, added[0].charge_period);
    }
}
