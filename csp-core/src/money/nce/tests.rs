//! Unit tests of NCE line money: names, cycle prices, refusals, signs and currencies.
//! Every expected value is derived by hand in its comment.

use rust_decimal::Decimal;

use super::*;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn price(u: &str, n: u32, p: Option<&str>) -> CyclePrice {
    CyclePrice::new(d(u), n, p.map(d)).unwrap()
}

/// One line to price over `share` and its expected `(EUP_shown, subtotal)`: `(convention,
/// seats, refund, EUP, subtotal)`.
type Row = (LineConvention, u64, bool, &'static str, &'static str);

/// Prices every row of `price` in `cur` over `share` and checks it.
fn check(p: &CyclePrice, cur: Currency, share: (u32, u32), rows: &[Row]) {
    let share = CycleShare::new(share.0, share.1).unwrap();
    for &(c, q, refund, eup, subtotal) in rows {
        let l = price_nce_line(c, p, cur, share, q, refund).unwrap();
        let why = format!("{c} q={q} refund={refund}");
        assert_eq!(l.effective_unit_price.to_string(), eup, "{why}");
        assert_eq!(l.subtotal.amount().to_string(), subtotal, "{why}");
        assert_eq!((l.quantity, l.subtotal.currency()), (q, cur), "{why}");
    }
}

use LineConvention::{NceA, NceB};

#[test]
fn convention_names() {
    assert_eq!(LineConvention::default(), NceB);
    for (text, c) in [
        ("nce_a", NceA),
        ("nce_A", NceA),
        ("nce_b", NceB),
        ("nce_B", NceB),
        (" NCE_B ", NceB),
    ] {
        assert_eq!(text.parse::<LineConvention>().unwrap(), c, "{text}");
    }
    assert_eq!(NceA.as_str(), "nce_a");
    assert_eq!(NceB.to_string(), "nce_b");
    for bad in ["", "nce", "a", "nce-a", "nce_c", "B"] {
        let e = bad.parse::<LineConvention>().unwrap_err();
        assert_eq!(e.code(), "invalid_input", "{bad}");
    }
}

#[cfg(feature = "serde")]
#[test]
fn convention_serde() {
    assert_eq!(serde_json::to_string(&NceA).unwrap(), "\"nce_a\"");
    assert_eq!(serde_json::to_string(&NceB).unwrap(), "\"nce_b\"");
    for (text, c) in [
        ("\"nce_a\"", NceA),
        ("\"nce_A\"", NceA),
        ("\"nce_b\"", NceB),
        ("\"nce_B\"", NceB),
    ] {
        assert_eq!(serde_json::from_str::<LineConvention>(text).unwrap(), c);
    }
    assert!(serde_json::from_str::<LineConvention>("\"NceA\"").is_err());
}

#[test]
fn cycles_per_term_of_every_offered_pair() {
    // SPEC-NCE §12.4: P1M/monthly 1, P1Y/monthly 12, P1Y/annual 1, P3Y/monthly 36,
    // P3Y/annual 3, P3Y/triennial 1.
    for (term, cycle, n) in [
        (1, 1, 1),
        (12, 1, 12),
        (12, 12, 1),
        (36, 1, 36),
        (36, 12, 3),
        (36, 36, 1),
    ] {
        assert_eq!(CyclePrice::cycles_per_term(term, cycle).unwrap(), n);
    }
    for (term, cycle) in [(1, 12), (12, 36), (12, 0), (0, 1), (0, 0), (36, 24)] {
        let e = CyclePrice::cycles_per_term(term, cycle).unwrap_err();
        assert_eq!(e.code(), "invalid_input", "{term}/{cycle}");
    }
}

#[test]
fn cycle_price_refusals() {
    let bad = [
        ("-0.01", 1, None),
        ("10", 0, None),
        ("10", 1, Some("100")),
        ("10", 1, Some("100.000001")),
        ("10", 1, Some("-1")),
        ("10", 1, Some("-0.000001")),
        ("10", 1, Some("12.3456789")),
    ];
    for (u, n, p) in bad {
        let e = CyclePrice::new(d(u), n, p.map(d)).unwrap_err();
        assert_eq!(e.code(), "invalid_input", "{u} {n} {p:?}");
    }
    // The limits themselves, and decimals that are only trailing zeros.
    for p in ["0", "99.999999", "10.0000000", "-0"] {
        let c = CyclePrice::new(d("10"), 1, Some(d(p))).unwrap();
        assert_eq!(c.percent_off(), Some(d(p)));
    }
    let c = price("0", 36, None);
    assert_eq!(
        (c.unit_price(), c.cycles(), c.percent_off()),
        (d("0"), 36, None)
    );
}

