//! `csp agreement`: an agreement's status on a date and its first terms.

use csp_core::agreement::{Agreement, AgreementKind, AgreementStatus, Notice, Party, Term};
use serde::Serialize;

use crate::args::{AgreementArgs, Format};
use crate::failure::CliResult;
use crate::input;
use crate::output::{cell, key_values, to_json, Align, Table};

/// The JSON document: the status on the date asked, and the terms listed.
#[derive(Debug, Serialize)]
struct Report<'a> {
    status: &'a AgreementStatus,
    terms: &'a [Term],
}

/// Reads `DATE` or `DATE:partner` / `DATE:microsoft` (party case-insensitive).
fn notice(text: &str) -> CliResult<Notice> {
    let (date, party) = text.split_once(':').unwrap_or((text, "partner"));
    let by = input::parse::<Party>(party)?;
    Ok(Notice {
        given_on: input::date(date)?,
        by,
    })
}

/// Runs `csp agreement` and returns what to print.
///
/// # Errors
/// `invalid_input` for a bad date or party, `notice_before_signing`, `invalid_term_end`.
pub fn run(args: &AgreementArgs, format: Format) -> CliResult<String> {
    let signed = input::date(&args.signed)?;
    let kind = input::parse::<AgreementKind>(&args.kind)?;
    let mut agreement = Agreement::new(signed, kind)?;
    for text in &args.notice {
        agreement.give_notice(notice(text)?)?;
    }
    let on = match &args.on {
        Some(text) => input::date(text)?,
        None => input::today_utc()?,
    };
    let status = agreement.status(on);
    let terms = agreement.terms(args.terms);
    match format {
        Format::Json => to_json(&Report {
            status: &status,
            terms: &terms,
        }),
        Format::Csv => terms_table(&terms).to_csv(),
        Format::Table => Ok(format!(
            "{}\n{}",
            status_text(&agreement, &status),
            terms_table(&terms).to_text()
        )),
    }
}

fn status_text(agreement: &Agreement, status: &AgreementStatus) -> String {
    let kind = agreement.kind().name();
    let notices: Vec<String> = agreement
        .notices()
        .iter()
        .map(|n| format!("{} ({})", n.given_on, n.by))
        .collect();
    let term = status.term.map(|t| match t.last {
        Some(last) => format!("{}: {} .. {}", t.number, t.first, last),
        None => format!("{}: {} .. (perpetual)", t.number, t.first),
    });
    key_values(&[
        (
            "agreement",
            format!("{kind}, signed {}", agreement.signed_on()),
        ),
        ("notices", notices.join(", ")),
        ("on", status.on.to_string()),
        (
            "in force",
            if status.in_force { "yes" } else { "no" }.to_string(),
        ),
        ("term", cell(term)),
        ("next renewal", cell(status.next_renewal)),
        ("notice deadline", cell(status.notice_deadline)),
        ("end date", cell(status.end_date)),
    ])
}

fn terms_table(terms: &[Term]) -> Table {
    let mut table = Table::new(&[
        ("number", Align::Right),
        ("first", Align::Left),
        ("last", Align::Left),
        ("notice_deadline", Align::Left),
    ]);
    for t in terms {
        table.push(vec![
            t.number.to_string(),
            t.first.to_string(),
            cell(t.last),
            cell(t.notice_deadline),
        ]);
    }
    table
}
