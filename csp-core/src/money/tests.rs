use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;
use crate::error::Error;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn usd(s: &str) -> Money {
    Money::parse(s, Currency::USD).unwrap()
}

fn rounding(scale: u32, mode: RoundingMode) -> Rounding {
    Rounding::new(scale, mode).unwrap()
}

// ----- currencies ---------------------------------------------------------------------------

#[test]
fn currency_table_is_sorted_unique_and_well_formed() {
    let codes: Vec<&str> = Currency::ALL.iter().map(|c| c.code()).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        codes, sorted,
        "Currency::ALL must be sorted by code without duplicates"
    );
    for c in Currency::ALL {
        assert!(c.code().len() == 3 && c.code().bytes().all(|b| b.is_ascii_uppercase()));
        assert!(c.minor_units() <= 3, "{c}");
    }
}

#[test]
fn csp_market_currencies_have_iso_minor_units() {
    // ISO 4217 minor units, as published.
    let expected = [
        ("USD", 2),
        ("EUR", 2),
        ("GBP", 2),
        ("CAD", 2),
        ("AUD", 2),
        ("NZD", 2),
        ("JPY", 0),
        ("CHF", 2),
        ("DKK", 2),
        ("NOK", 2),
        ("SEK", 2),
        ("INR", 2),
        ("BRL", 2),
        ("MXN", 2),
        ("ZAR", 2),
        ("KRW", 0),
        ("KWD", 3),
        ("BHD", 3),
        ("OMR", 3),
        ("JOD", 3),
        ("TND", 3),
        ("CLP", 0),
        ("ISK", 0),
        ("VND", 0),
    ];
    for (code, units) in expected {
        assert_eq!(
            Currency::from_code(code).unwrap().minor_units(),
            units,
            "{code}"
        );
    }
}

#[test]
fn currency_lookup_is_case_insensitive_and_refuses_unknown_codes() {
    assert_eq!(Currency::from_code(" eur ").unwrap(), Currency::EUR);
    for bad in ["", "XYZ", "US", "USDX", "€"] {
        let e = Currency::from_code(bad).unwrap_err();
        assert_eq!(e.code(), "unknown_currency", "{bad:?}");
    }
}

// ----- money arithmetic ---------------------------------------------------------------------

#[test]
fn mixing_currencies_is_an_error_not_a_conversion() {
    let e = usd("1")
        .checked_add(&Money::parse("1", Currency::EUR).unwrap())
        .unwrap_err();
    assert_eq!(
        e,
        Error::CurrencyMismatch {
            expected: Currency::USD,
            actual: Currency::EUR
        }
    );
    assert_eq!(
        usd("1")
            .checked_sub(&Money::zero(Currency::GBP))
            .unwrap_err()
            .code(),
        "currency_mismatch"
    );
    let sum = Money::sum(Currency::USD, &[usd("1"), Money::zero(Currency::JPY)]);
    assert_eq!(sum.unwrap_err().code(), "currency_mismatch");
}

#[test]
fn overflow_is_an_error_not_a_panic() {
    let max = Money::new(Decimal::MAX, Currency::USD);
    assert_eq!(
        max.checked_add(&usd("1")).unwrap_err().code(),
        "amount_overflow"
    );
    assert_eq!(
        max.neg().checked_sub(&usd("1")).unwrap_err().code(),
        "amount_overflow"
    );
    assert_eq!(
        max.checked_mul(d("2")).unwrap_err().code(),
        "amount_overflow"
    );
}

#[test]
fn parse_accepts_plain_decimals_only() {
    assert_eq!(usd("-0.5").amount(), d("-0.5"));
    assert_eq!(usd(" 12 ").amount(), d("12"));
    assert_eq!(
        usd("4.00").amount().to_string(),
        "4.00",
        "every decimal is kept"
    );
    for bad in [
        "", "abc", "1e3", "1,000.00", "1.2.3", ".", "-", "$4", "4 .00", "NaN", "0x10",
        // A sign only where it means something: an amount is written `-x` or `x`.
        "+3.1", ".5", "5.",
    ] {
        let e = Money::parse(bad, Currency::USD).unwrap_err();
        assert_eq!(e.code(), "invalid_input", "{bad:?}");
    }
    // 29 significant digits do not fit a Decimal.
    assert!(Money::parse("12345678901234567890123456789012", Currency::USD).is_err());
}

