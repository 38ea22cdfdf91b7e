//! CSV text into records with 1-based lines, fields looked up by column name (SPEC §3, §9).
//!
//! Every error names its line and column.

use chrono::{Datelike, NaiveDateTime};
use rust_decimal::Decimal;

use super::csv_fields::{Fields, TextRecords};
use super::csv_parts::Parts;
use super::timestamp::parse_timestamp;
use crate::error::{Error, Result};
use crate::input::trim;

/// A column the parser knows: its display name and the normalised header spellings it accepts.
#[derive(Debug)]
pub(crate) struct ColumnSpec {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
}

/// Header text normalised for matching: lower case, ASCII letters and digits only
/// (`"Offer ID"`, `"OfferId"` and `"offer_id"` all become `offerid`). Every column the
/// parsers know is named in ASCII, so other characters are dropped rather than case-folded
/// (which keeps Unicode's case tables out of the WASM build).
pub(crate) fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The price file format a reader does not read, told from its header: a header that lacks
/// a required column and is that format's is refused as `price_format_mismatch` (naming
/// both formats), not as the first missing column.
pub(crate) struct OtherFormat {
    /// Whether normalised header names are the other format's.
    pub looks_like: fn(&[String]) -> bool,
    /// What the reader reads, e.g. `a legacy price list`.
    pub expected: &'static str,
    /// What the other format is, e.g. `an NCE price sheet`.
    pub found: &'static str,
}

/// The columns of one file: the specs the parser knows and where the header put each.
#[derive(Debug)]
pub(super) struct Columns {
    specs: &'static [ColumnSpec],
    /// Per spec (same index): the 0-based field position, `None` when the file lacks it.
    positions: Vec<Option<usize>>,
    width: usize,
}

/// One data record, for reading fields (by their index in the parser's specs) with errors
/// that carry line and column.
pub(crate) struct Row<'a> {
    pub line: u64,
    pub(super) record: &'a dyn Record,
    pub(super) columns: &'a Columns,
}

/// Short ASCII text as `&str` (a normalised header or value: ASCII letters and digits).
fn text(field: &[u8]) -> &str {
    std::str::from_utf8(field).unwrap_or_default()
}

/// A record's fields, however they were read (in place from a text, or by the csv reader
/// from a stream).
pub(super) trait Record {
    /// How many fields.
    fn field_count(&self) -> usize;
    /// Field `i`.
    fn field(&self, i: usize) -> Option<&str>;
}

impl Record for csv::StringRecord {
    fn field_count(&self) -> usize {
        self.len()
    }
    fn field(&self, i: usize) -> Option<&str> {
        self.get(i)
    }
}

impl Record for super::csv_fields::Fields<'_> {
    fn field_count(&self) -> usize {
        self.len()
    }
    fn field(&self, i: usize) -> Option<&str> {
        self.get(i)
    }
}

/// The fields of `record` in order.
fn fields(record: &dyn Record) -> impl DoubleEndedIterator<Item = &str> + '_ {
    (0..record.field_count()).map(|i| record.field(i).unwrap_or_default())
}

pub(super) fn is_blank(record: &dyn Record) -> bool {
    fields(record).all(|f| trim(f).is_empty())
}

/// Maps a record's byte offset to the 1-based line where the record starts.
///
/// The csv reader's own line counter skips blank lines without counting them, and a
/// record's byte offset points at the blank lines before it; so skip line breaks from the
/// offset, then count the newlines before that point. Records come in file order, so the
/// count goes on from the previous record's point (one pass over the text in all).
struct Lines<'t> {
    text: &'t [u8],
    at: usize,
    newlines: u64,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Lines {
            text: text.as_bytes(),
            at: 0,
            newlines: 0,
        }
    }

    fn line_of(&mut self, byte: u64) -> u64 {
        let start = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        let skipped = self.text[start..]
            .iter()
            .take_while(|b| **b == b'\n' || **b == b'\r')
            .count();
        let at = start + skipped;
        if at < self.at {
            (self.at, self.newlines) = (0, 0);
        }
        let counted = self.text[self.at..at]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.newlines += counted as u64;
        self.at = at;
        self.newlines + 1
    }
}

