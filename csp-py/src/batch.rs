//! The batch API: seat changes as Arrow in, prorated lines and per-customer totals as Arrow
//! out, the GIL released while csp-core works (see `csp_core::batch`).

use std::sync::Arc;

use arrow_array::builder::{
    Date32Builder, Decimal128Builder, StringBuilder, UInt32Builder, UInt64Builder,
};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type, UInt64Type,
    UInt8Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use chrono::NaiveDate;
use csp_core::batch::{CustomerTotals, SeatChange, SeatChangePricer};
use csp_core::money::ProrationPolicy;
use csp_core::program::Program;
use csp_core::subscription::BillingFrequency;
use csp_core::Error;
use pyo3::prelude::*;
use pyo3_arrow::{PyRecordBatchReader, PyTable};
use rust_decimal::Decimal;

use crate::api::NativeBook;
use crate::errors::{core, to_py};

/// A string column, read in place (no copy per row) where Arrow allows it.
enum StrCol<'a> {
    Utf8(&'a arrow_array::StringArray),
    Large(&'a arrow_array::LargeStringArray),
    View(&'a arrow_array::StringViewArray),
    /// Dictionary-encoded (categoricals): decoded once per batch.
    Owned(Vec<Option<String>>),
}

impl StrCol<'_> {
    fn get(&self, i: usize) -> Option<&str> {
        match self {
            StrCol::Utf8(a) => (!a.is_null(i)).then(|| a.value(i)),
            StrCol::Large(a) => (!a.is_null(i)).then(|| a.value(i)),
            StrCol::View(a) => (!a.is_null(i)).then(|| a.value(i)),
            StrCol::Owned(v) => v.get(i).and_then(|s| s.as_deref()),
        }
    }
}

/// The columns read from each input batch.
struct Columns<'a> {
    len: usize,
    customer: StrCol<'a>,
    offer: StrCol<'a>,
    quantity: Vec<Option<i64>>,
    term_start: DateCol<'a>,
    change_date: DateCol<'a>,
    frequency: Option<StrCol<'a>>,
}

fn bad_column(name: &str, detail: String) -> Error {
    Error::InvalidInput {
        what: "batch column",
        text: format!("{name}: {detail}"),
        expected: "columns customer, offer (strings), quantity (integer), term_start, change_date (dates or YYYY-MM-DD text), optional frequency (monthly|annual)",
    }
}

fn column<'a>(batch: &'a RecordBatch, name: &str) -> Result<Option<&'a ArrayRef>, Error> {
    Ok(batch.column_by_name(name))
}

fn required<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a ArrayRef, Error> {
    column(batch, name)?.ok_or_else(|| bad_column(name, "missing".to_string()))
}

fn str_col<'a>(array: &'a ArrayRef, name: &str) -> Result<StrCol<'a>, Error> {
    Ok(match array.data_type() {
        DataType::Utf8 => StrCol::Utf8(array.as_string::<i32>()),
        DataType::LargeUtf8 => StrCol::Large(array.as_string::<i64>()),
        DataType::Utf8View => StrCol::View(array.as_string_view()),
        DataType::Dictionary(_, _) => StrCol::Owned(arrow_cast_strings(array, name)?),
        other => return Err(bad_column(name, format!("type {other}, expected a string"))),
    })
}

fn strings(array: &ArrayRef, name: &str) -> Result<Vec<Option<String>>, Error> {
    let col = str_col(array, name)?;
    Ok((0..array.len())
        .map(|i| col.get(i).map(str::to_string))
        .collect())
}

/// Dictionary-encoded strings (pandas categoricals, polars categoricals).
fn arrow_cast_strings(array: &ArrayRef, name: &str) -> Result<Vec<Option<String>>, Error> {
    let dict = array
        .as_any_dictionary_opt()
        .ok_or_else(|| bad_column(name, "dictionary".to_string()))?;
    let values = strings(dict.values(), name)?;
    let keys = dict.normalized_keys();
    Ok((0..array.len())
        .map(|i| {
            if array.is_null(i) {
                None
            } else {
                keys.get(i).and_then(|k| values.get(*k).cloned().flatten())
            }
        })
        .collect())
}

