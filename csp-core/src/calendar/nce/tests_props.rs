//! Property tests of the NCE term calendar (SPEC-NCE §13.14: a term's cycles, the partial one
//! included, partition the term), 10,000 cases each, starts drawn over 2000–2100 with month
//! ends and 29 February over-weighted.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::calendar::{days_between, days_in_month, is_leap_year, YearMonth};

/// A start date in 2000–2100: any day, a month's last day, or a 29 February.
fn start() -> impl Strategy<Value = NaiveDate> {
    let any_day = (2000i32..=2100, 1u32..=12, 1u32..=31).prop_map(|(y, m, day)| {
        NaiveDate::from_ymd_opt(y, m, day.min(days_in_month(y, m))).unwrap()
    });
    let month_end = (2000i32..=2100, 1u32..=12)
        .prop_map(|(y, m)| NaiveDate::from_ymd_opt(y, m, days_in_month(y, m)).unwrap());
    let leap_day = (2000i32..=2100)
        .prop_filter("a leap year", |y| is_leap_year(*y))
        .prop_map(|y| NaiveDate::from_ymd_opt(y, 2, 29).unwrap());
    prop_oneof![3 => any_day, 1 => month_end, 1 => leap_day]
}

/// A term length and a cycle length that divides it (1, 12, 36).
fn lengths() -> impl Strategy<Value = (u32, u32)> {
    prop_oneof![
        Just((1, 1)),
        Just((12, 1)),
        Just((12, 12)),
        Just((36, 1)),
        Just((36, 12)),
        Just((36, 36)),
    ]
}

/// A first term: natural, or with a custom end anywhere in `[S, natural end]` (one case in
/// two), calendar-aligned now and then.
fn first_term() -> impl Strategy<Value = NceTerm> {
    (start(), lengths(), 0u8..4, any::<u32>()).prop_map(|(s, (m, c), kind, pick)| {
        let natural = natural_end(s, m).unwrap();
        let custom = match kind {
            0 => None,
            1 => Some(calendar_aligned_end(s, m).unwrap()),
            _ => {
                let span = u32::try_from(days_between(s, natural)).unwrap() + 1;
                Some(add_days(s, i64::from(pick % span)).unwrap())
            }
        };
        NceTerm::first(s, m, c, custom).unwrap()
    })
}