#[test]
fn cycle_price_shown_and_per_cycle() {
    // E2: 3393.96 / 12 = 282.83 exactly; 3393.9 / 12 = 282.825 (half-up 282.83 at 2).
    let a = price("3393.96", 12, None);
    assert_eq!(a.cycle_price_shown(2).to_string(), "282.83");
    assert_eq!(a.cycle_price_shown(4).to_string(), "282.8300");
    let b = price("3393.9", 12, None);
    assert_eq!(b.cycle_price_shown(3).to_string(), "282.825");
    assert_eq!(b.cycle_price_shown(2).to_string(), "282.83");
    assert_eq!(b.cycle_price_shown(0).to_string(), "283");
    // E1: 115.2 and ERP 144 per month: 9.60 and 12.00; per annual cycle 115.20 and 144.00.
    let m = price("115.2", 12, None);
    assert_eq!(m.cycle_price_shown(2).to_string(), "9.60");
    assert_eq!(m.per_cycle(d("144"), 2).to_string(), "12.00");
    let y = price("115.2", 1, None);
    assert_eq!(y.per_cycle(d("144"), 2).to_string(), "144.00");
    // 1000 / 3 = 333.333…; 2 / 3 = 0.666… → 0.67 (half-up).
    assert_eq!(
        price("1000", 3, None).cycle_price_shown(2).to_string(),
        "333.33"
    );
    assert_eq!(price("2", 3, None).cycle_price_shown(2).to_string(), "0.67");
    // The promotion does not change P (a line's unit_price is before promotion, §14.1).
    assert_eq!(
        price("192", 12, Some("10"))
            .cycle_price_shown(2)
            .to_string(),
        "16.00"
    );
    // Beyond i128 at that scale: the decimal quotient, as far as it fits; no panic.
    assert_eq!(
        price(&Decimal::MAX.to_string(), 1, None).cycle_price_shown(28),
        Decimal::MAX
    );
    assert_eq!(
        price("1", 3, None).cycle_price_shown(40).to_string(),
        "0.3333333333333333333333333333"
    );
}

#[test]
fn bad_share_is_invalid_proration() {
    let p = price("192", 12, None);
    for (num, den) in [(0, 30), (31, 30), (0, 0), (1, 0)] {
        let share = CycleShare { num, den };
        for c in [NceA, NceB] {
            let e = price_nce_line(c, &p, Currency::USD, share, 1, false).unwrap_err();
            assert!(
                matches!(e, Error::InvalidProration { days_billed, days_in_period } if days_billed == num && days_in_period == den),
                "{e}"
            );
        }
        assert_eq!(
            CycleShare::new(num, den).unwrap_err().code(),
            "invalid_proration"
        );
    }
    assert!(CycleShare::new(30, 30).unwrap().is_full());
    assert!(!CycleShare::new(29, 30).unwrap().is_full());
}

#[test]
fn overflow_is_an_error() {
    let max = price(&Decimal::MAX.to_string(), 1, None);
    let full = CycleShare::new(31, 31).unwrap();
    for c in [NceA, NceB] {
        // 7.9e28 × 1.8e19 seats leaves i128.
        let e = price_nce_line(c, &max, Currency::USD, full, u64::MAX, false).unwrap_err();
        assert_eq!(e.code(), "amount_overflow", "{c}");
        // 2 × 7.9e28 fits i128 but not a decimal.
        let e = price_nce_line(c, &max, Currency::USD, full, 2, true).unwrap_err();
        assert_eq!(e.code(), "amount_overflow", "{c}");
        // The same price for one seat is itself.
        let l = price_nce_line(c, &max, Currency::JPY, full, 1, false).unwrap();
        assert_eq!(l.subtotal.amount(), Decimal::MAX);
    }
}

