//! The legacy license-based reconciliation file (SPEC-NCE §15.3; Partner Center's
//! license-based-recon-files, the SDK's `LicenseBasedLineItem`).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{column, currency, date, opt_date, text, ReconReader};
use crate::error::Result;
use crate::money::Currency;
use crate::price_list::csv_table::{ColumnSpec, Row};

/// One row of a legacy license-based recon file: the columns reconciliation reads
/// (SPEC-NCE §15.3).
///
/// Text columns are kept as written (trimmed), empty when the field is empty or the file
/// lacks the column. Amounts are exact decimals kept as written, of either sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyReconRow {
    /// `CustomerId`.
    pub customer_id: String,
    /// `CustomerName`.
    pub customer_name: String,
    /// `OrderId`.
    pub order_id: String,
    /// `SubscriptionId` (Microsoft's internal id; not the matching key).
    pub subscription_id: String,
    /// `SyndicationPartnerSubscriptionNumber`: the matching key.
    pub syndication_partner_subscription_number: String,
    /// `OfferId`.
    pub offer_id: String,
    /// `DurableOfferId`: the price list's Offer ID.
    pub durable_offer_id: String,
    /// `OfferName`.
    pub offer_name: String,
    /// The date part of `SubscriptionStartDate`.
    pub subscription_start: Option<NaiveDate>,
    /// The date part of `SubscriptionEndDate`.
    pub subscription_end: Option<NaiveDate>,
    /// The date part of `ChargeStartDate`.
    pub charge_start: NaiveDate,
    /// The date part of `ChargeEndDate` (inclusive).
    pub charge_end: NaiveDate,
    /// `ChargeType` as written (`Activation fees`, `Prorate fees when cancel`…); compared
    /// case-insensitively, unknown values kept.
    pub charge_type: String,
    /// `UnitPrice`.
    pub unit_price: Decimal,
    /// `Quantity`.
    pub quantity: Decimal,
    /// `Amount`: the amount reconciliation sums.
    pub amount: Decimal,
    /// `TotalOtherDiscount` (totalled apart).
    pub total_other_discount: Option<Decimal>,
    /// `Subtotal`.
    pub subtotal: Option<Decimal>,
    /// `Tax`.
    pub tax: Option<Decimal>,
    /// `TotalForCustomer`.
    pub total_for_customer: Option<Decimal>,
    /// `Currency`.
    pub currency: Currency,
    /// `BillingCycleType` as written (`Monthly`, `Annual`…).
    pub billing_cycle_type: String,
    /// `ResellerMpnId` (the indirect reseller, empty for direct sales).
    pub reseller_mpn_id: String,
    /// The CSV line the row starts on (the header is line 1).
    pub line: u64,
}

const CUSTOMER_ID: usize = 0;
const CUSTOMER_NAME: usize = 1;
const ORDER_ID: usize = 2;
const SUBSCRIPTION_ID: usize = 3;
const SYNDICATION_NUMBER: usize = 4;
const OFFER_ID: usize = 5;
const DURABLE_OFFER_ID: usize = 6;
const OFFER_NAME: usize = 7;
const SUBSCRIPTION_START: usize = 8;
const SUBSCRIPTION_END: usize = 9;
const CHARGE_START: usize = 10;
const CHARGE_END: usize = 11;
const CHARGE_TYPE: usize = 12;
const UNIT_PRICE: usize = 13;
const QUANTITY: usize = 14;
const AMOUNT: usize = 15;
const TOTAL_OTHER_DISCOUNT: usize = 16;
const SUBTOTAL: usize = 17;
const TAX: usize = 18;
const TOTAL_FOR_CUSTOMER: usize = 19;
const CURRENCY: usize = 20;
const BILLING_CYCLE_TYPE: usize = 21;
const RESELLER_MPN_ID: usize = 22;

