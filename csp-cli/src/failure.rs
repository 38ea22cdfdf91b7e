//! What can make a `csp` command fail, how it is printed, and its exit status.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use csp_core::charges::Refusal;

/// A failed command.
#[derive(Debug)]
pub enum Failure {
    /// A refusal from csp-core, optionally about one input file.
    Core {
        /// The file the error is about (parse errors), if any.
        file: Option<PathBuf>,
        /// Where in that file, when the error comes from a part of it read apart (e.g. a
        /// scenario's `price_lists[2].csv_file: lists/2018-01.csv`).
        at: Option<String>,
        /// The core's error (boxed: it is large).
        error: Box<csp_core::Error>,
    },
    /// A file that cannot be read, or output that cannot be written.
    Io {
        /// What was being done, e.g. `cannot read prices.csv`.
        what: String,
        /// The operating system's error.
        error: std::io::Error,
    },
    /// A scenario replay that stopped: on a refused event (its index, date, subscription and
    /// type), or on the scenario's inputs.
    Replay {
        /// The scenario file.
        file: PathBuf,
        /// The core's refusal (boxed: it is large).
        refusal: Box<Refusal>,
    },
    /// Arguments that clap accepts but that do not fit together for this input.
    Usage(String),
    /// A reconciliation that is not clean (`differences`, `nothing_audited`): the report is
    /// printed, the exit status says it.
    NotClean {
        /// The report's status.
        status: &'static str,
        /// The entries the report lists.
        entries: usize,
    },
}

impl Failure {
    /// A core error about no file in particular.
    pub fn core(error: csp_core::Error) -> Failure {
        Failure::Core {
            file: None,
            at: None,
            error: Box::new(error),
        }
    }

    /// A core error about `file` (its parse errors carry line and column).
    pub fn in_file(file: &Path, error: csp_core::Error) -> Failure {
        Failure::Core {
            file: Some(file.to_path_buf()),
            at: None,
            error: Box::new(error),
        }
    }

    /// The stable code printed in `error[<code>]`.
    pub fn code(&self) -> &'static str {
        match self {
            Failure::Core { error, .. } => error.code(),
            Failure::Replay { refusal, .. } => refusal.error.code(),
            Failure::Io { .. } => "io",
            Failure::Usage(_) => "usage",
            Failure::NotClean { status, .. } => status,
        }
    }

    /// Whether the reader of stdout went away (`csp … | head`): not worth a message.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Failure::Io { error, .. } if error.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// 2 for refusals and argument errors (as clap's own usage errors), 1 for I/O, 3 for a
    /// reconciliation that is not clean.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Io { .. } => ExitCode::from(1),
            Failure::NotClean { .. } => ExitCode::from(3),
            Failure::Core { .. } | Failure::Replay { .. } | Failure::Usage(_) => ExitCode::from(2),
        }
    }
}

impl From<csp_core::Error> for Failure {
    fn from(error: csp_core::Error) -> Failure {
        Failure::core(error)
    }
}

impl fmt::Display for Failure {
    /// `error[<code>]: <message>`, the message naming the file when there is one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Failure::NotClean { status, entries } = self {
            return write!(
                f,
                "status[{status}]: the reconciliation is not clean ({entries} entries listed)"
            );
        }
        write!(f, "error[{}]: ", self.code())?;
        match self {
            Failure::Core { file, at, error } => {
                if let Some(file) = file {
                    write!(f, "{}: ", file.display())?;
                }
                if let Some(at) = at {
                    write!(f, "{at}: ")?;
                }
                f.write_str(&error.message())
            }
            Failure::Replay { file, refusal } => write!(f, "{}: {refusal}", file.display()),
            Failure::Io { what, error } => write!(f, "{what}: {error}"),
            Failure::Usage(message) => f.write_str(message),
            Failure::NotClean { .. } => Ok(()),
        }
    }
}

/// Result of a command.
pub type CliResult<T> = Result<T, Failure>;
