//! Rendering: aligned text tables, CSV with a header row, pretty JSON, and writing to stdout.

use std::fmt::Display;
use std::io::Write;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::failure::{CliResult, Failure};

/// How a column's cells line up in a text table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text: padded on the right.
    Left,
    /// Numbers and money: padded on the left.
    Right,
}

/// Rows of text cells under named columns; an empty cell means "no value" (`-` in a text
/// table, empty in CSV). Column names are snake_case, as the JSON fields: CSV headers use them
/// as they are, text tables with spaces for underscores.
#[derive(Debug, Clone)]
pub struct Table {
    headers: Vec<String>,
    aligns: Vec<Align>,
    rows: Vec<Vec<String>>,
    /// In text tables, the column whose cells are wrapped, and at how many characters.
    wrap: Option<(usize, usize)>,
}

impl Table {
    /// A table with these columns and no rows.
    pub fn new(columns: &[(&'static str, Align)]) -> Table {
        Table {
            headers: columns.iter().map(|(h, _)| (*h).to_string()).collect(),
            aligns: columns.iter().map(|(_, a)| *a).collect(),
            rows: Vec::new(),
            wrap: None,
        }
    }

    /// A table whose column names are computed (e.g. one column per role profile).
    pub fn with_columns(columns: Vec<(String, Align)>) -> Table {
        let (headers, aligns) = columns.into_iter().unzip();
        Table {
            headers,
            aligns,
            rows: Vec::new(),
            wrap: None,
        }
    }

    /// Appends a row (one cell per column).
    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// In the text form, wraps `column`'s cells at word boundaries to at most `width`
    /// characters (a longer word keeps its line), and makes the column that wide, so that
    /// tables of different rows line up; continuation lines are indented by two spaces and
    /// leave the other columns blank. CSV is unaffected.
    pub fn wrap(&mut self, column: usize, width: usize) {
        self.wrap = Some((column, width.max(1)));
    }

    /// The table as aligned plain text: header, a rule, the rows (two spaces between columns).
    pub fn to_text(&self) -> String {
        let mut shown: Vec<Vec<String>> = Vec::new();
        for r in &self.rows {
            let cells: Vec<String> = r
                .iter()
                .map(|c| if c.is_empty() { "-" } else { c.as_str() }.to_string())
                .collect();
            match self.wrap {
                Some((column, width)) if column < cells.len() => {
                    let parts = wrap_words(&cells[column], width);
                    for (i, part) in parts.into_iter().enumerate() {
                        let mut line = if i == 0 {
                            cells.clone()
                        } else {
                            vec![String::new(); cells.len()]
                        };
                        line[column] = if i == 0 { part } else { format!("  {part}") };
                        shown.push(line);
                    }
                }
                _ => shown.push(cells),
            }
        }
        let headers: Vec<String> = self.headers.iter().map(|h| h.replace('_', " ")).collect();
        let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
        if let Some((column, width)) = self.wrap {
            if let Some(w) = widths.get_mut(column) {
                *w = (*w).max(width);
            }
        }
        for row in &shown {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        let mut out = self.line(&headers, &widths);
        out.push_str(&self.line(&rule, &widths));
        for row in &shown {
            out.push_str(&self.line(row, &widths));
        }
        out
    }

    fn line<S: AsRef<str>>(&self, cells: &[S], widths: &[usize]) -> String {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .zip(&self.aligns)
            .map(|((cell, w), align)| match align {
                Align::Left => format!("{:<w$}", cell.as_ref()),
                Align::Right => format!("{:>w$}", cell.as_ref()),
            })
            .collect();
        let mut line = padded.join("  ").trim_end().to_string();
        line.push('\n');
        line
    }

    /// The table as CSV: a header row, then the rows.
    ///
    /// # Errors
    /// Only if the CSV writer fails on memory, reported as I/O.
    pub fn to_csv(&self) -> CliResult<String> {
        let fail = |error: std::io::Error| Failure::Io {
            what: "cannot write CSV".to_string(),
            error,
        };
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer
            .write_record(&self.headers)
            .map_err(|e| fail(e.into()))?;
        for row in &self.rows {
            writer.write_record(row).map_err(|e| fail(e.into()))?;
        }
        let bytes = writer.into_inner().map_err(|e| fail(e.into_error()))?;
        String::from_utf8(bytes)
            .map_err(|e| fail(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
    }
}

/// `text` in lines of at most `width` characters, broken at spaces (a longer word keeps a
/// line of its own). Continuation lines leave room for a two-space indent.
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let room = if lines.is_empty() {
            width
        } else {
            width.saturating_sub(2)
        };
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > room {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// A decimal amount with thousands separators, for people (`-1234567.5` → `-1,234,567.5`):
/// built from the decimal's own text, every digit kept. A zero prints without a sign.
pub fn grouped(amount: Decimal) -> String {
    let text = amount.to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) if !amount.is_zero() => ("-", rest),
        Some(rest) => ("", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (digits, None),
    };
    let mut out = String::from(sign);
    let n = int.chars().count();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// `name  value` lines, names padded to the longest; empty values print as `-`.
pub fn key_values(pairs: &[(&str, String)]) -> String {
    let width = pairs
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    pairs
        .iter()
        .map(|(k, v)| {
            let v = if v.is_empty() { "-" } else { v.as_str() };
            format!("{k:<width$}  {v}\n")
        })
        .collect()
}

/// A value as pretty JSON, with a final newline.
///
/// # Errors
/// When serde refuses the value, reported as I/O.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> CliResult<String> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| Failure::Io {
        what: "cannot write JSON".to_string(),
        error: e.into(),
    })?;
    text.push('\n');
    Ok(text)
}

/// An optional value as a cell: its text, or empty for `None`.
pub fn cell<T: Display>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// An error writing the output.
pub fn write_failure(error: std::io::Error) -> Failure {
    Failure::Io {
        what: "cannot write to stdout".to_string(),
        error,
    }
}

/// Writes `text` to `out`.
///
/// # Errors
/// `io` when `out` cannot be written.
pub fn write_text(out: &mut dyn Write, text: &str) -> CliResult<()> {
    out.write_all(text.as_bytes()).map_err(write_failure)
}

/// Writes `value` as pretty JSON to `out` as it is serialized (no text built whole), with a
/// final newline: the same bytes as [`to_json`].
///
/// # Errors
/// `io` when `out` cannot be written or serde refuses the value.
pub fn write_json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> CliResult<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| match e.io_error_kind() {
        Some(_) => write_failure(e.into()),
        None => Failure::Io {
            what: "cannot write JSON".to_string(),
            error: e.into(),
        },
    })?;
    write_text(out, "\n")
}

/// CSV rows written to an output as they come: the header row first.
pub struct CsvRows<'w> {
    writer: csv::Writer<Unflushed<'w>>,
}

