//! CSV text into records with 1-based lines, fields looked up by column name (SPEC §3, §9).
//!
//! Every error names its line and column.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use rust_decimal::Decimal;

use super::timestamp::parse_timestamp;
use crate::error::{Error, Result};

/// A column the parser knows: its display name and the normalised header spellings it accepts.
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

/// A parsed CSV text: the header's column positions and the data records.
pub(crate) struct Table {
    positions: HashMap<&'static str, usize>,
    width: usize,
    records: Vec<(u64, csv::StringRecord)>,
}

/// One data record, for reading fields with errors that carry line and column.
pub(crate) struct Row<'a> {
    pub line: u64,
    record: &'a csv::StringRecord,
    table: &'a Table,
}

fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|f| f.trim().is_empty())
}

/// Maps a record's byte offset to the 1-based line where the record starts.
///
/// The csv reader's own line counter skips blank lines without counting them, and a
/// record's byte offset points at the blank lines before it; so skip line breaks from the
/// offset, then count the newlines before that point.
struct Lines<'t> {
    text: &'t str,
    newlines: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        let newlines = text
            .bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i)
            .collect();
        Lines { text, newlines }
    }

    fn line_of(&self, byte: u64) -> u64 {
        let start = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        let skipped = self.text.as_bytes()[start..]
            .iter()
            .take_while(|b| **b == b'\n' || **b == b'\r')
            .count();
        let at = start + skipped;
        self.newlines.partition_point(|&nl| nl < at) as u64 + 1
    }
}

/// The 1-based line where the record at `byte` starts in `text`.
pub(crate) fn line_of(text: &str, byte: u64) -> u64 {
    Lines::new(text).line_of(byte)
}

/// A refusal of the csv reader. [`Table::read`] reads a `&str` through a flexible reader, so
/// none can occur (no I/O, valid UTF-8, records of any length); the detail is the core's own
/// text rather than csv's `Display`, which would bring std's I/O error texts into the WASM
/// build (csp-wasm README "Size").
fn csv_error(e: &csv::Error, lines: &Lines<'_>) -> Error {
    let detail = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "a field that is not valid UTF-8",
        csv::ErrorKind::UnequalLengths { .. } => "records of different lengths",
        _ => "the CSV text could not be read",
    };
    Error::CsvMalformed {
        line: e.position().map_or(1, |p| lines.line_of(p.byte())),
        column: 0,
        detail: detail.to_string(),
    }
}

impl Table {
    /// Reads `text` (an optional UTF-8 BOM is skipped; blank lines are skipped) and matches
    /// its header against `specs`.
    pub(crate) fn read(text: &str, specs: &[ColumnSpec]) -> Result<Table> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut records = Vec::new();
        let mut header: Option<(u64, csv::StringRecord)> = None;
        let mut record = csv::StringRecord::new();
        let lines = Lines::new(text);
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => return Err(csv_error(&e, &lines)),
            }
            let line = record.position().map_or(1, |p| lines.line_of(p.byte()));
            if is_blank(&record) {
                continue;
            }
            match header {
                None => header = Some((line, record.clone())),
                Some(_) => records.push((line, record.clone())),
            }
        }
        let (header_line, header) = header.ok_or(Error::MissingColumn {
            line: 1,
            column: 0,
            name: specs
                .iter()
                .find(|s| s.required)
                .map_or("header", |s| s.name),
        })?;
        let found: Vec<String> = header.iter().map(normalise).collect();
        let mut positions = HashMap::new();
        for spec in specs {
            let pos = found
                .iter()
                .position(|h| spec.aliases.iter().any(|a| a == h));
            match pos {
                Some(p) => {
                    positions.insert(spec.name, p);
                }
                None if spec.required => {
                    return Err(Error::MissingColumn {
                        line: header_line,
                        column: 0,
                        name: spec.name,
                    })
                }
                None => {}
            }
        }
        let width = header.len();
        let table = Table {
            positions,
            width,
            records,
        };
        for (line, rec) in &table.records {
            table.check_width(*line, rec)?;
        }
        if table.records.is_empty() {
            return Err(Error::EmptyPriceList {
                line: header_line + 1,
                column: 0,
            });
        }
        Ok(table)
    }

    /// A record must have the header's width; extra *empty* trailing fields are tolerated
    /// (spreadsheet exports often add a trailing comma).
    fn check_width(&self, line: u64, rec: &csv::StringRecord) -> Result<()> {
        let n = rec.len();
        if n < self.width {
            return Err(Error::CsvMalformed {
                line,
                column: n as u64 + 1,
                detail: format!("expected {} fields as in the header, found {n}", self.width),
            });
        }
        if let Some(extra) = rec
            .iter()
            .skip(self.width)
            .position(|f| !f.trim().is_empty())
        {
            return Err(Error::CsvMalformed {
                line,
                column: (self.width + extra) as u64 + 1,
                detail: format!("expected {} fields as in the header, found {n}", self.width),
            });
        }
        Ok(())
    }

    /// The data records in file order.
    pub(crate) fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.records.iter().map(|(line, record)| Row {
            line: *line,
            record,
            table: self,
        })
    }
}

