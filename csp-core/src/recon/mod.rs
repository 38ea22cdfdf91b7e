//! Microsoft's reconciliation files read as rows (SPEC-NCE §15.1–§15.4): the NCE invoice
//! recon file ([`NceReconRow`]) and the legacy license-based one ([`LegacyReconRow`]).
//!
//! Reading is a pure function of the text, as for price files: reading the file belongs to
//! the caller. Headers match as in the price-file readers (lower-cased ASCII letters and
//! digits: `SubscriptionId` = `subscription_id` = `SUBSCRIPTIONID`), in any order, unknown
//! columns ignored. Money is an exact [`Decimal`](rust_decimal::Decimal) kept as written
//! (`-?digits[.digits]`), dates keep the date part of §12.1.5's forms (`2/28/2019 23:59` is
//! 28 February), and every refusal names its line (header = 1) and column.
//!
//! A [`ReconReader`] yields rows one at a time from the text, so a file of a million lines
//! is read in bounded memory; [`ReconReader::read_all`] and [`read_recon`] collect them.
//!
//! The other way, [`render`] writes the engine's lines as such files ([`write_nce_recon`],
//! [`write_legacy_recon`]).
//!
//! ```
//! use csp_core::money::Currency;
//! use csp_core::recon::{nce_recon_reader, ReconKind};
//! use rust_decimal::Decimal;
//!
//! let text = "CustomerId,SubscriptionId,ChargeType,ChargeStartDate,ChargeEndDate,\
//!             UnitPrice,EffectiveUnitPrice,Quantity,BillableQuantity,Subtotal,Currency\n\
//!             c1,s1,new,2/1/2024,2/29/2024 23:59,12.00,12.00,3,2,24.00,USD\n";
//! assert_eq!(ReconKind::detect(text)?, ReconKind::Nce);
//! let rows = nce_recon_reader(text)?.read_all()?;
//! assert_eq!(rows[0].subscription_id, "s1");
//! // BillableQuantity (2) is used for reconciliation rather than Quantity (3).
//! assert_eq!(rows[0].quantity, Decimal::from(2));
//! assert_eq!(rows[0].subtotal.to_string(), "24.00");
//! assert_eq!(rows[0].currency, Currency::USD);
//! assert_eq!(rows[0].charge_end.to_string(), "2024-02-29");
//! # Ok::<(), csp_core::Error>(())
//! ```

mod entry;
mod expected;
mod legacy;
mod matching;
mod nce;
mod reconcile;
pub mod render;
#[cfg(feature = "serde")]
mod render_html;
#[cfg(feature = "serde")]
mod render_report;
mod report;
mod rows;
mod text;

use chrono::NaiveDate;

pub use entry::{Entry, ExpectedSide, FileSide, ReconClass, Sign};
pub use expected::{legacy_expected_lines, nce_expected_lines, ExpectedLine};
pub use legacy::{legacy_recon_reader, legacy_recon_reader_from, LegacyReconRow};
pub use nce::{nce_recon_reader, nce_recon_reader_from, NceReconRow};
pub use reconcile::{
    reconcile, reconcile_read, InvoiceFigures, ReconOptions, ReconRequest, ReconScope, HEADER_BYTES,
};
pub use render::{
    legacy_charge_type, write_legacy_recon, write_nce_recon, LEGACY_RECON_COLUMNS,
    NCE_RECON_COLUMNS,
};
#[cfg(feature = "serde")]
pub use render_html::HTML_CHART_CUSTOMERS;
#[cfg(feature = "serde")]
pub use render_report::ENTRY_CSV_COLUMNS;
pub use report::{
    ClassTotal, Coverage, CustomerTotals, InvoiceCheck, ReconReport, ReconStatus, ReconTotals,
    REPORT_VERSION,
};
pub use rows::RowFlag;
pub use text::{money_scaled, money_text};

