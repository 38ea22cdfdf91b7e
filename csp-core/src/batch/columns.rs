//! The batch kernel's inputs and outputs as columns: dense ids, day numbers, minor units (SPEC §6).

use super::hash::FxMap;
use super::kernel::DenseLine;
use crate::error::{Error, Result};
use crate::subscription::BillingFrequency;

/// Seat changes as columns of equal length (row `i` is element `i` of each): what a binding
/// hands [`super::SeatKernel::run`] after interning its strings once.
///
/// Dates are day numbers (days since 1970-01-01, as Arrow's `date32`;
/// [`crate::calendar::epoch_day`]).
#[derive(Debug, Clone, Copy)]
pub struct SeatColumns<'a> {
    /// Dense customer ids (the caller's: an [`super::Interner`], Arrow dictionary keys…).
    pub customer: &'a [u32],
    /// Dense offer ids from [`super::SeatKernel::offer`].
    pub offer: &'a [u32],
    /// Seats added (negative: removed); never 0.
    pub quantity: &'a [i64],
    /// Term start (order date) of each subscription.
    pub term_start: &'a [i32],
    /// Date of each change, inside its term.
    pub change_date: &'a [i32],
    /// Billing frequency of every row, or of each.
    pub frequency: Frequencies<'a>,
}

/// The billing frequency of a batch's rows.
#[derive(Debug, Clone, Copy)]
pub enum Frequencies<'a> {
    /// The same for every row.
    All(BillingFrequency),
    /// One per row.
    PerRow(&'a [BillingFrequency]),
}

/// Rows of [`SeatColumns`] as plain slices: customer, offer, quantity, term start,
/// change date.
pub(crate) type RowSlices<'a> = (&'a [u32], &'a [u32], &'a [i64], &'a [i32], &'a [i32]);

impl<'a> SeatColumns<'a> {
    /// Rows `range` of every column but the frequency (`None` beyond a column's end).
    pub(crate) fn part(&self, range: std::ops::Range<usize>) -> Option<RowSlices<'a>> {
        Some((
            self.customer.get(range.clone())?,
            self.offer.get(range.clone())?,
            self.quantity.get(range.clone())?,
            self.term_start.get(range.clone())?,
            self.change_date.get(range)?,
        ))
    }

    /// The common length of the columns.
    ///
    /// # Errors
    /// `invalid_input` when they differ.
    pub fn check_lengths(&self) -> Result<usize> {
        let len = self.customer.len();
        let mut lens = vec![
            self.offer.len(),
            self.quantity.len(),
            self.term_start.len(),
            self.change_date.len(),
        ];
        if let Frequencies::PerRow(f) = self.frequency {
            lens.push(f.len());
        }
        if lens.iter().any(|l| *l != len) {
            return Err(Error::InvalidInput {
                what: "batch columns",
                text: format!("lengths {len} and {lens:?}"),
                expected: "columns of equal length",
            });
        }
        Ok(len)
    }
}

/// The lines of a batch as columns (amounts in minor units, dates as day numbers).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineColumns {
    /// Line amounts in the currency's minor units.
    pub amount: Vec<i128>,
    /// First day charged (the change date).
    pub service_start: Vec<i32>,
    /// Last day charged.
    pub service_end: Vec<i32>,
    /// Days charged.
    pub days: Vec<u32>,
    /// Days of the charge period.
    pub period_days: Vec<u32>,
}

impl LineColumns {
    /// Makes room for `n` more lines.
    pub fn reserve(&mut self, n: usize) {
        self.amount.reserve(n);
        self.service_start.reserve(n);
        self.service_end.reserve(n);
        self.days.reserve(n);
        self.period_days.reserve(n);
    }

    /// Appends one line.
    pub fn push(&mut self, line: &DenseLine) {
        self.push_parts(
            line.amount,
            line.charge_first,
            line.service_first,
            line.service_last,
        );
    }

    /// Appends the line of `amount` charged from `first` to `last`, in the charge period
    /// starting on `charge_first` and ending on `last` (day numbers).
    pub(crate) fn push_parts(&mut self, amount: i128, charge_first: i32, first: i32, last: i32) {
        self.amount.push(amount);
        self.service_start.push(first);
        self.service_end.push(last);
        self.days.push(last.abs_diff(first) + 1);
        self.period_days.push(last.abs_diff(charge_first) + 1);
    }

    /// Lines held.
    pub fn len(&self) -> usize {
        self.amount.len()
    }

    /// Whether no line is held.
    pub fn is_empty(&self) -> bool {
        self.amount.is_empty()
    }
}

