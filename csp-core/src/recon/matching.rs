//! Pairing expected lines with file rows (SPEC-NCE §15.6–§15.8): keys, the four passes and
//! the classes of a pair.

use std::cmp::Ordering;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::entry::{Entry, ExpectedSide, FileSide, ReconClass, Sign};
use super::expected::ExpectedLine;
use super::report::Tally;
use super::rows::{minor_unit, FileRow};
use super::ReconKind;
use crate::subscription::nce::NceChargeType;

/// The matching key (SPEC-NCE §15.6.1), borrowed from a line or a row: subscription,
/// charge type (NCE: its index among the charge types the engine produces, compared
/// case-insensitively, `u8::MAX` for another; legacy: 0, the charge type being reported, not
/// compared), charge dates, sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Key<'a> {
    subscription: &'a str,
    charge_type: u8,
    start: NaiveDate,
    end: NaiveDate,
    sign: Sign,
}

impl Key<'_> {
    /// The key's sign.
    pub fn sign(&self) -> Sign {
        self.sign
    }
}

/// How the two file kinds compare (SPEC-NCE §15.7).
#[derive(Debug, Clone, Copy)]
pub(super) struct Rules {
    pub kind: ReconKind,
    /// The billing currency's minor units.
    pub m: u32,
}

impl Rules {
    fn charge_code(&self, charge_type: &str) -> u8 {
        match self.kind {
            ReconKind::Nce => NceChargeType::from_name(charge_type)
                .and_then(|t| NceChargeType::ALL.iter().position(|&a| a == t))
                .and_then(|i| u8::try_from(i).ok())
                .unwrap_or(u8::MAX),
            ReconKind::Legacy => 0,
        }
    }

    pub fn line_key<'a>(&self, line: &'a ExpectedLine) -> Key<'a> {
        Key {
            subscription: &line.subscription_id,
            charge_type: self.charge_code(&line.charge_type),
            start: line.charge_start,
            end: line.charge_end,
            sign: Sign::of(line.amount, line.eup.unwrap_or(line.unit_price)),
        }
    }

    pub fn row_key<'a>(&self, row: &'a FileRow) -> Key<'a> {
        Key {
            subscription: &row.subscription_id,
            charge_type: self.charge_code(&row.charge_type),
            start: row.charge_start,
            end: row.charge_end,
            sign: Sign::of(row.amount, row.sign_unit()),
        }
    }

    /// The quantity compared: legacy files sign quantities loosely, so legacy compares
    /// magnitudes (the sign is in the key).
    fn quantity(&self, q: Decimal) -> Decimal {
        match self.kind {
            ReconKind::Nce => q,
            ReconKind::Legacy => q.abs(),
        }
    }

    /// Unit prices equal (SPEC-NCE §15.7): NCE `|P − UnitPrice| < ½ × 10^(−k)`, `k` =
    /// max(2, decimals written); legacy within one minor unit.
    fn same_unit_price(&self, expected: Decimal, file: Decimal) -> bool {
        let Some(off) = expected.checked_sub(file).map(|d| d.abs()) else {
            return false;
        };
        match self.kind {
            ReconKind::Nce => {
                let k = file.scale().max(2);
                k >= 28 || off < Decimal::new(5, k + 1)
            }
            ReconKind::Legacy => off <= minor_unit(self.m),
        }
    }
}

/// The expected lines of a reconciliation sorted by key, for finding a row's lines by
/// binary search without building a key per line: memory is one index per line.
pub(super) struct LineIndex<'e> {
    keys: Vec<(Key<'e>, usize)>,
}

impl<'e> LineIndex<'e> {
    /// The lines `included` of `expected`, by key (then by index).
    pub fn new(
        rules: Rules,
        expected: &'e [ExpectedLine],
        included: impl Fn(&ExpectedLine) -> bool,
    ) -> LineIndex<'e> {
        let mut keys: Vec<(Key<'e>, usize)> = expected
            .iter()
            .enumerate()
            .filter(|(_, l)| included(l))
            .map(|(i, l)| (rules.line_key(l), i))
            .collect();
        keys.sort_unstable();
        LineIndex { keys }
    }

