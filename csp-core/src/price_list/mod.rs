//! Monthly price lists, the price book, NCE price sheets, CSV parsing and diffs (SPEC §3).
//!
//! Parsing is a pure function of the CSV text: reading files belongs to callers.

mod book;
mod csv_fields;
mod csv_parts;
mod csv_stream;
pub(crate) mod csv_table;
mod diff;
mod encoding;
mod legacy;
mod nce;
mod nce_key;
mod nce_parts;
mod nce_sheet;
mod timestamp;

pub use book::{Price, PriceBook, PriceList};
pub use diff::{diff, diff_rows, ChangeIndicator, DiffRow};
pub use encoding::decode_text;
pub use legacy::{parse_legacy_rows, PriceRow};
pub use nce::{parse_nce_rows, NceRow};
pub use nce_key::{NceKey, PriceSegment, TierRange};
#[cfg(feature = "threads")]
pub use nce_parts::parse_nce_rows_parallel;
pub use nce_parts::{NcePart, NceParts};
pub use nce_sheet::NceSheet;
// The NCE sheet's words live in the leaf module `vocab`; they stay reachable here.
pub use crate::vocab::{BillingPlan, TermDuration};

/// The two price file formats csp-core reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum PriceFileFormat {
    /// The legacy license-based monthly price list.
    Legacy,
    /// The NCE license-based price sheet.
    Nce,
}

/// Tells the format of a price file from its header (the first non-blank line).
///
/// # Errors
/// `unknown_price_format` (with the header's line) when the header is neither a legacy
/// price list's nor an NCE sheet's.
pub fn detect_format(text: &str) -> crate::Result<PriceFileFormat> {
    let (line, names) = csv_table::header_names(text);
    if nce::looks_like_nce(&names) {
        Ok(PriceFileFormat::Nce)
    } else if legacy::looks_like_legacy(&names) {
        Ok(PriceFileFormat::Legacy)
    } else {
        Err(crate::Error::UnknownPriceFormat { line, column: 0 })
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_edges;
#[cfg(test)]
mod tests_parts;
