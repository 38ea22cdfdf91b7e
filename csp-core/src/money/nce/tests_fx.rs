//! The exchange-rate step of SPEC-NCE §14.4/§16.4: hand-derived figures.

use rust_decimal::Decimal;

use super::*;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// `(EUP_shown, unit_billing, subtotal)` as text.
fn priced(
    c: LineConvention,
    price: (&str, u32),
    pricing: Currency,
    fx: (Currency, &str),
    share: (u32, u32),
    q: u64,
    refund: bool,
) -> (String, String, String) {
    let price = CyclePrice::new(d(price.0), price.1, None).unwrap();
    let share = CycleShare::new(share.0, share.1).unwrap();
    let a = price_nce_line_fx(c, &price, pricing, (fx.0, d(fx.1)), share, q, refund).unwrap();
    (
        a.effective_unit_price.to_string(),
        a.unit_billing.to_string(),
        a.subtotal.to_string(),
    )
}

#[test]
fn p21_b_truncates_in_the_pricing_currency_before_converting() {
    // EUP_exact = 1.236 EUR (a full cycle of 1.236), x = 0.9, q = 7.
    // B: shown trunc(1.236, 2) = 1.23; unit_BC = trunc(1.23 × 0.9 = 1.107, 2) = 1.10; × 7 = 7.70.
    let b = priced(
        LineConvention::NceB,
        ("1.236", 1),
        Currency::EUR,
        (Currency::USD, "0.9"),
        (1, 1),
        7,
        false,
    );
    assert_eq!(b, ("1.23".into(), "1.10".into(), "7.70 USD".into()));
    // A: trunc(1.236 × 0.9 × 7 = 7.7868, 2) = 7.78; shown half_up(1.236, 2) = 1.24;
    // unit half_up(1.1124, 2) = 1.11.
    let a = priced(
        LineConvention::NceA,
        ("1.236", 1),
        Currency::EUR,
        (Currency::USD, "0.9"),
        (1, 1),
        7,
        false,
    );
    assert_eq!(a, ("1.24".into(), "1.11".into(), "7.78 USD".into()));
    // Converting before truncating would give trunc(1.1124, 2) × 7 = 7.77: not what B does.
    assert_ne!(b.2, "7.77 USD");
    // A refund is the exact negative.
    let r = priced(
        LineConvention::NceB,
        ("1.236", 1),
        Currency::EUR,
        (Currency::USD, "0.9"),
        (1, 1),
        7,
        true,
    );
    assert_eq!(r, ("-1.23".into(), "-1.10".into(), "-7.70 USD".into()));
    let r = priced(
        LineConvention::NceA,
        ("1.236", 1),
        Currency::EUR,
        (Currency::USD, "0.9"),
        (1, 1),
        7,
        true,
    );
    assert_eq!(r, ("-1.24".into(), "-1.11".into(), "-7.78 USD".into()));
}

#[test]
fn jpy_as_billing_currency_has_no_minor_units() {
    // 16 EUR a month (192 a year, P1Y/monthly), 10 of 30 days: EUP_exact = 5.3333…, x = 163.27.
    // B: 5.33 × 163.27 = 870.2291 → 870 JPY; × 3 = 2610.
    let b = priced(
        LineConvention::NceB,
        ("192", 12),
        Currency::EUR,
        (Currency::JPY, "163.27"),
        (10, 30),
        3,
        false,
    );
    assert_eq!(b, ("5.33".into(), "870".into(), "2610 JPY".into()));
    // A: 16/3 × 163.27 × 3 = 2612.32 → 2612 JPY; unit half_up(870.7733…) = 871.
    let a = priced(
        LineConvention::NceA,
        ("192", 12),
        Currency::EUR,
        (Currency::JPY, "163.27"),
        (10, 30),
        3,
        false,
    );
    assert_eq!(a, ("5.33".into(), "871".into(), "2612 JPY".into()));
}

#[test]
fn jpy_as_pricing_currency_truncates_to_yen_first() {
    // 1000 JPY a cycle, 1 of 3 days: EUP_exact = 333.33…; x = 0.0067 JPY→USD, q = 3.
    // B: shown 333; 333 × 0.0067 = 2.2311 → 2.23; × 3 = 6.69.
    let b = priced(
        LineConvention::NceB,
        ("1000", 1),
        Currency::JPY,
        (Currency::USD, "0.0067"),
        (1, 3),
        3,
        false,
    );
    assert_eq!(b, ("333".into(), "2.23".into(), "6.69 USD".into()));
    // A: 1000/3 × 0.0067 × 3 = 6.70 exactly.
    let a = priced(
        LineConvention::NceA,
        ("1000", 1),
        Currency::JPY,
        (Currency::USD, "0.0067"),
        (1, 3),
        3,
        false,
    );
    assert_eq!(a.2, "6.70 USD");
}

#[test]
fn rate_1_is_price_nce_line() {
    // The same line through both entry points, at x = 1 into the pricing currency.
    let price = CyclePrice::new(d("192"), 12, None).unwrap();
    let share = CycleShare::new(13, 31).unwrap();
    for c in [LineConvention::NceA, LineConvention::NceB] {
        let one = price_nce_line(c, &price, Currency::USD, share, 3, true).unwrap();
        let fx = price_nce_line_fx(
            c,
            &price,
            Currency::USD,
            (Currency::USD, Decimal::ONE),
            share,
            3,
            true,
        )
        .unwrap();
        assert_eq!(one, fx);
        assert_eq!(one.unit_billing, one.effective_unit_price);
    }
}