/// The first non-blank record of `text` (an optional UTF-8 BOM skipped) as normalised header
/// names, with its line (1 when there is none): what the format detectors read.
pub(crate) fn header_names(text: &str) -> (u64, Vec<String>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Read in place, as the parsers read (the csv crate's reader is left to streams: the
    // calculator's WASM build then links one CSV reader, not two).
    let mut records = TextRecords::new(text, 0);
    let mut record = Fields::default();
    while records.next_into(&mut record) {
        if !is_blank(&record) {
            let names = fields(&record).map(normalise).collect();
            return (record.breaks_before() + 1, names);
        }
    }
    (1, Vec::new())
}

/// The refusal of a text without a header: `missing_column`, naming the first required one.
pub(super) fn no_header(specs: &[ColumnSpec]) -> Error {
    Error::MissingColumn {
        line: 1,
        column: 0,
        name: specs
            .iter()
            .find(|s| s.required)
            .map_or("header", |s| s.name),
    }
}

/// `csv_malformed` for a refusal of the csv reader, at the line `line_of` gives its position.
pub(super) fn malformed(e: &csv::Error, line_of: impl FnOnce(u64) -> u64) -> Error {
    let detail = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "a field that is not valid UTF-8",
        csv::ErrorKind::UnequalLengths { .. } => "records of different lengths",
        csv::ErrorKind::Io(_) => "the file could not be read",
        _ => "the CSV text could not be read",
    };
    Error::CsvMalformed {
        line: e.position().map_or(1, |p| line_of(p.byte())),
        column: 0,
        detail: detail.to_string(),
    }
}

impl Columns {
    /// Matches a header record against `specs`: `price_format_mismatch` for the other
    /// format's header lacking one of `specs`' required columns, `missing_column` for a
    /// required one absent,
    /// `duplicate_column` for a known one named twice (by any two of its spellings: which
    /// one holds the values is not known, so neither is chosen). Unknown columns are
    /// ignored, repeated or not.
    pub(super) fn match_header(
        specs: &'static [ColumnSpec],
        other: &OtherFormat,
        header: &dyn Record,
        header_line: u64,
    ) -> Result<Columns> {
        let found: Vec<String> = fields(header).map(normalise).collect();
        let lacks_one = specs
            .iter()
            .any(|s| s.required && !found.iter().any(|h| s.aliases.contains(&h.as_str())));
        if lacks_one && (other.looks_like)(&found) {
            return Err(Error::PriceFormatMismatch {
                line: header_line,
                column: 0,
                expected: other.expected,
                found: other.found,
            });
        }
        let mut positions = Vec::with_capacity(specs.len());
        for spec in specs {
            let mut matching = found
                .iter()
                .enumerate()
                .filter(|(_, h)| spec.aliases.iter().any(|a| a == *h))
                .map(|(i, _)| i);
            let pos = matching.next();
            if let (Some(first), Some(second)) = (pos, matching.next()) {
                return Err(Error::DuplicateColumn {
                    line: header_line,
                    column: second as u64 + 1,
                    name: spec.name,
                    first_column: first as u64 + 1,
                });
            }
            if pos.is_none() && spec.required {
                return Err(Error::MissingColumn {
                    line: header_line,
                    column: 0,
                    name: spec.name,
                });
            }
            positions.push(pos);
        }
        Ok(Columns {
            specs,
            positions,
            width: header.field_count(),
        })
    }

