use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

use super::*;

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

#[test]
fn leap_years() {
    for (y, leap) in [
        (2016, true),
        (2017, false),
        (2000, true),
        (1900, false),
        (2100, false),
        (2024, true),
    ] {
        assert_eq!(is_leap_year(y), leap, "{y}");
    }
    assert_eq!(days_in_month(2016, 2), 29);
    assert_eq!(days_in_month(2100, 2), 28);
    assert_eq!(days_in_month(2021, 4), 30);
    assert_eq!(days_in_month(2021, 13), 0);
}

#[test]
fn add_months_clamps_from_the_anchor() {
    // SPEC §1.3.
    assert_eq!(add_months(d("2021-01-31"), 1).unwrap(), d("2021-02-28"));
    assert_eq!(add_months(d("2021-01-31"), 2).unwrap(), d("2021-03-31"));
    // Chaining from the clamped result would drift to the 28th: that is the bug we avoid.
    let chained = add_months(add_months(d("2021-01-31"), 1).unwrap(), 1).unwrap();
    assert_eq!(chained, d("2021-03-28"));
    assert_ne!(chained, add_months(d("2021-01-31"), 2).unwrap());
    // Leap days (SPEC §10.4): 2024-02-29 + 12 → 2025-02-28; + 48 → 2028-02-29.
    assert_eq!(add_months(d("2024-02-29"), 12).unwrap(), d("2025-02-28"));
    assert_eq!(add_months(d("2024-02-29"), 48).unwrap(), d("2028-02-29"));
    assert_eq!(add_months(d("2015-12-15"), 1).unwrap(), d("2016-01-15"));
    assert_eq!(add_months(d("2015-12-15"), 0).unwrap(), d("2015-12-15"));
}

#[test]
fn microsoft_monthly_term_end_table() {
    // csp-rules.md §3.2, Microsoft's published table: end = add_months(start, 1) − 1 day.
    let table = [
        ("2021-01-31", "2021-02-27"),
        ("2021-02-28", "2021-03-27"),
        ("2021-05-31", "2021-06-29"),
        ("2021-06-30", "2021-07-29"),
        ("2021-07-31", "2021-08-30"),
        ("2021-01-30", "2021-02-27"),
        ("2021-02-27", "2021-03-26"),
        ("2021-05-30", "2021-06-29"),
        ("2021-06-29", "2021-07-28"),
        ("2021-07-30", "2021-08-29"),
    ];
    for (start, end) in table {
        let got = add_days(add_months(d(start), 1).unwrap(), -1).unwrap();
        assert_eq!(got, d(end), "purchase {start}");
    }
}

#[test]
fn microsoft_monthly_cycles_of_an_annual_term() {
    // csp-rules.md §3.2: a 2021-01-31 start gives cycles 01-31..02-27, 02-28..03-30,
    // 03-31..04-29, 04-30..05-30, 05-31..06-29, …, 12-31..2022-01-30.
    let s = d("2021-01-31");
    let cycle = |k| {
        let first = add_months(s, k).unwrap();
        let last = add_days(add_months(s, k + 1).unwrap(), -1).unwrap();
        Period::new(first, last).unwrap().to_string()
    };
    assert_eq!(cycle(0), "2021-01-31..2021-02-27");
    assert_eq!(cycle(1), "2021-02-28..2021-03-30");
    assert_eq!(cycle(2), "2021-03-31..2021-04-29");
    assert_eq!(cycle(3), "2021-04-30..2021-05-30");
    assert_eq!(cycle(4), "2021-05-31..2021-06-29");
    assert_eq!(cycle(11), "2021-12-31..2022-01-30");
}

#[test]
fn add_months_out_of_range_is_an_error() {
    assert_eq!(
        add_months(NaiveDate::MAX, 1).unwrap_err().code(),
        "date_out_of_range"
    );
    assert_eq!(
        add_months(d("2021-01-01"), u32::MAX).unwrap_err().code(),
        "date_out_of_range"
    );
    assert_eq!(
        add_days(NaiveDate::MIN, -1).unwrap_err().code(),
        "date_out_of_range"
    );
}

