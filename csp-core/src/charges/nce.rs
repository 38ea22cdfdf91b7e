//! NCE charge lines: an NCE replay's facts priced under a line convention (SPEC-NCE §14).

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{ChargeKind, ChargeLine, Share};
use crate::catalog::{CustomerId, OfferId, SubscriptionId};
use crate::error::{Error, Result};
use crate::money::nce::{price_nce_line_fx, CycleShare, LineConvention, NceLineAmount};
use crate::money::{
    Currency, FxRates, LineFx, Money, ProrationPolicy, Ratio, Rounding, RoundingMode,
};
use crate::subscription::nce::{NceChargeType, NceContext, NceEvent, NceFact, NceSubscriptions};
use crate::vocab::{BillingPlan, TermDuration};

/// One line Microsoft bills the partner for an NCE subscription: the invoice recon file's
/// fields the engine knows (SPEC-NCE §14.1), in snake_case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NceLine {
    /// The subscription.
    pub subscription: SubscriptionId,
    /// Its customer.
    pub customer: CustomerId,
    /// `ProductId:SkuId`.
    pub offer: OfferId,
    /// Microsoft's charge type.
    pub charge_type: NceChargeType,
    /// The event's id (`cycle:<date>`, `renew:<date>` for automatic steps).
    pub reference_id: String,
    /// The order date (SPEC-NCE §14.5.4): the invoice month is its month.
    pub order_date: NaiveDate,
    /// First day charged or refunded.
    pub charge_start: NaiveDate,
    /// Last day charged or refunded (the cycle's last day).
    pub charge_end: NaiveDate,
    /// The current term's first day.
    pub subscription_start: NaiveDate,
    /// The current term's last day.
    pub subscription_end: NaiveDate,
    /// Term duration.
    pub term_duration: TermDuration,
    /// Billing plan.
    pub plan: BillingPlan,
    /// The billing frequency: the plan, or `None` for a plan paid up front (one cycle per
    /// term), as the recon file leaves it empty.
    pub billing_frequency: Option<BillingPlan>,
    /// `P`, the cycle price before promotion, half-up to the pricing currency's minor units
    /// (in the pricing currency).
    pub unit_price: Decimal,
    /// The effective unit price as Microsoft shows it, negative for a refund (in the pricing
    /// currency).
    pub effective_unit_price: Decimal,
    /// Seats (≥ 0: the sign is in the unit price and subtotal).
    pub billable_quantity: u32,
    /// The line's subtotal, negative for a refund, in the billing currency (SPEC-NCE §16.4).
    pub subtotal: Money,
    /// The pricing currency: the price sheet row's, of `unit_price` and
    /// `effective_unit_price` (SPEC-NCE §16.1).
    pub pricing_currency: Currency,
    /// `x`, the rate from the pricing to the billing currency (the subtotal's), exact as
    /// given; 1 when they are the same (SPEC-NCE §16.2).
    pub fx_rate: Decimal,
    /// The 1st of the month of `order_date`, whose rate the line uses (SPEC-NCE §16.3).
    pub fx_rate_date: NaiveDate,
    /// Days charged.
    pub days: u32,
    /// Days of the cycle (`D(C)`, its reference cycle's when partial).
    pub cycle_days: u32,
    /// For a `changeBillingPlan` line, the months charged and the cycle's months (`k /
    /// cycle_months`, SPEC-NCE §13.11.2), which price it instead of the days.
    pub month_fraction: Option<(u32, u32)>,
    /// The id of the promotion the line's price carries (SPEC-NCE §12.5.2), if any.
    pub promotion_id: Option<String>,
    /// The recon file's product qualifiers: `Trial` for a trial's lines, else empty.
    pub product_qualifiers: String,
}

/// Prices one fact under `convention` (SPEC-NCE §14.3–§14.4), billed in its pricing
/// `currency` (rate 1).
///
/// # Errors
/// `amount_overflow`; `invalid_proration` for an impossible share.
pub fn price_fact(
    fact: &NceFact,
    convention: LineConvention,
    currency: Currency,
) -> Result<NceLine> {
    price_fact_fx(fact, convention, LineFx::same(currency, fact.order_date))
}

