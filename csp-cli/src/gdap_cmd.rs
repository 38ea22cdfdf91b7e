//! `csp gdap timeline` and `csp gdap check`: GDAP relationships and access decisions
//! (SPEC-NCE §18). The document is read by the core's `GdapDocument::from_json`; every
//! answer is the core's; this module only converts arguments and prints.

use chrono::{DateTime, NaiveTime, Utc};
use csp_core::access::Decision;
use csp_core::gdap::{GdapAction, GdapDocument, GdapTimeline};
use csp_core::subscription::nce::instant_text;
use serde::Serialize;

use crate::args::{Format, GdapCheckArgs, GdapTimelineArgs};
use crate::failure::{CliResult, Failure};
use crate::input;
use crate::output::{key_values, to_json, Align, Table};

/// The JSON document of `csp gdap timeline`.
#[derive(Debug, Serialize)]
struct TimelineReport<'a> {
    as_of: String,
    relationships: &'a [GdapTimeline],
}

/// The JSON document of `csp gdap check`.
#[derive(Debug, Serialize)]
struct CheckReport<'a> {
    user: &'a str,
    action: GdapAction,
    customer: &'a str,
    at: String,
    decision: &'a Decision,
}

fn read(path: &std::path::Path) -> CliResult<GdapDocument> {
    let text = input::read_text(path)?;
    GdapDocument::from_json(&text).map_err(|e| Failure::in_file(path, e))
}

/// `--as-of`, or today at 00:00:00Z from the system clock.
fn as_of(text: Option<&str>) -> CliResult<DateTime<Utc>> {
    match text {
        Some(t) => Ok(csp_core::input::instant(t)?),
        None => Ok(input::today_utc()?.and_time(NaiveTime::MIN).and_utc()),
    }
}

fn opt(at: Option<DateTime<Utc>>) -> String {
    at.map_or_else(|| "-".to_string(), instant_text)
}

fn list(items: &[DateTime<Utc>]) -> String {
    if items.is_empty() {
        return "-".to_string();
    }
    items
        .iter()
        .map(|t| instant_text(*t))
        .collect::<Vec<_>>()
        .join(", ")
}

fn status(t: &GdapTimeline) -> String {
    t.status
        .map_or("not yet requested", |s| s.as_str())
        .to_string()
}

fn active(t: &GdapTimeline) -> String {
    t.active.map_or_else(
        || "-".to_string(),
        |i| format!("{} .. {}", instant_text(i.from), instant_text(i.until)),
    )
}

