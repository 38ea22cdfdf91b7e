//! Expected values follow SPEC §2 and §10.10 by hand: the first term ends on the first
//! 31 August strictly after signing; a notice on n stops the renewal at end(T) only if
//! n ≤ end(T) − 30 days (1 August); a later one acts at the following term's end.

use chrono::NaiveDate;

use super::*;
use crate::calendar::{parse_date, Period};

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

fn notice(s: &str, by: Party) -> Notice {
    Notice { given_on: d(s), by }
}

#[test]
fn mid_year_signing() {
    let a = Agreement::mcra(d("2015-10-01"));
    let t1 = a.term(1).unwrap();
    assert_eq!(
        (t1.first, t1.last, t1.notice_deadline),
        (
            d("2015-10-01"),
            Some(d("2016-08-31")),
            Some(d("2016-08-01"))
        )
    );
    let t2 = a.term(2).unwrap();
    assert_eq!(
        (t2.first, t2.last),
        (d("2016-09-01"), Some(d("2017-08-31")))
    );
    assert_eq!(a.term_on(d("2016-08-31")).unwrap().number, 1);
    assert_eq!(a.term_on(d("2016-09-01")).unwrap().number, 2);
    assert_eq!(
        a.term_on(d("2020-01-15")).unwrap().last,
        Some(d("2020-08-31"))
    );
    assert_eq!(
        a.next_renewal(d("2016-08-31")),
        Some(d("2016-08-31")),
        "the renewal date is the term's last day"
    );
    assert_eq!(a.next_renewal(d("2016-09-01")), Some(d("2017-08-31")));
    assert_eq!(a.notice_deadline(d("2016-08-31")), Some(d("2016-08-01")));
    assert_eq!(
        a.notice_deadline(d("2016-08-30")),
        None,
        "not a renewal date"
    );
    assert_eq!(a.end_date(), None);
    assert!(a.in_force(d("2040-01-01")));
    assert!(!a.in_force(d("2015-09-30")) && a.term_on(d("2015-09-30")).is_none());
}

#[test]
fn signing_on_31_august_and_1_september() {
    // SPEC §10.10: 31 August is not strictly after itself: the first term runs a year and a
    // day. 2015-08-31..2016-08-31 spans 29 Feb 2016: 367 days; 2016-08-31..2017-08-31: 366.
    let a = Agreement::mcra(d("2015-08-31"));
    let t1 = a.term(1).unwrap();
    assert_eq!(t1.last, Some(d("2016-08-31")));
    assert_eq!(Period::new(t1.first, d("2016-08-31")).unwrap().days(), 367);
    let b = Agreement::mcra(d("2016-08-31"));
    assert_eq!(
        Period::new(d("2016-08-31"), b.term(1).unwrap().last.unwrap())
            .unwrap()
            .days(),
        366
    );
    // Signing on 1 September: the first term is exactly the coming year.
    let c = Agreement::mcra(d("2015-09-01"));
    assert_eq!(c.term(1).unwrap().last, Some(d("2016-08-31")));
    // Signing on 29 February 2016: first term ends 31 August 2016.
    let e = Agreement::mcra(d("2016-02-29"));
    assert_eq!(e.term(1).unwrap().last, Some(d("2016-08-31")));
}

#[test]
fn notice_on_the_deadline_and_one_day_after() {
    let on_time = Agreement::mcra(d("2015-10-01"))
        .with_notice(notice("2016-08-01", Party::Partner))
        .unwrap();
    assert_eq!(on_time.end_date(), Some(d("2016-08-31")));
    assert!(on_time.in_force(d("2016-08-31")) && !on_time.in_force(d("2016-09-01")));
    assert_eq!(
        on_time.next_renewal(d("2016-03-01")),
        None,
        "it ends instead of renewing"
    );
    assert_eq!(on_time.term_on(d("2016-09-01")), None);

    let late = Agreement::mcra(d("2015-10-01"))
        .with_notice(notice("2016-08-02", Party::Microsoft))
        .unwrap();
    assert_eq!(late.end_date(), Some(d("2017-08-31")));
    assert_eq!(
        late.next_renewal(d("2016-08-02")),
        Some(d("2016-08-31")),
        "the coming renewal still happens"
    );
    assert_eq!(late.next_renewal(d("2016-09-01")), None);
    // A notice on the renewal day itself, or in the last 30 days, acts a year later.
    let on_renewal_day = Agreement::mcra(d("2015-10-01"))
        .with_notice(notice("2016-08-31", Party::Partner))
        .unwrap();
    assert_eq!(on_renewal_day.end_date(), Some(d("2017-08-31")));
}

