//! `reconcile`: Microsoft's recon file of a month (its text) against a scenario's lines
//! (SPEC-NCE §15), for a browser page that reads the file the user picks. The report is the
//! core's JSON form (`ReconReport::to_json`, the CLI's `--format json`), parsed into an
//! object; `reconcileHtml` returns the core's self-contained HTML page.

use csp_core::calendar::YearMonth;
use csp_core::input::AmountKind;
use csp_core::recon::{InvoiceFigures, ReconOptions, ReconReport, ReconScope};
use csp_core::scenario::nce::{NceScenario, NCE_SCENARIO_VERSION};
use csp_core::scenario::Scenario;
use csp_core::Error;
use js_sys::JSON;
use wasm_bindgen::prelude::*;

use crate::args::{flag, text, texts};
use crate::convert::{js_error, json_text, month};
use crate::nce_scenario::refusal;
use crate::read::Fields;

const OPTIONS: &str = "{customers?: string[], exclude_products?: string[], \
    include_matched?: boolean, include_out_of_scope?: boolean, invoice_total?: Decimal, \
    credit_notes?: Decimal}";

/// The scope and options of a reconciliation, from the optional options object.
fn options(value: &JsValue) -> Result<(ReconScope, ReconOptions), Error> {
    if value.is_undefined() || value.is_null() {
        return Ok((ReconScope::default(), ReconOptions::default()));
    }
    let f = Fields::new(
        value,
        "reconcile options",
        OPTIONS,
        &[
            "customers",
            "exclude_products",
            "include_matched",
            "include_out_of_scope",
            "invoice_total",
            "credit_notes",
        ],
    )?;
    let ids = |key: &'static str, what: &'static str| -> Result<_, Error> {
        let v = f.value(key);
        if v.is_undefined() {
            return Ok(Default::default());
        }
        texts(&v, key)?
            .iter()
            .map(|t| Ok(csp_core::input::id(t, what)?.to_string()))
            .collect()
    };
    let scope = ReconScope {
        customers: ids("customers", "customer id")?,
        excluded_products: ids("exclude_products", "product id")?,
    };
    let amount = |key: &str| -> Result<Option<rust_decimal::Decimal>, Error> {
        f.opt_string(key)?
            .map(|t| csp_core::input::amount(&t, AmountKind::Exact))
            .transpose()
    };
    let invoice = match amount("invoice_total")? {
        Some(invoice_total) => Some(InvoiceFigures {
            invoice_total,
            credit_notes: amount("credit_notes")?.unwrap_or_default(),
        }),
        None => None,
    };
    Ok((
        scope,
        ReconOptions {
            include_matched: flag(&f.value("include_matched"), "include_matched")?,
            include_out_of_scope: flag(&f.value("include_out_of_scope"), "include_out_of_scope")?,
            invoice,
        },
    ))
}

/// Reads the scenario (version 1 or 2), the file text and the month, and reconciles.
fn report(
    scenario: &JsValue,
    recon: &JsValue,
    month_text: &JsValue,
    opts: &JsValue,
) -> Result<ReconReport, JsValue> {
    let read = || -> Result<_, Error> {
        let scenario = json_text(scenario, "scenario")?;
        let recon = text(recon, "recon file text")?;
        let month: YearMonth = month(&text(month_text, "month")?)?;
        let (scope, options) = options(opts)?;
        Ok((scenario, recon, month, scope, options))
    };
    let (scenario, recon, month, scope, options) = read().map_err(js_error)?;
    if csp_core::scenario::version_of(&scenario) == Ok(NCE_SCENARIO_VERSION) {
        let s = NceScenario::from_json(&scenario).map_err(js_error)?;
        s.reconcile(&recon, month, &scope, options).map_err(refusal)
    } else {
        let s = Scenario::from_json(&scenario).map_err(js_error)?;
        s.reconcile(&recon, month, &scope, options)
            .map_err(crate::scenario::refusal)
    }
}

/// Reconciles Microsoft's recon file of `month` (its CSV text: the NCE invoice recon file for
/// an NCE scenario, the legacy license-based one for a version-1 scenario) against the
/// scenario's lines re-derived from its events: the report of `csp reconcile --format json`
/// (`status`, `totals` with `by_class`, `coverage`, `customers`, `entries`, `flags`,
/// `invoice_check`), money as decimal text. A malformed file throws its code with the line
/// and column in `context`.
#[wasm_bindgen(js_name = reconcile, unchecked_return_type = "ReconReport")]
pub fn reconcile(
    #[wasm_bindgen(unchecked_param_type = "object | string")] scenario: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] recon: JsValue,
    #[wasm_bindgen(unchecked_param_type = "IsoMonth")] month: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ReconcileOptions | null")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let r = report(&scenario, &recon, &month, &options)?;
    JSON::parse(&r.to_json()).map_err(|_| js_error(Error::internal("reconcile", "report JSON")))
}

/// The same reconciliation as one self-contained HTML page (no script, inline SVG charts of
/// the differences by class and by customer), as `csp reconcile --html` writes it.
#[wasm_bindgen(js_name = reconcileHtml)]
pub fn reconcile_html(
    #[wasm_bindgen(unchecked_param_type = "object | string")] scenario: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] recon: JsValue,
    #[wasm_bindgen(unchecked_param_type = "IsoMonth")] month: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ReconcileOptions | null")] options: JsValue,
) -> Result<String, JsValue> {
    Ok(report(&scenario, &recon, &month, &options)?.to_html())
}
