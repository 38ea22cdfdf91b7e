//! The batch API: seat changes as Arrow in, prorated lines and per-customer totals as Arrow
//! out, the GIL released while csp-core works (see `csp_core::batch`).

use std::sync::Arc;

use std::borrow::Cow;

use arrow_array::builder::StringBuilder;
use arrow_array::cast::AsArray;
use arrow_array::types::ArrowDictionaryKeyType;
use arrow_array::types::{
    Date32Type, Int16Type, Int32Type, Int64Type, Int8Type, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt16Type, UInt32Type,
    UInt64Type, UInt8Type,
};
use arrow_array::{
    Array, ArrayRef, Date32Array, Decimal128Array, DictionaryArray, Int64Array, RecordBatch,
    UInt32Array, UInt64Array,
};
use arrow_buffer::ArrowNativeType;
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use csp_core::batch::{DenseTotals, Frequencies, Interner, LineColumns, SeatColumns, SeatKernel};
use csp_core::calendar::epoch_day;
use csp_core::money::ProrationPolicy;
use csp_core::program::Program;
use csp_core::subscription::BillingFrequency;
use csp_core::Error;
use pyo3::prelude::*;
use pyo3_arrow::{PyRecordBatchReader, PyTable};

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

/// A column that cannot be read at all (missing, or of a type it cannot have).
fn bad_column(name: &str, detail: String) -> Error {
    Error::invalid_batch_column(name, detail)
}

/// A value of a column, at a row, that cannot be read.
fn bad_value(name: &str, detail: &str) -> Error {
    Error::invalid_batch_value(name, detail)
}