#[test]
fn sums_and_signs() {
    let total = Money::sum(Currency::USD, &[usd("2.45"), usd("3.10"), usd("-4.00")]).unwrap();
    assert_eq!(total, usd("1.55"));
    assert!(usd("-0.01").is_negative() && !usd("0").is_negative() && usd("0.00").is_zero());
    assert_eq!(
        Money::sum(Currency::USD, &[]).unwrap(),
        Money::zero(Currency::USD)
    );
}

// ----- rounding -----------------------------------------------------------------------------

#[test]
fn rounding_modes_on_ties_and_signs() {
    let cases = [
        // (value, mode, expected) — ties at the third decimal, by definition of each mode.
        ("0.125", RoundingMode::HalfUp, "0.13"),
        ("-0.125", RoundingMode::HalfUp, "-0.13"),
        ("0.125", RoundingMode::HalfEven, "0.12"),
        ("0.135", RoundingMode::HalfEven, "0.14"),
        ("-0.125", RoundingMode::HalfEven, "-0.12"),
        ("0.129", RoundingMode::Down, "0.12"),
        ("-0.129", RoundingMode::Down, "-0.12"),
        ("0.1249999", RoundingMode::HalfUp, "0.12"),
        ("4", RoundingMode::HalfUp, "4.00"),
    ];
    for (v, mode, want) in cases {
        assert_eq!(
            rounding(2, mode).apply(d(v)).to_string(),
            want,
            "{v} {mode}"
        );
    }
    assert_eq!(
        Rounding::new(29, RoundingMode::Down).unwrap_err().code(),
        "invalid_rounding"
    );
    assert_eq!(
        "half-even".parse::<RoundingMode>().unwrap(),
        RoundingMode::HalfEven
    );
    assert_eq!(
        "up".parse::<RoundingMode>().unwrap_err().code(),
        "invalid_input"
    );
}

#[test]
fn round_to_minor_uses_the_currency_scale() {
    let jpy = Money::parse("333.5", Currency::JPY).unwrap();
    assert_eq!(
        jpy.round_to_minor(RoundingMode::HalfUp)
            .amount()
            .to_string(),
        "334"
    );
    let kwd = Money::parse("3.33350", Currency::KWD).unwrap();
    assert_eq!(
        kwd.round_to_minor(RoundingMode::HalfEven)
            .amount()
            .to_string(),
        "3.334"
    );
}

// ----- exact ratio --------------------------------------------------------------------------

#[test]
fn exact_ratio_gets_the_spec_tie_right() {
    // SPEC §6.4: 10.01 × 15 / 30 is exactly 5.005; half-even gives 5.00, half-up 5.01.
    let r = Ratio::from_decimal(d("10.01"))
        .unwrap()
        .mul_int(15)
        .unwrap()
        .div_int(30)
        .unwrap();
    assert_eq!(r.to_decimal_exact(), Some(d("5.005")));
    assert_eq!(
        r.round(rounding(2, RoundingMode::HalfEven))
            .unwrap()
            .to_string(),
        "5.00"
    );
    assert_eq!(
        r.round(rounding(2, RoundingMode::HalfUp))
            .unwrap()
            .to_string(),
        "5.01"
    );
    assert_eq!(
        r.round(rounding(2, RoundingMode::Down))
            .unwrap()
            .to_string(),
        "5.00"
    );
    let neg = r.mul_int(-1).unwrap();
    assert_eq!(
        neg.round(rounding(2, RoundingMode::HalfUp))
            .unwrap()
            .to_string(),
        "-5.01"
    );
    assert_eq!(
        neg.round(rounding(2, RoundingMode::HalfEven))
            .unwrap()
            .to_string(),
        "-5.00"
    );
}

#[test]
fn ratio_overflow_is_an_error() {
    let big = Ratio::from_decimal(Decimal::MAX).unwrap();
    let e = big
        .mul_int(i128::from(i64::MAX))
        .and_then(|r| r.mul_int(i128::from(i64::MAX)));
    assert_eq!(e.unwrap_err().code(), "amount_overflow");
    assert_eq!(big.div_int(0).unwrap_err().code(), "amount_overflow");
}

// ----- proration: Microsoft's published examples (reference csp-rules.md §4) -------------

fn policy(rate: Option<Rounding>, unit: Option<Rounding>, line: RoundingMode) -> ProrationPolicy {
    ProrationPolicy {
        daily_rate: rate,
        unit,
        line,
    }
}

