//! Matching, classes, totals, coverage and flags (SPEC-NCE §15.5–§15.11) on small files whose
//! expected outcome is worked out by hand from the spec.

use rust_decimal::Decimal;

use super::*;
use crate::money::Currency;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

const NCE_HEADER: &str = "CustomerId,SubscriptionId,ProductId,ChargeType,ChargeStartDate,\
    ChargeEndDate,UnitPrice,EffectiveUnitPrice,Quantity,Subtotal,TaxTotal,Total,Currency,\
    PricingCurrency,PCToBCExchangeRate\n";

/// An NCE row: customer, subscription, charge type, unit price, EUP, quantity, subtotal,
/// rate; charge dates February 2024, product `P1`, no tax.
#[allow(clippy::too_many_arguments)]
fn nce_row(c: &str, s: &str, ct: &str, up: &str, eup: &str, q: &str, sub: &str, x: &str) -> String {
    format!("{c},{s},P1,{ct},2/1/2024,2/29/2024 23:59,{up},{eup},{q},{sub},0,{sub},USD,USD,{x}\n")
}

fn nce_file(rows: &[String]) -> String {
    let mut text = NCE_HEADER.to_string();
    for r in rows {
        text.push_str(r);
    }
    text
}

/// An expected NCE line of February 2024, product `P1`, rate 1.
fn line(c: &str, s: &str, ct: &str, up: &str, eup: &str, q: u32, amount: &str) -> ExpectedLine {
    ExpectedLine {
        customer_id: c.into(),
        subscription_id: s.into(),
        product_id: "P1".into(),
        charge_type: ct.into(),
        charge_start: "2024-02-01".parse().unwrap(),
        charge_end: "2024-02-29".parse().unwrap(),
        quantity: Decimal::from(q),
        unit_price: d(up),
        exact_unit_price: d(up),
        eup: Some(d(eup)),
        fx_rate: Some(Decimal::ONE),
        amount: d(amount),
        other_convention_amount: None,
        reference_id: format!("ev-{s}"),
    }
}

fn run_with(
    text: &str,
    expected: &[ExpectedLine],
    scope: &ReconScope,
    options: ReconOptions,
) -> ReconReport {
    reconcile(
        text,
        &ReconRequest {
            kind: None,
            expected,
            currency: Currency::USD,
            period: "2024-02",
            policy: "nce_b",
            scope,
            options,
        },
    )
    .unwrap()
}

fn run(text: &str, expected: &[ExpectedLine]) -> ReconReport {
    run_with(
        text,
        expected,
        &ReconScope::default(),
        ReconOptions::default(),
    )
}

fn class_of(report: &ReconReport, subscription: &str) -> Vec<ReconClass> {
    report
        .entries
        .iter()
        .filter(|e| e.subscription_id == subscription)
        .map(|e| e.class)
        .collect()
}

/// §15.9's identities, checked on every report.
fn assert_totals_add_up(r: &ReconReport) {
    let t = &r.totals;
    let sum: Decimal = t.by_class.values().map(|c| c.amount).sum();
    assert_eq!(t.microsoft_total, t.expected_total + sum);
    assert_eq!(
        t.difference,
        t.microsoft_total - t.out_of_scope_total - t.not_modelled_total - t.expected_total
    );
    let c = &r.coverage;
    assert_eq!(
        c.file_rows,
        c.rows_out_of_scope + c.rows_not_modelled + c.rows_examined
    );
    assert_eq!(
        c.rows_examined,
        c.rows_matched + c.rows_differing + c.rows_unexpected
    );
    assert_eq!(
        c.expected_lines,
        c.rows_matched + c.rows_differing + c.expected_missing
    );
}

