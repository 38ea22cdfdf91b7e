//! The lines Microsoft bills the partner (SPEC §6): events + locked prices → charge lines.
//!
//! A [`Ledger`] replays events in date order (the automatic steps of a day first) and turns
//! what happens into [`ChargeLine`]s with the replay's [`ProrationPolicy`](crate::money::ProrationPolicy). The same
//! economics can be shown in Microsoft's reconciliation form ([`LineForm::Reconciliation`]):
//! a seat change as a reversal of the period plus rebills, as in Microsoft's files.
//!
//! ```
//! use chrono::NaiveDate;
//! use csp_core::charges::{replay, ChargeKind, Inputs, ReplayOptions};
//! use csp_core::scenario::Scenario;
//!
//! let scenario = Scenario::from_json(r#"{
//!   "version": 1, "currency": "USD",
//!   "customers": [{"id": "contoso", "name": "Contoso", "segment": "commercial", "origin": "created_by_partner"}],
//!   "price_lists": [{"month": "2018-01", "rows": [{"offer_id": "E1", "offer_name": "Office 365 E1",
//!       "agreement_type": "corporate", "secondary_type": "base", "list_price": "4.00", "erp_price": "5.00"}]}],
//!   "events": [
//!     {"date": "2018-01-13", "subscription": "s1", "type": "order", "customer": "contoso", "offer": "E1", "quantity": 1, "frequency": "monthly"},
//!     {"date": "2018-02-01", "subscription": "s1", "type": "add_seats", "quantity": 1}
//!   ]}"#)?;
//! let as_of = NaiveDate::from_ymd_opt(2018, 2, 15).unwrap();
//! let lines = scenario.charges(Some(as_of))?;
//! // Purchase 4.00; one seat for 1–12 February = 4 × 12 / 31 = 1.548… → 1.55; cycle fee 8.00.
//! let amounts: Vec<String> = lines.iter().map(|l| l.amount.amount().to_string()).collect();
//! assert_eq!(amounts, ["4.00", "1.55", "8.00"]);
//! assert_eq!(lines[1].kind, ChargeKind::SeatsAdded);
//! # Ok::<(), csp_core::Error>(())
//! ```

mod ledger;
mod line;
mod nce;
mod nce_erp;
mod nce_quote;
mod partition;
mod stream;

pub use ledger::{replay, Inputs, Ledger, Refusal, Replay, ReplayOptions};
pub(crate) use line::full_credit_unit;
pub use line::{multiplies_out, ChargeKind, ChargeLine, LineForm, Share, MAX_UNIT_DECIMALS};
pub use nce::{
    charge_line, price_fact, price_fact_in, replay_nce, replay_nce_until, NceLine, NceRefusal,
    NceReplay,
};
pub use nce_erp::{ErpRow, ErpRowKind};
pub use nce_quote::{nce_what_if, NceQuote};
pub use partition::{by_customer, first_refusal, CustomerEvents, CustomerReplays, KnownCustomer};
pub use stream::LineStream;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_partition;
#[cfg(test)]
mod tests_stream;
