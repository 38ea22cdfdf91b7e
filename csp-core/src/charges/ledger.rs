//! Replaying events into charge lines (SPEC §6, §10.1–§10.5).

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;

use super::line::{full_credit_unit, price_share, ChargeKind, ChargeLine, LineForm, Share};
use crate::access::Actor;
use crate::batch::FxMap;
use crate::calendar::{add_days, Period};
use crate::catalog::{Catalog, Customer, CustomerId, SubscriptionId};
use crate::error::{Error, Result};
use crate::money::{Money, ProrationPolicy};
use crate::price_list::PriceBook;
use crate::program::Program;
use crate::subscription::{
    Context, Event, Fact, PeriodChargeKind, SubscriptionState, Subscriptions,
};

/// How lines are computed and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ReplayOptions {
    /// The rounding steps (default: exact rate and unit, line half-up; SPEC §6.4).
    #[cfg_attr(feature = "serde", serde(default))]
    pub policy: ProrationPolicy,
    /// Net lines (default) or Microsoft's reconciliation form.
    #[cfg_attr(feature = "serde", serde(default))]
    pub form: LineForm,
}

/// Everything a replay reads besides the events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    /// Offers, with add-on prerequisites.
    pub catalog: Catalog,
    /// Customers by id.
    pub customers: BTreeMap<CustomerId, Customer>,
    /// Price lists.
    pub book: PriceBook,
    /// The program's rules.
    pub program: Program,
    /// Who acts when an event names no actor.
    pub default_actor: Actor,
}

impl Inputs {
    /// The replay context for an as-of date.
    pub fn context(&self, as_of: NaiveDate) -> Context<'_> {
        Context {
            catalog: &self.catalog,
            customers: &self.customers,
            book: &self.book,
            program: &self.program,
            as_of,
            default_actor: &self.default_actor,
        }
    }
}

/// Why a replay stopped: the refused event (its position in the input and the event) and
/// the error; without an event when the inputs themselves were refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// 0-based index of the refused event in the list given.
    pub index: Option<usize>,
    /// The refused event (boxed: refusals stay small to return).
    pub event: Option<Box<Event>>,
    /// The error.
    pub error: Error,
}

impl fmt::Display for Refusal {
    /// `event 3 (2016-02-01 s1 add_seats): <message>`, or the message alone.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.index, &self.event) {
            (Some(i), Some(e)) => write!(f, "event {i} ({e}): {}", self.error),
            _ => write!(f, "{}", self.error),
        }
    }
}

impl std::error::Error for Refusal {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

impl From<Error> for Refusal {
    fn from(error: Error) -> Refusal {
        Refusal {
            index: None,
            event: None,
            error,
        }
    }
}

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Error {
        r.error
    }
}

/// The outcome of a replay: every line, and every subscription's state on the as-of date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replay {
    /// Charge lines in the order they arose (by date; within a day, automatic steps first).
    pub lines: Vec<ChargeLine>,
    /// The subscriptions' states on the as-of date.
    pub subscriptions: Subscriptions,
}

/// An incremental replay: apply events one by one, read states and lines at any point.
#[derive(Debug, Clone)]
pub struct Ledger<'a> {
    ctx: Context<'a>,
    options: ReplayOptions,
    subs: Subscriptions,
    lines: Vec<ChargeLine>,
    /// Per subscription, the charge period its running net belongs to, and that net
    /// (for the full credit of SPEC §10.1).
    nets: FxMap<SubscriptionId, (Period, Money)>,
}