    /// The position of the first line of `key`, if any line has it.
    pub fn find(&self, key: &Key<'_>) -> Option<usize> {
        let at = self.keys.partition_point(|(k, _)| k < key);
        self.keys.get(at).filter(|(k, _)| k == key).map(|_| at)
    }

    /// The groups of lines of one key: the position of the group's first line and the
    /// lines' indices, in key order.
    pub fn groups(&self) -> impl Iterator<Item = (usize, Vec<usize>)> + '_ {
        let mut at = 0;
        std::iter::from_fn(move || {
            let (key, _) = self.keys.get(at)?;
            let start = at;
            while self.keys.get(at).is_some_and(|(k, _)| k == key) {
                at += 1;
            }
            Some((
                start,
                self.keys[start..at].iter().map(|(_, i)| *i).collect(),
            ))
        })
    }
}

/// The expected lines and examined rows of one key.
#[derive(Debug, Default)]
pub(super) struct Bucket {
    pub lines: Vec<usize>,
    pub rows: Vec<FileRow>,
}

/// Runs the passes of SPEC-NCE §15.6.2 on one key's lines and rows, handing each entry to
/// `emit`.
pub(super) fn pair_bucket(
    rules: Rules,
    expected: &[ExpectedLine],
    bucket: Bucket,
    tally: &mut Tally,
) -> crate::error::Result<()> {
    let Bucket {
        mut lines,
        mut rows,
    } = bucket;
    let q = |d: Decimal| rules.quantity(d);
    lines.sort_by(|&a, &b| {
        let (x, y) = (&expected[a], &expected[b]);
        cmp_num(q(x.quantity), q(y.quantity))
            .then(cmp_num(x.amount, y.amount))
            .then(a.cmp(&b))
    });
    // SPEC-NCE §15.6.2 sorts rows by (quantity, amount, row); the compared fields come before
    // the row so that rows equal in quantity and amount but not in price pair the same way
    // whatever their order in the file (§15.13: permuting rows changes only row numbers).
    rows.sort_by(|x, y| {
        cmp_num(q(x.quantity), q(y.quantity))
            .then(cmp_num(x.amount, y.amount))
            .then(cmp_num(x.unit_price, y.unit_price))
            .then(x.eup.cmp(&y.eup))
            .then(x.fx_rate.cmp(&y.fx_rate))
            .then(x.charge_type.cmp(&y.charge_type))
            .then(x.row.cmp(&y.row))
    });
    let mut row_taken = vec![false; rows.len()];
    let mut line_left = Vec::with_capacity(lines.len());
    // a. exact: equal quantity, amount and unit price.
    for &i in &lines {
        let line = &expected[i];
        let found = (0..rows.len()).find(|&r| {
            !row_taken[r]
                && q(rows[r].quantity) == q(line.quantity)
                && rows[r].amount == line.amount
                && rules.same_unit_price(line.exact_unit_price, rows[r].unit_price)
        });
        match found {
            Some(r) => {
                row_taken[r] = true;
                if tally.lists_matched() {
                    tally.add(pair(rules, i, line, &rows[r], ReconClass::Matched)?)?;
                } else {
                    // Counted without building the entry: most rows of a file match.
                    tally.matched(line, rows[r].amount)?;
                }
            }
            None => line_left.push(i),
        }
    }
    // b. same quantity: the first remaining row of equal quantity, classed.
    let mut still_left = Vec::with_capacity(line_left.len());
    for i in line_left {
        let line = &expected[i];
        let found =
            (0..rows.len()).find(|&r| !row_taken[r] && q(rows[r].quantity) == q(line.quantity));
        match found {
            Some(r) => {
                row_taken[r] = true;
                let class = classify(rules, line, &rows[r])?;
                tally.add(pair(rules, i, line, &rows[r], class)?)?;
            }
            None => still_left.push(i),
        }
    }
    // c. leftover: pair by position; d. the rest are missing or unexpected.
    let mut free_rows = (0..rows.len()).filter(|&r| !row_taken[r]);
    for i in still_left {
        let line = &expected[i];
        match free_rows.next() {
            Some(r) => tally.add(pair(rules, i, line, &rows[r], ReconClass::QuantityDiffers)?)?,
            None => tally.add(missing(rules, i, line)?)?,
        }
    }
    for r in free_rows {
        tally.add(unexpected(rules, &rows[r], ReconClass::Unexpected))?;
    }
    Ok(())
}

