//! The legacy (2015) license-based monthly price list: rows and the CSV parser (SPEC §3).
//!
//! Columns (reference `csp-rules.md` §5.1), matched case- and spacing-insensitively:
//!
//! | column | required | notes |
//! |---|---|---|
//! | `Offer ID` (or `Durable Offer ID`) | yes | GUID, compared case-insensitively |
//! | `Offer Display Name` (or `Offer Name`) | yes | |
//! | `License Agreement Type` | yes | `Corporate` (or `Commercial`), `Government`, `Academic` (or `Education`) |
//! | `Secondary License Type` | yes | `Non-specific` (or `Base`), `Add-on`, `Trial` |
//! | `List Price` | yes | per seat per month, kept exactly |
//! | `ERP Price` | yes | estimated retail price, kept exactly |
//! | `Purchase Unit` | no | usually `Monthly` |
//! | `End Customer Type` | no | |
//! | `Change Indicator` | no | `ADD`, `CHG`, `DEL`, `UNC`, `DEPR` |
//! | `Effective Start Date`, `Effective End Date` | no | timestamps |
//!
//! Other columns are ignored. A legacy file carries neither its month nor its currency: the
//! caller gives both (SPEC §3).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::csv_table::{ColumnSpec, Table};
use super::ChangeIndicator;
use crate::error::{Error, Result};
use crate::ids::OfferId;
use crate::vocab::{LicenseAgreementType, SecondaryType};

/// One offer's row in a legacy monthly price list.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct PriceRow {
    /// Offer ID (upper case).
    pub offer_id: OfferId,
    /// Offer display name.
    pub offer_name: String,
    /// License agreement type.
    pub agreement_type: LicenseAgreementType,
    /// Secondary license type.
    pub secondary_type: SecondaryType,
    /// What the partner pays per seat per month, exactly as published.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub list_price: Decimal,
    /// Estimated retail price per seat per month, exactly as published.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub erp_price: Decimal,
    /// Purchase unit, when the file has the column.
    #[cfg_attr(feature = "serde", serde(default))]
    pub purchase_unit: Option<String>,
    /// End customer type, when the file has the column.
    #[cfg_attr(feature = "serde", serde(default))]
    pub end_customer_type: Option<String>,
    /// Change indicator as published in the file, if any.
    #[cfg_attr(feature = "serde", serde(default))]
    pub change_indicator: Option<ChangeIndicator>,
    /// Effective start date of the row's metadata, if given.
    #[cfg_attr(feature = "serde", serde(default))]
    pub effective_start: Option<NaiveDate>,
    /// Effective end date of the row's metadata, if given.
    #[cfg_attr(feature = "serde", serde(default))]
    pub effective_end: Option<NaiveDate>,
}

const OFFER_ID: &str = "Offer ID";
const OFFER_NAME: &str = "Offer Display Name";
const AGREEMENT: &str = "License Agreement Type";
const SECONDARY: &str = "Secondary License Type";
const LIST_PRICE: &str = "List Price";
const ERP_PRICE: &str = "ERP Price";
const PURCHASE_UNIT: &str = "Purchase Unit";
const END_CUSTOMER: &str = "End Customer Type";
const CHANGE: &str = "Change Indicator";
const START: &str = "Effective Start Date";
const END: &str = "Effective End Date";

const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        name: OFFER_ID,
        aliases: &["offerid", "durableofferid"],
        required: true,
    },
    ColumnSpec {
        name: OFFER_NAME,
        aliases: &["offerdisplayname", "offername"],
        required: true,
    },
    ColumnSpec {
        name: AGREEMENT,
        aliases: &["licenseagreementtype"],
        required: true,
    },
    ColumnSpec {
        name: SECONDARY,
        aliases: &["secondarylicensetype"],
        required: true,
    },
    ColumnSpec {
        name: LIST_PRICE,
        aliases: &["listprice"],
        required: true,
    },
    ColumnSpec {
        name: ERP_PRICE,
        aliases: &["erpprice"],
        required: true,
    },
    ColumnSpec {
        name: PURCHASE_UNIT,
        aliases: &["purchaseunit"],
        required: false,
    },
    ColumnSpec {
        name: END_CUSTOMER,
        aliases: &["endcustomertype"],
        required: false,
    },
    ColumnSpec {
        name: CHANGE,
        aliases: &["changeindicator"],
        required: false,
    },
    ColumnSpec {
        name: START,
        aliases: &["effectivestartdate"],
        required: false,
    },
    ColumnSpec {
        name: END,
        aliases: &["effectiveenddate"],
        required: false,
    },
];

