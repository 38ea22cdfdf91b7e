//! The engine's lines written as Microsoft's reconciliation files (SPEC-NCE §15.2, §15.3):
//! test data, benches, and the check that "the engine's lines rendered as a file reconcile
//! to clean" (SPEC-NCE §15.13).
//!
//! Both writers produce CSV with Microsoft's documented header ([`NCE_RECON_COLUMNS`],
//! [`LEGACY_RECON_COLUMNS`]) in order, RFC 4180 quoting where a field needs it (a comma, a
//! quote or a line break), and `\n` line ends. `header: false` writes the rows alone, so a
//! caller can stream a long file in chunks.
//!
//! Values:
//! - dates in Microsoft's `M/D/YYYY` form; the legacy file writes times as its samples do
//!   (`12:00:00 AM`, the charge end `11:59:59 PM`);
//! - amounts as exact decimal strings with at least the currency's minor units (`16` is
//!   `16.00`, `2.4516` stays `2.4516`), never a negative zero;
//! - columns the engine does not know are empty, or a constant realistic value
//!   (`PartnerId`, `PublisherName`); `CustomerName` is the customer id.
//!
//! **NCE** ([`write_nce_recon`]): `ChargeType` is
//! [`NceChargeType`](crate::subscription::nce::NceChargeType)'s string; `Quantity` and
//! `BillableQuantity` are the billable quantity (never negative: the sign of a refund is in
//! `EffectiveUnitPrice` and `Subtotal`, SPEC-NCE §14.1); `TaxTotal` 0 and `Total` =
//! `Subtotal`; `ProductId` and `SkuId` split from the offer id `ProductId:SkuId`;
//! `TermAndBillingCycle` is the term and the billing cycle (`1 Year - 1 Month`; a plan without
//! cycles, a trial's, shows the term twice); `BillingFrequency` is `Monthly`, `Annual`… and
//! empty for a plan paid up front; `ProductQualifiers` `["Trial"]` or `[]`.
//!
//! **Legacy** ([`write_legacy_recon`]): `SyndicationPartnerSubscriptionNumber` is the
//! subscription id, `OfferId` and `DurableOfferId` the offer, `ChargeType` Microsoft's label
//! for the line's kind ([`legacy_charge_type`]). **Sign convention:** `Quantity` is the
//! count of seats, always positive, and a credit's sign is carried by `UnitPrice` and
//! `Amount`, so that `UnitPrice × Quantity ≈ Amount` on every row. This is how Microsoft's
//! published legacy examples write credits and reversals (reference csp-rules §4.1: L1's
//! `Cycle Instance Prorate -4.00 × 1 = -4.00`, L2's `Cancel Fee -4.00 × 1 = -4.00`), and the
//! form [`ChargeLine`]'s file form already uses (quantity a count, the sign the amount's).
//! `TotalOtherDiscount` and `Tax` are 0, `Subtotal` and `TotalForCustomer` = `Amount`.
//!
//! ```
//! use csp_core::recon::{read_recon, write_nce_recon, ReconKind, NCE_RECON_COLUMNS};
//!
//! let mut text = String::new();
//! write_nce_recon(&mut text, &[], true)?;
//! assert_eq!(text, format!("{}\n", NCE_RECON_COLUMNS.join(",")));
//! assert_eq!(ReconKind::detect(&text)?, ReconKind::Nce);
//! assert!(read_recon(&text, None)?.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::fmt::{self, Write};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::text::{money_text, write_csv_record};
use crate::charges::{ChargeKind, ChargeLine, NceLine};
use crate::money::Currency;
use crate::vocab::BillingPlan;