#[test]
fn a_file_equal_to_the_expected_lines_is_clean() {
    let text = nce_file(&[
        nce_row("c1", "s1", "new", "12.00", "12.00", "2", "24.00", "1"),
        nce_row(
            "c1",
            "s2",
            "cycleCharge",
            "6.00",
            "6.00",
            "10",
            "60.00",
            "1",
        ),
    ]);
    let expected = [
        line("c1", "s1", "new", "12.00", "12.00", 2, "24.00"),
        line("c1", "s2", "cycleCharge", "6.00", "6.00", 10, "60.00"),
    ];
    let r = run(&text, &expected);
    assert_eq!(r.status, ReconStatus::Clean);
    assert!(
        r.entries.is_empty(),
        "matched entries are listed only when asked"
    );
    assert_eq!(r.totals.microsoft_total, d("84.00"));
    assert_eq!(r.totals.expected_total, d("84.00"));
    assert_eq!(r.totals.difference, Decimal::ZERO);
    assert_eq!(r.coverage.rows_matched, 2);
    assert_eq!(r.coverage.matched_pct, Some(d("100")));
    assert_totals_add_up(&r);
    let listed = run_with(
        &text,
        &expected,
        &ReconScope::default(),
        ReconOptions {
            include_matched: true,
            ..ReconOptions::default()
        },
    );
    assert_eq!(listed.entries.len(), 2);
    assert!(listed
        .entries
        .iter()
        .all(|e| e.class == ReconClass::Matched));
}

#[test]
fn charge_types_compare_case_insensitively() {
    let text = nce_file(&[nce_row(
        "c1",
        "s1",
        "CycleCharge",
        "6.00",
        "6.00",
        "1",
        "6.00",
        "1",
    )]);
    let r = run(
        &text,
        &[line("c1", "s1", "cycleCharge", "6.00", "6.00", 1, "6.00")],
    );
    assert_eq!(r.status, ReconStatus::Clean);
}

#[test]
fn each_pass_b_class_is_named() {
    // Five subscriptions, one difference each (hand-made, Δ = file − expected):
    //  s1 price: UnitPrice 12.50 vs P 12.00, amount 25.00 vs 24.00 → price_differs, Δ = 1.00
    //  s2 rate: same P, rate 0.9 vs 1, 21.60 vs 24.00 → fx_rate_differs, Δ = −2.40
    //  s3 convention: file 7.33 = the other convention's amount → convention, Δ = 0.01
    //  s4 rounding: 24.01 vs 24.00 → rounding, Δ = 0.01
    //  s5 amount: 30.00 vs 24.00 → amount_differs, Δ = 6.00
    let text = nce_file(&[
        nce_row("c1", "s1", "new", "12.50", "12.50", "2", "25.00", "1"),
        nce_row("c1", "s2", "new", "12.00", "12.00", "2", "21.60", "0.9"),
        nce_row("c1", "s3", "new", "8.00", "3.66", "2", "7.33", "1"),
        nce_row("c1", "s4", "new", "12.00", "12.00", "2", "24.01", "1"),
        nce_row("c1", "s5", "new", "12.00", "12.00", "2", "30.00", "1"),
    ]);
    let mut s3 = line("c1", "s3", "new", "8.00", "3.66", 2, "7.32");
    s3.other_convention_amount = Some(d("7.33"));
    let expected = [
        line("c1", "s1", "new", "12.00", "12.00", 2, "24.00"),
        line("c1", "s2", "new", "12.00", "12.00", 2, "24.00"),
        s3,
        line("c1", "s4", "new", "12.00", "12.00", 2, "24.00"),
        line("c1", "s5", "new", "12.00", "12.00", 2, "24.00"),
    ];
    let r = run(&text, &expected);
    assert_eq!(class_of(&r, "s1"), [ReconClass::PriceDiffers]);
    assert_eq!(class_of(&r, "s2"), [ReconClass::FxRateDiffers]);
    assert_eq!(class_of(&r, "s3"), [ReconClass::Convention]);
    assert_eq!(class_of(&r, "s4"), [ReconClass::Rounding]);
    assert_eq!(class_of(&r, "s5"), [ReconClass::AmountDiffers]);
    let deltas: Vec<Decimal> = r.entries.iter().map(|e| e.delta).collect();
    assert_eq!(
        deltas,
        [d("1.00"), d("-2.40"), d("0.01"), d("0.01"), d("6.00")]
    );
    assert_eq!(r.totals.difference, d("4.62"));
    assert_eq!(r.status, ReconStatus::Differences);
    assert_eq!(r.coverage.rows_differing, 5);
    assert_totals_add_up(&r);
}

