//! The NCE lifecycle against hand-derived lines (SPEC-NCE §13, §14).
//!
//! The sheet: `E3` (P1Y monthly `U` = 192, so `P` = 16; 240 from 2023-01-01), `E3M` (P1M
//! monthly 19.20; 24.00 from 2023-01-01), `T` (P1M monthly 3, SPEC-NCE E18), `E5` (P1Y
//! monthly 384, `P` = 32; E3 upgrades to E5).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::catalog::{Customer, CustomerId, OfferId, SubscriptionId, TenantOrigin};
use crate::charges::{replay_nce, NceLine, NceRefusal, NceReplay};
use crate::money::nce::LineConvention;
use crate::money::{Currency, FxRates};
use crate::price_list::NceSheet;
use crate::program::Program;
use crate::subscription::nce::{NceCatalog, UpgradePath};
use crate::vocab::{BillingPlan, Segment, TermDuration};

mod promotion;

const SHEET: &str = "\
ProductTitle,ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate,EffectiveEndDate
Microsoft 365 E3,CFQ7TTC0LFLX,0001,E3,P1Y,Monthly,US,USD,192,2020-01-01,2022-12-31
Microsoft 365 E3,CFQ7TTC0LFLX,0001,E3,P1Y,Monthly,US,USD,240,2023-01-01,
Microsoft 365 E3,CFQ7TTC0LFLX,0001,E3,P1Y,Annual,US,USD,192,2020-01-01,
Microsoft 365 E3,CFQ7TTC0LFLX,0001,E3,P1M,Monthly,US,USD,19.20,2020-01-01,2022-12-31
Microsoft 365 E3,CFQ7TTC0LFLX,0001,E3,P1M,Monthly,US,USD,24.00,2023-01-01,
Test,CFQ7TTC0TEST,0001,T,P1M,Monthly,US,USD,3,2020-01-01,
Microsoft 365 E5,CFQ7TTC0LFK5,0001,E5,P1Y,Monthly,US,USD,384,2020-01-01,
Microsoft 365 E5,CFQ7TTC0LFK5,0001,E5,P1Y,Annual,US,USD,384,2020-01-01,
Microsoft 365 E5,CFQ7TTC0LFK5,0001,E5,P1M,Monthly,US,USD,38.40,2020-01-01,
";

const E3: &str = "CFQ7TTC0LFLX:0001";
const E5: &str = "CFQ7TTC0LFK5:0001";

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("a test instant")
        .with_timezone(&Utc)
}

fn day(text: &str) -> NaiveDate {
    text.parse().expect("a test date")
}

struct World {
    program: Program,
    sheet: NceSheet,
    customers: BTreeMap<CustomerId, Customer>,
    catalog: NceCatalog,
}

impl World {
    fn new(program: Program) -> World {
        let mut customers = BTreeMap::new();
        for c in [
            Customer::new(
                "contoso",
                "Contoso",
                Segment::Commercial,
                TenantOrigin::CreatedByPartner,
            ),
            Customer::new(
                "synd",
                "Synd",
                Segment::Commercial,
                TenantOrigin::Syndication,
            ),
        ] {
            customers.insert(c.id.clone(), c);
        }
        World {
            program,
            sheet: NceSheet::from_csv(SHEET).expect("the test sheet"),
            customers,
            catalog: NceCatalog {
                upgrade_paths: vec![UpgradePath {
                    from: OfferId::new(E3),
                    to: OfferId::new(E5),
                }],
                ..NceCatalog::default()
            },
        }
    }

    fn ctx(&self, as_of: &str) -> NceContext<'_> {
        NceContext {
            program: &self.program,
            sheet: &self.sheet,
            customers: &self.customers,
            currency: Currency::USD,
            billing_currency: Currency::USD,
            fx_rates: FxRates::empty(),
            market: "US",
            as_of: at(as_of),
            catalog: &self.catalog,
        }
    }

    fn run(
        &self,
        as_of: &str,
        events: &[NceEvent],
        c: LineConvention,
    ) -> Result<NceReplay, NceRefusal> {
        replay_nce(&self.ctx(as_of), events, c)
    }
}

fn world() -> World {
    World::new(Program::nce())
}

fn ev(id: &str, t: &str, sub: &str, kind: NceEventKind) -> NceEvent {
    NceEvent {
        id: id.to_string(),
        at: at(t),
        subscription: SubscriptionId::new(sub),
        kind,
    }
}

fn order(
    id: &str,
    t: &str,
    sub: &str,
    offer: &str,
    term: TermDuration,
    plan: BillingPlan,
    q: u32,
) -> NceEvent {
    ev(
        id,
        t,
        sub,
        NceEventKind::Order {
            customer: CustomerId::new("contoso"),
            offer: OfferId::new(offer),
            term,
            plan,
            quantity: q,
            auto_renew: true,
            custom_end: None,
            promotion: None,
            coterm_with: None,
        },
    )
}

fn e3_monthly(t: &str, q: u32) -> NceEvent {
    order(
        "o1",
        t,
        "s1",
        E3,
        TermDuration::P1Y,
        BillingPlan::Monthly,
        q,
    )
}

/// `charge_type start..end q × eup = subtotal` per line.
fn show(lines: &[NceLine]) -> Vec<String> {
    lines
        .iter()
        .map(|l| {
            format!(
                "{} {}..{} {} × {} = {}",
                l.charge_type,
                l.charge_start,
                l.charge_end,
                l.billable_quantity,
                l.effective_unit_price,
                l.subtotal.amount()
            )
        })
        .collect()
}

fn lines(w: &World, as_of: &str, events: &[NceEvent], c: LineConvention) -> Vec<String> {
    show(&w.run(as_of, events, c).expect("replays").lines)
}

fn refusal(w: &World, as_of: &str, events: &[NceEvent]) -> (Option<usize>, &'static str) {
    let r = w
        .run(as_of, events, LineConvention::NceB)
        .expect_err("refused");
    (r.index, r.error.code())
}

fn status(w: &World, as_of: &str, events: &[NceEvent], sub: &str) -> NceStatus {
    let r = w.run(as_of, events, LineConvention::NceB).expect("replays");
    r.subscriptions
        .get(&SubscriptionId::new(sub))
        .expect("the subscription")
        .status
}

#[test]
fn an_order_bills_its_first_cycle_then_one_charge_per_cycle() {
    // SPEC-NCE §13.4, §13.5; E11–E13's shape: 10 × 16 per monthly cycle of a P1Y term.
    let events = [e3_monthly("2022-06-18T10:00:00Z", 10)];
    for c in [LineConvention::NceA, LineConvention::NceB] {
        assert_eq!(
            lines(&world(), "2022-08-20T00:00:00Z", &events, c),
            [
                "new 2022-06-18..2022-07-17 10 × 16.00 = 160.00",
                "cycleCharge 2022-07-18..2022-08-17 10 × 16.00 = 160.00",
                "cycleCharge 2022-08-18..2022-09-17 10 × 16.00 = 160.00",
            ]
        );
    }
    let r = world()
        .run("2022-08-20T00:00:00Z", &events, LineConvention::NceB)
        .unwrap();
    let l = &r.lines[1];
    assert_eq!(
        (l.order_date, l.reference_id.as_str()),
        (day("2022-07-18"), "cycle:2022-07-18")
    );
    assert_eq!(
        (l.subscription_start, l.subscription_end),
        (day("2022-06-18"), day("2023-06-17"))
    );
    assert_eq!(l.billing_frequency, Some(BillingPlan::Monthly));
    assert_eq!(r.lines[0].reference_id, "o1");
}

