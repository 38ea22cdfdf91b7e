//! The kernel's flat fast path against its general row path and an i128 oracle (SPEC §6.4).

use chrono::{Datelike, Months};
use proptest::prelude::*;

use super::*;
use crate::calendar::{add_days, epoch_day};
use crate::money::RoundingMode;
use crate::price_list::PriceList;
use crate::testkit::d;

/// Offers of the test book: `A` in cents (a new price each month), `B` with four decimals
/// (not a whole number of cents: the general path), `C` large, `D` only in even months
/// (refused in odd ones), `INT` a whole number of dollars.
const OFFERS: [&str; 5] = ["A", "B", "C", "D", "INT"];

/// Month `m` (0 = 2016-01) of the book: `A`'s price in cents.
fn a_cents(m: usize) -> i128 {
    100 + (i128::try_from(m).unwrap() * 7) % 50
}

/// Monthly lists from 2016-01 to 2019-12 (48 lists).
fn book() -> &'static PriceBook {
    static BOOK: std::sync::OnceLock<PriceBook> = std::sync::OnceLock::new();
    BOOK.get_or_init(|| {
        let mut book = PriceBook::new(Currency::USD);
        for m in 0..48usize {
            let a = a_cents(m);
            let mut csv = String::from(
                "Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,List Price,ERP Price\n",
            );
            csv += &format!("A,A,Corporate,Non-specific,{}.{:02},1\n", a / 100, a % 100);
            csv += "B,B,Corporate,Non-specific,3.1415,1\n";
            csv += "C,C,Corporate,Non-specific,9999999999.99,1\n";
            if m % 2 == 0 {
                csv += "D,D,Corporate,Non-specific,7.25,1\n";
            }
            csv += "INT,Int,Corporate,Non-specific,5,1\n";
            let month = format!("{}-{:02}", 2016 + m / 12, m % 12 + 1);
            let list = PriceList::from_legacy_csv(&csv, month.parse().unwrap(), Currency::USD);
            book.add(list.unwrap()).unwrap();
        }
        book
    })
}

/// One row: customer, offer, quantity, start, change offset from the start.
type Row = (u32, usize, i64, NaiveDate, i64);

/// Start dates on the edges of the calendar: leap days, month ends, a day before the
/// first list; and any day of the book's four years.
fn any_start() -> impl Strategy<Value = NaiveDate> {
    let edges = [
        "2016-02-29",
        "2016-01-31",
        "2016-03-31",
        "2016-08-31",
        "2017-02-28",
        "2017-12-31",
        "2018-01-01",
        "2019-02-28",
        "2019-12-31",
        "2015-12-31",
    ];
    prop_oneof![
        3 => prop::sample::select(edges.to_vec()).prop_map(d),
        7 => (0i64..1461).prop_map(|o| add_days(d("2016-01-01"), o).unwrap()),
    ]
}

fn any_row() -> impl Strategy<Value = Row> {
    let quantity = prop_oneof![
        40 => 1i64..300,
        20 => -300i64..-1,
        // Near the 64-bit edge of `12 × price × q × days` for every price of the book.
        10 => (1i64..40).prop_map(|k| i64::MAX >> k),
        5 => (1i64..40).prop_map(|k| -(i64::MAX >> k)),
        2 => any::<i64>(),
        1 => Just(0i64),
    ];
    // The term's first and last days, a day past it, and any day inside.
    let change = prop_oneof![
        1 => Just(0i64),
        1 => Just(-1i64),
        2 => Just(i64::MAX),
        1 => Just(i64::MIN),
        10 => 0i64..366,
    ];
    (0u32..6, 0usize..5, quantity, any_start(), change)
}

/// The change date of a row: offset `i64::MAX` is the term's last day, `i64::MIN` the day
/// after it.
fn change_date(start: NaiveDate, offset: i64) -> NaiveDate {
    let next_term = start.checked_add_months(Months::new(12)).unwrap();
    match offset {
        i64::MAX => next_term.pred_opt().unwrap(),
        i64::MIN => next_term,
        o => add_days(start, o).unwrap(),
    }
}

/// `num / den` rounded by `mode` (`den > 0`), in i128.
fn round(num: i128, den: i128, mode: RoundingMode) -> i128 {
    let (q, r) = (num.div_euclid(den), num.rem_euclid(den));
    // q ≤ num/den < q + 1; r / den is the fraction above q.
    let up = match mode {
        RoundingMode::Down => num < 0 && r != 0,
        RoundingMode::HalfUp => 2 * r > den || (2 * r == den && num > 0),
        RoundingMode::HalfEven => 2 * r > den || (2 * r == den && q % 2 != 0),
    };
    q + i128::from(up)
}

/// The amount of a row of offer `A`, `C` or `INT` in cents, from the book's prices and
/// the term's days counted by chrono: `12 × p × q × days / term days`.
fn oracle(
    offer: &str,
    q: i64,
    start: NaiveDate,
    change: NaiveDate,
    mode: RoundingMode,
) -> Option<i128> {
    let month = usize::try_from((start.year() - 2016) * 12).ok()? + start.month0() as usize;
    let cents = match offer {
        "A" => a_cents(month.min(47)),
        "C" => 999_999_999_999,
        "INT" => 500,
        _ => return None,
    };
    let last = start.checked_add_months(Months::new(12))?.pred_opt()?;
    let days = i128::from((last - change).num_days() + 1);
    let term = i128::from((last - start).num_days() + 1);
    let num = (12 * cents).checked_mul(i128::from(q))?.checked_mul(days)?;
    Some(round(num, term, mode))
}

