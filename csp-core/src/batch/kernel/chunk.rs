//! The batch kernel's columnar pass over a chunk of rows (SPEC §6.1, §6.2, §6.4).
//!
//! The columnar pass of [`SeatKernel::run`]: a chunk of rows in four tight loops — charge
//! periods from the start table, prices gathered from the price table, amounts in 64-bit
//! integers, then totals — so that the processor overlaps the memory reads of many rows
//! (the price table and the totals do not fit its caches) instead of waiting on each.
//!
//! The pass gives up on a chunk (before changing any total) at anything it does not take —
//! another policy than the default, a refused row, an amount beyond 64 bits — and
//! [`SeatKernel::run`] prices the rest of the chunk one row at a time instead, with the same
//! results and the row's own error.

use std::ops::{Deref, Range};

use super::{Cell, SeatKernel, StartFacts};
use crate::batch::columns::{DenseTotals, Frequencies, LineColumns, SeatColumns};
use crate::price_list::PriceBook;

/// Rows per chunk: the per-row scratch (about 40 bytes a row) stays in the L1 cache.
pub(super) const CHUNK: usize = 256;

impl<B: Deref<Target = PriceBook>> SeatKernel<B> {
    /// Prices rows `range` of `rows` into `totals` and `out` in the columnar pass. Returns
    /// how many rows from `range.start` it priced: the rest need the row path (0 when it
    /// changed nothing but the kernel's lookup tables).
    pub(super) fn run_chunk(
        &mut self,
        rows: &SeatColumns<'_>,
        range: Range<usize>,
        totals: &mut DenseTotals,
        out: Option<&mut LineColumns>,
    ) -> usize {
        if !self.exact || range.len() > CHUNK {
            return 0;
        }
        let Some((customer, offer, quantity, start, change)) = rows.part(range.clone()) else {
            return 0;
        };
        let n = range.len();
        let mut list = [0u32; CHUNK];
        let mut first = [0i32; CHUNK];
        let mut last = [0i32; CHUNK];
        let months_all = match rows.frequency {
            Frequencies::All(f) => i64::from(f.months()),
            Frequencies::PerRow(_) => 0,
        };
        let mut months = [months_all; CHUNK];
        let mut amount = [0i64; CHUNK];

        // 1. Charge periods: the start table is small and hot.
        let annual = match rows.frequency {
            Frequencies::All(f) => f.months() >= self.term_months,
            Frequencies::PerRow(_) => false,
        };
        // Every customer id within the totals (and their slots on their way to the cache).
        if !totals.touch(customer) {
            return 0;
        }
        for j in 0..n {
            let (s, c) = (start[j], change[j]);
            let Ok(info) = self.start_facts(s, !annual) else {
                return 0;
            };
            if annual {
                // One charge period: the whole term.
                if info.list == StartFacts::REFUSED || c < s || c > info.term_last {
                    return 0;
                }
                (list[j], first[j], last[j]) = (info.list, s, info.term_last);
                continue;
            }
            let frequency = match rows.frequency {
                Frequencies::All(f) => f,
                Frequencies::PerRow(f) => match f.get(range.start + j) {
                    Some(f) => *f,
                    None => return 0,
                },
            };
            let Ok((l, f, e)) = self.charge_period(info, s, c, frequency) else {
                return 0;
            };
            (list[j], first[j], last[j], months[j]) = (l, f, e, i64::from(frequency.months()));
        }
        // 2. Prices: one independent read per row, in a loop of its own so that the reads
        // of many rows are in flight at once.
        let mut cells = [Cell::UNKNOWN; CHUNK];
        for j in 0..n {
            cells[j] = self.cell(list[j], offer[j]);
        }
        for j in 0..n {
            let cell = match cells[j].get() {
                Some(cell) => cell,
                None => match self.fill_price(list[j], offer[j], start[j]) {
                    Ok(cell) => cell,
                    Err(_) => return 0,
                },
            };
            // 3. The amount, as the row path computes it.
            let (mantissa, scale) = cell;
            let days = i64::from(last[j]) - i64::from(change[j]) + 1;
            let period_days = i64::from(last[j]) - i64::from(first[j]) + 1;
            let small = mantissa
                .checked_mul(months[j])
                .and_then(|price| self.exact_small(price, scale, quantity[j], days, period_days));
            match small {
                Some(a) if crate::input::is_seat_change(quantity[j]) => amount[j] = a,
                _ => return 0,
            }
        }
        // 4. Totals and lines: a running sum leaving 64 bits goes to the row path from
        // that row on (which carries it exactly, or refuses it beyond i128).
        let mut out = out;
        for j in 0..n {
            if !totals.add_small(customer[j], amount[j]) {
                return j;
            }
            if let Some(out) = out.as_deref_mut() {
                out.push_parts(i128::from(amount[j]), first[j], change[j], last[j]);
            }
        }
        n
    }
}
