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

/// LOCAL STAND-IN for `csp_core::price_list::decode_text` (being added to the core on
/// another branch, with the code `invalid_encoding`): swap this function for the core's at
/// merge. Until then a refusal is `invalid_input` (what: `file encoding`) with the line.
///
/// The text of `bytes`: UTF-8 with or without a byte order mark (the mark removed), UTF-16
/// little- or big-endian with its byte order mark. Anything else (Latin-1, Windows-1252,
/// UTF-32, UTF-16 without a mark, odd-length UTF-16, unpaired surrogates) is refused: a
/// guessed code page would misread names silently.
pub fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>, FileError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(bytes, rest, 3);
    }
    if bytes.starts_with(b"\xFF\xFE\x00\x00") || bytes.starts_with(b"\x00\x00\xFE\xFF") {
        return Err(refuse(1, "UTF-32"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes);
    }
    if bytes.iter().take(2).any(|b| *b == 0) {
        return Err(refuse(
            1,
            "a NUL byte first (UTF-16 without a byte order mark?)",
        ));
    }
    utf8(bytes, bytes, 0)
}

fn utf8<'a>(all: &[u8], rest: &'a [u8], skipped: usize) -> Result<Cow<'a, str>, FileError> {
    std::str::from_utf8(rest).map(Cow::Borrowed).map_err(|e| {
        let at = skipped + e.valid_up_to();
        let line = all
            .get(..at)
            .unwrap_or(all)
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        refuse(
            line + 1,
            "bytes that are not UTF-8 (Latin-1 or Windows-1252 text?)",
        )
    })
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<Cow<'static, str>, FileError> {
    if bytes.len() % 2 != 0 {
        return Err(refuse(
            1,
            "a UTF-16 byte order mark but an odd number of bytes",
        ));
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut line = 1;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                line += u64::from(c == '\n');
                text.push(c);
            }
            Err(_) => return Err(refuse(line, "UTF-16 with an unpaired surrogate")),
        }
    }
    Ok(Cow::Owned(text))
}

fn refuse(line: u64, found: &str) -> FileError {
    FileError::Refused(
        Error::out_of_range(
            "file encoding",
            found,
            "UTF-8 (with or without a byte order mark) or UTF-16 with a byte order mark: \
             save the file as UTF-8",
        ),
        Some(line),
    )
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