/// An output whose `flush` only hands the bytes on: the CSV writer flushes its buffer when
/// dropped, and a failed command must not push the output further than its own buffer
/// (`main` flushes stdout on success only).
struct Unflushed<'w>(&'w mut dyn Write);

impl Write for Unflushed<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'w> CsvRows<'w> {
    /// Writes the header row.
    ///
    /// # Errors
    /// `io` when `out` cannot be written.
    pub fn new(out: &'w mut dyn Write, headers: &[&str]) -> CliResult<CsvRows<'w>> {
        let mut rows = CsvRows {
            writer: csv::Writer::from_writer(Unflushed(out)),
        };
        rows.write(headers)?;
        Ok(rows)
    }

    /// Writes one row.
    ///
    /// # Errors
    /// `io` when the output cannot be written.
    pub fn write<S: AsRef<[u8]>>(&mut self, row: &[S]) -> CliResult<()> {
        self.writer.write_record(row).map_err(csv_failure)
    }

    /// Hands the rows written on to the output.
    ///
    /// # Errors
    /// `io` when the output cannot be written.
    pub fn finish(mut self) -> CliResult<()> {
        self.writer.flush().map_err(write_failure)
    }
}

fn csv_failure(e: csv::Error) -> Failure {
    match e.into_kind() {
        csv::ErrorKind::Io(error) => write_failure(error),
        other => Failure::Io {
            what: "cannot write CSV".to_string(),
            error: std::io::Error::other(format!("{other:?}")),
        },
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::{grouped, wrap_words, Align, Table};

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn grouped_inserts_thousands_separators_and_keeps_every_digit() {
        assert_eq!(grouped(d("2400.00")), "2,400.00");
        assert_eq!(grouped(d("-1287.72")), "-1,287.72");
        assert_eq!(grouped(d("999.99")), "999.99");
        assert_eq!(grouped(d("1000")), "1,000");
        assert_eq!(grouped(d("-1234567.125")), "-1,234,567.125");
        assert_eq!(grouped(d("0.00")), "0.00");
        assert_eq!(grouped(-d("0.00")), "0.00");
        assert_eq!(
            grouped(Decimal::MAX),
            "79,228,162,514,264,337,593,543,950,335"
        );
    }

    #[test]
    fn words_wrap_at_spaces() {
        assert_eq!(wrap_words("one two three", 7), ["one two", "three"]);
        assert_eq!(
            wrap_words("averyverylongword x", 5),
            ["averyverylongword", "x"]
        );
        assert_eq!(wrap_words("", 5), [""]);
    }

    #[test]
    fn wrapped_cells_continue_on_indented_lines() {
        let mut t = Table::new(&[("description", Align::Left), ("amount", Align::Right)]);
        t.push(vec![
            "Managed service per seat".to_string(),
            "60.00".to_string(),
        ]);
        t.wrap(0, 16);
        assert_eq!(
            t.to_text(),
            "description       amount\n\
             ----------------  ------\n\
             Managed service    60.00\n\
             \x20 per seat\n"
        );
    }
}