#[test]
fn quantity_missing_unexpected_not_modelled_and_out_of_scope() {
    // s1: 3 seats billed against 2 expected → quantity_differs (Δ = 36.00 − 24.00 = 12.00).
    // s2: expected, not billed → missing (Δ = −6.00).
    // s9: billed for c1, no such line → unexpected (Δ = +5.00).
    // s1 customerCredit → not_modelled (Δ = −1.00), c2's row → out_of_scope (Δ = +7.00).
    let text = nce_file(&[
        nce_row("c1", "s1", "new", "12.00", "12.00", "3", "36.00", "1"),
        nce_row("c1", "s9", "new", "5.00", "5.00", "1", "5.00", "1"),
        nce_row(
            "c1",
            "s1",
            "customerCredit",
            "1.00",
            "-1.00",
            "1",
            "-1.00",
            "1",
        ),
        nce_row("c2", "s7", "new", "7.00", "7.00", "1", "7.00", "1"),
    ]);
    let expected = [
        line("c1", "s1", "new", "12.00", "12.00", 2, "24.00"),
        line("c1", "s2", "new", "6.00", "6.00", 1, "6.00"),
    ];
    let r = run(&text, &expected);
    let classes: Vec<(String, ReconClass)> = r
        .entries
        .iter()
        .map(|e| (e.subscription_id.clone(), e.class))
        .collect();
    assert_eq!(
        classes,
        [
            ("s1".into(), ReconClass::NotModelled),
            ("s1".into(), ReconClass::QuantityDiffers),
            ("s2".into(), ReconClass::Missing),
            ("s9".into(), ReconClass::Unexpected),
        ],
        "out_of_scope is not listed unless asked; entries in the report's order"
    );
    let t = &r.totals;
    assert_eq!(t.microsoft_total, d("47.00"));
    assert_eq!(t.expected_total, d("30.00"));
    assert_eq!(t.out_of_scope_total, d("7.00"));
    assert_eq!(t.not_modelled_total, d("-1.00"));
    // 12.00 − 6.00 + 5.00
    assert_eq!(t.difference, d("11.00"));
    let c = &r.coverage;
    assert_eq!(
        (c.file_rows, c.rows_out_of_scope, c.rows_not_modelled),
        (4, 1, 1)
    );
    assert_eq!(
        (c.rows_examined, c.rows_differing, c.rows_unexpected),
        (2, 1, 1)
    );
    assert_eq!((c.expected_lines, c.expected_missing), (2, 1));
    // 2 of 4 rows examined; |36| + |5| of |36| + |5| + |−1| + |7| = 41 / 49.
    assert_eq!(c.examined_pct, Some(d("50.00")));
    assert_eq!(c.matched_pct, Some(d("0")));
    assert_eq!(c.examined_amount_pct, Some(d("83.67")));
    assert_totals_add_up(&r);
    // c1: 36 + 5 − 1 billed against 30 expected, difference 11; c2: 7 out of scope.
    let c1 = &r.customers[0];
    assert_eq!(
        (c1.customer_id.as_str(), c1.file_rows, c1.differences),
        ("c1", 3, 3)
    );
    assert_eq!(
        (c1.microsoft_total, c1.difference),
        (d("40.00"), d("11.00"))
    );
    let c2 = &r.customers[1];
    assert_eq!(
        (c2.customer_id.as_str(), c2.out_of_scope_total),
        ("c2", d("7.00"))
    );
}

