//! The privilege check (SPEC §7): may an actor do an action for a customer?

use csp_core::access::{authorize as core_authorize, Action, Actor, Relationship};
use csp_core::program::Program;
use csp_core::Error;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::convert::{from_js, js_error, to_js};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthorizeInput {
    actor: String,
    action: String,
    #[serde(default)]
    relationship: Option<Relationship>,
    #[serde(default)]
    program: Option<ProgramFlags>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProgramFlags {
    #[serde(default)]
    customer_may_remove_csp_delegated_admin: bool,
}

/// The privilege check of SPEC §7: may `actor` (`csp:admin_agent`, `customer:global_admin`,
/// `advisor:admin_agent`…) do `action` (snake_case) for a partner–customer relationship
/// (default: the CSP partner holding delegated admin) under the 2015 program?
#[wasm_bindgen(unchecked_return_type = "Decision")]
pub fn authorize(
    #[wasm_bindgen(unchecked_param_type = "AuthorizeInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Result<_, Error> {
        let i: AuthorizeInput = from_js(
            &input,
            "authorize input",
            "{actor, action, relationship?: {delegated_admin, csp_partner}, program?: {customer_may_remove_csp_delegated_admin}}",
        )?;
        let actor: Actor = i.actor.parse()?;
        let action: Action = i.action.parse()?;
        let program = Program {
            customer_may_remove_csp_delegated_admin: i
                .program
                .is_some_and(|p| p.customer_may_remove_csp_delegated_admin),
            ..Program::legacy_2015()
        };
        let rel = i.relationship.unwrap_or(Relationship::CSP_WITH_DAP);
        Ok(core_authorize(&actor, action, rel, &program))
    };
    to_js(&run().map_err(js_error)?)
}
