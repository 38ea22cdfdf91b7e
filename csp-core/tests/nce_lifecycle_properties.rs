//! SPEC-NCE §13.14's invariants over random NCE event logs, under both conventions.
//!
//! Each case orders up to three subscriptions (every term and plan the program sells; some
//! naming a promotion, eligible or not) and throws up to 24 random events of every kind at them
//! over two years, with promotions in force for part of it; refused events are skipped (and
//! must change nothing). The generator's coverage (events of each kind applied and refused)
//! is printed by `coverage_is_reported` and checked to reach every kind.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use csp_core::catalog::{Customer, CustomerId, OfferId, SubscriptionId, TenantOrigin};
use csp_core::charges::price_fact;
use csp_core::money::nce::LineConvention;
use csp_core::money::{Currency, FxRates};
use csp_core::price_list::NceSheet;
use csp_core::price_list::PriceSegment;
use csp_core::program::Program;
use csp_core::subscription::nce::{
    start_of, NceCatalog, NceChargeType, NceContext, NceEvent, NceEventKind, NceFact, NcePromotion,
    NceSkuRules, NceStatus, NceSubscriptions, ScheduledChange, UpgradePath,
};
use csp_core::vocab::{BillingPlan, Segment, TermDuration};
use proptest::prelude::*;

/// E3 at every term and plan; each price changes on 2023-07-01.
const SHEET: &str = "\
ProductTitle,ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate,EffectiveEndDate
E3,CFQ7TTC0LFLX,0001,E3,P1M,Monthly,US,USD,43.20,2020-01-01,2023-06-30
E3,CFQ7TTC0LFLX,0001,E3,P1M,Monthly,US,USD,45.37,2023-07-01,
E3,CFQ7TTC0LFLX,0001,E3,P1Y,Monthly,US,USD,432,2020-01-01,2023-06-30
E3,CFQ7TTC0LFLX,0001,E3,P1Y,Monthly,US,USD,455.55,2023-07-01,
E3,CFQ7TTC0LFLX,0001,E3,P1Y,Annual,US,USD,431.99,2020-01-01,2023-06-30
E3,CFQ7TTC0LFLX,0001,E3,P1Y,Annual,US,USD,455.55,2023-07-01,
E3,CFQ7TTC0LFLX,0001,E3,P3Y,Monthly,US,USD,1296,2020-01-01,2023-06-30
E3,CFQ7TTC0LFLX,0001,E3,P3Y,Monthly,US,USD,1300.01,2023-07-01,
E3,CFQ7TTC0LFLX,0001,E3,P3Y,Annual,US,USD,1296,2020-01-01,
E3,CFQ7TTC0LFLX,0001,E3,P3Y,Triennial,US,USD,1295.99,2020-01-01,
E5,CFQ7TTC0LFK5,0001,E5,P1M,Monthly,US,USD,68.40,2020-01-01,
E5,CFQ7TTC0LFK5,0001,E5,P1Y,Monthly,US,USD,684,2020-01-01,
E5,CFQ7TTC0LFK5,0001,E5,P1Y,Annual,US,USD,684,2020-01-01,
E5,CFQ7TTC0LFK5,0001,E5,P3Y,Monthly,US,USD,2052,2020-01-01,
E5,CFQ7TTC0LFK5,0001,E5,P3Y,Annual,US,USD,2052,2020-01-01,
E5,CFQ7TTC0LFK5,0001,E5,P3Y,Triennial,US,USD,2052,2020-01-01,
";

const KINDS: [&str; 14] = [
    "order",
    "add_seats",
    "reduce_seats",
    "cancel",
    "suspend",
    "reactivate",
    "set_auto_renew",
    "schedule_change",
    "clear_scheduled",
    "change_term",
    "change_plan",
    "upgrade",
    "convert_trial",
    "renewal_completed",
];
static APPLIED: [AtomicUsize; 14] = [const { AtomicUsize::new(0) }; 14];
static REFUSED: [AtomicUsize; 14] = [const { AtomicUsize::new(0) }; 14];
/// Events refused for E5's seat cap.
static CAPPED: AtomicUsize = AtomicUsize::new(0);

