//! The engine's side of a reconciliation (SPEC-NCE §15.1): the lines of a replay that fall
//! in the invoice's period, each in the few fields matching reads.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::{Period, YearMonth};
use crate::charges::{price_fact_in, ChargeLine, NceLine, NceReplay};
use crate::error::Result;
use crate::money::nce::LineConvention;
use crate::money::FxRates;

/// One line the engine expects on Microsoft's file, in the fields reconciliation reads.
///
/// Build them with [`nce_expected_lines`] (an NCE replay's lines of an invoice month) or
/// [`legacy_expected_lines`] (legacy lines, in Microsoft's reconciliation form, of a
/// window), or field by field for lines from elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedLine {
    /// The customer (the file's `CustomerId`).
    pub customer_id: String,
    /// The subscription (NCE `SubscriptionId`, legacy `SyndicationPartnerSubscriptionNumber`).
    pub subscription_id: String,
    /// The product, for the scope's excluded products (NCE `ProductId`, legacy
    /// `DurableOfferId`).
    pub product_id: String,
    /// Microsoft's charge type (NCE: part of the key; legacy: reported only).
    pub charge_type: String,
    /// First day charged.
    pub charge_start: NaiveDate,
    /// Last day charged.
    pub charge_end: NaiveDate,
    /// Quantity (NCE billable quantity ≥ 0; legacy seats, signed as the line).
    pub quantity: Decimal,
    /// Unit price as shown: NCE `P` in the pricing currency, half-up to its minor units;
    /// legacy the unit amount shown.
    pub unit_price: Decimal,
    /// The unit price compared with the file's (SPEC-NCE §15.7): NCE `P` exact (to 28
    /// significant digits when `U / n` does not terminate); legacy the unit amount shown.
    pub exact_unit_price: Decimal,
    /// NCE: the effective unit price shown, signed.
    pub eup: Option<Decimal>,
    /// NCE: the exchange rate from the pricing to the billing currency.
    pub fx_rate: Option<Decimal>,
    /// The amount in the billing currency, signed (NCE `Subtotal`, legacy `Amount`).
    pub amount: Decimal,
    /// NCE: the amount the line would have under the other line convention (SPEC-NCE
    /// §14.4), which names a `convention` difference.
    pub other_convention_amount: Option<Decimal>,
    /// What produced the line: the NCE event's id; for a legacy line its kind and the
    /// price list that priced it.
    pub reference_id: String,
}

impl ExpectedLine {
    /// The fields of an NCE line. Its exact `P` is taken as the `P` shown, and no amount
    /// under the other convention is known: [`nce_expected_lines`] fills both from the
    /// line's fact.
    pub fn from_nce(line: &NceLine) -> ExpectedLine {
        let offer = line.offer.as_str();
        ExpectedLine {
            customer_id: line.customer.as_str().to_string(),
            subscription_id: line.subscription.as_str().to_string(),
            product_id: offer.split(':').next().unwrap_or(offer).to_string(),
            charge_type: line.charge_type.as_str().to_string(),
            charge_start: line.charge_start,
            charge_end: line.charge_end,
            quantity: Decimal::from(line.billable_quantity),
            unit_price: line.unit_price,
            exact_unit_price: line.unit_price,
            eup: Some(line.effective_unit_price),
            fx_rate: Some(line.fx_rate),
            amount: line.subtotal.amount(),
            other_convention_amount: None,
            reference_id: line.reference_id.clone(),
        }
    }

    /// The fields of a legacy line (SPEC §6): its kind as the charge type, its signed seats,
    /// unit amount and amount.
    pub fn from_legacy(line: &ChargeLine) -> ExpectedLine {
        ExpectedLine {
            customer_id: line.customer.as_str().to_string(),
            subscription_id: line.subscription.as_str().to_string(),
            product_id: line.offer.as_str().to_string(),
            charge_type: line.kind.as_str().to_string(),
            charge_start: line.service_period.first(),
            charge_end: line.service_period.last(),
            quantity: Decimal::from(line.quantity),
            unit_price: line.unit_amount,
            exact_unit_price: line.unit_amount,
            eup: None,
            fx_rate: None,
            amount: line.amount.amount(),
            other_convention_amount: None,
            reference_id: format!("{} (price list {})", line.kind, line.price_list),
        }
    }
}

/// The lines of an NCE replay on Microsoft's invoice of `month`: those whose `order_date`
/// falls in it (SPEC-NCE §14.5.4), in emission order, each with its exact `P = U / n` and its
/// amount under the other convention (priced from the same fact, at the same rates: `rates`
/// are the ones the replay priced with, [`FxRates::empty`] for a book in one currency).
///
/// # Errors
/// `amount_overflow`, `fx_rate_missing` from pricing under the other convention.
pub fn nce_expected_lines(
    replay: &NceReplay,
    convention: LineConvention,
    month: YearMonth,
    rates: &FxRates,
) -> Result<Vec<ExpectedLine>> {
    let other = match convention {
        LineConvention::NceA => LineConvention::NceB,
        LineConvention::NceB => LineConvention::NceA,
    };
    let period = month.period();
    replay
        .lines
        .iter()
        .zip(&replay.facts)
        .filter(|(line, _)| period.contains(line.order_date))
        .map(|(line, fact)| {
            let alt = price_fact_in(
                fact,
                other,
                line.pricing_currency,
                line.subtotal.currency(),
                rates,
            )?;
            let mut expected = ExpectedLine::from_nce(line);
            expected.other_convention_amount = Some(alt.subtotal.amount());
            if let Some(p) = fact
                .price
                .unit_price()
                .checked_div(Decimal::from(fact.price.cycles()))
            {
                expected.exact_unit_price = p;
            }
            Ok(expected)
        })
        .collect()
}

/// The legacy lines of a window: those dated in it (SPEC §8's window; the lines should be
/// in Microsoft's reconciliation form, SPEC §10.7, as the file shows seat changes), in
/// emission order.
pub fn legacy_expected_lines(lines: &[ChargeLine], window: Period) -> Vec<ExpectedLine> {
    lines
        .iter()
        .filter(|l| window.contains(l.date))
        .map(ExpectedLine::from_legacy)
        .collect()
}