use crate::error::{Error, Result};
use crate::money::Currency;
use crate::price_list::csv_table::{self, OtherFormat, Records, Row};

/// The two reconciliation file formats (SPEC-NCE §15.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReconKind {
    /// The NCE (modern) invoice reconciliation file (SPEC-NCE §15.2).
    Nce,
    /// The legacy license-based reconciliation file (SPEC-NCE §15.3).
    Legacy,
}

impl ReconKind {
    /// `nce` or `legacy`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ReconKind::Nce => "nce",
            ReconKind::Legacy => "legacy",
        }
    }

    /// Tells the format of a recon file from its header (the first non-blank record, after
    /// an optional BOM): a column `EffectiveUnitPrice` means NCE, else a column
    /// `SyndicationPartnerSubscriptionNumber` means legacy (headers compared as the readers
    /// compare them).
    ///
    /// # Errors
    /// `unknown_recon_format` with the header's line (1 for an empty text) when the header
    /// has neither column.
    pub fn detect(text: &str) -> Result<ReconKind> {
        let (line, names) = csv_table::header_names(text);
        let has = |name: &str| names.iter().any(|n| n == name);
        if has("effectiveunitprice") {
            Ok(ReconKind::Nce)
        } else if has("syndicationpartnersubscriptionnumber") {
            Ok(ReconKind::Legacy)
        } else {
            Err(Error::UnknownReconFormat { line, column: 0 })
        }
    }
}

/// The rows of a whole recon file, of either kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReconRows {
    /// The rows of an NCE invoice recon file.
    Nce(Vec<NceReconRow>),
    /// The rows of a legacy license-based recon file.
    Legacy(Vec<LegacyReconRow>),
}

impl ReconRows {
    /// The file's kind.
    pub fn kind(&self) -> ReconKind {
        match self {
            ReconRows::Nce(_) => ReconKind::Nce,
            ReconRows::Legacy(_) => ReconKind::Legacy,
        }
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        match self {
            ReconRows::Nce(rows) => rows.len(),
            ReconRows::Legacy(rows) => rows.len(),
        }
    }

