//! The NCE line vectors of `testdata/vectors/nce/lines.json` (SPEC-NCE §12.4, §12.6, §14.3–§14.7),
//! checked against `csp_core::money::nce`. Python and JavaScript can read the same file.

use std::path::PathBuf;

use csp_core::calendar::parse_date;
use csp_core::money::{
    price_nce_line, Currency, CyclePrice, CycleShare, LineConvention, NceLineAmount,
};
use csp_core::vocab::{BillingPlan, TermDuration};
use rust_decimal::Decimal;
use serde_json::Value;

fn load() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/vectors/nce/lines.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("missing string {key:?} in {v}"))
}

fn dec(v: &Value, key: &str) -> Decimal {
    text(v, key)
        .parse()
        .unwrap_or_else(|e| panic!("{key}: {e}"))
}

fn opt_dec(v: &Value, key: &str) -> Option<Decimal> {
    v[key].as_str().map(|s| s.parse().unwrap())
}

fn uint(v: &Value, key: &str) -> u64 {
    v[key]
        .as_u64()
        .unwrap_or_else(|| panic!("missing integer {key:?} in {v}"))
}

fn conventions(case: &Value) -> Vec<LineConvention> {
    case["published_fits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().parse().unwrap())
        .collect()
}

/// `n` from the case's term and plan (SPEC-NCE §12.4), checked against the file's figure.
fn cycles(case: &Value) -> csp_core::Result<u32> {
    let term = TermDuration::parse(text(case, "term")).unwrap();
    let plan = BillingPlan::parse(text(case, "plan")).unwrap();
    let n = CyclePrice::cycles_per_term(term.months(), plan.cycle_months().unwrap());
    if let Ok(n) = n {
        assert_eq!(
            u64::from(n),
            uint(case, "cycles_per_term"),
            "{}",
            text(case, "name")
        );
    }
    n
}

fn cycle_price(case: &Value) -> csp_core::Result<CyclePrice> {
    CyclePrice::new(
        dec(case, "unit_price"),
        cycles(case)?,
        opt_dec(case, "percent_off"),
    )
}

fn days(case: &Value, first: &str, last: &str) -> Option<u64> {
    let (a, b) = (case[first].as_str()?, case[last].as_str()?);
    let n = (parse_date(b).unwrap() - parse_date(a).unwrap()).num_days() + 1;
    Some(u64::try_from(n).unwrap())
}

fn run_cycle_price(case: &Value) {
    let name = text(case, "name");
    let expect = &case["expect"];
    let price = match cycle_price(case) {
        Err(e) => return assert_eq!(e.code(), text(expect, "error"), "{name}"),
        Ok(_) if expect.get("error").is_some() => panic!("{name}: accepted"),
        Ok(p) => p,
    };
    let erp = opt_dec(case, "erp_price");
    let mut shown = Vec::new();
    for s in expect["shown"].as_array().unwrap() {
        let scale = u32::try_from(uint(s, "scale")).unwrap();
        let got = price.cycle_price_shown(scale);
        assert_eq!(got.to_string(), text(s, "cycle_price"), "{name} at {scale}");
        shown.push(got);
        if let Some(want) = s.get("erp_per_cycle") {
            let got = price.per_cycle(erp.unwrap(), scale);
            assert_eq!(
                got.to_string(),
                want.as_str().unwrap(),
                "{name} ERP at {scale}"
            );
        }
    }
    if let Some(want) = opt_dec(expect, "erp_over_unit_price") {
        assert_eq!(erp.unwrap() / price.unit_price(), want, "{name}");
    }
    if let Some(want) = opt_dec(expect, "margin") {
        assert_eq!(erp.unwrap() - price.unit_price(), want, "{name}");
    }
    // A published cycle price is one of the shown values (numerically); published ratios
    // and margins are the expected ones.
    let published = &case["published"];
    if let Some(p) = opt_dec(published, "cycle_price") {
        assert!(shown.contains(&p), "{name}: published {p}");
    }
    if let Some(p) = opt_dec(published, "erp_per_cycle") {
        assert_eq!(
            Some(p),
            erp.map(|e| price.per_cycle(e, 2)),
            "{name}: published ERP"
        );
    }
    for key in ["erp_over_unit_price", "margin"] {
        if let Some(p) = opt_dec(published, key) {
            assert_eq!(Some(p), opt_dec(expect, key), "{name}: published {key}");
        }
    }
}

fn run_line(case: &Value) {
    let name = text(case, "name");
    let currency = Currency::from_code(text(case, "currency")).unwrap();
    let share = CycleShare {
        num: u32::try_from(uint(&case["share"], "num")).unwrap(),
        den: u32::try_from(uint(&case["share"], "den")).unwrap(),
    };
    // The hand-counted days agree with the dates, where the case gives them.
    if let Some(d) = days(case, "charge_start", "charge_end") {
        assert_eq!(d, u64::from(share.num), "{name}: days billed");
        let cycle = days(case, "cycle_start", "cycle_end").unwrap();
        assert_eq!(cycle, u64::from(share.den), "{name}: cycle days");
    }
    let price = cycle_price(case).unwrap();
    let (q, refund) = (uint(case, "quantity"), case["refund"].as_bool().unwrap());
    let expect = case["expect"].as_object().unwrap();
    assert!(!expect.is_empty(), "{name}: expects nothing");
    let mut results: Vec<(LineConvention, NceLineAmount)> = Vec::new();
    for (key, want) in expect {
        let convention: LineConvention = key.parse().unwrap();
        let got = price_nce_line(convention, &price, currency, share, q, refund);
        if let Some(code) = want.get("error") {
            assert_eq!(
                got.unwrap_err().code(),
                code.as_str().unwrap(),
                "{name} {key}"
            );
            continue;
        }
        let got = got.unwrap_or_else(|e| panic!("{name} {key}: {e}"));
        let why = format!("{name} {key}");
        assert_eq!(
            got.subtotal.amount().to_string(),
            text(want, "subtotal"),
            "{why}"
        );
        assert_eq!(got.subtotal.currency(), currency, "{why}");
        assert_eq!(
            got.effective_unit_price.to_string(),
            text(want, "effective_unit_price"),
            "{why}"
        );
        assert_eq!(got.quantity, q, "{why}");
        results.push((convention, got));
    }
    // Each convention said to reproduce the published figures does, numerically.
    let published = &case["published"];
    for convention in conventions(case) {
        let (_, got) = results
            .iter()
            .find(|(c, _)| *c == convention)
            .unwrap_or_else(|| panic!("{name}: {convention} fits but is not expected"));
        assert_eq!(
            got.subtotal.amount(),
            dec(published, "subtotal"),
            "{name} {convention}"
        );
        if let Some(eup) = opt_dec(published, "effective_unit_price") {
            assert_eq!(got.effective_unit_price, eup, "{name} {convention} EUP");
        }
        if let Some(unit) = opt_dec(published, "unit_price") {
            let m = currency.minor_units();
            assert_eq!(price.cycle_price_shown(m), unit, "{name} unit_price");
        }
        if let (Some(tax), Some(total)) =
            (opt_dec(published, "tax_total"), opt_dec(published, "total"))
        {
            assert_eq!(got.subtotal.amount() + tax, total, "{name} total");
        }
    }
}

#[test]
fn every_nce_line_vector() {
    let file = load();
    let cases = file["cases"].as_array().unwrap();
    let mut run = 0u64;
    for case in cases {
        match text(case, "kind") {
            "cycle_price" => run_cycle_price(case),
            "line" => run_line(case),
            other => panic!("unknown kind {other}"),
        }
        run += 1;
    }
    assert_eq!(run, uint(&file, "count"));
    assert_eq!(run, u64::try_from(cases.len()).unwrap());
}