    /// A record must have the header's width; extra *empty* trailing fields are tolerated
    /// (spreadsheet exports often add a trailing comma).
    pub(super) fn check_width(&self, line: u64, rec: &dyn Record) -> Result<()> {
        let n = rec.field_count();
        if n < self.width {
            // A short record whose last field holds a line break is almost always a quote
            // that never closes: the field ran on over the following lines.
            let unclosed = fields(rec).next_back().is_some_and(|f| f.contains('\n'));
            let detail = if unclosed {
                format!(
                    "a quoted field (field {n}) is never closed: it runs on over the following lines \
                     (close the quote, or write a quote inside a field as \"\")"
                )
            } else {
                format!("expected {} fields as in the header, found {n}", self.width)
            };
            return Err(Error::CsvMalformed {
                line,
                column: n as u64 + 1,
                detail,
            });
        }
        if let Some(extra) = (self.width..n)
            .map(|i| rec.field(i).unwrap_or_default())
            .position(|f| !trim(f).is_empty())
        {
            return Err(Error::CsvMalformed {
                line,
                column: (self.width + extra) as u64 + 1,
                detail: format!("expected {} fields as in the header, found {n}", self.width),
            });
        }
        Ok(())
    }
}

/// Reads `text` (an optional UTF-8 BOM is skipped; blank lines are skipped), matches its
/// header against `specs`, and maps every data record through `each`, in file order.
///
/// Records are read in place ([`TextRecords`](super::csv_fields::TextRecords): fields
/// borrowed from the text) and none is kept. The first error is reported in this order of
/// precedence (as if the whole file were read before any row): `price_format_mismatch`,
/// `missing_column` (or the missing header), `duplicate_column`; a record of the wrong
/// width (`csv_malformed`); `empty_price_list`; then the first error of `each`.
///
/// The text is read as one [`Parts`] part: what a parallel reading of several parts merges
/// to is this function's result by construction.
pub(crate) fn read_rows<T>(
    text: &str,
    specs: &'static [ColumnSpec],
    other: &OtherFormat,
    mut each: impl FnMut(&Row<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    let parts = Parts::split(text, specs, other, 1);
    let read = parts.read(0, &mut each);
    parts.merge(vec![read], |i| parts.read(i, &mut each))
}

/// The records of one CSV text or stream read one at a time, after its header (for files
/// too large to hold as rows: a reconciliation file of a million lines). One record buffer
/// is reused and no record is kept, so memory stays bounded whatever the input's length.
///
/// Unlike [`read_rows`], errors come in file order (a record is checked when it is read) and
/// a header with no rows is not an error.
pub(crate) struct Records<'t> {
    reader: csv::Reader<Box<dyn std::io::Read + 't>>,
    record: csv::StringRecord,
    lines: RecordLines<'t>,
    columns: Columns,
}

/// Where records' lines come from: the text itself, or the line breaks a stream logged.
enum RecordLines<'t> {
    Text(Lines<'t>),
    Stream(super::csv_stream::SharedLog),
}

impl RecordLines<'_> {
    fn line_of(&mut self, byte: u64) -> u64 {
        match self {
            RecordLines::Text(lines) => lines.line_of(byte),
            RecordLines::Stream(log) => log.borrow_mut().line_of(byte),
        }
    }

    /// A refusal of the csv reader, at the line of its record.
    fn error(&mut self, e: &csv::Error) -> Error {
        malformed(e, |byte| self.line_of(byte))
    }
}