const COLUMNS: &[ColumnSpec] = &[
    column!("CustomerId", ["customerid"], true),
    column!("CustomerName", ["customername"], false),
    column!("OrderId", ["orderid"], false),
    column!("SubscriptionId", ["subscriptionid"], false),
    column!(
        "SyndicationPartnerSubscriptionNumber",
        ["syndicationpartnersubscriptionnumber"],
        true
    ),
    column!("OfferId", ["offerid"], false),
    column!("DurableOfferId", ["durableofferid"], false),
    column!("OfferName", ["offername"], false),
    column!("SubscriptionStartDate", ["subscriptionstartdate"], false),
    column!("SubscriptionEndDate", ["subscriptionenddate"], false),
    column!("ChargeStartDate", ["chargestartdate"], true),
    column!("ChargeEndDate", ["chargeenddate"], true),
    column!("ChargeType", ["chargetype"], true),
    column!("UnitPrice", ["unitprice"], true),
    column!("Quantity", ["quantity"], true),
    column!("Amount", ["amount"], true),
    column!("TotalOtherDiscount", ["totalotherdiscount"], false),
    column!("Subtotal", ["subtotal"], false),
    column!("Tax", ["tax"], false),
    column!("TotalForCustomer", ["totalforcustomer"], false),
    column!("Currency", ["currency"], true),
    column!("BillingCycleType", ["billingcycletype"], false),
    column!("ResellerMpnId", ["resellermpnid"], false),
];

/// A reader of a legacy license-based recon file's rows, one at a time (see
/// [`ReconReader`]).
///
/// Required columns (SPEC-NCE §15.3): `CustomerId, SyndicationPartnerSubscriptionNumber,
/// ChargeStartDate, ChargeEndDate, ChargeType, UnitPrice, Quantity, Amount, Currency`.
///
/// # Errors
/// Of the header, here: `csv_malformed`, `missing_column` (line of the header, or 1 for an
/// empty text), `duplicate_column`. Each row's come from the iterator: `empty_field` (a
/// required field), `invalid_value` (an id with a control character or of more than 128
/// characters, an unknown currency), `invalid_date`, `invalid_decimal` (not
/// `-?digits[.digits]`), `currency_mismatch`.
pub fn legacy_recon_reader(text: &str) -> Result<ReconReader<'_, LegacyReconRow>> {
    ReconReader::open(text, COLUMNS, read_row, |r| (r.currency, r.line))
}

/// As [`legacy_recon_reader`], from a stream of the file's bytes (UTF-8, an optional BOM), read as the rows
/// are asked for: the file is never held whole.
///
/// # Errors
/// As [`legacy_recon_reader`]; a stream that fails is `csv_malformed` at the line reached.
pub fn legacy_recon_reader_from<'r>(
    reader: impl std::io::Read + 'r,
) -> Result<ReconReader<'r, LegacyReconRow>> {
    ReconReader::open_read(reader, COLUMNS, read_row, |r| (r.currency, r.line))
}

fn read_row(row: &Row<'_>) -> Result<LegacyReconRow> {
    let customer_id = row.id(CUSTOMER_ID, &[])?.to_string();
    let syndication_partner_subscription_number = row.id(SYNDICATION_NUMBER, &[])?.to_string();
    let charge_start = date(row, CHARGE_START)?;
    let charge_end = date(row, CHARGE_END)?;
    let charge_type = row.req(CHARGE_TYPE)?.to_string();
    let unit_price = row.signed_decimal(UNIT_PRICE)?;
    let quantity = row.signed_decimal(QUANTITY)?;
    let amount = row.signed_decimal(AMOUNT)?;
    let total_other_discount = row.opt_signed_decimal(TOTAL_OTHER_DISCOUNT)?;
    let subtotal = row.opt_signed_decimal(SUBTOTAL)?;
    let tax = row.opt_signed_decimal(TAX)?;
    let total_for_customer = row.opt_signed_decimal(TOTAL_FOR_CUSTOMER)?;
    Ok(LegacyReconRow {
        customer_id,
        customer_name: text(row, CUSTOMER_NAME),
        order_id: text(row, ORDER_ID),
        subscription_id: text(row, SUBSCRIPTION_ID),
        syndication_partner_subscription_number,
        offer_id: text(row, OFFER_ID),
        durable_offer_id: text(row, DURABLE_OFFER_ID),
        offer_name: text(row, OFFER_NAME),
        subscription_start: opt_date(row, SUBSCRIPTION_START)?,
        subscription_end: opt_date(row, SUBSCRIPTION_END)?,
        charge_start,
        charge_end,
        charge_type,
        unit_price,
        quantity,
        amount,
        total_other_discount,
        subtotal,
        tax,
        total_for_customer,
        currency: currency(row, CURRENCY)?,
        billing_cycle_type: text(row, BILLING_CYCLE_TYPE),
        reseller_mpn_id: text(row, RESELLER_MPN_ID),
        line: row.line,
    })
}
