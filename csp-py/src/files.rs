//! Files read for Python (SPEC §3: the core parses text; the binding reads bytes): read in
//! Rust with a size cap, then decoded — UTF-8 with or without a byte order mark, UTF-16 with
//! one — so that no encoding problem surfaces as a Python `UnicodeDecodeError` and no file
//! (`/dev/zero`) is read without limit.

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

use csp_core::Error;
use pyo3::prelude::*;

use crate::errors::to_py;

/// The largest file read by default: the core's cap (`csp_core::input::MAX_FILE_BYTES`,
/// 1 GiB, the CLI's too). Microsoft's largest price files are tens of MiB; a larger file is
/// the wrong file (or a device such as `/dev/zero`), refused before it is read whole. A
/// caller with a larger file passes its own cap (`max_bytes`).
pub const MAX_FILE_BYTES: u64 = csp_core::input::MAX_FILE_BYTES;

/// Why a file could not be read.
#[derive(Debug)]
pub enum FileError {
    /// The operating system's error (not found, permission…): a Python `OSError`.
    Io(std::io::Error),
    /// Too large or not text: the core's error, and the line of an encoding problem.
    Refused(Error, Option<u64>),
}

impl FileError {
    /// The Python exception, naming the file.
    pub fn into_py(self, path: &Path) -> PyErr {
        let file = path.display().to_string();
        match self {
            FileError::Io(e) => PyErr::from(e),
            FileError::Refused(e, None) => to_py(&e, &[("file", file)]),
            FileError::Refused(e, Some(line)) => {
                to_py(&e, &[("file", file), ("line", line.to_string())])
            }
        }
    }
}

/// The bytes of the file at `path`, at most `max_bytes` of them (more is refused with
/// `invalid_input` before the rest is read).
pub fn read_bytes(path: &Path, max_bytes: u64) -> Result<Vec<u8>, FileError> {
    let file = std::fs::File::open(path).map_err(FileError::Io)?;
    let too_large = || {
        FileError::Refused(
            Error::out_of_range(
                "file size",
                format_args!("more than {max_bytes} bytes"),
                "a file of at most the size cap (1 GiB unless max_bytes is given): check \
                 that it is the right file, or pass a larger max_bytes",
            ),
            None,
        )
    };
    // A regular file says its size; a device or a pipe is read up to the cap.
    let meta = file.metadata().map_err(FileError::Io)?;
    if meta.is_file() && meta.len() > max_bytes {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(FileError::Io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The text of `bytes` as the core decodes a file
/// ([`csp_core::price_list::decode_text`]): UTF-8 with or without a byte order mark, UTF-16
/// with one; anything else is refused as `invalid_encoding` (with the line in the error).
pub fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>, FileError> {
    csp_core::price_list::decode_text(bytes).map_err(|e| FileError::Refused(e, None))
}

/// The text of the file at `path` (at most `max_bytes`, decoded as [`decode_text`]).
pub fn read_text(path: &Path, max_bytes: u64) -> Result<String, FileError> {
    let bytes = read_bytes(path, max_bytes)?;
    Ok(decode_text(&bytes)?.into_owned())
}

/// The text of the file at `path`: at most `max_bytes` bytes (default 1 GiB), UTF-8 with
/// or without a byte order mark or UTF-16 with one; read with the GIL released.
#[pyfunction]
#[pyo3(signature = (path, max_bytes=MAX_FILE_BYTES))]
pub fn read_text_file(py: Python<'_>, path: PathBuf, max_bytes: u64) -> PyResult<String> {
    py.detach(|| read_text(&path, max_bytes))
        .map_err(|e| e.into_py(&path))
}

/// The text of bytes, decoded as a file's (see [`decode_text`]).
#[pyfunction]
pub fn decode_bytes(data: &[u8]) -> PyResult<String> {
    decode_text(data).map(Cow::into_owned).map_err(|e| match e {
        FileError::Io(e) => PyErr::from(e),
        FileError::Refused(e, line) => {
            let extra: Vec<(&str, String)> =
                line.map(|l| ("line", l.to_string())).into_iter().collect();
            to_py(&e, &extra)
        }
    })
}

/// The scenario file at `path`, its `csv_file` price lists read relative to its directory,
/// each file (the scenario's too) capped at `max_bytes` and decoded as [`decode_text`].
pub fn load_scenario(path: &Path, max_bytes: u64) -> PyResult<csp_core::scenario::Scenario> {
    let text = read_text(path, max_bytes).map_err(|e| e.into_py(path))?;
    let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let read = |file: &str| {
        let p = base.join(file);
        read_text(&p, max_bytes).map_err(|e| e.into_py(&p))
    };
    crate::scenario::resolved_with(&text, read)
}
