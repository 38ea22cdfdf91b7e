//! Reading a scenario's JSON text, with or without a resolver for `csv_file` price lists
//! (SPEC §8 `version`, §9 errors; the format is in the `scenario` module).
//!
//! The text is read twice: once for `version` alone (so another version is refused before its
//! fields are checked), then as the whole document. A `csv_file` is handed to the caller's
//! resolver (the core does no I/O) and its text parsed once, into the list's rows.

use chrono::NaiveDate;

use super::{scenario_error, Scenario, ScenarioPriceList, SCENARIO_VERSION};
use crate::access::Actor;
use crate::billing::PartnerSettings;
use crate::calendar::YearMonth;
use crate::catalog::{Customer, Offer};
use crate::charges::LineForm;
use crate::error::{Error, Result};
pub(super) use crate::input::json_doc::{json_error, tracked};
use crate::money::{Currency, ProrationPolicy};
use crate::price_list::{parse_legacy_rows, PriceRow};
use crate::program::Program;
use crate::subscription::Event;

/// The key of a price list given as a file.
const CSV_FILE: &str = "csv_file";

fn default_program() -> String {
    Program::legacy_2015().name
}

/// The document as written, its price lists of type `L`: [`ScenarioPriceList`] for
/// [`Scenario::from_json`], [`FileEntry`] when a resolver reads `csv_file` entries. Every
/// default and the refusal of unknown fields live here (see [`Scenario`] for the meanings).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename = "Scenario")]
pub(super) struct Document<L> {
    version: u32,
    #[serde(default = "default_program")]
    program: String,
    currency: Currency,
    #[serde(default, with = "crate::input::serde_fields::date_opt")]
    as_of: Option<NaiveDate>,
    #[serde(default)]
    policy: ProrationPolicy,
    #[serde(default)]
    form: LineForm,
    #[serde(default = "Actor::csp_admin_agent")]
    default_actor: Actor,
    #[serde(default)]
    offers: Vec<Offer>,
    customers: Vec<Customer>,
    price_lists: Vec<L>,
    events: Vec<Event>,
    #[serde(default)]
    partner: Option<PartnerSettings>,
}

impl<L> Document<L> {
    /// The scenario, its price lists made by `lists` from the ones written.
    fn into_scenario<E>(
        self,
        lists: impl FnOnce(Vec<L>) -> std::result::Result<Vec<ScenarioPriceList>, E>,
    ) -> std::result::Result<Scenario, E> {
        Ok(Scenario {
            version: self.version,
            program: self.program,
            currency: self.currency,
            as_of: self.as_of,
            policy: self.policy,
            form: self.form,
            default_actor: self.default_actor,
            offers: self.offers,
            customers: self.customers,
            price_lists: lists(self.price_lists)?,
            events: self.events,
            partner: self.partner,
        })
    }
}

impl From<Document<ScenarioPriceList>> for Scenario {
    fn from(doc: Document<ScenarioPriceList>) -> Scenario {
        match doc.into_scenario(Ok::<_, std::convert::Infallible>) {
            Ok(scenario) => scenario,
            Err(never) => match never {},
        }
    }
}

/// A price list entry when a resolver is given: one of `rows`, `csv` or `csv_file`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename = "ScenarioPriceList")]
pub(super) struct FileEntry {
    month: YearMonth,
    #[serde(default)]
    rows: Vec<PriceRow>,
    #[serde(default)]
    csv: Option<String>,
    /// Any JSON value, so that a non-string is refused with the list's path (below).
    #[serde(default)]
    csv_file: Option<serde_json::Value>,
}

/// Why [`Scenario::from_json_with`] could not read a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError<E> {
    /// The document itself, as [`Scenario::from_json`] refuses it (`invalid_scenario`,
    /// `unsupported_version`), including a `csv_file` that is not a string or comes with
    /// `rows` or `csv`.
    Document(Error),
    /// The resolver failed for `price_lists[index].csv_file`.
    Resolve {
        /// The list's index in `price_lists`.
        index: usize,
        /// The `csv_file` as written.
        file: String,
        /// The resolver's error.
        error: E,
    },
    /// The text of `price_lists[index].csv_file` is not a legacy price list: the parse
    /// error, with its line and column within that file.
    Csv {
        /// The list's index in `price_lists`.
        index: usize,
        /// The `csv_file` as written.
        file: String,
        /// The parse error (`csv_malformed`, `missing_column`, `invalid_decimal`…).
        error: Error,
    },
}

