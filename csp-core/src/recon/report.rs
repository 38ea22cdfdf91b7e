//! A reconciliation's result (SPEC-NCE §15.9–§15.12): totals that add up to the cent, audit
//! coverage, status, entries and row flags.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::{Decimal, RoundingStrategy};

use super::entry::{Entry, ReconClass};
use super::expected::ExpectedLine;
use super::rows::RowFlag;
use super::ReconKind;
use crate::error::{Error, Result};
use crate::money::Currency;

/// The version of the report's JSON form.
pub const REPORT_VERSION: u32 = 1;

/// The count and `Σ Δ` of one class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClassTotal {
    /// Entries of the class.
    pub count: u64,
    /// `Σ Δ` over them.
    pub amount: Decimal,
}

/// Totals (SPEC-NCE §15.9). Exactly, with no rounding:
/// `microsoft_total = expected_total + Σ_c by_class[c].amount`, and `difference` = the sum over
/// every class but `out_of_scope` and `not_modelled` = `microsoft_total − out_of_scope_total −
/// not_modelled_total − expected_total`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconTotals {
    /// Σ amount over every row of the file (NCE `Subtotal`, legacy `Amount`).
    pub microsoft_total: Decimal,
    /// Σ amount over the expected lines.
    pub expected_total: Decimal,
    /// The audited difference.
    pub difference: Decimal,
    /// Σ amount of the rows out of scope.
    pub out_of_scope_total: Decimal,
    /// Σ amount of the rows of charge types the engine never produces.
    pub not_modelled_total: Decimal,
    /// Legacy: Σ `TotalOtherDiscount` (`None` for NCE files).
    pub discounts_total: Option<Decimal>,
    /// Count and `Σ Δ` by class (every class present, zeros included).
    pub by_class: BTreeMap<ReconClass, ClassTotal>,
}

/// Audit coverage (SPEC-NCE §15.10): what was read, examined and matched, so that "no
/// differences" can never come from auditing nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    /// Rows of the file.
    pub file_rows: u64,
    /// Rows out of scope.
    pub rows_out_of_scope: u64,
    /// Rows of charge types the engine never produces.
    pub rows_not_modelled: u64,
    /// Rows examined: `rows_matched + rows_differing + rows_unexpected`.
    pub rows_examined: u64,
    /// Rows matched to an expected line.
    pub rows_matched: u64,
    /// Rows paired with an expected line but not matched.
    pub rows_differing: u64,
    /// Rows no expected line explains.
    pub rows_unexpected: u64,
    /// Expected lines: `rows_matched + rows_differing + expected_missing`.
    pub expected_lines: u64,
    /// Expected lines Microsoft did not bill.
    pub expected_missing: u64,
    /// `100 × rows_examined / file_rows`, half-up to 2 decimals (`None` on no rows).
    pub examined_pct: Option<Decimal>,
    /// `100 × rows_matched / file_rows`, half-up to 2 decimals.
    pub matched_pct: Option<Decimal>,
    /// `100 × Σ|amount| examined / Σ|amount| of all rows`, half-up to 2 decimals.
    pub examined_amount_pct: Option<Decimal>,
}

/// One customer's totals and coverage: per customer, as overall,
/// `microsoft_total = expected_total + Σ Δ` of the customer's entries, and
/// `difference = microsoft_total − out_of_scope_total − not_modelled_total − expected_total`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomerTotals {
    /// The customer.
    pub customer_id: String,
    /// Rows of the file for the customer.
    pub file_rows: u64,
    /// Of them, examined.
    pub rows_examined: u64,
    /// Of them, matched.
    pub rows_matched: u64,
    /// The customer's expected lines.
    pub expected_lines: u64,
    /// Entries of the customer that are differences (neither matched, nor out of scope, nor
    /// not modelled).
    pub differences: u64,
    /// Σ amount of the customer's rows.
    pub microsoft_total: Decimal,
    /// Σ amount of the customer's expected lines.
    pub expected_total: Decimal,
    /// The customer's audited difference.
    pub difference: Decimal,
    /// Σ amount of the customer's rows out of scope.
    pub out_of_scope_total: Decimal,
    /// Σ amount of the customer's rows not modelled.
    pub not_modelled_total: Decimal,
}

impl CustomerTotals {
    fn add(&mut self, entry: &Entry) -> Result<()> {
        if let Some(file) = &entry.file {
            self.file_rows += 1;
            self.microsoft_total = add(self.microsoft_total, file.amount)?;
        }
        if let Some(expected) = &entry.expected {
            self.expected_lines += 1;
            self.expected_total = add(self.expected_total, expected.amount)?;
        }
        match entry.class {
            ReconClass::OutOfScope => {
                self.out_of_scope_total = add(self.out_of_scope_total, entry.delta)?
            }
            ReconClass::NotModelled => {
                self.not_modelled_total = add(self.not_modelled_total, entry.delta)?
            }
            class => {
                if entry.file.is_some() {
                    self.rows_examined += 1;
                }
                if class == ReconClass::Matched {
                    self.rows_matched += 1;
                } else {
                    self.differences += 1;
                }
                self.difference = add(self.difference, entry.delta)?;
            }
        }
        Ok(())
    }
}

