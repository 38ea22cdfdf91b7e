//! A CSV text cut into record-aligned parts, read one by one (or on threads, by a caller)
//! and merged into exactly what one reading of the whole text gives: the same rows, and the
//! same first error (SPEC §3, §9).
//!
//! The header is read first; the data after it is cut at line breaks outside quotes (quote
//! parity counted from the header's end, exact for RFC 4180 text, where an escaped quote is
//! two quotes). A text whose quotes are not RFC 4180's (a quote inside an unquoted field)
//! may put a cut inside a record: the part before such a cut reads on over it, the part
//! after it is not used, and the result is still the whole text's.

use super::csv_fields::{Fields, TextRecords};
use super::csv_table::{is_blank, no_header, ColumnSpec, Columns, OtherFormat, Row};
use crate::error::{Error, Result};

/// A CSV text's header and its data cut into parts.
#[derive(Debug)]
pub(crate) struct Parts<'t> {
    /// The text without its BOM.
    text: &'t str,
    /// The header's line (1 when there is none).
    header_line: u64,
    /// The matched header, or its refusal.
    header: Result<Columns>,
    /// Where each part starts (byte offsets, increasing), then the text's length.
    bounds: Vec<usize>,
    /// Per part: the line breaks before its start.
    newlines: Vec<u64>,
}

/// One part read: its rows and its first errors of each kind, for [`Parts::merge`].
#[derive(Debug)]
pub(crate) struct PartRead<T> {
    /// Which part.
    index: usize,
    rows: Vec<T>,
    /// Non-blank records read.
    data_records: usize,
    width_error: Option<Error>,
    row_error: Option<Error>,
    /// The part the reading stopped at (the next part's index, or further when a record ran
    /// over a cut): the record boundary reached, where the next part used starts.
    reached: usize,
}

/// Whether `bytes` holds an odd number of quotes, and its line breaks (byte-wide counters
/// over runs of 255 bytes: a loop the compiler vectorises).
fn count(bytes: &[u8]) -> (bool, u64) {
    let (mut odd, mut newlines) = (false, 0u64);
    for run in bytes.chunks(255) {
        let (mut quotes, mut breaks) = (0u8, 0u8);
        for &b in run {
            quotes = quotes.wrapping_add(u8::from(b == b'"'));
            breaks = breaks.wrapping_add(u8::from(b == b'\n'));
        }
        odd ^= quotes % 2 == 1;
        newlines += u64::from(breaks);
    }
    (odd, newlines)
}

fn is_line_break(b: &u8) -> bool {
    *b == b'\n' || *b == b'\r'
}

