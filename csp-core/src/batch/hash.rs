//! The batch's hashing and interning (DESIGN §5; no SPEC rule of its own).
//!
//! The batch's hashing and interning: a fast hasher for its own tables, and dense ids for
//! the caller's strings (customers, offers), so that the hot loop indexes vectors.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::error::{Error, Result};

/// A fast non-cryptographic hasher (the Fx algorithm) for the batch's own lookup tables:
/// their keys are the caller's offers, dates and customers, so flooding is not a concern,
/// and SipHash would cost more than the proration itself.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        for b in chunks.remainder() {
            self.add(u64::from(*b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_i32(&mut self, n: i32) {
        self.add(u64::from(u32::from_ne_bytes(n.to_ne_bytes())));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        // A final avalanche (SplitMix64's), so that the table's low index bits and high
        // tag bits both depend on every byte: similar keys (`C000123`, `C000124`) then
        // spread instead of clustering.
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A map with the [`FxHasher`].
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Strings ↔ dense ids `0, 1, 2…` in the order first seen: customers and offers of a batch
/// become vector indices once, and the hot loop never hashes a string.
///
/// The names sit end to end in one string and the index is an open-addressing table of
/// ids, so that interning a name costs one hash and one copy of its bytes, not an
/// allocation of its own (a stream of a million customers interns fifty thousand).
///
/// ```
/// use csp_core::batch::Interner;
/// let mut ids = Interner::default();
/// assert_eq!(ids.intern("fabrikam")?, 0);
/// assert_eq!(ids.intern("contoso")?, 1);
/// assert_eq!(ids.intern("fabrikam")?, 0);
/// assert_eq!(ids.name(1), Some("contoso"));
/// # Ok::<(), csp_core::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Interner {
    /// Every name, end to end, in id order.
    text: String,
    /// `ends[i]`: where name `i` ends in `text` (it starts where name `i − 1` ends).
    ends: Vec<usize>,
    /// `hashes[i]`: the hash of name `i`.
    hashes: Vec<u64>,
    /// Ids by hash, linear probing ([`EMPTY`]: a free slot); a power of two in size, at
    /// most half full.
    slots: Vec<u32>,
}

/// A free slot of [`Interner::slots`].
const EMPTY: u32 = u32::MAX;

impl PartialEq for Interner {
    /// The same names with the same ids.
    fn eq(&self, other: &Interner) -> bool {
        self.ends == other.ends && self.text == other.text
    }
}

impl Eq for Interner {}

/// The first slot to probe for `hash` in a table of `mask + 1` slots.
fn first_slot(hash: u64, mask: usize) -> usize {
    usize::try_from(hash & mask as u64).unwrap_or(0)
}

fn hash_of(name: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(name.as_bytes());
    h.finish()
}

impl Interner {
    /// The id of `name`, a new one (the next integer) when it was not seen before.
    ///
    /// # Errors
    /// `amount_overflow` beyond 2³² − 1 distinct names.
    pub fn intern(&mut self, name: &str) -> Result<u32> {
        let hash = hash_of(name);
        let slot = match self.find(name, hash) {
            Ok(id) => return Ok(id),
            Err(slot) => slot,
        };
        let id = u32::try_from(self.ends.len())
            .ok()
            .filter(|i| *i != EMPTY)
            .ok_or(Error::AmountOverflow {
                operation: "distinct names in a batch",
            })?;
        self.text.push_str(name);
        self.ends.push(self.text.len());
        self.hashes.push(hash);
        // At most half full after this name: else grow (which places every id again).
        if 2 * self.ends.len() > self.slots.len() {
            self.grow(self.ends.len());
        } else if let Some(s) = self.slots.get_mut(slot) {
            *s = id;
        }
        Ok(id)
    }

    /// The id of `name` (`Ok`), or the free slot where it would go (`Err`).
    fn find(&self, name: &str, hash: u64) -> std::result::Result<u32, usize> {
        let mask = self.slots.len().wrapping_sub(1);
        if self.slots.is_empty() {
            return Err(0);
        }
        let mut at = first_slot(hash, mask);
        loop {
            match self.slots.get(at) {
                Some(&EMPTY) | None => return Err(at),
                Some(&id) => {
                    if self.hashes.get(id as usize) == Some(&hash) && self.name(id) == Some(name) {
                        return Ok(id);
                    }
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// Resizes the table for `names` names (at most half full) and places every id.
    fn grow(&mut self, names: usize) {
        let size = names.saturating_mul(2).next_power_of_two().max(16);
        if size <= self.slots.len() {
            return;
        }
        self.slots.clear();
        self.slots.resize(size, EMPTY);
        let mask = size - 1;
        for (id, hash) in (0u32..).zip(&self.hashes) {
            let mut at = first_slot(*hash, mask);
            while self.slots.get(at).is_some_and(|s| *s != EMPTY) {
                at = (at + 1) & mask;
            }
            if let Some(s) = self.slots.get_mut(at) {
                *s = id;
            }
        }
    }

    /// Makes room for `additional` more names (say, a dictionary column's values), so that
    /// interning them does not grow the table step by step.
    pub fn reserve(&mut self, additional: usize) {
        let names = self.ends.len().saturating_add(additional);
        self.ends.reserve(additional);
        self.hashes.reserve(additional);
        if 2 * names > self.slots.len() {
            self.grow(names);
        }
    }

    /// The id of `name`, if it was interned.
    pub fn get(&self, name: &str) -> Option<u32> {
        self.find(name, hash_of(name)).ok()
    }

    /// The name of id `i`.
    pub fn name(&self, i: u32) -> Option<&str> {
        let end = *self.ends.get(i as usize)?;
        let start = match i.checked_sub(1) {
            Some(p) => *self.ends.get(p as usize)?,
            None => 0,
        };
        self.text.get(start..end)
    }

    /// Names interned so far.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether nothing was interned.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

#[cfg(test)]
mod tests;
