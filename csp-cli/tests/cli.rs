//! End-to-end tests of the `csp` binary on small inline files. Expected values come from the
//! rules of SPEC §2 (agreement) and §3 (price lists), not from running the code.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

/// A file in the temp directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, contents: &str) -> TempFile {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("csp-cli-test-{}-{n}-{name}", std::process::id()));
        std::fs::write(&path, contents).expect("write temp file");
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("temp path is UTF-8")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn csp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_csp"))
        .args(args)
        .output()
        .expect("run csp")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// Runs `csp`, expects success, and parses stdout as JSON.
fn csp_json(args: &[&str]) -> Value {
    let out = csp(args);
    assert!(
        out.status.success(),
        "csp {args:?} failed: {}",
        stderr(&out)
    );
    serde_json::from_str(&stdout(&out)).expect("stdout is JSON")
}

/// Expects exit status `code`, an `error[<error_code>]` line on stderr, nothing on stdout.
fn assert_fails(out: &Output, code: i32, error_code: &str) -> String {
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

const HEADER: &str =
    "Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,List Price,ERP Price";

/// February 2016: four offers.
fn february() -> String {
    format!(
        "\u{feff}{HEADER}\n\
         bd938f12-058f-4927-bba3-ae36b1d2501c,\"Office 365 Business Essentials, monthly\",Corporate,Non-specific,4.00,5.00\n\
         E3,Office 365 E3,Corporate,Non-specific,20.00,25.00\n\
         GONE,Retired add-on,Corporate,Add-on,1.00,1.20\n\
         ERP,ERP only,Academic,Non-specific,2.00,3.00\n"
    )
}

/// March 2016: the same essentials price written 4.0 (UNC), E3 up (CHG), GONE removed (DEL),
/// NEW added (ADD), an ERP-only change (UNC with erp_changed).
fn march() -> String {
    format!(
        "{HEADER}\n\
         BD938F12-058F-4927-BBA3-AE36B1D2501C,\"Office 365 Business Essentials, monthly\",Corporate,Non-specific,4.0,5\n\
         E3,Office 365 E3,Corporate,Non-specific,21.50,26.00\n\
         NEW,New offer,Corporate,Non-specific,7.00,8.75\n\
         ERP,ERP only,Academic,Non-specific,2.00,3.50\n"
    )
}

// ----- agreement ---------------------------------------------------------------------------

#[test]
fn late_notice_ends_the_agreement_a_term_later() {
    // SPEC §2: signed 2015-10-01, the first term ends 2016-08-31 and notice must be given by
    // 2016-08-01. A notice on 2016-08-02 is late: the agreement renews once more and ends on
    // 2017-08-31.
    let v = csp_json(&[
        "agreement",
        "--signed",
        "2015-10-01",
        "--notice",
        "2016-08-02:partner",
        "--on",
        "2016-09-01",
        "--format",
        "json",
    ]);
    let status = &v["status"];
    assert_eq!(status["on"], "2016-09-01");
    assert_eq!(status["in_force"], true);
    assert_eq!(status["end_date"], "2017-08-31");
    assert_eq!(status["term"]["number"], 2);
    assert_eq!(status["term"]["first"], "2016-09-01");
    assert_eq!(status["term"]["last"], "2017-08-31");
    // The agreement does not renew on 2017-08-31: no next renewal, no deadline for it.
    assert_eq!(status["next_renewal"], Value::Null);
    assert_eq!(status["notice_deadline"], Value::Null);
    // Only the terms up to the end date are listed, even though --terms defaults to 3.
    let terms = v["terms"].as_array().expect("terms array");
    assert_eq!(terms.len(), 2);
    assert_eq!(terms[0]["first"], "2015-10-01");
    assert_eq!(terms[0]["last"], "2016-08-31");
    assert_eq!(terms[0]["notice_deadline"], "2016-08-01");
    assert_eq!(terms[1]["notice_deadline"], "2017-08-01");
}

#[test]
fn notice_on_the_deadline_stops_the_coming_renewal() {
    let v = csp_json(&[
        "agreement",
        "--signed",
        "2015-10-01",
        "--notice",
        "2016-08-01:microsoft",
        "--on",
        "2016-09-01",
        "--format",
        "json",
    ]);
    assert_eq!(v["status"]["end_date"], "2016-08-31");
    assert_eq!(v["status"]["in_force"], false);
    assert_eq!(v["terms"].as_array().map(Vec::len), Some(1));
}

#[test]
fn agreement_without_notice_renews_each_31_august() {
    let v = csp_json(&[
        "agreement",
        "--signed",
        "2015-10-01",
        "--on",
        "2016-03-01",
        "--terms",
        "4",
        "--format",
        "json",
    ]);
    assert_eq!(v["status"]["next_renewal"], "2016-08-31");
    assert_eq!(v["status"]["notice_deadline"], "2016-08-01");
    assert_eq!(v["status"]["end_date"], Value::Null);
    let terms = v["terms"].as_array().expect("terms array");
    assert_eq!(terms.len(), 4);
    assert_eq!(terms[3]["first"], "2018-09-01");
    assert_eq!(terms[3]["last"], "2019-08-31");
}

#[test]
fn agreement_csv_has_a_header_row() {
    let out = csp(&["agreement", "--signed", "2015-10-01", "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().expect("header row").clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        ["number", "first", "last", "notice_deadline"]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(records.len(), 3);
    assert_eq!(&records[2][1], "2017-09-01");
    assert_eq!(&records[2][3], "2018-08-01");
}

#[test]
fn notice_before_signing_is_refused() {
    let out = csp(&[
        "agreement",
        "--signed",
        "2015-10-01",
        "--notice",
        "2015-09-30",
    ]);
    assert_fails(&out, 2, "notice_before_signing");
}

#[test]
fn bad_date_argument_is_an_invalid_input() {
    let out = csp(&["agreement", "--signed", "1 Oct 2015"]);
    let err = assert_fails(&out, 2, "invalid_input");
    assert!(err.contains("1 Oct 2015"), "{err}");
}

// ----- price-list show ---------------------------------------------------------------------

#[test]
fn price_of_a_list_not_yet_visible_is_refused() {
    // SPEC §3: the March 2016 list is visible from 2016-03-01 − 30 days = 2016-01-31.
    let file = TempFile::new("march.csv", &march());
    let base = [
        "price-list",
        "show",
        file.path(),
        "--month",
        "2016-03",
        "--currency",
        "USD",
        "--offer",
        "e3",
        "--on",
        "2016-03-15",
    ];
    let out = csp(&[&base[..], &["--as-of", "2016-01-30"]].concat());
    let err = assert_fails(&out, 2, "price_list_not_published");
    assert!(err.contains("2016-01-31"), "{err}");

    let v = csp_json(&[&base[..], &["--as-of", "2016-01-31", "--format", "json"]].concat());
    assert_eq!(v["offer"], "E3");
    assert_eq!(v["list"]["amount"], "21.50");
    assert_eq!(v["list"]["currency"], "USD");
    assert_eq!(v["erp"]["amount"], "26.00");
    assert_eq!(v["list_effective_from"], "2016-03-01");
}

#[test]
fn price_on_a_date_needs_month_and_currency() {
    let file = TempFile::new("march.csv", &march());
    let out = csp(&[
        "price-list",
        "show",
        file.path(),
        "--offer",
        "E3",
        "--on",
        "2016-03-15",
    ]);
    let err = assert_fails(&out, 2, "usage");
    assert!(
        err.contains("--month") && err.contains("--currency"),
        "{err}"
    );
}

#[test]
fn price_of_an_offer_absent_from_the_list_is_refused() {
    let file = TempFile::new("march.csv", &march());
    let out = csp(&[
        "price-list",
        "show",
        file.path(),
        "--month",
        "2016-03",
        "--currency",
        "USD",
        "--offer",
        "GONE",
        "--on",
        "2016-03-15",
    ]);
    assert_fails(&out, 2, "offer_not_in_price_list");
}

#[test]
fn rows_as_csv_parse_with_a_header_row() {
    let file = TempFile::new("february.csv", &february());
    let out = csp(&["price-list", "show", file.path(), "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().expect("header row").clone();
    assert_eq!(&headers[0], "offer_id");
    assert_eq!(&headers[4], "list_price");
    assert_eq!(&headers[5], "erp_price");
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(records.len(), 4);
    // Offer ids are upper case; the quoted name keeps its comma.
    assert_eq!(&records[0][0], "BD938F12-058F-4927-BBA3-AE36B1D2501C");
    assert_eq!(&records[0][1], "Office 365 Business Essentials, monthly");
    assert_eq!(&records[0][4], "4.00");
}

#[test]
fn offer_filter_is_case_insensitive() {
    let file = TempFile::new("february.csv", &february());
    let v = csp_json(&[
        "price-list",
        "show",
        file.path(),
        "--offer",
        "BD938F12-058F-4927-bba3-ae36b1d2501c",
        "--format",
        "json",
    ]);
    let rows = v.as_array().expect("rows array");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["list_price"], "4.00");
}

#[test]
fn table_output_right_aligns_money() {
    let file = TempFile::new("february.csv", &february());
    let out = csp(&["price-list", "show", file.path()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("offer id"), "{text}");
    // "list price" is 10 wide: 4.00 and 20.00 end in the same column.
    let end_of = |line: &str, s: &str| line.find(s).map(|i| i + s.len());
    let e3 = lines.iter().find(|l| l.starts_with("E3 ")).expect("E3 row");
    let essentials = lines
        .iter()
        .find(|l| l.starts_with("BD938F12"))
        .expect("row");
    assert_eq!(
        end_of(e3, " 20.00 "),
        end_of(essentials, " 4.00 "),
        "{text}"
    );
}

#[test]
fn missing_column_names_the_column_and_the_line() {
    // A blank first line: the header is on line 2.
    let text =
        "\nOffer ID,Offer Display Name,License Agreement Type,Secondary License Type,List Price\n\
                E3,Office 365 E3,Corporate,Non-specific,20.00\n";
    let file = TempFile::new("no-erp.csv", text);
    let out = csp(&["price-list", "show", file.path()]);
    let err = assert_fails(&out, 2, "missing_column");
    assert!(err.contains("ERP Price"), "{err}");
    assert!(err.contains("line 2"), "{err}");
    assert!(err.contains(file.path()), "{err}");
}

#[test]
fn unknown_file_format_is_refused() {
    let file = TempFile::new("other.csv", "\nname,amount\nx,1\n");
    let out = csp(&["price-list", "show", file.path()]);
    let err = assert_fails(&out, 2, "unknown_price_format");
    assert!(err.contains("other.csv: line 2, column 0"), "{err}");
}

#[test]
fn nonexistent_file_is_an_io_error() {
    let missing =
        std::env::temp_dir().join(format!("csp-cli-test-{}-absent.csv", std::process::id()));
    assert!(!Path::new(&missing).exists());
    let out = csp(&["price-list", "show", missing.to_str().expect("UTF-8 path")]);
    let err = assert_fails(&out, 1, "io");
    assert!(err.contains("absent.csv"), "{err}");
}

#[test]
fn nce_price_on_a_date() {
    let text = "\"ProductTitle\",\"ProductId\",\"SkuId\",\"SkuTitle\",\"Publisher\",\"SkuDescription\",\"UnitOfMeasure\",\"TermDuration\",\"BillingPlan\",\"Market\",\"Currency\",\"UnitPrice\",\"PricingTierRangeMin\",\"PricingTierRangeMax\",\"EffectiveStartDate\",\"EffectiveEndDate\",\"Tags\",\"ERP Price\"\n\
        \"Advanced Communications\",\"CFQ7TTC0HDK0\",\"0001\",\"Advanced Communications\",\"Microsoft Corporation\",\"\",\"\",\"P1Y\",\"Annual\",\"US\",\"USD\",\"115.2\",\"\",\"\",\"2/1/2019 12:00:00 AM\",\"2/4/2021 8:35:31 PM\",\"License\",\"144\"\n\
        \"Advanced Communications\",\"CFQ7TTC0HDK0\",\"0001\",\"Advanced Communications\",\"Microsoft Corporation\",\"\",\"\",\"P1Y\",\"Annual\",\"US\",\"USD\",\"120\",\"\",\"\",\"2/4/2021 8:35:32 PM\",\"\",\"License\",\"150\"\n";
    let file = TempFile::new("nce.csv", text);
    let query = |on: &str| {
        csp(&[
            "price-list",
            "show",
            file.path(),
            "--offer",
            "cfq7ttc0hdk0:0001",
            "--term",
            "P1Y",
            "--plan",
            "annual",
            "--market",
            "us",
            "--currency",
            "USD",
            "--on",
            on,
            "--format",
            "json",
        ])
    };
    let price = |on: &str| -> Value {
        let out = query(on);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_str(&stdout(&out)).expect("JSON")
    };
    assert_eq!(price("2020-06-01")["unit_price"], "115.2");
    assert_eq!(price("2022-06-01")["unit_price"], "120");
    assert_eq!(price("2022-06-01")["erp_price"], "150");
    assert_fails(&query("2019-01-31"), 2, "nce_price_not_found");
}

// ----- price-list price --------------------------------------------------------------------

#[test]
fn several_months_and_the_visibility_rule() {
    let feb = TempFile::new("feb.csv", &february());
    let mar = TempFile::new("mar.csv", &march());
    let feb_list = format!("2016-02={}", feb.path());
    let mar_list = format!("2016-03={}", mar.path());
    let ask = |on: &str, as_of: &str| {
        csp(&[
            "price-list",
            "price",
            "--list",
            &feb_list,
            "--list",
            &mar_list,
            "--currency",
            "USD",
            "--offer",
            "E3",
            "--on",
            on,
            "--as-of",
            as_of,
            "--format",
            "json",
        ])
    };
    // On 2016-01-30 the February list is visible (from 2016-01-02), March's is not (2016-01-31).
    let out = ask("2016-02-29", "2016-01-30");
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(v["list"]["amount"], "20.00");
    assert_eq!(v["list_effective_from"], "2016-02-01");
    // March 1st is governed by the March list: refused, never a fall-back to February.
    assert_fails(
        &ask("2016-03-01", "2016-01-30"),
        2,
        "price_list_not_published",
    );
    // Before any list: nothing in force.
    assert_fails(
        &ask("2016-01-15", "2016-01-15"),
        2,
        "no_price_list_in_force",
    );
}

// ----- price-list diff ---------------------------------------------------------------------

#[test]
fn diff_json_has_each_indicator() {
    let old = TempFile::new("old.csv", &february());
    let new = TempFile::new("new.csv", &march());
    let v = csp_json(&[
        "price-list",
        "diff",
        old.path(),
        new.path(),
        "--format",
        "json",
    ]);
    let rows = v.as_array().expect("rows array");
    let find = |id: &str| {
        rows.iter()
            .find(|r| r["offer_id"] == id)
            .unwrap_or_else(|| panic!("no row for {id}"))
    };
    assert_eq!(rows.len(), 5);
    // 4.00 → 4.0 is the same number: unchanged.
    let essentials = find("BD938F12-058F-4927-BBA3-AE36B1D2501C");
    assert_eq!(essentials["indicator"], "UNC");
    assert_eq!(essentials["erp_changed"], false);
    let e3 = find("E3");
    assert_eq!(e3["indicator"], "CHG");
    assert_eq!(e3["old_list_price"], "20.00");
    assert_eq!(e3["new_list_price"], "21.50");
    let gone = find("GONE");
    assert_eq!(gone["indicator"], "DEL");
    assert_eq!(gone["new_list_price"], Value::Null);
    let added = find("NEW");
    assert_eq!(added["indicator"], "ADD");
    assert_eq!(added["old_list_price"], Value::Null);
    assert_eq!(added["new_list_price"], "7.00");
    // An ERP-only change keeps UNC and is flagged.
    let erp = find("ERP");
    assert_eq!(erp["indicator"], "UNC");
    assert_eq!(erp["erp_changed"], true);
}

#[test]
fn diff_table_ends_with_a_summary() {
    let old = TempFile::new("old.csv", &february());
    let new = TempFile::new("new.csv", &march());
    let out = csp(&["price-list", "diff", old.path(), new.path()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let last = text.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        "5 offers: 1 ADD, 1 CHG, 1 DEL, 2 UNC; ERP price changed for 2"
    );

    let out = csp(&[
        "price-list",
        "diff",
        old.path(),
        new.path(),
        "--format",
        "csv",
    ]);
    let text = stdout(&out);
    assert!(!text.contains("offers:"), "{text}");
    assert!(text.starts_with("indicator,offer_id,"), "{text}");
}