    /// Whether the file has no rows (a header alone).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Reads a whole recon file of `kind`, or of the kind [`ReconKind::detect`] tells when
/// `kind` is `None`.
///
/// # Errors
/// `unknown_recon_format` (detection only), then the reader's errors (see
/// [`nce_recon_reader`], [`legacy_recon_reader`] and [`ReconReader`]).
pub fn read_recon(text: &str, kind: Option<ReconKind>) -> Result<ReconRows> {
    let kind = match kind {
        Some(kind) => kind,
        None => ReconKind::detect(text)?,
    };
    Ok(match kind {
        ReconKind::Nce => ReconRows::Nce(nce_recon_reader(text)?.read_all()?),
        ReconKind::Legacy => ReconRows::Legacy(legacy_recon_reader(text)?.read_all()?),
    })
}

/// Recon files have no other format to tell apart from.
const NOT_OTHER: OtherFormat = OtherFormat {
    looks_like: |_| false,
    expected: "",
    found: "",
};

/// Rows of a recon file read one at a time from its text (an iterator of `Result<R>`): one
/// CSV record buffer is reused and no row is kept, so memory stays bounded whatever the
/// file's length.
///
/// Rows come in file order. After the first error the iterator ends. Besides each row's own
/// refusals (`csv_malformed` for a record of the wrong width, `empty_field`,
/// `invalid_decimal`, `invalid_date`, `invalid_value`, each with line and column), a row in
/// another currency than the first row's is `currency_mismatch` (SPEC-NCE §15.4.5: one
/// currency per file); that code's context is the two currencies, and [`ReconReader::line`]
/// names the row's line.
pub struct ReconReader<'t, R> {
    records: Records<'t>,
    read: fn(&Row<'_>) -> Result<R>,
    place: fn(&R) -> (Currency, u64),
    first_currency: Option<Currency>,
    line: u64,
    done: bool,
}

impl<'t, R> ReconReader<'t, R> {
    fn open(
        text: &'t str,
        specs: &'static [csv_table::ColumnSpec],
        read: fn(&Row<'_>) -> Result<R>,
        place: fn(&R) -> (Currency, u64),
    ) -> Result<Self> {
        Ok(ReconReader::over(
            Records::open(text, specs, &NOT_OTHER)?,
            read,
            place,
        ))
    }

    fn open_read(
        reader: impl std::io::Read + 't,
        specs: &'static [csv_table::ColumnSpec],
        read: fn(&Row<'_>) -> Result<R>,
        place: fn(&R) -> (Currency, u64),
    ) -> Result<Self> {
        let records = Records::open_read(reader, specs, &NOT_OTHER)?;
        Ok(ReconReader::over(records, read, place))
    }

    fn over(
        records: Records<'t>,
        read: fn(&Row<'_>) -> Result<R>,
        place: fn(&R) -> (Currency, u64),
    ) -> Self {
        ReconReader {
            records,
            read,
            place,
            first_currency: None,
            line: 0,
            done: false,
        }
    }

    /// The currency of the rows read so far (the first row's), `None` before the first.
    pub fn currency(&self) -> Option<Currency> {
        self.first_currency
    }

    /// The line of the last row yielded or refused by a `currency_mismatch` (0 before the
    /// first row).
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Reads every remaining row.
    ///
    /// # Errors
    /// The first error the iterator yields.
    pub fn read_all(self) -> Result<Vec<R>> {
        self.collect()
    }
}

impl<R> std::fmt::Debug for ReconReader<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReconReader")
            .field("currency", &self.first_currency)
            .field("line", &self.line)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<R> Iterator for ReconReader<'_, R> {
    type Item = Result<R>;

    fn next(&mut self) -> Option<Result<R>> {
        if self.done {
            return None;
        }
        let item = self.records.next_row(self.read)?.and_then(|row| {
            let (currency, line) = (self.place)(&row);
            self.line = line;
            match self.first_currency {
                None => {
                    self.first_currency = Some(currency);
                    Ok(row)
                }
                Some(first) if first == currency => Ok(row),
                Some(first) => Err(Error::CurrencyMismatch {
                    expected: first,
                    actual: currency,
                }),
            }
        });
        self.done = item.is_err();
        Some(item)
    }
}

/// The date part of a required timestamp field (SPEC-NCE §12.1.5's forms): `empty_field`,
/// `invalid_date`.
fn date(row: &Row<'_>, col: usize) -> Result<NaiveDate> {
    row.req(col)?;
    opt_date(row, col)?.ok_or_else(|| Error::EmptyField {
        line: row.line,
        column: row.column_of(col),
        name: row.name(col),
    })
}

/// The date part of an optional timestamp field (`None` when empty or absent).
fn opt_date(row: &Row<'_>, col: usize) -> Result<Option<NaiveDate>> {
    Ok(row.opt_timestamp(col)?.map(|t| t.date()))
}

/// A required ISO 4217 currency code; else `invalid_value`.
fn currency(row: &Row<'_>, col: usize) -> Result<Currency> {
    row.choice(col, "an ISO 4217 currency code such as USD", |v| {
        Currency::from_code(v).ok()
    })
}

/// An optional field as written (trimmed), empty when the field is empty or the column
/// absent; never an error.
fn text(row: &Row<'_>, col: usize) -> String {
    row.opt(col).unwrap_or_default().to_string()
}

/// A column spec: display name, normalised spellings, required.
macro_rules! column {
    ($name:literal, [$($alias:literal),+], $required:expr) => {
        $crate::price_list::csv_table::ColumnSpec {
            name: $name,
            aliases: &[$($alias),+],
            required: $required,
        }
    };
}
use column;

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_reconcile;
#[cfg(test)]
mod tests_stream;