/// Totals per dense customer id: the sum of the line amounts in minor units and the line
/// count, for ids `0..customers()`.
///
/// Each customer's running sum is 64 bits beside its count (one cache line touched per
/// row); a sum that would leave 64 bits moves into an exact 128-bit carry, so totals
/// never overflow below `i128`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DenseTotals {
    slots: Vec<Slot>,
    carry: FxMap<u32, i128>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Slot {
    total: i64,
    lines: u64,
}

impl DenseTotals {
    /// Totals for customer ids `0..customers`, all zero.
    pub fn new(customers: usize) -> DenseTotals {
        DenseTotals {
            slots: vec![Slot::default(); customers],
            carry: FxMap::default(),
        }
    }

    /// Grows to hold customer ids `0..customers` (never shrinks).
    pub fn grow_to(&mut self, customers: usize) {
        if customers > self.slots.len() {
            self.slots.resize(customers, Slot::default());
        }
    }

    /// Customer ids held.
    pub fn customers(&self) -> usize {
        self.slots.len()
    }

    /// Adds a line of `amount` minor units to `customer`.
    ///
    /// # Errors
    /// `invalid_input` for an id beyond [`DenseTotals::customers`]; `amount_overflow`
    /// beyond `i128`.
    #[inline(always)]
    pub fn add(&mut self, customer: u32, amount: i128) -> Result<()> {
        let Some(slot) = self.slots.get_mut(customer as usize) else {
            return Err(Error::InvalidInput {
                what: "batch customer id",
                text: customer.to_string(),
                expected: "an id below the totals' customer count",
            });
        };
        slot.lines += 1;
        if let Some(sum) = i64::try_from(amount)
            .ok()
            .and_then(|a| slot.total.checked_add(a))
        {
            slot.total = sum;
            return Ok(());
        }
        // Beyond 64 bits: the running sum and this amount go to the exact carry.
        let moved = i128::from(std::mem::take(&mut slot.total));
        let carry = self.carry.entry(customer).or_insert(0);
        *carry = carry
            .checked_add(moved)
            .and_then(|c| c.checked_add(amount))
            .ok_or(Error::AmountOverflow {
                operation: "customer total",
            })?;
        Ok(())
    }

    /// Reads the slots of `customers` (and discards what it read): run in a tight loop
    /// ahead of their [`DenseTotals::add`]s, the slots' cache misses overlap instead of
    /// queueing one by one (a prefetch without `unsafe`). Returns whether every id is
    /// within the table.
    #[inline(always)]
    pub(crate) fn touch(&self, customers: &[u32]) -> bool {
        let mut x = 0i64;
        let mut inside = true;
        for c in customers {
            match self.slots.get(*c as usize) {
                Some(slot) => x ^= slot.total,
                None => inside = false,
            }
        }
        std::hint::black_box(x);
        inside
    }

    /// [`DenseTotals::add`] for an amount within 64 bits and a customer within the table
    /// (both checked by the caller): `false` when the running sum would leave 64 bits,
    /// without adding anything.
    #[inline(always)]
    pub(crate) fn add_small(&mut self, customer: u32, amount: i64) -> bool {
        match self.slots.get_mut(customer as usize) {
            Some(slot) => match slot.total.checked_add(amount) {
                Some(sum) => {
                    slot.total = sum;
                    slot.lines += 1;
                    true
                }
                None => false,
            },
            None => false,
        }
    }

    /// The total of `customer` in minor units and its line count (zeros for an id without
    /// lines or beyond the table).
    ///
    /// # Errors
    /// `amount_overflow` beyond `i128`.
    pub fn get(&self, customer: u32) -> Result<(i128, u64)> {
        let slot = self
            .slots
            .get(customer as usize)
            .copied()
            .unwrap_or_default();
        let carry = self.carry.get(&customer).copied().unwrap_or(0);
        let total = carry
            .checked_add(i128::from(slot.total))
            .ok_or(Error::AmountOverflow {
                operation: "customer total",
            })?;
        Ok((total, slot.lines))
    }

    /// The grand total in minor units.
    ///
    /// # Errors
    /// `amount_overflow`.
    pub fn grand_total(&self) -> Result<i128> {
        let overflow = Error::AmountOverflow {
            operation: "grand total",
        };
        let mut sum = 0i128;
        for s in &self.slots {
            sum = sum
                .checked_add(i128::from(s.total))
                .ok_or(overflow.clone())?;
        }
        for c in self.carry.values() {
            sum = sum.checked_add(*c).ok_or(overflow.clone())?;
        }
        Ok(sum)
    }
}
