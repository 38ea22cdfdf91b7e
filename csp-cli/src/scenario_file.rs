//! Reading a scenario file (format version 1), with this command's one addition: a price
//! list given as `"csv_file": "PATH"`, a legacy CSV file relative to the scenario's directory.
//!
//! Reading those files is I/O, so it is done here: each `csv_file` entry is replaced by
//! `"csv": "<the file's text>"` before the core reads the document. Everything else about the
//! format (fields, types, unknown fields, money as strings) is the core's to check.

use std::path::Path;

use csp_core::price_list::parse_legacy_rows;
use csp_core::scenario::Scenario;
use serde_json::{Map, Value};

use crate::failure::{CliResult, Failure};
use crate::input;

/// The key this command reads in a price list entry.
const CSV_FILE: &str = "csv_file";

/// Reads and parses the scenario at `path`, reading the CSV files its price lists name.
///
/// # Errors
/// `io` when the scenario or a `csv_file` cannot be read; the core's `invalid_scenario` (with
/// the path in the document, line and column of the scenario file) and `unsupported_version`;
/// `invalid_scenario` for a `csv_file` that is not a string or that comes with `rows` or
/// `csv`; a `csv_file`'s parse errors, naming that file.
pub fn load(path: &Path) -> CliResult<Scenario> {
    let text = input::read_text(path)?;
    let parse = |text: &str| Scenario::from_json(text).map_err(|e| Failure::in_file(path, e));
    // Malformed JSON, or a document without `csv_file`: the core reads the text as it is.
    let Ok(mut doc) = serde_json::from_str::<Value>(&text) else {
        return parse(&text);
    };
    let files = csv_files(path, &doc)?;
    if files.is_empty() {
        return parse(&text);
    }
    // Check the document as written first, so that its errors give the file's own lines and
    // columns: each `"csv_file"` key becomes `"csv"` padded to the same length (every
    // position is kept), its value a string as `csv` wants. The document rewritten below
    // then differs only in those strings' contents.
    parse(&rename_keys(&text))?;
    let dir = path.parent().unwrap_or(Path::new(""));
    for (i, file) in files {
        let csv_path = dir.join(&file);
        let csv = std::fs::read_to_string(&csv_path).map_err(|error| Failure::Io {
            what: format!(
                "{}: price_lists[{i}].{CSV_FILE}: cannot read {}",
                path.display(),
                csv_path.display()
            ),
            error,
        })?;
        // The core would report a CSV error without saying which list; name the file here.
        parse_legacy_rows(&csv).map_err(|e| Failure::in_file(&csv_path, e))?;
        if let Some(entry) = price_list_mut(&mut doc, i) {
            entry.remove(CSV_FILE);
            entry.insert("csv".to_string(), Value::String(csv));
        }
    }
    parse(&doc.to_string())
}

/// The `(index, path)` of every price list given by `csv_file`.
fn csv_files(path: &Path, doc: &Value) -> CliResult<Vec<(usize, String)>> {
    let Some(lists) = doc.get("price_lists").and_then(Value::as_array) else {
        return Ok(Vec::new());
    };
    let mut files = Vec::new();
    for (i, list) in lists.iter().enumerate() {
        let Some(file) = list.get(CSV_FILE) else {
            continue;
        };
        let refuse = |at: String, detail: &str| {
            Failure::in_file(
                path,
                csp_core::Error::InvalidScenario {
                    path: at,
                    line: 0,
                    column: 0,
                    detail: detail.to_string(),
                },
            )
        };
        let Some(file) = file.as_str() else {
            return Err(refuse(
                format!("price_lists[{i}].{CSV_FILE}"),
                "expected the path of a legacy CSV file (a string)",
            ));
        };
        for other in ["rows", "csv"] {
            if list.get(other).is_some() {
                return Err(refuse(
                    format!("price_lists[{i}]"),
                    &format!("give one of `rows`, `csv` and `{CSV_FILE}`, not `{other}` and `{CSV_FILE}`"),
                ));
            }
        }
        files.push((i, file.to_string()));
    }
    Ok(files)
}

fn price_list_mut(doc: &mut Value, i: usize) -> Option<&mut Map<String, Value>> {
    doc.get_mut("price_lists")?
        .as_array_mut()?
        .get_mut(i)?
        .as_object_mut()
}

/// `text` with every `"csv_file"` key written `"csv"     ` (same length, same positions).
fn rename_keys(text: &str) -> String {
    let key = format!("\"{CSV_FILE}\"");
    let padded = format!("{:<width$}", "\"csv\"", width = key.len());
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(&key) {
        let after = &rest[at + key.len()..];
        // A key is followed by `:`; the same characters elsewhere (inside a string) stay.
        let replacement = if after.trim_start().starts_with(':') {
            padded.as_str()
        } else {
            key.as_str()
        };
        out.push_str(&rest[..at]);
        out.push_str(replacement);
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::rename_keys;

    #[test]
    fn renamed_keys_keep_every_position() {
        let text = "{\"price_lists\": [{\"month\": \"2016-02\",\n  \"csv_file\" : \"a.csv\"}],\
                    \"name\": \"\\\"csv_file\"}";
        let renamed = rename_keys(text);
        assert_eq!(renamed.len(), text.len());
        assert!(renamed.contains("\"csv\"      : \"a.csv\""), "{renamed}");
        // Not a key (no colon after it): unchanged.
        assert!(renamed.ends_with("\"\\\"csv_file\"}"), "{renamed}");
    }
}