/// The NCE invoice recon file's 46 columns, in Microsoft's order (SPEC-NCE §15.2).
pub const NCE_RECON_COLUMNS: [&str; 46] = [
    "PartnerId",
    "CustomerId",
    "CustomerName",
    "CustomerDomainName",
    "CustomerCountry",
    "InvoiceNumber",
    "MpnId",
    "ResellerMpnId",
    "OrderId",
    "OrderDate",
    "ProductId",
    "SkuId",
    "AvailabilityId",
    "SkuName",
    "ProductName",
    "ChargeType",
    "UnitPrice",
    "Quantity",
    "Subtotal",
    "TaxTotal",
    "Total",
    "Currency",
    "PriceAdjustmentDescription",
    "PublisherName",
    "PublisherId",
    "SubscriptionDescription",
    "SubscriptionId",
    "ChargeStartDate",
    "ChargeEndDate",
    "TermAndBillingCycle",
    "EffectiveUnitPrice",
    "UnitType",
    "AlternateId",
    "BillableQuantity",
    "BillingFrequency",
    "PricingCurrency",
    "PCToBCExchangeRate",
    "PCToBCExchangeRateDate",
    "MeterDescription",
    "ReservationOrderId",
    "CreditReasonCode",
    "SubscriptionStartDate",
    "SubscriptionEndDate",
    "ReferenceId",
    "ProductQualifiers",
    "PromotionId",
];

/// The legacy license-based recon file's 28 columns, in Microsoft's order (SPEC-NCE §15.3).
pub const LEGACY_RECON_COLUMNS: [&str; 28] = [
    "PartnerId",
    "CustomerId",
    "CustomerName",
    "MpnId",
    "ResellerMpnId",
    "OrderId",
    "SubscriptionId",
    "SyndicationPartnerSubscriptionNumber",
    "OfferId",
    "DurableOfferId",
    "OfferName",
    "SubscriptionStartDate",
    "SubscriptionEndDate",
    "ChargeStartDate",
    "ChargeEndDate",
    "ChargeType",
    "UnitPrice",
    "Quantity",
    "Amount",
    "TotalOtherDiscount",
    "Subtotal",
    "Tax",
    "TotalForCustomer",
    "Currency",
    "DomainName",
    "SubscriptionName",
    "SubscriptionDescription",
    "BillingCycleType",
];

/// The partner id written on every row: GUID-shaped, plainly made up.
const PARTNER_ID: &str = "00000000-0000-4000-8000-0000000c5b00";

/// The publisher of every seat-based NCE product.
const PUBLISHER_NAME: &str = "Microsoft Corporation";

/// Writes `lines` as rows of an NCE invoice recon file (after its header when `header`),
/// one row per line in the order given. See the [module documentation](self) for each
/// column's value.
///
/// # Errors
/// Only `out`'s own errors.
pub fn write_nce_recon(out: &mut impl Write, lines: &[NceLine], header: bool) -> fmt::Result {
    if header {
        write_csv_record(out, NCE_RECON_COLUMNS.iter().copied())?;
    }
    for line in lines {
        write_csv_record(out, nce_fields(line).iter().map(|f| f.as_ref()))?;
    }
    Ok(())
}

/// Writes `lines` as rows of a legacy license-based recon file (after its header when
/// `header`), one row per line in the order given. Credits keep `Quantity` positive and
/// carry their sign in `UnitPrice` and `Amount` (see the [module documentation](self)).
///
/// # Errors
/// Only `out`'s own errors.
pub fn write_legacy_recon(out: &mut impl Write, lines: &[ChargeLine], header: bool) -> fmt::Result {
    if header {
        write_csv_record(out, LEGACY_RECON_COLUMNS.iter().copied())?;
    }
    for line in lines {
        write_csv_record(out, legacy_fields(line).iter().map(|f| f.as_ref()))?;
    }
    Ok(())
}