impl Row<'_> {
    /// 1-based column number of a known column (0 when the file lacks it).
    pub(crate) fn column_of(&self, name: &'static str) -> u64 {
        self.table.positions.get(name).map_or(0, |p| *p as u64 + 1)
    }

    /// The trimmed field, `None` when the column is absent or the field empty.
    pub(crate) fn opt(&self, name: &'static str) -> Option<&str> {
        let pos = *self.table.positions.get(name)?;
        let v = self.record.get(pos)?.trim();
        (!v.is_empty()).then_some(v)
    }

    /// The trimmed field; `empty_field` when it is empty.
    pub(crate) fn req(&self, name: &'static str) -> Result<&str> {
        self.opt(name).ok_or_else(|| Error::EmptyField {
            line: self.line,
            column: self.column_of(name),
            name,
        })
    }

    /// A required non-negative decimal, kept exactly as written.
    pub(crate) fn decimal(&self, name: &'static str) -> Result<Decimal> {
        let v = self.req(name)?;
        self.parse_decimal(name, v)
    }

    /// An optional non-negative decimal.
    pub(crate) fn opt_decimal(&self, name: &'static str) -> Result<Option<Decimal>> {
        self.opt(name)
            .map(|v| self.parse_decimal(name, v))
            .transpose()
    }

    fn parse_decimal(&self, name: &'static str, v: &str) -> Result<Decimal> {
        crate::money::parse_plain_decimal(v)
            .filter(|d| !d.is_sign_negative() || d.is_zero())
            .ok_or_else(|| Error::InvalidDecimal {
                line: self.line,
                column: self.column_of(name),
                name,
                value: v.to_string(),
            })
    }

    /// An optional timestamp (`M/D/YYYY h:mm:ss AM`, `M/D/YYYY`, ISO forms).
    pub(crate) fn opt_timestamp(&self, name: &'static str) -> Result<Option<NaiveDateTime>> {
        self.opt(name)
            .map(|v| {
                parse_timestamp(v).ok_or_else(|| Error::InvalidDate {
                    line: self.line,
                    column: self.column_of(name),
                    name,
                    value: v.to_string(),
                })
            })
            .transpose()
    }

    /// A required field mapped through `choose` (which returns `None` for unknown values).
    pub(crate) fn choice<T>(
        &self,
        name: &'static str,
        expected: &'static str,
        choose: impl Fn(&str) -> Option<T>,
    ) -> Result<T> {
        let v = self.req(name)?;
        choose(&normalise(v)).ok_or_else(|| Error::InvalidValue {
            line: self.line,
            column: self.column_of(name),
            name,
            value: v.to_string(),
            expected,
        })
    }
}
