//! NCE line money (SPEC-NCE §12.4, §14.3–§14.4): the cycle price and one line priced under a
//! convention, through `csp_core::money::nce`.
//!
//! Input objects are read field by field (`read.rs`); prices and percentages are decimal
//! text, counts whole numbers.

use csp_core::input::{amount, AmountKind};
use csp_core::money::{price_nce_line, CyclePrice, CycleShare, LineConvention, Money};
use csp_core::price_list::{BillingPlan, TermDuration};
use csp_core::Error;
use rust_decimal::Decimal;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::args::{count, flag, text};
use crate::convert::{currency, js_error, to_js};
use crate::read::Fields;

const LINE: &str = "{convention?: \"nce_a\" | \"nce_b\", unit_price, cycles_per_term, num, den, quantity, refund?, percent_off?, currency} with whole numbers for the counts";
const PRICE: &str = "{unit_price, cycles_per_term, percent_off?, erp_price?, scale?}";
const CYCLES: &str = "a whole number of cycles per term from 1 to 1,200";
const SHARE: &str = "a whole number of days (or months) from 0 to 1,200";
const QUANTITY: &str = "a whole number of seats from 0 to 1,000,000";
const SCALE: &str = "a whole number of decimals from 0 to 28";

/// `U`, `n` and the promotion of an input object: `CyclePrice::new`.
fn cycle_price(i: &Fields) -> Result<CyclePrice, Error> {
    let unit = amount(&i.string("unit_price")?, AmountKind::Exact)?;
    let n = count(
        &i.value("cycles_per_term"),
        "cycles per term",
        1,
        1_200,
        CYCLES,
    )?;
    let percent = i
        .opt_string("percent_off")?
        .map(|p| amount(&p, AmountKind::Percent))
        .transpose()?;
    CyclePrice::new(unit, n, percent)
}

/// One line's money, as `price_nce_line` gives it.
#[derive(Serialize)]
struct LineOut {
    convention: &'static str,
    effective_unit_price: Decimal,
    subtotal: Money,
    quantity: u64,
}

/// Prices one NCE line at exchange rate 1 (SPEC-NCE §14.3–§14.4, `price_nce_line`):
/// `EUP_exact = ±U × (1 − percent_off/100) × num / (cycles_per_term × den)` (negative when
/// `refund`), truncated per `convention` (`nce_b`, the default: the unit, then × quantity;
/// `nce_a`: the line) to the currency's minor units. Returns `{convention,
/// effective_unit_price, subtotal: {amount, currency}, quantity}`.
///
/// `num / den` is the share of the cycle billed (days, or months for a `changeBillingPlan`
/// line); `0 < num ≤ den` else `invalid_proration`. `quantity` may be 0 (a zero line).
#[wasm_bindgen(js_name = priceNceLine, unchecked_return_type = "NceLineAmount")]
pub fn price_nce_line_js(
    #[wasm_bindgen(unchecked_param_type = "NceLineInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Result<LineOut, Error> {
        let i = Fields::new(
            &input,
            "NCE line input",
            LINE,
            &[
                "convention",
                "unit_price",
                "cycles_per_term",
                "num",
                "den",
                "quantity",
                "refund",
                "percent_off",
                "currency",
            ],
        )?;
        let convention: LineConvention = match i.opt_string("convention")? {
            Some(c) => c.parse()?,
            None => LineConvention::default(),
        };
        let price = cycle_price(&i)?;
        let cur = currency(&i.string("currency")?)?;
        let share = CycleShare::new(
            count(&i.value("num"), "share days", 0, 1_200, SHARE)?,
            count(&i.value("den"), "cycle days", 0, 1_200, SHARE)?,
        )?;
        let quantity = count(&i.value("quantity"), "quantity", 0, 1_000_000, QUANTITY)?;
        let refund = flag(&i.value("refund"), "refund")?;
        let a = price_nce_line(convention, &price, cur, share, u64::from(quantity), refund)?;
        Ok(LineOut {
            convention: convention.as_str(),
            effective_unit_price: a.effective_unit_price,
            subtotal: a.subtotal,
            quantity: a.quantity,
        })
    };
    to_js(&run().map_err(js_error)?)
}

/// A cycle price as shown.
#[derive(Serialize)]
struct CyclePriceOut {
    cycle_price: Decimal,
    erp_per_cycle: Option<Decimal>,
}

/// The cycle price `P = unit_price / cycles_per_term` (SPEC-NCE §12.4; before any promotion,
/// as a line's `unit_price`) and, with `erp_price`, the ERP per cycle, each rounded half-up
/// to `scale` decimals (default 2) and written with exactly that many: `{cycle_price,
/// erp_per_cycle}`. A `percent_off` is checked (`0 ≤ p < 100`, at most 6 decimals) but
/// does not change the shown price.
#[wasm_bindgen(js_name = nceCyclePrice, unchecked_return_type = "NceCyclePrice")]
pub fn nce_cycle_price(
    #[wasm_bindgen(unchecked_param_type = "NceCyclePriceInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Result<CyclePriceOut, Error> {
        let i = Fields::new(
            &input,
            "NCE cycle price input",
            PRICE,
            &[
                "unit_price",
                "cycles_per_term",
                "percent_off",
                "erp_price",
                "scale",
            ],
        )?;
        let price = cycle_price(&i)?;
        let erp = i
            .opt_string("erp_price")?
            .map(|e| amount(&e, AmountKind::Exact))
            .transpose()?;
        let scale = match i.value("scale") {
            v if v.is_undefined() => 2,
            v => count(&v, "scale", 0, 28, SCALE)?,
        };
        Ok(CyclePriceOut {
            cycle_price: price.cycle_price_shown(scale),
            erp_per_cycle: erp.map(|e| price.per_cycle(e, scale)),
        })
    };
    to_js(&run().map_err(js_error)?)
}

/// `n = months(term) / cycle_months(plan)` (SPEC-NCE §12.4): `"P1Y"`, `"monthly"` → 12. A
/// plan without cycles (one-time, none) or longer than the term throws `invalid_input`.
#[wasm_bindgen(js_name = nceCyclesPerTerm)]
pub fn nce_cycles_per_term(
    #[wasm_bindgen(unchecked_param_type = "string")] term: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] plan: JsValue,
) -> Result<u32, JsValue> {
    let run = || -> Result<u32, Error> {
        let term: TermDuration = text(&term, "term")?.parse()?;
        let plan: BillingPlan = text(&plan, "plan")?.parse()?;
        CyclePrice::cycles_per_term(term.months(), plan.cycle_months().unwrap_or(0))
    };
    run().map_err(js_error)
}
