//! A reconciliation report in its machine forms (SPEC-NCE §15.12): JSON and CSV, shared by
//! the CLI and the bindings so that every interface prints the same bytes.

use rust_decimal::Decimal;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::entry::{Entry, ReconClass};
use super::report::{ClassTotal, ReconReport, REPORT_VERSION};
use super::text::{money_text, write_csv_record};

/// The CSV form's columns (SPEC-NCE §15.12), in order.
pub const ENTRY_CSV_COLUMNS: [&str; 21] = [
    "class",
    "customer_id",
    "subscription_id",
    "charge_type",
    "charge_start",
    "charge_end",
    "sign",
    "expected_index",
    "expected_quantity",
    "expected_unit_price",
    "expected_eup",
    "expected_fx_rate",
    "expected_amount",
    "file_row",
    "file_charge_type",
    "file_quantity",
    "file_unit_price",
    "file_eup",
    "file_fx_rate",
    "file_amount",
    "delta",
];

impl ReconReport {
    /// The report as JSON (SPEC-NCE §15.12), pretty-printed, ending in a newline: the same
    /// inputs give the same bytes.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(&JsonReport(self)).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The listed entries as CSV rows of [`ENTRY_CSV_COLUMNS`], without the header; absent
    /// sides are empty cells. Cells never need quoting unless an id holds a comma or quote,
    /// which is quoted as RFC 4180 says.
    pub fn entry_rows(&self) -> impl Iterator<Item = [String; 21]> + '_ {
        let m = self.currency.minor_units();
        self.entries.iter().map(move |e| entry_cells(e, m))
    }

    /// The listed entries as CSV text: the header, then one row per entry (ids quoted as
    /// RFC 4180 says when they hold a comma, a quote or a line break).
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let _ = write_csv_record(&mut out, ENTRY_CSV_COLUMNS.iter().copied());
        for cells in self.entry_rows() {
            let _ = write_csv_record(&mut out, cells.iter().map(String::as_str));
        }
        out
    }
}

fn entry_cells(e: &Entry, m: u32) -> [String; 21] {
    let money = |v: Decimal| money_text(v, m);
    let opt = |v: Option<Decimal>, f: &dyn Fn(Decimal) -> String| v.map(f).unwrap_or_default();
    let ex = e.expected.as_ref();
    let fi = e.file.as_ref();
    [
        e.class.as_str().to_string(),
        e.customer_id.clone(),
        e.subscription_id.clone(),
        e.charge_type.clone(),
        e.charge_start.to_string(),
        e.charge_end.to_string(),
        e.sign.as_str().to_string(),
        ex.map(|x| x.index.to_string()).unwrap_or_default(),
        ex.map(|x| x.quantity.to_string()).unwrap_or_default(),
        opt(ex.map(|x| x.unit_price), &money),
        opt(ex.and_then(|x| x.eup), &money),
        opt(ex.and_then(|x| x.fx_rate), &|v| v.to_string()),
        opt(ex.map(|x| x.amount), &money),
        fi.map(|x| x.row.to_string()).unwrap_or_default(),
        fi.map(|x| x.charge_type.clone()).unwrap_or_default(),
        fi.map(|x| x.quantity.to_string()).unwrap_or_default(),
        opt(fi.map(|x| x.unit_price), &money),
        opt(fi.and_then(|x| x.eup), &money),
        opt(fi.and_then(|x| x.fx_rate), &|v| v.to_string()),
        opt(fi.map(|x| x.amount), &money),
        money(e.delta),
    ]
}

struct JsonReport<'a>(&'a ReconReport);

#[derive(Serialize)]
struct Head<'a> {
    version: u32,
    file_kind: &'static str,
    currency: &'static str,
    period: &'a str,
    policy: &'a str,
    status: &'static str,
    totals: Totals<'a>,
    coverage: Cov,
    customers: Vec<Customer<'a>>,
    entries: Vec<JsonEntry<'a>>,
    flags: Vec<Flag<'a>>,
    invoice_check: Option<Invoice>,
}

#[derive(Serialize)]
struct Totals<'a> {
    microsoft_total: String,
    expected_total: String,
    difference: String,
    out_of_scope_total: String,
    not_modelled_total: String,
    discounts_total: Option<String>,
    by_class: ByClass<'a>,
}

struct ByClass<'a>(&'a std::collections::BTreeMap<ReconClass, ClassTotal>, u32);

impl Serialize for ByClass<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct One {
            count: u64,
            amount: String,
        }
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for class in ReconClass::ALL {
            let t = self.0.get(&class).copied().unwrap_or_default();
            map.serialize_entry(
                class.as_str(),
                &One {
                    count: t.count,
                    amount: money_text(t.amount, self.1),
                },
            )?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct Cov {
    file_rows: u64,
    rows_out_of_scope: u64,
    rows_not_modelled: u64,
    rows_examined: u64,
    rows_matched: u64,
    rows_differing: u64,
    rows_unexpected: u64,
    expected_lines: u64,
    expected_missing: u64,
    examined_pct: Option<String>,
    matched_pct: Option<String>,
    examined_amount_pct: Option<String>,
}

#[derive(Serialize)]
struct Customer<'a> {
    customer_id: &'a str,
    file_rows: u64,
    rows_examined: u64,
    rows_matched: u64,
    expected_lines: u64,
    differences: u64,
    microsoft_total: String,
    expected_total: String,
    difference: String,
    out_of_scope_total: String,
    not_modelled_total: String,
}

