//! One record batch priced in parts on several threads: each part by its own clone of the
//! kernel into its own totals (and lines), merged in row order. The core stays thread-free
//! (it also runs in WASM); it gives the clones, the parts and the exact merge.

use std::ops::Range;

use csp_core::batch::{DenseTotals, LineColumns, RowError, SeatColumns, SeatKernel};
use csp_core::price_list::PriceBook;
use csp_core::Error;

/// Rows below which a part is not worth a thread (a clone of the kernel and a thread cost
/// tens of microseconds; 64 Ki rows take about half a millisecond).
const MIN_PART_ROWS: usize = 1 << 16;

/// At most this many threads, whatever the machine has.
const MAX_PARTS: usize = 8;

/// At most how many threads a batch uses: `asked`, or (None) the machine's cores, at most
/// [`MAX_PARTS`].
pub fn threads(asked: Option<usize>) -> usize {
    asked
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, MAX_PARTS)
}

/// How many parts `len` rows are priced in with at most `threads` threads.
fn parts_for(len: usize, threads: usize) -> usize {
    threads.min(len / MIN_PART_ROWS).max(1)
}

/// What one part gave: its refusal, its totals and its lines.
type PartResult = (Result<(), RowError>, DenseTotals, Option<LineColumns>);

/// Prices `rows` as [`SeatKernel::run`] does — the same lines in the same order, the same
/// totals, the same first refused row — splitting them into parts priced at once when they
/// are many and `threads` (see [`threads`]) is more than one.
///
/// # Errors
/// The first refused row (see [`SeatKernel::run`]).
pub fn run(
    threads: usize,
    kernel: &mut SeatKernel<&PriceBook>,
    rows: &SeatColumns<'_>,
    first_row: usize,
    totals: &mut DenseTotals,
    mut out: Option<&mut LineColumns>,
) -> Result<(), RowError> {
    let whole = |error| RowError {
        row: first_row,
        error,
    };
    let len = rows.check_lengths().map_err(whole)?;
    let parts = parts_for(len, threads);
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
    let price = move |mut kernel: SeatKernel<&PriceBook>, part: SeatColumns<'_>, at: usize| {
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
                Some(t) => t
                    .join()
                    .map_err(|_| whole(Error::internal("batch parts", "a part's thread failed")))?,
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