#[test]
fn seats_added_refund_the_old_quantity_and_charge_the_new_one_to_the_cycle_end() {
    // 07-01..07-17 is 17 of the cycle's 30 days: EUP = 16 × 17/30 = 9.0666…
    // B: 9.06 × 10 = 90.60 and 9.06 × 15 = 135.90; A: trunc(90.666…) = 90.66 and 136 exactly.
    let events = [
        e3_monthly("2022-06-18T10:00:00Z", 10),
        ev(
            "a1",
            "2022-07-01T09:00:00Z",
            "s1",
            NceEventKind::AddSeats { quantity: 5 },
        ),
    ];
    let w = world();
    assert_eq!(
        lines(&w, "2022-07-01T12:00:00Z", &events, LineConvention::NceB)[1..],
        [
            "addQuantity 2022-07-01..2022-07-17 10 × -9.06 = -90.60",
            "addQuantity 2022-07-01..2022-07-17 15 × 9.06 = 135.90",
        ]
    );
    assert_eq!(
        lines(&w, "2022-07-01T12:00:00Z", &events, LineConvention::NceA)[1..],
        [
            "addQuantity 2022-07-01..2022-07-17 10 × -9.07 = -90.66",
            "addQuantity 2022-07-01..2022-07-17 15 × 9.07 = 136.00",
        ]
    );
    // The next cycle bills the new quantity.
    let later = lines(&w, "2022-07-18T00:00:00Z", &events, LineConvention::NceB);
    assert_eq!(
        later[3],
        "cycleCharge 2022-07-18..2022-08-17 15 × 16.00 = 240.00"
    );
}

#[test]
fn seats_are_removed_only_inside_their_batch_window() {
    let w = world();
    let order = e3_monthly("2022-06-18T10:00:00Z", 10);
    // Inside the order's 168 h: 06-20..07-17 is 28 of 30 days, EUP 16 × 28/30 = 14.9333… → 14.93.
    let reduce = ev(
        "r1",
        "2022-06-20T10:00:00Z",
        "s1",
        NceEventKind::ReduceSeats { quantity: 3 },
    );
    assert_eq!(
        lines(
            &w,
            "2022-06-21T00:00:00Z",
            &[order.clone(), reduce],
            LineConvention::NceB
        )[1..],
        [
            "removeQuantity 2022-06-20..2022-07-17 10 × -14.93 = -149.30",
            "removeQuantity 2022-06-20..2022-07-17 7 × 14.93 = 104.51",
        ]
    );
    // The window is closed at both ends (pinned P1): 06-25 10:00:00 is in, one second later out.
    let last = ev(
        "r1",
        "2022-06-25T10:00:00Z",
        "s1",
        NceEventKind::ReduceSeats { quantity: 1 },
    );
    assert!(w
        .run(
            "2022-06-26T00:00:00Z",
            &[order.clone(), last],
            LineConvention::NceB
        )
        .is_ok());
    let late = ev(
        "r1",
        "2022-06-25T10:00:01Z",
        "s1",
        NceEventKind::ReduceSeats { quantity: 1 },
    );
    let r = w
        .run(
            "2022-06-26T00:00:00Z",
            &[order.clone(), late],
            LineConvention::NceB,
        )
        .unwrap_err();
    assert_eq!(
        (r.index, r.error.code()),
        (Some(1), "reduction_window_closed")
    );
    assert!(r.error.to_string().contains("2023-06-18"), "{}", r.error);
    // Seats added on 07-01 09:00 open their own window, to 07-08 09:00.
    let add = ev(
        "a1",
        "2022-07-01T09:00:00Z",
        "s1",
        NceEventKind::AddSeats { quantity: 5 },
    );
    let too_many = ev(
        "r2",
        "2022-07-03T00:00:00Z",
        "s1",
        NceEventKind::ReduceSeats { quantity: 6 },
    );
    let r = w
        .run(
            "2022-07-09T00:00:00Z",
            &[order.clone(), add.clone(), too_many],
            LineConvention::NceB,
        )
        .unwrap_err();
    assert_eq!(r.error.code(), "reduction_exceeds_refundable");
    assert!(r
        .error
        .context()
        .iter()
        .any(|(k, v)| *k == "refundable" && v == "5"));
    let five = ev(
        "r2",
        "2022-07-08T09:00:00Z",
        "s1",
        NceEventKind::ReduceSeats { quantity: 5 },
    );
    let r = w
        .run(
            "2022-07-09T00:00:00Z",
            &[order.clone(), add, five],
            LineConvention::NceB,
        )
        .unwrap();
    let s = r.subscriptions.get(&SubscriptionId::new("s1")).unwrap();
    assert_eq!(
        (s.quantity, s.refundable(at("2022-07-08T09:00:00Z"))),
        (10, 0)
    );
    // Never below one seat.
    let all = ev(
        "r1",
        "2022-06-19T00:00:00Z",
        "s1",
        NceEventKind::ReduceSeats { quantity: 10 },
    );
    assert_eq!(
        refusal(&w, "2022-06-20T00:00:00Z", &[order, all]),
        (Some(1), "invalid_quantity")
    );
}

#[test]
fn a_cancellation_inside_the_window_refunds_the_rest_of_the_cycle() {
    // SPEC-NCE E18: 10 × 3 for 2021-10-12..11-11 (31 days), cancelled the same day: −30.00.
    let w = world();
    let o = order(
        "o1",
        "2021-10-12T08:00:00Z",
        "t1",
        "CFQ7TTC0TEST:0001",
        TermDuration::P1M,
        BillingPlan::Monthly,
        10,
    );
    let cancel = ev("c1", "2021-10-12T09:00:00Z", "t1", NceEventKind::Cancel);
    for c in [LineConvention::NceA, LineConvention::NceB] {
        assert_eq!(
            lines(&w, "2021-12-31T00:00:00Z", &[o.clone(), cancel.clone()], c),
            [
                "new 2021-10-12..2021-11-11 10 × 3.00 = 30.00",
                "cancelImmediate 2021-10-12..2021-11-11 10 × -3.00 = -30.00",
            ]
        );
    }
    assert_eq!(
        status(&w, "2021-12-31T00:00:00Z", &[o.clone(), cancel], "t1"),
        NceStatus::Deleted {
            on: day("2021-10-12")
        }
    );
    // 168 hours later is the last instant; one second after, the term is owed.
    let edge = ev("c1", "2021-10-19T08:00:00Z", "t1", NceEventKind::Cancel);
    assert!(w
        .run(
            "2021-10-20T00:00:00Z",
            &[o.clone(), edge],
            LineConvention::NceB
        )
        .is_ok());
    let late = ev("c1", "2021-10-19T08:00:01Z", "t1", NceEventKind::Cancel);
    let r = w
        .run(
            "2021-10-20T00:00:00Z",
            &[o.clone(), late],
            LineConvention::NceB,
        )
        .unwrap_err();
    assert_eq!(r.error.code(), "cancellation_window_closed");
    assert!(
        r.error.to_string().contains("2021-10-19T08:00:00Z"),
        "{}",
        r.error
    );
    // At launch the window was 72 hours.
    let launch = World::new(Program::nce_launch_2022());
    let day4 = ev("c1", "2021-10-15T08:00:01Z", "t1", NceEventKind::Cancel);
    assert_eq!(
        refusal(&launch, "2021-10-20T00:00:00Z", &[o, day4]),
        (Some(1), "cancellation_window_closed")
    );
}

#[test]
fn suspension_keeps_billing_and_ends_in_disabled_then_deleted() {
    let w = world();
    let o = order(
        "o1",
        "2022-11-15T10:00:00Z",
        "m1",
        E3,
        TermDuration::P1M,
        BillingPlan::Monthly,
        2,
    );
    let suspend = ev("x1", "2022-11-20T10:00:00Z", "m1", NceEventKind::Suspend);
    let events = [o.clone(), suspend.clone()];
    // No line for the suspension; the term runs to 12-14 and does not renew (auto-renew off).
    assert_eq!(
        lines(&w, "2022-12-20T00:00:00Z", &events, LineConvention::NceB),
        ["new 2022-11-15..2022-12-14 2 × 19.20 = 38.40"]
    );
    // Pinned P13: disabled from the renewal date for 30 + 90 days, then deleted.
    assert_eq!(
        status(&w, "2022-12-15T00:00:00Z", &events, "m1"),
        NceStatus::Disabled {
            since: day("2022-12-15"),
            deleted_on: day("2023-04-14")
        }
    );
    assert_eq!(
        status(&w, "2023-04-14T00:00:00Z", &events, "m1"),
        NceStatus::Deleted {
            on: day("2023-04-14")
        }
    );
    let add = ev(
        "a1",
        "2022-11-21T00:00:00Z",
        "m1",
        NceEventKind::AddSeats { quantity: 1 },
    );
    assert_eq!(
        refusal(
            &w,
            "2022-12-01T00:00:00Z",
            &[o.clone(), suspend.clone(), add]
        ),
        (Some(2), "subscription_not_active")
    );
    // A P1Y monthly subscription keeps its cycle charges while suspended.
    let y = e3_monthly("2022-06-18T10:00:00Z", 1);
    let ys = ev("x1", "2022-06-20T00:00:00Z", "s1", NceEventKind::Suspend);
    assert_eq!(
        lines(&w, "2022-07-18T00:00:00Z", &[y, ys], LineConvention::NceB).len(),
        2
    );
}

