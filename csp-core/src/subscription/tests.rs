//! Lifecycle tests. Amounts are derived by hand from SPEC §5, §6 and §10 (comments show the
//! arithmetic); the fixture's prices are in `crate::testkit`.

use super::*;
use crate::charges::Ledger;
use crate::testkit::*;

/// Applies `e` after its day's automatic steps and checks it is refused with `code` and
/// changes neither the subscriptions nor the lines.
fn refused(ledger: &mut Ledger<'_>, e: Event, code: &str) {
    // The day's automatic steps happen whatever the event (none past the as-of date).
    let _ = ledger.advance_to(e.date);
    let (subs, lines) = (ledger.subscriptions().clone(), ledger.lines().to_vec());
    let err = ledger.apply(&e).expect_err(&e.to_string());
    assert_eq!(err.code(), code, "{e}: {err}");
    assert_eq!(
        ledger.subscriptions(),
        &subs,
        "{e} changed the subscriptions"
    );
    assert_eq!(ledger.lines(), &lines[..], "{e} changed the lines");
}

fn ok(ledger: &mut Ledger<'_>, e: Event) {
    ledger.apply(&e).unwrap_or_else(|err| panic!("{e}: {err}"));
}

fn id(s: &str) -> SubscriptionId {
    SubscriptionId::new(s)
}

#[test]
fn order_refusals_change_nothing() {
    let inputs = inputs();
    let mut l = ledger(&inputs, "2030-01-01");
    ok(&mut l, order("2016-01-15", "s1", "E3", 1, true));
    refused(
        &mut l,
        order("2016-01-20", "s1", "E1", 1, true),
        "duplicate_subscription",
    );
    refused(
        &mut l,
        order_for("2016-01-20", "s2", "nobody", "E1", 1, true),
        "unknown_customer",
    );
    refused(
        &mut l,
        order("2016-01-20", "s2", "NOPE", 1, true),
        "unknown_offer",
    );
    refused(
        &mut l,
        order_for("2016-01-20", "s2", "synd", "E1", 1, true),
        "tenant_not_eligible",
    );
    refused(
        &mut l,
        order("2016-01-20", "s2", "TRIAL", 1, true),
        "trial_not_offered",
    );
    refused(
        &mut l,
        order("2016-01-20", "s2", "GOV", 1, true),
        "segment_not_eligible",
    );
    refused(
        &mut l,
        order("2016-01-20", "s2", "E1", 0, true),
        "invalid_quantity",
    );
    refused(
        &mut l,
        order("2016-01-20", "s2", "ARM", 1, true),
        "addon_requires_base",
    );
    // The refusal order of SPEC §10.11: syndication before trial before segment.
    refused(
        &mut l,
        order_for("2016-01-20", "s2", "synd", "TRIAL", 1, true),
        "tenant_not_eligible",
    );
    refused(
        &mut l,
        order_for("2016-01-20", "s2", "school", "TRIAL", 1, true),
        "trial_not_offered",
    );
    // EOL is absent from the 2017 lists.
    refused(
        &mut l,
        order("2017-01-20", "s2", "EOL", 1, true),
        "offer_not_in_price_list",
    );
}

#[test]
fn price_lists_are_read_as_of_the_replay_date() {
    let inputs = inputs();
    // Ordered on 2016-03-01, replayed as of 2016-01-30: the March list is not visible
    // (visible from 2016-01-31), so the event is after as-of anyway — and an order dated
    // before the first list has no list in force.
    let mut l = ledger(&inputs, "2016-01-30");
    refused(
        &mut l,
        order("2016-03-01", "s1", "E1", 1, true),
        "date_after_as_of",
    );
    let mut l = ledger(&inputs, "2016-06-01");
    refused(
        &mut l,
        order("2015-11-15", "s1", "E1", 1, true),
        "no_price_list_in_force",
    );
}

