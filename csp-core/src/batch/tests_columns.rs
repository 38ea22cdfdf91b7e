//! The columnar kernel against the row path, and its tables' edge cases.

use std::sync::OnceLock;

use proptest::prelude::*;

use super::*;
use crate::calendar::{add_days, epoch_day};
use crate::money::{Rounding, RoundingMode};
use crate::testkit::*;

fn fixture() -> &'static crate::charges::Inputs {
    static INPUTS: OnceLock<crate::charges::Inputs> = OnceLock::new();
    INPUTS.get_or_init(inputs)
}

fn policy(n: u8) -> ProrationPolicy {
    match n % 3 {
        0 => ProrationPolicy::default(),
        1 => ProrationPolicy {
            line: RoundingMode::Down,
            ..ProrationPolicy::default()
        },
        _ => ProrationPolicy {
            daily_rate: Rounding::new(3, RoundingMode::HalfUp).ok(),
            ..ProrationPolicy::default()
        },
    }
}

/// One generated row: customer, offer, quantity, start offset, change offset, monthly.
type Row = (u32, usize, i64, i64, i64, bool);

const OFFERS: [&str; 5] = ["E1", "E3", "e3", "EOL", "NOPE"];

fn any_row(valid: bool) -> impl Strategy<Value = Row> {
    // Mostly valid rows; with `valid` false, rare refusals of every kind: an unknown or
    // retired offer, 0 seats, a start before the first list, a change outside the term.
    let offer = if valid {
        prop_oneof![Just(0usize), Just(1), Just(2)].boxed()
    } else {
        prop_oneof![40 => 0usize..3, 1 => 3usize..5].boxed()
    };
    let quantity = if valid {
        prop_oneof![1i64..300, -300i64..-1].boxed()
    } else {
        prop_oneof![60 => 1i64..300, 20 => -300i64..-1, 1 => Just(0i64)].boxed()
    };
    let start = if valid {
        (0i64..1000).boxed()
    } else {
        prop_oneof![80 => 0i64..1000, 1 => -400i64..-1].boxed()
    };
    let change = if valid {
        (0i64..365).boxed()
    } else {
        prop_oneof![80 => 0i64..365, 1 => prop_oneof![-30i64..0, 366i64..400]].boxed()
    };
    (0u32..40, offer, quantity, start, change, any::<bool>())
}

/// Columns from their slices: customer, offer, quantity, term start; change date;
/// frequencies.
pub(super) fn seat_columns<'a>(
    (customer, offer, quantity, term_start): (&'a [u32], &'a [u32], &'a [i64], &'a [i32]),
    change_date: &'a [i32],
    frequency: Frequencies<'a>,
) -> SeatColumns<'a> {
    SeatColumns {
        customer,
        offer,
        quantity,
        term_start,
        change_date,
        frequency,
    }
}