#[test]
fn suspend_and_reactivate_change_no_line() {
    let w = world();
    let o = e3_monthly("2022-06-18T10:00:00Z", 3);
    let plain = lines(
        &w,
        "2022-09-01T00:00:00Z",
        std::slice::from_ref(&o),
        LineConvention::NceB,
    );
    let s = ev("x1", "2022-07-02T00:00:00Z", "s1", NceEventKind::Suspend);
    let r = ev("x2", "2022-07-20T00:00:00Z", "s1", NceEventKind::Reactivate);
    assert_eq!(
        lines(
            &w,
            "2022-09-01T00:00:00Z",
            &[o.clone(), s.clone(), r.clone()],
            LineConvention::NceB
        ),
        plain
    );
    let again = ev("x3", "2022-07-21T00:00:00Z", "s1", NceEventKind::Reactivate);
    assert_eq!(
        refusal(&w, "2022-09-01T00:00:00Z", &[o.clone(), s, r, again]),
        (Some(3), "subscription_not_suspended")
    );
    // Suspending turned auto-renew off; reactivating leaves it off.
    let rep = w
        .run(
            "2022-09-01T00:00:00Z",
            std::slice::from_ref(&o),
            LineConvention::NceB,
        )
        .unwrap();
    assert!(
        rep.subscriptions
            .get(&SubscriptionId::new("s1"))
            .unwrap()
            .auto_renew
    );
    let s = ev("x1", "2022-07-02T00:00:00Z", "s1", NceEventKind::Suspend);
    let r = ev("x2", "2022-07-20T00:00:00Z", "s1", NceEventKind::Reactivate);
    let rep = w
        .run("2022-09-01T00:00:00Z", &[o, s, r], LineConvention::NceB)
        .unwrap();
    let sub = rep.subscriptions.get(&SubscriptionId::new("s1")).unwrap();
    assert_eq!((sub.status, sub.auto_renew), (NceStatus::Active, false));
}

#[test]
fn renewal_is_priced_at_its_instant_and_a_term_keeps_its_locked_price() {
    let w = world();
    // P1M renews each month at the row governing the renewal instant: 19.20 until 2022-12-31,
    // 24.00 from 2023-01-01.
    let m = order(
        "o1",
        "2022-11-15T10:00:00Z",
        "m1",
        E3,
        TermDuration::P1M,
        BillingPlan::Monthly,
        1,
    );
    assert_eq!(
        lines(&w, "2023-01-15T00:00:00Z", &[m], LineConvention::NceB),
        [
            "new 2022-11-15..2022-12-14 1 × 19.20 = 19.20",
            "renew 2022-12-15..2023-01-14 1 × 19.20 = 19.20",
            "renew 2023-01-15..2023-02-14 1 × 24.00 = 24.00",
        ]
    );
    // A P1Y monthly term keeps P = 16 after the sheet's change to 240 (P = 20).
    let y = order(
        "o2",
        "2022-11-15T10:00:00Z",
        "y1",
        E3,
        TermDuration::P1Y,
        BillingPlan::Monthly,
        1,
    );
    let got = lines(&w, "2023-02-15T00:00:00Z", &[y], LineConvention::NceB);
    assert_eq!(got.len(), 4);
    assert!(
        got.iter().all(|l| l.ends_with("1 × 16.00 = 16.00")),
        "{got:?}"
    );
}

#[test]
fn without_auto_renew_a_term_expires_then_is_disabled_then_deleted() {
    let w = world();
    let m = order(
        "o1",
        "2022-11-15T10:00:00Z",
        "m1",
        E3,
        TermDuration::P1M,
        BillingPlan::Monthly,
        1,
    );
    let off = ev(
        "r1",
        "2022-11-16T00:00:00Z",
        "m1",
        NceEventKind::SetAutoRenew { on: false },
    );
    let events = [m.clone(), off.clone()];
    assert_eq!(
        lines(&w, "2023-06-01T00:00:00Z", &events, LineConvention::NceB).len(),
        1
    );
    assert_eq!(
        status(&w, "2022-12-15T00:00:00Z", &events, "m1"),
        NceStatus::Expired {
            since: day("2022-12-15")
        }
    );
    assert_eq!(
        status(&w, "2023-01-14T00:00:00Z", &events, "m1"),
        NceStatus::Disabled {
            since: day("2023-01-14"),
            deleted_on: day("2023-04-14")
        }
    );
    assert_eq!(
        status(&w, "2023-04-14T00:00:00Z", &events, "m1"),
        NceStatus::Deleted {
            on: day("2023-04-14")
        }
    );
    let add = ev(
        "a1",
        "2022-12-20T00:00:00Z",
        "m1",
        NceEventKind::AddSeats { quantity: 1 },
    );
    assert_eq!(
        refusal(&w, "2023-01-01T00:00:00Z", &[m, off, add]),
        (Some(2), "subscription_expired")
    );
}

#[test]
fn a_change_scheduled_for_the_renewal_applies_there() {
    let w = world();
    let m = order(
        "o1",
        "2022-10-15T10:00:00Z",
        "m1",
        E3,
        TermDuration::P1M,
        BillingPlan::Monthly,
        10,
    );
    let fewer = ScheduledChange {
        quantity: Some(4),
        ..ScheduledChange::default()
    };
    let sc = ev(
        "c1",
        "2022-10-20T00:00:00Z",
        "m1",
        NceEventKind::ScheduleChange(fewer.clone()),
    );
    assert_eq!(
        lines(
            &w,
            "2022-11-15T00:00:00Z",
            &[m.clone(), sc.clone()],
            LineConvention::NceB
        )[1],
        "renew 2022-11-15..2022-12-14 4 × 19.20 = 76.80"
    );
    // Needs auto-renew; only the current SKU; only a plan sold with the term.
    let off = ev(
        "r1",
        "2022-10-16T00:00:00Z",
        "m1",
        NceEventKind::SetAutoRenew { on: false },
    );
    assert_eq!(
        refusal(&w, "2022-11-01T00:00:00Z", &[m.clone(), off, sc]),
        (Some(2), "auto_renew_required")
    );
    let other = ScheduledChange {
        offer: Some(OfferId::new("CFQ7TTC0TEST:0001")),
        ..ScheduledChange::default()
    };
    let sc = ev(
        "c1",
        "2022-10-20T00:00:00Z",
        "m1",
        NceEventKind::ScheduleChange(other),
    );
    assert_eq!(
        refusal(&w, "2022-11-01T00:00:00Z", &[m.clone(), sc]),
        (Some(1), "upgrade_not_eligible")
    );
    let annual = ScheduledChange {
        plan: Some(BillingPlan::Annual),
        ..ScheduledChange::default()
    };
    let sc = ev(
        "c1",
        "2022-10-20T00:00:00Z",
        "m1",
        NceEventKind::ScheduleChange(annual),
    );
    assert_eq!(
        refusal(&w, "2022-11-01T00:00:00Z", &[m, sc]),
        (Some(1), "plan_not_allowed")
    );
}

