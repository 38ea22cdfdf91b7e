//! Checks of the partner's fees and discounts before a bill (SPEC §8): settings that would
//! bill plausible-looking but wrong money are refused.
//!
//! Decisions where SPEC §8 is silent:
//! - a fee (monthly, per seat, one-time) is never negative: a credit to a customer is not a
//!   fee (zero is accepted: a free line);
//! - a monthly or one-time fee is billed as written, so it has at most the currency's minor
//!   units (`150.005` USD is refused, not rounded); a per-seat price may have more, since it
//!   is prorated and rounded like a list price;
//! - a fee's `from` is not after its `until`;
//! - a per-seat fee names a subscription or an offer (else it would never bill);
//! - a discount runs for at least one month.

use rust_decimal::Decimal;

use super::settings::{PartnerSettings, Service};
use crate::error::{Error, Result};
use crate::money::Currency;

/// What a fee's amount must be.
const FEE: &str =
    "an amount of at least 0 with at most the currency's minor units, e.g. \"150.00\"";

/// Checks the services and discounts of `settings` for bills in `currency`.
///
/// # Errors
/// `invalid_input` naming the entry (`services[i]`, `discounts[i]`), its value and what is
/// expected.
pub(super) fn check(settings: &PartnerSettings, currency: Currency) -> Result<()> {
    for (i, service) in settings.services.iter().enumerate() {
        check_service(i, service, currency)?;
    }
    if let Some((i, d)) = settings
        .discounts
        .iter()
        .enumerate()
        .find(|(_, d)| d.months == 0)
    {
        return Err(Error::InvalidInput {
            what: "discount months",
            text: format!("0 (discounts[{i}], customer {})", d.customer),
            expected: "at least 1 month (leave the discount out for none)",
        });
    }
    Ok(())
}

fn check_service(i: usize, service: &Service, currency: Currency) -> Result<()> {
    let negative = |d: &Decimal| d.is_sign_negative() && !d.is_zero();
    let too_fine = |d: &Decimal| d.normalize().scale() > currency.minor_units();
    let (what, value, billed_as_is) = match service {
        Service::MonthlyFee { amount, .. } => ("monthly fee amount", amount, true),
        Service::OneTime { amount, .. } => ("one-time fee amount", amount, true),
        Service::PerSeatFee { price, .. } => ("per-seat fee price", price, false),
    };
    if negative(value) || (billed_as_is && too_fine(value)) {
        return Err(Error::InvalidInput {
            what,
            text: format!("{value} (services[{i}])"),
            expected: if billed_as_is {
                FEE
            } else {
                "a price of at least 0, e.g. \"3.00\""
            },
        });
    }
    if let Service::PerSeatFee {
        subscription: None,
        offer: None,
        description,
        ..
    } = service
    {
        return Err(Error::InvalidInput {
            what: "per-seat fee",
            text: format!("{description} (services[{i}])"),
            expected: "a `subscription` or an `offer` whose seats it follows (it names neither)",
        });
    }
    if let Some((Some(from), Some(until))) = service.runs() {
        if from > until {
            return Err(Error::InvalidInput {
                what: "fee dates",
                text: format!("from {from} until {until} (services[{i}])"),
                expected: "`from` on or before `until` (both days included)",
            });
        }
    }
    Ok(())
}
