//! Charge lines and invoice lines as Arrow record batches: money as exact `decimal128(38,
//! s)` (s = the column's largest scale, at least the currency's minor units; never floats),
//! dates as `date32`, ids and names as dictionary-encoded strings.

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Decimal128Builder, StringDictionaryBuilder, UInt32Builder,
};
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use chrono::NaiveDate;
use csp_core::billing::BillRun;
use csp_core::calendar::epoch_day;
use csp_core::charges::ChargeLine;
use csp_core::Error;
use rust_decimal::Decimal;

pub(crate) fn internal(detail: impl std::fmt::Display) -> Error {
    Error::internal("arrow table", format_args!("{detail}"))
}

/// A column of dictionary-encoded strings.
pub(crate) struct Ids(StringDictionaryBuilder<Int32Type>);

impl Ids {
    pub(crate) fn new() -> Ids {
        Ids(StringDictionaryBuilder::new())
    }

    pub(crate) fn push(&mut self, value: Option<&str>) {
        match value {
            Some(v) => {
                self.0.append_value(v);
            }
            None => self.0.append_null(),
        }
    }

    fn finish(mut self) -> ArrayRef {
        Arc::new(self.0.finish())
    }
}

fn dict_type() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
}

/// An exact decimal column: every value at the largest scale met (at least `min_scale`).
fn decimals(values: &[Option<Decimal>], min_scale: u32) -> Result<(ArrayRef, DataType), Error> {
    let scale = values
        .iter()
        .flatten()
        .map(Decimal::scale)
        .fold(min_scale, u32::max);
    let mut b = Decimal128Builder::with_capacity(values.len());
    for v in values {
        match v {
            Some(d) => {
                let up = 10i128
                    .checked_pow(scale - d.scale())
                    .and_then(|f| d.mantissa().checked_mul(f))
                    .ok_or_else(|| internal(format_args!("{d} at scale {scale}")))?;
                b.append_value(up);
            }
            None => b.append_null(),
        }
    }
    let s = i8::try_from(scale).map_err(internal)?;
    let array = b
        .with_precision_and_scale(38, s)
        .map_err(internal)?
        .finish();
    Ok((Arc::new(array), DataType::Decimal128(38, s)))
}

fn dates(values: impl Iterator<Item = Option<NaiveDate>>) -> ArrayRef {
    let mut b = Date32Builder::new();
    for v in values {
        b.append_option(v.map(epoch_day));
    }
    Arc::new(b.finish())
}

/// Columns with their fields, in order.
#[derive(Default)]
pub(crate) struct Columns(Vec<(Field, ArrayRef)>);

impl Columns {
    pub(crate) fn add(&mut self, name: &str, ty: DataType, nullable: bool, array: ArrayRef) {
        self.0.push((Field::new(name, ty, nullable), array));
    }

    pub(crate) fn ids(&mut self, name: &str, nullable: bool, ids: Ids) {
        self.add(name, dict_type(), nullable, ids.finish());
    }

    pub(crate) fn dates(
        &mut self,
        name: &str,
        nullable: bool,
        values: impl Iterator<Item = Option<NaiveDate>>,
    ) {
        self.add(name, DataType::Date32, nullable, dates(values));
    }

    pub(crate) fn decimals(
        &mut self,
        name: &str,
        nullable: bool,
        values: &[Option<Decimal>],
        min: u32,
    ) -> Result<(), Error> {
        let (array, ty) = decimals(values, min)?;
        self.add(name, ty, nullable, array);
        Ok(())
    }

    pub(crate) fn batch(self) -> Result<RecordBatch, Error> {
        let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = self.0.into_iter().unzip();
        RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(internal)
    }
}