/// The normalised header spellings that identify a legacy file.
pub(crate) fn looks_like_legacy(normalised_headers: &[String]) -> bool {
    normalised_headers
        .iter()
        .any(|h| h == "offerid" || h == "durableofferid")
        && normalised_headers.iter().any(|h| h == "listprice")
}

fn agreement_type(v: &str) -> Option<LicenseAgreementType> {
    match v {
        "corporate" | "commercial" => Some(LicenseAgreementType::Corporate),
        "government" => Some(LicenseAgreementType::Government),
        "academic" | "education" => Some(LicenseAgreementType::Academic),
        _ => None,
    }
}

fn secondary_type(v: &str) -> Option<SecondaryType> {
    match v {
        "nonspecific" | "base" => Some(SecondaryType::Base),
        "addon" => Some(SecondaryType::AddOn),
        "trial" => Some(SecondaryType::Trial),
        _ => None,
    }
}

fn change_indicator(v: &str) -> Option<ChangeIndicator> {
    match v {
        "add" => Some(ChangeIndicator::Add),
        "chg" => Some(ChangeIndicator::Chg),
        "del" => Some(ChangeIndicator::Del),
        "unc" => Some(ChangeIndicator::Unc),
        "depr" => Some(ChangeIndicator::Depr),
        _ => None,
    }
}

/// Parses the rows of a legacy price list CSV text (a pure function of the text).
///
/// Handles a UTF-8 BOM, quoted fields with commas and quotes, blank lines, extra columns.
///
/// # Errors
/// Each with line and column: `csv_malformed`, `missing_column`, `empty_field`,
/// `invalid_decimal` (also for a negative price), `invalid_value`, `invalid_date`,
/// `duplicate_price_row`, `empty_price_list`.
pub fn parse_legacy_rows(text: &str) -> Result<Vec<PriceRow>> {
    let table = Table::read(text, COLUMNS)?;
    let mut rows: Vec<PriceRow> = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for row in table.rows() {
        let offer_id = OfferId::new(row.req(OFFER_ID)?);
        if let Some(first_line) = seen.insert(offer_id.clone(), row.line) {
            return Err(Error::DuplicatePriceRow {
                line: row.line,
                column: row.column_of(OFFER_ID),
                offer: offer_id,
                first_line,
            });
        }
        let change_indicator = match row.opt(CHANGE) {
            None => None,
            Some(_) => Some(row.choice(CHANGE, "ADD, CHG, DEL, UNC or DEPR", change_indicator)?),
        };
        rows.push(PriceRow {
            offer_name: row.req(OFFER_NAME)?.to_string(),
            agreement_type: row.choice(
                AGREEMENT,
                "Corporate, Government or Academic",
                agreement_type,
            )?,
            secondary_type: row.choice(
                SECONDARY,
                "Non-specific, Add-on or Trial",
                secondary_type,
            )?,
            list_price: row.decimal(LIST_PRICE)?,
            erp_price: row.decimal(ERP_PRICE)?,
            purchase_unit: row.opt(PURCHASE_UNIT).map(str::to_string),
            end_customer_type: row.opt(END_CUSTOMER).map(str::to_string),
            change_indicator,
            effective_start: row.opt_timestamp(START)?.map(|t| t.date()),
            effective_end: row.opt_timestamp(END)?.map(|t| t.date()),
            offer_id,
        });
    }
    Ok(rows)
}
