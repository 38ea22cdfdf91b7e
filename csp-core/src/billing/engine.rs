//! One customer's bill (SPEC §8, §10.6): its Microsoft lines mirrored at resale prices, the
//! partner's services, financing, discounts, tax, and corrections of earlier bills.
//!
//! The engine reads the settings through a [`SettingsIndex`] and one customer's lines at a
//! time: billing a book is linear in its customers and lines.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use super::bill::{margin_percent, Bill, CostAdjustment, Invoice, InvoiceLine, LineSource};
use super::compute::instalments;
use super::index::SettingsIndex;
use super::settings::{PartnerSettings, Resale, Service};
use super::Statement;
use crate::batch::FxMap;
use crate::calendar::{add_days, Period, YearMonth};
use crate::catalog::{Catalog, OfferId};
use crate::catalog::{Customer, CustomerId, SubscriptionId};
use crate::charges::{full_credit_unit, ChargeKind, ChargeLine, Inputs, ReplayOptions};
use crate::error::{Error, Result};
use crate::money::{Currency, Money, ProrationPolicy, Ratio, Rounding, RoundingMode};
use crate::price_list::PriceBook;

/// What identifies a billed line when bills are compared: everything but the adjustment
/// marks and the unit price, which only shows how the amount divides among the quantity (a
/// bill issued when units were shown at minor units is the same bill: SPEC §10.15 *change*).
type LineKey = (
    LineSource,
    String,
    Option<String>,
    Option<Period>,
    u32,
    Decimal,
);

fn line_key(l: &InvoiceLine) -> LineKey {
    (
        l.source,
        l.description.clone(),
        l.subscription.as_ref().map(|s| s.to_string()),
        l.service_period,
        l.quantity,
        l.amount.amount().normalize(),
    )
}

/// A Microsoft charge line and what mirrors it on the customer's bill.
#[derive(Debug, Clone)]
pub(super) struct Mirror {
    subscription: SubscriptionId,
    date: chrono::NaiveDate,
    cost: Money,
    /// One seat's resale price for the whole charge period.
    period_price: Decimal,
    resale: InvoiceLine,
    fees: Vec<InvoiceLine>,
    financeable: bool,
}

/// The month a run bills, and what was issued before it.
#[derive(Debug)]
pub(super) struct MonthRun<'r> {
    pub(super) month: YearMonth,
    pub(super) window: Period,
    pub(super) issue_date: chrono::NaiveDate,
    pub(super) due_date: chrono::NaiveDate,
    /// Every month already billed (for any customer), sorted: a customer without a bill
    /// that month had nothing billed, and a back-dated order of its must still be adjusted.
    billed: Vec<YearMonth>,
    /// The issued bills of earlier months, by customer.
    issued: HashMap<&'r CustomerId, Vec<&'r Bill>>,
}

impl MonthRun<'_> {
    fn issued_of(&self, customer: &CustomerId) -> &[&Bill] {
        self.issued.get(customer).map_or(&[], Vec::as_slice)
    }
}

fn months_between(a: YearMonth, b: YearMonth) -> i64 {
    i64::from(b.year() - a.year()) * 12 + i64::from(b.month()) - i64::from(a.month())
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
        ChargeKind::Cancellation => format!("{name}: cancelled"),
        ChargeKind::Conversion => format!("{name}: converted"),
        ChargeKind::PlanChange => format!("{name}: billing plan change"),
    }
}

/// Where the engine reads an offer's name for its lines' descriptions.
#[derive(Debug, Clone, Copy)]
pub(super) enum Names<'a> {
    /// The legacy catalog.
    Catalog(&'a Catalog),
    /// Names by offer (an NCE sheet's SKU titles).
    Map(&'a BTreeMap<OfferId, String>),
}

impl Names<'_> {
    /// The offer's name, or its id when unknown.
    fn of(&self, offer: &OfferId) -> String {
        let found = match self {
            Names::Catalog(c) => c.get(offer).ok().map(|o| o.name.clone()),
            Names::Map(m) => m.get(offer).cloned(),
        };
        found.unwrap_or_else(|| offer.to_string())
    }
}