#[test]
fn the_scope_adds_customers_and_excludes_products() {
    let text = nce_file(&[
        nce_row("c1", "s1", "new", "12.00", "12.00", "2", "24.00", "1"),
        nce_row("c2", "s7", "new", "7.00", "7.00", "1", "7.00", "1"),
    ]);
    let expected = [line("c1", "s1", "new", "12.00", "12.00", 2, "24.00")];
    let scope = ReconScope {
        customers: ["c2".to_string()].into(),
        ..ReconScope::default()
    };
    let r = run_with(&text, &expected, &scope, ReconOptions::default());
    assert_eq!(class_of(&r, "s7"), [ReconClass::Unexpected]);
    let excluded = ReconScope {
        excluded_products: ["P1".to_string()].into(),
        ..ReconScope::default()
    };
    let r = run_with(
        &text,
        &expected,
        &excluded,
        ReconOptions {
            include_out_of_scope: true,
            ..ReconOptions::default()
        },
    );
    assert_eq!(
        r.status,
        ReconStatus::NothingAudited,
        "everything out of scope is never clean"
    );
    assert_eq!(r.coverage.rows_out_of_scope, 2);
    assert_eq!(r.totals.expected_total, Decimal::ZERO);
    assert_eq!(r.entries.len(), 2);
    assert_totals_add_up(&r);
}

#[test]
fn an_empty_scope_is_never_clean() {
    let r = run(NCE_HEADER, &[]);
    assert_eq!(r.status, ReconStatus::NothingAudited);
    assert_eq!(r.coverage.examined_pct, None);
    assert_eq!(r.coverage.examined_amount_pct, None);
}

#[test]
fn exact_pairs_win_over_same_quantity_pairs_within_a_key() {
    // Two lines and two rows on one key: the exact pair is found whatever the file order.
    let text = nce_file(&[
        nce_row("c1", "s1", "new", "12.00", "12.00", "2", "24.05", "1"),
        nce_row("c1", "s1", "new", "12.00", "12.00", "2", "24.00", "1"),
    ]);
    let expected = [
        line("c1", "s1", "new", "12.00", "12.00", 2, "24.00"),
        line("c1", "s1", "new", "12.00", "12.00", 2, "24.00"),
    ];
    let r = run(&text, &expected);
    assert_eq!(r.coverage.rows_matched, 1);
    assert_eq!(class_of(&r, "s1"), [ReconClass::AmountDiffers]);
    assert_eq!(r.entries[0].file.as_ref().unwrap().row, 2);
    assert_eq!(r.totals.difference, d("0.05"));
}

#[test]
fn refunds_and_charges_have_their_own_keys() {
    // A seat change's pair (−q_old, +q_new) on one period: each side finds its own sign.
    let text = nce_file(&[
        nce_row(
            "c1",
            "s1",
            "addQuantity",
            "12.00",
            "-6.00",
            "2",
            "-12.00",
            "1",
        ),
        nce_row(
            "c1",
            "s1",
            "addQuantity",
            "12.00",
            "6.00",
            "3",
            "18.00",
            "1",
        ),
    ]);
    let expected = [
        line("c1", "s1", "addQuantity", "12.00", "-6.00", 2, "-12.00"),
        line("c1", "s1", "addQuantity", "12.00", "6.00", 3, "18.00"),
    ];
    let r = run(&text, &expected);
    assert_eq!(r.status, ReconStatus::Clean);
    // A zero line takes the EUP's sign: a zero refund still pairs with a zero refund.
    let text = nce_file(&[nce_row("c1", "s1", "new", "0", "-0.00", "1", "0.00", "1")]);
    let r = run(&text, &[line("c1", "s1", "new", "0", "0.00", 1, "0.00")]);
    assert_eq!(r.status, ReconStatus::Clean, "-0.00 is not negative");
}