fn required<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a ArrayRef, Error> {
    batch
        .column_by_name(name)
        .ok_or_else(|| bad_column(name, "missing".to_string()))
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

/// The first refused row of a column while reading it, kept so that the batch reports the
/// earliest refused row whichever column (or the kernel) refused it.
#[derive(Default)]
struct FirstBad(Option<(usize, Error)>);

impl FirstBad {
    fn note(&mut self, row: usize, error: impl FnOnce() -> Error) {
        if self.0.as_ref().is_none_or(|(r, _)| row < *r) {
            self.0 = Some((row, error()));
        }
    }

    fn row(&self) -> Option<usize> {
        self.0.as_ref().map(|(r, _)| *r)
    }
}

/// A dictionary column's value → id mapping, kept across the record batches of one
/// stream: a batch whose dictionary is the previous one (the same buffers, or the same
/// values) or extends it (a delta dictionary) reuses the ids of the values they share,
/// instead of interning its whole dictionary again.
#[derive(Default)]
struct DictCache {
    /// The dictionary values the ids belong to.
    values: Option<ArrayRef>,
    /// Dictionary index → interned id (`u32::MAX`: not interned yet).
    ids: Vec<u32>,
}

impl DictCache {
    /// Makes the mapping that of `values`: keeps the ids of the longest prefix it shares
    /// with the previous dictionary, forgets the rest.
    fn adopt(&mut self, values: &ArrayRef, name: &str) -> Result<(), Error> {
        let shared = match &self.values {
            Some(old) if old.to_data().ptr_eq(&values.to_data()) => values.len(),
            Some(old) if old.data_type() == values.data_type() => {
                let (a, b) = (str_col(old, name)?, str_col(values, name)?);
                (0..old.len().min(values.len()))
                    .find(|i| a.get(*i) != b.get(*i))
                    .unwrap_or(old.len().min(values.len()))
            }
            _ => 0,
        };
        self.ids.truncate(shared);
        self.ids.resize(values.len(), u32::MAX);
        self.values = Some(values.clone());
        Ok(())
    }
}

/// A string column as dense ids: each distinct value interned once (`intern`), in the
/// order rows first show it. Dictionary-encoded columns (pandas and polars categoricals,
/// `pa.DictionaryArray`) cost one interning per dictionary value of the whole stream
/// (`cache`), plain strings one per row.
fn dense_ids(
    array: &ArrayRef,
    name: &str,
    bad: &mut FirstBad,
    cache: &mut DictCache,
    intern: &mut dyn FnMut(&str) -> Result<u32, Error>,
) -> Result<Vec<u32>, Error> {
    let len = array.len();
    // Filled row by row (no zeroing first); rows after a refused one stay 0.
    let mut ids = Vec::with_capacity(len);
    if let DataType::Dictionary(key, _) = array.data_type() {
        macro_rules! keyed {
            ($k:ty) => {
                dict_ids(
                    array.as_dictionary::<$k>(),
                    name,
                    bad,
                    cache,
                    intern,
                    &mut ids,
                )?
            };
        }
        match key.as_ref() {
            DataType::Int8 => keyed!(Int8Type),
            DataType::Int16 => keyed!(Int16Type),
            DataType::Int32 => keyed!(Int32Type),
            DataType::Int64 => keyed!(Int64Type),
            DataType::UInt8 => keyed!(UInt8Type),
            DataType::UInt16 => keyed!(UInt16Type),
            DataType::UInt32 => keyed!(UInt32Type),
            DataType::UInt64 => keyed!(UInt64Type),
            other => return Err(bad_column(name, format!("dictionary keys of type {other}"))),
        }
        ids.resize(len, 0);
        return Ok(ids);
    }
    ids.resize(len, 0);
    let col = str_col(array, name)?;
    for (i, id) in ids.iter_mut().enumerate() {
        match col.get(i) {
            Some(text) => *id = intern(text)?,
            None => {
                bad.note(i, || null(name));
                break;
            }
        }
    }
    Ok(ids)
}

/// A dictionary column's ids: its keys read in place, each dictionary value interned the
/// first time a row of the stream uses it.
fn dict_ids<K: ArrowDictionaryKeyType>(
    dict: &DictionaryArray<K>,
    name: &str,
    bad: &mut FirstBad,
    cache: &mut DictCache,
    intern: &mut dyn FnMut(&str) -> Result<u32, Error>,
    ids: &mut Vec<u32>,
) -> Result<(), Error> {
    let values = str_col(dict.values(), name)?;
    cache.adopt(dict.values(), name)?;
    let local = &mut cache.ids;
    let keys = dict.keys();
    let all_valid = keys.null_count() == 0;
    for (i, key) in keys.values().iter().enumerate() {
        let key = (all_valid || keys.is_valid(i))
            .then(|| key.to_usize())
            .flatten();
        let Some(slot) = key.and_then(|k| local.get_mut(k)) else {
            bad.note(i, || null(name));
            break;
        };
        if *slot == u32::MAX {
            match key.and_then(|k| values.get(k)) {
                Some(text) => *slot = intern(text)?,
                None => {
                    bad.note(i, || null(name));
                    break;
                }
            }
        }
        ids.push(*slot);
    }
    Ok(())
}

fn integers<'a>(
    array: &'a ArrayRef,
    name: &str,
    bad: &mut FirstBad,
) -> Result<Cow<'a, [i64]>, Error> {
    if let Some(a) = array.as_primitive_opt::<Int64Type>() {
        if a.null_count() == 0 {
            return Ok(Cow::Borrowed(a.values()));
        }
    }
    macro_rules! ints {
        ($t:ty) => {
            array
                .as_primitive::<$t>()
                .iter()
                .enumerate()
                .map(|(i, v)| match v.map(i64::try_from) {
                    Some(Ok(v)) => v,
                    Some(Err(_)) => {
                        bad.note(i, || bad_value(name, "a value beyond 64 bits"));
                        0
                    }
                    None => {
                        bad.note(i, || null(name));
                        0
                    }
                })
                .collect()
        };
    }
    Ok(Cow::Owned(match array.data_type() {
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
    }))
}

