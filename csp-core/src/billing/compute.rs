//! Computing a month's bills from a replay (SPEC §8, §10.6).

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use super::bill::{
    margin_percent, Bill, BillRun, CostAdjustment, Invoice, InvoiceLine, LineSource, Statement,
    Totals,
};
use super::settings::{PartnerSettings, Resale, Service};
use crate::calendar::{add_days, Period, YearMonth};
use crate::catalog::{CustomerId, SubscriptionId};
use crate::charges::{
    full_credit_unit, replay, ChargeKind, ChargeLine, Inputs, Refusal, Replay, ReplayOptions,
};
use crate::error::{Error, Result};
use crate::money::{Currency, Money, Ratio, Rounding, RoundingMode};
use crate::subscription::Event;

/// What identifies a billed line when bills are compared (everything but the adjustment
/// marks).
type LineKey = (
    LineSource,
    String,
    Option<String>,
    Option<Period>,
    u32,
    Decimal,
    Decimal,
);

fn line_key(l: &InvoiceLine) -> LineKey {
    (
        l.source,
        l.description.clone(),
        l.subscription.as_ref().map(|s| s.to_string()),
        l.service_period,
        l.quantity,
        l.unit_price.normalize(),
        l.amount.amount().normalize(),
    )
}

/// A Microsoft charge line and what mirrors it on the customer's bill.
struct Mirror {
    customer: CustomerId,
    subscription: SubscriptionId,
    date: chrono::NaiveDate,
    cost: Money,
    resale: InvoiceLine,
    fees: Vec<InvoiceLine>,
    financeable: bool,
}

/// Bills every customer for `month` (SPEC §8).
///
/// The window is `[issue date of the previous month, issue date − 1]`, replayed as of its
/// last day. Each Microsoft line dated in it is mirrored at the resale price with the same
/// proration fraction, with the partner's per-seat fees; monthly and one-time fees,
/// instalments and discounts are added; earlier bills in `issued` that the current inputs
/// would now compute differently (a back-dated event) get adjustment lines: `issued` holds the
/// earlier bill runs as issued (an empty run still tells that its month was billed). Invoice numbers
/// are `prefix + (first_number + i)` in customer order.
///
/// # Errors
/// A [`Refusal`]: an event the replay refuses, or invalid settings.
pub fn bill_month(
    inputs: &Inputs,
    events: &[Event],
    options: ReplayOptions,
    settings: &PartnerSettings,
    month: YearMonth,
    issued: &[BillRun],
    first_number: u64,
) -> std::result::Result<BillRun, Refusal> {
    settings.validate()?;
    let window = settings.billing_day.window(month)?;
    // Events after the window are billed later: a bill reads only what happened by its end.
    let known: Vec<Event> = events
        .iter()
        .filter(|e| e.date <= window.last())
        .cloned()
        .collect();
    let replayed = replay(inputs, &known, window.last(), options).map_err(|mut r| {
        // Report the index in the caller's list, not in the filtered one.
        if let Some(event) = &r.event {
            r.index = events.iter().position(|e| e == event.as_ref());
        }
        r
    })?;
    let engine = Engine::new(inputs, settings, options, &replayed)?;
    Ok(engine.run(month, window, issued, first_number)?)
}

/// The longest projection asked for (ten years; every term ends within one).
pub const MAX_PROJECTED_MONTHS: u32 = 120;

/// The most monthly instalments a charge is spread into (ten years).
pub const MAX_INSTALMENTS: u32 = 120;

/// What the next `count` bills after `month` will be (SPEC §8 projection): the events known
/// at `month`'s bill and no others, the locked prices, and nothing after each subscription's
/// current term end (renewals are not projected). Each run is marked `projected`, with
/// invoice numbers `projected`.
///
/// # Errors
/// As [`bill_month`]; `invalid_input` for more than [`MAX_PROJECTED_MONTHS`].
pub fn project(
    inputs: &Inputs,
    events: &[Event],
    options: ReplayOptions,
    settings: &PartnerSettings,
    month: YearMonth,
    count: u32,
) -> std::result::Result<Vec<BillRun>, Refusal> {
    settings.validate()?;
    // Terms end within a year, renewals are not projected: further months are all empty.
    if count > MAX_PROJECTED_MONTHS {
        return Err(Refusal::from(Error::InvalidInput {
            what: "projection length",
            text: count.to_string(),
            expected: "at most 120 months",
        }));
    }
    let now = settings.billing_day.window(month)?.last();
    let known: Vec<Event> = events.iter().filter(|e| e.date <= now).cloned().collect();
    let terms: HashMap<SubscriptionId, chrono::NaiveDate> = replay(inputs, &known, now, options)?
        .subscriptions
        .iter()
        .map(|s| (s.id.clone(), s.term.last()))
        .collect();
    let mut last = month;
    for _ in 0..count {
        last = last.next()?;
    }
    let horizon = settings.billing_day.window(last)?.last();
    let mut future = replay(inputs, &known, horizon, options)?;
    future
        .lines
        .retain(|l| terms.get(&l.subscription).is_some_and(|end| l.date <= *end));
    let engine = Engine::new(inputs, settings, options, &future)?;
    let mut runs = Vec::new();
    let mut m = month;
    for _ in 0..count {
        m = m.next()?;
        let mut run = engine.run(m, settings.billing_day.window(m)?, &[], 0)?;
        run.projected = true;
        for bill in &mut run.bills {
            bill.invoice.number = "projected".to_string();
        }
        runs.push(run);
    }
    Ok(runs)
}