#[test]
fn add_on_refusals_change_nothing() {
    let inputs = inputs();
    let mut l = ledger(&inputs, "2030-01-01");
    ok(&mut l, order("2016-01-15", "e3", "E3", 2, true));
    ok(&mut l, order("2016-01-15", "e1", "E1", 2, true));
    ok(&mut l, order("2016-01-15", "annual", "E3", 2, false));
    refused(
        &mut l,
        add_on("2016-02-01", "a1", "missing", "ARM", 1),
        "addon_requires_base",
    );
    refused(
        &mut l,
        add_on("2016-02-01", "a1", "e3", "E1", 1),
        "not_an_addon",
    );
    refused(
        &mut l,
        add_on("2016-02-01", "a1", "e1", "ARM", 1),
        "prerequisite_not_met",
    );
    refused(
        &mut l,
        add_on("2016-02-01", "a1", "e3", "ARM", 0),
        "invalid_quantity",
    );
    let mut wrong_frequency = add_on("2016-02-01", "a1", "e3", "ARM", 1);
    if let EventKind::OrderAddOn { frequency, .. } = &mut wrong_frequency.kind {
        *frequency = Some(BillingFrequency::Annual);
    }
    refused(&mut l, wrong_frequency, "invalid_frequency");
    ok(&mut l, add_on("2016-02-01", "a1", "e3", "ARM", 1));
    refused(
        &mut l,
        add_on("2016-02-02", "a2", "a1", "ARM", 1),
        "addon_requires_base",
    );
    ok(&mut l, event("2016-02-03", "e3", EventKind::Suspend));
    refused(
        &mut l,
        add_on("2016-02-04", "a2", "e3", "ARM", 1),
        "addon_requires_base",
    );
    // An add-on's customer is its base's: an add-on of an annual base is billed annually.
    ok(&mut l, add_on("2016-02-05", "a3", "annual", "ARM", 1));
    assert_eq!(
        l.state(&id("a3")).unwrap().frequency,
        BillingFrequency::Annual
    );
}

#[test]
fn seat_and_status_refusals_change_nothing() {
    let inputs = inputs();
    let mut l = ledger(&inputs, "2016-12-31");
    ok(&mut l, order("2016-01-15", "s1", "E1", 2, true));
    refused(
        &mut l,
        seats("2016-01-20", "nope", 1),
        "unknown_subscription",
    );
    refused(&mut l, seats("2016-01-20", "s1", 0), "invalid_quantity");
    refused(&mut l, seats("2016-01-20", "s1", -2), "invalid_quantity");
    let mut late = seats("2016-01-20", "s1", 1);
    if let EventKind::AddSeats { billed_on, .. } = &mut late.kind {
        *billed_on = Some(d("2016-02-15")); // the period ends on 2016-02-14
    }
    refused(&mut l, late, "date_outside_period");
    refused(
        &mut l,
        event("2016-01-20", "s1", EventKind::Reactivate),
        "subscription_not_suspended",
    );
    ok(&mut l, event("2016-01-25", "s1", EventKind::Suspend));
    refused(
        &mut l,
        seats("2016-01-26", "s1", 1),
        "subscription_not_active",
    );
    refused(
        &mut l,
        seats("2016-01-26", "s1", -1),
        "subscription_not_active",
    );
    refused(
        &mut l,
        event("2016-01-26", "s1", EventKind::Suspend),
        "subscription_not_active",
    );
    // Suspended 2016-01-25: deleted at the start of day 2016-01-25 + 90 = 2016-04-24.
    refused(
        &mut l,
        event("2016-04-24", "s1", EventKind::Reactivate),
        "subscription_deleted",
    );
    refused(&mut l, seats("2016-05-01", "s1", 1), "subscription_deleted");
    refused(&mut l, seats("2017-01-01", "s1", 1), "date_after_as_of");
}

#[test]
fn terms_prices_and_renewal() {
    // E1 monthly, 2 seats, 2016-03-15: term 2016-03-15..2017-03-14 at the locked 4.00 (the
    // 2017 lists say 5.00): a purchase and 11 cycle fees of 8.00, then the renewal on
    // 2017-03-15 re-priced from the March 2017 list: 2 × 5.00 = 10.00.
    let inputs = inputs();
    let mut l = ledger(&inputs, "2017-03-20");
    ok(&mut l, order("2016-03-15", "s1", "E1", 2, true));
    let r = l.finish().unwrap();
    assert_eq!(r.lines.len(), 13);
    assert!(r.lines[..12]
        .iter()
        .all(|x| x.amount.amount().to_string() == "8.00"));
    assert_eq!(
        summary(&r.lines)[0],
        s("purchase", "2016-03-15..2016-04-14", "8.00")
    );
    assert_eq!(
        summary(&r.lines)[11],
        s("cycle_fee", "2017-02-15..2017-03-14", "8.00")
    );
    assert_eq!(
        summary(&r.lines)[12],
        s("renewal", "2017-03-15..2017-04-14", "10.00")
    );
    assert_eq!(r.lines[12].price_list, d("2017-03-01"));
    let st = r.subscriptions.get(&id("s1")).unwrap();
    assert_eq!(
        (st.term_number, st.term.to_string()),
        (2, "2017-03-15..2018-03-14".to_string())
    );
    assert_eq!(st.price.amount().to_string(), "5.00");
}