#[test]
fn the_earliest_effect_wins() {
    // Given in this order: 2017-06-01 (effect 2017-08-31), then 2016-07-01 (effect 2016-08-31).
    let a = Agreement::mcra(d("2015-10-01"))
        .with_notice(notice("2017-06-01", Party::Partner))
        .unwrap()
        .with_notice(notice("2016-07-01", Party::Microsoft))
        .unwrap();
    assert_eq!(a.end_date(), Some(d("2016-08-31")));
    // 2016-08-15 (late: 2017-08-31) and 2017-03-01 (on time: 2017-08-31) agree.
    let b = Agreement::mcra(d("2015-10-01"))
        .with_notice(notice("2016-08-15", Party::Partner))
        .unwrap()
        .with_notice(notice("2017-03-01", Party::Partner))
        .unwrap();
    assert_eq!(b.end_date(), Some(d("2017-08-31")));
    assert_eq!(b.terms(10).len(), 2, "terms stop at the end date");
}

#[test]
fn notice_before_signing_is_refused_and_changes_nothing() {
    let mut a = Agreement::mcra(d("2015-10-01"));
    let e = a
        .give_notice(notice("2015-09-30", Party::Partner))
        .unwrap_err();
    assert_eq!(
        e,
        Error::NoticeBeforeSigning {
            notice: d("2015-09-30"),
            signed_on: d("2015-10-01")
        }
    );
    assert!(a.notices().is_empty());
    assert_eq!(a.end_date(), None);
    // Notice on the signing day is valid and stops the first renewal.
    a.give_notice(notice("2015-10-01", Party::Partner)).unwrap();
    assert_eq!(a.end_date(), Some(d("2016-08-31")));
}

#[test]
fn perpetual_agreements_never_renew_nor_end() {
    let a = Agreement::new(d("2019-05-20"), AgreementKind::Perpetual)
        .unwrap()
        .with_notice(notice("2019-06-01", Party::Partner))
        .unwrap();
    let t = a.term_on(d("2030-08-31")).unwrap();
    assert_eq!(
        (t.number, t.first, t.last, t.notice_deadline),
        (1, d("2019-05-20"), None, None)
    );
    assert_eq!(a.end_date(), None, "notices are ignored");
    assert_eq!(a.next_renewal(d("2030-08-31")), None);
    assert!(!a.in_force(d("2019-05-19")) && a.in_force(d("2019-05-20")));
    assert_eq!(a.terms(5).len(), 1);
}

#[test]
fn other_annual_kinds() {
    // Terms ending 30 June with 60 days' notice: deadline 30 June − 60 days = 1 May.
    let kind = AgreementKind::AnnualRenewal {
        term_end_month: 6,
        term_end_day: 30,
        notice_days: 60,
    };
    let a = Agreement::new(d("2020-07-01"), kind).unwrap();
    let t1 = a.term(1).unwrap();
    assert_eq!(
        (t1.last, t1.notice_deadline),
        (Some(d("2021-06-30")), Some(d("2021-05-01")))
    );
    for (m, day) in [(2, 29), (4, 31), (13, 1), (1, 0)] {
        let k = AgreementKind::AnnualRenewal {
            term_end_month: m,
            term_end_day: day,
            notice_days: 30,
        };
        assert_eq!(
            Agreement::new(d("2020-01-01"), k).unwrap_err().code(),
            "invalid_term_end"
        );
    }
}

#[test]
fn kinds_and_parties_read_from_text() {
    assert_eq!(
        "MCRA".parse::<AgreementKind>().unwrap(),
        AgreementKind::mcra()
    );
    assert_eq!(AgreementKind::mcra().name(), "mcra");
    assert_eq!(
        "perpetual".parse::<AgreementKind>().unwrap().name(),
        "perpetual"
    );
    let other = AgreementKind::AnnualRenewal {
        term_end_month: 6,
        term_end_day: 30,
        notice_days: 60,
    };
    assert_eq!(other.name(), "annual_renewal");
    assert_eq!(
        "mpa".parse::<AgreementKind>().unwrap_err().code(),
        "invalid_input"
    );
    assert_eq!(" Microsoft ".parse::<Party>().unwrap(), Party::Microsoft);
    assert_eq!(
        "customer".parse::<Party>().unwrap_err().code(),
        "invalid_input"
    );
}

#[test]
fn status_collects_every_query() {
    let a = Agreement::mcra(d("2015-10-01"))
        .with_notice(notice("2016-08-02", Party::Partner))
        .unwrap();
    let s = a.status(d("2016-10-01"));
    assert!(s.in_force);
    assert_eq!(s.term.unwrap().number, 2);
    assert_eq!(
        (s.next_renewal, s.notice_deadline, s.end_date),
        (None, None, Some(d("2017-08-31")))
    );
    let s = a.status(d("2016-03-01"));
    assert_eq!(
        (s.next_renewal, s.notice_deadline),
        (Some(d("2016-08-31")), Some(d("2016-08-01")))
    );
}

#[test]
fn extreme_dates_do_not_panic() {
    let max_notice = Notice {
        given_on: NaiveDate::MAX,
        by: Party::Partner,
    };
    let a = Agreement::mcra(NaiveDate::MAX)
        .with_notice(max_notice)
        .unwrap();
    let _ = a.status(NaiveDate::MAX);
    let _ = a.terms(3);
    let b = Agreement::mcra(NaiveDate::MIN);
    let _ = b.status(NaiveDate::MAX);
    assert_eq!(b.term(u32::MAX), None);
}