impl<'t> Records<'t> {
    /// Reads `text` (an optional UTF-8 BOM and blank lines skipped) up to its header and
    /// matches the header against `specs`: `csv_malformed`, `price_format_mismatch`,
    /// `missing_column` (also for a text with no header), `duplicate_column`.
    pub(crate) fn open(
        text: &'t str,
        specs: &'static [ColumnSpec],
        other: &OtherFormat,
    ) -> Result<Self> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let reader: Box<dyn std::io::Read + 't> = Box::new(text.as_bytes());
        Records::start(reader, RecordLines::Text(Lines::new(text)), specs, other)
    }

    /// As [`Records::open`], from a stream of UTF-8 bytes (an optional BOM skipped), read as
    /// the records are asked for; lines are counted as the bytes pass. A stream that fails
    /// is `csv_malformed` ("the file could not be read") at the line reached.
    pub(crate) fn open_read(
        reader: impl std::io::Read + 't,
        specs: &'static [ColumnSpec],
        other: &OtherFormat,
    ) -> Result<Self> {
        let (stream, log) = super::csv_stream::marked(reader).map_err(|_| Error::CsvMalformed {
            line: 1,
            column: 0,
            detail: "the file could not be read".to_string(),
        })?;
        Records::start(stream, RecordLines::Stream(log), specs, other)
    }

    fn start(
        source: Box<dyn std::io::Read + 't>,
        mut lines: RecordLines<'t>,
        specs: &'static [ColumnSpec],
        other: &OtherFormat,
    ) -> Result<Self> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(source);
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => return Err(no_header(specs)),
                Ok(true) => {}
                Err(e) => return Err(lines.error(&e)),
            }
            let line = record.position().map_or(1, |p| lines.line_of(p.byte()));
            if is_blank(&record) {
                continue;
            }
            let columns = Columns::match_header(specs, other, &record, line)?;
            return Ok(Records {
                reader,
                record,
                lines,
                columns,
            });
        }
    }

    /// The next non-blank record mapped through `each`; `None` at the end of the text. A
    /// record of the wrong width is `csv_malformed`, as in [`read_rows`].
    pub(crate) fn next_row<T>(
        &mut self,
        each: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Option<Result<T>> {
        loop {
            match self.reader.read_record(&mut self.record) {
                Ok(false) => return None,
                Ok(true) => {}
                Err(e) => return Some(Err(self.lines.error(&e))),
            }
            let line = self
                .record
                .position()
                .map_or(1, |p| self.lines.line_of(p.byte()));
            if is_blank(&self.record) {
                continue;
            }
            if let Err(e) = self.columns.check_width(line, &self.record) {
                return Some(Err(e));
            }
            let row = Row {
                line,
                record: &self.record,
                columns: &self.columns,
            };
            return Some(each(&row));
        }
    }
}

/// `v` normalised as [`normalise`] does, handed to `f` without allocating for short text.
fn with_normalised<R>(v: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    let mut n = 0;
    for b in v.bytes().filter(u8::is_ascii_alphanumeric) {
        let Some(slot) = buf.get_mut(n) else {
            return f(&normalise(v));
        };
        *slot = b.to_ascii_lowercase();
        n += 1;
    }
    f(text(&buf[..n]))
}