#[test]
fn renewal_terms_are_anchored_on_the_order_date() {
    // SPEC §10.4: ordered 2024-02-29, term 1 ends 2025-02-27, renews 2025-02-28, term 4 ends
    // 2028-02-28. Annual E3: 12 × 20 = 240.00 per term.
    let inputs = inputs();
    let mut l = ledger(&inputs, "2028-02-28");
    ok(&mut l, order("2024-02-29", "s1", "E3", 1, false));
    let r = l.finish().unwrap();
    let terms: Vec<_> = summary(&r.lines);
    assert_eq!(
        terms,
        vec![
            s("purchase", "2024-02-29..2025-02-27", "240.00"),
            s("renewal", "2025-02-28..2026-02-27", "240.00"),
            s("renewal", "2026-02-28..2027-02-27", "240.00"),
            s("renewal", "2027-02-28..2028-02-28", "240.00"),
        ]
    );
    assert_eq!(r.subscriptions.get(&id("s1")).unwrap().term_number, 4);
}

#[test]
fn full_credit_in_a_short_first_period_hits_the_second() {
    // SPEC §10.1: E1 monthly from 2017-01-31 (5.00): period 1 is 01-31..02-27 (28 days),
    // period 2 starts 02-28. Suspended 03-01, 29 days after the term start: inside the
    // window, so period 2's net (its 5.00 cycle fee) is credited; period 1 stays billed.
    let inputs = inputs();
    let mut l = ledger(&inputs, "2017-03-05");
    ok(&mut l, order("2017-01-31", "s1", "E1", 1, true));
    ok(&mut l, event("2017-03-01", "s1", EventKind::Suspend));
    assert_eq!(
        summary(l.lines()),
        vec![
            s("purchase", "2017-01-31..2017-02-27", "5.00"),
            s("cycle_fee", "2017-02-28..2017-03-30", "5.00"),
            s("suspension_credit", "2017-02-28..2017-03-30", "-5.00"),
        ]
    );
}

#[test]
fn prorated_suspension_and_reactivation() {
    // E1 monthly from 2016-01-15 at 4.00; period 2 is 02-15..03-14 (29 days, 2016 is leap).
    // Suspended 03-01 (46 days in: prorated): credit 03-01..03-14, −4 × 14/29 = −1.931 → −1.93.
    // Reactivated 03-10: charge 03-10..03-14, 4 × 5/29 = 0.6897 → 0.69. Cycle fee 03-15.
    let inputs = inputs();
    let mut l = ledger(&inputs, "2016-03-20");
    ok(&mut l, order("2016-01-15", "s1", "E1", 1, true));
    ok(&mut l, event("2016-03-01", "s1", EventKind::Suspend));
    ok(&mut l, event("2016-03-10", "s1", EventKind::Reactivate));
    let r = l.finish().unwrap();
    assert_eq!(
        summary(&r.lines),
        vec![
            s("purchase", "2016-01-15..2016-02-14", "4.00"),
            s("cycle_fee", "2016-02-15..2016-03-14", "4.00"),
            s("suspension_credit", "2016-03-01..2016-03-14", "-1.93"),
            s("reactivation", "2016-03-10..2016-03-14", "0.69"),
            s("cycle_fee", "2016-03-15..2016-04-14", "4.00"),
        ]
    );
}

#[test]
fn inside_the_window_the_full_credit_stands() {
    // Suspended 2016-01-25 (10 days in): −4.00 for the whole first period; reactivated
    // 2016-02-04: 02-04..02-14 charged, 4 × 11/31 = 1.419 → 1.42 (SPEC §6.5).
    let inputs = inputs();
    let mut l = ledger(&inputs, "2016-02-10");
    ok(&mut l, order("2016-01-15", "s1", "E1", 1, true));
    ok(&mut l, event("2016-01-25", "s1", EventKind::Suspend));
    ok(&mut l, event("2016-02-04", "s1", EventKind::Reactivate));
    assert_eq!(
        summary(l.lines()),
        vec![
            s("purchase", "2016-01-15..2016-02-14", "4.00"),
            s("suspension_credit", "2016-01-15..2016-02-14", "-4.00"),
            s("reactivation", "2016-02-04..2016-02-14", "1.42"),
        ]
    );
}

