//! Rendering: aligned text tables, CSV with a header row, pretty JSON, and writing to stdout.

use std::fmt::Display;
use std::io::Write;

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
}

impl Table {
    /// A table with these columns and no rows.
    pub fn new(columns: &[(&'static str, Align)]) -> Table {
        Table {
            headers: columns.iter().map(|(h, _)| (*h).to_string()).collect(),
            aligns: columns.iter().map(|(_, a)| *a).collect(),
            rows: Vec::new(),
        }
    }

    /// A table whose column names are computed (e.g. one column per role profile).
    pub fn with_columns(columns: Vec<(String, Align)>) -> Table {
        let (headers, aligns) = columns.into_iter().unzip();
        Table {
            headers,
            aligns,
            rows: Vec::new(),
        }
    }

    /// Appends a row (one cell per column).
    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// The table as aligned plain text: header, a rule, the rows (two spaces between columns).
    pub fn to_text(&self) -> String {
        let shown: Vec<Vec<&str>> = self
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| if c.is_empty() { "-" } else { c.as_str() })
                    .collect()
            })
            .collect();
        let headers: Vec<String> = self.headers.iter().map(|h| h.replace('_', " ")).collect();
        let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
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

/// Writes `text` to stdout (a closed pipe is an I/O error, never a panic).
///
/// # Errors
/// `io` when stdout cannot be written.
pub fn print(text: &str) -> CliResult<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|error| Failure::Io {
            what: "cannot write to stdout".to_string(),
            error,
        })
}
