//! Helpers shared by the end-to-end tests of the `csp` binary: running it, reading its
//! output, expecting a failure, and temporary files.

// Each test file uses a different subset.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

/// Runs `csp` with `args`.
pub fn csp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_csp"))
        .args(args)
        .output()
        .expect("run csp")
}

/// The run's stdout.
pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

/// The run's stderr.
pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// Runs `csp`, expects exit status 0, and returns stdout.
pub fn csp_ok(args: &[&str]) -> String {
    let out = csp(args);
    assert!(
        out.status.success(),
        "csp {args:?} failed: {}",
        stderr(&out)
    );
    stdout(&out)
}

/// Runs `csp`, expects exit status 0, and parses stdout as JSON.
pub fn csp_json(args: &[&str]) -> Value {
    serde_json::from_str(&csp_ok(args)).expect("stdout is JSON")
}

/// Expects exit status `code`, an `error[<error_code>]` line on stderr, nothing on stdout.
pub fn assert_fails(out: &Output, code: i32, error_code: &str) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert!(
        err.starts_with(&format!("error[{error_code}]: ")),
        "stderr: {err}"
    );
    assert!(!err.contains("panicked"), "stderr: {err}");
    assert!(out.stdout.is_empty());
    err
}

/// A directory in the temp directory, removed with its files when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    /// A new, empty directory named after `prefix`, the process and a counter.
    pub fn new(prefix: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("{prefix}-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }

    /// Writes `contents` at `name` (which may name a subdirectory) and returns its path.
    pub fn write(&self, name: &str, contents: &str) -> String {
        let path = self.0.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create subdirectory");
        }
        std::fs::write(&path, contents).expect("write temp file");
        path.to_str().expect("temp path is UTF-8").to_string()
    }

    /// Writes a JSON value, pretty-printed, and returns its path.
    pub fn json(&self, name: &str, value: &Value) -> String {
        let text = serde_json::to_string_pretty(value).expect("value to JSON");
        self.write(name, &text)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
