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

use super::csv_table::{read_rows, ColumnSpec, OtherFormat};
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
    #[cfg_attr(feature = "serde", serde(with = "crate::input::serde_fields::price"))]
    pub list_price: Decimal,
    /// Estimated retail price per seat per month, exactly as published.
    #[cfg_attr(feature = "serde", serde(with = "crate::input::serde_fields::price"))]
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
    #[cfg_attr(
        feature = "serde",
        serde(default, with = "crate::input::serde_fields::file_date_opt")
    )]
    pub effective_start: Option<NaiveDate>,
    /// Effective end date of the row's metadata, if given.
    #[cfg_attr(
        feature = "serde",
        serde(default, with = "crate::input::serde_fields::file_date_opt")
    )]
    pub effective_end: Option<NaiveDate>,
}

const OFFER_ID: usize = 0;
const OFFER_NAME: usize = 1;
const AGREEMENT: usize = 2;
const SECONDARY: usize = 3;
const LIST_PRICE: usize = 4;
const ERP_PRICE: usize = 5;
const PURCHASE_UNIT: usize = 6;
const END_CUSTOMER: usize = 7;
const CHANGE: usize = 8;
const START: usize = 9;
const END: usize = 10;

const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        name: "Offer ID",
        aliases: &["offerid", "durableofferid"],
        required: true,
    },
    ColumnSpec {
        name: "Offer Display Name",
        aliases: &["offerdisplayname", "offername"],
        required: true,
    },
    ColumnSpec {
        name: "License Agreement Type",
        aliases: &["licenseagreementtype"],
        required: true,
    },
    ColumnSpec {
        name: "Secondary License Type",
        aliases: &["secondarylicensetype"],
        required: true,
    },
    ColumnSpec {
        name: "List Price",
        aliases: &["listprice"],
        required: true,
    },
    ColumnSpec {
        name: "ERP Price",
        aliases: &["erpprice"],
        required: true,
    },
    ColumnSpec {
        name: "Purchase Unit",
        aliases: &["purchaseunit"],
        required: false,
    },
    ColumnSpec {
        name: "End Customer Type",
        aliases: &["endcustomertype"],
        required: false,
    },
    ColumnSpec {
        name: "Change Indicator",
        aliases: &["changeindicator"],
        required: false,
    },
    ColumnSpec {
        name: "Effective Start Date",
        aliases: &["effectivestartdate"],
        required: false,
    },
    ColumnSpec {
        name: "Effective End Date",
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
/// Each with line and column: `csv_malformed`, `price_format_mismatch` (an NCE sheet's
/// header), `missing_column`, `duplicate_column`,
/// `empty_field`, `invalid_decimal` (also for a negative price), `invalid_value` (also for
/// an Offer ID with a control character or of more than 128 characters), `invalid_date`,
/// `duplicate_price_row`, `empty_price_list`.
pub fn parse_legacy_rows(text: &str) -> Result<Vec<PriceRow>> {
    let mut seen = std::collections::HashMap::new();
    let nce = OtherFormat {
        looks_like: super::nce::looks_like_nce,
        expected: "a legacy price list",
        found: "an NCE price sheet",
    };
    read_rows(text, COLUMNS, &nce, |row| {
        let offer_id = OfferId::new(row.id(OFFER_ID, &[])?);
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
        Ok(PriceRow {
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
        })
    })
}