struct Engine<'a> {
    inputs: &'a Inputs,
    settings: &'a PartnerSettings,
    options: ReplayOptions,
    currency: Currency,
    mirrors: Vec<Mirror>,
}

fn months_between(a: YearMonth, b: YearMonth) -> i64 {
    i64::from(b.year() - a.year()) * 12 + i64::from(b.month()) - i64::from(a.month())
}

fn zero(c: Currency) -> Money {
    Money::zero(c)
}

/// `total` in `n` equal instalments rounded toward zero to minor units, the remainder on the
/// last, so that they always sum to `total` exactly (`n = 0` is taken as 1).
///
/// ```
/// use csp_core::money::{Currency, Money};
/// let parts = csp_core::billing::instalments(Money::parse("100.00", Currency::USD)?, 3)?;
/// let shown: Vec<String> = parts.iter().map(|m| m.amount().to_string()).collect();
/// assert_eq!(shown, ["33.33", "33.33", "33.34"]);
/// # Ok::<(), csp_core::Error>(())
/// ```
///
/// # Errors
/// `amount_overflow` for an absurd amount; `invalid_input` for more than
/// [`MAX_INSTALMENTS`].
pub fn instalments(total: Money, n: u32) -> Result<Vec<Money>> {
    if n > MAX_INSTALMENTS {
        return Err(Error::InvalidInput {
            what: "instalments",
            text: n.to_string(),
            expected: "at most 120 instalments",
        });
    }
    let n = n.max(1);
    let minor = Rounding::clamped(total.currency().minor_units(), RoundingMode::Down);
    let part = Money::new(
        Ratio::from_decimal(total.amount())?
            .div_int(n.into())?
            .round(minor)?,
        total.currency(),
    );
    let rest = total.checked_sub(&part.checked_mul(Decimal::from(n - 1))?)?;
    let mut out = vec![part; (n - 1) as usize];
    out.push(rest);
    Ok(out)
}

fn describe(line: &ChargeLine, name: &str) -> String {
    match line.kind {
        ChargeKind::Purchase => format!("{name} (new subscription)"),
        ChargeKind::Renewal => format!("{name} (renewal)"),
        ChargeKind::CycleFee => name.to_string(),
        ChargeKind::SeatsAdded => format!("{name}: seats added"),
        ChargeKind::SeatsRemoved => format!("{name}: seats removed"),
        ChargeKind::SuspensionCredit => format!("{name}: suspension credit"),
        ChargeKind::Reactivation => format!("{name}: reactivation"),
    }
}

impl<'a> Engine<'a> {
    fn new(
        inputs: &'a Inputs,
        settings: &'a PartnerSettings,
        options: ReplayOptions,
        replayed: &Replay,
    ) -> Result<Self> {
        let mut engine = Engine {
            inputs,
            settings,
            options,
            currency: inputs.book.currency(),
            mirrors: Vec::new(),
        };
        engine.mirror_all(replayed)?;
        Ok(engine)
    }

    fn resale_monthly(&self, line: &ChargeLine) -> Result<Decimal> {
        let row = self
            .inputs
            .book
            .list_from(line.price_list)
            .and_then(|l| l.row(&line.offer))
            .ok_or_else(|| Error::OfferNotInPriceList {
                offer: line.offer.clone(),
                list_effective_from: line.price_list,
            })?;
        let overflow = || Error::AmountOverflow {
            operation: "resale price",
        };
        Ok(match self.settings.resale_of(&line.offer) {
            Resale::Erp => row.erp_price,
            Resale::Fixed { price } => price,
            Resale::Markup { percent } => {
                let factor = Decimal::ONE_HUNDRED
                    .checked_add(percent)
                    .ok_or_else(overflow)?;
                row.list_price
                    .checked_mul(factor)
                    .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
                    .ok_or_else(overflow)?
            }
        })
    }