#[test]
fn legacy_l1_monthly_seat_increase() {
    // $4/month, 31-day period 1/13–2/12/2018, change on 2/1. Old seat 1/13–1/31: 19 days,
    // 4 × 19 / 31 = 2.4516… → 2.45. Two seats 2/1–2/12: 12 days, 4 × 12 × 2 / 31 = 3.0967… →
    // 3.10, unit 4 × 12 / 31 = 1.548… → 1.55. Reversal of the whole period: −4.00.
    let p = ProrationPolicy::default();
    let old = p.prorate(&usd("4.00"), 1, 19, 31).unwrap();
    assert_eq!((old.unit, old.amount), (d("2.45"), usd("2.45")));
    let new = p.prorate(&usd("4.00"), 2, 12, 31).unwrap();
    assert_eq!((new.unit, new.amount), (d("1.55"), usd("3.10")));
    let reversal = p.prorate(&usd("4.00"), -1, 31, 31).unwrap();
    assert_eq!((reversal.unit, reversal.amount), (d("4.00"), usd("-4.00")));
}

#[test]
fn legacy_l1_with_a_three_decimal_daily_rate() {
    // The doc's text rounds the rate 4/31 = 0.12903… to 0.129: 19 × 0.129 = 2.451 → 2.45;
    // 12 × 0.129 = 1.548 → unit exact, two seats 3.096 → 3.10.
    let p = policy(
        Some(rounding(3, RoundingMode::HalfUp)),
        None,
        RoundingMode::HalfUp,
    );
    let a = p.prorate(&usd("4.00"), 1, 19, 31).unwrap();
    assert_eq!((a.daily_rate, a.amount), (Some(d("0.129")), usd("2.45")));
    let b = p.prorate(&usd("4.00"), 2, 12, 31).unwrap();
    assert_eq!((b.unit, b.amount), (d("1.55"), usd("3.10")));
}

#[test]
fn legacy_l7_annual_211_20() {
    // $211.20/year, 365-day period. 1 day: 211.20/365 = 0.5786… → 0.58. 27 days × 2 seats:
    // 211.20 × 27 × 2 / 365 = 31.2460… → 31.25 (unit 15.6230… → 15.62: the amount is rounded
    // from the exact value, not 15.62 × 2). 337 days × 2: 389.9967… → 390.00, unit 195.00.
    let p = ProrationPolicy::default();
    let price = usd("211.20");
    assert_eq!(p.prorate(&price, 1, 1, 365).unwrap().amount, usd("0.58"));
    let b = p.prorate(&price, 2, 27, 365).unwrap();
    assert_eq!((b.unit, b.amount), (d("15.62"), usd("31.25")));
    let c = p.prorate(&price, 2, 337, 365).unwrap();
    assert_eq!((c.unit, c.amount), (d("195.00"), usd("390.00")));
    // Rounding the unit first (policy B style) would give 31.24: the policy decides.
    let unit_first = policy(
        None,
        Some(rounding(2, RoundingMode::HalfUp)),
        RoundingMode::HalfUp,
    );
    assert_eq!(
        unit_first.prorate(&price, 2, 27, 365).unwrap().amount,
        usd("31.24")
    );
}

#[test]
fn whole_periods_cost_exactly_the_period_price() {
    // L4: annual $4/month billed as 48.00 for 365/365 days. NCE: 10 × €10.08 = 100.80 and
    // 10 × 120.96 = 1,209.60. A rate rounded down (4/31 → 0.12) must not make 31 × 0.12.
    let coarse = policy(
        Some(rounding(2, RoundingMode::Down)),
        None,
        RoundingMode::HalfUp,
    );
    for p in [ProrationPolicy::default(), coarse] {
        assert_eq!(
            p.prorate(&usd("48.00"), 1, 365, 365).unwrap().amount,
            usd("48.00")
        );
        assert_eq!(
            p.prorate(&usd("4.00"), 1, 31, 31).unwrap().amount,
            usd("4.00")
        );
        let eur = |s| Money::parse(s, Currency::EUR).unwrap();
        assert_eq!(
            p.prorate(&eur("10.08"), 10, 30, 30).unwrap().amount,
            eur("100.80")
        );
        assert_eq!(
            p.prorate(&eur("120.96"), 10, 365, 365).unwrap().amount,
            eur("1209.60")
        );
    }
}