fn integers(array: &ArrayRef, name: &str) -> Result<Vec<Option<i64>>, Error> {
    macro_rules! ints {
        ($t:ty) => {
            array
                .as_primitive::<$t>()
                .iter()
                .map(|v| v.and_then(|v| i64::try_from(v).ok()))
                .collect()
        };
    }
    Ok(match array.data_type() {
        DataType::Int8 => ints!(Int8Type),
        DataType::Int16 => ints!(Int16Type),
        DataType::Int32 => ints!(Int32Type),
        DataType::Int64 => ints!(Int64Type),
        DataType::UInt8 => ints!(UInt8Type),
        DataType::UInt16 => ints!(UInt16Type),
        DataType::UInt32 => ints!(UInt32Type),
        DataType::UInt64 => ints!(UInt64Type),
        other => {
            return Err(bad_column(
                name,
                format!("type {other}, expected an integer"),
            ))
        }
    })
}

/// Days since 1970-01-01 → date.
fn epoch_day(days: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1970, 1, 1)?.checked_add_signed(chrono::Duration::try_days(days)?)
}

/// A date column: Arrow dates (or whole-day timestamps), or ISO text parsed row by row (so
/// that a bad date names its own row).
enum DateCol<'a> {
    Days(Vec<Option<NaiveDate>>),
    Text(StrCol<'a>),
}

impl DateCol<'_> {
    fn get(&self, i: usize) -> Result<Option<NaiveDate>, Error> {
        match self {
            DateCol::Days(v) => Ok(v.get(i).copied().flatten()),
            DateCol::Text(col) => col.get(i).map(csp_core::calendar::parse_date).transpose(),
        }
    }
}

fn dates<'a>(array: &'a ArrayRef, name: &str) -> Result<DateCol<'a>, Error> {
    if matches!(
        array.data_type(),
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Dictionary(_, _)
    ) {
        // ISO dates as text (CSV exports, dask's string columns): the core's parser.
        return Ok(DateCol::Text(str_col(array, name)?));
    }
    days(array, name).map(DateCol::Days)
}

fn days(array: &ArrayRef, name: &str) -> Result<Vec<Option<NaiveDate>>, Error> {
    match array.data_type() {
        DataType::Date32 => Ok(array
            .as_primitive::<Date32Type>()
            .iter()
            .map(|v| v.and_then(|d| epoch_day(i64::from(d))))
            .collect()),
        DataType::Date64 => Ok(array
            .as_primitive::<arrow_array::types::Date64Type>()
            .iter()
            .map(|v| v.and_then(|ms| epoch_day(ms.div_euclid(86_400_000))))
            .collect()),
        DataType::Timestamp(unit, None) => {
            let per_day: i64 = match unit {
                arrow_schema::TimeUnit::Second => 86_400,
                arrow_schema::TimeUnit::Millisecond => 86_400_000,
                arrow_schema::TimeUnit::Microsecond => 86_400_000_000,
                arrow_schema::TimeUnit::Nanosecond => 86_400_000_000_000,
            };
            let values: Vec<Option<i64>> = match unit {
                arrow_schema::TimeUnit::Second => array
                    .as_primitive::<arrow_array::types::TimestampSecondType>()
                    .iter()
                    .collect(),
                arrow_schema::TimeUnit::Millisecond => array
                    .as_primitive::<arrow_array::types::TimestampMillisecondType>()
                    .iter()
                    .collect(),
                arrow_schema::TimeUnit::Microsecond => array
                    .as_primitive::<arrow_array::types::TimestampMicrosecondType>()
                    .iter()
                    .collect(),
                arrow_schema::TimeUnit::Nanosecond => array
                    .as_primitive::<arrow_array::types::TimestampNanosecondType>()
                    .iter()
                    .collect(),
            };
            Ok(values
                .into_iter()
                .map(|v| {
                    v.and_then(|t| {
                        if t.rem_euclid(per_day) == 0 {
                            epoch_day(t.div_euclid(per_day))
                        } else {
                            None
                        }
                    })
                })
                .collect())
        }
        other => Err(bad_column(name, format!("type {other}, expected a date"))),
    }
}

fn read_columns(batch: &RecordBatch) -> Result<Columns<'_>, Error> {
    Ok(Columns {
        len: batch.num_rows(),
        customer: str_col(required(batch, "customer")?, "customer")?,
        offer: str_col(required(batch, "offer")?, "offer")?,
        quantity: integers(required(batch, "quantity")?, "quantity")?,
        term_start: dates(required(batch, "term_start")?, "term_start")?,
        change_date: dates(required(batch, "change_date")?, "change_date")?,
        frequency: column(batch, "frequency")?
            .map(|a| str_col(a, "frequency"))
            .transpose()?,
    })
}