/// The outcome (SPEC-NCE §15.10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReconStatus {
    /// At least one row matched, and every examined row and expected line matched.
    Clean,
    /// Something differs.
    Differences,
    /// Nothing was examined and nothing expected (e.g. every row out of scope): never clean.
    NothingAudited,
}

impl ReconStatus {
    /// `clean`, `differences`, `nothing_audited`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ReconStatus::Clean => "clean",
            ReconStatus::Differences => "differences",
            ReconStatus::NothingAudited => "nothing_audited",
        }
    }
}

/// The invoice check (SPEC-NCE §15.11, NCE): Σ `Total` of all rows − the credit notes given
/// = the invoice total given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvoiceCheck {
    /// Σ `Total` over every row (`Subtotal + TaxTotal` where a row has no `Total`).
    pub rows_total: Decimal,
    /// The caller's credit notes.
    pub credit_notes: Decimal,
    /// The caller's invoice total.
    pub invoice_total: Decimal,
    /// Whether `rows_total − credit_notes = invoice_total`.
    pub agrees: bool,
}

/// A reconciliation's report (SPEC-NCE §15.12).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconReport {
    /// The file's kind.
    pub file_kind: ReconKind,
    /// The billing currency.
    pub currency: Currency,
    /// The period reconciled, as the caller names it (`2024-05`).
    pub period: String,
    /// The policy the expected lines were priced under (`nce_b`…).
    pub policy: String,
    /// The outcome.
    pub status: ReconStatus,
    /// Totals.
    pub totals: ReconTotals,
    /// Coverage.
    pub coverage: Coverage,
    /// Totals and coverage by customer, in customer order (every customer with a row or an
    /// expected line).
    pub customers: Vec<CustomerTotals>,
    /// The entries listed (`matched` and `out_of_scope` only when asked), in the report's
    /// order.
    pub entries: Vec<Entry>,
    /// Row self-check flags, by row.
    pub flags: Vec<RowFlag>,
    /// The invoice check, when the caller gave invoice figures (NCE).
    pub invoice_check: Option<InvoiceCheck>,
}

/// Counts every entry, keeps the ones listed.
#[derive(Debug)]
pub(super) struct Tally {
    include_matched: bool,
    include_out_of_scope: bool,
    pub listed: Vec<Entry>,
    by_class: [ClassTotal; 11],
    customers: Vec<CustomerTotals>,
    customer_index: HashMap<String, usize>,
    pub file_rows: u64,
    pub microsoft_total: Decimal,
    pub expected_total: Decimal,
    pub discounts_total: Decimal,
    pub rows_total: Decimal,
    all_abs: Decimal,
    examined_abs: Decimal,
}

/// `a + b`, or `amount_overflow`.
pub(super) fn add(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_add(b).ok_or(Error::AmountOverflow {
        operation: "reconciliation total",
    })
}

impl Tally {
    pub fn new(include_matched: bool, include_out_of_scope: bool) -> Tally {
        Tally {
            include_matched,
            include_out_of_scope,
            listed: Vec::new(),
            by_class: [ClassTotal::default(); 11],
            customers: Vec::new(),
            customer_index: HashMap::new(),
            file_rows: 0,
            microsoft_total: Decimal::ZERO,
            expected_total: Decimal::ZERO,
            discounts_total: Decimal::ZERO,
            rows_total: Decimal::ZERO,
            all_abs: Decimal::ZERO,
            examined_abs: Decimal::ZERO,
        }
    }

    /// Whether matched entries are listed (else [`Tally::matched`] counts them).
    pub fn lists_matched(&self) -> bool {
        self.include_matched
    }

    /// The totals of `customer`, created empty on first use.
    fn customer(&mut self, customer: &str) -> &mut CustomerTotals {
        let at = match self.customer_index.get(customer) {
            Some(&at) => at,
            None => {
                let at = self.customers.len();
                self.customers.push(CustomerTotals {
                    customer_id: customer.to_string(),
                    ..CustomerTotals::default()
                });
                self.customer_index.insert(customer.to_string(), at);
                at
            }
        };
        &mut self.customers[at]
    }