impl<'a> Row<'a> {
    /// The display name of column `col` (an index into the parser's specs).
    pub(crate) fn name(&self, col: usize) -> &'static str {
        self.columns.specs.get(col).map_or("", |s| s.name)
    }

    /// 1-based column number of a known column (0 when the file lacks it).
    pub(crate) fn column_of(&self, col: usize) -> u64 {
        match self.columns.positions.get(col) {
            Some(Some(p)) => *p as u64 + 1,
            _ => 0,
        }
    }

    /// The trimmed field, `None` when the column is absent or the field empty.
    pub(crate) fn opt(&self, col: usize) -> Option<&'a str> {
        let pos = (*self.columns.positions.get(col)?)?;
        let v = trim(self.record.field(pos)?);
        (!v.is_empty()).then_some(v)
    }

    /// The trimmed field; `empty_field` when it is empty.
    pub(crate) fn req(&self, col: usize) -> Result<&'a str> {
        self.opt(col).ok_or_else(|| Error::EmptyField {
            line: self.line,
            column: self.column_of(col),
            name: self.name(col),
        })
    }

    /// A required id field (an Offer ID, a ProductId, a SkuId), trimmed and checked by the
    /// one id reader ([`crate::input::id`]: no control character such as NUL, tab or a line
    /// break inside quotes; at most [`MAX_ID_CHARS`](crate::input::MAX_ID_CHARS)
    /// characters), and free of the characters
    /// of `forbidden`; else `invalid_value` with the line and column.
    pub(crate) fn id(&self, col: usize, forbidden: &[char]) -> Result<&'a str> {
        let v = self.req(col)?;
        let checked = crate::input::id(v, self.name(col)).ok();
        checked
            .filter(|id| !forbidden.iter().any(|c| id.contains(*c)))
            .ok_or_else(|| Error::InvalidValue {
                line: self.line,
                column: self.column_of(col),
                name: self.name(col),
                value: v.to_string(),
                expected: if forbidden.is_empty() {
                    "the ids the column allows: 1 to 128 characters, none a control character \
                     (NUL, tab, line break…)"
                } else {
                    "the ids the column allows: 1 to 128 characters, none a control character \
                     (NUL, tab, line break…) or a colon (it joins ProductId:SkuId)"
                },
            })
    }

    /// A required non-negative decimal, kept exactly as written.
    pub(crate) fn decimal(&self, col: usize) -> Result<Decimal> {
        let v = self.req(col)?;
        self.parse_decimal(col, v)
    }

    /// An optional non-negative decimal.
    pub(crate) fn opt_decimal(&self, col: usize) -> Result<Option<Decimal>> {
        self.opt(col)
            .map(|v| self.parse_decimal(col, v))
            .transpose()
    }

    fn parse_decimal(&self, col: usize, v: &str) -> Result<Decimal> {
        let kind = crate::input::AmountKind::Price;
        crate::input::read_amount(v, kind).map_err(|problem| Error::InvalidDecimal {
            line: self.line,
            column: self.column_of(col),
            name: self.name(col),
            value: v.to_string(),
            expected: kind.expected(problem),
        })
    }

    /// A required exact decimal of either sign (`-?digits[.digits]`, SPEC-NCE §15.4.3),
    /// kept as written; else `invalid_decimal`.
    pub(crate) fn signed_decimal(&self, col: usize) -> Result<Decimal> {
        let v = self.req(col)?;
        self.parse_signed(col, v)
    }

    /// An optional exact decimal of either sign (`None` for an empty field or an absent
    /// column).
    pub(crate) fn opt_signed_decimal(&self, col: usize) -> Result<Option<Decimal>> {
        self.opt(col).map(|v| self.parse_signed(col, v)).transpose()
    }

    /// `v` read by the one amount reader as an [`Exact`](crate::input::AmountKind::Exact)
    /// amount; else `invalid_decimal` with the line and column.
    pub(crate) fn parse_signed(&self, col: usize, v: &str) -> Result<Decimal> {
        let kind = crate::input::AmountKind::Exact;
        crate::input::read_amount(v, kind).map_err(|problem| Error::InvalidDecimal {
            line: self.line,
            column: self.column_of(col),
            name: self.name(col),
            value: v.to_string(),
            expected: kind.expected(problem),
        })
    }

    /// An optional timestamp (`M/D/YYYY h:mm:ss AM`, `M/D/YYYY`, ISO forms) in the years
    /// [`crate::input::FIRST_FILE_YEAR`] to 9999.
    pub(crate) fn opt_timestamp(&self, col: usize) -> Result<Option<NaiveDateTime>> {
        self.opt(col)
            .map(|v| {
                // Price files use the placeholder years 1753 and 9999 for "always" (SPEC-NCE
                // §12): a year before 1753 is a broken export, not a date to price on.
                parse_timestamp(v)
                    .filter(|t| t.year() >= crate::input::FIRST_FILE_YEAR)
                    .ok_or_else(|| Error::InvalidDate {
                        line: self.line,
                        column: self.column_of(col),
                        name: self.name(col),
                        value: v.to_string(),
                    })
            })
            .transpose()
    }

    /// A required field mapped through `choose` (which is given the field [`normalise`]d
    /// and returns `None` for unknown values).
    pub(crate) fn choice<T>(
        &self,
        col: usize,
        expected: &'static str,
        choose: impl FnOnce(&str) -> Option<T>,
    ) -> Result<T> {
        let v = self.req(col)?;
        with_normalised(v, choose).ok_or_else(|| Error::InvalidValue {
            line: self.line,
            column: self.column_of(col),
            name: self.name(col),
            value: v.to_string(),
            expected,
        })
    }
}
