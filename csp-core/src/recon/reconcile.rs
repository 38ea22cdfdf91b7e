//! The reconciliation itself (SPEC-NCE §15.1, §15.5): one pass over the file's rows, then
//! the passes over each key's lines and rows.

use std::collections::{BTreeSet, HashSet};
use std::io::Read;

use rust_decimal::Decimal;

use super::entry::ReconClass;
use super::expected::ExpectedLine;
use super::matching::{pair_bucket, unexpected, Bucket, LineIndex, Rules};
use super::report::{add, InvoiceCheck, ReconReport, Tally};
use super::rows::{FileRow, ReconRow, RowFlag};
use super::{
    legacy_recon_reader, legacy_recon_reader_from, nce_recon_reader, nce_recon_reader_from,
    ReconKind, ReconReader,
};
use crate::error::{Error, Result};
use crate::money::Currency;

/// Who and what a reconciliation audits (SPEC-NCE §15.1): the customers (the expected
/// lines' customers are always in), and products left out (Azure plan, software…).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReconScope {
    /// Customer ids in scope besides the expected lines' own.
    pub customers: BTreeSet<String>,
    /// Product ids out of scope (NCE `ProductId`, legacy `DurableOfferId`). Expected lines
    /// of these products are left out of the reconciliation too.
    pub excluded_products: BTreeSet<String>,
}

/// The invoice figures of the optional invoice check (SPEC-NCE §15.11, NCE files).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvoiceFigures {
    /// The invoice's total as Microsoft's invoice (PDF) states it.
    pub invoice_total: Decimal,
    /// Σ of the credit notes of the period.
    pub credit_notes: Decimal,
}

/// What a report lists besides the differences.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReconOptions {
    /// List `matched` entries too.
    pub include_matched: bool,
    /// List `out_of_scope` entries too.
    pub include_out_of_scope: bool,
    /// Check the file against the invoice's figures.
    pub invoice: Option<InvoiceFigures>,
}

/// The engine's side of a reconciliation and how to report it.
#[derive(Debug, Clone, Copy)]
pub struct ReconRequest<'a> {
    /// The file's kind, or `None` to detect it ([`ReconKind::detect`]).
    pub kind: Option<ReconKind>,
    /// The expected lines of the period (their order is their `index` in the report).
    pub expected: &'a [ExpectedLine],
    /// The billing currency of the expected lines; the file's must be the same.
    pub currency: Currency,
    /// The period's name for the report (`2024-05`).
    pub period: &'a str,
    /// The policy the expected lines were priced under, for the report (`nce_b`…).
    pub policy: &'a str,
    /// The scope.
    pub scope: &'a ReconScope,
    /// What to list and check besides.
    pub options: ReconOptions,
}

/// Reconciles a recon file's text against the expected lines (SPEC-NCE §15): every file row
/// and every expected line ends in exactly one entry, totals add up exactly and coverage
/// says what was audited.
///
/// The file is read one row at a time; only the rows of keys that have expected lines are
/// kept until the end, so memory follows the expected lines and the differences, not the
/// file's length.
///
/// # Errors
/// `unknown_recon_format` (detection, when `kind` is `None`); `invalid_input` for a file of
/// the other kind than `kind` (a legacy file for an NCE book); the readers' errors with line and column;
/// `currency_mismatch` when the file's currency is not the expected lines'; `amount_overflow`
/// when a total leaves the decimal range.
///
/// ```
/// use csp_core::money::Currency;
/// use csp_core::recon::{reconcile, ExpectedLine, ReconRequest, ReconScope, ReconStatus};
/// use rust_decimal::Decimal;
///
/// let file = "CustomerId,SubscriptionId,ChargeType,ChargeStartDate,ChargeEndDate,\
///             UnitPrice,EffectiveUnitPrice,Quantity,Subtotal,Currency\n\
///             c1,s1,new,2/1/2024,2/29/2024,12.00,12.00,2,24.00,USD\n";
/// let line = ExpectedLine {
///     customer_id: "c1".into(),
///     subscription_id: "s1".into(),
///     product_id: "CFQ7TTC0LH18".into(),
///     charge_type: "new".into(),
///     charge_start: "2024-02-01".parse().unwrap(),
///     charge_end: "2024-02-29".parse().unwrap(),
///     quantity: Decimal::from(2),
///     unit_price: Decimal::new(1200, 2),
///     exact_unit_price: Decimal::new(1200, 2),
///     eup: Some(Decimal::new(1200, 2)),
///     fx_rate: Some(Decimal::ONE),
///     amount: Decimal::new(2400, 2),
///     other_convention_amount: None,
///     reference_id: "o1".into(),
/// };
/// let scope = ReconScope::default();
/// let report = reconcile(
///     file,
///     &ReconRequest {
///         kind: None,
///         expected: &[line],
///         currency: Currency::USD,
///         period: "2024-02",
///         policy: "nce_b",
///         scope: &scope,
///         options: Default::default(),
///     },
/// )?;
/// assert_eq!(report.status, ReconStatus::Clean);
/// assert_eq!(report.coverage.rows_matched, 1);
/// # Ok::<(), csp_core::Error>(())
/// ```
pub fn reconcile(text: &str, request: &ReconRequest<'_>) -> Result<ReconReport> {
    match file_kind(text, request.kind)? {
        ReconKind::Nce => run(nce_recon_reader(text)?, request),
        ReconKind::Legacy => run(legacy_recon_reader(text)?, request),
    }
}

/// The most bytes [`reconcile_read`] reads ahead to find the header.
pub const HEADER_BYTES: usize = 1 << 16;