/// Prices one fact under `convention` (SPEC-NCE §14.3–§14.4) in the billing currency at the
/// rate of the month of its order date (SPEC-NCE §16.3): `pricing` is the sheet's currency,
/// `billing` the partner's, and `rates` gives `x` when they differ.
///
/// # Errors
/// `fx_rate_missing` when `rates` has no rate for the month of the fact's order date;
/// `amount_overflow`; `invalid_proration` for an impossible share.
pub fn price_fact_in(
    fact: &NceFact,
    convention: LineConvention,
    pricing: Currency,
    billing: Currency,
    rates: &FxRates,
) -> Result<NceLine> {
    let fx = rates.for_order_date(pricing, billing, fact.order_date)?;
    price_fact_fx(fact, convention, fx)
}

/// The amount of `fact` at `fx` (SPEC-NCE §14.4, §16.4).
fn fact_amount(fact: &NceFact, convention: LineConvention, fx: LineFx) -> Result<NceLineAmount> {
    let share = fact.fraction.unwrap_or(CycleShare {
        num: fact.service.days(),
        den: fact.cycle.days_in_cycle(),
    });
    price_nce_line_fx(
        convention,
        &fact.price,
        fx.pricing,
        (fx.billing, fx.rate),
        share,
        u64::from(fact.quantity),
        fact.refund,
    )
}

/// [`price_fact`] at a line's rate.
fn price_fact_fx(fact: &NceFact, convention: LineConvention, fx: LineFx) -> Result<NceLine> {
    let currency = fx.pricing;
    let (days, cycle_days) = (fact.service.days(), fact.cycle.days_in_cycle());
    let amount = fact_amount(fact, convention, fx)?;
    let upfront = fact.price.cycles() == 1 && fact.term_duration.months() > 1;
    Ok(NceLine {
        subscription: fact.subscription.clone(),
        customer: fact.customer.clone(),
        offer: fact.offer.clone(),
        charge_type: fact.charge_type,
        reference_id: fact.reference_id.clone(),
        order_date: fact.order_date,
        charge_start: fact.service.first(),
        charge_end: fact.service.last(),
        subscription_start: fact.term.first(),
        subscription_end: fact.term.last(),
        term_duration: fact.term_duration,
        plan: fact.plan,
        billing_frequency: (!upfront).then_some(fact.plan),
        unit_price: fact.price.cycle_price_shown(currency.minor_units()),
        effective_unit_price: amount.effective_unit_price,
        billable_quantity: fact.quantity,
        subtotal: amount.subtotal,
        pricing_currency: fx.pricing,
        fx_rate: fx.rate,
        fx_rate_date: fx.date,
        days,
        cycle_days,
        month_fraction: fact.fraction.map(|f| (f.num, f.den)),
        promotion_id: fact.promotion_id.clone(),
        product_qualifiers: if fact.trial { "Trial" } else { "" }.to_string(),
    })
}