/// A refused row: its index in the whole input, the column if one was missing or unreadable.
struct RowRefusal {
    row: usize,
    error: Error,
}

fn null(name: &str) -> Error {
    bad_column(name, "a null value".to_string())
}

/// The output schema of the lines.
fn lines_schema(scale: i8) -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("customer", DataType::Utf8, false),
        Field::new("offer", DataType::Utf8, false),
        Field::new("quantity", DataType::Int64, false),
        Field::new("amount", DataType::Decimal128(38, scale), false),
        Field::new("service_start", DataType::Date32, false),
        Field::new("service_end", DataType::Date32, false),
        Field::new("days", DataType::UInt32, false),
        Field::new("period_days", DataType::UInt32, false),
    ]))
}

fn totals_schema(scale: i8) -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("customer", DataType::Utf8, false),
        Field::new("lines", DataType::UInt64, false),
        Field::new("total", DataType::Decimal128(38, scale), false),
    ]))
}

fn days_since_epoch(d: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN);
    i32::try_from(d.signed_duration_since(epoch).num_days()).unwrap_or(i32::MAX)
}

/// The mantissa of `d` at `scale` (rounding never happens: amounts already have the
/// currency's minor units).
fn mantissa(d: Decimal, scale: u32) -> Result<i128, Error> {
    let mut d = d;
    d.rescale(scale);
    if d.scale() != scale {
        return Err(Error::AmountOverflow {
            operation: "decimal128 output",
        });
    }
    Ok(d.mantissa())
}

/// Prices one batch, appending to the builders and the totals.
#[allow(clippy::too_many_arguments)]
fn price_batch(
    pricer: &mut SeatChangePricer<'_>,
    totals: &mut CustomerTotals,
    cols: &Columns<'_>,
    first_row: usize,
    scale: u32,
    out: Option<&mut LineBuilders>,
) -> Result<(), RowRefusal> {
    let mut out = out;
    for i in 0..cols.len {
        let row = first_row + i;
        let fail = |error: Error| RowRefusal { row, error };
        let customer = cols.customer.get(i).ok_or_else(|| fail(null("customer")))?;
        let offer = cols.offer.get(i).ok_or_else(|| fail(null("offer")))?;
        let quantity = cols.quantity[i].ok_or_else(|| fail(null("quantity")))?;
        let term_start = cols
            .term_start
            .get(i)
            .map_err(fail)?
            .ok_or_else(|| fail(null("term_start")))?;
        let change_date = cols
            .change_date
            .get(i)
            .map_err(fail)?
            .ok_or_else(|| fail(null("change_date")))?;
        let frequency = match cols.frequency.as_ref().and_then(|f| f.get(i)) {
            None => BillingFrequency::Annual,
            Some(f) => f.parse::<BillingFrequency>().map_err(fail)?,
        };
        let change = SeatChange {
            customer,
            offer,
            quantity,
            term_start,
            change_date,
            frequency,
        };
        let line = pricer.price(&change).map_err(fail)?;
        totals.add(customer, &line.amount).map_err(fail)?;
        if let Some(b) = out.as_deref_mut() {
            b.customer.append_value(customer);
            b.offer.append_value(offer);
            b.quantity.push(quantity);
            b.amount
                .append_value(mantissa(line.amount.amount(), scale).map_err(fail)?);
            b.start
                .append_value(days_since_epoch(line.service_period.first()));
            b.end
                .append_value(days_since_epoch(line.service_period.last()));
            b.days.append_value(line.days);
            b.period_days.append_value(line.period_days);
        }
    }
    Ok(())
}

struct LineBuilders {
    customer: StringBuilder,
    offer: StringBuilder,
    quantity: Vec<i64>,
    amount: Decimal128Builder,
    start: Date32Builder,
    end: Date32Builder,
    days: UInt32Builder,
    period_days: UInt32Builder,
}

impl LineBuilders {
    fn new() -> LineBuilders {
        LineBuilders {
            customer: StringBuilder::new(),
            offer: StringBuilder::new(),
            quantity: Vec::new(),
            amount: Decimal128Builder::new(),
            start: Date32Builder::new(),
            end: Date32Builder::new(),
            days: UInt32Builder::new(),
            period_days: UInt32Builder::new(),
        }
    }

