//! The NCE invoice reconciliation file (SPEC-NCE §15.2; Partner Center's
//! modern-invoice-reconciliation-file, the SDK's `OneTimeInvoiceLineItem`).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{column, currency, date, opt_date, text, ReconReader};
use crate::error::{Error, Result};
use crate::money::Currency;
use crate::price_list::csv_table::{ColumnSpec, Row};

/// One row of an NCE invoice recon file: the columns reconciliation reads (SPEC-NCE §15.2).
///
/// Text columns are kept as written (trimmed), empty when the field is empty or the file
/// lacks the column. Amounts are exact decimals kept as written, of either sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NceReconRow {
    /// `CustomerId` (the customer's tenant id).
    pub customer_id: String,
    /// `CustomerName`.
    pub customer_name: String,
    /// `SubscriptionId`: the matching key.
    pub subscription_id: String,
    /// `OrderId`.
    pub order_id: String,
    /// The date part of `OrderDate`.
    pub order_date: Option<NaiveDate>,
    /// `ProductId`.
    pub product_id: String,
    /// `SkuId`.
    pub sku_id: String,
    /// `AvailabilityId`.
    pub availability_id: String,
    /// `SkuName`.
    pub sku_name: String,
    /// `ProductName`.
    pub product_name: String,
    /// `ChargeType` as written (`new`, `cycleCharge`, `cancelImmediate`…); compared
    /// case-insensitively, unknown values kept (SPEC-NCE §15.4.4).
    pub charge_type: String,
    /// `UnitPrice`, in the pricing currency.
    pub unit_price: Decimal,
    /// `EffectiveUnitPrice`, in the pricing currency.
    pub effective_unit_price: Decimal,
    /// `BillableQuantity` when the field is non-empty ("use BillableQuantity for
    /// reconciliation"), else `Quantity`.
    pub quantity: Decimal,
    /// `Subtotal`: the amount before tax, in the billing currency.
    pub subtotal: Decimal,
    /// `TaxTotal`.
    pub tax_total: Option<Decimal>,
    /// `Total` (or its alias `totalForCustomer`).
    pub total: Option<Decimal>,
    /// `Currency`: the billing currency.
    pub currency: Currency,
    /// `PricingCurrency` (`None` when empty).
    pub pricing_currency: Option<Currency>,
    /// `PCToBCExchangeRate`: pricing to billing currency; 1 when the field is empty and the
    /// pricing currency is empty or the billing currency (SPEC-NCE §15.4.3).
    pub exchange_rate: Decimal,
    /// The date part of `PCToBCExchangeRateDate`.
    pub exchange_rate_date: Option<NaiveDate>,
    /// The date part of `ChargeStartDate`.
    pub charge_start: NaiveDate,
    /// The date part of `ChargeEndDate` (inclusive).
    pub charge_end: NaiveDate,
    /// The date part of `SubscriptionStartDate`.
    pub subscription_start: Option<NaiveDate>,
    /// The date part of `SubscriptionEndDate`.
    pub subscription_end: Option<NaiveDate>,
    /// `TermAndBillingCycle` as written (`1 Year - 1 Month`…).
    pub term_and_billing_cycle: String,
    /// `BillingFrequency` as written (`Monthly`, `Annual`, empty…).
    pub billing_frequency: String,
    /// `ReferenceId`.
    pub reference_id: String,
    /// `ProductQualifiers` as written (`["Add-on","Trial"]`…), never an error.
    pub product_qualifiers: String,
    /// `PriceAdjustmentDescription` as written, never an error.
    pub price_adjustment_description: String,
    /// `PromotionId`.
    pub promotion_id: String,
    /// `ResellerMpnId` (the indirect reseller, empty for direct sales).
    pub reseller_mpn_id: String,
    /// The CSV line the row starts on (the header is line 1).
    pub line: u64,
}