/// What a run of rows gives: every line, the totals of each customer, the refusal.
type Outcome = (LineColumns, Vec<(i128, u64)>, Option<RowError>);

fn totals_of(t: &DenseTotals) -> Vec<(i128, u64)> {
    (0..6).map(|c| t.get(c).unwrap()).collect()
}

/// The rows through [`SeatKernel::run`] (annual: the flat path), in two runs of one
/// kernel split at `split`, the offers interned as the runs first use them.
fn through_runs(rows: &[Row], split: usize, policy: ProrationPolicy) -> Outcome {
    let program = Program::legacy_2015();
    let mut kernel = SeatKernel::new(book(), &program, policy);
    let mut totals = DenseTotals::new(6);
    let mut out = LineColumns::default();
    let (first, second) = rows.split_at(split.min(rows.len()));
    for (part, at) in [(first, 100), (second, 100 + first.len())] {
        let offer: Vec<u32> = part
            .iter()
            .map(|r| kernel.offer(OFFERS[r.1]).unwrap())
            .collect();
        let customer: Vec<u32> = part.iter().map(|r| r.0).collect();
        let quantity: Vec<i64> = part.iter().map(|r| r.2).collect();
        let term_start: Vec<i32> = part.iter().map(|r| epoch_day(r.3)).collect();
        let change: Vec<i32> = part
            .iter()
            .map(|r| epoch_day(change_date(r.3, r.4)))
            .collect();
        let columns = (&customer[..], &offer[..], &quantity[..], &term_start[..]);
        let annual = Frequencies::All(BillingFrequency::Annual);
        let cols = super::tests_columns::seat_columns(columns, &change, annual);
        if let Err(e) = kernel.run(&cols, at, &mut totals, Some(&mut out)) {
            return (out, totals_of(&totals), Some(e));
        }
    }
    (out, totals_of(&totals), None)
}

/// The rows one at a time through [`SeatKernel::line`] (the general path) and
/// [`DenseTotals::add`].
fn through_lines(rows: &[Row], policy: ProrationPolicy) -> Outcome {
    let program = Program::legacy_2015();
    let mut kernel = SeatKernel::new(book(), &program, policy);
    let mut totals = DenseTotals::new(6);
    let mut out = LineColumns::default();
    for (i, r) in rows.iter().enumerate() {
        let offer = kernel.offer(OFFERS[r.1]).unwrap();
        let change = epoch_day(change_date(r.3, r.4));
        let line = kernel
            .line(offer, r.2, epoch_day(r.3), change, BillingFrequency::Annual)
            .and_then(|line| totals.add(r.0, line.amount).map(|()| line));
        match line {
            Ok(line) => out.push(&line),
            Err(error) => {
                let refusal = RowError {
                    row: 100 + i,
                    error,
                };
                return (out, totals_of(&totals), Some(refusal));
            }
        }
    }
    (out, totals_of(&totals), None)
}

fn exact_policy(mode: u8) -> ProrationPolicy {
    let line = match mode % 3 {
        0 => RoundingMode::HalfUp,
        1 => RoundingMode::HalfEven,
        _ => RoundingMode::Down,
    };
    ProrationPolicy {
        line,
        ..ProrationPolicy::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_flat_path_agrees_with_the_general_path(
        rows in prop::collection::vec(any_row(), 0..300),
        split in 0usize..300,
        mode in any::<u8>(),
    ) {
        let policy = exact_policy(mode);
        let fast = through_runs(&rows, split, policy);
        let general = through_lines(&rows, policy);
        prop_assert_eq!(&fast, &general);
        // Each line of a known price is the oracle's amount.
        for (i, r) in rows.iter().enumerate().take(fast.0.len()) {
            let expected = oracle(OFFERS[r.1], r.2, r.3, change_date(r.3, r.4), policy.line);
            if let Some(cents) = expected {
                prop_assert_eq!(fast.0.amount[i], cents, "row {}", i);
            }
        }
    }
}

#[test]
fn month_ends_and_leap_days_by_hand() {
    // A at 2016-02 (m = 1): 1.07. Start 2016-02-29: term to 2017-02-27 (365 days); 1 seat
    // on the last day: 12 × 107 × 1 / 365 = 3.517… → 4 cents. On the first day: the whole
    // term, 12 × 107 = 1284 cents.
    let start = d("2016-02-29");
    let rows: Vec<Row> = vec![(0, 0, 1, start, i64::MAX), (1, 0, 1, start, 0)];
    let (lines, totals, refusal) = through_runs(&rows, 1, ProrationPolicy::default());
    assert_eq!(refusal, None);
    assert_eq!(lines.amount, [4, 1284]);
    assert_eq!((lines.days[0], lines.period_days[0]), (1, 365));
    assert_eq!(lines.service_end[0], epoch_day(d("2017-02-27")));
    assert_eq!(&totals[..2], &[(4, 1), (1284, 1)]);
}

#[test]
fn the_day_after_the_term_is_refused_with_its_row() {
    // Start 2016-01-31: term to 2017-01-30; 2017-01-31 is outside it.
    let start = d("2016-01-31");
    let rows: Vec<Row> = vec![(0, 0, 2, start, 5), (0, 0, 1, start, i64::MIN)];
    let (lines, _, refusal) = through_runs(&rows, 2, ProrationPolicy::default());
    assert_eq!(lines.len(), 1);
    let refusal = refusal.unwrap();
    assert_eq!(
        (refusal.row, refusal.error.code()),
        (101, "date_outside_term")
    );
}