#[test]
fn orders_are_refused_with_the_first_failing_rule() {
    let w = world();
    let bad = |term, plan, q| order("o1", "2022-06-18T10:00:00Z", "s1", E3, term, plan, q);
    let p2y = TermDuration::parse("P2Y").unwrap();
    assert_eq!(
        refusal(
            &w,
            "2022-07-01T00:00:00Z",
            &[bad(p2y, BillingPlan::Monthly, 1)]
        ),
        (Some(0), "term_not_offered")
    );
    assert_eq!(
        refusal(
            &w,
            "2022-07-01T00:00:00Z",
            &[bad(TermDuration::P1M, BillingPlan::Annual, 1)]
        ),
        (Some(0), "plan_not_allowed")
    );
    assert_eq!(
        refusal(
            &w,
            "2022-07-01T00:00:00Z",
            &[bad(TermDuration::P1Y, BillingPlan::Monthly, 0)]
        ),
        (Some(0), "invalid_quantity")
    );
    assert_eq!(
        refusal(
            &w,
            "2022-07-01T00:00:00Z",
            &[bad(TermDuration::P3Y, BillingPlan::Monthly, 1)]
        ),
        (Some(0), "nce_price_not_found")
    );
    let mut synd = bad(TermDuration::P1Y, BillingPlan::Monthly, 1);
    if let NceEventKind::Order { customer, .. } = &mut synd.kind {
        *customer = CustomerId::new("synd");
    }
    assert_eq!(
        refusal(&w, "2022-07-01T00:00:00Z", &[synd]),
        (Some(0), "tenant_not_eligible")
    );
    let ok = bad(TermDuration::P1Y, BillingPlan::Monthly, 1);
    assert_eq!(
        refusal(&w, "2022-07-01T00:00:00Z", &[ok.clone(), ok.clone()]),
        (Some(1), "duplicate_subscription")
    );
    assert_eq!(
        refusal(&w, "2022-06-18T09:59:59Z", &[ok]),
        (Some(0), "date_after_as_of")
    );
    let legacy = World::new(Program::legacy_2015());
    assert_eq!(
        refusal(&legacy, "2022-07-01T00:00:00Z", &[]),
        (None, "invalid_input")
    );
}

#[test]
fn a_calendar_aligned_order_bills_a_partial_first_cycle() {
    // SPEC-NCE E8: bought 2022-07-15, P1Y aligned to 2023-06-30. The partial first cycle
    // 07-15..07-31 (17 days) is priced against its reference cycle 07-01..07-31 (31 days,
    // pinned P8–P9): 16 × 17/31 = 8.7741… → 8.77 under B.
    let w = world();
    let mut o = e3_monthly("2022-07-15T10:00:00Z", 2);
    if let NceEventKind::Order { custom_end, .. } = &mut o.kind {
        *custom_end = Some(day("2023-06-30"));
    }
    let got = lines(&w, "2023-07-01T00:00:00Z", &[o], LineConvention::NceB);
    assert_eq!(got[0], "new 2022-07-15..2022-07-31 2 × 8.77 = 17.54");
    assert_eq!(
        got[1],
        "cycleCharge 2022-08-01..2022-08-31 2 × 16.00 = 32.00"
    );
    assert_eq!(got.len(), 13, "{got:?}");
    // The renewal re-anchors on 07-01 (a natural P1Y term), at the price of 2023-07-01: 240/12.
    assert_eq!(got[12], "renew 2023-07-01..2023-07-31 2 × 20.00 = 40.00");
}

#[test]
fn a_refused_event_changes_nothing() {
    let w = world();
    let o = e3_monthly("2022-06-18T10:00:00Z", 10);
    let ctx = w.ctx("2022-08-01T00:00:00Z");
    let mut subs = NceSubscriptions::new();
    let mut facts = Vec::new();
    subs.advance_to(&ctx, day("2022-06-18"), &mut facts);
    facts.extend(subs.apply(&ctx, &o).unwrap());
    let before = subs.clone();
    for kind in [
        NceEventKind::ReduceSeats { quantity: 11 },
        NceEventKind::Reactivate,
        NceEventKind::AddSeats {
            quantity: 1_000_000,
        },
    ] {
        let e = ev("z", "2022-06-19T00:00:00Z", "s1", kind);
        subs.advance_to(&ctx, day("2022-06-19"), &mut facts);
        assert!(subs.apply(&ctx, &e).is_err());
        assert_eq!(subs, before);
    }
}

/// The test sheet with P3Y rows for E3: monthly and annual `U` = 540 (`P` = 15 and 180).
fn world_p3y() -> World {
    let mut w = world();
    let p3y = "\
ProductTitle,ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate,EffectiveEndDate
Microsoft 365 E3,CFQ7TTC0LFLX,0001,E3,P3Y,Monthly,US,USD,540,2020-01-01,
Microsoft 365 E3,CFQ7TTC0LFLX,0001,E3,P3Y,Annual,US,USD,540,2020-01-01,
Microsoft 365 E3,CFQ7TTC0LFLX,0001,E3,P3Y,Triennial,US,USD,540,2020-01-01,
";
    w.sheet
        .extend(crate::price_list::parse_nce_rows(p3y).unwrap());
    w
}

#[test]
fn a_longer_term_starts_today_and_refunds_the_rest_of_the_cycle() {
    // P1Y monthly (P = 16) ordered 06-18, moved to P3Y monthly (P = 540/36 = 15) on 07-01:
    // refund 10 × trunc(16 × 17/30 = 9.066…) = −90.60; new term 2022-07-01..2025-06-30, its
    // first cycle 07-01..07-31 charged 10 × 15 = 150.
    let w = world_p3y();
    let o = e3_monthly("2022-06-18T10:00:00Z", 10);
    let t = ev(
        "t1",
        "2022-07-01T09:00:00Z",
        "s1",
        NceEventKind::ChangeTerm {
            term: TermDuration::P3Y,
            plan: BillingPlan::Monthly,
        },
    );
    let r = w
        .run(
            "2022-08-01T00:00:00Z",
            &[o.clone(), t],
            LineConvention::NceB,
        )
        .unwrap();
    assert_eq!(
        show(&r.lines)[1..],
        [
            "convert 2022-07-01..2022-07-17 10 × -9.06 = -90.60",
            "convert 2022-07-01..2022-07-31 10 × 15.00 = 150.00",
            "cycleCharge 2022-08-01..2022-08-31 10 × 15.00 = 150.00",
        ]
    );
    assert_eq!(
        (r.lines[2].subscription_start, r.lines[2].subscription_end),
        (day("2022-07-01"), day("2025-06-30"))
    );
    // SPEC-NCE E10: a P1Y that started 2023-01-01 cannot move to P1M on 2023-12-20.
    let y = order(
        "o1",
        "2023-01-01T00:00:00Z",
        "s1",
        E3,
        TermDuration::P1Y,
        BillingPlan::Monthly,
        1,
    );
    let shorter = ev(
        "t1",
        "2023-12-20T00:00:00Z",
        "s1",
        NceEventKind::ChangeTerm {
            term: TermDuration::P1M,
            plan: BillingPlan::Monthly,
        },
    );
    assert_eq!(
        refusal(&w, "2024-01-01T00:00:00Z", &[y, shorter]),
        (Some(1), "term_shortening_not_allowed")
    );
}

