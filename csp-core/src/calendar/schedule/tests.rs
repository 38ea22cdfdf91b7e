use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::calendar::{add_days, days_between};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn p(a: NaiveDate, b: NaiveDate) -> Period {
    Period::new(a, b).unwrap()
}

#[test]
fn monthly_periods_step_from_the_anchor_with_clamped_days() {
    // SPEC §1.3: from 31 January, boundaries fall on 29 Feb (2016 is leap), 31 Mar, 30 Apr…
    let s = TermSchedule::new(d(2016, 1, 31), 12, 1);
    assert_eq!(
        s.period_holding(1, d(2016, 1, 31)).unwrap(),
        Some(p(d(2016, 1, 31), d(2016, 2, 28)))
    );
    assert_eq!(
        s.period_holding(1, d(2016, 2, 29)).unwrap(),
        Some(p(d(2016, 2, 29), d(2016, 3, 30)))
    );
    assert_eq!(
        s.period_holding(1, d(2016, 4, 30)).unwrap(),
        Some(p(d(2016, 4, 30), d(2016, 5, 30)))
    );
    // The last period ends with the term: 31 Dec 2016 .. 30 Jan 2017.
    assert_eq!(
        s.period_holding(1, d(2017, 1, 30)).unwrap(),
        Some(p(d(2016, 12, 31), d(2017, 1, 30)))
    );
    assert_eq!(s.period_holding(1, d(2017, 1, 31)).unwrap(), None);
    assert_eq!(s.period_holding(1, d(2016, 1, 30)).unwrap(), None);
}

#[test]
fn later_terms_count_from_the_anchor_not_from_the_previous_term() {
    let s = TermSchedule::new(d(2016, 2, 29), 12, 1);
    // Term 2 starts on add_months(29 Feb 2016, 12) = 28 Feb 2017; term 3 on 28 Feb 2018…
    assert_eq!(s.term(1).unwrap(), p(d(2016, 2, 29), d(2017, 2, 27)));
    assert_eq!(s.term(2).unwrap(), p(d(2017, 2, 28), d(2018, 2, 27)));
    // …but term 5 on 29 Feb 2020: the anchor's day comes back in a leap year.
    assert_eq!(s.term(5).unwrap(), p(d(2020, 2, 29), d(2021, 2, 27)));
    // Term 2's periods: boundaries add_months(A, 12) = 28 Feb 2017, add_months(A, 13) =
    // 29 Mar 2017.
    assert_eq!(
        s.period_holding(2, d(2017, 3, 28)).unwrap(),
        Some(p(d(2017, 2, 28), d(2017, 3, 28)))
    );
    assert_eq!(s.period_holding(1, d(2017, 3, 1)).unwrap(), None);
}

#[test]
fn annual_billing_is_one_period_and_has_no_next_start_inside_the_term() {
    let s = TermSchedule::new(d(2016, 3, 1), 12, 12);
    let term = p(d(2016, 3, 1), d(2017, 2, 28));
    assert_eq!(s.term(1).unwrap(), term);
    assert_eq!(s.period_holding(1, d(2016, 9, 1)).unwrap(), Some(term));
    assert_eq!(s.next_period_start(1, d(2016, 3, 1)).unwrap(), None);
    assert_eq!(
        s.next_period_start(1, d(2016, 2, 1)).unwrap(),
        Some(d(2016, 3, 1))
    );
}

#[test]
fn a_cycle_longer_than_the_term_is_the_term() {
    let s = TermSchedule::new(d(2016, 3, 1), 1, 12);
    assert_eq!(
        s.period_holding(1, d(2016, 3, 20)).unwrap(),
        Some(p(d(2016, 3, 1), d(2016, 3, 31)))
    );
}

#[test]
fn the_rule_over_day_numbers_matches_the_rule_over_dates() {
    // The batch kernel's form: boundaries as plain numbers.
    let bounds = [0, 31, 60, 91];
    let at = |day| period_offsets(3, 1, day, |k| Ok(bounds[k as usize])).unwrap();
    assert_eq!(at(0), (0, 1));
    assert_eq!(at(30), (0, 1));
    assert_eq!(at(31), (1, 2));
    assert_eq!(at(90), (2, 3));
    assert_eq!(
        period_offsets(3, 12, 45, |k| Ok(bounds[k as usize])).unwrap(),
        (0, 3)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// Independent oracle: monthly periods of a term tile it without gaps, each period runs
    /// from one month boundary `add_months(A, k)` to the day before the next, and the period
    /// holding a day is the one whose bounds contain it.
    #[test]
    fn monthly_periods_tile_the_term(
        anchor_day in 0i64..20_000,
        term in 1u32..4,
        offset in 0i64..1_200,
    ) {
        let anchor = add_days(d(1990, 1, 1), anchor_day).unwrap();
        let s = TermSchedule::new(anchor, 12, 1);
        let t = s.term(term).unwrap();
        let day = add_days(t.first(), offset % i64::from(t.days())).unwrap();
        let held = s.period_holding(term, day).unwrap().unwrap();
        prop_assert!(held.contains(day));
        let k0 = 12 * (term - 1);
        let ks: Vec<u32> = (k0..k0 + 12).filter(|&k| add_months(anchor, k).unwrap() == held.first()).collect();
        prop_assert_eq!(ks.len(), 1);
        let k = ks[0];
        prop_assert_eq!(add_days(held.last(), 1).unwrap(), add_months(anchor, k + 1).unwrap());
        // The next period starts the day after this one ends, unless this one ends the term.
        let next = s.next_period_start(term, day).unwrap();
        if held.last() == t.last() {
            prop_assert_eq!(next, None);
        } else {
            prop_assert_eq!(next, Some(add_days(held.last(), 1).unwrap()));
        }
        prop_assert!(days_between(held.first(), held.last()) < 31);
    }
}
