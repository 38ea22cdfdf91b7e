//! NCE scenarios (version 2, `csp_core::scenario::nce`): the charge lines Microsoft bills and
//! the subscriptions' states after a replay (SPEC-NCE §13–§14).
//!
//! Price sheets are inline (`{"csv": TEXT}`): the browser has no files to resolve. Lines are
//! `NceLine::FIELDS` with `NceLine::texts` in that order (the CLI's `--format json`), counts
//! as numbers, built as JavaScript objects directly.

use chrono::{DateTime, Utc};
use csp_core::charges::{NceLine, NceRefusal, NceReplay};
use csp_core::money::nce::LineConvention;
use csp_core::scenario::nce::NceScenario;
use csp_core::subscription::nce::{instant_text, NceStatus, NceSubscription};
use csp_core::Error;
use js_sys::{Array, Object};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::args::opt_text;
use crate::convert::{js_error, js_error_with, json_text, set, to_js};

/// Reads the scenario (an object or its JSON text) and replays it through `as_of` (an RFC 3339
/// UTC instant or a date; default: the scenario's own `as_of`).
fn replay(
    scenario: &JsValue,
    as_of: &JsValue,
) -> Result<(NceScenario, NceReplay, DateTime<Utc>), JsValue> {
    let read = || -> Result<_, Error> {
        let s = NceScenario::from_json(&json_text(scenario, "NCE scenario")?)?;
        let as_of = opt_text(as_of, "as_of instant")?
            .as_deref()
            .map(csp_core::input::instant)
            .transpose()?;
        Ok((s, as_of))
    };
    let (s, as_of) = read().map_err(js_error)?;
    let replay = s.replay(as_of).map_err(refusal)?;
    // The replay ran, so it had an instant: the caller's or the file's.
    let at = as_of.or(s.as_of).unwrap_or_default();
    Ok((s, replay, at))
}

/// A replay or quote refusal as a `CspError`: a refused event of the scenario has its 0-based
/// index in `context.event_index`; the refused event (of the scenario, or the one quoted) is
/// in `context.event` (as Python's `CspError.context`).
pub(crate) fn refusal(r: NceRefusal) -> JsValue {
    let mut extra = Vec::new();
    if let Some(i) = r.index {
        extra.push(("event_index", i.to_string()));
    }
    if let Some(e) = &r.event {
        extra.push(("event", e.to_string()));
    }
    if extra.is_empty() {
        return js_error(r.error);
    }
    js_error_with(&r.error, &r.to_string(), &extra)
}

/// A line as an object: `NceLine::FIELDS` in their order, as texts, the counts as numbers.
pub(crate) fn line_object(l: &NceLine, c: LineConvention) -> JsValue {
    let line: JsValue = Object::new().into();
    for (&name, text) in NceLine::FIELDS.iter().zip(l.texts(c)) {
        let value = match name {
            "billable_quantity" => JsValue::from(l.billable_quantity),
            "days" => JsValue::from(l.days),
            "cycle_days" => JsValue::from(l.cycle_days),
            _ => JsValue::from(text),
        };
        set(&line, name, &value);
    }
    line
}

/// Every NCE line Microsoft bills the partner (SPEC-NCE §14), replaying the version-2
/// scenario through `as_of` (`YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DD`; default: the scenario's
/// `as_of`): `{as_of, convention, lines}`, each line with the fields of `csp charges
/// --format json` (money as decimal text, `billable_quantity`, `days` and `cycle_days` as
/// numbers). A refused event throws its code with `context.event_index`.
#[wasm_bindgen(js_name = nceCharges, unchecked_return_type = "NceCharges")]
pub fn nce_charges(
    #[wasm_bindgen(unchecked_param_type = "NceScenario | string")] scenario: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] as_of: JsValue,
) -> Result<JsValue, JsValue> {
    let (s, replay, as_of) = replay(&scenario, &as_of)?;
    let c = s.convention;
    let out: JsValue = Object::new().into();
    set(&out, "as_of", &JsValue::from(instant_text(as_of)));
    set(&out, "convention", &JsValue::from(c.as_str()));
    let lines: Array = replay.lines.iter().map(|l| line_object(l, c)).collect();
    set(&out, "lines", &lines);
    Ok(out)
}

/// A subscription's state as JavaScript reads it.
#[derive(Serialize)]
struct State {
    id: String,
    customer: String,
    offer: String,
    status: &'static str,
    /// When the status began: an instant for `suspended`, a date otherwise; null if active.
    status_since: Option<String>,
    /// The day a disabled or deleted subscription is (was) deleted.
    deleted_on: Option<String>,
    /// Why a `stopped` replay stopped (the pricing error's code).
    stop_reason: Option<&'static str>,
    quantity: u32,
    auto_renew: bool,
    term_duration: String,
    plan: String,
    term: Term,
    renewal_date: String,
    price: Price,
    cancellable_until: Option<String>,
    refundable: u32,
    batches: Vec<Batch>,
    scheduled: Option<Scheduled>,
    pending_plan: Option<Pending>,
}

