//! One bill run over customers whose lines are already mirrored: the loop every bill of
//! priced lines shares (an NCE partner's bill, and each tier of a channel's).

use super::bill::{BillRun, Totals};
use super::engine::{Engine, Mirror};
use super::numbering::{FirstNumber, IssuedNumbers};
use super::settings::PartnerSettings;
use crate::calendar::{Period, YearMonth};
use crate::catalog::{Customer, CustomerId};
use crate::error::{Error, Result};
use crate::money::Currency;

/// What one run bills: the seller's settings and engine, the month and window, and the
/// seller's runs issued before.
pub(super) struct RunSpec<'a, 'r> {
    pub(super) engine: &'a Engine<'a>,
    pub(super) settings: &'a PartnerSettings,
    pub(super) currency: Currency,
    pub(super) month: YearMonth,
    pub(super) window: Period,
    pub(super) issued: &'r [BillRun],
    pub(super) first_number: FirstNumber,
}

/// Bills every customer of `customers` (give them in id order) whose mirrored lines `mirrors_of`
/// gives; a customer with nothing to bill gets no bill and uses no number.
///
/// # Errors
/// `mirrors_of`'s errors; an issued run of the month (`invalid_input`);
/// `duplicate_invoice_number`; `amount_overflow`.
pub(super) fn bill_customers<'c>(
    spec: &RunSpec<'_, '_>,
    customers: impl IntoIterator<Item = (&'c CustomerId, &'c Customer)>,
    mut mirrors_of: impl FnMut(&CustomerId) -> Result<Vec<Mirror>>,
) -> Result<BillRun> {
    let numbers = IssuedNumbers::new(&spec.settings.invoice_prefix, spec.issued);
    let run = spec
        .engine
        .month_run(spec.month, spec.window, spec.issued)?;
    let first = numbers.first(spec.first_number)?;
    let mut bills = Vec::new();
    for (id, customer) in customers {
        let number = first
            .checked_add(bills.len() as u64)
            .ok_or(Error::AmountOverflow {
                operation: "invoice number",
            })?;
        let mirrors = mirrors_of(id)?;
        if let Some(bill) = spec.engine.bill((id, customer), &mirrors, &run, number)? {
            numbers.check(number)?;
            bills.push(bill);
        }
    }
    Ok(BillRun {
        partner: spec.settings.name.clone(),
        month: spec.month,
        issue_date: spec.settings.billing_day.issue_date(spec.month),
        window: spec.window,
        totals: Totals::of(spec.currency, &bills)?,
        bills,
        projected: false,
    })
}
