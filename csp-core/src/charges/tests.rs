//! Property tests of SPEC §6.5 over random event sequences (10,000 cases each).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;
use crate::calendar::{add_days, add_months, Period};
use crate::charges::Inputs;
use crate::subscription::{EventKind, Status};
use crate::testkit::*;

fn fixture() -> &'static Inputs {
    static INPUTS: OnceLock<Inputs> = OnceLock::new();
    INPUTS.get_or_init(inputs)
}

const CASES: u32 = 10_000;

/// A random event: (day offset from 2016-01-01, subscription slot, operation, quantity).
type Op = (u16, u8, u8, u8);

fn day(offset: u16) -> NaiveDate {
    add_days(d("2016-01-01"), i64::from(offset)).unwrap()
}

/// The events of one random operation (a suspension is often followed by a reactivation
/// 0–119 days later, so that path is well covered).
fn to_events(&(offset, slot, op, q): &Op) -> Vec<crate::subscription::Event> {
    let date = day(offset).to_string();
    let base = format!("s{slot}");
    let target = if q % 2 == 0 {
        base.clone()
    } else {
        format!("a{slot}")
    };
    match op % 6 {
        0 => vec![order(
            &date,
            &base,
            if q % 2 == 0 { "E3" } else { "E1" },
            u32::from(q % 4),
            q % 3 != 0,
        )],
        1 => vec![seats(&date, &base, i64::from(q % 4))],
        2 => vec![seats(&date, &base, -i64::from(q % 4))],
        3 => {
            let mut out = vec![event(&date, &target, EventKind::Suspend)];
            if q % 4 != 0 {
                let back = day(offset.saturating_add(u16::from(q) % 120)).to_string();
                out.push(event(&back, &target, EventKind::Reactivate));
            }
            out
        }
        4 => vec![event(&date, &target, EventKind::Reactivate)],
        _ => vec![add_on(
            &date,
            &format!("a{slot}"),
            &base,
            "ARM",
            u32::from(q % 4),
        )],
    }
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    // Orders are weighted up (op < 12 of 256 → order) so most sequences have subscriptions.
    proptest::collection::vec((0u16..700, 0u8..3, any::<u8>(), any::<u8>()), 0..16).prop_map(
        |mut v| {
            for (i, op) in v.iter_mut().enumerate() {
                if i % 4 == 0 {
                    op.2 = 0;
                    op.0 %= 200;
                }
            }
            v
        },
    )
}

/// Applies every event in date order, skipping refusals; returns the replay on 2018-01-31.
fn run(ops: &[Op], form: LineForm) -> Replay {
    let mut events: Vec<_> = ops.iter().flat_map(to_events).collect();
    events.sort_by_key(|e| e.date);
    let options = ReplayOptions {
        form,
        ..ReplayOptions::default()
    };
    let mut ledger = Ledger::new(fixture().context(d("2018-01-31")), options);
    for e in &events {
        let _ = ledger.apply(e);
    }
    ledger.finish().unwrap()
}

