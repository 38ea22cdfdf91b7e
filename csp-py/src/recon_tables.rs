//! A reconciliation report's Arrow tables (SPEC-NCE §15.12): its listed entries with the
//! columns of the CSV form (`ENTRY_CSV_COLUMNS`, absent sides null) and its totals per
//! customer (`CustomerTotals`). Money as exact `decimal128(38, s)` (s = the column's largest
//! scale, at least the currency's minor units), quantities and rates as exact decimals too,
//! dates as `date32`, ids and names dictionary-encoded; never floats.

use std::sync::Arc;

use arrow_array::builder::UInt64Builder;
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::DataType;
use csp_core::recon::{CustomerTotals, Entry, ExpectedSide, FileSide, ReconReport};
use csp_core::Error;
use rust_decimal::Decimal;

use crate::tables::{internal, Columns, Ids};

/// A column of counts (`None`: null).
fn counts(values: impl Iterator<Item = Option<u64>>) -> ArrayRef {
    let mut b = UInt64Builder::new();
    for v in values {
        b.append_option(v);
    }
    Arc::new(b.finish())
}

/// A dictionary-encoded column of `f` over `rows`.
fn ids<T>(rows: &[T], f: impl Fn(&T) -> Option<&str>) -> Ids {
    let mut ids = Ids::new();
    for row in rows {
        ids.push(f(row));
    }
    ids
}

/// A decimal column of `f` over `rows`.
fn values<T>(rows: &[T], f: impl Fn(&T) -> Option<Decimal>) -> Vec<Option<Decimal>> {
    rows.iter().map(f).collect()
}

/// The expected side of an entry.
fn ex(e: &Entry) -> Option<&ExpectedSide> {
    e.expected.as_ref()
}

/// The file side of an entry.
fn fi(e: &Entry) -> Option<&FileSide> {
    e.file.as_ref()
}

/// A line or emission index as a count (lossless wherever `usize` is at most 64 bits).
fn index(i: usize) -> Result<u64, Error> {
    u64::try_from(i).map_err(internal)
}

/// The listed entries, one row each in the report's order: the columns of
/// `ENTRY_CSV_COLUMNS`, in order, with the same values as the CSV form (the expected
/// side's columns null for an entry without an engine line, the file side's for one
/// without a row of Microsoft's).
pub fn differences(report: &ReconReport) -> Result<RecordBatch, Error> {
    let m = report.currency.minor_units();
    let es = &report.entries;
    let exv = |f: fn(&ExpectedSide) -> Option<Decimal>| values(es, move |e| ex(e).and_then(f));
    let fiv = |f: fn(&FileSide) -> Option<Decimal>| values(es, move |e| fi(e).and_then(f));
    let expected_index = es
        .iter()
        .map(|e| ex(e).map(|x| index(x.index)).transpose())
        .collect::<Result<Vec<_>, Error>>()?;
    let mut c = Columns::default();
    c.ids("class", false, ids(es, |e| Some(e.class.as_str())));
    c.ids(
        "customer_id",
        false,
        ids(es, |e| Some(e.customer_id.as_str())),
    );
    c.ids(
        "subscription_id",
        false,
        ids(es, |e| Some(e.subscription_id.as_str())),
    );
    c.ids(
        "charge_type",
        false,
        ids(es, |e| Some(e.charge_type.as_str())),
    );
    c.dates(
        "charge_start",
        false,
        es.iter().map(|e| Some(e.charge_start)),
    );
    c.dates("charge_end", false, es.iter().map(|e| Some(e.charge_end)));
    c.ids("sign", false, ids(es, |e| Some(e.sign.as_str())));
    c.add(
        "expected_index",
        DataType::UInt64,
        true,
        counts(expected_index.into_iter()),
    );
    c.decimals("expected_quantity", true, &exv(|x| Some(x.quantity)), 0)?;
    c.decimals("expected_unit_price", true, &exv(|x| Some(x.unit_price)), m)?;
    c.decimals("expected_eup", true, &exv(|x| x.eup), m)?;
    c.decimals("expected_fx_rate", true, &exv(|x| x.fx_rate), 0)?;
    c.decimals("expected_amount", true, &exv(|x| Some(x.amount)), m)?;
    c.add(
        "file_row",
        DataType::UInt64,
        true,
        counts(es.iter().map(|e| fi(e).map(|x| x.row))),
    );
    c.ids(
        "file_charge_type",
        true,
        ids(es, |e| fi(e).map(|x| x.charge_type.as_str())),
    );
    c.decimals("file_quantity", true, &fiv(|x| Some(x.quantity)), 0)?;
    c.decimals("file_unit_price", true, &fiv(|x| Some(x.unit_price)), m)?;
    c.decimals("file_eup", true, &fiv(|x| x.eup), m)?;
    c.decimals("file_fx_rate", true, &fiv(|x| x.fx_rate), 0)?;
    c.decimals("file_amount", true, &fiv(|x| Some(x.amount)), m)?;
    c.decimals("delta", false, &values(es, |e| Some(e.delta)), m)?;
    c.batch()
}

/// A column of the customers table: its name and its value in a customer's totals.
type Field<T> = (&'static str, fn(&CustomerTotals) -> T);

/// The totals and coverage per customer, one row each in customer order: the fields of
/// `CustomerTotals` (`customer_id`, the counts, then the money).
pub fn customers(report: &ReconReport) -> Result<RecordBatch, Error> {
    let m = report.currency.minor_units();
    let cs = &report.customers;
    let mut c = Columns::default();
    c.ids(
        "customer_id",
        false,
        ids(cs, |t| Some(t.customer_id.as_str())),
    );
    let count_columns: [Field<u64>; 5] = [
        ("file_rows", |t| t.file_rows),
        ("rows_examined", |t| t.rows_examined),
        ("rows_matched", |t| t.rows_matched),
        ("expected_lines", |t| t.expected_lines),
        ("differences", |t| t.differences),
    ];
    for (name, f) in count_columns {
        c.add(
            name,
            DataType::UInt64,
            false,
            counts(cs.iter().map(|t| Some(f(t)))),
        );
    }
    let money_columns: [Field<Decimal>; 5] = [
        ("microsoft_total", |t| t.microsoft_total),
        ("expected_total", |t| t.expected_total),
        ("difference", |t| t.difference),
        ("out_of_scope_total", |t| t.out_of_scope_total),
        ("not_modelled_total", |t| t.not_modelled_total),
    ];
    for (name, f) in money_columns {
        c.decimals(name, false, &values(cs, |t| Some(f(t))), m)?;
    }
    c.batch()
}