#[test]
fn a_plan_change_begins_at_the_next_boundary_with_a_month_fraction() {
    // P3Y monthly (P = 15) from 2022-06-18, changed to annual on 08-05: at the next monthly
    // boundary 08-18 the annual cycles anchored on 06-18 begin; the annual cycle holding 08-18
    // ends 2023-06-17, k = 10 months of 12: 180 × 10/12 = 150 per seat, 10 seats = 1500.
    let w = world_p3y();
    let o = order(
        "o1",
        "2022-06-18T10:00:00Z",
        "s1",
        E3,
        TermDuration::P3Y,
        BillingPlan::Monthly,
        10,
    );
    let p = ev(
        "p1",
        "2022-08-05T12:00:00Z",
        "s1",
        NceEventKind::ChangePlan {
            plan: BillingPlan::Annual,
        },
    );
    let r = w
        .run(
            "2023-06-18T00:00:00Z",
            &[o.clone(), p],
            LineConvention::NceB,
        )
        .unwrap();
    assert_eq!(
        show(&r.lines),
        [
            "new 2022-06-18..2022-07-17 10 × 15.00 = 150.00",
            "cycleCharge 2022-07-18..2022-08-17 10 × 15.00 = 150.00",
            "changeBillingPlan 2022-08-18..2023-06-17 10 × 150.00 = 1500.00",
            "cycleCharge 2023-06-18..2024-06-17 10 × 180.00 = 1800.00",
        ]
    );
    assert_eq!(
        (r.lines[2].month_fraction, r.lines[2].reference_id.as_str()),
        (Some((10, 12)), "p1")
    );
    assert_eq!(r.lines[2].order_date, day("2022-08-18"));
    // Triennial pays the term up front: only at purchase.
    let tri = ev(
        "p1",
        "2022-08-05T12:00:00Z",
        "s1",
        NceEventKind::ChangePlan {
            plan: BillingPlan::Triennial,
        },
    );
    assert_eq!(
        refusal(&w, "2022-09-01T00:00:00Z", &[o.clone(), tri]),
        (Some(1), "upfront_only_at_purchase")
    );
    // P1Y plans never change mid-term (annual pays a P1Y up front); P3Y ones only when
    // requested by 2025-03-31.
    let y = e3_monthly("2022-06-18T10:00:00Z", 1);
    let py = ev(
        "p1",
        "2022-08-05T12:00:00Z",
        "s1",
        NceEventKind::ChangePlan {
            plan: BillingPlan::Annual,
        },
    );
    assert_eq!(
        refusal(&w, "2022-09-01T00:00:00Z", &[y, py]),
        (Some(1), "upfront_only_at_purchase")
    );
    let ya = order(
        "o1",
        "2022-06-18T10:00:00Z",
        "s1",
        E3,
        TermDuration::P1Y,
        BillingPlan::Annual,
        1,
    );
    let pm = ev(
        "p1",
        "2022-08-05T12:00:00Z",
        "s1",
        NceEventKind::ChangePlan {
            plan: BillingPlan::Monthly,
        },
    );
    assert_eq!(
        refusal(&w, "2022-09-01T00:00:00Z", &[ya, pm]),
        (Some(1), "plan_change_not_allowed")
    );
    let late = ev(
        "p1",
        "2025-04-01T00:00:00Z",
        "s1",
        NceEventKind::ChangePlan {
            plan: BillingPlan::Annual,
        },
    );
    assert_eq!(
        refusal(&w, "2025-04-02T00:00:00Z", &[o, late]),
        (Some(1), "plan_change_not_allowed")
    );
}

#[test]
fn a_what_if_quote_prices_the_decision_and_tells_until_when_it_stays_possible() {
    use crate::charges::nce_what_if;
    // E18's subscription (10 × 3, P1M from 2021-10-12 08:00): cancelling on 10-19 07:00
    // refunds 10-19..11-11, 24 of 31 days: 3 × 24/31 = 2.3225…, 10 × 2.32 = −23.20 under B,
    // trunc(−23.225…) = −23.22 under A; the window ends 10-19 08:00, so on 10-20 it is refused.
    let w = world();
    let o = order(
        "o1",
        "2021-10-12T08:00:00Z",
        "t1",
        "CFQ7TTC0TEST:0001",
        TermDuration::P1M,
        BillingPlan::Monthly,
        10,
    );
    let ctx = w.ctx("2021-10-13T00:00:00Z");
    let replay = replay_nce(&ctx, std::slice::from_ref(&o), LineConvention::NceB).unwrap();
    let cancel = |t: &str| ev("q", t, "t1", NceEventKind::Cancel);
    let q = nce_what_if(
        &replay.subscriptions,
        &ctx,
        &cancel("2021-10-19T07:00:00Z"),
        LineConvention::NceB,
    )
    .unwrap();
    assert_eq!(q.net.amount().to_string(), "-23.20");
    assert_eq!(
        instant_text(q.allowed_until.unwrap()),
        "2021-10-19T08:00:00Z"
    );
    let a = nce_what_if(
        &replay.subscriptions,
        &ctx,
        &cancel("2021-10-19T07:00:00Z"),
        LineConvention::NceA,
    )
    .unwrap();
    assert_eq!(a.net.amount().to_string(), "-23.22");
    let late = nce_what_if(
        &replay.subscriptions,
        &ctx,
        &cancel("2021-10-20T00:00:00Z"),
        LineConvention::NceB,
    )
    .unwrap_err();
    assert_eq!(late.code(), "cancellation_window_closed");
    // The replay's state is unchanged by quoting.
    assert_eq!(
        replay
            .subscriptions
            .get(&SubscriptionId::new("t1"))
            .unwrap()
            .status,
        NceStatus::Active
    );
}

fn upgrade(t: &str, q: u32, into: Option<&str>, new: Option<&str>) -> NceEvent {
    ev(
        "u1",
        t,
        "s1",
        NceEventKind::Upgrade {
            to: OfferId::new(E5),
            quantity: q,
            into: into.map(SubscriptionId::new),
            new_subscription: new.map(SubscriptionId::new),
        },
    )
}

#[test]
fn a_full_upgrade_keeps_the_subscription_and_re_prices_the_rest_of_the_cycle() {
    // E3 (P = 16) → E5 (P = 384/12 = 32) for all 10 seats on 07-01, 17 of 30 days:
    // refund 10 × trunc(16 × 17/30 = 9.066…) = −90.60; charge 10 × trunc(32 × 17/30 =
    // 18.133…) = 181.30; the next cycle is E5's, 10 × 32.
    let w = world();
    let events = [
        e3_monthly("2022-06-18T10:00:00Z", 10),
        upgrade("2022-07-01T09:00:00Z", 10, None, None),
    ];
    let r = w
        .run("2022-07-18T00:00:00Z", &events, LineConvention::NceB)
        .unwrap();
    assert_eq!(
        show(&r.lines)[1..],
        [
            "convert 2022-07-01..2022-07-17 10 × -9.06 = -90.60",
            "convert 2022-07-01..2022-07-17 10 × 18.13 = 181.30",
            "cycleCharge 2022-07-18..2022-08-17 10 × 32.00 = 320.00",
        ]
    );
    assert_eq!(r.lines[2].offer, OfferId::new(E5));
    let s = r.subscriptions.get(&SubscriptionId::new("s1")).unwrap();
    assert_eq!(
        (s.quantity, s.batches.len(), s.status),
        (10, 0, NceStatus::Active)
    );
}

#[test]
fn a_partial_upgrade_creates_a_coterminous_subscription() {
    // 4 of 10 seats into a new s1-e5: −4 × 9.06 = −36.24 on s1, +4 × 18.13 = 72.52 on s1-e5;
    // the next cycle bills 6 × 16 = 96 on s1 and 4 × 32 = 128 on s1-e5, with one term end.
    let w = world();
    let events = [
        e3_monthly("2022-06-18T10:00:00Z", 10),
        upgrade("2022-07-01T09:00:00Z", 4, None, Some("s1-e5")),
    ];
    let r = w
        .run("2022-07-18T00:00:00Z", &events, LineConvention::NceB)
        .unwrap();
    assert_eq!(
        show(&r.lines)[1..],
        [
            "convert 2022-07-01..2022-07-17 4 × -9.06 = -36.24",
            "convert 2022-07-01..2022-07-17 4 × 18.13 = 72.52",
            "cycleCharge 2022-07-18..2022-08-17 6 × 16.00 = 96.00",
            "cycleCharge 2022-07-18..2022-08-17 4 × 32.00 = 128.00",
        ]
    );
    assert_eq!(r.lines[2].subscription, SubscriptionId::new("s1-e5"));
    let new = r.subscriptions.get(&SubscriptionId::new("s1-e5")).unwrap();
    let old = r.subscriptions.get(&SubscriptionId::new("s1")).unwrap();
    assert_eq!(new.term, old.term);
    assert_eq!(
        (new.cancellable_until, new.batches.len()),
        (old.cancellable_until, 0)
    );
    // Without an id for the new subscription, a partial upgrade is refused.
    let bare = [
        e3_monthly("2022-06-18T10:00:00Z", 10),
        upgrade("2022-07-01T09:00:00Z", 4, None, None),
    ];
    assert_eq!(
        refusal(&w, "2022-07-02T00:00:00Z", &bare),
        (Some(1), "invalid_input")
    );
}

