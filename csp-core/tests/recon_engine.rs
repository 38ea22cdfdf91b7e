//! Reconciliation against files rendered from the engine's own lines (SPEC-NCE §15.13): the
//! lines rendered as Microsoft's file are clean; rendered under the other convention, they
//! are matched or `convention` only; a book priced in EUR and billed in USD reconciles at
//! its rates, and a row at another rate is `fx_rate_differs`. Legacy: the demo partner's
//! lines in Microsoft's reconciliation form rendered as a license-based file are clean.

use std::path::Path;

use csp_core::calendar::YearMonth;
use csp_core::charges::NceLine;
use csp_core::money::nce::LineConvention;
use csp_core::recon::{
    write_legacy_recon, write_nce_recon, ReconClass, ReconOptions, ReconReport, ReconScope,
    ReconStatus,
};
use csp_core::scenario::nce::NceScenario;
use csp_core::scenario::Scenario;

fn testdata(path: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata")
        .join(path);
    std::fs::read_to_string(p).unwrap()
}

/// The example NCE book with its sheet inline.
fn nce_book() -> NceScenario {
    let text = testdata("scenarios/nce-example.json");
    NceScenario::from_json_with(&text, |file| -> Result<String, std::io::Error> {
        Ok(testdata(&format!("scenarios/{file}")))
    })
    .unwrap()
}

fn month(text: &str) -> YearMonth {
    text.parse().unwrap()
}

/// The scenario's lines with `order_date` in `m`, as the replay through the month's end
/// prices them, rendered as Microsoft's NCE invoice recon file.
fn nce_file(book: &NceScenario, m: YearMonth) -> (String, usize) {
    let until: chrono::DateTime<chrono::Utc> =
        format!("{}T23:59:59Z", m.last_day()).parse().unwrap();
    let mut through = book.clone();
    through.events.retain(|e| e.at <= until);
    let replay = through.replay(Some(until)).unwrap();
    let lines: Vec<NceLine> = replay
        .lines
        .into_iter()
        .filter(|l| m.period().contains(l.order_date))
        .collect();
    let mut text = String::new();
    write_nce_recon(&mut text, &lines, true).unwrap();
    (text, lines.len())
}

fn reconcile(book: &NceScenario, text: &str, m: YearMonth) -> ReconReport {
    book.reconcile(text, m, &ReconScope::default(), ReconOptions::default())
        .unwrap()
}

const MONTHS: [&str; 8] = [
    "2022-06", "2022-07", "2022-08", "2022-09", "2022-10", "2022-11", "2022-12", "2023-01",
];

#[test]
fn the_example_books_lines_rendered_as_a_file_are_clean_every_month() {
    let book = nce_book();
    let mut rows = 0;
    for m in MONTHS.map(month) {
        let (text, n) = nce_file(&book, m);
        let r = reconcile(&book, &text, m);
        assert_eq!(r.status, ReconStatus::Clean, "{m}: {}", r.to_json());
        assert_eq!(r.coverage.rows_matched, n as u64);
        rows += n;
    }
    // Every one of the book's 30 lines falls in one of its months.
    assert_eq!(rows, 30);
}

#[test]
fn under_the_other_convention_lines_are_matched_or_convention_only() {
    let book = nce_book();
    let mut other = book.clone();
    other.convention = match book.convention {
        LineConvention::NceA => LineConvention::NceB,
        LineConvention::NceB => LineConvention::NceA,
    };
    let mut convention = 0;
    for m in MONTHS.map(month) {
        let (text, _) = nce_file(&other, m);
        let r = reconcile(&book, &text, m);
        for (class, total) in &r.totals.by_class {
            if total.count > 0 {
                assert!(
                    matches!(class, ReconClass::Matched | ReconClass::Convention),
                    "{m}: {class}"
                );
            }
        }
        convention += r.totals.by_class[&ReconClass::Convention].count;
    }
    // s4's first line (8 seats × 6 × 17/31): B 3.29 × 8 = 26.32, A trunc(26.3225…) = 26.32:
    // equal, so matched; the book's other EUPs are exact at two decimals. No line differs
    // between the conventions here, so none is `convention` either.
    assert_eq!(convention, 0);
}