#[test]
fn nce_unit_prices_compare_at_the_decimals_written() {
    // P = 200 / 12 = 16.666…: the file writes 16.6667 (k = 4), |P − 16.6667| < 0.00005.
    let p = d("200") / d("12");
    let mut exact = line("c1", "s1", "new", "16.67", "16.66", 1, "16.66");
    exact.exact_unit_price = p;
    let text = nce_file(&[nce_row(
        "c1", "s1", "new", "16.6667", "16.66", "1", "16.66", "1",
    )]);
    assert_eq!(run(&text, &[exact.clone()]).status, ReconStatus::Clean);
    // 16.67 (k = 2): |P − 16.67| = 0.0033… < 0.005.
    let text = nce_file(&[nce_row(
        "c1", "s1", "new", "16.67", "16.66", "1", "16.66", "1",
    )]);
    assert_eq!(run(&text, &[exact.clone()]).status, ReconStatus::Clean);
    // 16.666 (k = 3): |P − 16.666| = 0.00066… ≥ 0.0005 → another price.
    let text = nce_file(&[nce_row(
        "c1", "s1", "new", "16.666", "16.66", "1", "16.66", "1",
    )]);
    let r = run(&text, &[exact]);
    assert_eq!(class_of(&r, "s1"), [ReconClass::PriceDiffers]);
    assert_eq!(
        r.entries[0].delta,
        Decimal::ZERO,
        "price_differs may have Δ = 0"
    );
}

