use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;

fn ok(text: &str, kind: AmountKind) -> String {
    match amount(text, kind) {
        Ok(d) => d.to_string(),
        Err(e) => panic!("{text:?} as {kind:?}: {e}"),
    }
}

fn problem(text: &str, kind: AmountKind) -> AmountProblem {
    match read_amount(text, kind) {
        Ok(d) => panic!("{text:?} as {kind:?} was read as {d}"),
        Err(p) => p,
    }
}

#[test]
fn prices_are_plain_non_negative_decimals_kept_as_written() {
    for (text, want) in [
        ("4.00", "4.00"),
        ("4", "4"),
        ("0", "0"),
        ("0.000000", "0.000000"),
        (" 12.5 ", "12.5"),
        ("007.10", "7.10"),
        ("99999999999999999999.5", "99999999999999999999.5"),
    ] {
        assert_eq!(ok(text, AmountKind::Price), want);
    }
}

#[test]
fn the_issues_bad_amounts_are_refused_with_their_reason() {
    use AmountKind::*;
    use AmountProblem::*;
    let cases = [
        ("-4.00", Price, Negative),
        ("-0.00", Price, Negative),
        ("+4.00", Price, NotPlain),
        ("1e3", Price, NotPlain),
        ("1E3", Exact, NotPlain),
        ("1_000", Price, NotPlain),
        ("1,000.00", Price, NotPlain),
        ("1 000", Price, NotPlain),
        (".5", Price, NotPlain),
        ("5.", Price, NotPlain),
        ("1.2.3", Price, NotPlain),
        ("NaN", Exact, NotPlain),
        ("Infinity", Exact, NotPlain),
        ("0x10", Exact, NotPlain),
        ("--1", Exact, NotPlain),
        ("", Price, Empty),
        ("   ", Exact, Empty),
        ("4.0000001", Price, TooManyDecimals),
        ("0.123456789012345678901234567890", Price, TooManyDigits),
        (
            "1234567890123456789012345678901234567890",
            Price,
            TooManyDigits,
        ),
        (
            "1234567890123456789012345678901234567890",
            Exact,
            TooManyDigits,
        ),
        ("8.75", TaxRate, OutOfRange),
        ("1", TaxRate, OutOfRange),
        ("-0.1", TaxRate, Negative),
        ("-15", Percent, Negative),
        ("４", Price, NotPlain), // a full-width digit
    ];
    for (text, kind, want) in cases {
        assert_eq!(problem(text, kind), want, "{text:?} as {kind:?}");
    }
}

#[test]
fn messages_name_the_kind_the_value_and_the_fix() {
    let err = amount("8.75", AmountKind::TaxRate).unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    let text = err.to_string();
    assert!(text.contains("tax rate \"8.75\""), "{text}");
    assert!(text.contains("0.0875"), "{text}");
    let long = "9".repeat(40);
    let text = amount(&long, AmountKind::Price).unwrap_err().to_string();
    assert!(text.contains("too long"), "{text}");
    let huge = "1".repeat(1_000_000);
    let text = amount(&huge, AmountKind::Price).unwrap_err().to_string();
    assert!(text.len() < 400, "{} characters", text.len());
    assert!(text.contains("(1000000 characters)"), "{text}");
}

#[test]
fn exact_amounts_take_a_minus_and_28_digits() {
    assert_eq!(ok("-0.50", AmountKind::Exact), "-0.50");
    assert_eq!(
        ok("2.4516129032258064516129032", AmountKind::Exact),
        "2.4516129032258064516129032"
    );
    assert_eq!(ok("0.0875", AmountKind::TaxRate), "0.0875");
    assert_eq!(ok("0", AmountKind::TaxRate), "0");
    assert_eq!(ok("150", AmountKind::Percent), "150");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]
    /// Any text the reader accepts reads back to the same value and digits: what it writes is
    /// what it was given, so nothing is rounded on the way in.
    #[test]
    fn accepted_text_round_trips_exactly(mantissa in any::<i64>(), scale in 0u32..=28) {
        let d = Decimal::new(mantissa, scale);
        let text = d.to_string();
        let back = amount(&text, AmountKind::Exact).unwrap();
        prop_assert_eq!(back, d);
        prop_assert_eq!(back.to_string(), text.clone());
        if scale <= MAX_DECIMALS && mantissa >= 0 {
            prop_assert_eq!(amount(&text, AmountKind::Price).unwrap().to_string(), text);
        }
    }

    /// Any text: either refused, or accepted with a value whose written form is the text
    /// itself (trimmed, without leading zeros), so acceptance never changes a value.
    #[test]
    fn any_accepted_text_is_its_own_value(text in "[ 0-9.+\\-eE_,]{0,12}") {
        if let Ok(d) = read_amount(&text, AmountKind::Exact) {
            let t = text.trim();
            let unsigned = t.strip_prefix('-').unwrap_or(t);
            let whole = unsigned.split('.').next().unwrap_or_default();
            let kept = whole.len() - whole.trim_start_matches('0').len().max(1);
            let written = &unsigned[kept..];
            prop_assert_eq!(d.abs().to_string(), written);
            prop_assert_eq!(d.is_sign_negative() && !d.is_zero(), t.starts_with('-') && !d.is_zero());
        }
    }
}

#[test]
fn dates_are_iso_and_in_range() {
    assert_eq!(date("2016-03-01").unwrap().to_string(), "2016-03-01");
    assert_eq!(date("2000-01-01").unwrap(), FIRST_DATE);
    assert_eq!(date("9999-12-31").unwrap(), LAST_DATE);
    for bad in [
        "2016-2-3",
        "0000-01-01",
        "1999-12-31",
        "2016-02-30",
        "2016/03/01",
        "20160301",
        "2016-03-01T00:00:00Z",
        "+2016-03-01",
        "",
    ] {
        let err = date(bad).unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{bad}");
        assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
    }
    assert!(check_date(chrono::NaiveDate::MIN).is_err());
    assert!(check_date(FIRST_DATE).is_ok());
}

#[test]
fn seat_counts_are_whole_and_in_range() {
    assert_eq!(seats(1).unwrap(), 1);
    assert_eq!(seats(i64::from(MAX_SEATS)).unwrap(), MAX_SEATS);
    for bad in [
        0,
        -1,
        -10_000_000_000,
        i64::from(MAX_SEATS) + 1,
        4_294_967_298,
    ] {
        assert_eq!(seats(bad).unwrap_err().code(), "invalid_quantity", "{bad}");
    }
    assert_eq!(
        count(0, "months", 1, 120, "1 to 120").unwrap_err().code(),
        "invalid_input"
    );
    assert_eq!(count(12, "months", 1, 120, "1 to 120").unwrap(), 12);
}

#[test]
fn ids_are_trimmed_non_empty_printable_and_bounded() {
    assert_eq!(id(" E3 ", "offer id").unwrap(), "E3");
    let long = "x".repeat(MAX_ID_CHARS + 1);
    for bad in ["", "  ", "E3\0", "a\tb", "a\nb", long.as_str()] {
        assert_eq!(
            id(bad, "offer id").unwrap_err().code(),
            "invalid_input",
            "{bad:?}"
        );
    }
    assert!(id(&"x".repeat(MAX_ID_CHARS), "offer id").is_ok());
}
