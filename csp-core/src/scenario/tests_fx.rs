//! Exchange rates in NCE scenarios (SPEC-NCE §16): a EUR-priced book billed in USD.
//! Every expected figure is derived by hand from §14.4 and §16 in the comments.

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::nce::NceScenario;
use crate::calendar::YearMonth;
use crate::charges::NceLine;
use crate::money::{Currency, FxRates};

/// Business Basic, P1M monthly, 7.20 EUR a month in market FR.
const SHEET: &str = "ProductTitle,ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate,EffectiveEndDate\\n\
    Basic,CFQ7TTC0LH18,0001,BB,P1M,Monthly,FR,EUR,7.20,2022-03-01,\\n";

/// s1: 10 seats ordered 2022-06-18 (cycles 06-18..07-17, 07-18..08-17, …), 2 seats added on
/// 07-03; s2: 3 seats ordered 08-05.
const EVENTS: &str = r#"
    {"id": "o1", "at": "2022-06-18T10:00:00Z", "subscription": "s1", "type": "order",
     "customer": "contoso", "offer": "CFQ7TTC0LH18:0001", "term": "P1M", "plan": "monthly", "quantity": 10},
    {"id": "a1", "at": "2022-07-03T10:00:00Z", "subscription": "s1", "type": "add_seats", "quantity": 2},
    {"id": "o2", "at": "2022-08-05T10:00:00Z", "subscription": "s2", "type": "order",
     "customer": "contoso", "offer": "CFQ7TTC0LH18:0001", "term": "P1M", "plan": "monthly", "quantity": 3}"#;

/// The book with `extra` fields (`billing_currency`, `exchange_rates`, `partner`…).
fn book(as_of: &str, convention: &str, extra: &str) -> crate::error::Result<NceScenario> {
    NceScenario::from_json(&format!(
        r#"{{"version": 2, "program": "nce", "currency": "EUR", "market": "FR",
        "as_of": "{as_of}", "convention": "{convention}",
        "customers": [{{"id": "contoso", "name": "Contoso", "segment": "commercial", "origin": "created_by_partner"}}],
        "price_sheets": [{{"csv": "{SHEET}"}}],
        "events": [{EVENTS}]{extra}}}"#
    ))
}

/// The book through July (s2's August order left out).
fn july(convention: &str, extra: &str) -> NceScenario {
    let mut scenario = book("2022-07-31T00:00:00Z", convention, extra).unwrap();
    scenario.events.pop();
    scenario
}

const USD_JUNE_JULY: &str = r#", "billing_currency": "USD", "exchange_rates": [
    {"from": "EUR", "to": "USD", "month": "2022-06", "rate": "1.0512"},
    {"from": "EUR", "to": "USD", "month": "2022-07", "rate": "1.0178"}]"#;

/// `(charge_type, order_date, eup, subtotal, currency, pricing_currency, fx_rate, fx_rate_date)`.
fn shown(l: &NceLine) -> [String; 8] {
    [
        l.charge_type.to_string(),
        l.order_date.to_string(),
        l.effective_unit_price.to_string(),
        l.subtotal.amount().to_string(),
        l.subtotal.currency().to_string(),
        l.pricing_currency.to_string(),
        l.fx_rate.to_string(),
        l.fx_rate_date.to_string(),
    ]
}

fn row(fields: [&str; 8]) -> [String; 8] {
    fields.map(str::to_string)
}

#[test]
fn a_eur_book_billed_in_usd_uses_each_months_rate_under_b() {
    let replay = july("nce_b", USD_JUNE_JULY).replay(None).unwrap();
    let lines: Vec<_> = replay.lines.iter().map(shown).collect();
    assert_eq!(
        lines,
        [
            // new, 06-18..07-17 (30 of 30 days): EUP 7.20 EUR; 7.20 × 1.0512 = 7.56864 → 7.56
            // USD a seat; × 10.
            row([
                "new",
                "2022-06-18",
                "7.20",
                "75.60",
                "USD",
                "EUR",
                "1.0512",
                "2022-06-01"
            ]),
            // The seat change on 07-03: 07-03..07-17 is 15 of 30 days: 7.20 × 15/30 = 3.60
            // EUR; × 1.0178 (July's rate, not June's: not locked) = 3.66408 → 3.66 USD;
            // −10 × 3.66 then +12 × 3.66.
            row([
                "addQuantity",
                "2022-07-03",
                "-3.60",
                "-36.60",
                "USD",
                "EUR",
                "1.0178",
                "2022-07-01"
            ]),
            row([
                "addQuantity",
                "2022-07-03",
                "3.60",
                "43.92",
                "USD",
                "EUR",
                "1.0178",
                "2022-07-01"
            ]),
            // renew 07-18..08-17, 12 seats: 7.20 × 1.0178 = 7.32816 → 7.32; × 12.
            row([
                "renew",
                "2022-07-18",
                "7.20",
                "87.84",
                "USD",
                "EUR",
                "1.0178",
                "2022-07-01"
            ]),
        ]
    );
    // unit_price stays in the pricing currency.
    assert!(replay
        .lines
        .iter()
        .all(|l| l.unit_price.to_string() == "7.20"));
}