/// A EUR-priced book billed in USD (SPEC-NCE §16): 10 seats of 7.20 EUR ordered 2022-06-18
/// at 1.0512, 2 seats added 07-03 at 1.0178.
fn fx_book(convention: &str) -> NceScenario {
    let sheet = "ProductTitle,ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate,EffectiveEndDate\\n\
        Basic,CFQ7TTC0LH18,0001,BB,P1M,Monthly,FR,EUR,7.20,2022-03-01,\\n";
    NceScenario::from_json(&format!(
        r#"{{"version": 2, "program": "nce", "currency": "EUR", "market": "FR",
        "as_of": "2022-07-31T00:00:00Z", "convention": "{convention}",
        "customers": [{{"id": "contoso", "name": "Contoso", "segment": "commercial", "origin": "created_by_partner"}}],
        "price_sheets": [{{"csv": "{sheet}"}}],
        "events": [
          {{"id": "o1", "at": "2022-06-18T10:00:00Z", "subscription": "s1", "type": "order",
            "customer": "contoso", "offer": "CFQ7TTC0LH18:0001", "term": "P1M", "plan": "monthly", "quantity": 10}},
          {{"id": "a1", "at": "2022-07-03T10:00:00Z", "subscription": "s1", "type": "add_seats", "quantity": 2}}],
        "billing_currency": "USD", "exchange_rates": [
          {{"from": "EUR", "to": "USD", "month": "2022-06", "rate": "1.0512"}},
          {{"from": "EUR", "to": "USD", "month": "2022-07", "rate": "1.0178"}}]}}"#
    ))
    .unwrap()
}

#[test]
fn a_book_billed_in_another_currency_reconciles_at_its_rates() {
    let book = fx_book("nce_b");
    let june = month("2022-06");
    let (text, n) = nce_file(&book, june);
    assert_eq!(n, 1);
    assert!(
        text.contains(",USD,") && text.contains(",EUR,1.0512,"),
        "{text}"
    );
    let r = reconcile(&book, &text, june);
    assert_eq!(r.status, ReconStatus::Clean);
    assert_eq!(r.currency.code(), "USD");
    // The order: 7.20 EUR → trunc(7.20 × 1.0512, 2) = trunc(7.56864) = 7.56 USD × 10 = 75.60.
    assert_eq!(r.totals.microsoft_total.to_string(), "75.60");
    // Microsoft applied 1.0500 instead: 7.20 × 1.05 = 7.56 → same amount, another rate:
    // an exact pair (quantity, amount and unit price agree) is matched whatever the rate.
    let same = text.replace(",EUR,1.0512,", ",EUR,1.0500,");
    assert_eq!(reconcile(&book, &same, june).status, ReconStatus::Clean);
    // At 1.0400: 7.20 × 1.04 = 7.488 → 7.48 × 10 = 74.80: the rate names the difference.
    let other = text
        .replace(",EUR,1.0512,", ",EUR,1.0400,")
        .replace("75.60", "74.80");
    let r = reconcile(&book, &other, june);
    let classes: Vec<ReconClass> = r.entries.iter().map(|e| e.class).collect();
    assert_eq!(classes, [ReconClass::FxRateDiffers]);
    assert_eq!(r.totals.difference.to_string(), "-0.80");
    // A EUR file for a book billed in USD is refused.
    let eur = text.replace(",USD,", ",EUR,");
    let err = book
        .reconcile(&eur, june, &ReconScope::default(), ReconOptions::default())
        .unwrap_err();
    assert_eq!(err.error.code(), "currency_mismatch");
}

