//! A term start date's price list and charge-period days, once per date (SPEC §3, §6.1).
//!
//! What the batch needs to know about a term start date, computed once per distinct date:
//! the price list in force on it and the day numbers of its charge-period boundaries.

use super::hash::FxMap;

/// A term start date's facts, as day numbers (days since 1970-01-01): 12 bytes, read by
/// value on the hot path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct StartFacts {
    /// Dense index of the price list in force on the date (read as of it), or
    /// [`StartFacts::REFUSED`] when the book refuses it or the term leaves the calendar (the
    /// error is rebuilt on use).
    pub(super) list: u32,
    /// Last day of the term.
    pub(super) term_last: i32,
    /// `1 +` index of the date's charge-period bounds; `0` marks a slot not computed yet.
    id: u32,
}

impl StartFacts {
    /// The `list` of a refused start.
    pub(super) const REFUSED: u32 = u32::MAX;
}

/// The widest span of days kept in the dense window (about 180 years); dates outside it go
/// to a hash map. Bounds the window's memory whatever the input.
const MAX_WINDOW: usize = 1 << 16;

/// Start dates → [`StartFacts`]: a dense window of day numbers around the dates seen (one
/// array read on the hot path), with a hash map for the rare dates far outside it; and each
/// date's charge-period bounds `add_months(start, k)`, `k = 0..=term months`.
#[derive(Debug, Default)]
pub(super) struct StartTable {
    /// Day number of `slots[0]`.
    base: i32,
    slots: Vec<StartFacts>,
    far: FxMap<i32, StartFacts>,
    bounds: Vec<Box<[i32]>>,
}

impl StartTable {
    /// The facts of `day`, if computed.
    #[inline(always)]
    pub(super) fn get(&self, day: i32) -> Option<StartFacts> {
        let offset = i64::from(day) - i64::from(self.base);
        let facts = match usize::try_from(offset).ok().and_then(|o| self.slots.get(o)) {
            Some(f) => *f,
            None => self.far.get(&day).copied().unwrap_or_default(),
        };
        (facts.id != 0).then_some(facts)
    }

    /// The charge-period bounds of a start (empty when not tabled).
    pub(super) fn bounds(&self, facts: StartFacts) -> &[i32] {
        facts
            .id
            .checked_sub(1)
            .and_then(|i| self.bounds.get(i as usize))
            .map_or(&[], |b| &**b)
    }

    /// Records the facts of `day` (replacing any): its list (`None`: refused), term's
    /// last day (`None`: beyond the calendar) and bounds.
    pub(super) fn insert(
        &mut self,
        day: i32,
        list: Option<u32>,
        term_last: Option<i32>,
        bounds: Box<[i32]>,
    ) {
        self.bounds.push(bounds);
        let facts = StartFacts {
            list: match (list, term_last) {
                (Some(l), Some(_)) if l != StartFacts::REFUSED => l,
                _ => StartFacts::REFUSED,
            },
            term_last: term_last.unwrap_or(0),
            id: u32::try_from(self.bounds.len()).unwrap_or(u32::MAX),
        };
        match self.window_slot(day) {
            Some(slot) => *slot = facts,
            None => {
                self.far.insert(day, facts);
            }
        }
    }

    /// The window's slot for `day`, growing the window (at least doubling, so that growth
    /// is amortised) while it stays within [`MAX_WINDOW`].
    fn window_slot(&mut self, day: i32) -> Option<&mut StartFacts> {
        if self.slots.is_empty() {
            self.base = day;
        }
        let offset = i64::from(day) - i64::from(self.base);
        let len = self.slots.len();
        if offset < 0 {
            let need = usize::try_from(-offset).ok()?;
            let grow = need.max(len).max(64);
            if len + grow > MAX_WINDOW {
                return None;
            }
            let mut slots = vec![StartFacts::default(); grow];
            slots.extend_from_slice(&self.slots);
            self.slots = slots;
            self.base = i32::try_from(i64::from(self.base) - grow as i64).ok()?;
        } else {
            let need = usize::try_from(offset).ok()? + 1;
            if need > len {
                let new_len = need.max(2 * len).clamp(64, MAX_WINDOW);
                if need > new_len {
                    return None;
                }
                self.slots.resize(new_len, StartFacts::default());
            }
        }
        let offset = usize::try_from(i64::from(day) - i64::from(self.base)).ok()?;
        self.slots.get_mut(offset)
    }
}

#[cfg(test)]
mod tests;