const TERMS: [(TermDuration, BillingPlan); 6] = [
    (TermDuration::P1M, BillingPlan::Monthly),
    (TermDuration::P1Y, BillingPlan::Monthly),
    (TermDuration::P1Y, BillingPlan::Annual),
    (TermDuration::P3Y, BillingPlan::Monthly),
    (TermDuration::P3Y, BillingPlan::Annual),
    (TermDuration::P3Y, BillingPlan::Triennial),
];

/// What every replay of this file reads.
struct Fixture {
    program: Program,
    sheet: NceSheet,
    customers: BTreeMap<CustomerId, Customer>,
    catalog: NceCatalog,
}

impl Fixture {
    fn new() -> Fixture {
        let c = Customer::new(
            "contoso",
            "Contoso",
            Segment::Commercial,
            TenantOrigin::CreatedByPartner,
        );
        Fixture {
            program: Program::nce(),
            sheet: NceSheet::from_csv(SHEET).expect("the sheet"),
            customers: BTreeMap::from([(c.id.clone(), c)]),
            catalog: NceCatalog {
                upgrade_paths: upgrades(),
                skus: BTreeMap::from([(
                    OfferId::new(E5),
                    NceSkuRules {
                        max_seats: Some(E5_CAP),
                        ..NceSkuRules::default()
                    },
                )]),
                promotions: promotions(),
                ..NceCatalog::default()
            },
        }
    }

    fn ctx(&self, as_of: DateTime<Utc>) -> NceContext<'_> {
        NceContext {
            program: &self.program,
            sheet: &self.sheet,
            customers: &self.customers,
            currency: Currency::USD,
            billing_currency: Currency::USD,
            fx_rates: FxRates::empty(),
            market: "US",
            as_of,
            catalog: &self.catalog,
        }
    }
}

/// E5's seat cap (SPEC-NCE §13.13.2): orders, upgrades and seat changes reach it.
const E5_CAP: u32 = 12;
const E5: &str = "CFQ7TTC0LFK5:0001";

/// The tenant's active and suspended E5 seats.
fn e5_seats(subs: &NceSubscriptions) -> u32 {
    subs.iter()
        .filter(|s| s.offer == OfferId::new(E5))
        .filter(|s| matches!(s.status, NceStatus::Active | NceStatus::Suspended { .. }))
        .map(|s| s.quantity)
        .sum()
}

/// Promotions in force for parts of the generated two years (from 2022-12-01), and two that
/// never apply here (another market, another segment).
fn promotions() -> Vec<NcePromotion> {
    let t = |y, m, d| start_of(NaiveDate::from_ymd_opt(y, m, d).expect("a date"));
    let promo = |id: &str, pct: &str, offer: &str, terms: &[TermDuration], from, to| NcePromotion {
        id: id.to_string(),
        percent_off: pct.parse().expect("a percentage"),
        offer: OfferId::new(offer),
        terms: terms.to_vec(),
        plans: vec![
            BillingPlan::Monthly,
            BillingPlan::Annual,
            BillingPlan::Triennial,
        ],
        segments: vec![PriceSegment::Commercial],
        markets: vec!["US".to_string()],
        from,
        to,
    };
    let (y1, y3, m1) = (TermDuration::P1Y, TermDuration::P3Y, TermDuration::P1M);
    let e3 = "CFQ7TTC0LFLX:0001";
    let mut gb = promo(
        "E3-GB",
        "50",
        e3,
        &[m1, y1, y3],
        t(2022, 1, 1),
        t(2026, 1, 1),
    );
    gb.markets = vec!["GB".to_string()];
    let mut edu = promo(
        "E3-EDU",
        "40",
        e3,
        &[m1, y1, y3],
        t(2022, 1, 1),
        t(2026, 1, 1),
    );
    edu.segments = vec![PriceSegment::Education];
    vec![
        promo(
            "E3-WINTER",
            "15",
            e3,
            &[y1, y3],
            t(2022, 12, 1),
            t(2023, 3, 31),
        ),
        promo(
            "E3-ALL",
            "5.5",
            e3,
            &[m1, y1, y3],
            t(2023, 5, 1),
            t(2024, 6, 30),
        ),
        promo(
            "E5-P1Y",
            "12.5",
            "CFQ7TTC0LFK5:0001",
            &[y1],
            t(2022, 12, 1),
            t(2024, 12, 31),
        ),
        gb,
        edu,
    ]
}

