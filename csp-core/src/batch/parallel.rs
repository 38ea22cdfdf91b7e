//! Seat changes priced in parts on several threads (feature `threads`): each part by its own
//! clone of the kernel into its own totals (and lines), merged in row order — the same
//! answers as one [`SeatKernel::run`]. WASM builds leave the feature off.

use std::ops::{Deref, Range};

use super::{DenseTotals, LineColumns, RowError, SeatColumns, SeatKernel};
use crate::error::Error;
use crate::price_list::PriceBook;

/// Rows below which a part is not worth a thread (a clone of the kernel and a thread cost
/// tens of microseconds; 64 Ki rows take about half a millisecond).
const MIN_PART_ROWS: usize = 1 << 16;

/// At most this many threads, whatever the machine has.
const MAX_PARTS: usize = 8;

/// At most how many threads [`run_parallel`] uses when asked for `asked` (None: the
/// machine's cores), at most 8.
///
/// ```
/// assert_eq!(csp_core::batch::batch_threads(Some(3)), 3);
/// assert_eq!(csp_core::batch::batch_threads(Some(0)), 1);
/// assert_eq!(csp_core::batch::batch_threads(Some(64)), 8);
/// ```
pub fn batch_threads(asked: Option<usize>) -> usize {
    asked
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, MAX_PARTS)
}

/// What one part gave: its refusal, its totals and its lines.
type PartResult = (Result<(), RowError>, DenseTotals, Option<LineColumns>);

/// The error of a part whose thread failed.
fn failed() -> Error {
    Error::internal("batch parts", "a part's thread failed")
}

/// Prices `rows` as [`SeatKernel::run`] does — the same lines in the same order, the same
/// totals, the same first refused row — splitting them into parts priced at once when they
/// are many (at least 65,536 rows a part) and `threads` is more than one: each part but
/// the first by a clone of `kernel` on a scoped thread (where a thread cannot start, on
/// this one), the parts' totals merged exactly ([`DenseTotals::merge`]).
///
/// # Errors
/// The first refused row (see [`SeatKernel::run`]).
pub fn run_parallel<B>(
    threads: usize,
    kernel: &mut SeatKernel<B>,
    rows: &SeatColumns<'_>,
    first_row: usize,
    totals: &mut DenseTotals,
    out: Option<&mut LineColumns>,
) -> Result<(), RowError>
where
    B: Deref<Target = PriceBook> + Clone + Send,
{
    let parts = threads.min(rows.customer.len() / MIN_PART_ROWS).max(1);
    run_in_parts(parts, kernel, rows, first_row, totals, out)
}

/// [`run_parallel`] in `parts` parts of about equal size (one part: [`SeatKernel::run`]).
pub(super) fn run_in_parts<B>(
    parts: usize,
    kernel: &mut SeatKernel<B>,
    rows: &SeatColumns<'_>,
    first_row: usize,
    totals: &mut DenseTotals,
    mut out: Option<&mut LineColumns>,
) -> Result<(), RowError>
where
    B: Deref<Target = PriceBook> + Clone + Send,
{
    let whole = |error| RowError {
        row: first_row,
        error,
    };
    let len = rows.check_lengths().map_err(whole)?;
    let parts = parts.min(len).max(1);
    if parts < 2 {
        return kernel.run(rows, first_row, totals, out);
    }
    let ranges: Vec<Range<usize>> = (0..parts)
        .map(|k| len * k / parts..len * (k + 1) / parts)
        .collect();
    let Some((head, rest)) = ranges.split_first() else {
        return kernel.run(rows, first_row, totals, out);
    };
    let part_of = |range: &Range<usize>| {
        rows.rows(range.clone())
            .ok_or_else(|| whole(Error::internal("batch parts", "a part beyond the rows")))
    };
    let customers = totals.customers();
    let want_lines = out.is_some();
    // Each part but the first by its own clone, on its own thread.
    let price = move |mut kernel: SeatKernel<B>, part: SeatColumns<'_>, at: usize| {
        let mut totals = DenseTotals::new(customers);
        let mut lines = want_lines.then(LineColumns::default);
        let result = kernel.run(&part, at, &mut totals, lines.as_mut());
        (result, totals, lines)
    };
    std::thread::scope(|scope| -> Result<(), RowError> {
        let mut spawned = Vec::with_capacity(rest.len());
        for range in rest {
            let (part, clone) = (part_of(range)?, kernel.clone());
            let at = first_row + range.start;
            let thread = std::thread::Builder::new()
                .spawn_scoped(scope, move || price(clone, part, at))
                .ok();
            // A thread the system cannot start: the part is priced here, after the first.
            spawned.push((thread, range));
        }
        kernel.run(&part_of(head)?, first_row, totals, out.as_deref_mut())?;
        for (thread, range) in spawned {
            let result: PartResult = match thread {
                Some(t) => t.join().map_err(|_| whole(failed()))?,
                None => price(kernel.clone(), part_of(range)?, first_row + range.start),
            };
            let (refusal, part_totals, lines) = result;
            // The rows of the part before its refusal count, as in one run.
            totals.merge(&part_totals).map_err(whole)?;
            if let (Some(out), Some(mut lines)) = (out.as_deref_mut(), lines) {
                out.append(&mut lines);
            }
            refusal?;
        }
        Ok(())
    })
}