/// Bills customers one at a time.
#[derive(Debug)]
pub(super) struct Engine<'a> {
    names: Names<'a>,
    /// The legacy price lists (resale prices of legacy lines); `None` for NCE lines, which
    /// carry their prices.
    book: Option<&'a PriceBook>,
    settings: &'a PartnerSettings,
    index: SettingsIndex<'a>,
    options: ReplayOptions,
    currency: Currency,
}

impl Mirror {
    /// The resale line's amount.
    pub(super) fn amount(&self) -> Money {
        self.resale.amount
    }
}

impl<'a> Engine<'a> {
    pub(super) fn new(
        inputs: &'a Inputs,
        settings: &'a PartnerSettings,
        options: ReplayOptions,
    ) -> Engine<'a> {
        Engine {
            names: Names::Catalog(&inputs.catalog),
            book: Some(&inputs.book),
            settings,
            index: SettingsIndex::new(settings),
            options,
            currency: inputs.book.currency(),
        }
    }

    /// An engine for lines that carry their own prices (NCE lines), named from `names`.
    pub(super) fn for_priced_lines(
        names: &'a BTreeMap<OfferId, String>,
        currency: Currency,
        settings: &'a PartnerSettings,
        options: ReplayOptions,
    ) -> Engine<'a> {
        Engine {
            names: Names::Map(names),
            book: None,
            settings,
            index: SettingsIndex::new(settings),
            options,
            currency,
        }
    }

    /// The run of `month`: its dates, and the runs issued before it, by customer.
    ///
    /// # Errors
    /// `invalid_input` for a projected run among `runs`; `date_out_of_range` at the
    /// calendar's edge.
    pub(super) fn month_run<'r>(
        &self,
        month: YearMonth,
        window: Period,
        runs: &'r [super::BillRun],
    ) -> Result<MonthRun<'r>> {
        if let Some(r) = runs.iter().find(|r| r.projected) {
            return Err(Error::InvalidInput {
                what: "issued bill run",
                text: format!("the projected run of {}", r.month),
                expected: "bill runs as issued (a projection was never issued)",
            });
        }
        // A month is billed once: billing it again beside its issued run would bill its
        // charges twice (its later changes are adjustments on the next month's bill).
        if runs.iter().any(|r| r.month == month) {
            return Err(Error::InvalidInput {
                what: "issued bill run",
                text: format!("the run of {month}, the month being billed"),
                expected: "the runs issued before the month billed (to reproduce an issued \
                           month, rerun it without its own run; to correct it, bill the next \
                           month)",
            });
        }
        let mut issued: HashMap<&CustomerId, Vec<&Bill>> = HashMap::new();
        for bill in runs
            .iter()
            .filter(|r| r.month < month)
            .flat_map(|r| r.bills.iter())
            .filter(|b| b.invoice.month < month)
        {
            issued.entry(&bill.invoice.customer).or_default().push(bill);
        }
        let mut billed: Vec<YearMonth> = runs
            .iter()
            .map(|r| r.month)
            .filter(|m| *m < month)
            .collect();
        billed.sort();
        billed.dedup();
        let issue_date = self.settings.billing_day.issue_date(month);
        Ok(MonthRun {
            month,
            window,
            issue_date,
            due_date: add_days(issue_date, i64::from(self.settings.payment_terms_days))?,
            billed,
            issued,
        })
    }

    /// One seat's resale price for the whole charge period of `line` (SPEC §8): the ERP,
    /// the ERP less a percentage (SPEC-NCE §17.2.1), a fixed monthly price × the period's
    /// months, or the list price with a markup.
    fn resale_period(&self, line: &ChargeLine) -> Result<Decimal> {
        let overflow = || Error::AmountOverflow {
            operation: "resale price",
        };
        let share_of = |price: Decimal, percent: Decimal| {
            price
                .checked_mul(percent)
                .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
                .ok_or_else(overflow)
        };
        Ok(match self.index.resale_of(&line.offer) {
            Resale::Erp => self.erp_period(line)?,
            Resale::ErpDiscount { percent } => {
                let keep = Decimal::ONE_HUNDRED
                    .checked_sub(*percent)
                    .ok_or_else(overflow)?;
                share_of(self.erp_period(line)?, keep)?
            }
            Resale::Fixed { price } => price
                .checked_mul(Decimal::from(line.cycle_months))
                .ok_or_else(overflow)?,
            Resale::Markup { percent } => {
                let factor = Decimal::ONE_HUNDRED
                    .checked_add(*percent)
                    .ok_or_else(overflow)?;
                share_of(line.period_price.amount(), factor)?
            }
        })
    }

    /// One seat's ERP for the whole charge period of `line`: the line's own (NCE), or the
    /// price list's ERP per month × the period's months (legacy).
    fn erp_period(&self, line: &ChargeLine) -> Result<Decimal> {
        match (line.erp_period_price, self.book) {
            (Some(erp), _) => Ok(erp.amount()),
            (None, Some(book)) => book
                .list_from(line.price_list)
                .and_then(|l| l.row(&line.offer))
                .ok_or_else(|| Error::OfferNotInPriceList {
                    offer: line.offer.clone(),
                    list_effective_from: line.price_list,
                })?
                .erp_price
                .checked_mul(Decimal::from(line.cycle_months))
                .ok_or(Error::AmountOverflow {
                    operation: "resale price",
                }),
            (None, None) => Err(Error::InvalidInput {
                what: "resale rule",
                text: format!("erp for {}", line.offer),
                expected: "a fixed price or a markup: the price sheet gives no ERP \
                           price for this offer",
            }),
        }
    }

    /// Mirrors every Microsoft line of one customer (of every window: full credits need the
    /// resale net of their period) at the resale price and at each matching per-seat fee.
    pub(super) fn mirror(&self, lines: &[ChargeLine]) -> Result<Vec<Mirror>> {
        let mut nets: FxMap<(&SubscriptionId, Period, usize), Money> = FxMap::default();
        let policy = self.options.policy;
        let currency = self.currency;
        let mut out = Vec::with_capacity(lines.len());
        for line in lines {
            // `period`: one seat's price for the whole charge period; `days`: the days of the
            // service period mirrored (a fee's), all when `None`.
            let mut mirror = |period: Decimal,
                              key: usize,
                              description: String,
                              source: LineSource,
                              days: Option<Period>|
             -> Result<InvoiceLine> {
                let period_price = Money::new(period, currency);
                let net = nets
                    .entry((&line.subscription, line.charge_period, key))
                    .or_insert(Money::zero(currency));
                let mut service_period = line.service_period;
                let (amount, unit) = if line.full_credit {
                    // A full credit reverses the period's net at this price too.
                    let amount = net.neg();
                    (amount, full_credit_unit(&amount, line.seats(), policy.line))
                } else {
                    let p = match days {
                        Some(days) if days != line.service_period => {
                            service_period = days;
                            line.priced_over(&period_price, days, policy)?
                        }
                        _ => line.priced_at(&period_price, policy)?,
                    };
                    (p.amount, p.unit)
                };
                *net = net.checked_add(&amount)?;
                Ok(InvoiceLine {
                    source,
                    description,
                    subscription: Some(line.subscription.clone()),
                    service_period: Some(service_period),
                    quantity: line.seats(),
                    unit_price: unit,
                    amount,
                    adjusts: None,
                    reversal: false,
                })
            };
            let name = self.names.of(&line.offer);
            let period_price = self.resale_period(line)?;
            let resale = mirror(
                period_price,
                0,
                describe(line, &name),
                LineSource::Microsoft,
                None,
            )?;
            let mut fees = Vec::new();
            for i in self.index.seat_fees(&line.subscription, &line.offer) {
                if let Some(
                    service @ Service::PerSeatFee {
                        description, price, ..
                    },
                ) = self.settings.services.get(i)
                {
                    // The days the fee runs; a full credit takes back its net whatever.
                    let days = service.days_in(line.service_period);
                    if days.is_none() && !line.full_credit {
                        continue;
                    }
                    let text = match line.kind {
                        ChargeKind::CycleFee | ChargeKind::Purchase | ChargeKind::Renewal => {
                            description.clone()
                        }
                        _ => describe(line, description),
                    };
                    let per_period = price.checked_mul(Decimal::from(line.cycle_months)).ok_or(
                        Error::AmountOverflow {
                            operation: "resale price",
                        },
                    )?;
                    let fee = mirror(per_period, i + 1, text, LineSource::Service, days)?;
                    if days.is_some() || !fee.amount.is_zero() {
                        fees.push(fee);
                    }
                }
            }
            out.push(Mirror {
                subscription: line.subscription.clone(),
                date: line.date,
                cost: line.amount,
                period_price,
                resale,
                fees,
                financeable: matches!(line.kind, ChargeKind::Purchase | ChargeKind::Renewal),
            });
        }
        Ok(out)
    }

    /// The sale lines of `lines` (mirrored by [`Engine::mirror`] into `mirrors`) as the cost
    /// lines of the next hop (SPEC-NCE §17.2): each keeps its cost line's subscription,
    /// offer, dates, quantity and share `f`; its period price is the resale price, its amount
    /// and unit amount the mirrored ones, its rounding this engine's policy.
    pub(super) fn sale_lines(&self, lines: &[ChargeLine], mirrors: &[Mirror]) -> Vec<ChargeLine> {
        lines
            .iter()
            .zip(mirrors)
            .map(|(line, m)| ChargeLine {
                unit_amount: m.resale.unit_price,
                amount: m.resale.amount,
                period_price: Money::new(m.period_price, self.currency),
                daily_rate: None,
                rounding: self.options.policy,
                ..line.clone()
            })
            .collect()
    }

    /// The lines of `customer`'s bill for `month` (without adjustments), its Microsoft cost,
    /// and the financed balance still owed after it.
    fn base_lines(
        &self,
        customer: &CustomerId,
        mirrors: &[Mirror],
        month: YearMonth,
    ) -> Result<(Vec<InvoiceLine>, Money, Money)> {
        let day = self.settings.billing_day;
        let mut lines = Vec::new();
        let mut cost = Money::zero(self.currency);
        let mut balance = Money::zero(self.currency);
        for m in mirrors {
            let billed_in = day.bill_month_of(m.date)?;
            let k = months_between(billed_in, month);
            if k < 0 {
                continue;
            }
            if k == 0 {
                cost = cost.checked_add(&m.cost)?;
            }
            match self
                .index
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
        self.service_lines(customer, month, &mut lines)?;
        self.discount_lines(customer, month, &mut lines)?;
        Ok((lines, cost, balance))
    }

    /// The customer's monthly fee (billed in advance) and one-time fees of `month`.
    fn service_lines(
        &self,
        customer: &CustomerId,
        month: YearMonth,
        lines: &mut Vec<InvoiceLine>,
    ) -> Result<()> {
        let day = self.settings.billing_day;
        let next_issue = day.issue_date(month.next()?);
        for &i in self.index.customer_services(customer) {
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
            match self.settings.services.get(i) {
                Some(
                    service @ Service::MonthlyFee {
                        description,
                        amount,
                        ..
                    },
                ) => {
                    let period = Period::new(day.issue_date(month), add_days(next_issue, -1)?)?;
                    match service.days_in(period) {
                        Some(days) if days == period => {
                            lines.push(fee(description, *amount, Some(period)));
                        }
                        Some(days) => {
                            // Part of the period: its days' share, rounded once.
                            let exact = ProrationPolicy {
                                daily_rate: None,
                                unit: None,
                                line: self.options.policy.line,
                            };
                            let share = exact
                                .prorate(
                                    &Money::new(*amount, self.currency),
                                    1,
                                    days.days(),
                                    period.days(),
                                )?
                                .amount
                                .amount();
                            let text =
                                format!("{description} ({}/{} days)", days.days(), period.days());
                            lines.push(fee(&text, share, Some(days)));
                        }
                        None => {}
                    }
                }
                Some(Service::OneTime {
                    date,
                    description,
                    amount,
                    ..
                }) if day.bill_month_of(*date)? == month => {
                    lines.push(fee(description, *amount, Some(Period::day(*date))));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The customer's discounts running in `month`, each on the sum of the lines before it.
    fn discount_lines(
        &self,
        customer: &CustomerId,
        month: YearMonth,
        lines: &mut Vec<InvoiceLine>,
    ) -> Result<()> {
        for d in self.index.discounts_of(customer) {
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
        Ok(())
    }

    /// For every month billed before, the adjustment lines of `customer` (lines billed then
    /// and gone now are taken back, new ones added) and how much that month's Microsoft cost
    /// changed since it was billed (with later adjustments of it).
    fn corrections(
        &self,
        customer: &CustomerId,
        mirrors: &[Mirror],
        run: &MonthRun<'_>,
    ) -> Result<(Vec<InvoiceLine>, Vec<CostAdjustment>)> {
        let mine = run.issued_of(customer);
        let mut out = Vec::new();
        let mut costs = Vec::new();
        for &m in &run.billed {
            let (now, cost_now, _) = self.base_lines(customer, mirrors, m)?;
            // What was billed for m: its bill's own lines, and later adjustments of m.
            let mut billed: BTreeMap<LineKey, (InvoiceLine, i64)> = BTreeMap::new();
            let mut billed_cost = Money::zero(self.currency);
            for b in mine {
                if b.invoice.month == m {
                    billed_cost = billed_cost.checked_add(&b.statement.cost)?;
                }
                for c in b.statement.cost_adjustments.iter().filter(|c| c.month == m) {
                    billed_cost = billed_cost.checked_add(&c.amount)?;
                }
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
            let amount = cost_now.checked_sub(&billed_cost)?;
            if !amount.is_zero() {
                costs.push(CostAdjustment { month: m, amount });
            }
        }
        Ok((out, costs))
    }

    /// The bill of one customer for the run's month, numbered `number` (the partner's
    /// prefix + it); `None` when it has no line, no cost and no cost adjustment.
    pub(super) fn bill(
        &self,
        (customer_id, customer): (&CustomerId, &Customer),
        mirrors: &[Mirror],
        run: &MonthRun<'_>,
        number: u64,
    ) -> Result<Option<Bill>> {
        let (mut lines, cost, balance) = self.base_lines(customer_id, mirrors, run.month)?;
        let (adjustments, cost_adjustments) = self.corrections(customer_id, mirrors, run)?;
        let cost_adjustment =
            Money::sum(self.currency, cost_adjustments.iter().map(|c| &c.amount))?;
        lines.extend(adjustments);
        if lines.is_empty() && cost.is_zero() && cost_adjustment.is_zero() {
            return Ok(None);
        }
        let subtotal = Money::sum(self.currency, lines.iter().map(|l| &l.amount))?;
        let tax_rate = self.index.tax_rate_of(customer_id);
        let tax = match tax_rate {
            Some(rate) => subtotal
                .checked_mul(rate)?
                .round_to_minor(RoundingMode::HalfUp),
            None => Money::zero(self.currency),
        };
        let total = subtotal.checked_add(&tax)?;
        let margin = subtotal.checked_sub(&cost)?.checked_sub(&cost_adjustment)?;
        Ok(Some(Bill {
            invoice: Invoice {
                number: format!("{}{number}", self.settings.invoice_prefix),
                customer: customer_id.clone(),
                customer_name: customer.name.clone(),
                month: run.month,
                issue_date: run.issue_date,
                due_date: run.due_date,
                window: run.window,
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
        }))
    }
}
