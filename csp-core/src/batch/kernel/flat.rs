//! The batch kernel's flat fast path for whole-term charge periods (SPEC §6.1, §6.2, §6.4).
//!
//! The fast path of [`SeatKernel::run`] when every row's charge period is its whole term
//! (annual billing) and the policy is exact: the tables of a plain 64-bit kernel — the term's
//! last day and price list tabled per start day in one flat window indexed by day number,
//! the list prices of one month as dense 64-bit minor units in one flat `[list][offer]`
//! array — and one exact integer division per row, summed into the dense totals.
//!
//! The pass stops at the first row it cannot take. [`SeatKernel::run`] then either fills
//! the tables for that row (a start day or a price seen for the first time) and resumes, or
//! prices that one row on the general path ([`SeatKernel::line`]): a refused row, a price
//! with more decimals than the currency, an amount or a total beyond 64 bits. Both give the
//! same amounts (the same rational, rounded by the same rule) and the general path gives
//! the row's own error, so the results and refusals do not depend on the path.

use std::ops::{Deref, Range};

use super::{Cell, SeatKernel, StartFacts, POW10_I64};
use crate::batch::columns::{DenseTotals, LineColumns, SeatColumns};
use crate::input::is_seat_change;
use crate::money::ratio::div_round_i64;
use crate::price_list::PriceBook;

/// The widest window of start days (about 180 years), as the start table's.
const MAX_DAYS: usize = 1 << 16;

/// A start day's entry: the term's last day and the dense index of its price list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Day {
    term_last: i32,
    list: u32,
}

impl Day {
    /// Not looked up yet.
    const UNKNOWN: Day = Day {
        term_last: 0,
        list: u32::MAX,
    };
    /// Refused by the book, or beyond the calendar: the general path says why.
    const SLOW: Day = Day {
        term_last: 0,
        list: u32::MAX - 1,
    };
    /// Whether the entry holds a list.
    #[inline(always)]
    fn ready(self) -> bool {
        self.list < u32::MAX - 1
    }
}

/// A price the flat table does not hold (not looked up yet, refused, or not a whole number
/// of minor units).
const NO_PRICE: i64 = i64::MIN;

/// The flat tables of the fast path, filled as rows first need them and kept across runs.
#[derive(Debug, Default)]
pub(super) struct FlatTables {
    /// Day number of `days[0]`.
    base: i32,
    /// Start day → its [`Day`].
    days: Vec<Day>,
    /// Offers per row of `prices`.
    stride: usize,
    /// `prices[list × stride + offer]`: one seat for one month in minor units, or
    /// [`NO_PRICE`].
    prices: Vec<i64>,
}

impl FlatTables {
    /// The entry of start day `day`, if within the window.
    fn day_slot(&mut self, day: i32) -> Option<&mut Day> {
        let offset = usize::try_from(i64::from(day) - i64::from(self.base)).ok()?;
        self.days.get_mut(offset)
    }

    /// Grows the window (at least doubling) to hold `day`; `false` beyond [`MAX_DAYS`].
    fn hold_day(&mut self, day: i32) -> bool {
        if self.days.is_empty() {
            self.base = day;
        }
        let (lo, hi) = (
            i64::from(self.base),
            i64::from(self.base) + self.days.len() as i64,
        );
        let (want_lo, want_hi) = (lo.min(i64::from(day)), hi.max(i64::from(day) + 1));
        let need = usize::try_from(want_hi - want_lo).unwrap_or(usize::MAX);
        if need > MAX_DAYS {
            return false;
        }
        let len = need.max(2 * self.days.len()).clamp(64, MAX_DAYS).max(need);
        // Grow toward the side the day is on.
        let new_lo = if want_lo < lo {
            want_hi - len as i64
        } else {
            want_lo
        };
        let Ok(new_base) = i32::try_from(new_lo) else {
            return false;
        };
        let mut days = vec![Day::UNKNOWN; len];
        let shift = usize::try_from(lo - new_lo).unwrap_or(0);
        if let Some(dst) = days.get_mut(shift..shift + self.days.len()) {
            dst.copy_from_slice(&self.days);
        }
        self.days = days;
        self.base = new_base;
        true
    }

    /// Re-lays the price table out for `offers` offers per list.
    fn widen(&mut self, offers: usize) {
        let stride = offers.max(self.stride + self.stride / 2);
        let lists = self.prices.len() / self.stride.max(1);
        let mut prices = vec![NO_PRICE; lists * stride];
        if self.stride > 0 {
            for (new, old) in prices
                .chunks_exact_mut(stride)
                .zip(self.prices.chunks_exact(self.stride))
            {
                if let Some(dst) = new.get_mut(..old.len()) {
                    dst.copy_from_slice(old);
                }
            }
        }
        self.prices = prices;
        self.stride = stride;
    }

    /// Makes room for list `list`'s row.
    fn hold_list(&mut self, list: u32) {
        let need = (list as usize + 1) * self.stride;
        if self.prices.len() < need {
            self.prices.resize(need, NO_PRICE);
        }
    }
}

/// The fixed inputs of one fast pass.
struct Pass {
    /// Months priced per charge period (the frequency's).
    months: i64,
    /// The line rounding.
    mode: crate::money::RoundingMode,
}

impl<B: Deref<Target = PriceBook>> SeatKernel<B> {
    /// Whether the fast path takes rows billed `months` months at a time: one charge period
    /// per term, and the exact policy.
    pub(super) fn flat_takes(&self, months: u32) -> bool {
        self.exact && self.term_months >= 1 && months >= self.term_months
    }