const CUSTOMER_ID: usize = 0;
const CUSTOMER_NAME: usize = 1;
const SUBSCRIPTION_ID: usize = 2;
const ORDER_ID: usize = 3;
const ORDER_DATE: usize = 4;
const PRODUCT_ID: usize = 5;
const SKU_ID: usize = 6;
const AVAILABILITY_ID: usize = 7;
const SKU_NAME: usize = 8;
const PRODUCT_NAME: usize = 9;
const CHARGE_TYPE: usize = 10;
const UNIT_PRICE: usize = 11;
const EFFECTIVE_UNIT_PRICE: usize = 12;
const QUANTITY: usize = 13;
const BILLABLE_QUANTITY: usize = 14;
const SUBTOTAL: usize = 15;
const TAX_TOTAL: usize = 16;
const TOTAL: usize = 17;
const CURRENCY: usize = 18;
const PRICING_CURRENCY: usize = 19;
const EXCHANGE_RATE: usize = 20;
const EXCHANGE_RATE_DATE: usize = 21;
const CHARGE_START: usize = 22;
const CHARGE_END: usize = 23;
const SUBSCRIPTION_START: usize = 24;
const SUBSCRIPTION_END: usize = 25;
const TERM_AND_BILLING_CYCLE: usize = 26;
const BILLING_FREQUENCY: usize = 27;
const REFERENCE_ID: usize = 28;
const PRODUCT_QUALIFIERS: usize = 29;
const PRICE_ADJUSTMENT: usize = 30;
const PROMOTION_ID: usize = 31;
const RESELLER_MPN_ID: usize = 32;

const COLUMNS: &[ColumnSpec] = &[
    column!("CustomerId", ["customerid"], true),
    column!("CustomerName", ["customername"], false),
    column!("SubscriptionId", ["subscriptionid"], true),
    column!("OrderId", ["orderid"], false),
    column!("OrderDate", ["orderdate"], false),
    column!("ProductId", ["productid"], false),
    column!("SkuId", ["skuid"], false),
    column!("AvailabilityId", ["availabilityid"], false),
    column!("SkuName", ["skuname"], false),
    column!("ProductName", ["productname"], false),
    column!("ChargeType", ["chargetype"], true),
    column!("UnitPrice", ["unitprice"], true),
    column!("EffectiveUnitPrice", ["effectiveunitprice"], true),
    column!("Quantity", ["quantity"], true),
    column!("BillableQuantity", ["billablequantity"], false),
    column!("Subtotal", ["subtotal"], true),
    column!("TaxTotal", ["taxtotal"], false),
    column!("Total", ["total", "totalforcustomer"], false),
    column!("Currency", ["currency"], true),
    column!("PricingCurrency", ["pricingcurrency"], false),
    column!("PCToBCExchangeRate", ["pctobcexchangerate"], false),
    column!("PCToBCExchangeRateDate", ["pctobcexchangeratedate"], false),
    column!("ChargeStartDate", ["chargestartdate"], true),
    column!("ChargeEndDate", ["chargeenddate"], true),
    column!("SubscriptionStartDate", ["subscriptionstartdate"], false),
    column!("SubscriptionEndDate", ["subscriptionenddate"], false),
    column!("TermAndBillingCycle", ["termandbillingcycle"], false),
    column!("BillingFrequency", ["billingfrequency"], false),
    column!("ReferenceId", ["referenceid"], false),
    column!("ProductQualifiers", ["productqualifiers"], false),
    column!(
        "PriceAdjustmentDescription",
        ["priceadjustmentdescription"],
        false
    ),
    column!("PromotionId", ["promotionid"], false),
    column!("ResellerMpnId", ["resellermpnid"], false),
];

/// A reader of an NCE invoice recon file's rows, one at a time (see [`ReconReader`]).
///
/// Required columns (SPEC-NCE §15.2): `CustomerId, SubscriptionId, ChargeType,
/// ChargeStartDate, ChargeEndDate, UnitPrice, EffectiveUnitPrice, Quantity, Subtotal,
/// Currency`. `Total` may be spelt `totalForCustomer`.
///
/// # Errors
/// Of the header, here: `csv_malformed`, `missing_column` (line of the header, or 1 for an
/// empty text), `duplicate_column` (e.g. both `Total` and `totalForCustomer`). Each row's
/// come from the iterator: `empty_field` (a required field), `invalid_value` (an id with a
/// control character or of more than 128 characters, an unknown currency), `invalid_date`,
/// `invalid_decimal` (not `-?digits[.digits]`; an empty `PCToBCExchangeRate` when
/// `PricingCurrency` differs from `Currency`), `currency_mismatch`.
pub fn nce_recon_reader(text: &str) -> Result<ReconReader<'_, NceReconRow>> {
    ReconReader::open(text, COLUMNS, read_row, |r| (r.currency, r.line))
}

