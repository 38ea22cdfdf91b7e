//! FxRates: hand-derived cases of SPEC-NCE §16.2–§16.3 (E23).

use super::*;

fn month(s: &str) -> YearMonth {
    s.parse().unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn e23_an_order_of_may_20_uses_the_rate_dated_may_1() {
    let mut rates = FxRates::new();
    rates
        .insert(
            Currency::EUR,
            Currency::USD,
            month("2021-05"),
            "1.2".parse().unwrap(),
        )
        .unwrap();
    rates
        .insert(
            Currency::EUR,
            Currency::USD,
            month("2021-06"),
            "1.3".parse().unwrap(),
        )
        .unwrap();
    let fx = rates
        .for_order_date(Currency::EUR, Currency::USD, day("2021-05-20"))
        .unwrap();
    assert_eq!(fx.date, day("2021-05-01"));
    assert_eq!(fx.rate, "1.2".parse::<Decimal>().unwrap());
    // The last and first days of a month take their own month's rate.
    let may31 = rates
        .for_order_date(Currency::EUR, Currency::USD, day("2021-05-31"))
        .unwrap();
    let june1 = rates
        .for_order_date(Currency::EUR, Currency::USD, day("2021-06-01"))
        .unwrap();
    assert_eq!(
        (may31.date, may31.rate.to_string()),
        (day("2021-05-01"), "1.2".into())
    );
    assert_eq!(
        (june1.date, june1.rate.to_string()),
        (day("2021-06-01"), "1.3".into())
    );
}

#[test]
fn a_rate_is_kept_as_written() {
    let mut rates = FxRates::new();
    rates
        .insert(
            Currency::EUR,
            Currency::USD,
            month("2024-05"),
            "1.084200".parse().unwrap(),
        )
        .unwrap();
    let x = rates
        .rate(Currency::EUR, Currency::USD, month("2024-05"))
        .unwrap();
    assert_eq!(x.to_string(), "1.084200");
}

#[test]
fn same_currency_is_one_without_an_entry() {
    let rates = FxRates::new();
    let fx = rates
        .for_order_date(Currency::JPY, Currency::JPY, day("2022-02-14"))
        .unwrap();
    assert_eq!((fx.rate, fx.date), (Decimal::ONE, day("2022-02-01")));
    assert_eq!(fx, LineFx::same(Currency::JPY, day("2022-02-14")));
}

#[test]
fn a_missing_rate_names_the_currencies_and_the_month() {
    let mut rates = FxRates::new();
    rates
        .insert(
            Currency::EUR,
            Currency::USD,
            month("2024-05"),
            "1.0842".parse().unwrap(),
        )
        .unwrap();
    let e = rates
        .for_order_date(Currency::EUR, Currency::USD, day("2024-06-03"))
        .unwrap_err();
    assert_eq!(
        e,
        Error::FxRateMissing {
            pc: Currency::EUR,
            bc: Currency::USD,
            month: month("2024-06"),
        }
    );
    assert_eq!(e.code(), "fx_rate_missing");
    assert_eq!(e.family(), "money");
    let ctx: Vec<(&str, String)> = e
        .context()
        .into_iter()
        .map(|(k, v)| (k, v.to_string()))
        .collect();
    assert_eq!(
        ctx,
        [
            ("pc", "EUR".to_string()),
            ("bc", "USD".to_string()),
            ("month", "2024-06".to_string())
        ]
    );
    // The other direction is another rate.
    let back = rates.rate(Currency::USD, Currency::EUR, month("2024-05"));
    assert_eq!(back.unwrap_err().code(), "fx_rate_missing");
}

#[test]
fn a_rate_of_zero_or_less_is_refused() {
    let mut rates = FxRates::new();
    for text in ["0", "0.0000", "-1.08"] {
        let e = rates
            .insert(
                Currency::EUR,
                Currency::USD,
                month("2024-05"),
                text.parse().unwrap(),
            )
            .unwrap_err();
        assert_eq!(e.code(), "fx_rate_invalid", "{text}");
        assert_eq!(e.family(), "money");
    }
    assert!(rates.is_empty());
    let e = rates
        .insert(
            Currency::USD,
            Currency::USD,
            month("2024-05"),
            "1.1".parse().unwrap(),
        )
        .unwrap_err();
    assert_eq!(e.code(), "fx_rate_invalid");
    assert!(rates
        .insert(Currency::USD, Currency::USD, month("2024-05"), Decimal::ONE)
        .is_ok());
}

#[test]
fn a_second_rate_for_one_month_is_refused() {
    let mut rates = FxRates::new();
    let may = month("2024-05");
    rates
        .insert(Currency::EUR, Currency::USD, may, "1.08".parse().unwrap())
        .unwrap();
    let e = rates
        .insert(Currency::EUR, Currency::USD, may, "1.09".parse().unwrap())
        .unwrap_err();
    assert_eq!(e.code(), "invalid_input");
    assert_eq!(
        rates
            .rate(Currency::EUR, Currency::USD, may)
            .unwrap()
            .to_string(),
        "1.08"
    );
    assert_eq!(rates.len(), 1);
}