    fn finish(&mut self, schema: &SchemaRef, scale: i8) -> Result<RecordBatch, Error> {
        let amount = self
            .amount
            .finish()
            .with_precision_and_scale(38, scale)
            .map_err(|e| bad_column("amount", e.to_string()))?;
        RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(self.customer.finish()),
                Arc::new(self.offer.finish()),
                Arc::new(arrow_array::Int64Array::from(std::mem::take(
                    &mut self.quantity,
                ))),
                Arc::new(amount),
                Arc::new(self.start.finish()),
                Arc::new(self.end.finish()),
                Arc::new(self.days.finish()),
                Arc::new(self.period_days.finish()),
            ],
        )
        .map_err(|e| bad_column("output", e.to_string()))
    }
}

/// Prorates every seat change of `data` (anything with `__arrow_c_stream__`), priced from
/// `book` with the program's term and `policy` (JSON). Returns the lines (one per input row,
/// in order; omitted when `lines` is false, so that a stream keeps memory flat) and the
/// totals per customer, both as Arrow tables with `decimal128(38, minor units)` amounts.
#[pyfunction]
#[pyo3(signature = (data, book, policy, program="legacy_2015", lines=true))]
pub fn prorate_batch(
    py: Python<'_>,
    data: PyRecordBatchReader,
    book: &NativeBook,
    policy: &str,
    program: &str,
    lines: bool,
) -> PyResult<(Option<PyTable>, PyTable)> {
    let policy: ProrationPolicy = serde_json::from_str(policy).map_err(|e| {
        core(Error::InvalidInput {
            what: "proration policy",
            text: e.to_string(),
            expected: "the documented JSON form",
        })
    })?;
    let program: Program = program.parse().map_err(core)?;
    let currency = book.book().currency();
    let scale_u = currency.minor_units();
    let scale = i8::try_from(scale_u).unwrap_or(2);
    let mut reader = data.into_reader()?;
    let mut pricer = SeatChangePricer::new(book.book(), &program, policy);
    let mut totals = CustomerTotals::new(currency);
    let schema = lines_schema(scale);
    let mut out_batches = Vec::new();
    let mut first_row = 0usize;
    loop {
        // Pull the next batch with the GIL (the producer may be Python), work without it.
        let next = reader.next();
        let batch = match next {
            None => break,
            Some(b) => b.map_err(|e| core(bad_column("input", e.to_string())))?,
        };
        let result = py.detach(|| -> Result<Option<RecordBatch>, RowRefusal> {
            let cols = read_columns(&batch).map_err(|error| RowRefusal {
                row: first_row,
                error,
            })?;
            let mut builders = lines.then(LineBuilders::new);
            price_batch(
                &mut pricer,
                &mut totals,
                &cols,
                first_row,
                scale_u,
                builders.as_mut(),
            )?;
            builders
                .map(|mut b| b.finish(&schema, scale))
                .transpose()
                .map_err(|error| RowRefusal {
                    row: first_row,
                    error,
                })
        });
        match result {
            Ok(Some(b)) => out_batches.push(b),
            Ok(None) => {}
            Err(r) => return Err(to_py(&r.error, &[("row", r.row.to_string())])),
        }
        first_row += batch.num_rows();
    }
    let lines_table = if lines {
        Some(PyTable::try_new(out_batches, schema)?)
    } else {
        None
    };
    let mut customer = StringBuilder::new();
    let mut count = UInt64Builder::new();
    let mut total = Decimal128Builder::new();
    for row in totals.rows() {
        customer.append_value(&row.customer);
        count.append_value(row.lines);
        total.append_value(mantissa(row.total.amount(), scale_u).map_err(core)?);
    }
    let total = total
        .finish()
        .with_precision_and_scale(38, scale)
        .map_err(|e| core(bad_column("total", e.to_string())))?;
    let tschema = totals_schema(scale);
    let tbatch = RecordBatch::try_new(
        tschema.clone(),
        vec![
            Arc::new(customer.finish()),
            Arc::new(count.finish()),
            Arc::new(total),
        ],
    )
    .map_err(|e| core(bad_column("totals", e.to_string())))?;
    Ok((lines_table, PyTable::try_new(vec![tbatch], tschema)?))
}