#[test]
fn whole_period_units_are_shown_at_minor_units() {
    // SPEC §10.6: an exact unit is shown half-up to minor units, for whole periods too.
    let p = ProrationPolicy::default();
    let whole = p.prorate(&usd("4.125"), 2, 30, 30).unwrap();
    assert_eq!(
        (whole.unit.to_string(), whole.amount),
        ("4.13".to_string(), usd("8.25"))
    );
    let free = p.prorate(&usd("0"), 3, 30, 30).unwrap();
    assert_eq!(
        (free.unit.to_string(), free.amount.amount().to_string()),
        ("0.00".to_string(), "0.00".to_string())
    );
}

#[test]
fn nce_truncation_policies_a_and_b() {
    // csp-rules §4.3. $10.00 over 30 days, 7 days billed, 3 seats: exact EUP = 2.3333…
    // A = trunc(EUP × 3, 2) = trunc(7.0) = 7.00; B = trunc(EUP, 2) × 3 = 2.33 × 3 = 6.99.
    let a = policy(None, None, RoundingMode::Down);
    let b = policy(
        None,
        Some(rounding(2, RoundingMode::Down)),
        RoundingMode::Down,
    );
    assert_eq!(
        a.prorate(&usd("10.00"), 3, 7, 30).unwrap().amount,
        usd("7.00")
    );
    assert_eq!(
        b.prorate(&usd("10.00"), 3, 7, 30).unwrap().amount,
        usd("6.99")
    );
}

#[test]
fn spec_tie_through_the_policy() {
    // SPEC §6.4: 10.01 × 15/30 = 5.005 exactly → half-even 5.00, half-up 5.01.
    let even = policy(None, None, RoundingMode::HalfEven);
    assert_eq!(
        even.prorate(&usd("10.01"), 1, 15, 30).unwrap().amount,
        usd("5.00")
    );
    assert_eq!(
        ProrationPolicy::default()
            .prorate(&usd("10.01"), 1, 15, 30)
            .unwrap()
            .amount,
        usd("5.01")
    );
}

#[test]
fn other_minor_units() {
    // 1000 JPY × 1/3 = 333.33… → 333; × 2/3 = 666.66… → 667. 10.000 KWD × 1/3 → 3.333.
    let p = ProrationPolicy::default();
    let jpy = Money::parse("1000", Currency::JPY).unwrap();
    assert_eq!(
        p.prorate(&jpy, 1, 1, 3)
            .unwrap()
            .amount
            .amount()
            .to_string(),
        "333"
    );
    assert_eq!(
        p.prorate(&jpy, 1, 2, 3)
            .unwrap()
            .amount
            .amount()
            .to_string(),
        "667"
    );
    let kwd = Money::parse("10.000", Currency::KWD).unwrap();
    assert_eq!(
        p.prorate(&kwd, 1, 1, 3)
            .unwrap()
            .amount
            .amount()
            .to_string(),
        "3.333"
    );
}

#[test]
fn invalid_day_counts_are_refused() {
    let p = ProrationPolicy::default();
    for (billed, period) in [(0, 31), (32, 31), (1, 0), (0, 0)] {
        let e = p.prorate(&usd("4"), 1, billed, period).unwrap_err();
        assert_eq!(e.code(), "invalid_proration", "{billed}/{period}");
    }
}

#[test]
fn a_part_never_costs_more_than_the_whole_period() {
    // Rate 177.01 / 206 = 0.859… rounded to 0 places → 1; 178 days × 1 = 178.00 would exceed
    // the period's 177.01: capped at 177.01. 100 days → 100.00 is below it and stands.
    let coarse = policy(
        Some(rounding(0, RoundingMode::HalfUp)),
        None,
        RoundingMode::HalfUp,
    );
    assert_eq!(
        coarse.prorate(&usd("177.01"), 1, 178, 206).unwrap().amount,
        usd("177.01")
    );
    assert_eq!(
        coarse.prorate(&usd("177.01"), -1, 178, 206).unwrap().amount,
        usd("-177.01")
    );
    assert_eq!(
        coarse.prorate(&usd("177.01"), 1, 100, 206).unwrap().amount,
        usd("100.00")
    );
}