#[test]
fn seat_change_pair_diverges_and_nets() {
    // 120.96 a year, monthly (P = 10.08), 17 of 30 days: EUP = 10.08 × 17 / 30 = 5.712.
    // A: −trunc(57.12) = −57.12, trunc(85.68) = 85.68, net 28.56 (exact 5.712 × 5 = 28.56).
    // B: 5.71 × 10 = 57.10, 5.71 × 15 = 85.65, net 5.71 × 5 = 28.55.
    let rows = [
        (NceA, 10, true, "-5.71", "-57.12"),
        (NceA, 15, false, "5.71", "85.68"),
        (NceB, 10, true, "-5.71", "-57.10"),
        (NceB, 15, false, "5.71", "85.65"),
    ];
    check(&price("120.96", 12, None), Currency::EUR, (17, 30), &rows);
}

#[test]
fn refund_is_the_negative_of_the_charge() {
    // 192 / 12 = 16; 13 of 31 days: EUP = 208 / 31 = 6.709677…; 3 seats: 20.129032…
    // A: EUP half-up 6.71, subtotal trunc 20.12. B: EUP 6.70, subtotal 20.10.
    let rows = [
        (NceA, 3, false, "6.71", "20.12"),
        (NceA, 3, true, "-6.71", "-20.12"),
        (NceB, 3, false, "6.70", "20.10"),
        (NceB, 3, true, "-6.70", "-20.10"),
    ];
    check(&price("192", 12, None), Currency::USD, (13, 31), &rows);
}

#[test]
fn jpy_has_no_decimals() {
    // 26400 / 12 = 2200 JPY; 10 of 31 days: EUP = 22000 / 31 = 709.677…; 7 seats: 4967.74…
    // A: EUP 710 (half-up), subtotal 4967. B: EUP 709, subtotal 709 × 7 = 4963.
    let p = price("26400", 12, None);
    let rows = [
        (NceA, 7, false, "710", "4967"),
        (NceB, 7, false, "709", "4963"),
        (NceA, 7, true, "-710", "-4967"),
        (NceB, 7, true, "-709", "-4963"),
    ];
    check(&p, Currency::JPY, (10, 31), &rows);
    // A full cycle: 2200 × 7 = 15400 under both.
    let rows = [
        (NceA, 7, false, "2200", "15400"),
        (NceB, 7, false, "2200", "15400"),
    ];
    check(&p, Currency::JPY, (31, 31), &rows);
}

#[test]
fn three_decimal_currency_and_display_tie() {
    // 12.345 KWD, 7 of 30 days: EUP = 86.415 / 30 = 2.8805 (a tie at 3 decimals);
    // A shows 2.881 and bills trunc(8.6415) = 8.641; B shows and bills 2.880 × 3 = 8.640.
    let rows = [
        (NceA, 3, false, "2.881", "8.641"),
        (NceB, 3, false, "2.880", "8.640"),
    ];
    check(&price("12.345", 1, None), Currency::KWD, (7, 30), &rows);
}

#[test]
fn promotion_with_six_decimals() {
    // 100 × (1 − 33.333333 / 100) = 66.666667 exactly, a full cycle, 3 seats:
    // A: trunc(200.000001) = 200.00, EUP half-up 66.67; B: 66.66 × 3 = 199.98.
    let rows = [
        (NceA, 3, false, "66.67", "200.00"),
        (NceB, 3, false, "66.66", "199.98"),
    ];
    check(
        &price("100", 1, Some("33.333333")),
        Currency::USD,
        (30, 30),
        &rows,
    );
}

#[test]
fn full_cycle_of_an_inexact_cycle_price() {
    // §14.4's last bullet: P = 3393.9 / 12 = 282.825. Under B trunc(P) × q = 282.82 × 2 =
    // 565.64; under A trunc(P × 2) = 565.65 (and A shows half-up 282.83).
    let rows = [
        (NceA, 2, false, "282.83", "565.65"),
        (NceB, 2, false, "282.82", "565.64"),
    ];
    check(&price("3393.9", 12, None), Currency::GBP, (31, 31), &rows);
}

#[test]
fn zero_price_and_zero_quantity_are_zero_lines() {
    // A trial at 0 (E17), and a refund of it: zero, never "-0". No seats: the unit price
    // still shows (16 a cycle), the subtotal is zero.
    for c in [NceA, NceB] {
        let trial = price("0", 1, None);
        check(
            &trial,
            Currency::USD,
            (31, 31),
            &[(c, 25, false, "0.00", "0.00")],
        );
        check(
            &trial,
            Currency::USD,
            (12, 31),
            &[(c, 25, true, "0.00", "0.00")],
        );
        let p = price("192", 12, None);
        check(
            &p,
            Currency::USD,
            (31, 31),
            &[(c, 0, true, "-16.00", "0.00")],
        );
    }
}