/// The rows through the kernel's columns, and one at a time through [`SeatChangePricer`]
/// with [`CustomerTotals`]: the same lines, totals and first refusal.
fn check(rows: &[Row], p: u8, per_row_frequency: bool) -> std::result::Result<(), TestCaseError> {
    let inputs = fixture();
    let base = d("2016-01-01");
    let date = |o: i64| add_days(base, o).unwrap();
    let mut kernel = SeatKernel::new(&inputs.book, &inputs.program, policy(p));
    let ids: Vec<u32> = OFFERS.iter().map(|o| kernel.offer(o).unwrap()).collect();
    let customer: Vec<u32> = rows.iter().map(|r| r.0).collect();
    let offer: Vec<u32> = rows.iter().map(|r| ids[r.1]).collect();
    let quantity: Vec<i64> = rows.iter().map(|r| r.2).collect();
    let term_start: Vec<i32> = rows.iter().map(|r| epoch_day(date(r.3))).collect();
    let change_date: Vec<i32> = rows.iter().map(|r| epoch_day(date(r.3 + r.4))).collect();
    let frequency: Vec<BillingFrequency> = rows
        .iter()
        .map(|r| {
            if r.5 && per_row_frequency {
                BillingFrequency::Monthly
            } else {
                BillingFrequency::Annual
            }
        })
        .collect();
    let frequencies = if per_row_frequency {
        Frequencies::PerRow(&frequency)
    } else {
        Frequencies::All(BillingFrequency::Annual)
    };
    let columns = (&customer[..], &offer[..], &quantity[..], &term_start[..]);
    let cols = seat_columns(columns, &change_date, frequencies);
    let mut totals = DenseTotals::new(40);
    let mut out = LineColumns::default();
    let got = kernel.run(&cols, 7, &mut totals, Some(&mut out));

    let mut pricer = SeatChangePricer::new(&inputs.book, &inputs.program, policy(p));
    let mut expected = vec![0i128; 40];
    let mut refused = None;
    for (i, r) in rows.iter().enumerate() {
        let name = format!("c{}", r.0);
        let change = SeatChange {
            customer: &name,
            offer: OFFERS[r.1],
            quantity: r.2,
            term_start: date(r.3),
            change_date: date(r.3 + r.4),
            frequency: frequency[i],
        };
        match pricer.price(&change) {
            Ok(line) => {
                let mut cents = line.amount.amount();
                cents.rescale(2);
                expected[r.0 as usize] += cents.mantissa();
                prop_assert_eq!(out.amount.get(i).copied(), Some(cents.mantissa()));
                prop_assert_eq!(
                    out.service_start.get(i).copied(),
                    Some(epoch_day(line.service_period.first()))
                );
                prop_assert_eq!(
                    out.service_end.get(i).copied(),
                    Some(epoch_day(line.service_period.last()))
                );
                prop_assert_eq!(out.days.get(i).copied(), Some(line.days));
                prop_assert_eq!(out.period_days.get(i).copied(), Some(line.period_days));
            }
            Err(e) => {
                refused = Some((i, e.code()));
                break;
            }
        }
    }
    match (got, refused) {
        (Ok(()), None) => prop_assert_eq!(out.len(), rows.len()),
        (Err(e), Some((i, code))) => {
            prop_assert_eq!((e.row, e.error.code()), (i + 7, code));
            prop_assert_eq!(out.len(), i);
        }
        (got, refused) => prop_assert!(false, "kernel {:?}, rows {:?}", got, refused),
    }
    for c in 0..40u32 {
        prop_assert_eq!(totals.get(c).unwrap().0, expected[c as usize]);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Up to three chunks of valid rows: the columnar pass and the row path agree to the cent.
    #[test]
    fn columns_equal_rows(rows in prop::collection::vec(any_row(true), 0..700), p in any::<u8>(), per_row in any::<bool>()) {
        check(&rows, p, per_row)?;
    }

    /// With rare refusals: the same first refused row (numbered from `first_row`), and the
    /// rows before it added.
    #[test]
    fn columns_refuse_the_same_row(rows in prop::collection::vec(any_row(false), 1..700), p in any::<u8>(), per_row in any::<bool>()) {
        check(&rows, p, per_row)?;
    }

    /// Day numbers round-trip, and count days.
    #[test]
    fn epoch_days_round_trip(offset in -100_000i64..100_000) {
        let day = add_days(d("1970-01-01"), offset).unwrap();
        prop_assert_eq!(i64::from(epoch_day(day)), offset);
        prop_assert_eq!(crate::calendar::from_epoch_day(epoch_day(day)).unwrap(), day);
    }
}

#[test]
fn known_epoch_days() {
    assert_eq!(epoch_day(d("1970-01-01")), 0);
    assert_eq!(epoch_day(d("2000-01-01")), 10_957);
    assert_eq!(epoch_day(d("1969-12-31")), -1);
    assert_eq!(
        crate::calendar::from_epoch_day(i32::MAX)
            .unwrap_err()
            .code(),
        "date_out_of_range"
    );
}

#[test]
fn totals_beyond_64_bits_stay_exact() {
    let mut t = DenseTotals::new(2);
    let big = i128::from(i64::MAX);
    t.add(0, big).unwrap();
    t.add(0, big).unwrap();
    t.add(0, 5).unwrap();
    t.add(0, big * 3).unwrap();
    t.add(1, -1).unwrap();
    assert_eq!(t.get(0).unwrap(), (big * 5 + 5, 4));
    assert_eq!(t.get(1).unwrap(), (-1, 1));
    assert_eq!(t.grand_total().unwrap(), big * 5 + 4);
    assert_eq!(t.add(2, 1).unwrap_err().code(), "invalid_input");
    assert_eq!(t.add(0, i128::MAX).unwrap_err().code(), "amount_overflow");
}

#[test]
fn offers_interned_after_a_list_is_filled_are_priced_too() {
    let inputs = fixture();
    let mut k = SeatKernel::new(&inputs.book, &inputs.program, ProrationPolicy::default());
    let e1 = k.offer("E1").unwrap();
    let start = epoch_day(d("2016-03-01"));
    // E1 4.00, annual, whole term of 365 days: 48.00.
    let line = k
        .line(e1, 1, start, start, BillingFrequency::Annual)
        .unwrap();
    assert_eq!(line.amount, 4800);
    // E3 interned now, priced from the list already in the table: 20 × 12 = 240.00.
    let e3 = k.offer("e3").unwrap();
    assert_eq!(
        k.line(e3, 1, start, start, BillingFrequency::Annual)
            .unwrap()
            .amount,
        24_000
    );
    let nope = k.offer("NOPE").unwrap();
    assert_eq!(
        k.line(nope, 1, start, start, BillingFrequency::Annual)
            .unwrap_err()
            .code(),
        "offer_not_in_price_list"
    );
    assert_eq!(
        k.line(99, 1, start, start, BillingFrequency::Annual)
            .unwrap_err()
            .code(),
        "invalid_input"
    );
}

#[test]
fn a_price_beyond_the_table_is_an_overflow_not_a_panic() {
    let csv = "Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,List Price,ERP Price\n\
               BIG,Big,Corporate,Non-specific,123456789012345678.9,1\n";
    let mut book = crate::price_list::PriceBook::new(Currency::USD);
    book.add(
        crate::price_list::PriceList::from_legacy_csv(
            csv,
            "2016-01".parse().unwrap(),
            Currency::USD,
        )
        .unwrap(),
    )
    .unwrap();
    let program = crate::program::Program::legacy_2015();
    let mut k = SeatKernel::new(&book, &program, ProrationPolicy::default());
    let big = k.offer("BIG").unwrap();
    let day = epoch_day(d("2016-01-05"));
    assert_eq!(
        k.line(big, 1, day, day, BillingFrequency::Annual)
            .unwrap_err()
            .code(),
        "amount_overflow"
    );
}

#[test]
fn mismatched_column_lengths_are_refused() {
    let inputs = fixture();
    let mut k = SeatKernel::new(&inputs.book, &inputs.program, ProrationPolicy::default());
    let cols = SeatColumns {
        customer: &[0, 0],
        offer: &[0],
        quantity: &[1],
        term_start: &[0],
        change_date: &[0],
        frequency: Frequencies::All(BillingFrequency::Annual),
    };
    let err = k.run(&cols, 3, &mut DenseTotals::new(1), None).unwrap_err();
    assert_eq!((err.row, err.error.code()), (3, "invalid_input"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Any column values at all (ids beyond the tables, day numbers beyond the calendar,
    /// extreme quantities): the kernel answers — lines or the first refused row — without
    /// panicking, and each row agrees with the same row priced alone.
    #[test]
    fn any_values_are_answered_not_panicked_on(
        rows in prop::collection::vec(
            (
                prop_oneof![0u32..3, any::<u32>()],
                prop_oneof![0u32..3, any::<u32>()],
                prop_oneof![-300i64..300, any::<i64>()],
                prop_oneof![16_000i32..17_500, any::<i32>()],
                prop_oneof![0i32..400, any::<i32>()],
                any::<bool>(),
            ),
            0..300,
        ),
        p in any::<u8>(),
    ) {
        let inputs = fixture();
        let mut kernel = SeatKernel::new(&inputs.book, &inputs.program, policy(p));
        let mut alone = SeatKernel::new(&inputs.book, &inputs.program, policy(p));
        for k in [&mut kernel, &mut alone] {
            for o in ["E1", "E3", "EOL"] {
                k.offer(o).unwrap();
            }
        }
        let change: Vec<i32> = rows.iter().map(|r| r.3.saturating_add(r.4)).collect();
        let frequency: Vec<BillingFrequency> = rows
            .iter()
            .map(|r| if r.5 { BillingFrequency::Monthly } else { BillingFrequency::Annual })
            .collect();
        let customer: Vec<u32> = rows.iter().map(|r| r.0).collect();
        let offer: Vec<u32> = rows.iter().map(|r| r.1).collect();
        let quantity: Vec<i64> = rows.iter().map(|r| r.2).collect();
        let start: Vec<i32> = rows.iter().map(|r| r.3).collect();
        let cols = SeatColumns {
            customer: &customer,
            offer: &offer,
            quantity: &quantity,
            term_start: &start,
            change_date: &change,
            frequency: Frequencies::PerRow(&frequency),
        };
        let mut totals = DenseTotals::new(3);
        let mut out = LineColumns::default();
        let got = kernel.run(&cols, 0, &mut totals, Some(&mut out));
        let done = got.as_ref().err().map_or(rows.len(), |e| e.row);
        prop_assert_eq!(out.len(), done);
        for i in 0..done {
            let line = alone.line(offer[i], quantity[i], start[i], change[i], frequency[i]);
            prop_assert_eq!(line.map(|l| l.amount).ok(), out.amount.get(i).copied());
        }
        if let Err(e) = got {
            // The refused row is refused alone too (or names a customer beyond the totals).
            let alone = alone.line(offer[e.row], quantity[e.row], start[e.row], change[e.row], frequency[e.row]);
            prop_assert!(alone.is_err() || customer[e.row] >= 3, "{:?}", e);
        }
    }
}

#[test]
fn a_running_total_beyond_64_bits_carries_exactly_through_the_columns() {
    // 40,000 whole-term lines of 1,000,000 seats (the most a change may name) of an offer at
    // 200,000.00 a month (× 12 = 2,400,000.00 a seat): each line is 2.4 × 10^14 cents
    // (within 64 bits), their sum 9.6 × 10^18 cents (beyond i64::MAX).
    let csv = "Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,List Price,ERP Price\n\
               BIG,A large offer,Corporate,Non-specific,200000.00,250000.00\n";
    let month = "2016-03".parse().unwrap();
    let mut book = crate::price_list::PriceBook::new(Currency::USD);
    book.add(crate::price_list::PriceList::from_legacy_csv(csv, month, Currency::USD).unwrap())
        .unwrap();
    let program = crate::program::Program::legacy_2015();
    let mut k = SeatKernel::new(&book, &program, ProrationPolicy::default());
    let big = k.offer("BIG").unwrap();
    let n = 40_000;
    let day = epoch_day(d("2016-03-01"));
    let seats = i64::from(crate::input::MAX_SEATS);
    let cols = SeatColumns {
        customer: &vec![0; n],
        offer: &vec![big; n],
        quantity: &vec![seats; n],
        term_start: &vec![day; n],
        change_date: &vec![day; n],
        frequency: Frequencies::All(BillingFrequency::Annual),
    };
    let mut totals = DenseTotals::new(1);
    k.run(&cols, 0, &mut totals, None).unwrap();
    let line = 240_000_000i128 * i128::from(seats);
    assert_eq!(totals.get(0).unwrap(), (line * 40_000, 40_000));
    assert!(line * 40_000 > i128::from(i64::MAX));
    // One seat more is refused, in the fast path as in the row path.
    let over = SeatColumns {
        quantity: &vec![seats + 1; n],
        ..cols
    };
    let err = k.run(&over, 0, &mut DenseTotals::new(1), None).unwrap_err();
    assert_eq!((err.row, err.error.code()), (0, "invalid_quantity"));
}