impl<'t> Parts<'t> {
    /// Reads `text`'s header (an optional UTF-8 BOM skipped, blank records before it
    /// skipped) and cuts the data after it into at most `parts` parts (at least one).
    pub(crate) fn split(
        text: &'t str,
        specs: &'static [ColumnSpec],
        other: &OtherFormat,
        parts: usize,
    ) -> Parts<'t> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut records = TextRecords::new(text, 0);
        let mut record = Fields::default();
        let missing = || no_header(specs);
        let (header_line, header, data_start) = loop {
            if !records.next_into(&mut record) {
                break (1, Err(missing()), text.len());
            }
            let line = record.breaks_before() + 1;
            if is_blank(&record) {
                continue;
            }
            let columns = Columns::match_header(specs, other, &record, line);
            break (line, columns, records.consumed());
        };
        let bytes = text.as_bytes();
        let (_, before) = count(bytes.get(..data_start).unwrap_or_default());
        let (mut bounds, mut newlines) = (vec![data_start], vec![before]);
        let span = text.len() - data_start;
        let (mut at, mut odd, mut seen) = (data_start, false, before);
        for j in 1..parts.max(1) {
            let target = data_start + span / parts * j;
            if target > at {
                let (quotes, breaks) = count(bytes.get(at..target).unwrap_or_default());
                odd ^= quotes;
                seen += breaks;
                at = target;
            }
            // On to the next line break outside quotes.
            let rest = bytes.get(at..).unwrap_or_default();
            let Some(cut) = rest.iter().position(|&b| {
                odd ^= b == b'"';
                seen += u64::from(b == b'\n');
                b == b'\n' && !odd
            }) else {
                break;
            };
            at += cut + 1;
            if at >= text.len() {
                break;
            }
            bounds.push(at);
            newlines.push(seen);
        }
        bounds.push(text.len());
        Parts {
            text,
            header_line,
            header,
            bounds,
            newlines,
        }
    }

    /// How many parts the data was cut into.
    pub(crate) fn len(&self) -> usize {
        self.newlines.len()
    }

    /// Reads part `index`: maps its data records through `each` in file order, as the whole
    /// text's reading does (a record of the wrong width stops the rows; the first error of
    /// `each` stops `each`), and reads on past the part's end while a record runs over it.
    pub(crate) fn read<T>(
        &self,
        index: usize,
        mut each: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> PartRead<T> {
        let last = self.bounds.len() - 1;
        let mut out = PartRead {
            index,
            rows: Vec::new(),
            data_records: 0,
            width_error: None,
            row_error: None,
            reached: last,
        };
        let (Ok(columns), Some(&start), Some(&before)) = (
            &self.header,
            self.bounds.get(index),
            self.newlines.get(index),
        ) else {
            return out;
        };
        let bytes = self.text.as_bytes();
        let mut records = TextRecords::new(self.text, start);
        let mut record = Fields::default();
        let mut next = index + 1;
        let mut sized = false;
        loop {
            let consumed = records.consumed();
            // A cut inside the last record read is no record boundary: read on to the next.
            while next < last && self.bounds.get(next).is_some_and(|&b| b < consumed) {
                next += 1;
            }
            let end = self.bounds.get(next).copied().unwrap_or(self.text.len());
            // Only line breaks left before the cut: the next record starts at it or after.
            if bytes
                .get(consumed..end)
                .is_none_or(|gap| gap.iter().all(is_line_break))
            {
                out.reached = next;
                break;
            }
            if !records.next_into(&mut record) {
                break;
            }
            let line = before + record.breaks_before() + 1;
            if is_blank(&record) {
                continue;
            }
            out.data_records += 1;
            if out.width_error.is_some() {
                continue;
            }
            if let Err(e) = columns.check_width(line, &record) {
                out.width_error = Some(e);
                continue;
            }
            if out.row_error.is_some() {
                continue;
            }
            if !sized && out.data_records == 64 {
                // Room for the part's rows, told from the first records' length (at least
                // 32 bytes a record, so that short records reserve little).
                sized = true;
                let read = records.consumed() - start;
                let part = self
                    .bounds
                    .get(index + 1)
                    .map_or(0, |&e| e.saturating_sub(start));
                let per_record = (read / 64).max(32);
                out.rows.reserve(part / per_record + part / per_record / 16);
            }
            let row = Row {
                line,
                record: &record,
                columns,
            };
            match each(&row) {
                Ok(v) => out.rows.push(v),
                Err(e) => out.row_error = Some(e),
            }
        }
        out
    }

    /// The whole text's result from its parts read: the rows of the parts in file order, or
    /// the first error in this precedence (as [`read_rows`](super::csv_table::read_rows)
    /// says): the header's, a record's width, `empty_price_list`, a row's (the text is read in
    /// place, which never fails).
    /// A part that `reads` lacks is read by `read_missing`.
    pub(crate) fn merge<T>(
        &self,
        reads: Vec<PartRead<T>>,
        mut read_missing: impl FnMut(usize) -> PartRead<T>,
    ) -> Result<Vec<T>> {
        let mut slots: Vec<Option<PartRead<T>>> = (0..self.len()).map(|_| None).collect();
        for read in reads {
            if let Some(slot) = slots.get_mut(read.index) {
                *slot = Some(read);
            }
        }
        // The parts whose start the one before them reached: each starts at a record.
        let mut used = Vec::new();
        let mut want = 0;
        while want < self.len() {
            let read = slots
                .get_mut(want)
                .and_then(Option::take)
                .filter(|r| r.index == want)
                .unwrap_or_else(|| read_missing(want));
            want = read.reached.max(want + 1);
            used.push(read);
        }
        if let Err(e) = &self.header {
            return Err(e.clone());
        }
        if let Some(e) = used.iter_mut().find_map(|r| r.width_error.take()) {
            return Err(e);
        }
        if used.iter().all(|r| r.data_records == 0) {
            return Err(Error::EmptyPriceList {
                line: self.header_line + 1,
                column: 0,
            });
        }
        if let Some(e) = used.iter_mut().find_map(|r| r.row_error.take()) {
            return Err(e);
        }
        let mut parts = used.into_iter().map(|r| r.rows);
        let mut rows = parts.next().unwrap_or_default();
        let rest: Vec<Vec<T>> = parts.collect();
        rows.reserve(rest.iter().map(Vec::len).sum());
        for mut more in rest {
            rows.append(&mut more);
        }
        Ok(rows)
    }
}
