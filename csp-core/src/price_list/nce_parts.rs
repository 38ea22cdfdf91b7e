//! An NCE price sheet read in record-aligned parts (on threads, by the caller) and merged
//! into exactly what [`parse_nce_rows`] gives: the same rows, the same first error.
//!
//! The core starts no thread (it also runs in WASM, where there are none): [`NceParts`]
//! cuts the text, parses one part and merges, all pure; a caller runs the parts where it
//! likes. The `threads` feature adds `parse_nce_rows_parallel`, which runs them on
//! scoped threads (csp-cli and csp-py enable it; csp-wasm does not).

use super::csv_parts::{PartRead, Parts};
use super::nce::{NceReader, NceRow, COLUMNS, NOT_LEGACY};
#[cfg(doc)]
use super::parse_nce_rows;
use crate::error::Result;

/// An NCE price sheet's header and its data cut into record-aligned parts.
///
/// Each part parses on its own ([`NceParts::parse`], a pure function of the text); the
/// parts' results merge ([`NceParts::merge`]) into what [`parse_nce_rows`] gives for the
/// whole text: the rows in file order, or the first error it would report (a later part's
/// error never wins over an earlier one; `empty_price_list` counts every part).
///
/// A part starts at a line break outside quotes (quote parity counted from the header's
/// end, which is exact for RFC 4180 text). A text with a stray quote inside an unquoted
/// field can put a cut inside a record: the part before reads on over it and the merge
/// skips the part after, so the result is still the whole text's.
///
/// ```
/// use csp_core::price_list::{parse_nce_rows, NceParts};
/// let text = "ProductTitle,ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,Currency,\
///             UnitPrice,EffectiveStartDate,EffectiveEndDate\n\
///             E3,CFQ7TTC0LF8Q,0001,E3,P1Y,Annual,US,USD,432.00,2024-01-01,\n\
///             \"E5, with Teams\",CFQ7TTC0LF8R,0001,E5,P1Y,Annual,US,USD,684.00,2024-01-01,\n";
/// let parts = NceParts::split(text, 2);
/// let parsed = (0..parts.len()).map(|i| parts.parse(i)).collect();
/// let rows = parts.merge(parsed)?;
/// assert_eq!(rows, parse_nce_rows(text)?);
/// assert_eq!(rows[1].product_title, "E5, with Teams");
/// # Ok::<(), csp_core::Error>(())
/// ```
#[derive(Debug)]
pub struct NceParts<'t> {
    parts: Parts<'t>,
}

/// One part of an [`NceParts`] parsed: its rows and errors, for [`NceParts::merge`].
#[derive(Debug)]
pub struct NcePart {
    read: PartRead<NceRow>,
}

impl<'t> NceParts<'t> {
    /// Reads `text`'s header (an optional UTF-8 BOM and blank lines before it skipped) and
    /// cuts the data after it into at most `parts` parts of about equal size (at least one;
    /// fewer when the text has fewer lines). A refused header is kept for
    /// [`merge`](NceParts::merge) to report.
    pub fn split(text: &'t str, parts: usize) -> NceParts<'t> {
        NceParts {
            parts: Parts::split(text, COLUMNS, &NOT_LEGACY, parts),
        }
    }

    /// How many parts the data was cut into (at least 1).
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Always `false`: a text has at least one part (an empty one when it has no data).
    pub fn is_empty(&self) -> bool {
        self.parts.len() == 0
    }

    /// Parses part `part` (`0..len()`): a pure function of the text, safe to run on any
    /// thread at the same time as the other parts. An index out of range gives an empty
    /// part, which [`merge`](NceParts::merge) ignores.
    pub fn parse(&self, part: usize) -> NcePart {
        let mut reader = NceReader::default();
        NcePart {
            read: self.parts.read(part, |row| reader.row(row)),
        }
    }

    /// The rows of the whole text in file order, from its parts parsed (in any order; a part
    /// missing from `parsed` is parsed here).
    ///
    /// # Errors
    /// Exactly what [`parse_nce_rows`] gives for the whole text.
    pub fn merge(&self, parsed: Vec<NcePart>) -> Result<Vec<NceRow>> {
        let reads = parsed.into_iter().map(|p| p.read).collect();
        self.parts.merge(reads, |i| self.parse(i).read)
    }
}

/// The smallest part [`parse_nce_rows_parallel`] gives a thread: below it, starting a
/// thread costs more than it saves.
#[cfg(feature = "threads")]
const MIN_PART_BYTES: usize = 1 << 20;

/// [`parse_nce_rows`] on up to `threads` threads (0: as many as the machine runs at once),
/// each parsing a part of at least 1 MiB ([`NceParts`]); same rows, same first error.
///
/// Where a thread cannot be started (a platform without threads), its part is parsed on the
/// calling thread.
///
/// ```
/// use csp_core::price_list::{parse_nce_rows, parse_nce_rows_parallel};
/// let text = "ProductTitle,ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,Currency,\
///             UnitPrice,EffectiveStartDate,EffectiveEndDate\n\
///             E3,CFQ7TTC0LF8Q,0001,E3,P1Y,Annual,US,USD,432.00,2024-01-01,\n";
/// assert_eq!(parse_nce_rows_parallel(text, 0)?, parse_nce_rows(text)?);
/// # Ok::<(), csp_core::Error>(())
/// ```
///
/// # Errors
/// Exactly what [`parse_nce_rows`] gives.
#[cfg(feature = "threads")]
pub fn parse_nce_rows_parallel(text: &str, threads: usize) -> Result<Vec<NceRow>> {
    let threads = match threads {
        0 => std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
        n => n,
    };
    let parts = NceParts::split(text, threads.min(text.len() / MIN_PART_BYTES).max(1));
    let parsed = std::thread::scope(|scope| {
        let parts = &parts;
        let spawned: Vec<_> = (1..parts.len())
            .map(|i| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, move || parts.parse(i))
                    .ok()
            })
            .collect();
        let mut parsed = vec![parts.parse(0)];
        // A part whose thread did not start (or failed) is left to `merge`, which parses it.
        parsed.extend(spawned.into_iter().flatten().filter_map(|h| h.join().ok()));
        parsed
    });
    parts.merge(parsed)
}