#[test]
fn a_eur_book_billed_in_usd_under_a_truncates_the_converted_line() {
    let replay = july("nce_a", USD_JUNE_JULY).replay(None).unwrap();
    let subtotals: Vec<String> = replay
        .lines
        .iter()
        .map(|l| l.subtotal.to_string())
        .collect();
    // trunc(7.20 × 1.0512 × 10 = 75.6864); trunc(3.60 × 1.0178 × 10 = 36.6408) negative;
    // trunc(3.60 × 1.0178 × 12 = 43.96896); trunc(7.20 × 1.0178 × 12 = 87.93792).
    assert_eq!(
        subtotals,
        ["75.68 USD", "-36.64 USD", "43.96 USD", "87.93 USD"]
    );
}

#[test]
fn a_month_without_a_rate_is_fx_rate_missing() {
    // Through August: the renewal of 08-18 and s2's order of 08-05 need August's rate.
    let r = book("2022-08-31T00:00:00Z", "nce_b", USD_JUNE_JULY)
        .unwrap()
        .replay(None)
        .unwrap_err();
    assert_eq!(r.error.code(), "fx_rate_missing");
    let ctx = r.error.context();
    assert_eq!(
        ctx,
        [
            ("pc", "EUR".to_string()),
            ("bc", "USD".to_string()),
            ("month", "2022-08".to_string())
        ]
    );
}

#[test]
fn without_a_billing_currency_lines_are_at_rate_1_dated_their_month() {
    let scenario = july("nce_b", "");
    assert_eq!(scenario.billing_currency, Currency::EUR);
    let replay = scenario.replay(None).unwrap();
    let lines: Vec<_> = replay.lines.iter().map(shown).collect();
    // At rate 1: 7.20 × 10, ∓3.60 × 10 and 12, 7.20 × 12, all in EUR.
    assert_eq!(
        lines,
        [
            row([
                "new",
                "2022-06-18",
                "7.20",
                "72.00",
                "EUR",
                "EUR",
                "1",
                "2022-06-01"
            ]),
            row([
                "addQuantity",
                "2022-07-03",
                "-3.60",
                "-36.00",
                "EUR",
                "EUR",
                "1",
                "2022-07-01"
            ]),
            row([
                "addQuantity",
                "2022-07-03",
                "3.60",
                "43.20",
                "EUR",
                "EUR",
                "1",
                "2022-07-01"
            ]),
            row([
                "renew",
                "2022-07-18",
                "7.20",
                "86.40",
                "EUR",
                "EUR",
                "1",
                "2022-07-01"
            ]),
        ]
    );
    // Rates for another pair are not read.
    let other =
        r#", "exchange_rates": [{"from": "GBP", "to": "USD", "month": "2022-06", "rate": "1.2"}]"#;
    let same = july("nce_b", other);
    assert_eq!(same.replay(None).unwrap().lines, replay.lines);
}

#[test]
fn the_partners_bill_is_in_the_billing_currency() {
    // A fixed resale price of 9.00 USD a seat a month. With billing day 1 the bill of 2022-08
    // covers July, which holds the seat change and the renewal: cost −36.60 + 43.92 + 87.84 = 95.16 USD; revenue
    // −10 × 9.00 × 15/30 + 12 × 9.00 × 15/30 + 12 × 9.00 = −45.00 + 54.00 + 108.00 = 117.00.
    let partner = r#", "partner": {"name": "P", "billing_day": 1, "payment_terms_days": 30,
        "invoice_prefix": "FX-",
        "resale": [{"offer": "CFQ7TTC0LH18:0001", "rule": {"type": "fixed", "price": "9.00"}}]}"#;
    let scenario = book(
        "2022-07-31T00:00:00Z",
        "nce_b",
        &format!("{USD_JUNE_JULY}{partner}"),
    )
    .unwrap();
    let run = scenario
        .bill("2022-08".parse().unwrap(), &[], None)
        .unwrap();
    assert_eq!(run.totals.cost.to_string(), "95.16 USD");
    assert_eq!(run.totals.revenue.to_string(), "117.00 USD");
    for bill in &run.bills {
        assert_eq!(bill.invoice.total.currency(), Currency::USD);
        assert!(bill
            .invoice
            .lines
            .iter()
            .all(|l| l.amount.currency() == Currency::USD));
    }
}