impl<E> ReadError<E> {
    /// Where in the document: `price_lists[i].csv_file` for a list's file, `None` for the
    /// document's own errors (their path is in the error).
    pub fn list_path(&self) -> Option<String> {
        match self {
            ReadError::Document(_) => None,
            ReadError::Resolve { index, .. } | ReadError::Csv { index, .. } => {
                Some(format!("price_lists[{index}].{CSV_FILE}"))
            }
        }
    }
}

impl<E: std::fmt::Display> std::fmt::Display for ReadError<E> {
    /// The document's error as is; a list's as `price_lists[2].csv_file: FILE: ERROR`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = self.list_path().unwrap_or_default();
        match self {
            ReadError::Document(e) => e.fmt(f),
            ReadError::Resolve { file, error, .. } => {
                write!(f, "{at}: cannot resolve {file}: {error}")
            }
            ReadError::Csv { file, error, .. } => write!(f, "{at}: {file}: {error}"),
        }
    }
}

impl<E: std::fmt::Debug + std::fmt::Display> std::error::Error for ReadError<E> {}

/// The `version` of a scenario document, read alone (1: the legacy format, 2: NCE): how a
/// caller picks the reader.
///
/// # Errors
/// `invalid_scenario` for text that is not a JSON object with a numeric `version`.
pub fn version_of(text: &str) -> Result<u32> {
    #[derive(serde::Deserialize)]
    struct VersionOnly {
        version: Option<u32>,
    }
    let version: VersionOnly = serde_json::from_str(text).map_err(|e| json_error(".", &e))?;
    version
        .version
        .ok_or_else(|| scenario_error("version", "missing field `version` (1, or 2 for NCE)"))
}

/// Reads the document (`version` first), its price lists of type `L`.
pub(super) fn document<L: serde::de::DeserializeOwned>(text: &str) -> Result<Document<L>> {
    match version_of(text)? {
        SCENARIO_VERSION => {}
        v => {
            return Err(Error::UnsupportedVersion {
                version: v,
                supported: SCENARIO_VERSION,
            })
        }
    }
    tracked(text)
}

/// The price lists of `entries`, each `csv_file` read by `resolve` and parsed once. Every
/// entry is checked before the first file is resolved.
fn resolve_lists<E>(
    entries: Vec<FileEntry>,
    mut resolve: impl FnMut(&str) -> std::result::Result<String, E>,
) -> std::result::Result<Vec<ScenarioPriceList>, ReadError<E>> {
    let mut files = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        files.push(match &entry.csv_file {
            None => None,
            Some(serde_json::Value::String(file)) => {
                let given = [(!entry.rows.is_empty(), "rows"), (entry.csv.is_some(), "csv")];
                if let Some((_, other)) = given.iter().find(|(present, _)| *present) {
                    return Err(ReadError::Document(scenario_error(
                        &format!("price_lists[{i}]"),
                        format!(
                            "give one of `rows`, `csv` and `{CSV_FILE}`, not `{other}` and `{CSV_FILE}`"
                        ),
                    )));
                }
                Some(file.clone())
            }
            Some(_) => {
                return Err(ReadError::Document(scenario_error(
                    &format!("price_lists[{i}].{CSV_FILE}"),
                    "expected the path of a legacy CSV file (a string)",
                )))
            }
        });
    }
    let mut lists = Vec::with_capacity(entries.len());
    for (index, (entry, file)) in entries.into_iter().zip(files).enumerate() {
        let rows = match file {
            None => entry.rows,
            Some(file) => {
                let text = match resolve(&file) {
                    Ok(text) => text,
                    Err(error) => return Err(ReadError::Resolve { index, file, error }),
                };
                match parse_legacy_rows(&text) {
                    Ok(rows) => rows,
                    Err(error) => return Err(ReadError::Csv { index, file, error }),
                }
            }
        };
        lists.push(ScenarioPriceList {
            month: entry.month,
            rows,
            csv: entry.csv,
        });
    }
    Ok(lists)
}

impl Document<FileEntry> {
    /// The scenario, each `csv_file` read by `resolve`.
    pub(super) fn resolve<E>(
        self,
        resolve: impl FnMut(&str) -> std::result::Result<String, E>,
    ) -> std::result::Result<Scenario, ReadError<E>> {
        self.into_scenario(|entries| resolve_lists(entries, resolve))
    }
}