#[test]
fn an_upgrade_into_an_existing_subscription_moves_seats_at_its_locked_price() {
    // s2: E5 P1Y monthly, 2 seats from 2022-06-20 (term to 2023-06-19, after s1's 2023-06-17;
    // its cancellation window closed on 06-27). 3 of s1's seats move on 07-01: s1 refunds
    // 3 × 9.06 = −27.18 to 07-17; s2 charges 07-01..07-19 of its cycle 06-20..07-19 (30 days):
    // 32 × 19/30 = 20.266… → 3 × 20.26 = 60.78.
    let w = world();
    let s2 = order(
        "o2",
        "2022-06-20T00:00:00Z",
        "s2",
        E5,
        TermDuration::P1Y,
        BillingPlan::Monthly,
        2,
    );
    let events = [
        e3_monthly("2022-06-18T10:00:00Z", 10),
        s2.clone(),
        upgrade("2022-07-01T09:00:00Z", 3, Some("s2"), None),
    ];
    let r = w
        .run("2022-07-02T00:00:00Z", &events, LineConvention::NceB)
        .unwrap();
    assert_eq!(
        show(&r.lines)[2..],
        [
            "moveQuantity 2022-07-01..2022-07-17 3 × -9.06 = -27.18",
            "moveQuantity 2022-07-01..2022-07-19 3 × 20.26 = 60.78",
        ]
    );
    let q = |id: &str| {
        r.subscriptions
            .get(&SubscriptionId::new(id))
            .unwrap()
            .quantity
    };
    assert_eq!((q("s1"), q("s2")), (7, 5));
    // All seats moved: the source is deleted.
    let all = [
        e3_monthly("2022-06-18T10:00:00Z", 10),
        s2.clone(),
        upgrade("2022-07-01T09:00:00Z", 10, Some("s2"), None),
    ];
    assert_eq!(
        status(&w, "2022-07-02T00:00:00Z", &all, "s1"),
        NceStatus::Deleted {
            on: day("2022-07-01")
        }
    );
    // Inside the target's cancellation window the target cannot receive seats.
    let early = [
        e3_monthly("2022-06-18T10:00:00Z", 10),
        s2,
        upgrade("2022-06-25T00:00:00Z", 3, Some("s2"), None),
    ];
    assert_eq!(
        refusal(&w, "2022-07-02T00:00:00Z", &early),
        (Some(2), "upgrade_target_ineligible")
    );
}

#[test]
fn upgrades_follow_the_catalog_paths_only() {
    let w = world();
    let e5 = order(
        "o1",
        "2022-06-18T10:00:00Z",
        "s1",
        E5,
        TermDuration::P1Y,
        BillingPlan::Monthly,
        10,
    );
    let down = ev(
        "u1",
        "2022-07-01T09:00:00Z",
        "s1",
        NceEventKind::Upgrade {
            to: OfferId::new(E3),
            quantity: 1,
            into: None,
            new_subscription: Some(SubscriptionId::new("x")),
        },
    );
    assert_eq!(
        refusal(&w, "2022-07-02T00:00:00Z", &[e5, down]),
        (Some(1), "downgrade_not_supported")
    );
    let o = e3_monthly("2022-06-18T10:00:00Z", 10);
    let sideways = ev(
        "u1",
        "2022-07-01T09:00:00Z",
        "s1",
        NceEventKind::Upgrade {
            to: OfferId::new("CFQ7TTC0TEST:0001"),
            quantity: 1,
            into: None,
            new_subscription: Some(SubscriptionId::new("x")),
        },
    );
    assert_eq!(
        refusal(&w, "2022-07-02T00:00:00Z", &[o.clone(), sideways]),
        (Some(1), "upgrade_not_eligible")
    );
    let too_many = upgrade("2022-07-01T09:00:00Z", 11, None, None);
    assert_eq!(
        refusal(&w, "2022-07-02T00:00:00Z", &[o.clone(), too_many]),
        (Some(1), "invalid_quantity")
    );
    // A P1M target has another term.
    let m = order(
        "o2",
        "2022-06-01T00:00:00Z",
        "m2",
        E5,
        TermDuration::P1M,
        BillingPlan::Monthly,
        1,
    );
    let into_m = upgrade("2022-07-01T09:00:00Z", 1, Some("m2"), None);
    assert_eq!(
        refusal(&w, "2022-07-02T00:00:00Z", &[o, m, into_m]),
        (Some(2), "upgrade_target_ineligible")
    );
}

fn trial(t: &str, q: u32, auto_renew: bool) -> NceEvent {
    ev(
        "t0",
        t,
        "t1",
        NceEventKind::Order {
            customer: CustomerId::new("contoso"),
            offer: OfferId::new(E3),
            term: TermDuration::P1M,
            plan: BillingPlan::None,
            quantity: q,
            auto_renew,
            custom_end: None,
            promotion: None,
            coterm_with: None,
        },
    )
}

fn convert(t: &str, q: Option<u32>, term: Option<TermDuration>, into: Option<&str>) -> NceEvent {
    ev(
        "v1",
        t,
        "t1",
        NceEventKind::ConvertTrial {
            quantity: q,
            term,
            plan: None,
            into: into.map(SubscriptionId::new),
        },
    )
}

#[test]
fn a_trial_costs_nothing_and_keeps_its_seats() {
    // SPEC-NCE §13.12, E17's shape: `new` 25 × 0 for a month, qualifier Trial.
    let w = world();
    let t = trial("2022-06-18T10:00:00Z", 25, false);
    let r = w
        .run(
            "2022-06-20T00:00:00Z",
            std::slice::from_ref(&t),
            LineConvention::NceB,
        )
        .unwrap();
    assert_eq!(
        show(&r.lines),
        ["new 2022-06-18..2022-07-17 25 × 0.00 = 0.00"]
    );
    assert_eq!(r.lines[0].product_qualifiers, "Trial");
    let add = ev(
        "a1",
        "2022-06-19T00:00:00Z",
        "t1",
        NceEventKind::AddSeats { quantity: 1 },
    );
    assert_eq!(
        refusal(&w, "2022-06-20T00:00:00Z", &[t.clone(), add]),
        (Some(1), "trial_quantity_fixed")
    );
    assert_eq!(
        refusal(
            &w,
            "2022-06-20T00:00:00Z",
            &[trial("2022-06-18T10:00:00Z", 10, true)]
        ),
        (Some(0), "invalid_quantity")
    );
    // Without auto-renew it expires at its end.
    assert_eq!(
        status(&w, "2022-07-18T00:00:00Z", &[t], "t1"),
        NceStatus::Expired {
            since: day("2022-07-18")
        }
    );
    // A program without trials refuses them.
    let no_trials = World::new(Program {
        trials_allowed: false,
        ..Program::nce()
    });
    assert_eq!(
        refusal(
            &no_trials,
            "2022-06-20T00:00:00Z",
            &[trial("2022-06-18T10:00:00Z", 25, true)]
        ),
        (Some(0), "trial_not_offered")
    );
}

