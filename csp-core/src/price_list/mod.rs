//! Monthly price lists, the price book, NCE price sheets, CSV parsing and diffs (SPEC §3).
//!
//! Parsing is a pure function of the CSV text: reading files belongs to callers.

mod book;
mod csv_table;
mod diff;
mod legacy;
mod nce;
mod timestamp;

pub use book::{Price, PriceBook, PriceList, PRICE_LIST_NOTICE_DAYS};
pub use diff::{diff, diff_rows, ChangeIndicator, DiffRow};
pub use legacy::{parse_legacy_rows, PriceRow};
pub use nce::{parse_nce_rows, BillingPlan, NceKey, NceRow, NceSheet, TermDuration};

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

/// Tells the format of a price file from its header (the first non-blank line), or `None`
/// when it is neither.
pub fn detect_format(text: &str) -> Option<PriceFileFormat> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .records()
        .map_while(|r| r.ok())
        .find(|r| r.iter().any(|f| !f.trim().is_empty()))?;
    let names: Vec<String> = header
        .iter()
        .map(|h| {
            h.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        })
        .collect();
    if nce::looks_like_nce(&names) {
        Some(PriceFileFormat::Nce)
    } else if legacy::looks_like_legacy(&names) {
        Some(PriceFileFormat::Legacy)
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