    /// Prices rows `range` of `rows` (every one billed `months` months at a time, see
    /// [`SeatKernel::flat_takes`]) on the flat path while it can; returns the first row it
    /// did not price (`range.end` when it priced them all).
    pub(super) fn run_flat(
        &self,
        rows: &SeatColumns<'_>,
        range: Range<usize>,
        months: u32,
        totals: &mut DenseTotals,
        mut out: Option<&mut LineColumns>,
    ) -> usize {
        let start_at = range.start;
        let Some((customer, offer, quantity, start, change)) = rows.part(range.clone()) else {
            return start_at;
        };
        let pass = Pass {
            months: i64::from(months),
            mode: self.line_mode,
        };
        let flat = &self.flat;
        let (base, days, stride, prices) =
            (flat.base, &flat.days[..], flat.stride, &flat.prices[..]);
        let columns = customer
            .iter()
            .zip(offer)
            .zip(quantity)
            .zip(start.iter().zip(change));
        for (j, (((c, o), q), (s, ch))) in columns.enumerate() {
            let (s, ch, q, o) = (*s, *ch, *q, *o as usize);
            // A day before the window wraps to a huge offset: not found.
            let offset = u32::from_ne_bytes(s.wrapping_sub(base).to_ne_bytes()) as usize;
            let Some(day) = days.get(offset).copied() else {
                return start_at + j;
            };
            if !day.ready() || ch < s || ch > day.term_last || !is_seat_change(q) || o >= stride {
                return start_at + j;
            }
            let price = match prices.get(day.list as usize * stride + o) {
                Some(p) if *p != NO_PRICE => *p,
                _ => return start_at + j,
            };
            // ch ≤ term_last and s ≤ ch: both at least one day.
            let billed = i64::from(day.term_last) - i64::from(ch) + 1;
            let period = i64::from(day.term_last) - i64::from(s) + 1;
            let Some(num) = price
                .checked_mul(pass.months)
                .and_then(|p| p.checked_mul(q))
                .and_then(|p| p.checked_mul(billed))
            else {
                return start_at + j;
            };
            let amount = div_round_i64(num, period, pass.mode);
            if !totals.add_small(*c, amount) {
                return start_at + j;
            }
            if let Some(out) = out.as_deref_mut() {
                out.push_parts(i128::from(amount), s, ch, day.term_last);
            }
        }
        range.end
    }

    /// Fills the flat tables for row `i` of `rows`, which the flat pass stopped at. Returns
    /// whether it filled anything (then the pass may take the row); `false` when the row
    /// needs the general path.
    pub(super) fn flat_fill(&mut self, rows: &SeatColumns<'_>, i: usize) -> bool {
        let (Some(start), Some(offer)) = (rows.term_start.get(i), rows.offer.get(i)) else {
            return false;
        };
        let (start, offer) = (*start, *offer);
        if self.flat.day_slot(start).is_none() && !self.flat.hold_day(start) {
            return false;
        }
        let day = match self.flat.day_slot(start) {
            Some(d) => *d,
            None => return false,
        };
        if day == Day::UNKNOWN {
            let fresh = match self.start_facts(start, false) {
                Ok(info) if info.list != StartFacts::REFUSED => Day {
                    term_last: info.term_last,
                    list: info.list,
                },
                _ => Day::SLOW,
            };
            if fresh.ready() {
                self.flat.hold_list(fresh.list);
            }
            if let Some(slot) = self.flat.day_slot(start) {
                *slot = fresh;
            }
            return true;
        }
        if !day.ready() || offer as usize >= self.offers.len() {
            return false;
        }
        if offer as usize >= self.flat.stride {
            self.flat.widen(self.offers.len());
            self.flat.hold_list(day.list);
            return true;
        }
        self.flat_price(day.list, offer)
    }

    /// Copies the price of `offer` in `list` into the flat table (the whole list's row on
    /// the list's first use); `false` when it was there already or is not a whole number of
    /// minor units.
    fn flat_price(&mut self, list: u32, offer: u32) -> bool {
        let at = list as usize * self.flat.stride + offer as usize;
        if self.flat.prices.get(at).is_none_or(|p| *p != NO_PRICE) {
            return false;
        }
        let first_use = self.prices.get(list as usize).is_none_or(Vec::is_empty);
        if self.cell(list, offer) == Cell::UNKNOWN && self.fill_cells(list, offer).is_err() {
            return false;
        }
        let minor = self.currency.minor_units();
        let per_minor = |cell: Cell| -> i64 {
            cell.get()
                .and_then(|(m, scale)| {
                    let up = POW10_I64.get(minor.checked_sub(scale)? as usize)?;
                    m.checked_mul(*up)
                })
                .unwrap_or(NO_PRICE)
        };
        let stride = self.flat.stride;
        let row_start = list as usize * stride;
        if first_use {
            let cells = self.prices.get(list as usize).map_or(&[][..], |r| &r[..]);
            if let Some(dst) = self.flat.prices.get_mut(row_start..row_start + stride) {
                for (slot, cell) in dst.iter_mut().zip(cells) {
                    *slot = per_minor(*cell);
                }
            }
        } else {
            let price = per_minor(self.cell(list, offer));
            if let Some(slot) = self.flat.prices.get_mut(at) {
                *slot = price;
            }
        }
        self.flat.prices.get(at).is_some_and(|p| *p != NO_PRICE)
    }
}
