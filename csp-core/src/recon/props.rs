//! SPEC-NCE §15.13's invariants, property-tested on generated lines and files.

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;
use crate::money::Currency;

const HEADER: &str = "CustomerId,SubscriptionId,ProductId,ChargeType,ChargeStartDate,\
    ChargeEndDate,UnitPrice,EffectiveUnitPrice,Quantity,Subtotal,Currency\n";

fn arb_line() -> impl Strategy<Value = ExpectedLine> {
    arb_line_in(4, 3, 4, -3000..6000i64, 100..5000i64)
}

/// Lines from few values, so that keys, quantities and amounts collide often.
fn arb_close_line() -> impl Strategy<Value = ExpectedLine> {
    arb_line_in(
        2,
        1,
        2,
        prop::sample::select(vec![-1000i64, 0, 1000, 1200]),
        prop::sample::select(vec![100i64, 200]),
    )
}

/// Lines over `subs` subscriptions of two customers, `starts` start days and quantities
/// below `seats`.
fn arb_line_in(
    subs: u8,
    starts: u32,
    seats: u32,
    cents: impl Strategy<Value = i64>,
    units: impl Strategy<Value = i64>,
) -> impl Strategy<Value = ExpectedLine> {
    (
        0..2u8,
        0..subs,
        prop::sample::select(vec!["new", "cycleCharge", "addQuantity"]),
        0..starts,
        0..seats,
        cents,
        units,
    )
        .prop_map(|(c, s, ct, start, q, cents, unit)| {
            let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2024, 2, 1 + d).unwrap_or_default();
            let amount = Decimal::new(cents, 2);
            let eup = if cents < 0 {
                -Decimal::new(unit, 2)
            } else {
                Decimal::new(unit, 2)
            };
            ExpectedLine {
                customer_id: format!("c{c}"),
                subscription_id: format!("c{c}-s{s}"),
                product_id: "P1".into(),
                charge_type: ct.into(),
                charge_start: day(start),
                charge_end: day(27),
                quantity: Decimal::from(q),
                unit_price: Decimal::new(unit, 2),
                exact_unit_price: Decimal::new(unit, 2),
                eup: Some(eup),
                fx_rate: Some(Decimal::ONE),
                amount,
                other_convention_amount: None,
                reference_id: "ev".into(),
            }
        })
}

/// The lines as Microsoft would write them, one row each, in the order given.
fn render(lines: &[ExpectedLine]) -> String {
    let mut text = HEADER.to_string();
    for l in lines {
        let date = |d: chrono::NaiveDate| d.format("%-m/%-d/%Y").to_string();
        text.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},USD\n",
            l.customer_id,
            l.subscription_id,
            l.product_id,
            l.charge_type,
            date(l.charge_start),
            date(l.charge_end),
            l.unit_price,
            l.eup.unwrap_or_default(),
            l.quantity,
            l.amount
        ));
    }
    text
}

fn run(text: &str, expected: &[ExpectedLine], scope: &ReconScope) -> ReconReport {
    reconcile(
        text,
        &ReconRequest {
            kind: None,
            expected,
            currency: Currency::USD,
            period: "2024-02",
            policy: "nce_b",
            scope,
            options: ReconOptions {
                include_matched: true,
                include_out_of_scope: true,
                invoice: None,
            },
        },
    )
    .unwrap()
}

fn identities_hold(r: &ReconReport) -> Result<(), TestCaseError> {
    let t = &r.totals;
    let sum: Decimal = t.by_class.values().map(|c| c.amount).sum();
    prop_assert_eq!(t.microsoft_total, t.expected_total + sum);
    prop_assert_eq!(
        t.difference,
        t.microsoft_total - t.out_of_scope_total - t.not_modelled_total - t.expected_total
    );
    let c = &r.coverage;
    prop_assert_eq!(
        c.file_rows,
        c.rows_out_of_scope + c.rows_not_modelled + c.rows_examined
    );
    prop_assert_eq!(
        c.rows_examined,
        c.rows_matched + c.rows_differing + c.rows_unexpected
    );
    prop_assert_eq!(
        c.expected_lines,
        c.rows_matched + c.rows_differing + c.expected_missing
    );
    let count: u64 = t.by_class.values().map(|c| c.count).sum();
    prop_assert_eq!(
        count,
        r.entries.len() as u64,
        "every entry listed when asked"
    );
    for e in &r.entries {
        let file = e.file.as_ref().map_or(Decimal::ZERO, |f| f.amount);
        let expected = e.expected.as_ref().map_or(Decimal::ZERO, |x| x.amount);
        prop_assert_eq!(e.delta, file - expected);
    }
    Ok(())
}