/// Microsoft's legacy `ChargeType` label for a line (PC recon-file-charge-types, reference
/// csp-rules §6.1):
///
/// | Kind | Label |
/// |---|---|
/// | purchase | `Prorate fees when purchase` (first cycle fee of a new subscription) |
/// | renewal | `Prorate fee when renew` (first cycle fee of a renewed subscription) |
/// | cycle fee | `Cycle fee` |
/// | seats added, seats removed | `Cycle instance prorate` (prorated charges when licenses change; Microsoft's seat-change examples label the reversal, rebills and credits so) |
/// | suspension credit | `Cancel fee` (refund on suspension) |
/// | reactivation | `Prorate fees when activate` |
/// | cancellation | `Prorate fees when cancel` |
/// | conversion | `Prorate fees when convert away from current offering` for a credit, else `Prorate fees when convert to a new offering` |
/// | plan change | `Cycle instance prorate` (legacy has no plan change: a prorated charge) |
///
/// Legacy reconciliation reports the label without comparing it (SPEC-NCE §15.6).
pub fn legacy_charge_type(line: &ChargeLine) -> &'static str {
    match line.kind {
        ChargeKind::Purchase => "Prorate fees when purchase",
        ChargeKind::Renewal => "Prorate fee when renew",
        ChargeKind::CycleFee => "Cycle fee",
        ChargeKind::SeatsAdded | ChargeKind::SeatsRemoved | ChargeKind::PlanChange => {
            "Cycle instance prorate"
        }
        ChargeKind::SuspensionCredit => "Cancel fee",
        ChargeKind::Reactivation => "Prorate fees when activate",
        ChargeKind::Cancellation => "Prorate fees when cancel",
        ChargeKind::Conversion if line.amount.is_negative() || line.quantity < 0 => {
            "Prorate fees when convert away from current offering"
        }
        ChargeKind::Conversion => "Prorate fees when convert to a new offering",
    }
}

/// The pricing currency, the pricing-to-billing rate and its date of an NCE line
/// (`PricingCurrency`, `PCToBCExchangeRate`, `PCToBCExchangeRateDate`, SPEC-NCE §16).
fn fx_fields(line: &NceLine) -> (Currency, Decimal, NaiveDate) {
    (line.pricing_currency, line.fx_rate, line.fx_rate_date)
}

fn nce_fields(line: &NceLine) -> [Cow<'_, str>; 46] {
    let billing = line.subtotal.currency();
    let (pricing, rate, rate_date) = fx_fields(line);
    let (product, sku) = match line.offer.as_str().split_once(':') {
        Some((product, sku)) => (product, sku),
        None => (line.offer.as_str(), ""),
    };
    let subtotal = amount(line.subtotal.amount(), billing);
    let quantity = line.billable_quantity.to_string();
    let empty = || Cow::Borrowed("");
    [
        Cow::Borrowed(PARTNER_ID),
        Cow::Borrowed(line.customer.as_str()),
        Cow::Borrowed(line.customer.as_str()),
        empty(), // CustomerDomainName
        empty(), // CustomerCountry
        empty(), // InvoiceNumber
        empty(), // MpnId
        empty(), // ResellerMpnId
        empty(), // OrderId
        Cow::Owned(us_date(line.order_date)),
        Cow::Borrowed(product),
        Cow::Borrowed(sku),
        empty(), // AvailabilityId
        empty(), // SkuName
        empty(), // ProductName
        Cow::Borrowed(line.charge_type.as_str()),
        Cow::Owned(amount(line.unit_price, pricing)),
        Cow::Owned(quantity.clone()),
        Cow::Owned(subtotal.clone()),
        Cow::Owned(amount(Decimal::ZERO, billing)),
        Cow::Owned(subtotal),
        Cow::Borrowed(billing.code()),
        empty(), // PriceAdjustmentDescription
        Cow::Borrowed(PUBLISHER_NAME),
        empty(), // PublisherId
        empty(), // SubscriptionDescription
        Cow::Borrowed(line.subscription.as_str()),
        Cow::Owned(us_date(line.charge_start)),
        Cow::Owned(us_date(line.charge_end)),
        Cow::Owned(term_and_billing_cycle(line)),
        Cow::Owned(amount(line.effective_unit_price, pricing)),
        empty(), // UnitType
        empty(), // AlternateId
        Cow::Owned(quantity),
        Cow::Borrowed(billing_frequency(line.billing_frequency)),
        Cow::Borrowed(pricing.code()),
        Cow::Owned(rate.to_string()),
        Cow::Owned(format!("{} 12:00:00 AM", us_date(rate_date))),
        empty(), // MeterDescription
        empty(), // ReservationOrderId
        empty(), // CreditReasonCode
        Cow::Owned(us_date(line.subscription_start)),
        Cow::Owned(us_date(line.subscription_end)),
        Cow::Borrowed(line.reference_id.as_str()),
        Cow::Owned(product_qualifiers(&line.product_qualifiers)),
        Cow::Borrowed(line.promotion_id.as_deref().unwrap_or("")),
    ]
}