#[test]
fn exchange_rates_are_read_strictly() {
    let read = |extra: &str| book("2022-07-31T00:00:00Z", "nce_b", extra);
    let rates =
        |entries: &str| format!(r#", "billing_currency": "USD", "exchange_rates": [{entries}]"#);
    let may = r#"{"from": "EUR", "to": "USD", "month": "2022-05", "rate": "1.0842"}"#;
    // Kept as written.
    let s = read(&rates(may)).unwrap();
    let x = s
        .exchange_rates
        .rate(Currency::EUR, Currency::USD, "2022-05".parse().unwrap())
        .unwrap();
    assert_eq!(x.to_string(), "1.0842");
    // A second rate for one pair and month.
    let e = read(&rates(&format!("{may}, {may}"))).unwrap_err();
    assert_eq!(e.code(), "invalid_scenario");
    let ctx = e.context();
    assert!(
        ctx.contains(&("path", "exchange_rates[1]".to_string())),
        "{ctx:?}"
    );
    // Zero and negative rates: fx_rate_invalid.
    for bad in ["0", "0.000", "-1.08"] {
        let entry =
            format!(r#"{{"from": "EUR", "to": "USD", "month": "2022-05", "rate": "{bad}"}}"#);
        assert_eq!(
            read(&rates(&entry)).unwrap_err().code(),
            "fx_rate_invalid",
            "{bad}"
        );
    }
    // A JSON number, an exponent, an unknown field, a bad month or currency.
    for bad in [
        r#"{"from": "EUR", "to": "USD", "month": "2022-05", "rate": 1.08}"#,
        r#"{"from": "EUR", "to": "USD", "month": "2022-05", "rate": "1e0"}"#,
        r#"{"from": "EUR", "to": "USD", "month": "2022-05", "rate": "1.08", "source": "ecb"}"#,
        r#"{"from": "EUR", "to": "USD", "month": "2022-13", "rate": "1.08"}"#,
        r#"{"from": "EUR", "to": "XXX", "month": "2022-05", "rate": "1.08"}"#,
        r#"{"from": "EUR", "to": "USD", "rate": "1.08"}"#,
    ] {
        assert_eq!(
            read(&rates(bad)).unwrap_err().code(),
            "invalid_scenario",
            "{bad}"
        );
    }
}

/// The book's lines through August with `rates` for June, July and August.
fn lines_with(rates: [Decimal; 3], convention: &str) -> Vec<NceLine> {
    let mut scenario = book(
        "2022-08-31T00:00:00Z",
        convention,
        r#", "billing_currency": "USD""#,
    )
    .unwrap();
    let mut table = FxRates::new();
    for (m, rate) in ["2022-06", "2022-07", "2022-08"].iter().zip(rates) {
        let month: YearMonth = m.parse().unwrap();
        table
            .insert(Currency::EUR, Currency::USD, month, rate)
            .unwrap();
    }
    scenario.exchange_rates = table;
    scenario.replay(None).unwrap().lines
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// SPEC-NCE §16.4: changing month M's rate changes only the lines dated in M, and those
    /// carry the new rate.
    #[test]
    fn a_months_rate_changes_only_that_months_lines(
        rates in prop::array::uniform3(1i64..40_000),
        changed in 0usize..3,
        new_rate in 1i64..40_000,
        a in any::<bool>(),
    ) {
        let convention = if a { "nce_a" } else { "nce_b" };
        let before = rates.map(|n| Decimal::new(n, 4));
        let mut after = before;
        after[changed] = Decimal::new(new_rate, 4);
        let (x, y) = (lines_with(before, convention), lines_with(after, convention));
        prop_assert_eq!(x.len(), 6);
        prop_assert_eq!(x.len(), y.len());
        let month: YearMonth = ["2022-06", "2022-07", "2022-08"][changed].parse().unwrap();
        for (l, m) in x.iter().zip(&y) {
            if YearMonth::of(l.order_date) == month {
                prop_assert_eq!(m.fx_rate, after[changed]);
                prop_assert_eq!(m.fx_rate_date, month.first_day());
                let mut same = m.clone();
                same.fx_rate = l.fx_rate;
                same.subtotal = l.subtotal;
                prop_assert_eq!(&same, l);
            } else {
                prop_assert_eq!(l, m);
            }
        }
    }
}
