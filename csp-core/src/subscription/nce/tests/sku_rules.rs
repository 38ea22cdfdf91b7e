//! Add-on prerequisites, seat caps and minimum ratios (SPEC-NCE §13.13) through replays.
//!
//! The rules: `T` (P1M monthly, 3 a seat) is an add-on of `E3` with a cap of 50 seats and a
//! minimum of 5 % of the tenant's E3 seats; `E5` (the upgrade target of E3) has a cap of 50.

use super::*;
use crate::error::Error;
use crate::subscription::nce::NceSkuRules;
use rust_decimal::Decimal;

const T: &str = "CFQ7TTC0TEST:0001";

fn ruled(elsewhere: &[(&str, &str, u32)]) -> World {
    let mut w = world();
    w.catalog.skus.insert(
        OfferId::new(T),
        NceSkuRules {
            prerequisites: vec![OfferId::new(E3)],
            max_seats: Some(50),
            minimum_percent: Some(Decimal::from(5)),
        },
    );
    w.catalog.skus.insert(
        OfferId::new(E5),
        NceSkuRules {
            max_seats: Some(50),
            ..NceSkuRules::default()
        },
    );
    for (customer, offer, seats) in elsewhere {
        w.catalog
            .held_elsewhere
            .entry(CustomerId::new(customer))
            .or_default()
            .insert(OfferId::new(offer), *seats);
    }
    w
}

fn add_on(id: &str, t: &str, sub: &str, q: u32) -> NceEvent {
    order(id, t, sub, T, TermDuration::P1M, BillingPlan::Monthly, q)
}

fn seats(id: &str, t: &str, sub: &str, kind: NceEventKind) -> NceEvent {
    ev(id, t, sub, kind)
}

fn refused_with(w: &World, events: &[NceEvent]) -> (Option<usize>, Error) {
    let r = w
        .run("2022-09-01T00:00:00Z", events, LineConvention::NceB)
        .expect_err("refused");
    (r.index, r.error)
}

fn replays(w: &World, events: &[NceEvent]) -> NceReplay {
    w.run("2022-09-01T00:00:00Z", events, LineConvention::NceB)
        .expect("replays")
}

#[test]
fn an_add_on_needs_a_prerequisite_the_tenant_holds() {
    let w = ruled(&[]);
    // No E3 anywhere: Microsoft's 400041.
    let (i, e) = refused_with(&w, &[add_on("a", "2022-06-18T10:00:00Z", "t1", 1)]);
    assert_eq!(i, Some(0));
    assert_eq!(
        e,
        Error::PrerequisiteNotMet {
            offer: OfferId::new(T),
            base_offer: String::new()
        }
    );
    assert!(e.to_string().contains("holds none"), "{e}");
    // An E3 of this book meets it (active, and still when suspended).
    let base = e3_monthly("2022-06-18T10:00:00Z", 20);
    let r = replays(
        &w,
        &[base.clone(), add_on("a", "2022-06-18T11:00:00Z", "t1", 1)],
    );
    // E3: new 06-18, cycleCharge 07-18 and 08-18; T (P1M): new 06-18, renew 07-18 and 08-18.
    assert_eq!(r.lines.len(), 3 + 3);
    let suspend = seats("x", "2022-06-19T00:00:00Z", "s1", NceEventKind::Suspend);
    assert!(w
        .run(
            "2022-09-01T00:00:00Z",
            &[
                base.clone(),
                suspend,
                add_on("a", "2022-06-20T00:00:00Z", "t1", 1)
            ],
            LineConvention::NceB
        )
        .is_ok());
    // A cancelled E3 holds nothing.
    let cancel = seats("c", "2022-06-19T00:00:00Z", "s1", NceEventKind::Cancel);
    let (i, e) = refused_with(
        &w,
        &[
            base.clone(),
            cancel,
            add_on("a", "2022-06-20T00:00:00Z", "t1", 1),
        ],
    );
    assert_eq!((i, e.code()), (Some(2), "prerequisite_not_met"));
    // Another customer's E3 is not this tenant's.
    let theirs = ruled(&[("synd", E3, 100)]);
    let (_, e) = refused_with(&theirs, &[add_on("a", "2022-06-18T10:00:00Z", "t1", 1)]);
    assert_eq!(e.code(), "prerequisite_not_met");
    // Seats held elsewhere meet it.
    let elsewhere = ruled(&[("contoso", E3, 1)]);
    assert!(elsewhere
        .run(
            "2022-09-01T00:00:00Z",
            &[add_on("a", "2022-06-18T10:00:00Z", "t1", 1)],
            LineConvention::NceB
        )
        .is_ok());
}