impl<'a> Ledger<'a> {
    /// An empty ledger.
    pub fn new(ctx: Context<'a>, options: ReplayOptions) -> Ledger<'a> {
        Ledger {
            ctx,
            options,
            subs: Subscriptions::new(),
            lines: Vec::new(),
            nets: FxMap::default(),
        }
    }

    /// Takes the automatic steps of every day through `date` (cycle fees, renewals,
    /// deletions).
    ///
    /// # Errors
    /// `date_after_as_of` past the as-of date; `amount_overflow` for an absurd amount.
    pub fn advance_to(&mut self, date: NaiveDate) -> Result<()> {
        if date > self.ctx.as_of {
            return Err(Error::DateAfterAsOf {
                date,
                as_of: self.ctx.as_of,
            });
        }
        let facts = self.subs.advance_to(&self.ctx, date);
        let lines = self.lines_for(&facts, |_| None)?;
        self.commit_lines(lines);
        Ok(())
    }

    /// Applies one event after the automatic steps of the days up to its date (those are
    /// taken even when the event is refused: they happen whatever the event).
    ///
    /// # Errors
    /// The event's refusal (see [`Subscriptions::apply`]); the ledger's subscriptions and
    /// lines are then as they were after the automatic steps.
    pub fn apply(&mut self, event: &Event) -> Result<()> {
        self.advance_to(event.date)?;
        let plan = self.subs.prepare(&self.ctx, event)?;
        let lines = self.lines_for(plan.facts(), |id| plan.state(id))?;
        self.subs.commit(self.ctx.program, plan);
        self.commit_lines(lines);
        Ok(())
    }

    /// The state of a subscription now.
    pub fn state(&self, id: &SubscriptionId) -> Option<&SubscriptionState> {
        self.subs.get(id)
    }

    /// Every subscription now.
    pub fn subscriptions(&self) -> &Subscriptions {
        &self.subs
    }

    /// The lines so far (those not taken by [`Ledger::take_lines`]).
    pub fn lines(&self) -> &[ChargeLine] {
        &self.lines
    }

    /// Takes the lines so far out of the ledger (a caller that writes lines as they arise
    /// keeps the ledger's memory to its subscriptions).
    pub fn take_lines(&mut self) -> Vec<ChargeLine> {
        std::mem::take(&mut self.lines)
    }

    /// The as-of date the ledger replays through.
    pub fn as_of(&self) -> NaiveDate {
        self.ctx.as_of
    }

    /// The subscriptions, giving up the ledger.
    pub fn into_subscriptions(self) -> Subscriptions {
        self.subs
    }

    /// Takes the automatic steps through the as-of date and returns the outcome.
    ///
    /// # Errors
    /// As [`Ledger::advance_to`].
    pub fn finish(mut self) -> Result<Replay> {
        self.advance_to(self.ctx.as_of)?;
        Ok(Replay {
            lines: self.lines,
            subscriptions: self.subs,
        })
    }

    fn commit_lines(&mut self, lines: Vec<ChargeLine>) {
        for line in lines {
            let period = line.charge_period;
            let entry = self
                .nets
                .entry(line.subscription.clone())
                .or_insert((period, Money::zero(line.amount.currency())));
            if entry.0 != period {
                *entry = (period, Money::zero(line.amount.currency()));
            }
            // Same currency by construction; on an impossible overflow keep the old net.
            if let Ok(sum) = entry.1.checked_add(&line.amount) {
                entry.1 = sum;
            }
            self.lines.push(line);
        }
    }

    fn net_in(
        &self,
        id: &SubscriptionId,
        period: Period,
        currency: crate::money::Currency,
    ) -> Money {
        match self.nets.get(id) {
            Some((p, net)) if *p == period => *net,
            _ => Money::zero(currency),
        }
    }

    /// The lines of `facts`; `planned` gives states an event is about to create or change.
    fn lines_for<'p>(
        &'p self,
        facts: &[Fact],
        planned: impl Fn(&SubscriptionId) -> Option<&'p SubscriptionState>,
    ) -> Result<Vec<ChargeLine>> {
        let mut out = Vec::new();
        for fact in facts {
            let id = fact.subscription();
            let Some(s) = planned(id).or_else(|| self.subs.get(id)) else {
                continue;
            };
            self.fact_lines(s, fact, &mut out)?;
        }
        Ok(out)
    }