/// A date column as day numbers (days since 1970-01-01), each within the core's date range
/// (`csp_core::input::FIRST_DATE..=LAST_DATE`; the first row outside it is refused as
/// `input::check_date` refuses it).
fn day_numbers<'a>(
    array: &'a ArrayRef,
    name: &str,
    bad: &mut FirstBad,
) -> Result<Cow<'a, [i32]>, Error> {
    use csp_core::input::{check_date, FIRST_DATE, LAST_DATE};
    let days = any_day_numbers(array, name, bad)?;
    let range = epoch_day(FIRST_DATE)..=epoch_day(LAST_DATE);
    if let Some(i) = days.iter().position(|d| !range.contains(d)) {
        let day = days.get(i).copied().unwrap_or_default();
        bad.note(i, || {
            match csp_core::calendar::from_epoch_day(day).and_then(check_date) {
                Err(e) => e,
                Ok(_) => bad_value(name, "a date out of range"),
            }
        });
    }
    Ok(days)
}

/// A date column as day numbers (days since 1970-01-01): Arrow `date32` read in place,
/// `date64` and whole-day timestamps converted, ISO text read by the core's date reader row
/// by row (so that a bad date names its own row).
fn any_day_numbers<'a>(
    array: &'a ArrayRef,
    name: &str,
    bad: &mut FirstBad,
) -> Result<Cow<'a, [i32]>, Error> {
    let mut out = vec![0i32; array.len()];
    let put = |out: &mut [i32], bad: &mut FirstBad, i: usize, day: Option<i64>| match day
        .map(i32::try_from)
    {
        Some(Ok(d)) => {
            if let Some(slot) = out.get_mut(i) {
                *slot = d;
            }
        }
        Some(Err(_)) => bad.note(i, || bad_value(name, "a date out of range")),
        None => bad.note(i, || null(name)),
    };
    match array.data_type() {
        DataType::Date32 => {
            let a = array.as_primitive::<Date32Type>();
            if a.null_count() == 0 {
                return Ok(Cow::Borrowed(a.values()));
            }
            for (i, v) in a.iter().enumerate() {
                put(&mut out, bad, i, v.map(i64::from));
            }
        }
        DataType::Date64 => {
            let a = array.as_primitive::<arrow_array::types::Date64Type>();
            for (i, v) in a.iter().enumerate() {
                match v {
                    Some(ms) if ms.rem_euclid(86_400_000) != 0 => {
                        bad.note(i, || bad_value(name, "a time of day"))
                    }
                    _ => put(&mut out, bad, i, v.map(|ms| ms.div_euclid(86_400_000))),
                }
            }
        }
        DataType::Timestamp(unit, None) => {
            let per_day: i64 = match unit {
                TimeUnit::Second => 86_400,
                TimeUnit::Millisecond => 86_400_000,
                TimeUnit::Microsecond => 86_400_000_000,
                TimeUnit::Nanosecond => 86_400_000_000_000,
            };
            let values: Vec<Option<i64>> = match unit {
                TimeUnit::Second => timestamps::<TimestampSecondType>(array),
                TimeUnit::Millisecond => timestamps::<TimestampMillisecondType>(array),
                TimeUnit::Microsecond => timestamps::<TimestampMicrosecondType>(array),
                TimeUnit::Nanosecond => timestamps::<TimestampNanosecondType>(array),
            };
            for (i, v) in values.into_iter().enumerate() {
                match v {
                    Some(t) if t.rem_euclid(per_day) != 0 => {
                        bad.note(i, || bad_value(name, "a time of day"))
                    }
                    _ => put(&mut out, bad, i, v.map(|t| t.div_euclid(per_day))),
                }
            }
        }
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Dictionary(_, _) => {
            // ISO dates as text (CSV exports, dask's string columns): the core's reader.
            let col = str_col(array, name)?;
            for i in 0..array.len() {
                match col.get(i).map(csp_core::input::date) {
                    Some(Ok(d)) => put(&mut out, bad, i, Some(i64::from(epoch_day(d)))),
                    Some(Err(e)) => bad.note(i, || e),
                    None => bad.note(i, || null(name)),
                }
            }
        }
        other => return Err(bad_column(name, format!("type {other}, expected a date"))),
    }
    Ok(Cow::Owned(out))
}