/// The term of `s` (counted from its anchor) that contains `day`.
fn anchored_term_containing(anchor: NaiveDate, day: NaiveDate) -> Period {
    (0u32..)
        .map(|n| {
            let first = add_months(anchor, 12 * n).unwrap();
            Period::new(
                first,
                add_days(add_months(anchor, 12 * (n + 1)).unwrap(), -1).unwrap(),
            )
            .unwrap()
        })
        .find(|t| t.last() >= day)
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn random_sequences_never_break_the_invariants(ops in ops(), reconciliation in any::<bool>()) {
        let form = if reconciliation { LineForm::Reconciliation } else { LineForm::Net };
        let r = run(&ops, form);
        for s in r.subscriptions.iter() {
            prop_assert!(s.quantity >= 1, "{} has {} seats", s.id, s.quantity);
            prop_assert!(s.term.first() <= s.term.last());
        }
        let mut nets: BTreeMap<(String, Period), Decimal> = BTreeMap::new();
        for l in &r.lines {
            let s = r.subscriptions.get(&l.subscription).unwrap();
            // Never a line outside the term: service ⊆ charge period ⊆ a term of the anchor.
            let term = anchored_term_containing(s.anchor, l.service_period.first());
            prop_assert!(l.charge_period.intersect(&l.service_period) == Some(l.service_period), "{l:?}");
            prop_assert!(term.intersect(&l.charge_period) == Some(l.charge_period), "{l:?} outside {term}");
            prop_assert!(l.seats() >= 1);
            if form == LineForm::Net {
                let credit = matches!(l.kind, ChargeKind::SeatsRemoved | ChargeKind::SuspensionCredit);
                prop_assert_eq!(l.amount.is_negative(), credit && !l.amount.is_zero(), "{:?}", l);
                // The quantity carries the sign itself.
                prop_assert_eq!(l.quantity < 0, credit, "{:?}", l);
            }
            // The line's facts are its own days, and (default policy: exact, half-up at the
            // end) its amount is P × q × days / D rounded once, computed here with
            // rust_decimal's own division rather than the crate's rational rounding; the bill
            // re-prices the same facts.
            prop_assert_eq!(l.share.days, l.service_period.days());
            prop_assert_eq!(l.share.of, l.charge_period.days());
            if !l.full_credit {
                let exact = l.period_price.amount() * Decimal::from(l.quantity)
                    * Decimal::from(l.share.days) / Decimal::from(l.share.of);
                let expected = exact.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
                prop_assert_eq!(l.amount.amount(), expected, "{:?}", l);
                prop_assert_eq!(l.priced_at(&l.period_price, l.rounding).unwrap().amount, l.amount);
            }
            *nets.entry((l.subscription.to_string(), l.charge_period)).or_default() += l.amount.amount();
        }
        // Credits never exceed what was charged in the same charge period.
        for ((sub, period), net) in &nets {
            prop_assert!(*net >= Decimal::ZERO, "{sub} {period}: net {net}");
        }
    }

    #[test]
    fn replay_is_deterministic(ops in ops()) {
        let a = serde_json::to_string(&run(&ops, LineForm::Net).lines).unwrap();
        let b = serde_json::to_string(&run(&ops, LineForm::Net).lines).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn both_forms_carry_the_same_events(ops in ops()) {
        // The reconciliation form only shows seat changes differently: the other lines agree.
        let other = |f| -> Vec<ChargeLine> {
            run(&ops, f).lines.into_iter()
                .filter(|l| !matches!(l.kind, ChargeKind::SeatsAdded | ChargeKind::SeatsRemoved | ChargeKind::SuspensionCredit))
                .collect()
        };
        prop_assert_eq!(other(LineForm::Net), other(LineForm::Reconciliation));
    }

    #[test]
    fn suspend_and_reactivate_the_same_day_nets_zero_after_the_window(
        start in 0u16..400, after in 30u16..365, q in 1u32..300, monthly in any::<bool>(), e3 in any::<bool>(),
    ) {
        let s = day(start);
        let d = add_days(s, i64::from(after)).unwrap();
        let term_last = add_days(add_months(s, 12).unwrap(), -1).unwrap();
        prop_assume!(d <= term_last);
        let offer = if e3 { "E3" } else { "E1" };
        let mut ledger = Ledger::new(fixture().context(d), ReplayOptions::default());
        ledger.apply(&order(&s.to_string(), "x", offer, q, monthly)).unwrap();
        ledger.apply(&event(&d.to_string(), "x", EventKind::Suspend)).unwrap();
        ledger.apply(&event(&d.to_string(), "x", EventKind::Reactivate)).unwrap();
        let on_d: Vec<&ChargeLine> = ledger.lines().iter()
            .filter(|l| matches!(l.kind, ChargeKind::SuspensionCredit | ChargeKind::Reactivation))
            .collect();
        prop_assert_eq!(on_d.len(), 2);
        prop_assert!(on_d[0].amount.checked_add(&on_d[1].amount).unwrap().is_zero(), "{:?}", on_d);
        prop_assert_eq!(&ledger.state(&"x".into()).unwrap().status, &Status::Active);
    }
}
