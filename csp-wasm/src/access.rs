//! The privilege check (SPEC §7, SPEC-NCE §17.4): may an actor do an action for a customer?
//! And the whole role × action matrix.

use csp_core::access::{
    authorize as core_authorize, matrix, matrix_of, Action, Actor, ActorKind, Relationship,
};
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

/// The privilege check of SPEC §7 and SPEC-NCE §17.4: may `actor` (`csp:admin_agent` — a
/// direct-bill partner, also `direct_bill:…` —, `indirect_provider:sales_agent`,
/// `indirect_reseller:admin_agent`, `advisor:admin_agent`, `customer:global_admin`…) do
/// `action` (snake_case) for a partner–customer relationship (default: the CSP partner
/// holding delegated admin) under the 2015 program?
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
        let program = program(i.program);
        let rel = i.relationship.unwrap_or(Relationship::CSP_WITH_DAP);
        Ok(core_authorize(&actor, action, rel, &program))
    };
    to_js(&run().map_err(js_error)?)
}

/// The 2015 program, with the flag of `flags`.
fn program(flags: Option<ProgramFlags>) -> Program {
    Program {
        customer_may_remove_csp_delegated_admin: flags
            .is_some_and(|p| p.customer_may_remove_csp_delegated_admin),
        ..Program::legacy_2015()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MatrixInput {
    #[serde(default)]
    kinds: Option<Vec<String>>,
    #[serde(default)]
    program: Option<ProgramFlags>,
}

/// Every (role profile, action) decision, as `csp access matrix --format json`'s cells; with
/// `kinds` (`direct_bill`, `indirect_provider`, `indirect_reseller`, `advisor`, `customer`),
/// only the profiles of those kinds of actor.
#[wasm_bindgen(js_name = accessMatrix, unchecked_return_type = "AccessCell[]")]
pub fn access_matrix(
    #[wasm_bindgen(unchecked_param_type = "AccessMatrixInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Result<_, Error> {
        let i: MatrixInput = from_js(
            &input,
            "access matrix input",
            "{kinds?: [direct_bill | indirect_provider | indirect_reseller | advisor | customer], program?: {customer_may_remove_csp_delegated_admin}}",
        )?;
        let program = program(i.program);
        Ok(match i.kinds {
            None => matrix(&program),
            Some(kinds) => {
                let kinds = kinds
                    .iter()
                    .map(|k| k.parse::<ActorKind>())
                    .collect::<Result<Vec<_>, Error>>()?;
                matrix_of(&program, &kinds)
            }
        })
    };
    to_js(&run().map_err(js_error)?)
}