#[test]
fn seats_beyond_the_cap_are_refused_with_what_remains() {
    // E3 held elsewhere meets the prerequisite; 400 of them make the minimum 20 (5 %).
    let w = ruled(&[("contoso", E3, 400)]);
    // "The requested number of 51 seats exceeds the remaining limit of 50 seats".
    let (i, e) = refused_with(&w, &[add_on("a", "2022-06-18T10:00:00Z", "t1", 51)]);
    assert_eq!(i, Some(0));
    assert_eq!(
        e.to_string(),
        "the requested number of 51 seats exceeds the remaining limit of 50 seats"
    );
    // 30 ordered leave 20: adding 21 is refused, adding 20 fills the cap.
    let first = add_on("a", "2022-06-18T10:00:00Z", "t1", 30);
    let add = |q| {
        seats(
            "b",
            "2022-06-19T10:00:00Z",
            "t1",
            NceEventKind::AddSeats { quantity: q },
        )
    };
    let (i, e) = refused_with(&w, &[first.clone(), add(21)]);
    assert_eq!(
        (i, e),
        (
            Some(1),
            Error::SeatLimitExceeded {
                requested: 21,
                remaining: 20
            }
        )
    );
    assert!(w
        .run(
            "2022-09-01T00:00:00Z",
            &[first.clone(), add(20)],
            LineConvention::NceB
        )
        .is_ok());
    // A second subscription counts against the same cap; seats held elsewhere do too.
    let second = add_on("c", "2022-06-20T10:00:00Z", "t2", 21);
    let (_, e) = refused_with(&w, &[first.clone(), second]);
    assert_eq!(
        e,
        Error::SeatLimitExceeded {
            requested: 21,
            remaining: 20
        }
    );
    let w10 = ruled(&[("contoso", E3, 400), ("contoso", T, 10)]);
    let (_, e) = refused_with(&w10, &[add_on("a", "2022-06-18T10:00:00Z", "t1", 41)]);
    assert_eq!(
        e,
        Error::SeatLimitExceeded {
            requested: 41,
            remaining: 40
        }
    );
    // Suspended seats still count; cancelled ones no longer do.
    let suspend = seats("s", "2022-06-19T00:00:00Z", "t1", NceEventKind::Suspend);
    let (_, e) = refused_with(
        &w,
        &[
            first.clone(),
            suspend,
            add_on("c", "2022-06-20T10:00:00Z", "t2", 21),
        ],
    );
    assert_eq!(e.code(), "seat_limit_exceeded");
    let cancel = seats("x", "2022-06-19T00:00:00Z", "t1", NceEventKind::Cancel);
    assert!(w
        .run(
            "2022-09-01T00:00:00Z",
            &[first, cancel, add_on("c", "2022-06-20T10:00:00Z", "t2", 50)],
            LineConvention::NceB
        )
        .is_ok());
}

#[test]
fn an_add_on_keeps_its_minimum_ratio_to_the_base() {
    // 400 E3 seats at 5 %: at least 20 (SPEC-NCE §13.13.3, PC create-a-new-subscription).
    let w = ruled(&[("contoso", E3, 400)]);
    let (i, e) = refused_with(&w, &[add_on("a", "2022-06-18T10:00:00Z", "t1", 19)]);
    assert_eq!(
        (i, e),
        (
            Some(0),
            Error::BelowMinimum {
                subscription: "t1".to_string(),
                minimum: 20
            }
        )
    );
    // 401 base seats: ceil(20.05) = 21. Here 381 elsewhere and 20 in this book.
    let mixed = ruled(&[("contoso", E3, 381)]);
    let base = e3_monthly("2022-06-18T09:00:00Z", 20);
    let (_, e) = refused_with(
        &mixed,
        &[base.clone(), add_on("a", "2022-06-18T10:00:00Z", "t1", 20)],
    );
    assert_eq!(
        e,
        Error::BelowMinimum {
            subscription: "t1".to_string(),
            minimum: 21
        }
    );
    // Reducing below the minimum is refused inside the window too; down to it is allowed.
    let first = add_on("a", "2022-06-18T10:00:00Z", "t1", 25);
    let reduce = |q| {
        seats(
            "r",
            "2022-06-19T10:00:00Z",
            "t1",
            NceEventKind::ReduceSeats { quantity: q },
        )
    };
    let (i, e) = refused_with(&w, &[first.clone(), reduce(6)]);
    assert_eq!((i, e.code()), (Some(1), "below_minimum"));
    let r = replays(&w, &[first, reduce(5)]);
    assert_eq!(
        r.subscriptions
            .get(&SubscriptionId::new("t1"))
            .expect("t1")
            .quantity,
        20
    );
}