    /// Mirrors every Microsoft line (of every window: full credits need the resale net of
    /// their period) at the resale price and at each matching per-seat fee.
    fn mirror_all(&mut self, replayed: &Replay) -> Result<()> {
        let mut nets: HashMap<(SubscriptionId, Period, usize), Money> = HashMap::new();
        let policy = self.options.policy;
        let currency = self.currency;
        for line in &replayed.lines {
            let mut mirror = |monthly: Decimal,
                              key: usize,
                              description: String,
                              source: LineSource|
             -> Result<InvoiceLine> {
                let period_price = Money::new(
                    monthly
                        .checked_mul(Decimal::from(line.cycle_months))
                        .ok_or(Error::AmountOverflow {
                            operation: "resale price",
                        })?,
                    currency,
                );
                let net_key = (line.subscription.clone(), line.charge_period, key);
                let (amount, unit) = if line.full_credit {
                    // A full credit reverses the period's net at this price too.
                    let net = nets.get(&net_key).copied().unwrap_or(zero(currency));
                    let amount = net.neg();
                    (amount, full_credit_unit(&amount, line.seats()))
                } else {
                    let p = line.priced_at(&period_price, policy)?;
                    (p.amount, p.unit)
                };
                let entry = nets.entry(net_key).or_insert(zero(currency));
                *entry = entry.checked_add(&amount)?;
                Ok(InvoiceLine {
                    source,
                    description,
                    subscription: Some(line.subscription.clone()),
                    service_period: Some(line.service_period),
                    quantity: line.seats(),
                    unit_price: unit,
                    amount,
                    adjusts: None,
                    reversal: false,
                })
            };
            let name = self
                .inputs
                .catalog
                .get(&line.offer)
                .map(|o| o.name.clone())
                .unwrap_or_else(|_| line.offer.to_string());
            let resale = mirror(
                self.resale_monthly(line)?,
                0,
                describe(line, &name),
                LineSource::Microsoft,
            )?;
            let mut fees = Vec::new();
            for (i, service) in self.settings.services.iter().enumerate() {
                if let Service::PerSeatFee {
                    description,
                    price,
                    subscription,
                    offer,
                } = service
                {
                    let applies = subscription.as_ref() == Some(&line.subscription)
                        || offer.as_ref() == Some(&line.offer);
                    if applies {
                        let text = match line.kind {
                            ChargeKind::CycleFee | ChargeKind::Purchase | ChargeKind::Renewal => {
                                description.clone()
                            }
                            _ => describe(line, description),
                        };
                        fees.push(mirror(*price, i + 1, text, LineSource::Service)?);
                    }
                }
            }
            self.mirrors.push(Mirror {
                customer: line.customer.clone(),
                subscription: line.subscription.clone(),
                date: line.date,
                cost: line.amount,
                resale,
                fees,
                financeable: matches!(line.kind, ChargeKind::Purchase | ChargeKind::Renewal),
            });
        }
        Ok(())
    }