/// As [`nce_recon_reader`], from a stream of the file's bytes (UTF-8, an optional BOM), read as the rows
/// are asked for: the file is never held whole.
///
/// # Errors
/// As [`nce_recon_reader`]; a stream that fails is `csv_malformed` at the line reached.
pub fn nce_recon_reader_from<'r>(
    reader: impl std::io::Read + 'r,
) -> Result<ReconReader<'r, NceReconRow>> {
    ReconReader::open_read(reader, COLUMNS, read_row, |r| (r.currency, r.line))
}

fn read_row(row: &Row<'_>) -> Result<NceReconRow> {
    let customer_id = row.id(CUSTOMER_ID, &[])?.to_string();
    let subscription_id = row.id(SUBSCRIPTION_ID, &[])?.to_string();
    let charge_type = row.req(CHARGE_TYPE)?.to_string();
    let charge_start = date(row, CHARGE_START)?;
    let charge_end = date(row, CHARGE_END)?;
    let unit_price = row.signed_decimal(UNIT_PRICE)?;
    let effective_unit_price = row.signed_decimal(EFFECTIVE_UNIT_PRICE)?;
    // Quantity is read (and checked) even when BillableQuantity replaces it.
    let written_quantity = row.opt_signed_decimal(QUANTITY)?;
    let quantity = match row.opt_signed_decimal(BILLABLE_QUANTITY)? {
        Some(billable) => billable,
        None => match written_quantity {
            Some(q) => q,
            None => row.signed_decimal(QUANTITY)?,
        },
    };
    let subtotal = row.signed_decimal(SUBTOTAL)?;
    let currency = currency(row, CURRENCY)?;
    let pricing_currency = match row.opt(PRICING_CURRENCY) {
        Some(_) => Some(super::currency(row, PRICING_CURRENCY)?),
        None => None,
    };
    let exchange_rate = match row.opt_signed_decimal(EXCHANGE_RATE)? {
        Some(rate) => rate,
        None if pricing_currency.is_none_or(|p| p == currency) => Decimal::ONE,
        None => {
            return Err(Error::InvalidDecimal {
                line: row.line,
                column: row.column_of(EXCHANGE_RATE),
                name: row.name(EXCHANGE_RATE),
                value: String::new(),
                expected: "an exchange rate such as 0.92: it may be empty only when \
                           PricingCurrency is empty or equals Currency",
            })
        }
    };
    Ok(NceReconRow {
        customer_id,
        customer_name: text(row, CUSTOMER_NAME),
        subscription_id,
        order_id: text(row, ORDER_ID),
        order_date: opt_date(row, ORDER_DATE)?,
        product_id: text(row, PRODUCT_ID),
        sku_id: text(row, SKU_ID),
        availability_id: text(row, AVAILABILITY_ID),
        sku_name: text(row, SKU_NAME),
        product_name: text(row, PRODUCT_NAME),
        charge_type,
        unit_price,
        effective_unit_price,
        quantity,
        subtotal,
        tax_total: row.opt_signed_decimal(TAX_TOTAL)?,
        total: row.opt_signed_decimal(TOTAL)?,
        currency,
        pricing_currency,
        exchange_rate,
        exchange_rate_date: opt_date(row, EXCHANGE_RATE_DATE)?,
        charge_start,
        charge_end,
        subscription_start: opt_date(row, SUBSCRIPTION_START)?,
        subscription_end: opt_date(row, SUBSCRIPTION_END)?,
        term_and_billing_cycle: text(row, TERM_AND_BILLING_CYCLE),
        billing_frequency: text(row, BILLING_FREQUENCY),
        reference_id: text(row, REFERENCE_ID),
        product_qualifiers: text(row, PRODUCT_QUALIFIERS),
        price_adjustment_description: text(row, PRICE_ADJUSTMENT),
        promotion_id: text(row, PROMOTION_ID),
        reseller_mpn_id: text(row, RESELLER_MPN_ID),
        line: row.line,
    })
}