#[test]
fn a_trial_is_neither_upgraded_nor_upgraded_into() {
    // SPEC-NCE §13.12: a trial keeps its `trial_seats` seats (seat changes are refused) and
    // becomes paid only through `convert_trial`. Moving 10 of its seats into another trial
    // of the upgrade target left trials of 15 and 35 seats (found while writing the fuzz
    // oracle on trial lines: the trial guard in `change` was never reached by an upgrade).
    let mut w = world();
    // A sheet row for plan `none` would let an upgrade in place price the trial.
    w.sheet = NceSheet::from_csv(&format!(
        "{SHEET}Microsoft 365 E5,CFQ7TTC0LFK5,0001,E5,P1M,None,US,USD,5,2020-01-01,\n"
    ))
    .expect("the test sheet");
    let e3 = trial("2022-06-01T10:00:00Z", 25, true);
    let e5 = NceEvent {
        id: "t5".to_string(),
        subscription: SubscriptionId::new("t2"),
        kind: match &e3.kind {
            NceEventKind::Order {
                customer,
                term,
                plan,
                quantity,
                ..
            } => NceEventKind::Order {
                customer: customer.clone(),
                offer: OfferId::new(E5),
                term: *term,
                plan: *plan,
                quantity: *quantity,
                auto_renew: true,
                custom_end: None,
                promotion: None,
                coterm_with: None,
            },
            _ => unreachable!("an order"),
        },
        ..e3.clone()
    };
    let from_trial = |q, into: Option<&str>, new: Option<&str>| NceEvent {
        subscription: SubscriptionId::new("t1"),
        ..upgrade("2022-06-10T10:00:00Z", q, into, new)
    };
    for (q, into, new) in [
        (10, Some("t2"), None),
        (25, None, None),
        (10, None, Some("n1")),
    ] {
        assert_eq!(
            refusal(
                &w,
                "2022-06-20T00:00:00Z",
                &[e3.clone(), e5.clone(), from_trial(q, into, new)]
            ),
            (Some(2), "invalid_input"),
            "{q} {into:?} {new:?}"
        );
    }
    // A paid E3 does not move seats into a trial of E5 either.
    let paid = e3_monthly("2022-06-01T10:00:00Z", 10);
    assert_eq!(
        refusal(
            &w,
            "2022-06-20T00:00:00Z",
            &[
                paid,
                e5,
                upgrade("2022-06-10T10:00:00Z", 5, Some("t2"), None)
            ]
        ),
        (Some(2), "upgrade_target_ineligible")
    );
}

#[test]
fn a_trial_converts_in_place_with_fresh_windows() {
    // Converted on 06-25 to 30 seats of the default P1Y billed monthly (P = 16): the trial's
    // seats are refunded at no cost from 06-25, and the first full cycle 06-25..07-24 is
    // charged 30 × 16 = 480.
    let w = world();
    let events = [
        trial("2022-06-18T10:00:00Z", 25, true),
        convert("2022-06-25T00:00:00Z", Some(30), None, None),
    ];
    let r = w
        .run("2022-07-01T00:00:00Z", &events, LineConvention::NceB)
        .unwrap();
    assert_eq!(
        show(&r.lines)[1..],
        [
            "convert 2022-06-25..2022-07-17 25 × 0.00 = 0.00",
            "convert 2022-06-25..2022-07-24 30 × 16.00 = 480.00",
        ]
    );
    assert_eq!(
        (
            r.lines[1].product_qualifiers.as_str(),
            r.lines[2].product_qualifiers.as_str()
        ),
        ("Trial", "")
    );
    let s = r.subscriptions.get(&SubscriptionId::new("t1")).unwrap();
    assert_eq!(
        (
            s.is_trial,
            s.quantity,
            s.refundable(at("2022-07-01T00:00:00Z"))
        ),
        (false, 30, 30)
    );
    assert_eq!(
        instant_text(s.cancellable_until.unwrap()),
        "2022-07-02T00:00:00Z"
    );
    // Fewer seats than the trial's: refused.
    let few = [
        trial("2022-06-18T10:00:00Z", 25, true),
        convert("2022-06-25T00:00:00Z", Some(10), None, None),
    ];
    assert_eq!(
        refusal(&w, "2022-07-01T00:00:00Z", &few),
        (Some(1), "trial_conversion_minimum")
    );
}

#[test]
fn at_its_end_a_trial_converts_to_the_scheduled_or_default_subscription() {
    // Auto-renew on, nothing scheduled: at 07-18 the defaults, P1Y monthly × 25 = 400.
    let w = world();
    let t = trial("2022-06-18T10:00:00Z", 25, true);
    let got = lines(
        &w,
        "2022-07-18T00:00:00Z",
        std::slice::from_ref(&t),
        LineConvention::NceB,
    );
    assert_eq!(
        got[1..],
        [
            "convert 2022-06-18..2022-07-17 25 × 0.00 = 0.00",
            "convert 2022-07-18..2022-08-17 25 × 16.00 = 400.00",
        ]
    );
    // A scheduled P1M of 10 seats: 10 × 19.20 = 192 (fewer than 25 is allowed at the end).
    let sc = ev(
        "c1",
        "2022-07-01T00:00:00Z",
        "t1",
        NceEventKind::ScheduleChange(ScheduledChange {
            term: Some(TermDuration::P1M),
            plan: Some(BillingPlan::Monthly),
            quantity: Some(10),
            ..ScheduledChange::default()
        }),
    );
    let got = lines(&w, "2022-07-18T00:00:00Z", &[t, sc], LineConvention::NceB);
    assert_eq!(got[2], "convert 2022-07-18..2022-08-17 10 × 19.20 = 192.00");
}

#[test]
fn a_trial_converts_into_an_existing_subscription() {
    // s1: E3 P1Y monthly from 06-10 (cycle 06-10..07-09, 30 days). The trial's 25 seats
    // join it on 06-25: 15 of 30 days at 16 = 8.00 a seat, 25 × 8 = 200; the trial is deleted.
    let w = world();
    let s1 = order(
        "o1",
        "2022-06-10T00:00:00Z",
        "s1",
        E3,
        TermDuration::P1Y,
        BillingPlan::Monthly,
        10,
    );
    let events = [
        s1,
        trial("2022-06-18T10:00:00Z", 25, true),
        convert("2022-06-25T00:00:00Z", None, None, Some("s1")),
    ];
    let r = w
        .run("2022-07-01T00:00:00Z", &events, LineConvention::NceB)
        .unwrap();
    assert_eq!(
        show(&r.lines)[2..],
        [
            "convert 2022-06-25..2022-07-17 25 × 0.00 = 0.00",
            "convert 2022-06-25..2022-07-09 25 × 8.00 = 200.00",
        ]
    );
    assert_eq!(
        r.subscriptions
            .get(&SubscriptionId::new("s1"))
            .unwrap()
            .quantity,
        35
    );
    assert_eq!(
        status(&w, "2022-07-01T00:00:00Z", &events, "t1"),
        NceStatus::Deleted {
            on: day("2022-06-25")
        }
    );
}

#[test]
fn a_change_scheduled_to_an_upgrade_path_renews_on_the_target_sku() {
    // SPEC-NCE §13.9.2: the SKU of the next term is the current one or an upgrade path. E3
    // (P1Y monthly, ordered 2022-06-18, term to 2023-06-17) renews 2023-06-18 as E5: P1Y
    // monthly U = 384, P = 384 / 12 = 32, 10 × 32 = 320.00.
    let w = world();
    let next = ScheduledChange {
        offer: Some(OfferId::new(E5)),
        ..ScheduledChange::default()
    };
    let events = [
        e3_monthly("2022-06-18T10:00:00Z", 10),
        ev(
            "c1",
            "2022-10-20T00:00:00Z",
            "s1",
            NceEventKind::ScheduleChange(next),
        ),
    ];
    let all = lines(&w, "2023-06-18T00:00:00Z", &events, LineConvention::NceB);
    assert_eq!(
        all.last().map(String::as_str),
        Some("renew 2023-06-18..2023-07-17 10 × 32.00 = 320.00")
    );
    // E5 does not upgrade to E3: the reverse is refused.
    let back = ScheduledChange {
        offer: Some(OfferId::new(E3)),
        ..ScheduledChange::default()
    };
    let e5 = order(
        "o1",
        "2022-06-18T10:00:00Z",
        "s1",
        E5,
        TermDuration::P1Y,
        BillingPlan::Monthly,
        10,
    );
    let sc = ev(
        "c1",
        "2022-10-20T00:00:00Z",
        "s1",
        NceEventKind::ScheduleChange(back),
    );
    assert_eq!(
        refusal(&w, "2022-11-01T00:00:00Z", &[e5, sc]),
        (Some(1), "upgrade_not_eligible")
    );
}