#[test]
fn the_demo_partners_legacy_lines_rendered_as_a_license_file_are_clean() {
    let text = testdata("scenarios/demo-partner.json");
    let book = Scenario::from_json_with(&text, |file| -> Result<String, std::io::Error> {
        Ok(testdata(&format!("scenarios/{file}")))
    })
    .unwrap();
    for m in ["2016-02", "2016-03", "2016-04"].map(month) {
        let expected = book.expected_lines(m).unwrap();
        // The same lines, from the same replay, rendered as Microsoft would write them.
        let window = book.recon_window(m).unwrap();
        let inputs = book.inputs().unwrap();
        let events: Vec<_> = book
            .events
            .iter()
            .filter(|e| e.date <= window.last())
            .cloned()
            .collect();
        let options = csp_core::charges::ReplayOptions {
            policy: book.policy,
            form: csp_core::charges::LineForm::Reconciliation,
        };
        let lines: Vec<_> = csp_core::charges::replay(&inputs, &events, window.last(), options)
            .unwrap()
            .lines
            .into_iter()
            .filter(|l| window.contains(l.date))
            .collect();
        assert_eq!(lines.len(), expected.len(), "{m}");
        let mut file = String::new();
        write_legacy_recon(&mut file, &lines, true).unwrap();
        let r = book
            .reconcile(&file, m, &ReconScope::default(), ReconOptions::default())
            .unwrap();
        assert_eq!(r.status, ReconStatus::Clean, "{m}: {}", r.to_json());
        assert_eq!(r.totals.discounts_total.map(|d| d.is_zero()), Some(true));
    }
}

#[test]
fn a_file_billed_under_the_other_convention_is_convention_not_an_error() {
    // June's order under nce_A: trunc(7.20 × 1.0512 × 10, 2) = trunc(75.6864) = 75.68; the
    // book expects nce_B's 75.60 (see above): Δ = +0.08, named `convention`.
    let june = month("2022-06");
    let (text, _) = nce_file(&fx_book("nce_a"), june);
    assert!(text.contains(",75.68,"), "{text}");
    let r = reconcile(&fx_book("nce_b"), &text, june);
    let classes: Vec<(ReconClass, String)> = r
        .entries
        .iter()
        .map(|e| (e.class, e.delta.to_string()))
        .collect();
    assert_eq!(classes, [(ReconClass::Convention, "0.08".to_string())]);
    assert_eq!(r.status, ReconStatus::Differences);
}

#[test]
fn erp_safe_rows_multiply_out_and_sum_to_microsofts_subtotal() {
    use csp_core::charges::ErpRowKind;
    // Under nce_A the June order's subtotal is 75.68 (above): 10 × trunc(7.568) = 75.60 and
    // a rounding row of 0.08; under nce_B (75.60 = 10 × 7.56) there is no rounding row.
    let line = |convention| {
        let mut through = fx_book(convention);
        through.events.truncate(1);
        through
            .replay(Some("2022-06-30T00:00:00Z".parse().unwrap()))
            .unwrap()
            .lines[0]
            .clone()
    };
    let (main, rounding) = line("nce_a").erp_safe().unwrap();
    assert_eq!(
        (main.unit.to_string(), main.quantity),
        ("7.56".to_string(), 10)
    );
    assert_eq!(main.amount.amount().to_string(), "75.60");
    let rounding = rounding.unwrap();
    assert_eq!(
        (rounding.kind, rounding.quantity),
        (ErpRowKind::Rounding, 1)
    );
    assert_eq!(rounding.amount.amount().to_string(), "0.08");
    assert_eq!(line("nce_b").erp_safe().unwrap().1, None);
    // Every line of the example book under both conventions: unit × quantity = amount, and
    // the rows sum to the subtotal.
    for convention in [LineConvention::NceA, LineConvention::NceB] {
        let mut book = nce_book();
        book.convention = convention;
        for l in book.replay(None).unwrap().lines {
            let (main, rounding) = l.erp_safe().unwrap();
            assert_eq!(
                main.unit * rust_decimal::Decimal::from(main.quantity),
                main.amount.amount()
            );
            let rest = rounding.map_or(rust_decimal::Decimal::ZERO, |r| r.amount.amount());
            assert_eq!(main.amount.amount() + rest, l.subtotal.amount());
            assert!(
                rest.abs()
                    < rust_decimal::Decimal::from(main.quantity.max(1))
                        / rust_decimal::Decimal::ONE_HUNDRED
            );
        }
    }
}