fn assignments(t: &GdapTimeline) -> String {
    if t.assignments.is_empty() {
        return "-".to_string();
    }
    t.assignments
        .iter()
        .map(|(g, roles)| format!("{g}: {}", roles.join("+")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Runs `csp gdap timeline`: every relationship's timeline as of an instant.
///
/// # Errors
/// The document's refusals (with the file), `invalid_input` for a bad `--as-of`.
pub fn timeline(args: &GdapTimelineArgs, format: Format) -> CliResult<String> {
    let doc = read(&args.file)?;
    let as_of = as_of(args.as_of.as_deref())?;
    let timelines = doc.timelines(as_of)?;
    match format {
        Format::Json => to_json(&TimelineReport {
            as_of: instant_text(as_of),
            relationships: &timelines,
        }),
        Format::Csv => {
            let mut table = Table::new(&[
                ("id", Align::Left),
                ("partner", Align::Left),
                ("customer", Align::Left),
                ("status", Align::Left),
                ("roles", Align::Left),
                ("duration", Align::Left),
                ("auto_extend", Align::Left),
                ("created_at", Align::Left),
                ("activated_at", Align::Left),
                ("end_at", Align::Left),
                ("terminated_at", Align::Left),
                ("extensions", Align::Left),
                ("notices_due", Align::Left),
            ]);
            for t in &timelines {
                table.push(vec![
                    t.id.clone(),
                    t.partner.clone(),
                    t.customer.clone(),
                    status(t),
                    t.roles.join("+"),
                    t.duration.clone(),
                    t.auto_extend.clone(),
                    instant_text(t.created_at),
                    opt(t.activated_at),
                    opt(t.end_at),
                    opt(t.terminated_at),
                    list(&t.extensions).replace(", ", " "),
                    list(&t.notices_due).replace(", ", " "),
                ]);
            }
            table.to_csv()
        }
        Format::Table => Ok(timelines
            .iter()
            .map(|t| {
                key_values(&[
                    ("relationship", format!("{} ({})", t.id, t.name)),
                    (
                        "partner → customer",
                        format!("{} → {}", t.partner, t.customer),
                    ),
                    ("as of", instant_text(as_of)),
                    ("status", status(t)),
                    ("roles", t.roles.join(", ")),
                    ("duration", t.duration.clone()),
                    ("auto-extend", t.auto_extend.clone()),
                    ("created", instant_text(t.created_at)),
                    ("request expires", instant_text(t.request_expires_at)),
                    ("activated", opt(t.activated_at)),
                    ("ends", opt(t.end_at)),
                    ("terminated", opt(t.terminated_at)),
                    ("auto-extended at", list(&t.extensions)),
                    ("expiry notices due", list(&t.notices_due)),
                    ("active", active(t)),
                    ("access assignments", assignments(t)),
                ])
            })
            .collect::<Vec<_>>()
            .join("\n")),
    }
}

/// The customer of `--customer`, or the document's only customer.
fn customer<'a>(doc: &'a GdapDocument, given: Option<&'a str>) -> CliResult<&'a str> {
    if let Some(c) = given {
        return Ok(c);
    }
    let mut all: Vec<&str> = doc
        .relationships
        .iter()
        .map(|r| r.request().customer.as_str())
        .chain(doc.dap.iter().map(|g| g.customer.as_str()))
        .collect();
    all.sort_unstable();
    all.dedup();
    match all.as_slice() {
        [one] => Ok(one),
        _ => Err(Failure::Usage(
            "--customer is needed: the document names no customer or several".to_string(),
        )),
    }
}

/// Runs `csp gdap check`: the decision, allowed or not (exit status 0 either way).
///
/// # Errors
/// The document's refusals, `invalid_input` for an unknown user, a bad action or instant.
pub fn check(args: &GdapCheckArgs, format: Format) -> CliResult<String> {
    let doc = read(&args.file)?;
    let action = input::parse::<GdapAction>(&args.action)?;
    let at = csp_core::input::instant(&args.at)?;
    let customer = customer(&doc, args.customer.as_deref())?;
    let decision = doc.decide(&args.user, action, customer, at)?;
    match format {
        Format::Json => to_json(&CheckReport {
            user: &args.user,
            action,
            customer,
            at: instant_text(at),
            decision: &decision,
        }),
        Format::Csv => {
            let mut table = Table::new(&[
                ("user", Align::Left),
                ("action", Align::Left),
                ("customer", Align::Left),
                ("at", Align::Left),
                ("allowed", Align::Left),
                ("rule", Align::Left),
                ("reason", Align::Left),
            ]);
            table.push(vec![
                args.user.clone(),
                action.to_string(),
                customer.to_string(),
                instant_text(at),
                yes_no(decision.allowed),
                decision.rule.to_string(),
                decision.reason.clone(),
            ]);
            table.to_csv()
        }
        Format::Table => Ok(key_values(&[
            ("user", args.user.clone()),
            ("action", action.to_string()),
            ("customer", customer.to_string()),
            ("at", instant_text(at)),
            ("allowed", yes_no(decision.allowed)),
            ("rule", decision.rule.to_string()),
            ("reason", decision.reason.clone()),
        ])),
    }
}

fn yes_no(value: bool) -> String {
    if value { "yes" } else { "no" }.to_string()
}