    /// The lines of `customer`'s bill for `month` (without adjustments), its Microsoft cost,
    /// and the financed balance still owed after it.
    fn base_lines(
        &self,
        customer: &CustomerId,
        month: YearMonth,
    ) -> Result<(Vec<InvoiceLine>, Money, Money)> {
        let day = self.settings.billing_day;
        let mut lines = Vec::new();
        let mut cost = zero(self.currency);
        let mut balance = zero(self.currency);
        for m in self.mirrors.iter().filter(|m| m.customer == *customer) {
            let billed_in = day.bill_month_of(m.date)?;
            let k = months_between(billed_in, month);
            if k < 0 {
                continue;
            }
            if k == 0 {
                cost = cost.checked_add(&m.cost)?;
            }
            match self
                .settings
                .instalments_of(&m.subscription)
                .filter(|_| m.financeable)
            {
                Some(n) => {
                    let parts = instalments(m.resale.amount, n)?;
                    if let Some(part) = parts.get(usize::try_from(k).unwrap_or(usize::MAX)) {
                        lines.push(InvoiceLine {
                            source: LineSource::Instalment,
                            description: format!(
                                "{} — instalment {} of {n}",
                                m.resale.description,
                                k + 1
                            ),
                            quantity: 1,
                            unit_price: part.amount(),
                            amount: *part,
                            ..m.resale.clone()
                        });
                    }
                    let paid = Money::sum(
                        self.currency,
                        parts
                            .iter()
                            .take(usize::try_from(k + 1).unwrap_or(usize::MAX)),
                    )?;
                    balance = balance.checked_add(&m.resale.amount.checked_sub(&paid)?)?;
                }
                None if k == 0 => lines.push(m.resale.clone()),
                None => {}
            }
            if k == 0 {
                lines.extend(m.fees.iter().cloned());
            }
        }
        let next_issue = day.issue_date(month.next()?);
        for service in &self.settings.services {
            let fee = |description: &String, amount: Decimal, period: Option<Period>| InvoiceLine {
                source: LineSource::Service,
                description: description.clone(),
                subscription: None,
                service_period: period,
                quantity: 1,
                unit_price: amount,
                amount: Money::new(amount, self.currency),
                adjusts: None,
                reversal: false,
            };
            match service {
                Service::MonthlyFee {
                    customer: c,
                    description,
                    amount,
                } if c == customer => {
                    let period = Period::new(day.issue_date(month), add_days(next_issue, -1)?)?;
                    lines.push(fee(description, *amount, Some(period)));
                }
                Service::OneTime {
                    customer: c,
                    date,
                    description,
                    amount,
                } if c == customer && day.bill_month_of(*date)? == month => {
                    lines.push(fee(description, *amount, Some(Period::day(*date))));
                }
                _ => {}
            }
        }
        for d in self
            .settings
            .discounts
            .iter()
            .filter(|d| d.customer == *customer)
        {
            let k = months_between(d.first_month, month);
            if k >= 0 && k < i64::from(d.months) {
                let base = Money::sum(self.currency, lines.iter().map(|l| &l.amount))?;
                let rounding =
                    Rounding::clamped(self.currency.minor_units(), self.options.policy.line);
                let off = Ratio::from_decimal(base.amount())?.mul_int(-1)?;
                let off = Ratio::from_decimal(d.percent)?
                    .mul_ratio(off)?
                    .div_int(100)?
                    .round(rounding)?;
                lines.push(InvoiceLine {
                    source: LineSource::Discount,
                    description: format!(
                        "Discount {}% (month {} of {})",
                        d.percent.normalize(),
                        k + 1,
                        d.months
                    ),
                    subscription: None,
                    service_period: None,
                    quantity: 1,
                    unit_price: off,
                    amount: Money::new(off, self.currency),
                    adjusts: None,
                    reversal: false,
                });
            }
        }
        Ok((lines, cost, balance))
    }

    /// Adjustment lines for every earlier issued bill of `customer` that the current inputs
    /// compute differently: lines billed then and gone now are taken back, new ones added.
    fn adjustments(
        &self,
        customer: &CustomerId,
        month: YearMonth,
        issued: &[Bill],
        billed: &[YearMonth],
    ) -> Result<Vec<InvoiceLine>> {
        let mine: Vec<&Bill> = issued
            .iter()
            .filter(|b| b.invoice.customer == *customer && b.invoice.month < month)
            .collect();
        // Every month already billed (for any customer): a customer without a bill that
        // month had nothing billed, and a back-dated order of its must still be adjusted.
        let months = billed.to_vec();
        let mut out = Vec::new();
        for m in months {
            // What was billed for m: its bill's own lines, and later adjustments of m.
            let mut billed: BTreeMap<LineKey, (InvoiceLine, i64)> = BTreeMap::new();
            for b in &mine {
                for line in &b.invoice.lines {
                    let (key, sign) = match line.adjusts {
                        None if b.invoice.month == m => (line.clone(), 1),
                        Some(a) if a == m => {
                            let mut key = line.clone();
                            key.adjusts = None;
                            key.reversal = false;
                            if line.reversal {
                                key.unit_price = -key.unit_price;
                                key.amount = key.amount.neg();
                                (key, -1)
                            } else {
                                (key, 1)
                            }
                        }
                        _ => continue,
                    };
                    billed.entry(line_key(&key)).or_insert((key, 0)).1 += sign;
                }
            }
            let (now, _, _) = self.base_lines(customer, m)?;
            for line in now {
                billed.entry(line_key(&line)).or_insert((line, 0)).1 -= 1;
            }
            for (line, count) in billed.into_values() {
                for _ in 0..count.unsigned_abs() {
                    let mut adj = line.clone();
                    adj.adjusts = Some(m);
                    if count > 0 {
                        // Billed before, gone now: take it back.
                        adj.reversal = true;
                        adj.unit_price = -adj.unit_price;
                        adj.amount = adj.amount.neg();
                    }
                    out.push(adj);
                }
            }
        }
        Ok(out)
    }

