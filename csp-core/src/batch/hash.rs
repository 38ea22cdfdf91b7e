//! The batch's hashing and interning (DESIGN §5; no SPEC rule of its own).
//!
//! The batch's hashing and interning: a fast hasher for its own tables, and dense ids for
//! the caller's strings (customers, offers), so that the hot loop indexes vectors.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

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
/// ```
/// use csp_core::batch::Interner;
/// let mut ids = Interner::default();
/// assert_eq!(ids.intern("fabrikam")?, 0);
/// assert_eq!(ids.intern("contoso")?, 1);
/// assert_eq!(ids.intern("fabrikam")?, 0);
/// assert_eq!(ids.name(1), Some("contoso"));
/// # Ok::<(), csp_core::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Interner {
    /// One shared allocation per name, in both tables.
    index: FxMap<Arc<str>, u32>,
    names: Vec<Arc<str>>,
}

impl Interner {
    /// The id of `name`, a new one (the next integer) when it was not seen before.
    ///
    /// # Errors
    /// `amount_overflow` beyond 2³² distinct names.
    pub fn intern(&mut self, name: &str) -> Result<u32> {
        if let Some(i) = self.index.get(name) {
            return Ok(*i);
        }
        let i = u32::try_from(self.names.len()).map_err(|_| Error::AmountOverflow {
            operation: "distinct names in a batch",
        })?;
        let name: Arc<str> = name.into();
        self.names.push(Arc::clone(&name));
        self.index.insert(name, i);
        Ok(i)
    }

    /// Makes room for `additional` more names (say, a dictionary column's values), so that
    /// interning them does not grow the table step by step.
    pub fn reserve(&mut self, additional: usize) {
        self.index.reserve(additional);
        self.names.reserve(additional);
    }

    /// The id of `name`, if it was interned.
    pub fn get(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }

    /// The name of id `i`.
    pub fn name(&self, i: u32) -> Option<&str> {
        self.names.get(i as usize).map(|n| &**n)
    }

    /// Names interned so far.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether nothing was interned.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}