#[test]
fn deletion_after_90_days_suspended() {
    // Suspended 2016-03-01: reactivation allowed through 2016-05-29 (day 89); deleted at the
    // start of 2016-05-30 (day 90).
    let inputs = inputs();
    let mut l = ledger(&inputs, "2016-12-31");
    ok(&mut l, order("2016-01-15", "s1", "E1", 1, true));
    ok(&mut l, order("2016-01-15", "s2", "E1", 1, true));
    ok(&mut l, event("2016-03-01", "s1", EventKind::Suspend));
    ok(&mut l, event("2016-03-01", "s2", EventKind::Suspend));
    ok(&mut l, event("2016-05-29", "s1", EventKind::Reactivate));
    refused(
        &mut l,
        event("2016-05-30", "s2", EventKind::Reactivate),
        "subscription_deleted",
    );
    assert_eq!(
        l.state(&id("s2")).unwrap().status,
        Status::Deleted {
            on: d("2016-05-30")
        }
    );
    assert!(l.state(&id("s1")).unwrap().is_active());
}

#[test]
fn suspended_at_term_end_is_deleted_and_the_last_day_can_still_be_reactivated() {
    // Annual E1 from 2016-01-15 (48.00 for 2016-01-15..2017-01-14, 366 days). Suspended
    // 2016-12-01 (prorated: 45 days, −48 × 45/366 = −5.9016 → −5.90).
    let inputs = inputs();
    let mut l = ledger(&inputs, "2017-02-01");
    ok(&mut l, order("2016-01-15", "s1", "E1", 1, false));
    ok(&mut l, order("2016-01-15", "s2", "E1", 1, false));
    ok(&mut l, event("2016-12-01", "s1", EventKind::Suspend));
    ok(&mut l, event("2016-12-01", "s2", EventKind::Suspend));
    // s2 is reactivated on the term's last day: one day charged, 48 × 1/366 = 0.131 → 0.13,
    // then it renews on 2017-01-15 at the 2017 price: 12 × 5.00 = 60.00.
    ok(&mut l, event("2017-01-14", "s2", EventKind::Reactivate));
    let r = l.finish().unwrap();
    let s2: Vec<_> = summary(
        &r.lines
            .iter()
            .filter(|x| x.subscription == id("s2"))
            .cloned()
            .collect::<Vec<_>>(),
    );
    assert_eq!(
        s2,
        vec![
            s("purchase", "2016-01-15..2017-01-14", "48.00"),
            s("suspension_credit", "2016-12-01..2017-01-14", "-5.90"),
            s("reactivation", "2017-01-14..2017-01-14", "0.13"),
            s("renewal", "2017-01-15..2018-01-14", "60.00"),
        ]
    );
    // s1, still suspended at the term end, is deleted the day after (2017-01-15).
    assert_eq!(
        r.subscriptions.get(&id("s1")).unwrap().status,
        Status::Deleted {
            on: d("2017-01-15")
        }
    );
}

#[test]
fn an_unpriceable_renewal_stops_only_that_subscription() {
    // EOL leaves the price list in 2017: its renewal on 2017-03-15 cannot be priced.
    let inputs = inputs();
    let mut l = ledger(&inputs, "2017-04-01");
    ok(&mut l, order("2016-03-15", "eol", "EOL", 1, true));
    ok(&mut l, order("2016-03-15", "e1", "E1", 1, true));
    refused(
        &mut l,
        seats("2017-03-20", "eol", 1),
        "subscription_stopped",
    );
    let st = l.state(&id("eol")).unwrap();
    assert!(
        matches!(&st.status, Status::Stopped { on, error } if on == &d("2017-03-15") && error.code() == "offer_not_in_price_list")
    );
    assert_eq!(l.state(&id("e1")).unwrap().term_number, 2);
}