fn timestamps<T: arrow_array::types::ArrowPrimitiveType<Native = i64>>(
    array: &ArrayRef,
) -> Vec<Option<i64>> {
    array.as_primitive::<T>().iter().collect()
}

/// The optional frequency column: `monthly` or `annual` per row (a null is annual, the
/// default).
fn frequencies(
    array: Option<&ArrayRef>,
    bad: &mut FirstBad,
) -> Result<Option<Vec<BillingFrequency>>, Error> {
    let Some(array) = array else {
        return Ok(None);
    };
    let col = str_col(array, "frequency")?;
    let mut out = vec![BillingFrequency::default(); array.len()];
    for (i, f) in out.iter_mut().enumerate() {
        if let Some(text) = col.get(i) {
            match text.parse::<BillingFrequency>() {
                Ok(v) => *f = v,
                Err(e) => bad.note(i, || e),
            }
        }
    }
    Ok(Some(out))
}

/// A refused row: its index in the whole input.
struct RowRefusal {
    row: usize,
    error: Error,
}

fn null(name: &str) -> Error {
    bad_value(name, "a null value")
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

fn decimals(values: Vec<i128>, scale: i8) -> Result<Decimal128Array, Error> {
    Decimal128Array::from(values)
        .with_precision_and_scale(38, scale)
        .map_err(|e| Error::internal("batch output", format_args!("amount: {e}")))
}

/// The state of one `prorate_batch` call across the input's record batches.
struct BatchRun<'b> {
    kernel: SeatKernel<&'b csp_core::price_list::PriceBook>,
    customers: Interner,
    /// The customer and offer columns' dictionaries, across batches.
    dicts: [DictCache; 2],
    totals: DenseTotals,
    scale: i8,
    schema: SchemaRef,
}