/// Charge lines, one row each, in order: the `ChargeLine` record's fields with the periods
/// as `<name>_start`/`<name>_end` and `days` as `days`/`period_days` (null for a line over
/// its whole period). Money columns at the currency's minor units `scale` or more.
pub fn charge_lines(lines: &[ChargeLine], scale: u32) -> Result<RecordBatch, Error> {
    let (mut sub, mut cust, mut offer, mut kind) = (Ids::new(), Ids::new(), Ids::new(), Ids::new());
    let mut quantity = UInt32Builder::with_capacity(lines.len());
    let (mut days, mut of) = (UInt32Builder::new(), UInt32Builder::new());
    let mut currency = Ids::new();
    for l in lines {
        sub.push(Some(l.subscription.as_str()));
        cust.push(Some(l.customer.as_str()));
        offer.push(Some(l.offer.as_str()));
        kind.push(Some(l.kind.as_str()));
        quantity.append_value(l.seats());
        let d = l.days();
        days.append_option(d.map(|d| d.0));
        of.append_option(d.map(|d| d.1));
        currency.push(Some(&l.amount.currency().to_string()));
    }
    let mut c = Columns::default();
    c.ids("subscription", false, sub);
    c.ids("customer", false, cust);
    c.ids("offer", false, offer);
    c.ids("kind", false, kind);
    c.dates("date", false, lines.iter().map(|l| Some(l.date)));
    c.dates(
        "service_period_start",
        false,
        lines.iter().map(|l| Some(l.service_period.first())),
    );
    c.dates(
        "service_period_end",
        false,
        lines.iter().map(|l| Some(l.service_period.last())),
    );
    c.add(
        "quantity",
        DataType::UInt32,
        false,
        Arc::new(quantity.finish()),
    );
    let unit: Vec<_> = lines.iter().map(|l| Some(l.unit_amount)).collect();
    c.decimals("unit_amount", false, &unit, scale)?;
    let amount: Vec<_> = lines.iter().map(|l| Some(l.amount.amount())).collect();
    c.decimals("amount", false, &amount, scale)?;
    c.dates(
        "charge_period_start",
        false,
        lines.iter().map(|l| Some(l.charge_period.first())),
    );
    c.dates(
        "charge_period_end",
        false,
        lines.iter().map(|l| Some(l.charge_period.last())),
    );
    c.add("days", DataType::UInt32, true, Arc::new(days.finish()));
    c.add("period_days", DataType::UInt32, true, Arc::new(of.finish()));
    let rate: Vec<_> = lines.iter().map(|l| l.daily_rate).collect();
    c.decimals("daily_rate", true, &rate, 0)?;
    c.dates(
        "price_list",
        false,
        lines.iter().map(|l| Some(l.price_list)),
    );
    c.ids("currency", false, currency);
    c.batch()
}

/// Every invoice line of a run, one row each in bill order: the columns of
/// `BillRun.invoice_lines()` (the invoice's number, customer and dates with the line).
pub fn invoice_lines(run: &BillRun) -> Result<RecordBatch, Error> {
    let currency = run.totals.cost.currency();
    let scale = currency.minor_units();
    let rows: Vec<_> = run
        .bills
        .iter()
        .flat_map(|b| b.invoice.lines.iter().map(move |l| (&b.invoice, l)))
        .collect();
    let (mut number, mut cust, mut source, mut desc) =
        (Ids::new(), Ids::new(), Ids::new(), Ids::new());
    let (mut sub, mut adjusts, mut cur) = (Ids::new(), Ids::new(), Ids::new());
    let mut quantity = UInt32Builder::with_capacity(rows.len());
    let mut reversal = BooleanBuilder::with_capacity(rows.len());
    let code = currency.to_string();
    for (inv, l) in &rows {
        number.push(Some(&inv.number));
        cust.push(Some(inv.customer.as_str()));
        let s = serde_json::to_value(l.source).ok();
        source.push(s.as_ref().and_then(|v| v.as_str()));
        desc.push(Some(&l.description));
        sub.push(l.subscription.as_ref().map(|s| s.as_str()));
        quantity.append_value(l.quantity);
        adjusts.push(l.adjusts.map(|m| m.to_string()).as_deref());
        reversal.append_value(l.reversal);
        cur.push(Some(&code));
    }
    let mut c = Columns::default();
    c.ids("invoice", false, number);
    c.ids("customer", false, cust);
    c.dates(
        "issue_date",
        false,
        rows.iter().map(|(i, _)| Some(i.issue_date)),
    );
    c.dates(
        "due_date",
        false,
        rows.iter().map(|(i, _)| Some(i.due_date)),
    );
    c.ids("source", false, source);
    c.ids("description", false, desc);
    c.ids("subscription", true, sub);
    c.dates(
        "service_start",
        true,
        rows.iter()
            .map(|(_, l)| l.service_period.map(|p| p.first())),
    );
    c.dates(
        "service_end",
        true,
        rows.iter().map(|(_, l)| l.service_period.map(|p| p.last())),
    );
    c.add(
        "quantity",
        DataType::UInt32,
        false,
        Arc::new(quantity.finish()),
    );
    let unit: Vec<_> = rows.iter().map(|(_, l)| Some(l.unit_price)).collect();
    c.decimals("unit_price", false, &unit, scale)?;
    let amount: Vec<_> = rows.iter().map(|(_, l)| Some(l.amount.amount())).collect();
    c.decimals("amount", false, &amount, scale)?;
    c.ids("currency", false, cur);
    c.ids("adjusts", true, adjusts);
    c.add(
        "reversal",
        DataType::Boolean,
        false,
        Arc::new(reversal.finish()),
    );
    c.batch()
}