/// The line of `fact` (priced as `line`) in the form the partner's bill reads (SPEC §8), so
/// that the same billing engine mirrors NCE lines: the price on it is the term's (`U`, after
/// promotion) with `cycle_months` = the term's months, and its share is `days / (n × D(C))`
/// (a `changeBillingPlan` line's `k / months(term)`): a resale price for the term, prorated
/// by that share, is the resale cycle price × `days / D(C)` exactly, as the NCE line is.
///
/// Every amount is in the billing currency (the line's subtotal's, SPEC-NCE §16.4): when it
/// differs from the pricing currency, the term price and the ERP are converted at the line's
/// rate exactly (`× fx_rate`), and the unit is the line's in the billing currency (`unit_BC`
/// under `nce_B`).
///
/// # Errors
/// `amount_overflow`.
pub fn charge_line(
    fact: &NceFact,
    line: &NceLine,
    convention: LineConvention,
) -> Result<ChargeLine> {
    let currency = line.subtotal.currency();
    let overflow = || Error::AmountOverflow {
        operation: "NCE term price",
    };
    let converted = currency != line.pricing_currency;
    // x applied exactly; nothing changes at rate 1 into the pricing currency.
    let to_billing = |amount: Decimal| -> Result<Decimal> {
        if !converted {
            return Ok(amount);
        }
        Ratio::from_decimal(amount)?
            .mul_ratio(Ratio::from_decimal(line.fx_rate)?)?
            .to_decimal_exact()
            .ok_or_else(overflow)
    };
    let term_months = fact.term_duration.months();
    let keep = match fact.price.percent_off() {
        Some(p) => (Decimal::ONE_HUNDRED - p) / Decimal::ONE_HUNDRED,
        None => Decimal::ONE,
    };
    let term_price = fact
        .price
        .unit_price()
        .checked_mul(keep)
        .ok_or_else(overflow)?;
    let term_price = to_billing(term_price).map_err(|_| overflow())?;
    let erp_price = match fact.erp_price {
        Some(e) => Some(to_billing(e).map_err(|_| overflow())?),
        None => None,
    };
    let unit_amount = if converted {
        let fx = LineFx {
            pricing: line.pricing_currency,
            billing: currency,
            rate: line.fx_rate,
            date: line.fx_rate_date,
        };
        fact_amount(fact, convention, fx)?.unit_billing
    } else {
        line.effective_unit_price
    };
    let share = match fact.fraction {
        Some(f) => Share {
            days: f.num,
            of: term_months,
        },
        None => Share {
            days: fact.service.days(),
            of: fact
                .price
                .cycles()
                .saturating_mul(fact.cycle.days_in_cycle()),
        },
    };
    let kind = match fact.charge_type {
        NceChargeType::New => ChargeKind::Purchase,
        NceChargeType::Renew => ChargeKind::Renewal,
        NceChargeType::CycleCharge => ChargeKind::CycleFee,
        NceChargeType::AddQuantity => ChargeKind::SeatsAdded,
        NceChargeType::RemoveQuantity => ChargeKind::SeatsRemoved,
        NceChargeType::CancelImmediate => ChargeKind::Cancellation,
        NceChargeType::Convert | NceChargeType::MoveQuantity => ChargeKind::Conversion,
        NceChargeType::ChangeBillingPlan => ChargeKind::PlanChange,
    };
    let q = i64::from(fact.quantity);
    let down = |scale| Rounding::clamped(scale, RoundingMode::Down);
    Ok(ChargeLine {
        subscription: fact.subscription.clone(),
        customer: fact.customer.clone(),
        offer: fact.offer.clone(),
        kind,
        date: fact.order_date,
        service_period: fact.service,
        quantity: if fact.refund { -q } else { q },
        unit_amount,
        amount: line.subtotal,
        charge_period: fact.cycle.period,
        share,
        period_price: Money::new(term_price, currency),
        cycle_months: term_months,
        full_credit: false,
        daily_rate: None,
        price_list: fact.row_start.date(),
        erp_period_price: erp_price.map(|e| Money::new(e, currency)),
        rounding: ProrationPolicy {
            daily_rate: None,
            unit: match convention {
                LineConvention::NceA => None,
                LineConvention::NceB => Some(down(currency.minor_units())),
            },
            line: RoundingMode::Down,
        },
    })
}

/// What an NCE replay gives: every line, and the subscriptions' final states.
#[derive(Debug, Clone)]
pub struct NceReplay {
    /// The lines, in the order they happened.
    pub lines: Vec<NceLine>,
    /// What each line was priced from (same order as `lines`).
    pub facts: Vec<NceFact>,
    /// The subscriptions as of the replay's instant.
    pub subscriptions: NceSubscriptions,
}

/// Why an NCE replay stopped: the refused event (its position in the input) and the error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NceRefusal {
    /// 0-based index of the refused event in the list given (`None`: the inputs).
    pub index: Option<usize>,
    /// The refused event.
    pub event: Option<Box<NceEvent>>,
    /// The error.
    pub error: Error,
}

impl From<Error> for NceRefusal {
    /// A refusal of the inputs themselves (settings, sheets, customers), not of an event.
    fn from(error: Error) -> NceRefusal {
        NceRefusal {
            index: None,
            event: None,
            error,
        }
    }
}

impl fmt::Display for NceRefusal {
    /// `event 3 (2022-03-01T10:00:00Z s1 add_seats (e3)): <message>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.index, &self.event) {
            (Some(i), Some(e)) => write!(f, "event {i} ({e}): {}", self.error),
            _ => write!(f, "{}", self.error),
        }
    }
}

