//! Quotes worked by hand (SPEC §5, §6.1–§6.4).

use super::*;
use crate::money::Currency;
use crate::testkit::d;

fn request(change: QuoteChange, at: &str, frequency: BillingFrequency) -> QuoteRequest {
    QuoteRequest {
        offer: PRICED_OFFER.into(),
        seats: 10,
        order_date: d("2016-03-01"),
        frequency,
        change,
        change_date: d(at),
        policy: ProrationPolicy::default(),
    }
}

fn run(r: &QuoteRequest) -> Result<Quote> {
    let book = priced_book(&Money::parse("20.00", Currency::USD)?, r.order_date)?;
    quote(&book, &Program::legacy_2015(), r)
}

fn total(lines: &[ChargeLine]) -> String {
    Money::sum(Currency::USD, lines.iter().map(|l| &l.amount))
        .unwrap()
        .to_string()
}

#[test]
fn removing_seats_mid_month_credits_the_rest_of_the_month() {
    // Monthly from 1 March: the period 1–31 March (31 days); 2 seats removed on 16 March
    // leave 16 days: −2 × 20 × 16 / 31 = −20.645… → −20.65. Then 11 monthly charges of
    // 8 × 20 = 160.00 until the term end (2017-02-28).
    let q = run(&request(
        QuoteChange::RemoveSeats(2),
        "2016-03-16",
        BillingFrequency::Monthly,
    ))
    .unwrap();
    let seat = q.seat_charge.unwrap();
    assert_eq!(seat.amount.to_string(), "-20.65 USD");
    assert_eq!((seat.days, seat.period_days, seat.quantity), (16, 31, -2));
    assert_eq!(total(&q.change), "-20.65 USD");
    assert_eq!(q.following.len(), 11);
    assert!(q
        .following
        .iter()
        .all(|l| l.amount.to_string() == "160.00 USD"));
    assert_eq!(
        q.term,
        Period::new(d("2016-03-01"), d("2017-02-28")).unwrap()
    );
    assert_eq!(q.lines.len(), 1 + 1 + 11);
}

#[test]
fn adding_seats_annually_charges_to_the_term_end() {
    // 181 of 365 days: 12 × 20 × 3 × 181 / 365 = 357.041… → 357.04; annual billing has no
    // charge after it in the term.
    let q = run(&request(
        QuoteChange::AddSeats(3),
        "2016-09-01",
        BillingFrequency::Annual,
    ))
    .unwrap();
    assert_eq!(total(&q.change), "357.04 USD");
    assert!(q.following.is_empty());
    // The order's own charge: 10 × 12 × 20 = 2,400.00.
    assert_eq!(total(&q.lines), "2757.04 USD");
}

#[test]
fn a_change_outside_the_term_is_refused_for_every_kind() {
    for change in [
        QuoteChange::AddSeats(1),
        QuoteChange::RemoveSeats(1),
        QuoteChange::Suspend,
    ] {
        for at in ["2016-02-29", "2017-03-01"] {
            let err = run(&request(change, at, BillingFrequency::Annual)).unwrap_err();
            assert_eq!(err.code(), "date_outside_term", "{change:?} on {at}");
        }
    }
}

#[test]
fn a_suspension_has_no_seat_line_and_zero_seats_are_refused() {
    let q = run(&request(
        QuoteChange::Suspend,
        "2016-06-01",
        BillingFrequency::Monthly,
    ))
    .unwrap();
    assert!(q.seat_charge.is_none());
    let zero = run(&request(
        QuoteChange::AddSeats(0),
        "2016-06-01",
        BillingFrequency::Monthly,
    ))
    .unwrap_err();
    assert_eq!(zero.code(), "invalid_quantity");
    let unknown = QuoteRequest {
        offer: "NOPE".into(),
        ..request(
            QuoteChange::AddSeats(1),
            "2016-06-01",
            BillingFrequency::Monthly,
        )
    };
    assert!(run(&unknown).is_err());
}