/// The cycles partition the term: contiguous, first at the start, last at the end; only
/// the first may be partial, and only in a shortened term.
fn assert_partition(term: &NceTerm) -> Result<(), TestCaseError> {
    let cycles = term.cycles().unwrap();
    prop_assert!(!cycles.is_empty());
    prop_assert_eq!(cycles[0].first(), term.period().first());
    prop_assert_eq!(cycles[cycles.len() - 1].last(), term.period().last());
    for pair in cycles.windows(2) {
        prop_assert_eq!(add_days(pair[0].last(), 1).unwrap(), pair[1].first());
        prop_assert!(!pair[1].is_partial());
    }
    for c in &cycles {
        prop_assert!(c.first() <= c.last());
        prop_assert_eq!(c.reference.last(), c.last());
        prop_assert!(c.days_in_cycle() >= c.period.days());
        prop_assert!(!c.is_partial() || term.is_shortened());
    }
    let total: u32 = cycles.iter().map(|c| c.period.days()).sum();
    prop_assert_eq!(total, term.period().days());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn cycles_partition_the_term(term in first_term()) {
        assert_partition(&term)?;
        // The following term too (a natural one, from the anchor).
        assert_partition(&term.next().unwrap())?;
    }

    #[test]
    fn every_cycle_counts_at_least_its_own_days(term in first_term()) {
        for c in term.cycles().unwrap() {
            prop_assert!(c.days_in_cycle() >= c.period.days(), "{:?}", c);
            // A reference cycle is c calendar months: 28·c to 31·c days.
            let c_months = i64::from(term.cycle_months());
            let days = i64::from(c.days_in_cycle());
            prop_assert!(days >= 28 * c_months && days <= 31 * c_months, "{:?}", c);
        }
    }

    #[test]
    fn cycle_at_holds_every_day_of_the_term(term in first_term()) {
        let cycles = term.cycles().unwrap();
        let mut day = term.period().first();
        for cycle in &cycles {
            while day <= cycle.last() {
                let found = term.cycle_at(day).unwrap();
                prop_assert!(found.period.contains(day));
                prop_assert_eq!(found, *cycle);
                day = add_days(day, 1).unwrap();
            }
            // The next cycle start seen from the cycle's first and last day.
            let next = (cycle.last() < term.period().last())
                .then(|| add_days(cycle.last(), 1).unwrap());
            prop_assert_eq!(term.next_cycle_start(cycle.first()).unwrap(), next);
            prop_assert_eq!(term.next_cycle_start(cycle.last()).unwrap(), next);
        }
        let before = add_days(term.period().first(), -1).unwrap();
        let after = add_days(term.period().last(), 1).unwrap();
        prop_assert_eq!(term.cycle_at(before).unwrap_err().code(), "date_outside_term");
        prop_assert_eq!(term.cycle_at(after).unwrap_err().code(), "date_outside_term");
    }

    #[test]
    fn next_starts_the_day_after_the_term(term in first_term()) {
        let next = term.next().unwrap();
        prop_assert_eq!(next.period().first(), add_days(term.period().last(), 1).unwrap());
        prop_assert_eq!(next.anchor(), term.anchor());
        prop_assert!(!next.is_shortened());
        prop_assert_eq!(
            (next.term_months(), next.cycle_months()),
            (term.term_months(), term.cycle_months())
        );
        let after = next.next().unwrap();
        prop_assert_eq!(after.period().first(), add_days(next.period().last(), 1).unwrap());
    }

    #[test]
    fn terms_are_counted_from_the_anchor_never_chained(
        s in start(),
        (m, c) in lengths(),
    ) {
        let term = NceTerm::first(s, m, c, None).unwrap();
        let k2 = term.next().unwrap().next().unwrap();
        // Term k = 2 directly: [add_months(A, 2m), add_months(A, 3m) − 1].
        let first = add_months(s, 2 * m).unwrap();
        let last = add_days(add_months(s, 3 * m).unwrap(), -1).unwrap();
        prop_assert_eq!(k2.period(), Period::new(first, last).unwrap());
        // Its cycles likewise: [add_months(A, 2m + j·c), add_months(A, 2m + (j+1)·c) − 1].
        for (j, cycle) in (0u32..).zip(k2.cycles().unwrap()) {
            let b = add_months(s, 2 * m + j * c).unwrap();
            let e = add_days(add_months(s, 2 * m + (j + 1) * c).unwrap(), -1).unwrap();
            prop_assert_eq!(cycle.period, Period::new(b, e).unwrap());
        }
        // And they are the periods of the legacy schedule with the same anchor.
        let schedule = TermSchedule::new(s, m, c);
        prop_assert_eq!(k2.period(), schedule.term(3).unwrap());
        for cycle in k2.cycles().unwrap() {
            prop_assert_eq!(
                schedule.period_holding(3, cycle.first()).unwrap(),
                Some(cycle.period)
            );
        }
    }

    #[test]
    fn aligned_and_coterm_ends_pass_the_custom_end_check(
        term in first_term(),
        s in start(),
        (m, _c) in lengths(),
    ) {
        let aligned = calendar_aligned_end(s, m).unwrap();
        let natural = natural_end(s, m).unwrap();
        // The latest month end ≤ the natural end, never before the start.
        prop_assert!(s <= aligned && aligned <= natural);
        prop_assert_eq!(YearMonth::of(aligned).last_day(), aligned);
        prop_assert!(YearMonth::of(aligned).next().unwrap().last_day() > natural);
        prop_assert!(check_custom_end(s, m, aligned, Some(s)).is_ok());
        match coterm_ends(s, m, &term) {
            Ok(ends) => {
                prop_assert!(ends.windows(2).all(|w| w[0] < w[1]));
                for end in ends {
                    prop_assert!(check_custom_end(s, m, end, Some(s)).is_ok(), "{}", end);
                    prop_assert!(NceTerm::first(s, m, 1, Some(end)).is_ok());
                }
            }
            Err(e) => {
                prop_assert_eq!(e.code(), "coterm_not_allowed");
                prop_assert!(m > 1 && term.term_months() == 1);
            }
        }
    }
}