/// The class of a pass-b pair (SPEC-NCE §15.8): the first that applies.
fn classify(rules: Rules, line: &ExpectedLine, row: &FileRow) -> crate::error::Result<ReconClass> {
    let delta = sub(row.amount, line.amount)?;
    Ok(
        if !rules.same_unit_price(line.exact_unit_price, row.unit_price) {
            ReconClass::PriceDiffers
        } else if rules.kind == ReconKind::Nce && line.fx_rate != row.fx_rate {
            ReconClass::FxRateDiffers
        } else if rules.kind == ReconKind::Nce && line.other_convention_amount == Some(row.amount) {
            ReconClass::Convention
        } else if delta.is_zero() {
            ReconClass::Matched
        } else if delta.abs() <= minor_unit(rules.m) {
            ReconClass::Rounding
        } else {
            ReconClass::AmountDiffers
        },
    )
}

fn cmp_num(a: Decimal, b: Decimal) -> Ordering {
    a.cmp(&b)
}

/// `a − b`, or `amount_overflow`.
pub(super) fn sub(a: Decimal, b: Decimal) -> crate::error::Result<Decimal> {
    a.checked_sub(b).ok_or(crate::error::Error::AmountOverflow {
        operation: "reconciliation difference",
    })
}

fn expected_side(i: usize, line: &ExpectedLine) -> ExpectedSide {
    ExpectedSide {
        index: i,
        quantity: line.quantity,
        unit_price: line.unit_price,
        eup: line.eup,
        fx_rate: line.fx_rate,
        amount: line.amount,
        reference_id: line.reference_id.clone(),
    }
}

fn file_side(row: &FileRow) -> FileSide {
    FileSide {
        row: row.row,
        charge_type: row.charge_type.clone(),
        quantity: row.quantity,
        unit_price: row.unit_price,
        eup: row.eup,
        fx_rate: row.fx_rate,
        amount: row.amount,
        reference_id: row.reference_id.clone(),
    }
}

fn pair(
    rules: Rules,
    i: usize,
    line: &ExpectedLine,
    row: &FileRow,
    class: ReconClass,
) -> crate::error::Result<Entry> {
    Ok(Entry {
        class,
        customer_id: line.customer_id.clone(),
        subscription_id: line.subscription_id.clone(),
        charge_type: line.charge_type.clone(),
        charge_start: line.charge_start,
        charge_end: line.charge_end,
        sign: rules.line_key(line).sign(),
        expected: Some(expected_side(i, line)),
        file: Some(file_side(row)),
        delta: sub(row.amount, line.amount)?,
    })
}

/// An expected line no row explains: `Δ = −expected`.
fn missing(rules: Rules, i: usize, line: &ExpectedLine) -> crate::error::Result<Entry> {
    Ok(Entry {
        class: ReconClass::Missing,
        customer_id: line.customer_id.clone(),
        subscription_id: line.subscription_id.clone(),
        charge_type: line.charge_type.clone(),
        charge_start: line.charge_start,
        charge_end: line.charge_end,
        sign: rules.line_key(line).sign(),
        expected: Some(expected_side(i, line)),
        file: None,
        delta: sub(Decimal::ZERO, line.amount)?,
    })
}

/// A row alone (`unexpected`, `not_modelled`, `out_of_scope`): `Δ = +file`.
pub(super) fn unexpected(rules: Rules, row: &FileRow, class: ReconClass) -> Entry {
    Entry {
        class,
        customer_id: row.customer_id.clone(),
        subscription_id: row.subscription_id.clone(),
        charge_type: row.charge_type.clone(),
        charge_start: row.charge_start,
        charge_end: row.charge_end,
        sign: rules.row_key(row).sign(),
        expected: None,
        file: Some(file_side(row)),
        delta: row.amount,
    }
}
