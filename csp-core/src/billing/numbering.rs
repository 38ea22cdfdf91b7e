//! Invoice numbers (SPEC §8): the partner's prefix + a sequence, which continues after the
//! numbers the issued runs used and never reuses one of them.
//!
//! Decisions where SPEC §8 is silent:
//! - every issued run given counts, whatever its month: an invoice number names one invoice
//!   forever;
//! - a number belongs to the partner's current prefix when it is that prefix followed by
//!   decimal digits only (`INV-0042` is sequence 42 of `INV-`); numbers of other prefixes
//!   (a prefix changed since) neither continue nor clash;
//! - numbering is a pure function of the inputs: rerunning a month with the same issued runs
//!   gives the same numbers.

use std::collections::BTreeMap;

use super::bill::BillRun;
use crate::calendar::YearMonth;
use crate::error::{Error, Result};

/// Where a bill run's invoice numbers start (the next bills, in customer order, take the
/// next numbers).
///
/// ```
/// use csp_core::billing::FirstNumber;
/// assert_eq!(FirstNumber::from(1001), FirstNumber::Given(1001));
/// assert_eq!(FirstNumber::from(None), FirstNumber::AfterIssued);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FirstNumber {
    /// One after the highest number the issued runs used with the partner's prefix (1 when
    /// none did).
    #[default]
    AfterIssued,
    /// This number, as the caller supplies it: refused (`duplicate_invoice_number`) when it
    /// or a following number of the run was already issued with the same prefix.
    Given(u64),
}

impl From<u64> for FirstNumber {
    fn from(n: u64) -> FirstNumber {
        FirstNumber::Given(n)
    }
}

impl From<Option<u64>> for FirstNumber {
    fn from(n: Option<u64>) -> FirstNumber {
        n.map_or(FirstNumber::AfterIssued, FirstNumber::Given)
    }
}

/// The sequence numbers the issued runs used with one prefix, and the month of each.
#[derive(Debug)]
pub(super) struct IssuedNumbers<'p> {
    prefix: &'p str,
    used: BTreeMap<u64, YearMonth>,
}

/// The sequence of `number` under `prefix`: the prefix, then decimal digits only.
fn sequence_of(prefix: &str, number: &str) -> Option<u64> {
    let digits = number.strip_prefix(prefix)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

impl<'p> IssuedNumbers<'p> {
    /// The numbers `runs` used with `prefix`.
    pub(super) fn new(prefix: &'p str, runs: &[BillRun]) -> IssuedNumbers<'p> {
        let mut used = BTreeMap::new();
        for run in runs {
            for bill in &run.bills {
                if let Some(n) = sequence_of(prefix, &bill.invoice.number) {
                    used.entry(n).or_insert(run.month);
                }
            }
        }
        IssuedNumbers { prefix, used }
    }

    /// The run's first number.
    ///
    /// # Errors
    /// `amount_overflow` when the highest issued number is `u64::MAX`.
    pub(super) fn first(&self, first: FirstNumber) -> Result<u64> {
        match first {
            FirstNumber::Given(n) => Ok(n),
            FirstNumber::AfterIssued => match self.used.keys().next_back() {
                None => Ok(1),
                Some(n) => n.checked_add(1).ok_or(Error::AmountOverflow {
                    operation: "invoice number",
                }),
            },
        }
    }

    /// Checks that `n` was not issued.
    ///
    /// # Errors
    /// `duplicate_invoice_number`, naming the run that used it and the highest issued.
    pub(super) fn check(&self, n: u64) -> Result<()> {
        match (self.used.get(&n), self.used.keys().next_back()) {
            (Some(month), Some(highest)) => Err(Error::DuplicateInvoiceNumber {
                number: format!("{}{n}", self.prefix),
                month: month.to_string(),
                highest: format!("{}{highest}", self.prefix),
            }),
            _ => Ok(()),
        }
    }
}