impl std::error::Error for NceRefusal {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// As [`replay_nce`], over the events with `at` at or before `until` only (a bill's window,
/// a quote's instant); a refusal names the event's index in `events`.
///
/// # Errors
/// As [`replay_nce`].
pub fn replay_nce_until(
    ctx: &NceContext<'_>,
    events: &[NceEvent],
    until: chrono::DateTime<chrono::Utc>,
    convention: LineConvention,
) -> std::result::Result<NceReplay, NceRefusal> {
    let kept: Vec<usize> = (0..events.len())
        .filter(|&i| events[i].at <= until)
        .collect();
    let within: Vec<NceEvent> = kept.iter().map(|&i| events[i].clone()).collect();
    replay_nce(ctx, &within, convention).map_err(|mut r| {
        r.index = r.index.and_then(|i| kept.get(i).copied());
        r
    })
}

/// Replays `events` (stably sorted by instant: events of one instant keep their order) through
/// `ctx.as_of`, and prices every line under `convention` (SPEC-NCE §13–§14).
///
/// # Errors
/// The first refused event, with its index; `invalid_input` (no index) when the program is
/// not an NCE program.
pub fn replay_nce(
    ctx: &NceContext<'_>,
    events: &[NceEvent],
    convention: LineConvention,
) -> std::result::Result<NceReplay, NceRefusal> {
    let inputs = |error| NceRefusal {
        index: None,
        event: None,
        error,
    };
    if !ctx.program.is_nce() {
        return Err(inputs(Error::InvalidInput {
            what: "program",
            text: ctx.program.name.clone(),
            expected: "an NCE program (nce or nce_launch_2022)",
        }));
    }
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by_key(|&i| events[i].at);
    let mut subs = NceSubscriptions::new();
    let mut facts = Vec::new();
    for i in order {
        let event = &events[i];
        let refused = |error| NceRefusal {
            index: Some(i),
            event: Some(Box::new(event.clone())),
            error,
        };
        if event.at > ctx.as_of {
            return Err(refused(Error::DateAfterAsOf {
                date: event.at.date_naive(),
                as_of: ctx.as_of.date_naive(),
            }));
        }
        subs.advance_to(ctx, event.at.date_naive(), &mut facts);
        let made = subs.apply(ctx, event).map_err(refused)?;
        facts.extend(made);
    }
    subs.advance_to(ctx, ctx.as_of.date_naive(), &mut facts);
    let lines = facts
        .iter()
        .map(|f| {
            price_fact_in(
                f,
                convention,
                ctx.currency,
                ctx.billing_currency,
                ctx.fx_rates,
            )
        })
        .collect::<Result<Vec<_>>>()
        .map_err(inputs)?;
    Ok(NceReplay {
        lines,
        facts,
        subscriptions: subs,
    })
}

impl NceLine {
    /// The names of [`NceLine::texts`]' values: the recon file's fields in snake_case
    /// (SPEC-NCE §14.1), the columns of the CSV form. `currency` is the billing currency (the
    /// subtotal's); `unit_price` and `effective_unit_price` are in `pricing_currency`.
    pub const FIELDS: [&'static str; 27] = [
        "order_date",
        "subscription",
        "customer",
        "offer",
        "charge_type",
        "reference_id",
        "charge_start",
        "charge_end",
        "subscription_start",
        "subscription_end",
        "term_duration",
        "billing_plan",
        "billing_frequency",
        "unit_price",
        "effective_unit_price",
        "billable_quantity",
        "subtotal",
        "currency",
        "pricing_currency",
        "fx_rate",
        "fx_rate_date",
        "days",
        "cycle_days",
        "month_fraction",
        "promotion_id",
        "product_qualifiers",
        "convention",
    ];

    /// Every field as text, in the order of [`NceLine::FIELDS`] (an empty text for an absent
    /// billing frequency, month fraction or promotion), `convention` being the one that
    /// priced the line.
    pub fn texts(&self, convention: LineConvention) -> [String; 27] {
        [
            self.order_date.to_string(),
            self.subscription.to_string(),
            self.customer.to_string(),
            self.offer.to_string(),
            self.charge_type.to_string(),
            self.reference_id.clone(),
            self.charge_start.to_string(),
            self.charge_end.to_string(),
            self.subscription_start.to_string(),
            self.subscription_end.to_string(),
            self.term_duration.to_string(),
            self.plan.to_string(),
            self.billing_frequency
                .map(|p| p.to_string())
                .unwrap_or_default(),
            self.unit_price.to_string(),
            self.effective_unit_price.to_string(),
            self.billable_quantity.to_string(),
            self.subtotal.amount().to_string(),
            self.subtotal.currency().to_string(),
            self.pricing_currency.to_string(),
            self.fx_rate.to_string(),
            self.fx_rate_date.to_string(),
            self.days.to_string(),
            self.cycle_days.to_string(),
            self.month_fraction
                .map(|(k, of)| format!("{k}/{of}"))
                .unwrap_or_default(),
            self.promotion_id.clone().unwrap_or_default(),
            self.product_qualifiers.clone(),
            convention.as_str().to_string(),
        ]
    }
}
