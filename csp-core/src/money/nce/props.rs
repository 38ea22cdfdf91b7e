//! Property tests of SPEC-NCE §14.6 at `x = 1`, 10,000 cases each.
//!
//! The exact value is rebuilt here from the raw mantissas, without the module's fractions:
//! `exact × 10^m = N / DEN` with `N = sign × U_mant × (100·10^ps − p_mant) × days × q × 10^m`
//! and `DEN = 10^us × 100·10^ps × n × D`, unreduced (at most ~10^29 and ~4·10^16 for the drawn
//! ranges), so every bound is an integer comparison.

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;
use crate::money::ProrationPolicy;

/// `U` up to 1,000,000.00 with 0–4 decimals.
fn unit_price() -> impl Strategy<Value = Decimal> {
    (0u32..=4)
        .prop_flat_map(|s| (0i64..=1_000_000 * 10i64.pow(s)).prop_map(move |m| Decimal::new(m, s)))
}

/// Cycles per term: P1Y/annual or P1M (1), P3Y/annual (3), P1Y/monthly (12), P3Y/monthly (36).
fn cycles() -> impl Strategy<Value = u32> {
    prop::sample::select(vec![1u32, 3, 12, 36])
}

/// `(days, D)`: a monthly cycle of 28–31 days, or a year or three (365/366, 1095/1096).
fn share() -> impl Strategy<Value = CycleShare> {
    prop_oneof![
        3 => 28u32..=31,
        1 => prop::sample::select(vec![365u32, 366, 1095, 1096]),
    ]
    .prop_flat_map(|den| (1..=den).prop_map(move |num| CycleShare { num, den }))
}

/// No promotion, or 0–50 % with 0–6 decimals.
fn promo() -> impl Strategy<Value = Option<Decimal>> {
    proptest::option::of(
        (0u32..=6)
            .prop_flat_map(|s| (0i64..=50 * 10i64.pow(s)).prop_map(move |m| Decimal::new(m, s))),
    )
}

fn currency() -> impl Strategy<Value = Currency> {
    prop::sample::select(vec![Currency::USD, Currency::JPY, Currency::KWD])
}

fn pow10(e: u32) -> i128 {
    10i128.pow(e)
}

/// `(N, DEN)` with `EUP_exact × q × 10^m = N / DEN` (the module docs' formula, from mantissas).
fn exact_scaled(
    u: Decimal,
    n: u32,
    p: Option<Decimal>,
    share: CycleShare,
    q: i128,
    m: u32,
    refund: bool,
) -> (i128, i128) {
    let (p_mant, ps) = p.map_or((0, 0), |p| (p.mantissa(), p.scale()));
    let kept = 100 * pow10(ps) - p_mant;
    let sign = if refund { -1 } else { 1 };
    let num = sign * u.mantissa() * kept * i128::from(share.num) * q * pow10(m);
    let den = pow10(u.scale()) * 100 * pow10(ps) * i128::from(n) * i128::from(share.den);
    (num, den)
}

fn minor(l: &NceLineAmount) -> i128 {
    l.subtotal.in_minor_units()
}

fn eup_minor(l: &NceLineAmount, m: u32) -> i128 {
    let mut e = l.effective_unit_price;
    e.rescale(m);
    e.mantissa()
}