#[test]
fn huge_amounts_overflow_cleanly() {
    let p = ProrationPolicy::default();
    let e = p.prorate(&Money::new(Decimal::MAX, Currency::USD), i64::MAX, 1, 366);
    assert_eq!(e.unwrap_err().code(), "amount_overflow");
}

// ----- properties ---------------------------------------------------------------------------

fn cents() -> impl Strategy<Value = Money> {
    (0i64..10_000_000).prop_map(|c| Money::new(Decimal::new(c, 2), Currency::USD))
}

fn any_policy() -> impl Strategy<Value = ProrationPolicy> {
    let mode = prop_oneof![
        Just(RoundingMode::HalfUp),
        Just(RoundingMode::HalfEven),
        Just(RoundingMode::Down)
    ];
    let step = proptest::option::of((0u32..5, mode.clone()).prop_map(|(s, m)| rounding(s, m)));
    (step.clone(), step, mode).prop_map(|(r, u, l)| policy(r, u, l))
}

/// Random split of `total` days into consecutive parts (each ≥ 1 day).
fn split(total: u32, cuts: &[u32]) -> Vec<u32> {
    let mut points: Vec<u32> = cuts
        .iter()
        .map(|c| 1 + c % total.max(1))
        .filter(|&c| c < total)
        .collect();
    points.sort();
    points.dedup();
    let mut parts = Vec::new();
    let mut prev = 0;
    for p in points.into_iter().chain([total]) {
        parts.push(p - prev);
        prev = p;
    }
    parts
}