#[test]
fn a_file_in_another_currency_is_refused() {
    let text = nce_file(&[nce_row("c1", "s1", "new", "1", "1", "1", "1", "1")])
        .replace(",USD,USD,", ",EUR,EUR,");
    let err = reconcile(
        &text,
        &ReconRequest {
            kind: Some(ReconKind::Nce),
            expected: &[],
            currency: Currency::USD,
            period: "2024-02",
            policy: "nce_b",
            scope: &ReconScope::default(),
            options: ReconOptions::default(),
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "currency_mismatch");
}

#[test]
fn e21_flags_total_and_subtotal_and_keeps_every_value() {
    // SPEC-NCE E21: EUP 0.03825, BillableQuantity 0.005001, rate 0.846202666, Subtotal 0.01,
    // TaxTotal 0, Total 0.045. EUP × x × q ≈ 0.000162, |0.01 − 0.000162| > q × (1 + x) ×
    // 0.01 ≈ 0.0000923; 0.045 ≠ 0.01 + 0.
    let text = "CustomerId,SubscriptionId,ChargeType,ChargeStartDate,ChargeEndDate,UnitPrice,\
        EffectiveUnitPrice,Quantity,BillableQuantity,Subtotal,TaxTotal,Total,Currency,\
        PricingCurrency,PCToBCExchangeRate\n\
        c1,s1,new,2/1/2024,2/29/2024,0.03825,0.03825,1,0.005001,0.01,0,0.045,EUR,USD,0.846202666\n";
    let r = reconcile(
        text,
        &ReconRequest {
            kind: None,
            expected: &[],
            currency: Currency::EUR,
            period: "2024-02",
            policy: "nce_b",
            scope: &ReconScope {
                customers: ["c1".to_string()].into(),
                ..ReconScope::default()
            },
            options: ReconOptions::default(),
        },
    )
    .unwrap();
    let checks: Vec<&str> = r.flags.iter().map(|f| f.check).collect();
    assert_eq!(checks, ["total", "subtotal"]);
    assert!(r.flags.iter().all(|f| f.row == 2));
    assert_eq!(r.totals.microsoft_total, d("0.01"));
    let file = r.entries[0].file.as_ref().unwrap();
    assert_eq!(file.quantity.to_string(), "0.005001");
    assert_eq!(file.fx_rate, Some(d("0.846202666")));
}

#[test]
fn e22_flags_amount_only() {
    // SPEC-NCE E22: UnitPrice 6.82, Quantity 2, Amount 13.32 (6.82 × 2 = 13.64),
    // TotalOtherDiscount 2.32, Subtotal 11, Tax 0, TotalForCustomer 11.
    let text = "CustomerId,SyndicationPartnerSubscriptionNumber,ChargeStartDate,ChargeEndDate,\
        ChargeType,UnitPrice,Quantity,Amount,TotalOtherDiscount,Subtotal,Tax,TotalForCustomer,\
        Currency\n\
        c1,s1,2/1/2016,2/29/2016,Cycle fee,6.82,2,13.32,2.32,11,0,11,USD\n\
        c1,s2,2/1/2016,2/29/2016,Cycle fee,15.62,2,31.25,0,31.25,0,31.25,USD\n";
    let r = run(text, &[]);
    assert_eq!(r.file_kind, ReconKind::Legacy);
    let flagged: Vec<(u64, &str)> = r.flags.iter().map(|f| (f.row, f.check)).collect();
    assert_eq!(flagged, [(2, "amount")], "2 × 15.62 against 31.25 passes");
    assert_eq!(r.totals.discounts_total, Some(d("2.32")));
    assert_eq!(r.totals.microsoft_total, d("44.57"));
}

#[test]
fn legacy_unit_amounts_match_within_a_cent_and_types_are_not_compared() {
    // Legacy key: subscription, dates, sign. The file's label differs from the engine's kind
    // and its unit is a cent off (a rate-rounding policy): still matched.
    let text = "CustomerId,SyndicationPartnerSubscriptionNumber,ChargeStartDate,ChargeEndDate,\
        ChargeType,UnitPrice,Quantity,Amount,Currency\n\
        c1,s1,2/11/2016,2/29/2016 11:59:59 PM,Prorate fees when purchase,13.11,2,26.21,USD\n\
        c1,s1,2/1/2016,2/29/2016,Offset a line item,-1.00,1,-1.00,USD\n";
    let expected = ExpectedLine {
        customer_id: "c1".into(),
        subscription_id: "s1".into(),
        product_id: "O1".into(),
        charge_type: "purchase".into(),
        charge_start: "2016-02-11".parse().unwrap(),
        charge_end: "2016-02-29".parse().unwrap(),
        quantity: Decimal::from(2),
        unit_price: d("13.10"),
        exact_unit_price: d("13.10"),
        eup: None,
        fx_rate: None,
        amount: d("26.21"),
        other_convention_amount: None,
        reference_id: "purchase (price list 2016-01-01)".into(),
    };
    let r = run(text, &[expected]);
    assert_eq!(r.coverage.rows_matched, 1);
    assert_eq!(r.coverage.rows_not_modelled, 1);
    assert_eq!(r.status, ReconStatus::Clean);
    assert_eq!(r.totals.not_modelled_total, d("-1.00"));
    assert_totals_add_up(&r);
}

#[test]
fn the_invoice_check_compares_totals_less_credit_notes() {
    // Totals 65.25 + 10.00 = 75.25; less 5.25 of credit notes = 70.00.
    let text = NCE_HEADER.to_string()
        + "c1,s1,P1,new,2/1/2024,2/29/2024,60.00,6.00,10,60.00,5.25,65.25,USD,USD,1\n"
        + "c1,s2,P1,new,2/1/2024,2/29/2024,10.00,10.00,1,10.00,0,10.00,USD,USD,1\n";
    let options = |total: &str| ReconOptions {
        invoice: Some(InvoiceFigures {
            invoice_total: d(total),
            credit_notes: d("5.25"),
        }),
        ..ReconOptions::default()
    };
    let r = run_with(&text, &[], &ReconScope::default(), options("70.00"));
    let check = r.invoice_check.unwrap();
    assert_eq!(check.rows_total, d("75.25"));
    assert!(check.agrees);
    let r = run_with(&text, &[], &ReconScope::default(), options("70.01"));
    assert!(!r.invoice_check.unwrap().agrees);
}

#[test]
fn the_json_and_csv_forms_follow_the_spec() {
    let text = nce_file(&[nce_row("c1", "s1", "new", "12.50", "12.5", "2", "25", "1")]);
    let r = run(
        &text,
        &[line("c1", "s1", "new", "12.00", "12.00", 2, "24.00")],
    );
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["status"], "differences");
    assert_eq!(json["totals"]["difference"], "1.00");
    assert_eq!(
        json["totals"]["by_class"]["price_differs"]["amount"],
        "1.00"
    );
    assert_eq!(
        json["entries"][0]["file"]["eup"], "12.50",
        "money has at least 2 decimals"
    );
    assert_eq!(json["entries"][0]["expected"]["index"], 0);
    assert_eq!(json["coverage"]["examined_pct"], "100.00");
    let csv = r.to_csv();
    let mut lines = csv.lines();
    assert_eq!(lines.next().unwrap(), ENTRY_CSV_COLUMNS.join(","));
    assert_eq!(
        lines.next().unwrap(),
        "price_differs,c1,s1,new,2024-02-01,2024-02-29,+,0,2,12.00,12.00,1,24.00,2,new,2,12.50,12.50,1,25.00,1.00"
    );
    assert_eq!(
        r.to_json(),
        run(
            &text,
            &[line("c1", "s1", "new", "12.00", "12.00", 2, "24.00")]
        )
        .to_json()
    );
}