    /// The customers' totals, in customer order.
    pub fn take_customers(&mut self) -> Vec<CustomerTotals> {
        let mut customers = std::mem::take(&mut self.customers);
        customers.sort_by(|a, b| a.customer_id.cmp(&b.customer_id));
        customers
    }

    /// Counts a matched pair that is not listed, as [`Tally::add`] counts its entry
    /// (`Δ = 0`), without building the entry.
    pub fn matched(&mut self, line: &ExpectedLine, amount: Decimal) -> Result<()> {
        self.by_class[ReconClass::Matched.index()].count += 1;
        self.examined_abs = add(self.examined_abs, amount.abs())?;
        let c = self.customer(&line.customer_id);
        c.file_rows += 1;
        c.rows_examined += 1;
        c.rows_matched += 1;
        c.expected_lines += 1;
        c.microsoft_total = add(c.microsoft_total, amount)?;
        c.expected_total = add(c.expected_total, line.amount)?;
        Ok(())
    }

    /// Counts one entry; lists it unless it is `matched` or `out_of_scope` and not asked.
    pub fn add(&mut self, entry: Entry) -> Result<()> {
        self.customer(&entry.customer_id).add(&entry)?;
        let total = &mut self.by_class[entry.class.index()];
        total.count += 1;
        total.amount = add(total.amount, entry.delta)?;
        if let Some(file) = &entry.file {
            if !matches!(
                entry.class,
                ReconClass::OutOfScope | ReconClass::NotModelled
            ) {
                self.examined_abs = add(self.examined_abs, file.amount.abs())?;
            }
        }
        let listed = match entry.class {
            ReconClass::Matched => self.include_matched,
            ReconClass::OutOfScope => self.include_out_of_scope,
            _ => true,
        };
        if listed {
            self.listed.push(entry);
        }
        Ok(())
    }

    /// Counts one row of the file (every row, whatever its entry).
    pub fn row(&mut self, amount: Decimal) -> Result<()> {
        self.file_rows += 1;
        self.microsoft_total = add(self.microsoft_total, amount)?;
        self.all_abs = add(self.all_abs, amount.abs())?;
        Ok(())
    }

    fn count(&self, class: ReconClass) -> u64 {
        self.by_class[class.index()].count
    }

    fn amount(&self, class: ReconClass) -> Decimal {
        self.by_class[class.index()].amount
    }

    /// Totals, coverage and status.
    pub fn finish(&self, kind: ReconKind) -> Result<(ReconTotals, Coverage, ReconStatus)> {
        let mut difference = Decimal::ZERO;
        let mut by_class = BTreeMap::new();
        for class in ReconClass::ALL {
            if class.is_audited() {
                difference = add(difference, self.amount(class))?;
            }
            by_class.insert(class, self.by_class[class.index()]);
        }
        let totals = ReconTotals {
            microsoft_total: self.microsoft_total,
            expected_total: self.expected_total,
            difference,
            out_of_scope_total: self.amount(ReconClass::OutOfScope),
            not_modelled_total: self.amount(ReconClass::NotModelled),
            discounts_total: (kind == ReconKind::Legacy).then_some(self.discounts_total),
            by_class,
        };
        let differing = [
            ReconClass::PriceDiffers,
            ReconClass::FxRateDiffers,
            ReconClass::Convention,
            ReconClass::Rounding,
            ReconClass::AmountDiffers,
            ReconClass::QuantityDiffers,
        ]
        .iter()
        .map(|&c| self.count(c))
        .sum::<u64>();
        let matched = self.count(ReconClass::Matched);
        let unexpected = self.count(ReconClass::Unexpected);
        let missing = self.count(ReconClass::Missing);
        let examined = matched + differing + unexpected;
        let coverage = Coverage {
            file_rows: self.file_rows,
            rows_out_of_scope: self.count(ReconClass::OutOfScope),
            rows_not_modelled: self.count(ReconClass::NotModelled),
            rows_examined: examined,
            rows_matched: matched,
            rows_differing: differing,
            rows_unexpected: unexpected,
            expected_lines: matched + differing + missing,
            expected_missing: missing,
            examined_pct: percent(Decimal::from(examined), Decimal::from(self.file_rows)),
            matched_pct: percent(Decimal::from(matched), Decimal::from(self.file_rows)),
            examined_amount_pct: percent(self.examined_abs, self.all_abs),
        };
        let status = if examined == 0 && coverage.expected_lines == 0 {
            ReconStatus::NothingAudited
        } else if matched >= 1 && examined == matched && coverage.expected_lines == matched {
            ReconStatus::Clean
        } else {
            ReconStatus::Differences
        };
        Ok((totals, coverage, status))
    }
}

/// `100 × part / whole`, half-up to 2 decimals; `None` on a zero whole.
fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    part.checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|p| p.checked_div(whole))
        .map(|p| p.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
}