/// E3 upgrades to E5.
fn upgrades() -> Vec<UpgradePath> {
    vec![UpgradePath {
        from: OfferId::new("CFQ7TTC0LFLX:0001"),
        to: OfferId::new("CFQ7TTC0LFK5:0001"),
    }]
}

fn base() -> DateTime<Utc> {
    start_of(NaiveDate::from_ymd_opt(2022, 12, 1).expect("a date"))
}

/// One generated step: kind, subscription, minutes after the previous step, a count.
type Step = (usize, usize, i64, u32);

fn event(step: &Step, at: DateTime<Utc>, n: usize) -> NceEvent {
    let (kind, sub, _, q) = *step;
    let (term, plan) = TERMS[(q as usize) % TERMS.len()];
    let kind = match kind {
        0 if q % 5 == 0 => NceEventKind::Order {
            customer: CustomerId::new("contoso"),
            offer: OfferId::new("CFQ7TTC0LFLX:0001"),
            term: TermDuration::P1M,
            plan: BillingPlan::None,
            quantity: 25,
            auto_renew: q % 2 == 0,
            custom_end: None,
            promotion: None,
            coterm_with: None,
        },
        0 => NceEventKind::Order {
            customer: CustomerId::new("contoso"),
            offer: OfferId::new(if q % 7 == 0 {
                "CFQ7TTC0LFK5:0001"
            } else {
                "CFQ7TTC0LFLX:0001"
            }),
            term,
            plan,
            quantity: q % 20 + 1,
            auto_renew: q % 5 != 0,
            custom_end: None,
            // Now and then a promotion named: applied when it applies, else refused.
            promotion: (q % 11 == 0)
                .then(|| ["E3-WINTER", "E5-P1Y", "E3-GB"][(q as usize / 11) % 3].to_string()),
            // Now and then coterminous with another subscription (SPEC-NCE §13.3.3).
            coterm_with: (q % 13 == 0).then(|| SubscriptionId::new(format!("s{}", (sub + 1) % 3))),
        },
        1 => NceEventKind::AddSeats {
            quantity: q % 7 + 1,
        },
        2 => NceEventKind::ReduceSeats {
            quantity: q % 7 + 1,
        },
        3 => NceEventKind::Cancel,
        4 => NceEventKind::Suspend,
        5 => NceEventKind::Reactivate,
        6 => NceEventKind::SetAutoRenew { on: q % 2 == 0 },
        7 => NceEventKind::ScheduleChange(ScheduledChange {
            quantity: Some(q % 9 + 1),
            ..ScheduledChange::default()
        }),
        8 => NceEventKind::ClearScheduled,
        9 => NceEventKind::ChangeTerm { term, plan },
        10 => NceEventKind::ChangePlan {
            plan: if q % 2 == 0 {
                BillingPlan::Annual
            } else {
                BillingPlan::Monthly
            },
        },
        11 => NceEventKind::Upgrade {
            to: OfferId::new("CFQ7TTC0LFK5:0001"),
            quantity: q % 4 + 1,
            into: (q % 3 == 0).then(|| SubscriptionId::new(format!("s{}", (sub + 1) % 3))),
            new_subscription: (q % 3 == 1).then(|| SubscriptionId::new(format!("u{n}"))),
        },
        13 => NceEventKind::RenewalCompleted,
        _ => NceEventKind::ConvertTrial {
            quantity: (q % 2 == 0).then_some(q % 40 + 1),
            term: None,
            plan: None,
            into: (q % 3 == 0).then(|| SubscriptionId::new(format!("s{}", (sub + 1) % 3))),
        },
    };
    NceEvent {
        id: format!("e{n}"),
        at,
        subscription: SubscriptionId::new(format!("s{sub}")),
        kind,
    }
}