#[test]
fn the_html_page_is_self_contained_escaped_and_charts_each_difference() {
    let text = nce_file(&[
        nce_row("<b>&co", "s1", "new", "12.50", "12.50", "2", "25.00", "1"),
        nce_row("<b>&co", "s2", "new", "6.00", "6.00", "1", "6.00", "1"),
    ]);
    let mut l = line("<b>&co", "s1", "new", "12.00", "12.00", 2, "24.00");
    l.reference_id = "<script>alert(1)</script>".into();
    let r = run(
        &text,
        &[l, line("<b>&co", "s3", "new", "6.00", "6.00", 1, "6.00")],
    );
    let html = r.to_html();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"), "ids are escaped, no script");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;b&gt;&amp;co"));
    assert_eq!(
        html.matches("http://").count(),
        2,
        "only the two charts' SVG namespace"
    );
    // price_differs +1.00, missing −6.00, unexpected +6.00: three class bars, one customer bar.
    assert_eq!(html.matches("class=\"bar\"").count(), 4);
    assert!(html.contains("data-amount=\"-6.00\""));
    assert!(html.contains("data-amount=\"1.00\""));
    assert!(html.contains("class=\"status differences\""));
    assert_eq!(html, r.to_html(), "same inputs, same bytes");
}

#[test]
fn a_file_of_the_other_kind_is_refused_when_the_kind_is_given() {
    let legacy = "CustomerId,SyndicationPartnerSubscriptionNumber,ChargeStartDate,ChargeEndDate,\
        ChargeType,UnitPrice,Quantity,Amount,Currency\n";
    let scope = ReconScope::default();
    let request = |kind| ReconRequest {
        kind: Some(kind),
        expected: &[],
        currency: Currency::USD,
        period: "2024-02",
        policy: "nce_b",
        scope: &scope,
        options: ReconOptions::default(),
    };
    let err = reconcile(legacy, &request(ReconKind::Nce)).unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    assert!(
        err.message().contains("legacy recon file"),
        "{}",
        err.message()
    );
    assert!(reconcile(legacy, &request(ReconKind::Legacy)).is_ok());
    // Neither kind's marker: read as the kind given, which names the missing column.
    let err = reconcile("a,b\n1,2\n", &request(ReconKind::Nce)).unwrap_err();
    assert_eq!(err.code(), "missing_column");
}