/// The report without row numbers: what a permutation of the rows may not change.
type Unnumbered = (
    ReconClass,
    String,
    Decimal,
    Option<usize>,
    Option<(Decimal, Option<Decimal>)>,
);

fn without_rows(r: &ReconReport) -> (ReconTotals, Coverage, Vec<Unnumbered>) {
    let mut entries: Vec<_> = r
        .entries
        .iter()
        .map(|e| {
            (
                e.class,
                e.subscription_id.clone(),
                e.delta,
                e.expected.as_ref().map(|x| x.index),
                e.file.as_ref().map(|f| (f.unit_price, f.eup)),
            )
        })
        .collect();
    entries.sort();
    (r.totals.clone(), r.coverage.clone(), entries)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_engines_lines_rendered_as_a_file_are_clean(lines in prop::collection::vec(arb_line(), 1..20)) {
        let r = run(&render(&lines), &lines, &ReconScope::default());
        prop_assert_eq!(r.status, ReconStatus::Clean);
        prop_assert_eq!(r.coverage.rows_matched, lines.len() as u64);
        prop_assert_eq!(r.totals.difference, Decimal::ZERO);
        identities_hold(&r)?;
    }

    #[test]
    fn totals_and_counts_add_up_for_any_file(
        lines in prop::collection::vec(prop_oneof![arb_line(), arb_close_line()], 0..15),
        rows in prop::collection::vec(prop_oneof![arb_line(), arb_close_line()], 0..15),
    ) {
        let r = run(&render(&rows), &lines, &ReconScope::default());
        identities_hold(&r)?;
        prop_assert_eq!(r.to_json(), run(&render(&rows), &lines, &ReconScope::default()).to_json());
    }

    #[test]
    fn permuting_rows_changes_only_row_numbers(
        lines in prop::collection::vec(arb_close_line(), 0..12),
        rows in prop::collection::vec(arb_close_line(), 1..12),
        seed in any::<u64>(),
    ) {
        let mut shuffled = rows.clone();
        // A deterministic permutation from the seed.
        let n = shuffled.len();
        for i in (1..n).rev() {
            let j = usize::try_from(
                seed.wrapping_mul(6364136223846793005).wrapping_add(i as u64) % (i as u64 + 1),
            )
            .unwrap();
            shuffled.swap(i, j);
        }
        let a = run(&render(&rows), &lines, &ReconScope::default());
        let b = run(&render(&shuffled), &lines, &ReconScope::default());
        prop_assert_eq!(without_rows(&a), without_rows(&b));
    }

    #[test]
    fn one_more_row_adds_an_unexpected_or_pairs_a_missing(
        lines in prop::collection::vec(arb_close_line(), 0..12),
        rows in prop::collection::vec(arb_close_line(), 0..12),
        extra in arb_close_line(),
    ) {
        // Both customers in scope, so that the extra row is examined.
        let scope = ReconScope { customers: ["c0".to_string(), "c1".to_string()].into(), ..ReconScope::default() };
        let before = run(&render(&rows), &lines, &scope);
        let mut more = rows.clone();
        more.push(extra);
        let after = run(&render(&more), &lines, &scope);
        let (b, a) = (&before.coverage, &after.coverage);
        prop_assert_eq!(a.file_rows, b.file_rows + 1);
        prop_assert!(
            a.rows_unexpected == b.rows_unexpected + 1 || a.expected_missing + 1 == b.expected_missing,
            "before {:?}, after {:?}", b, a
        );
    }

    #[test]
    fn an_empty_scope_is_never_clean(rows in prop::collection::vec(arb_line(), 0..10)) {
        let r = run(&render(&rows), &[], &ReconScope::default());
        prop_assert_eq!(r.status, ReconStatus::NothingAudited);
        prop_assert_eq!(r.coverage.rows_out_of_scope, rows.len() as u64);
        identities_hold(&r)?;
    }
}