fn both(
    p: &CyclePrice,
    cur: Currency,
    share: CycleShare,
    q: u64,
    refund: bool,
) -> (NceLineAmount, NceLineAmount) {
    let a = price_nce_line(LineConvention::NceA, p, cur, share, q, refund).unwrap();
    let b = price_nce_line(LineConvention::NceB, p, cur, share, q, refund).unwrap();
    (a, b)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// `|B| ≤ |A| ≤ |exact|`, `|exact − A| < 1` minor unit, `|exact − B| < q` minor units;
    /// both carry the line's sign; B's subtotal is its shown EUP × q and the shown EUPs are
    /// the truncated (B) and half-up (A) exact EUP.
    #[test]
    fn conventions_bound_each_other(
        u in unit_price(), n in cycles(), p in promo(), share in share(),
        q in 1u64..=100_000, cur in currency(), refund in any::<bool>(),
    ) {
        let m = cur.minor_units();
        let price = CyclePrice::new(u, n, p).unwrap();
        let (a, b) = both(&price, cur, share, q, refund);
        let (num, den) = exact_scaled(u, n, p, share, i128::from(q), m, refund);
        let (ma, mb) = (minor(&a), minor(&b));
        prop_assert!(mb.abs() <= ma.abs());
        prop_assert!(ma.abs() * den <= num.abs());
        prop_assert!(num.abs() - ma.abs() * den < den);
        prop_assert!(num.abs() - mb.abs() * den < i128::from(q) * den);
        let sign_ok = |v: i128| if refund { v <= 0 } else { v >= 0 };
        prop_assert!(sign_ok(ma) && sign_ok(mb) && sign_ok(eup_minor(&a, m)) && sign_ok(eup_minor(&b, m)));
        prop_assert_eq!(mb, eup_minor(&b, m) * i128::from(q));
        // One seat's exact EUP × 10^m = e_num / den; B truncates it, A rounds it half-up.
        let (e_num, e_den) = exact_scaled(u, n, p, share, 1, m, refund);
        let (eb, ea) = (eup_minor(&b, m).abs(), eup_minor(&a, m).abs());
        prop_assert!(eb * e_den <= e_num.abs() && e_num.abs() < (eb + 1) * e_den);
        prop_assert!((2 * e_num.abs() - 2 * ea * e_den).abs() <= e_den);
        prop_assert!(2 * e_num.abs() - 2 * ea * e_den < e_den);
    }

    /// A seat change `(−q_old, +q_new)` over one share nets, under B, exactly
    /// `trunc(EUP) × (q_new − q_old)`, and under A within one minor unit of the exact net.
    #[test]
    fn seat_change_pairs_net(
        u in unit_price(), n in cycles(), p in promo(), share in share(),
        q_old in 1u64..=100_000, q_new in 1u64..=100_000, cur in currency(),
    ) {
        let m = cur.minor_units();
        let price = CyclePrice::new(u, n, p).unwrap();
        let (a_old, b_old) = both(&price, cur, share, q_old, true);
        let (a_new, b_new) = both(&price, cur, share, q_new, false);
        let delta = i128::from(q_new) - i128::from(q_old);
        prop_assert_eq!(minor(&b_old) + minor(&b_new), eup_minor(&b_new, m) * delta);
        let (num, den) = exact_scaled(u, n, p, share, delta, m, false);
        let net_a = minor(&a_old) + minor(&a_new);
        prop_assert!((num - net_a * den).abs() < den);
    }

    /// A refund is the exact negative of the charge for the same seats and share (so it never
    /// exceeds it), under both conventions.
    #[test]
    fn refunds_mirror_charges(
        u in unit_price(), n in cycles(), p in promo(), share in share(),
        q in 0u64..=100_000, cur in currency(),
    ) {
        let price = CyclePrice::new(u, n, p).unwrap();
        for c in [LineConvention::NceA, LineConvention::NceB] {
            let charge = price_nce_line(c, &price, cur, share, q, false).unwrap();
            let refund = price_nce_line(c, &price, cur, share, q, true).unwrap();
            prop_assert_eq!(refund.subtotal, charge.subtotal.neg());
            prop_assert_eq!(refund.effective_unit_price, -charge.effective_unit_price);
            prop_assert!(refund.subtotal.amount().abs() <= charge.subtotal.amount());
        }
    }

    /// §14.4's SPEC §6.4 forms: with `P` a decimal, `nce_A` is the policy (rate exact, unit
    /// exact, line down) and `nce_B` (rate exact, unit `(m, down)`, line down), a refund being
    /// a negative quantity there.
    #[test]
    fn conventions_are_the_spec_6_4_forms(
        p_minor in 0i64..=100_000_000, n in cycles(), share in share(),
        q in 1i64..=100_000, cur in currency(), refund in any::<bool>(),
    ) {
        let m = cur.minor_units();
        let u = Decimal::new(p_minor * i64::from(n), m);
        let price = CyclePrice::new(u, n, None).unwrap();
        let q_signed = if refund { -q } else { q };
        let period_price = Money::new(Decimal::new(p_minor, m), cur);
        let a_form = ProrationPolicy { daily_rate: None, unit: None, line: RoundingMode::Down };
        let b_form = ProrationPolicy {
            unit: Some(Rounding::new(m, RoundingMode::Down).unwrap()),
            ..a_form
        };
        let quantity = u64::try_from(q).unwrap();
        let (a, b) = both(&price, cur, share, quantity, refund);
        let want_a = a_form.prorate(&period_price, q_signed, share.num, share.den).unwrap();
        let want_b = b_form.prorate(&period_price, q_signed, share.num, share.den).unwrap();
        prop_assert_eq!(a.subtotal, want_a.amount);
        prop_assert_eq!(b.subtotal, want_b.amount);
        prop_assert_eq!(b.effective_unit_price.abs(), want_b.unit);
    }

    /// A full cycle whose `P` has at most `m` decimals costs exactly `P × q` under both
    /// conventions, and shows `P`.
    #[test]
    fn full_cycle_costs_p_times_q(
        p_minor in 0i64..=100_000_000, n in cycles(), d in prop_oneof![28u32..=31, Just(365u32), Just(366)],
        q in 0u64..=100_000, cur in currency(),
    ) {
        let m = cur.minor_units();
        let p = Decimal::new(p_minor, m);
        let u = Decimal::new(p_minor * i64::from(n), m);
        let price = CyclePrice::new(u, n, None).unwrap();
        let full = CycleShare { num: d, den: d };
        let (a, b) = both(&price, cur, full, q, false);
        let want = i128::from(p_minor) * i128::from(q);
        prop_assert_eq!(minor(&a), want);
        prop_assert_eq!(minor(&b), want);
        prop_assert_eq!(a.effective_unit_price, p);
        prop_assert_eq!(b.effective_unit_price, p);
    }
}