struct Run {
    facts: Vec<NceFact>,
    subs: NceSubscriptions,
}

/// Applies the steps in time order, skipping refused events; checks that a refusal changes
/// nothing and that every live subscription holds 1 ≤ refundable ≤ q seats after each event.
fn run(steps: &[Step], count: bool) -> std::result::Result<Run, TestCaseError> {
    run_in(&Fixture::new(), steps, count, true)
}

/// As [`run`], reading `fixture`; without `named`, orders name no promotion.
fn run_in(
    fixture: &Fixture,
    steps: &[Step],
    count: bool,
    named: bool,
) -> std::result::Result<Run, TestCaseError> {
    let as_of = base() + Duration::days(800);
    let ctx = fixture.ctx(as_of);
    let mut subs = NceSubscriptions::new();
    let mut facts = Vec::new();
    let mut at = base();
    for (n, step) in steps.iter().enumerate() {
        at += Duration::minutes(step.2);
        let mut e = event(step, at, n);
        if let NceEventKind::Order { promotion, .. } = &mut e.kind {
            if !named {
                *promotion = None;
            }
        }
        subs.advance_to(&ctx, at.date_naive(), &mut facts);
        let before = subs.clone();
        match subs.apply(&ctx, &e) {
            Ok(made) => {
                facts.extend(made);
                // An accepted event that adds E5 seats stays within the cap.
                let (was, now) = (e5_seats(&before), e5_seats(&subs));
                prop_assert!(
                    now <= was || now <= E5_CAP,
                    "E5 seats {} → {} past the cap",
                    was,
                    now
                );
                if count {
                    APPLIED[step.0].fetch_add(1, Ordering::Relaxed);
                }
            }
            Err(e) => {
                if count && e.code() == "seat_limit_exceeded" {
                    CAPPED.fetch_add(1, Ordering::Relaxed);
                }
                prop_assert_eq!(&subs, &before, "a refused event changed the state");
                if count {
                    REFUSED[step.0].fetch_add(1, Ordering::Relaxed);
                }
            }
        }
        for s in subs.iter() {
            if matches!(s.status, NceStatus::Active | NceStatus::Suspended { .. }) {
                prop_assert!(s.quantity >= 1);
                prop_assert!(s.refundable(at) <= s.quantity);
            }
        }
    }
    subs.advance_to(&ctx, as_of.date_naive(), &mut facts);
    Ok(Run { facts, subs })
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    // Orders first (three subscriptions), then random events; gaps up to ~60 days, and
    // often a few minutes, so that windows are hit at both ends.
    let order = (Just(0usize), 0usize..3, 0i64..600, 0u32..1000);
    let other = (
        1usize..14,
        0usize..3,
        prop_oneof![0i64..300, 0i64..90_000],
        0u32..1000,
    );
    (
        prop::collection::vec(order, 1..4),
        prop::collection::vec(other, 0..24),
    )
        .prop_map(|(mut a, b)| {
            a.extend(b);
            a
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn lifecycle_invariants_hold(steps in steps()) {
        let r = run(&steps, true)?;
        let mut ends: BTreeMap<SubscriptionId, NaiveDate> = BTreeMap::new();
        for s in r.subs.iter() {
            match s.status {
                NceStatus::Deleted { on } | NceStatus::Expired { since: on } => {
                    ends.insert(s.id.clone(), on);
                }
                NceStatus::Disabled { .. } => {}
                _ => {}
            }
        }
        // Every line ends on its cycle's last day, lies in its term and its cycle.
        for f in &r.facts {
            prop_assert_eq!(f.service.last(), f.cycle.last());
            prop_assert!(f.cycle.period.contains(f.service.first()));
            prop_assert!(f.term.contains(f.service.first()) && f.term.contains(f.service.last()));
            prop_assert!(f.quantity >= 1);
        }
        // Nothing dated after a cancellation but its own refund; nothing once expired.
        for f in &r.facts {
            if let Some(end) = ends.get(&f.subscription) {
                prop_assert!(
                    f.order_date <= *end,
                    "line {:?} on {} after the end {}", f.charge_type, f.order_date, end
                );
            }
        }
        // Price lock: only an order, a renewal, a term change's charge or a plan change sets
        // a price (SPEC-NCE §12.5); every other line carries the last one set.
        let mut prices = BTreeMap::new();
        for f in &r.facts {
            let sets = match f.charge_type {
                NceChargeType::New | NceChargeType::Renew | NceChargeType::ChangeBillingPlan => true,
                NceChargeType::Convert => !f.refund,
                _ => false,
            };
            if sets {
                prices.insert(f.subscription.clone(), f.price);
            } else {
                prop_assert_eq!(prices.get(&f.subscription), Some(&f.price), "{:?}", f.charge_type);
            }
        }
        // Refunds never exceed the charges for the same seats and days, and a cancellation
        // refunds no more than the subscription was charged (SPEC-NCE §14.6). Under nce_B
        // exactly: every line is trunc(EUP) × q, so seats refunded together cost what they
        // were charged apart. Under nce_A each line is within one minor unit of exact (§14.6),
        // so a refund of seats charged on several lines (a trial converted into, or seats
        // moved into, a subscription, then cancelled: trunc(15e) + trunc(25e) against
        // trunc(40e)) may pass their charges by less than a cent per line.
        for c in [LineConvention::NceA, LineConvention::NceB] {
            let mut net: BTreeMap<SubscriptionId, (rust_decimal::Decimal, i64)> = BTreeMap::new();
            for f in &r.facts {
                let line = price_fact(f, c, Currency::USD).expect("priced");
                let e = net.entry(f.subscription.clone()).or_default();
                e.0 += line.subtotal.amount();
                e.1 += 1;
            }
            for (sub, (v, lines)) in net {
                let floor = match c {
                    LineConvention::NceB => rust_decimal::Decimal::ZERO,
                    _ => rust_decimal::Decimal::new(-lines, 2),
                };
                prop_assert!(v >= floor, "{} nets {} under {:?} ({} lines)", sub, v, c, lines);
            }
        }
    }

    #[test]
    fn a_promotion_never_raises_a_line(steps in steps()) {
        // SPEC-NCE §12.5.2, §14.3: the same log (orders naming none, so that both replays
        // take the same events) with and without the promotions in the catalog bills the
        // same lines, each at most as much with them: `P × (1 − p/100) ≤ P` and both
        // conventions truncate monotonically. A line with a promotion carries its id.
        let with = run_in(&Fixture::new(), &steps, false, false)?;
        let mut plain = Fixture::new();
        plain.catalog.promotions.clear();
        let without = run_in(&plain, &steps, false, false)?;
        prop_assert_eq!(with.facts.len(), without.facts.len());
        for (a, b) in with.facts.iter().zip(&without.facts) {
            prop_assert_eq!(
                (&a.subscription, a.charge_type, a.service, a.quantity, a.refund),
                (&b.subscription, b.charge_type, b.service, b.quantity, b.refund)
            );
            prop_assert_eq!(a.price.unit_price(), b.price.unit_price());
            prop_assert_eq!(a.promotion_id.is_some(), a.price.percent_off().is_some());
            prop_assert!(b.promotion_id.is_none() && b.price.percent_off().is_none());
            for c in [LineConvention::NceA, LineConvention::NceB] {
                let la = price_fact(a, c, Currency::USD).expect("priced");
                let lb = price_fact(b, c, Currency::USD).expect("priced");
                prop_assert_eq!(&la.promotion_id, &a.promotion_id);
                prop_assert!(
                    la.subtotal.amount().abs() <= lb.subtotal.amount().abs(),
                    "{:?} {} > {} under {:?}", a.charge_type, la.subtotal, lb.subtotal, c
                );
                prop_assert!(
                    la.effective_unit_price.abs() <= lb.effective_unit_price.abs()
                );
            }
        }
    }

    #[test]
    fn the_order_of_events_of_different_instants_does_not_matter(steps in steps(), seed in 0usize..1000) {
        // The replay sorts by instant (stable): permuting the input list of distinct instants
        // gives the same lines.
        use csp_core::charges::replay_nce;
        let fixture = Fixture::new();
        let ctx = fixture.ctx(base() + Duration::days(800));
        let mut at = base();
        let events: Vec<NceEvent> = steps
            .iter()
            .enumerate()
            .map(|(n, s)| {
                at += Duration::minutes(s.2 + 1);
                event(s, at, n)
            })
            .collect();
        let mut shuffled = events.clone();
        let len = shuffled.len();
        for i in 0..len {
            let j = (seed.wrapping_mul(31).wrapping_add(i * 17)) % len;
            shuffled.swap(i, j);
        }
        let a = replay_nce(&ctx, &events, LineConvention::NceB);
        let b = replay_nce(&ctx, &shuffled, LineConvention::NceB);
        match (a, b) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a.lines, b.lines),
            (Err(a), Err(b)) => prop_assert_eq!(a.error, b.error),
            _ => prop_assert!(false, "one order replayed, the other was refused"),
        }
    }

    #[test]
    fn an_order_cancelled_the_same_day_nets_zero(pick in 0usize..6, q in 1u32..500, minutes in 0i64..1439) {
        let (term, plan) = TERMS[pick];
        let at = base() + Duration::minutes(minutes / 2);
        let steps_at = |kind| NceEvent {
            id: "e".into(),
            at,
            subscription: SubscriptionId::new("s0"),
            kind,
        };
        let fixture = Fixture::new();
        let ctx = fixture.ctx(base() + Duration::days(1));
        let order = steps_at(NceEventKind::Order {
            customer: CustomerId::new("contoso"),
            offer: OfferId::new("CFQ7TTC0LFLX:0001"),
            term,
            plan,
            quantity: q,
            auto_renew: true,
            custom_end: None,
            promotion: None,
            coterm_with: None,
        });
        let mut cancel = steps_at(NceEventKind::Cancel);
        cancel.at = at + Duration::minutes(1);
        for conv in [LineConvention::NceA, LineConvention::NceB] {
            let r = csp_core::charges::replay_nce(&ctx, &[order.clone(), cancel.clone()], conv)
                .expect("replays");
            prop_assert_eq!(r.lines.len(), 2);
            prop_assert_eq!(r.lines[1].charge_type, NceChargeType::CancelImmediate);
            let net = r.lines[0].subtotal.amount() + r.lines[1].subtotal.amount();
            prop_assert_eq!(net, rust_decimal::Decimal::ZERO);
        }
    }
}

#[test]
fn coverage_is_reported() {
    // Generate a fixed number of logs and count what the generator exercised.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut promoted = 0usize;
    for _ in 0..2_000 {
        let steps = steps().new_tree(&mut runner).expect("a tree").current();
        let r = run(&steps, true).expect("the invariants hold");
        promoted += r.facts.iter().filter(|f| f.promotion_id.is_some()).count();
    }
    let mut report = format!("lines with a promotion: {promoted}\n");
    assert!(promoted > 0, "the generator never applied a promotion");
    for (i, kind) in KINDS.iter().enumerate() {
        let (a, r) = (
            APPLIED[i].load(Ordering::Relaxed),
            REFUSED[i].load(Ordering::Relaxed),
        );
        report.push_str(&format!("{kind}: {a} applied, {r} refused\n"));
        assert!(a > 0, "the generator never applied a {kind}\n{report}");
    }
    let capped = CAPPED.load(Ordering::Relaxed);
    report.push_str(&format!("refused at E5's seat cap: {capped}\n"));
    assert!(
        capped > 0,
        "the generator never reached the seat cap\n{report}"
    );
    eprintln!(
        "NCE lifecycle generator coverage (shared counters, all tests of this file):\n{report}"
    );
}