#[test]
fn add_ons_are_coterminous_and_follow_their_base() {
    // Base E3 (20.00) ×2 monthly from 2016-01-15; ARM (2.00) ×3 on 2016-02-01: prorated to
    // the end of the base's period 01-15..02-14 (31 days): 3 × 2 × 14/31 = 2.7097 → 2.71.
    let inputs = inputs();
    let mut l = ledger(&inputs, "2016-03-12");
    ok(&mut l, order("2016-01-15", "e3", "E3", 2, true));
    ok(&mut l, add_on("2016-02-01", "arm", "e3", "ARM", 3));
    assert_eq!(
        l.state(&id("arm")).unwrap().term.to_string(),
        "2016-02-01..2017-01-14"
    );
    // Suspending the base on 03-01 suspends the add-on. The base is 46 days into its term:
    // prorated, 2 × 20 × 14/29 = 19.3103 → −19.31. The add-on is 29 days into its own term:
    // full credit of its period's net (its 02-15 cycle fee, 3 × 2 = 6.00).
    ok(&mut l, event("2016-03-01", "e3", EventKind::Suspend));
    refused(
        &mut l,
        event("2016-03-05", "arm", EventKind::Reactivate),
        "base_suspended",
    );
    // Reactivating the base reactivates the add-on: 03-10..03-14 of 29 days:
    // base 2 × 20 × 5/29 = 6.8966 → 6.90; add-on 3 × 2 × 5/29 = 1.0345 → 1.03.
    ok(&mut l, event("2016-03-10", "e3", EventKind::Reactivate));
    let arm: Vec<_> = l
        .lines()
        .iter()
        .filter(|x| x.subscription == id("arm"))
        .cloned()
        .collect();
    assert_eq!(
        summary(&arm),
        vec![
            s("purchase", "2016-02-01..2016-02-14", "2.71"),
            s("cycle_fee", "2016-02-15..2016-03-14", "6.00"),
            s("suspension_credit", "2016-02-15..2016-03-14", "-6.00"),
            s("reactivation", "2016-03-10..2016-03-14", "1.03"),
        ]
    );
    let base: Vec<_> = l
        .lines()
        .iter()
        .filter(|x| x.subscription == id("e3"))
        .cloned()
        .collect();
    assert_eq!(
        summary(&base)[2..],
        [
            s("suspension_credit", "2016-03-01..2016-03-14", "-19.31"),
            s("reactivation", "2016-03-10..2016-03-14", "6.90"),
        ]
    );
}

#[test]
fn add_ons_are_deleted_with_their_base() {
    let inputs = inputs();
    let mut l = ledger(&inputs, "2016-12-31");
    ok(&mut l, order("2016-01-15", "e3", "E3", 1, true));
    ok(&mut l, add_on("2016-02-01", "arm", "e3", "ARM", 1));
    ok(&mut l, event("2016-03-01", "e3", EventKind::Suspend));
    l.advance_to(d("2016-06-01")).unwrap();
    assert_eq!(
        l.state(&id("e3")).unwrap().status,
        Status::Deleted {
            on: d("2016-05-30")
        }
    );
    assert_eq!(
        l.state(&id("arm")).unwrap().status,
        Status::Deleted {
            on: d("2016-05-30")
        }
    );
}

#[test]
fn automatic_steps_come_before_the_days_events() {
    // SPEC §10.2: seats added on a period's first day are their own full-price line after
    // that day's cycle fee.
    let inputs = inputs();
    let mut l = ledger(&inputs, "2016-02-20");
    ok(&mut l, order("2016-01-15", "s1", "E1", 1, true));
    ok(&mut l, seats("2016-02-15", "s1", 1));
    assert_eq!(
        summary(l.lines())[1..],
        [
            s("cycle_fee", "2016-02-15..2016-03-14", "4.00"),
            s("seats_added", "2016-02-15..2016-03-14", "4.00"),
        ]
    );
}

#[test]
fn a_program_whose_suspension_keeps_billing() {
    // Another program's rule as data: suspension credits nothing and cycle fees go on.
    let mut inputs = inputs();
    inputs.program.suspension_keeps_billing = true;
    let mut l = ledger(&inputs, "2016-03-20");
    ok(&mut l, order("2016-01-15", "s1", "E1", 1, true));
    ok(&mut l, event("2016-01-20", "s1", EventKind::Suspend));
    let r = l.finish().unwrap();
    assert_eq!(
        summary(&r.lines),
        vec![
            s("purchase", "2016-01-15..2016-02-14", "4.00"),
            s("cycle_fee", "2016-02-15..2016-03-14", "4.00"),
            s("cycle_fee", "2016-03-15..2016-04-14", "4.00"),
        ]
    );
}

#[test]
fn a_direct_trial_transitions_to_a_paid_subscription() {
    let inputs = inputs();
    let mut l = ledger(&inputs, "2016-12-31");
    let trial = crate::calendar::Period::new(d("2016-03-10"), d("2016-04-08")).unwrap();
    let transition = |date: &str, sub: &str| {
        event(
            date,
            sub,
            EventKind::TransitionTrial {
                customer: "direct".into(),
                offer: "E3".into(),
                quantity: 25,
                frequency: BillingFrequency::Monthly,
                trial,
            },
        )
    };
    ok(&mut l, transition("2016-03-20", "t2"));
    // 25 × 20.00 = 500.00 for 2016-03-20..2016-04-19.
    assert_eq!(
        summary(l.lines()),
        vec![s("purchase", "2016-03-20..2016-04-19", "500.00")]
    );
    refused(&mut l, transition("2016-04-09", "t1"), "date_outside_term");
}