#[test]
fn an_upgrade_and_a_scheduled_change_count_against_the_target_cap() {
    let w = ruled(&[]);
    // 60 E3 seats: upgrading 51 of them to E5 (cap 50) is refused, 50 fit.
    let base = e3_monthly("2022-06-18T10:00:00Z", 60);
    let (i, e) = refused_with(
        &w,
        &[
            base.clone(),
            upgrade("2022-06-20T10:00:00Z", 51, None, Some("s2")),
        ],
    );
    assert_eq!(
        (i, e),
        (
            Some(1),
            Error::SeatLimitExceeded {
                requested: 51,
                remaining: 50
            }
        )
    );
    assert!(w
        .run(
            "2022-09-01T00:00:00Z",
            &[
                base.clone(),
                upgrade("2022-06-20T10:00:00Z", 50, None, Some("s2"))
            ],
            LineConvention::NceB
        )
        .is_ok());
    // A full upgrade in place moves all 60.
    let (_, e) = refused_with(
        &w,
        &[
            base.clone(),
            upgrade("2022-06-20T10:00:00Z", 60, None, None),
        ],
    );
    assert_eq!(
        e,
        Error::SeatLimitExceeded {
            requested: 60,
            remaining: 50
        }
    );
    // The renewal's SKU and seats are checked when the change is scheduled.
    let next = |q| ScheduledChange {
        offer: Some(OfferId::new(E5)),
        quantity: Some(q),
        ..ScheduledChange::default()
    };
    let schedule = |q| {
        seats(
            "n",
            "2022-07-01T00:00:00Z",
            "s1",
            NceEventKind::ScheduleChange(next(q)),
        )
    };
    let (i, e) = refused_with(&w, &[base.clone(), schedule(51)]);
    assert_eq!(
        (i, e),
        (
            Some(1),
            Error::SeatLimitExceeded {
                requested: 51,
                remaining: 50
            }
        )
    );
    assert!(w
        .run(
            "2022-09-01T00:00:00Z",
            &[base, schedule(50)],
            LineConvention::NceB
        )
        .is_ok());
}

#[test]
fn a_refused_rule_changes_nothing_and_no_rules_means_no_checks() {
    let w = ruled(&[("contoso", E3, 400)]);
    let ctx = w.ctx("2022-09-01T00:00:00Z");
    let mut subs = NceSubscriptions::new();
    let mut facts = Vec::new();
    subs.advance_to(&ctx, day("2022-06-18"), &mut facts);
    subs.apply(&ctx, &add_on("a", "2022-06-18T10:00:00Z", "t1", 30))
        .expect("ordered");
    let before = subs.clone();
    for e in [
        add_on("b", "2022-06-19T10:00:00Z", "t2", 21),
        seats(
            "c",
            "2022-06-19T10:00:00Z",
            "t1",
            NceEventKind::AddSeats { quantity: 21 },
        ),
        seats(
            "d",
            "2022-06-19T10:00:00Z",
            "t1",
            NceEventKind::ReduceSeats { quantity: 11 },
        ),
    ] {
        subs.advance_to(&ctx, day("2022-06-19"), &mut facts);
        assert!(subs.apply(&ctx, &e).is_err(), "{e:?}");
        assert_eq!(subs, before);
    }
    // The same book without rules: 51 seats of T, no prerequisite.
    let free = world();
    assert!(free
        .run(
            "2022-09-01T00:00:00Z",
            &[add_on("a", "2022-06-18T10:00:00Z", "t1", 51)],
            LineConvention::NceB
        )
        .is_ok());
}