#[test]
fn periods() {
    assert_eq!(
        Period::new(d("2018-01-13"), d("2018-02-12"))
            .unwrap()
            .days(),
        31
    );
    assert_eq!(
        Period::new(d("2016-01-01"), d("2016-12-31"))
            .unwrap()
            .days(),
        366
    );
    // L7: 2/1/2018–1/12/2019 is 346 days (csp-rules §4.1).
    assert_eq!(
        Period::new(d("2018-02-01"), d("2019-01-12"))
            .unwrap()
            .days(),
        346
    );
    assert_eq!(Period::day(d("2016-02-29")).days(), 1);
    let e = Period::new(d("2016-03-02"), d("2016-03-01")).unwrap_err();
    assert_eq!(e.code(), "invalid_period");

    let p = Period::new(d("2018-01-13"), d("2018-02-12")).unwrap();
    assert!(
        p.contains(d("2018-01-13")) && p.contains(d("2018-02-12")) && !p.contains(d("2018-02-13"))
    );
    assert_eq!(p.split_at(d("2018-01-13")).unwrap(), (None, p));
    let (before, after) = p.split_at(d("2018-02-12")).unwrap();
    assert_eq!((before.unwrap().days(), after.days()), (30, 1));
    assert_eq!(
        p.split_at(d("2018-02-13")).unwrap_err().code(),
        "date_outside_period"
    );
    assert_eq!(
        p.from_date(d("2018-02-01")).unwrap().to_string(),
        "2018-02-01..2018-02-12"
    );

    let q = Period::new(d("2018-02-01"), d("2018-03-31")).unwrap();
    assert_eq!(
        p.intersect(&q).unwrap().to_string(),
        "2018-02-01..2018-02-12"
    );
    assert_eq!(p.intersect(&Period::day(d("2019-01-01"))), None);
}

#[test]
fn year_months_and_dates() {
    let m: YearMonth = "2016-02".parse().unwrap();
    assert_eq!(
        (m.first_day(), m.last_day()),
        (d("2016-02-01"), d("2016-02-29"))
    );
    assert_eq!(
        "2100-02".parse::<YearMonth>().unwrap().last_day(),
        d("2100-02-28")
    );
    assert_eq!(
        "2015-12"
            .parse::<YearMonth>()
            .unwrap()
            .next()
            .unwrap()
            .to_string(),
        "2016-01"
    );
    assert_eq!(YearMonth::of(d("2016-03-31")).to_string(), "2016-03");
    assert_eq!(m.period().days(), 29);
    for bad in [
        "2016-13",
        "2016-00",
        "16-02",
        "2016-2",
        "2016-02-01",
        "",
        "abcd-ef",
        "2016/02",
    ] {
        assert_eq!(
            bad.parse::<YearMonth>().unwrap_err().code(),
            "invalid_input",
            "{bad:?}"
        );
    }
    for bad in [
        "2016-02-30",
        "2016-2-1",
        "01/02/2016",
        "2016-02-01T00:00",
        "",
    ] {
        assert_eq!(
            parse_date(bad).unwrap_err().code(),
            "invalid_input",
            "{bad:?}"
        );
    }
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (-300_000i32..300_000).prop_map(|n| {
        NaiveDate::from_ymd_opt(2000, 1, 1)
            .unwrap()
            .checked_add_signed(chrono::Duration::days(i64::from(n) * 3))
            .unwrap()
    })
}

proptest! {
    /// The direct digit reader agrees with chrono's `%Y-%m-%d` parser on every text of the
    /// shape, valid or not, within the documented range (2000-01-01 to 9999-12-31); every
    /// date outside it is refused.
    #[test]
    fn parse_date_agrees_with_chrono(y in 0u32..10_000, m in 0u32..100, d in 0u32..100) {
        let text = format!("{y:04}-{m:02}-{d:02}");
        let chrono = NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .ok()
            .filter(|d| d.year() >= 2000);
        prop_assert_eq!(parse_date(&text).ok(), chrono);
    }

    #[test]
    fn add_months_never_panics(y in any::<i32>(), doy in 1u32..=366, n in any::<u32>()) {
        if let Some(date) = NaiveDate::from_yo_opt(y, doy) {
            let _ = add_months(date, n);
        }
    }

    #[test]
    fn add_months_is_anchor_based(date in any_date(), n in 0u32..2400) {
        // The result is in the right month, on the anchor's day clamped to that month.
        let r = add_months(date, n).unwrap();
        let months = (r.year() - date.year()) * 12 + r.month() as i32 - date.month() as i32;
        prop_assert_eq!(months, n as i32);
        prop_assert_eq!(r.day(), date.day().min(days_in_month(r.year(), r.month())));
        // Without clamping, chaining agrees with one step; with clamping it need not.
        if date.day() <= 28 {
            let m = n / 2;
            prop_assert_eq!(add_months(add_months(date, m).unwrap(), n - m).unwrap(), r);
        }
    }

    #[test]
    fn splits_conserve_days(first in any_date(), len in 0i64..800, at in 0i64..800) {
        let last = add_days(first, len).unwrap();
        let p = Period::new(first, last).unwrap();
        let cut = add_days(first, at % (len + 1)).unwrap();
        let (before, after) = p.split_at(cut).unwrap();
        prop_assert_eq!(before.map_or(0, |b| b.days()) + after.days(), p.days());
        prop_assert_eq!(after.first(), cut);
        if let Some(b) = before {
            prop_assert_eq!(add_days(b.last(), 1).unwrap(), cut);
        }
    }
}
