use proptest::prelude::*;
use rust_decimal::Decimal;

use super::unsigned_digits;
use crate::input::general_amount as general;
use crate::input::{read_amount, AmountKind};

/// The exact representation: value, scale and sign (`serialize` is the 16 bytes).
fn repr(d: Option<Decimal>) -> Option<[u8; 16]> {
    d.map(|d| d.serialize())
}

#[test]
fn reads_prices_as_written() {
    let d = |m: i64, s: u32| Some(Decimal::new(m, s));
    assert_eq!(repr(unsigned_digits("99")), repr(d(99, 0)));
    assert_eq!(repr(unsigned_digits("104.4")), repr(d(1044, 1)));
    assert_eq!(repr(unsigned_digits("9.60")), repr(d(960, 2)));
    assert_eq!(repr(unsigned_digits("0.000")), repr(d(0, 3)));
    assert_eq!(repr(unsigned_digits("007.50")), repr(d(750, 2)));
    assert_eq!(
        repr(unsigned_digits("9999999999999999999")),
        repr(Some(Decimal::from(9_999_999_999_999_999_999u64)))
    );
    for other in [
        "",
        ".5",
        "5.",
        "-1",
        "+1",
        " 1",
        "1 ",
        "1.2.3",
        "1e3",
        "1,5",
        "99999999999999999999",
    ] {
        assert_eq!(unsigned_digits(other), None, "{other:?}");
    }
}

/// Text near the plain decimal forms: digits, points, signs, spaces and a few others.
fn near_decimal() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,30}(\\.[0-9]{0,30})?",
        "[+-]?[0-9]{0,22}\\.?[0-9]{0,22}",
        "[ 0-9.+\\-eE,_a]{0,26}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// The fast path agrees with the general reader wherever it answers, and the reader
    /// with its fast path accepts and refuses exactly what the general one does.
    #[test]
    fn fast_path_agrees_with_the_general_reader(text in near_decimal()) {
        if let Some(fast) = unsigned_digits(&text) {
            prop_assert_eq!(repr(Some(fast)), repr(general(&text, AmountKind::Exact).ok()));
        }
        for kind in [AmountKind::Price, AmountKind::Percent, AmountKind::TaxRate, AmountKind::Exact] {
            prop_assert_eq!(read_amount(&text, kind), general(&text, kind));
        }
    }
}