#[derive(Serialize)]
struct Term {
    first: String,
    last: String,
    anchor: String,
    term_months: u32,
    cycle_months: u32,
    shortened: bool,
}

#[derive(Serialize)]
struct Price {
    unit_price: String,
    cycle_price: String,
    cycles_per_term: u32,
    percent_off: Option<String>,
    erp_price: Option<String>,
    row_start: String,
    priced_at: String,
}

#[derive(Serialize)]
struct Batch {
    quantity: u32,
    allowed_until: String,
}

#[derive(Serialize)]
struct Scheduled {
    offer: Option<String>,
    term_duration: Option<String>,
    plan: Option<String>,
    quantity: Option<u32>,
    custom_end: Option<String>,
}

#[derive(Serialize)]
struct Pending {
    plan: String,
    from: String,
    reference_id: String,
}

fn text<T: ToString>(v: &T) -> String {
    v.to_string()
}

fn state(s: &NceSubscription, as_of: DateTime<Utc>, minor_units: u32) -> State {
    let (since, deleted_on, stop_reason) = match s.status {
        NceStatus::Active => (None, None, None),
        NceStatus::Suspended { since } => (Some(instant_text(since)), None, None),
        NceStatus::Expired { since } => (Some(text(&since)), None, None),
        NceStatus::Disabled { since, deleted_on } => {
            (Some(text(&since)), Some(text(&deleted_on)), None)
        }
        NceStatus::Deleted { on } => (Some(text(&on)), Some(text(&on)), None),
        NceStatus::Stopped { on, reason } => (Some(text(&on)), None, Some(reason)),
    };
    let p = &s.price;
    State {
        id: text(&s.id),
        customer: text(&s.customer),
        offer: text(&s.offer),
        status: s.status.name(),
        status_since: since,
        deleted_on,
        stop_reason,
        quantity: s.quantity,
        auto_renew: s.auto_renew,
        term_duration: text(&s.term_duration),
        plan: text(&s.plan),
        term: Term {
            first: text(&s.term.period().first()),
            last: text(&s.term.period().last()),
            anchor: text(&s.term.anchor()),
            term_months: s.term.term_months(),
            cycle_months: s.term.cycle_months(),
            shortened: s.term.is_shortened(),
        },
        renewal_date: text(&s.renewal_date()),
        price: Price {
            unit_price: text(&p.price.unit_price()),
            cycle_price: text(&p.price.cycle_price_shown(minor_units)),
            cycles_per_term: p.price.cycles(),
            percent_off: p.price.percent_off().as_ref().map(text),
            erp_price: p.erp_price.as_ref().map(text),
            row_start: p.row_start.format("%Y-%m-%dT%H:%M:%S").to_string(),
            priced_at: instant_text(p.priced_at),
        },
        cancellable_until: s.cancellable_until.map(instant_text),
        refundable: s.refundable(as_of),
        batches: s
            .batches
            .iter()
            .map(|b| Batch {
                quantity: b.quantity,
                allowed_until: instant_text(b.allowed_until),
            })
            .collect(),
        scheduled: s.scheduled.as_ref().map(|c| Scheduled {
            offer: c.offer.as_ref().map(text),
            term_duration: c.term.as_ref().map(text),
            plan: c.plan.as_ref().map(text),
            quantity: c.quantity,
            custom_end: c.custom_end.as_ref().map(text),
        }),
        pending_plan: s.pending_plan.as_ref().map(|p| Pending {
            plan: text(&p.plan),
            from: text(&p.from),
            reference_id: p.reference_id.clone(),
        }),
    }
}

/// Every NCE subscription's state after replaying the version-2 scenario through `as_of`
/// (as [`nce_charges`]), in order of purchase: status (`active`, `suspended`, `expired`,
/// `disabled`, `deleted`, `stopped`) and since when, seats, auto-renew, the current term
/// and its locked price, the cancellation window's end, the seats refundable at `as_of` and
/// their batches, the change scheduled for the renewal and a pending plan change.
#[wasm_bindgen(js_name = nceSubscriptions, unchecked_return_type = "NceSubscriptionState[]")]
pub fn nce_subscriptions(
    #[wasm_bindgen(unchecked_param_type = "NceScenario | string")] scenario: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] as_of: JsValue,
) -> Result<JsValue, JsValue> {
    let (s, replay, at) = replay(&scenario, &as_of)?;
    let minor = s.currency.minor_units();
    let states: Vec<State> = replay
        .subscriptions
        .iter()
        .map(|sub| state(sub, at, minor))
        .collect();
    to_js(&states)
}