    fn run(
        &self,
        month: YearMonth,
        window: Period,
        runs: &[BillRun],
        first_number: u64,
    ) -> Result<BillRun> {
        if let Some(r) = runs.iter().find(|r| r.projected) {
            return Err(Error::InvalidInput {
                what: "issued bill run",
                text: format!("the projected run of {}", r.month),
                expected: "bill runs as issued (a projection was never issued)",
            });
        }
        let issued: Vec<Bill> = runs
            .iter()
            .filter(|r| r.month < month)
            .flat_map(|r| r.bills.iter().cloned())
            .collect();
        let issued = &issued[..];
        let mut billed: Vec<YearMonth> = runs
            .iter()
            .map(|r| r.month)
            .filter(|m| *m < month)
            .collect();
        billed.sort();
        billed.dedup();
        let day = self.settings.billing_day;
        let issue_date = day.issue_date(month);
        let due_date = add_days(issue_date, i64::from(self.settings.payment_terms_days))?;
        let mut bills = Vec::new();
        for (customer_id, customer) in &self.inputs.customers {
            let (mut lines, cost, balance) = self.base_lines(customer_id, month)?;
            let adjustments = self.adjustments(customer_id, month, issued, &billed)?;
            let cost_adjustments =
                self.cost_adjustments_by_month(customer_id, month, issued, &billed)?;
            let cost_adjustment =
                Money::sum(self.currency, cost_adjustments.iter().map(|c| &c.amount))?;
            lines.extend(adjustments);
            if lines.is_empty() && cost.is_zero() && cost_adjustment.is_zero() {
                continue;
            }
            let subtotal = Money::sum(self.currency, lines.iter().map(|l| &l.amount))?;
            let tax_rate = self.settings.tax_rate_of(customer_id);
            let tax = match tax_rate {
                Some(rate) => subtotal
                    .checked_mul(rate)?
                    .round_to_minor(RoundingMode::HalfUp),
                None => zero(self.currency),
            };
            let total = subtotal.checked_add(&tax)?;
            let margin = subtotal.checked_sub(&cost)?.checked_sub(&cost_adjustment)?;
            let number =
                first_number
                    .checked_add(bills.len() as u64)
                    .ok_or(Error::AmountOverflow {
                        operation: "invoice number",
                    })?;
            bills.push(Bill {
                invoice: Invoice {
                    number: format!("{}{number}", self.settings.invoice_prefix),
                    customer: customer_id.clone(),
                    customer_name: customer.name.clone(),
                    month,
                    issue_date,
                    due_date,
                    window,
                    lines,
                    subtotal,
                    tax_rate,
                    tax,
                    total,
                    credit_note: total.is_negative(),
                },
                statement: Statement {
                    customer: customer_id.clone(),
                    cost,
                    cost_adjustment,
                    cost_adjustments,
                    revenue: subtotal,
                    margin,
                    margin_percent: margin_percent(&margin, &subtotal)?,
                    financed_balance: balance,
                },
            });
        }
        Ok(BillRun {
            partner: self.settings.name.clone(),
            month,
            issue_date,
            window,
            totals: Totals::of(self.currency, &bills)?,
            bills,
            projected: false,
        })
    }

    /// For every earlier issued bill of `customer`, how much its window's Microsoft cost
    /// changed since it was issued (with later adjustments of it).
    fn cost_adjustments_by_month(
        &self,
        customer: &CustomerId,
        month: YearMonth,
        issued: &[Bill],
        billed: &[YearMonth],
    ) -> Result<Vec<CostAdjustment>> {
        let months = billed.to_vec();
        let mut out = Vec::new();
        for m in months {
            let (_, cost_now, _) = self.base_lines(customer, m)?;
            let mut billed = zero(self.currency);
            for b in issued
                .iter()
                .filter(|b| b.invoice.customer == *customer && b.invoice.month < month)
            {
                if b.invoice.month == m {
                    billed = billed.checked_add(&b.statement.cost)?;
                }
                for c in b.statement.cost_adjustments.iter().filter(|c| c.month == m) {
                    billed = billed.checked_add(&c.amount)?;
                }
            }
            let amount = cost_now.checked_sub(&billed)?;
            if !amount.is_zero() {
                out.push(CostAdjustment { month: m, amount });
            }
        }
        Ok(out)
    }
}