#[test]
fn a_renewal_completed_later_opens_its_windows_there() {
    // SPEC-NCE §13.15 E9, §13.9.3: a P1M term of 2023-02-02..2023-03-01 renews at
    // 2023-03-02T00:00:00Z; Microsoft completes it at 13:05 the same day (within 24 h), so
    // the cancellation window and the renewal's seats run to 13:05 + 168 h = 2023-03-09T13:05.
    let w = world();
    let order = order(
        "o1",
        "2023-02-02T10:00:00Z",
        "m1",
        E3,
        TermDuration::P1M,
        BillingPlan::Monthly,
        5,
    );
    let done = ev(
        "k1",
        "2023-03-02T13:05:00Z",
        "m1",
        NceEventKind::RenewalCompleted,
    );
    let r = w
        .run(
            "2023-03-03T00:00:00Z",
            &[order.clone(), done.clone()],
            LineConvention::NceB,
        )
        .expect("replays");
    let m1 = r.subscriptions.get(&SubscriptionId::new("m1")).expect("m1");
    assert_eq!(m1.cancellable_until, Some(at("2023-03-09T13:05:00Z")));
    assert_eq!(m1.reducible_until(5), Some(at("2023-03-09T13:05:00Z")));
    assert_eq!(m1.renewed_at, None);
    // Without the completion the window ends 168 h after the renewal instant (pinned P12):
    // a cancellation at 2023-03-09T13:00 is refused then, and allowed after the completion.
    let cancel = ev("c1", "2023-03-09T13:00:00Z", "m1", NceEventKind::Cancel);
    assert_eq!(
        refusal(&w, "2023-03-10T00:00:00Z", &[order.clone(), cancel.clone()]),
        (Some(1), "cancellation_window_closed")
    );
    // The refund: 2023-03-09..2023-04-01 is 24 of the 31 days of 24.00 = 18.5806… → 18.58 (B).
    assert_eq!(
        lines(
            &w,
            "2023-03-10T00:00:00Z",
            &[order.clone(), done.clone(), cancel],
            LineConvention::NceB
        )
        .last()
        .map(String::as_str),
        Some("cancelImmediate 2023-03-09..2023-04-01 5 × -18.58 = -92.90")
    );
    // Only within 24 h of a renewal, and only once; never for a term that began with an order.
    for (t, events) in [
        ("2023-03-03T00:00:01Z", vec![order.clone()]),
        ("2023-02-02T12:00:00Z", vec![order.clone()]),
        ("2023-03-02T14:00:00Z", vec![order.clone(), done.clone()]),
    ] {
        let mut events = events;
        events.push(ev("k2", t, "m1", NceEventKind::RenewalCompleted));
        let n = events.len() - 1;
        assert_eq!(
            refusal(&w, "2023-03-04T00:00:00Z", &events),
            (Some(n), "invalid_input"),
            "{t}"
        );
    }
    // At exactly 24 h it is accepted (closed window, pinned P1).
    let last = ev(
        "k1",
        "2023-03-03T00:00:00Z",
        "m1",
        NceEventKind::RenewalCompleted,
    );
    assert!(w
        .run("2023-03-04T00:00:00Z", &[order, last], LineConvention::NceB)
        .is_ok());
}

#[test]
fn an_order_coterminous_with_another_subscription_ends_with_it() {
    // SPEC-NCE §13.3.3, E8: a P1Y ending 2022-10-01; a P3Y bought 2022-07-01 may end on
    // 2022-10-01, 2023-10-01 or 2024-10-01; a P1Y bought then ends 2022-10-01 (93 days).
    let w = world_p3y();
    let x = order(
        "o1",
        "2021-10-02T09:00:00Z",
        "x",
        E3,
        TermDuration::P1Y,
        BillingPlan::Monthly,
        5,
    );
    let coterm = |id: &str, term, end: Option<&str>, with: &str| {
        let mut e = order(
            id,
            "2022-07-01T10:00:00Z",
            id,
            E3,
            term,
            BillingPlan::Monthly,
            3,
        );
        if let NceEventKind::Order {
            custom_end,
            coterm_with,
            ..
        } = &mut e.kind
        {
            *custom_end = end.map(day);
            *coterm_with = Some(SubscriptionId::new(with));
        }
        e
    };
    let term_of = |events: &[NceEvent], sub: &str| {
        let r = w
            .run("2022-07-02T00:00:00Z", events, LineConvention::NceB)
            .expect("replays");
        r.subscriptions
            .get(&SubscriptionId::new(sub))
            .expect("it")
            .term
            .period()
    };
    let p1y = term_of(&[x.clone(), coterm("a", TermDuration::P1Y, None, "x")], "a");
    assert_eq!(
        (p1y.first(), p1y.last()),
        (day("2022-07-01"), day("2022-10-01"))
    );
    let p3y = term_of(
        &[
            x.clone(),
            coterm("b", TermDuration::P3Y, Some("2024-10-01"), "x"),
        ],
        "b",
    );
    assert_eq!(p3y.last(), day("2024-10-01"));
    // Not one of x's ends; another customer's; a trial; an unknown one.
    assert_eq!(
        refusal(
            &w,
            "2022-07-02T00:00:00Z",
            &[
                x.clone(),
                coterm("b", TermDuration::P3Y, Some("2024-09-30"), "x")
            ]
        ),
        (Some(1), "coterm_date_invalid")
    );
    let mut theirs = x.clone();
    if let NceEventKind::Order { customer, .. } = &mut theirs.kind {
        *customer = CustomerId::new("synd2");
    }
    let mut w2 = world_p3y();
    let c = Customer::new(
        "synd2",
        "Other",
        Segment::Commercial,
        TenantOrigin::CreatedByPartner,
    );
    w2.customers.insert(c.id.clone(), c);
    let r = w2
        .run(
            "2022-07-02T00:00:00Z",
            &[theirs, coterm("a", TermDuration::P1Y, None, "x")],
            LineConvention::NceB,
        )
        .expect_err("refused");
    assert_eq!((r.index, r.error.code()), (Some(1), "customer_mismatch"));
    let t = trial("2022-06-20T10:00:00Z", 25, true);
    assert_eq!(
        refusal(
            &w,
            "2022-07-02T00:00:00Z",
            &[t, coterm("a", TermDuration::P1Y, None, "t1")]
        ),
        (Some(1), "coterm_not_allowed")
    );
    assert_eq!(
        refusal(
            &w,
            "2022-07-02T00:00:00Z",
            &[coterm("a", TermDuration::P1Y, None, "nope")]
        ),
        (Some(0), "unknown_subscription")
    );
    // A P1Y cannot end with a P1M (§13.3.4).
    let m = order(
        "o1",
        "2022-06-15T09:00:00Z",
        "m",
        E3,
        TermDuration::P1M,
        BillingPlan::Monthly,
        5,
    );
    assert_eq!(
        refusal(
            &w,
            "2022-07-02T00:00:00Z",
            &[m, coterm("a", TermDuration::P1Y, None, "m")]
        ),
        (Some(1), "coterm_not_allowed")
    );
    // What an order may ask for: the calendar end 2025-06-30 and x's three ends.
    let r = w
        .run("2022-07-01T00:00:00Z", &[x], LineConvention::NceB)
        .expect("replays");
    let ends = r
        .subscriptions
        .allowed_custom_ends(
            &w.program,
            &CustomerId::new("contoso"),
            day("2022-07-01"),
            TermDuration::P3Y,
        )
        .expect("ends");
    assert_eq!(
        ends,
        ["2022-10-01", "2023-10-01", "2024-10-01", "2025-06-30"].map(day)
    );
    // Before custom_end_dates_from (2022-03-10) the program offers none.
    let early = r
        .subscriptions
        .allowed_custom_ends(
            &w.program,
            &CustomerId::new("contoso"),
            day("2022-03-01"),
            TermDuration::P1Y,
        )
        .unwrap_err();
    assert_eq!(early.code(), "coterm_date_invalid");
}

mod sku_rules;
