//! The recon file readers (SPEC-NCE §15.1–§15.4) on arbitrary text.
//!
//! Oracle: no panic; every error has a code in `ALL_CODES`; `read_recon(text, None)` is
//! `read_recon(text, Some(kind))` for the kind `ReconKind::detect` tells, and fails as
//! detection does when it fails; a file read as a kind gives rows of that kind; reading is
//! deterministic; the streaming reader yields the same rows as `read_all` and ends after its
//! first error; every row of a file has the first row's currency, and rows come in
//! increasing line order.
#![no_main]

use csp_core::recon::{
    legacy_recon_reader, nce_recon_reader, read_recon, ReconKind, ReconReader, ReconRows,
};
use csp_fuzz::check_error;
use libfuzzer_sys::fuzz_target;

/// Reads every row one at a time: the rows before the first error, and that error. The
/// iterator must end right after an error.
fn stream<R>(mut reader: ReconReader<'_, R>) -> (Vec<R>, Option<csp_core::Error>) {
    let mut rows = Vec::new();
    for item in reader.by_ref() {
        match item {
            Ok(row) => rows.push(row),
            Err(e) => {
                check_error(&e);
                assert!(reader.next().is_none(), "the reader goes on after an error");
                return (rows, Some(e));
            }
        }
    }
    (rows, None)
}

/// The rows' currencies and lines (one currency per file, lines increasing).
fn check_rows<R>(rows: &[R], place: impl Fn(&R) -> (csp_core::money::Currency, u64)) {
    let mut last_line = 1; // the header's
    let first = rows.first().map(|r| place(r).0);
    for r in rows {
        let (currency, line) = place(r);
        assert_eq!(Some(currency), first, "a row in another currency");
        assert!(line > last_line, "rows out of line order");
        last_line = line;
    }
}

fn check_kind(text: &str, kind: ReconKind) -> Result<ReconRows, csp_core::Error> {
    let got = read_recon(text, Some(kind));
    match &got {
        Err(e) => check_error(e),
        Ok(rows) => assert_eq!(rows.kind(), kind, "rows of another kind"),
    }
    assert_eq!(got, read_recon(text, Some(kind)), "reading is deterministic");
    // The streaming reader agrees with read_all.
    match kind {
        ReconKind::Nce => match nce_recon_reader(text) {
            Err(e) => assert_eq!(got.as_ref().err(), Some(&e)),
            Ok(reader) => {
                let (rows, err) = stream(reader);
                check_rows(&rows, |r| (r.currency, r.line));
                match (&got, err) {
                    (Ok(ReconRows::Nce(all)), None) => assert_eq!(all, &rows),
                    (Err(e), Some(err)) => assert_eq!(e, &err),
                    (got, err) => panic!("read_recon {got:?}, stream error {err:?}"),
                }
            }
        },
        ReconKind::Legacy => match legacy_recon_reader(text) {
            Err(e) => assert_eq!(got.as_ref().err(), Some(&e)),
            Ok(reader) => {
                let (rows, err) = stream(reader);
                check_rows(&rows, |r| (r.currency, r.line));
                match (&got, err) {
                    (Ok(ReconRows::Legacy(all)), None) => assert_eq!(all, &rows),
                    (Err(e), Some(err)) => assert_eq!(e, &err),
                    (got, err) => panic!("read_recon {got:?}, stream error {err:?}"),
                }
            }
        },
    }
    got
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let detected = ReconKind::detect(&text);
    let nce = check_kind(&text, ReconKind::Nce);
    let legacy = check_kind(&text, ReconKind::Legacy);
    let auto = read_recon(&text, None);
    match detected.clone() {
        Err(e) => {
            check_error(&e);
            assert_eq!(e.code(), "unknown_recon_format");
            assert_eq!(auto, Err(e), "read_recon(None) fails as detection does");
        }
        Ok(kind) => {
            let want = match kind {
                ReconKind::Nce => nce,
                ReconKind::Legacy => legacy,
            };
            assert_eq!(auto, want, "read_recon(None) reads the detected kind");
        }
    }
    if std::env::var_os("FUZZ_DEBUG").is_some() {
        eprintln!("detect {detected:?}: {:?}", auto.map(|r| (r.kind(), r.len())));
    }
});
