//! Reading a scenario file (format version 1), whose price lists may be given as
//! `"csv_file": "PATH"`, a legacy CSV file relative to the scenario's directory.
//!
//! The core reads the document and parses each file's text once; reading the files is I/O,
//! so this module does it, as the core's resolver. The scenario file and each CSV file are
//! read once.

use std::path::Path;

use csp_core::scenario::{ReadError, Scenario};

use crate::failure::{CliResult, Failure};
use crate::input;

/// Parses the scenario `text` read from `path`, reading the CSV files its price lists name.
///
/// # Errors
/// `io` when a `csv_file` cannot be read; the core's `invalid_scenario` (with the path in
/// the document, line and column of the scenario file) and `unsupported_version`, also for a
/// `csv_file` that is not a string or that comes with `rows` or `csv`; a `csv_file`'s parse
/// errors, naming the list and the file; `usage` for an NCE scenario (version 2), which
/// `csp charges` and `csp bill` read through their NCE path.
pub fn load_text(path: &Path, text: &str) -> CliResult<Scenario> {
    if csp_core::scenario::version_of(text) == Ok(csp_core::scenario::nce::NCE_SCENARIO_VERSION) {
        return Err(Failure::Usage(format!(
            "{}: this is an NCE scenario (version 2): `csp charges` reads it; this command reads version 1 (the legacy program) only, for now",
            path.display()
        )));
    }
    let dir = path.parent().unwrap_or(Path::new(""));
    Scenario::from_json_with(text, |file| input::read_text(&dir.join(file))).map_err(|e| {
        let list = e.list_path().unwrap_or_default();
        match e {
            ReadError::Document(error) => Failure::in_file(path, error),
            ReadError::Resolve { error, .. } => match error {
                Failure::Io { what, error } => Failure::Io {
                    what: format!("{}: {list}: {what}", path.display()),
                    error,
                },
                other => other,
            },
            ReadError::Csv { file, error, .. } => Failure::Core {
                file: Some(path.to_path_buf()),
                at: Some(format!("{list}: {}", dir.join(file).display())),
                error: Box::new(error),
            },
        }
    })
}
