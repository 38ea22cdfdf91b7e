//! The one reader of JSON documents (scenarios, GDAP documents): strict serde, and a refusal
//! that names the path in the document, the line and the column (`invalid_scenario`).

use crate::error::{Error, Result};

/// Reads a whole document as a `T`. The plain reader first (a book of 100,000 customers
/// reads in a fraction of the time); only a refused document is read again, with the path
/// tracked for the message.
///
/// # Errors
/// `invalid_scenario` with the path (e.g. `events[2].quantiy`), line and column.
pub(crate) fn tracked<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    if let Ok(doc) = serde_json::from_str(text) {
        return Ok(doc);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let doc = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        json_error(&path, e.inner())
    })?;
    de.end().map_err(|e| json_error(".", &e))?;
    Ok(doc)
}

/// serde_json's error at `path` of a document as `invalid_scenario`.
pub(crate) fn json_error(path: &str, e: &serde_json::Error) -> Error {
    let text = e.to_string();
    // serde_json appends " at line L column C"; the position has its own fields.
    let detail = match text.rfind(" at line ") {
        Some(i) if e.line() > 0 => text[..i].to_string(),
        _ => text,
    };
    Error::InvalidScenario {
        path: if path.is_empty() || path == "?" {
            ".".to_string()
        } else {
            path.to_string()
        },
        line: u64::try_from(e.line()).unwrap_or(u64::MAX),
        column: u64::try_from(e.column()).unwrap_or(u64::MAX),
        // serde quotes a wrong-typed string whole: a 1,000,000-character value is not echoed.
        detail: crate::error::shortened(detail, 300),
    }
}