    fn fact_lines(
        &self,
        s: &SubscriptionState,
        fact: &Fact,
        out: &mut Vec<ChargeLine>,
    ) -> Result<()> {
        let policy = self.options.policy;
        let line = |kind,
                    date,
                    from: NaiveDate,
                    to: NaiveDate,
                    period: Period,
                    q: i64,
                    price: &Money,
                    list| {
            share_line(
                policy,
                s,
                kind,
                date,
                Period::new(from, to)?,
                period,
                q,
                price,
                list,
            )
        };
        match fact {
            Fact::PeriodCharge {
                kind,
                period,
                from,
                quantity,
                period_price,
                price_list,
                ..
            } => {
                let kind = match kind {
                    PeriodChargeKind::Purchase => ChargeKind::Purchase,
                    PeriodChargeKind::Renewal => ChargeKind::Renewal,
                    PeriodChargeKind::CycleFee => ChargeKind::CycleFee,
                };
                out.push(line(
                    kind,
                    *from,
                    *from,
                    period.last(),
                    *period,
                    (*quantity).into(),
                    period_price,
                    *price_list,
                )?);
            }
            Fact::SeatChange {
                date,
                period,
                billed_from,
                old_quantity,
                new_quantity,
                billed_on,
                period_price,
                price_list,
                ..
            } => {
                let kind = if new_quantity > old_quantity {
                    ChargeKind::SeatsAdded
                } else {
                    ChargeKind::SeatsRemoved
                };
                let (old, new) = (i64::from(*old_quantity), i64::from(*new_quantity));
                match self.options.form {
                    LineForm::Net => {
                        out.push(line(
                            kind,
                            *date,
                            *date,
                            period.last(),
                            *period,
                            new - old,
                            period_price,
                            *price_list,
                        )?);
                    }
                    LineForm::Reconciliation => {
                        let on = billed_on.unwrap_or(*date);
                        let b = *billed_from;
                        out.push(line(
                            kind,
                            on,
                            b,
                            period.last(),
                            *period,
                            -old,
                            period_price,
                            *price_list,
                        )?);
                        if *date > b {
                            out.push(line(
                                kind,
                                on,
                                b,
                                add_days(*date, -1)?,
                                *period,
                                old,
                                period_price,
                                *price_list,
                            )?);
                        }
                        match billed_on {
                            Some(p) if *p > *date => {
                                out.push(line(
                                    kind,
                                    on,
                                    *date,
                                    add_days(*p, -1)?,
                                    *period,
                                    new,
                                    period_price,
                                    *price_list,
                                )?);
                                out.push(line(
                                    kind,
                                    on,
                                    *p,
                                    period.last(),
                                    *period,
                                    new,
                                    period_price,
                                    *price_list,
                                )?);
                            }
                            _ => out.push(line(
                                kind,
                                on,
                                *date,
                                period.last(),
                                *period,
                                new,
                                period_price,
                                *price_list,
                            )?),
                        }
                    }
                }
            }
            Fact::Suspension {
                date,
                period,
                billed_from,
                quantity,
                full_credit,
                period_price,
                price_list,
                ..
            } => {
                if *full_credit {
                    // The net of every line already in the period, credited as one line.
                    let currency = period_price.currency();
                    let pending: Vec<&ChargeLine> = out
                        .iter()
                        .filter(|l| l.subscription == s.id && l.charge_period == *period)
                        .collect();
                    let mut net = self.net_in(&s.id, *period, currency);
                    for l in pending {
                        net = net.checked_add(&l.amount)?;
                    }
                    let amount = net.neg();
                    let unit = full_credit_unit(&amount, *quantity, self.options.policy.line);
                    let service = Period::new(*billed_from, period.last())?;
                    out.push(ChargeLine {
                        subscription: s.id.clone(),
                        customer: s.customer.clone(),
                        offer: s.offer.clone(),
                        kind: ChargeKind::SuspensionCredit,
                        date: *date,
                        service_period: service,
                        quantity: -i64::from(*quantity),
                        unit_amount: unit,
                        amount,
                        charge_period: *period,
                        share: Share::of_period(service, *period),
                        period_price: *period_price,
                        cycle_months: s.frequency.months(),
                        full_credit: true,
                        daily_rate: None,
                        price_list: *price_list,
                        erp_period_price: None,
                        rounding: self.options.policy,
                    });
                } else {
                    out.push(line(
                        ChargeKind::SuspensionCredit,
                        *date,
                        *date,
                        period.last(),
                        *period,
                        -i64::from(*quantity),
                        period_price,
                        *price_list,
                    )?);
                }
            }
            Fact::Reactivation {
                date,
                period,
                quantity,
                period_price,
                price_list,
                ..
            } => {
                out.push(line(
                    ChargeKind::Reactivation,
                    *date,
                    *date,
                    period.last(),
                    *period,
                    (*quantity).into(),
                    period_price,
                    *price_list,
                )?);
            }
        }
        Ok(())
    }
}

/// One prorated line: `q` seats (negative for a credit) over `service` of `period`.
#[allow(clippy::too_many_arguments)]
fn share_line(
    policy: ProrationPolicy,
    s: &SubscriptionState,
    kind: ChargeKind,
    date: NaiveDate,
    service: Period,
    period: Period,
    q: i64,
    period_price: &Money,
    price_list: NaiveDate,
) -> Result<ChargeLine> {
    let share = Share::of_period(service, period);
    let p = price_share(period_price, q, share, policy)?;
    Ok(ChargeLine {
        subscription: s.id.clone(),
        customer: s.customer.clone(),
        offer: s.offer.clone(),
        kind,
        date,
        service_period: service,
        quantity: q,
        unit_amount: p.unit,
        amount: p.amount,
        charge_period: period,
        share,
        period_price: *period_price,
        cycle_months: s.frequency.months(),
        full_credit: false,
        daily_rate: p.daily_rate,
        price_list,
        erp_period_price: None,
        rounding: policy,
    })
}

/// Replays `events` (stably sorted by date: same-day events keep their order) through
/// `as_of`, and returns every line and the final states.
///
/// # Errors
/// The first refused event, with its index in `events`.
pub fn replay(
    inputs: &Inputs,
    events: &[Event],
    as_of: NaiveDate,
    options: ReplayOptions,
) -> std::result::Result<Replay, Refusal> {
    let all: Vec<usize> = (0..events.len()).collect();
    replay_indices(inputs, events, &all, as_of, options)
}

/// Replays the events at `indices` (stably sorted by date) through `as_of`; a refusal names
/// the event's index in `events`.
pub(crate) fn replay_indices(
    inputs: &Inputs,
    events: &[Event],
    indices: &[usize],
    as_of: NaiveDate,
    options: ReplayOptions,
) -> std::result::Result<Replay, Refusal> {
    super::stream::LineStream::over(inputs, events, indices, as_of, options).collect_replay()
}
