//! The reseller agreement (SPEC §2): its term, next renewal and notice deadline on a date.

use csp_core::agreement::{Agreement, AgreementKind, Notice, Party};
use csp_core::Error;
use wasm_bindgen::prelude::*;

use crate::convert::{date, js_error, to_js};
use crate::read::Fields;

/// The reseller agreement's status on a date (SPEC §2): the term in force, the next renewal,
/// the last day notice can stop it, and the end date given the notices.
/// `on` defaults to the signing date; `kind` is `mcra` (default) or `perpetual`.
#[wasm_bindgen(js_name = agreementStatus, unchecked_return_type = "AgreementStatus")]
pub fn agreement_status(
    #[wasm_bindgen(unchecked_param_type = "AgreementInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let run = || -> Result<_, Error> {
        let i = Fields::new(
            &input,
            "agreement input",
            "{signed_on, kind?, notices?: [{given_on, by}], on?}",
            &["signed_on", "kind", "notices", "on"],
        )?;
        let signed = date(&i.string("signed_on")?)?;
        let kind: AgreementKind = match i.opt_string("kind")? {
            Some(k) => k.parse()?,
            None => AgreementKind::mcra(),
        };
        let mut agreement = Agreement::new(signed, kind)?;
        for n in i.array("notices")? {
            let n = Fields::plain(n, "notice", "{given_on, by}", &["given_on", "by"])?;
            agreement.give_notice(Notice {
                given_on: date(&n.string("given_on")?)?,
                by: n.string("by")?.parse::<Party>()?,
            })?;
        }
        let on = match i.opt_string("on")? {
            Some(on) => date(&on)?,
            None => signed,
        };
        Ok(agreement.status(on))
    };
    to_js(&run().map_err(js_error)?)
}
