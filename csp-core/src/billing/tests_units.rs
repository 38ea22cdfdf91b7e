//! SPEC §10.15 *change*: every shown unit multiplies out to its line's amount, in
//! Microsoft's charge lines and in the partner's invoices, under any rounding policy.

use proptest::prelude::*;

use super::tests::{accepted, fixture, ops, settings};
use super::*;
use crate::calendar::YearMonth;
use crate::charges::{multiplies_out, replay, LineForm, ReplayOptions};
use crate::money::{ProrationPolicy, Rounding, RoundingMode};

fn mode() -> impl Strategy<Value = RoundingMode> {
    prop_oneof![
        Just(RoundingMode::HalfUp),
        Just(RoundingMode::HalfEven),
        Just(RoundingMode::Down)
    ]
}

fn step() -> impl Strategy<Value = Option<Rounding>> {
    proptest::option::of((0u32..5, mode()).prop_map(|(s, m)| Rounding::clamped(s, m)))
}

fn options() -> impl Strategy<Value = ReplayOptions> {
    (step(), step(), mode(), any::<bool>()).prop_map(|(daily_rate, unit, line, net)| {
        ReplayOptions {
            policy: ProrationPolicy {
                daily_rate,
                unit,
                line,
            },
            form: if net {
                LineForm::Net
            } else {
                LineForm::Reconciliation
            },
        }
    })
}

/// Fewer seats than this always find a unit of at most 6 decimals (q × ½·10⁻⁶ < ½ cent).
const FEW_SEATS: u32 = 10_000;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    #[test]
    fn every_shown_unit_multiplies_out(
        ops in ops(), m in 1u32..9, opts in options(), fee in any::<bool>(),
        financed in any::<bool>(), discount in any::<bool>(),
    ) {
        let events = accepted(&ops);
        let as_of = crate::testkit::d("2016-12-31");
        let r = replay(fixture(), &events, as_of, opts).unwrap();
        for l in &r.lines {
            let unit = l.unit_amount.abs();
            let amount = if l.amount.is_negative() { l.amount.neg() } else { l.amount };
            // Rounded-unit policies round the unit itself: the line is unit × seats.
            prop_assert!(
                multiplies_out(unit, l.seats(), &amount, opts.policy.line)
                    || (l.seats() >= FEW_SEATS && l.days().is_some()),
                "{l:?}"
            );
            prop_assert!(l.unit_amount.scale() <= crate::charges::MAX_UNIT_DECIMALS.max(4), "{l:?}");
        }
        let s = settings(fee, financed, discount, true);
        let month = YearMonth::new(2016, m).unwrap();
        let run = bill_month(fixture(), &events, opts, &s, month, &[], 1).unwrap();
        for l in run.bills.iter().flat_map(|b| &b.invoice.lines) {
            let amount = if l.amount.is_negative() { l.amount.neg() } else { l.amount };
            let mode = match l.source {
                LineSource::Microsoft | LineSource::Service => opts.policy.line,
                _ => RoundingMode::HalfUp,
            };
            prop_assert!(
                multiplies_out(l.unit_price.abs(), l.quantity, &amount, mode)
                    || multiplies_out(l.unit_price.abs(), l.quantity, &amount, RoundingMode::HalfUp)
                    || l.quantity >= FEW_SEATS,
                "{l:?}"
            );
        }
    }
}