fn legacy_fields(line: &ChargeLine) -> [Cow<'_, str>; 28] {
    let currency = line.amount.currency();
    let total = amount(line.amount.amount(), currency);
    let zero = amount(Decimal::ZERO, currency);
    let empty = || Cow::Borrowed("");
    [
        Cow::Borrowed(PARTNER_ID),
        Cow::Borrowed(line.customer.as_str()),
        Cow::Borrowed(line.customer.as_str()),
        empty(), // MpnId
        empty(), // ResellerMpnId
        empty(), // OrderId
        empty(), // SubscriptionId (Microsoft's internal id)
        Cow::Borrowed(line.subscription.as_str()),
        Cow::Borrowed(line.offer.as_str()),
        Cow::Borrowed(line.offer.as_str()),
        empty(), // OfferName
        empty(), // SubscriptionStartDate
        empty(), // SubscriptionEndDate
        Cow::Owned(format!(
            "{} 12:00:00 AM",
            us_date(line.service_period.first())
        )),
        Cow::Owned(format!(
            "{} 11:59:59 PM",
            us_date(line.service_period.last())
        )),
        Cow::Borrowed(legacy_charge_type(line)),
        Cow::Owned(amount(line.unit_amount, currency)),
        Cow::Owned(line.seats().to_string()),
        Cow::Owned(total.clone()),
        Cow::Owned(zero.clone()),
        Cow::Owned(total.clone()),
        Cow::Owned(zero),
        Cow::Owned(total),
        Cow::Borrowed(currency.code()),
        empty(), // DomainName
        empty(), // SubscriptionName
        empty(), // SubscriptionDescription
        Cow::Borrowed(match line.cycle_months {
            1 => "Monthly",
            12 => "Annual",
            _ => "",
        }),
    ]
}

/// `M/D/YYYY`.
fn us_date(date: NaiveDate) -> String {
    format!("{}/{}/{}", date.month(), date.day(), date.year())
}

/// An exact amount with at least `currency`'s minor units, never `-0`.
fn amount(value: Decimal, currency: Currency) -> String {
    money_text(value, currency.minor_units())
}

/// `1 Year - 1 Month`: the term, then the billing cycle (the term again for a plan without
/// cycles).
fn term_and_billing_cycle(line: &NceLine) -> String {
    let term = line.term_duration.months();
    let cycle = line.plan.cycle_months().unwrap_or(term);
    format!("{} - {}", months_text(term), months_text(cycle))
}

/// `1 Month`, `6 Months`, `1 Year`, `3 Years`.
fn months_text(months: u32) -> String {
    let (n, unit) = if months % 12 == 0 && months > 0 {
        (months / 12, "Year")
    } else {
        (months, "Month")
    };
    let plural = if n == 1 { "" } else { "s" };
    format!("{n} {unit}{plural}")
}

/// Microsoft's `BillingFrequency`: empty for a plan paid up front or not billed.
fn billing_frequency(plan: Option<BillingPlan>) -> &'static str {
    match plan {
        Some(BillingPlan::Monthly) => "Monthly",
        Some(BillingPlan::Annual) => "Annual",
        Some(BillingPlan::Biennial) => "Biennial",
        Some(BillingPlan::Triennial) => "Triennial",
        Some(BillingPlan::OneTime | BillingPlan::None) | None => "",
    }
}

/// `["Trial"]` for `Trial`, `[]` for nothing (a JSON array of the comma-separated names).
fn product_qualifiers(qualifiers: &str) -> String {
    let names: Vec<String> = qualifiers
        .split(',')
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(|q| format!("\"{}\"", q.replace('"', "\\\"")))
        .collect();
    format!("[{}]", names.join(","))
}

#[cfg(test)]
#[path = "tests_render.rs"]
mod tests;