/// As [`reconcile`], from a stream of the file's bytes (a file opened by the caller): the
/// header is found in its first [`HEADER_BYTES`] bytes, then rows are read as they are
/// matched, so the file is never held whole and memory follows the expected lines and the
/// differences.
///
/// # Errors
/// As [`reconcile`]; a stream that fails is `csv_malformed` ("the file could not be read").
pub fn reconcile_read(
    mut reader: impl std::io::Read,
    request: &ReconRequest<'_>,
) -> Result<ReconReport> {
    let mut head = Vec::with_capacity(HEADER_BYTES.min(1 << 12));
    (&mut reader)
        .take(HEADER_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|_| Error::CsvMalformed {
            line: 1,
            column: 0,
            detail: "the file could not be read".to_string(),
        })?;
    // The header is complete unless it is longer than the bytes read: cut at the last line
    // break (a text of one unterminated line is its own header).
    let cut = head
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(head.len(), |i| i + 1);
    let prefix = String::from_utf8_lossy(&head[..cut]);
    let kind = file_kind(&prefix, request.kind)?;
    let stream = std::io::Cursor::new(head).chain(reader);
    match kind {
        ReconKind::Nce => run(nce_recon_reader_from(stream)?, request),
        ReconKind::Legacy => run(legacy_recon_reader_from(stream)?, request),
    }
}

/// The kind to read a file as: the detected one, or the one given, which the file must not
/// contradict.
fn file_kind(text: &str, kind: Option<ReconKind>) -> Result<ReconKind> {
    Ok(match (kind, ReconKind::detect(text)) {
        (Some(kind), Ok(found)) if found != kind => {
            return Err(Error::InvalidInput {
                what: "recon file",
                text: format!("a {} recon file", found.as_str()),
                expected: match kind {
                    ReconKind::Nce => "Microsoft's NCE invoice recon file (for an NCE book)",
                    ReconKind::Legacy => {
                        "Microsoft's legacy license-based recon file (for a legacy book)"
                    }
                },
            })
        }
        (Some(kind), _) => kind,
        (None, found) => found?,
    })
}

fn run<R: ReconRow>(reader: ReconReader<'_, R>, request: &ReconRequest<'_>) -> Result<ReconReport> {
    let rules = Rules {
        kind: R::KIND,
        m: request.currency.minor_units(),
    };
    let scope = request.scope;
    let mut customers: HashSet<&str> = scope.customers.iter().map(String::as_str).collect();
    let mut tally = Tally::new(
        request.options.include_matched,
        request.options.include_out_of_scope,
    );
    let excluded = |line: &ExpectedLine| scope.excluded_products.contains(&line.product_id);
    for line in request.expected.iter().filter(|l| !excluded(l)) {
        customers.insert(&line.customer_id);
        tally.expected_total = add(tally.expected_total, line.amount)?;
    }
    let index = LineIndex::new(rules, request.expected, |l| !excluded(l));
    // The rows of keys that have lines, with the position of their key's first line.
    let mut held: Vec<(usize, FileRow)> = Vec::new();
    let mut flags: Vec<RowFlag> = Vec::new();
    let mut first = true;
    for row in reader {
        let row = row?;
        if first {
            first = false;
            let currency = row.currency();
            if currency != request.currency {
                return Err(Error::CurrencyMismatch {
                    expected: request.currency,
                    actual: currency,
                });
            }
        }
        row.check(rules.m, &mut flags);
        let mut row = row.file_row();
        tally.row(row.amount)?;
        if let Some(discount) = row.discount {
            tally.discounts_total = add(tally.discounts_total, discount)?;
        }
        if let Some(total) = row.invoice_total {
            tally.rows_total = add(tally.rows_total, total)?;
        }
        if !customers.contains(row.customer_id.as_str())
            || scope.excluded_products.contains(&row.product_id)
        {
            tally.add(unexpected(rules, &row, ReconClass::OutOfScope))?;
        } else if !row.modelled {
            tally.add(unexpected(rules, &row, ReconClass::NotModelled))?;
        } else {
            match index.find(&rules.row_key(&row)) {
                Some(at) => {
                    // Only the fields matching and the report read are kept.
                    row.product_id = String::new();
                    held.push((at, row));
                }
                None => tally.add(unexpected(rules, &row, ReconClass::Unexpected))?,
            }
        }
    }
    // Each key's rows in file order, then the passes key by key.
    held.sort_by_key(|(at, row)| (*at, row.row));
    let mut rows = held.into_iter().peekable();
    for (at, lines) in index.groups() {
        let mut bucket = Bucket {
            lines,
            rows: Vec::new(),
        };
        while let Some((_, row)) = rows.next_if(|(p, _)| *p == at) {
            bucket.rows.push(row);
        }
        pair_bucket(rules, request.expected, bucket, &mut tally)?;
    }
    let (totals, coverage, status) = tally.finish(R::KIND)?;
    let mut entries = std::mem::take(&mut tally.listed);
    entries.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
    flags.sort_by_key(|f| f.row);
    let invoice_check = match request.options.invoice {
        Some(figures) if R::KIND == ReconKind::Nce => {
            let net = tally.rows_total.checked_sub(figures.credit_notes);
            Some(InvoiceCheck {
                rows_total: tally.rows_total,
                credit_notes: figures.credit_notes,
                invoice_total: figures.invoice_total,
                agrees: net == Some(figures.invoice_total),
            })
        }
        _ => None,
    };
    Ok(ReconReport {
        file_kind: R::KIND,
        currency: request.currency,
        period: request.period.to_string(),
        policy: request.policy.to_string(),
        status,
        totals,
        coverage,
        customers: tally.take_customers(),
        entries,
        flags,
        invoice_check,
    })
}