#[derive(Serialize)]
struct JsonEntry<'a> {
    class: &'static str,
    customer_id: &'a str,
    subscription_id: &'a str,
    charge_type: &'a str,
    charge_start: String,
    charge_end: String,
    sign: &'static str,
    expected: Option<Side<'a>>,
    file: Option<Side<'a>>,
    delta: String,
}

#[derive(Serialize)]
struct Side<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    row: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    charge_type: Option<&'a str>,
    quantity: String,
    unit_price: String,
    eup: Option<String>,
    fx_rate: Option<String>,
    amount: String,
    reference_id: &'a str,
}

#[derive(Serialize)]
struct Flag<'a> {
    flag: &'static str,
    row: u64,
    check: &'static str,
    detail: &'a str,
}

#[derive(Serialize)]
struct Invoice {
    rows_total: String,
    credit_notes: String,
    invoice_total: String,
    agrees: bool,
}

impl Serialize for JsonReport<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let m = r.currency.minor_units();
        let money = |v: Decimal| money_text(v, m);
        let pct = |v: Option<Decimal>| v.map(|p| money_text(p, 2));
        let t = &r.totals;
        let c = &r.coverage;
        Head {
            version: REPORT_VERSION,
            file_kind: r.file_kind.as_str(),
            currency: r.currency.code(),
            period: &r.period,
            policy: &r.policy,
            status: r.status.as_str(),
            totals: Totals {
                microsoft_total: money(t.microsoft_total),
                expected_total: money(t.expected_total),
                difference: money(t.difference),
                out_of_scope_total: money(t.out_of_scope_total),
                not_modelled_total: money(t.not_modelled_total),
                discounts_total: t.discounts_total.map(money),
                by_class: ByClass(&t.by_class, m),
            },
            coverage: Cov {
                file_rows: c.file_rows,
                rows_out_of_scope: c.rows_out_of_scope,
                rows_not_modelled: c.rows_not_modelled,
                rows_examined: c.rows_examined,
                rows_matched: c.rows_matched,
                rows_differing: c.rows_differing,
                rows_unexpected: c.rows_unexpected,
                expected_lines: c.expected_lines,
                expected_missing: c.expected_missing,
                examined_pct: pct(c.examined_pct),
                matched_pct: pct(c.matched_pct),
                examined_amount_pct: pct(c.examined_amount_pct),
            },
            customers: r
                .customers
                .iter()
                .map(|c| Customer {
                    customer_id: &c.customer_id,
                    file_rows: c.file_rows,
                    rows_examined: c.rows_examined,
                    rows_matched: c.rows_matched,
                    expected_lines: c.expected_lines,
                    differences: c.differences,
                    microsoft_total: money(c.microsoft_total),
                    expected_total: money(c.expected_total),
                    difference: money(c.difference),
                    out_of_scope_total: money(c.out_of_scope_total),
                    not_modelled_total: money(c.not_modelled_total),
                })
                .collect(),
            entries: r.entries.iter().map(|e| json_entry(e, m)).collect(),
            flags: r
                .flags
                .iter()
                .map(|f| Flag {
                    flag: super::RowFlag::FLAG,
                    row: f.row,
                    check: f.check,
                    detail: &f.detail,
                })
                .collect(),
            invoice_check: r.invoice_check.map(|i| Invoice {
                rows_total: money(i.rows_total),
                credit_notes: money(i.credit_notes),
                invoice_total: money(i.invoice_total),
                agrees: i.agrees,
            }),
        }
        .serialize(s)
    }
}

fn json_entry(e: &Entry, m: u32) -> JsonEntry<'_> {
    let money = |v: Decimal| money_text(v, m);
    JsonEntry {
        class: e.class.as_str(),
        customer_id: &e.customer_id,
        subscription_id: &e.subscription_id,
        charge_type: &e.charge_type,
        charge_start: e.charge_start.to_string(),
        charge_end: e.charge_end.to_string(),
        sign: e.sign.as_str(),
        expected: e.expected.as_ref().map(|x| Side {
            index: Some(x.index),
            row: None,
            charge_type: None,
            quantity: x.quantity.to_string(),
            unit_price: money(x.unit_price),
            eup: x.eup.map(money),
            fx_rate: x.fx_rate.map(|v| v.to_string()),
            amount: money(x.amount),
            reference_id: &x.reference_id,
        }),
        file: e.file.as_ref().map(|x| Side {
            index: None,
            row: Some(x.row),
            charge_type: Some(&x.charge_type),
            quantity: x.quantity.to_string(),
            unit_price: money(x.unit_price),
            eup: x.eup.map(money),
            fx_rate: x.fx_rate.map(|v| v.to_string()),
            amount: money(x.amount),
            reference_id: &x.reference_id,
        }),
        delta: money(e.delta),
    }
}