impl BatchRun<'_> {
    /// Prices one record batch whose first row is row `first_row` of the input; returns its
    /// lines when asked.
    fn batch(
        &mut self,
        batch: &RecordBatch,
        first_row: usize,
        want_lines: bool,
    ) -> Result<Option<RecordBatch>, RowRefusal> {
        let whole = |error| RowRefusal {
            row: first_row,
            error,
        };
        let mut bad = FirstBad::default();
        let customers = &mut self.customers;
        let customer_col = required(batch, "customer").map_err(whole)?;
        if let Some(dict) = customer_col.as_any_dictionary_opt() {
            // Room for the values not seen yet (a stream's later batches add few or none).
            customers.reserve(dict.values().len().saturating_sub(customers.len()));
        }
        let [customer_dict, offer_dict] = &mut self.dicts;
        let customer = dense_ids(
            customer_col,
            "customer",
            &mut bad,
            customer_dict,
            &mut |t| customers.intern(t),
        )
        .map_err(whole)?;
        let kernel = &mut self.kernel;
        let offer = dense_ids(
            required(batch, "offer").map_err(whole)?,
            "offer",
            &mut bad,
            offer_dict,
            &mut |t| kernel.offer(t),
        )
        .map_err(whole)?;
        let quantity_col = required(batch, "quantity").map_err(whole)?;
        let quantity = integers(quantity_col, "quantity", &mut bad).map_err(whole)?;
        let start_col = required(batch, "term_start").map_err(whole)?;
        let term_start = day_numbers(start_col, "term_start", &mut bad).map_err(whole)?;
        let change_col = required(batch, "change_date").map_err(whole)?;
        let change_date = day_numbers(change_col, "change_date", &mut bad).map_err(whole)?;
        let frequency = frequencies(batch.column_by_name("frequency"), &mut bad).map_err(whole)?;
        // Rows before the first unreadable one go to the kernel; a refusal there is earlier.
        let upto = bad.row().unwrap_or(batch.num_rows());
        let rows = SeatColumns {
            customer: &customer[..upto],
            offer: &offer[..upto],
            quantity: &quantity[..upto],
            term_start: &term_start[..upto],
            change_date: &change_date[..upto],
            frequency: match &frequency {
                Some(f) => Frequencies::PerRow(&f[..upto]),
                None => Frequencies::All(BillingFrequency::default()),
            },
        };
        self.totals.grow_to(self.customers.len());
        let mut out = want_lines.then(LineColumns::default);
        self.kernel
            .run(&rows, first_row, &mut self.totals, out.as_mut())
            .map_err(|e| RowRefusal {
                row: e.row,
                error: e.error,
            })?;
        if let Some((row, error)) = bad.0 {
            return Err(RowRefusal {
                row: first_row + row,
                error,
            });
        }
        out.map(|lines| self.lines(&rows, lines))
            .transpose()
            .map_err(whole)
    }

    /// The lines of `rows` as an Arrow batch.
    fn lines(&self, rows: &SeatColumns<'_>, lines: LineColumns) -> Result<RecordBatch, Error> {
        let mut customer = StringBuilder::new();
        for id in rows.customer {
            customer.append_value(self.customers.name(*id).unwrap_or_default());
        }
        let mut offer = StringBuilder::new();
        for id in rows.offer {
            offer.append_value(self.kernel.offer_name(*id).unwrap_or_default());
        }
        RecordBatch::try_new(
            self.schema.clone(),
            vec![
                Arc::new(customer.finish()),
                Arc::new(offer.finish()),
                Arc::new(Int64Array::from(rows.quantity.to_vec())),
                Arc::new(decimals(lines.amount, self.scale)?),
                Arc::new(Date32Array::from(lines.service_start)),
                Arc::new(Date32Array::from(lines.service_end)),
                Arc::new(UInt32Array::from(lines.days)),
                Arc::new(UInt32Array::from(lines.period_days)),
            ],
        )
        .map_err(|e| Error::internal("batch output", format_args!("lines: {e}")))
    }

    /// The totals per customer, in the order customers first appeared.
    fn totals(&self) -> Result<RecordBatch, Error> {
        let mut customer = StringBuilder::new();
        let mut lines = Vec::with_capacity(self.customers.len());
        let mut total = Vec::with_capacity(self.customers.len());
        for id in 0..u32::try_from(self.customers.len()).unwrap_or(u32::MAX) {
            let (sum, count) = self.totals.get(id)?;
            customer.append_value(self.customers.name(id).unwrap_or_default());
            lines.push(count);
            total.push(sum);
        }
        let tschema = totals_schema(self.scale);
        RecordBatch::try_new(
            tschema,
            vec![
                Arc::new(customer.finish()),
                Arc::new(UInt64Array::from(lines)),
                Arc::new(decimals(total, self.scale)?),
            ],
        )
        .map_err(|e| Error::internal("batch output", format_args!("totals: {e}")))
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
        core(Error::invalid_json(
            "proration policy",
            e,
            "the documented JSON form",
        ))
    })?;
    let program: Program = program.parse().map_err(core)?;
    program
        .require_legacy_engine("batch program")
        .map_err(core)?;
    let currency = book.book().currency();
    let scale = i8::try_from(currency.minor_units()).unwrap_or(2);
    let mut reader = data.into_reader()?;
    let schema = lines_schema(scale);
    let mut run = BatchRun {
        kernel: SeatKernel::new(book.book(), &program, policy),
        customers: Interner::default(),
        dicts: Default::default(),
        totals: DenseTotals::default(),
        scale,
        schema: schema.clone(),
    };
    let mut out_batches = Vec::new();
    let mut first_row = 0usize;
    loop {
        // Pull the next batch with the GIL (the producer may be Python), work without it.
        let next = reader.next();
        let batch = match next {
            None => break,
            Some(b) => b.map_err(|e| core(bad_value("input", &e.to_string())))?,
        };
        match py.detach(|| run.batch(&batch, first_row, lines)) {
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
    let totals = py.detach(|| run.totals()).map_err(core)?;
    let tschema = totals.schema();
    Ok((lines_table, PyTable::try_new(vec![totals], tschema)?))
}