proptest! {
    // SPEC §6.5 properties run 10,000 cases each in the test command.
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// The integer formatter reads back as the decimal `minor × 10^-scale`, with exactly the
    /// currency's decimals.
    #[test]
    fn format_minor_is_the_decimal(minor in any::<i64>(), c in 0usize..3) {
        let currency = [Currency::USD, Currency::JPY, Currency::KWD][c];
        let text = currency.format_minor(i128::from(minor));
        let expected = Decimal::new(minor, currency.minor_units());
        prop_assert_eq!(text.parse::<Decimal>().unwrap(), expected);
        prop_assert_eq!(text.split('.').nth(1).map_or(0, str::len), currency.minor_units() as usize);
    }

    #[test]
    fn conservation_exact_and_rounded(
        price in cents(), q in 1i64..300, days in 28u32..=366, cuts in proptest::collection::vec(any::<u32>(), 0..8)
    ) {
        // SPEC §6.5: exact shares of a split sum to the whole; rounded (steps 1, 2 exact)
        // they differ by at most half a cent per line with half-up.
        let parts = split(days, &cuts);
        prop_assert_eq!(parts.iter().sum::<u32>(), days);
        let mut exact = Ratio::new(0, 1).unwrap();
        let mut rounded = Money::zero(Currency::USD);
        for &part in &parts {
            let share = Ratio::from_decimal(price.amount()).unwrap()
                .mul_int(i128::from(q)).unwrap()
                .mul_int(i128::from(part)).unwrap()
                .div_int(i128::from(days)).unwrap();
            exact = exact.add(share).unwrap();
            let line = ProrationPolicy::default().prorate(&price, q, part, days).unwrap();
            rounded = rounded.checked_add(&line.amount).unwrap();
        }
        let whole = price.checked_mul(Decimal::from(q)).unwrap();
        prop_assert_eq!(exact.to_decimal_exact(), Some(whole.amount()));
        let diff = rounded.checked_sub(&whole).unwrap().amount().abs();
        prop_assert!(diff <= Decimal::new(5, 3) * Decimal::from(parts.len()), "diff {} over {} lines", diff, parts.len());
    }

    #[test]
    fn first_and_last_day(price in cents(), q in 1i64..300, days in 28u32..=366, p in any_policy()) {
        // A seat added on a period's first day costs exactly the period price; on its last
        // day, one day's share (under the default policy: P × q / D rounded half-up).
        let whole = p.prorate(&price, q, days, days).unwrap();
        prop_assert_eq!(whole.amount, price.checked_mul(Decimal::from(q)).unwrap().round_to_minor(p.line));
        let one = ProrationPolicy::default().prorate(&price, q, 1, days).unwrap();
        let want = Ratio::from_decimal(price.amount()).unwrap().mul_int(i128::from(q)).unwrap()
            .div_int(i128::from(days)).unwrap().round(rounding(2, RoundingMode::HalfUp)).unwrap();
        prop_assert_eq!(one.amount.amount(), want);
    }

    #[test]
    fn credits_mirror_charges(price in cents(), q in 1i64..300, days in 28u32..=366, billed in 1u32..=366, p in any_policy()) {
        let billed = 1 + (billed - 1) % days;
        let charge = p.prorate(&price, q, billed, days).unwrap();
        let credit = p.prorate(&price, -q, billed, days).unwrap();
        prop_assert_eq!(credit.amount, charge.amount.neg());
        prop_assert!(credit.amount.amount().abs() <= price.amount() * Decimal::from(q));
    }

    #[test]
    fn more_days_never_cost_less(price in cents(), q in 1i64..300, days in 28u32..=366, billed in 1u32..366) {
        let billed = 1 + (billed - 1) % days;
        let p = ProrationPolicy::default();
        let a = p.prorate(&price, q, billed, days).unwrap();
        let b = p.prorate(&price, q, (billed + 1).min(days), days).unwrap();
        prop_assert!(a.amount.amount() <= b.amount.amount());
    }

    #[test]
    fn money_addition_laws(a in any::<i64>(), b in any::<i64>(), c in any::<i64>(), sa in 0u32..8, sb in 0u32..8) {
        let m = |v: i64, s: u32| Money::new(Decimal::new(v, s), Currency::EUR);
        let (x, y, z) = (m(a, sa), m(b, sb), m(c, sa));
        prop_assert_eq!(x.checked_add(&y).unwrap(), y.checked_add(&x).unwrap());
        prop_assert_eq!(
            x.checked_add(&y).unwrap().checked_add(&z).unwrap(),
            x.checked_add(&y.checked_add(&z).unwrap()).unwrap()
        );
        prop_assert_eq!(x.checked_add(&Money::zero(Currency::EUR)).unwrap(), x);
        prop_assert!(x.checked_sub(&x).unwrap().is_zero());
        prop_assert_eq!(x.checked_add(&y).unwrap().checked_sub(&y).unwrap(), x);
        prop_assert_eq!(x.neg().neg(), x);
    }

    #[test]
    fn ratio_rounding_matches_decimal_rounding_when_exact(v in any::<i64>(), s in 0u32..10, scale in 0u32..6) {
        // For a value with a finite expansion, exact-ratio rounding and rust_decimal's
        // rounding agree for every mode.
        let value = Decimal::new(v, s);
        let r = Ratio::from_decimal(value).unwrap();
        for mode in [RoundingMode::HalfUp, RoundingMode::HalfEven, RoundingMode::Down] {
            let rnd = rounding(scale, mode);
            prop_assert_eq!(r.round(rnd).unwrap(), rnd.apply(value));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// The default policy's one-division fast path equals the step-by-step rational path for
    /// any price (any scale), quantity (credits too), days and line mode.
    #[test]
    fn fast_exact_path_equals_the_rational_path(
        mantissa in -100_000_000i64..100_000_000, scale in 0u32..6, q in -500i64..500,
        period in 1u32..=366, billed_seed in any::<u32>(), mode_pick in 0u8..3,
        currency_pick in 0u8..3,
    ) {
        prop_assume!(q != 0);
        let days = 1 + billed_seed % period;
        let mode = [RoundingMode::HalfUp, RoundingMode::HalfEven, RoundingMode::Down][usize::from(mode_pick)];
        let currency = [Currency::USD, Currency::JPY, Currency::KWD][usize::from(currency_pick)];
        let price = Money::new(Decimal::new(mantissa, scale), currency);
        let fast = policy(None, None, mode).prorate(&price, q, days, period).unwrap();
        let line = Rounding::new(currency.minor_units(), mode).unwrap();
        let reference = Ratio::from_decimal(price.amount()).unwrap()
            .div_int(i128::from(period)).unwrap()
            .mul_int(i128::from(days)).unwrap()
            .mul_int(i128::from(q)).unwrap()
            .round(line).unwrap();
        prop_assert_eq!(fast.amount.amount(), reference);
        let display = Rounding::new(currency.minor_units(), RoundingMode::HalfUp).unwrap();
        let unit = Ratio::from_decimal(price.amount()).unwrap()
            .div_int(i128::from(period)).unwrap()
            .mul_int(i128::from(days)).unwrap()
            .round(display).unwrap();
        prop_assert_eq!(fast.unit, unit);
    }
}
