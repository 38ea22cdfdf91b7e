//! What-if quotes for NCE decisions: what an event would charge or refund now, and until
//! when it stays possible (SPEC-NCE §13.6–§13.7; issue 16's "decisions partners fear").

use chrono::{DateTime, Utc};

use super::nce::{price_fact_in, NceLine};
use crate::error::Result;
use crate::money::nce::LineConvention;
use crate::money::Money;
use crate::subscription::nce::{NceContext, NceEvent, NceEventKind, NceSubscriptions};

/// What an event would do if it happened: its lines, their net (negative: a refund), and the
/// last instant the same event stays possible when a window limits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NceQuote {
    /// The lines the event would produce, priced under the quote's convention.
    pub lines: Vec<NceLine>,
    /// Their sum: negative for a refund.
    pub net: Money,
    /// For a cancellation, the cancellation window's end; for a seat reduction, the last
    /// instant that many seats stay refundable; `None` for events no window limits.
    pub allowed_until: Option<DateTime<Utc>>,
}

/// Quotes `event` against the subscriptions as a replay left them, changing nothing: the
/// automatic steps up to the event's day are taken on a copy, then the event is applied to
/// it (SPEC-NCE §13). The amounts are Microsoft's lines under `convention`, at `event.at`: a
/// refund shrinks day by day until its window closes.
///
/// ```
/// # use csp_core::scenario::nce::NceScenario;
/// # let book = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/scenarios/nce-example.json")).unwrap();
/// # let sheet = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/scenarios/nce-sheet.csv")).unwrap();
/// # let scenario = NceScenario::from_json_with(&book, |_| Ok::<_, String>(sheet.clone())).unwrap();
/// # let program = scenario.program()?; let sheet = scenario.sheet()?; let customers = scenario.customers()?;
/// use csp_core::charges::{nce_what_if, replay_nce};
/// use csp_core::money::nce::LineConvention;
/// use csp_core::subscription::nce::{NceContext, NceEvent, NceEventKind};
/// let at = |t: &str| csp_core::input::instant(t);
/// // s1 of the example book as of 2022-07-02 (15 seats; 5 of them added on 07-01 09:00).
/// let ctx = NceContext { program: &program, sheet: &sheet, customers: &customers,
///     currency: scenario.currency, billing_currency: scenario.billing_currency,
///     fx_rates: &scenario.exchange_rates, market: &scenario.market,
///     as_of: at("2022-07-02T00:00:00Z")?, catalog: &scenario.catalog };
/// let replay = replay_nce(&ctx, &scenario.events[..2], LineConvention::NceB).unwrap();
/// let remove = NceEvent { id: "q".into(), at: at("2022-07-02T00:00:00Z")?,
///     subscription: "s1".into(), kind: NceEventKind::ReduceSeats { quantity: 5 } };
/// let quote = nce_what_if(&replay.subscriptions, &ctx, &remove, LineConvention::NceB)?;
/// // 07-02..07-17 is 16 of 30 days: 36 × 16/30 = 19.20 a seat; −15 × 19.20 + 10 × 19.20.
/// assert_eq!(quote.net.to_string(), "-96.00 USD");
/// assert_eq!(csp_core::subscription::nce::instant_text(quote.allowed_until.unwrap()), "2022-07-08T09:00:00Z");
/// # Ok::<(), csp_core::Error>(())
/// ```
///
/// # Errors
/// The event's refusal, as [`NceSubscriptions::apply`] gives it (a closed window, an
/// unknown subscription…); `date_after_as_of` is not checked: a quote may look ahead.
pub fn nce_what_if(
    subs: &NceSubscriptions,
    ctx: &NceContext<'_>,
    event: &NceEvent,
    convention: LineConvention,
) -> Result<NceQuote> {
    let mut copy = subs.clone();
    let ahead = NceContext {
        as_of: event.at.max(ctx.as_of),
        ..*ctx
    };
    let mut ignored = Vec::new();
    copy.advance_to(&ahead, event.at.date_naive(), &mut ignored);
    let allowed_until = match &event.kind {
        NceEventKind::Cancel => copy
            .get(&event.subscription)
            .and_then(|s| s.cancellable_until),
        NceEventKind::ReduceSeats { quantity } => copy
            .get(&event.subscription)
            .and_then(|s| s.reducible_until(*quantity)),
        _ => None,
    };
    let facts = copy.apply(&ahead, event)?;
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
        .collect::<Result<Vec<_>>>()?;
    let mut net = Money::zero(ctx.billing_currency);
    for l in &lines {
        net = net.checked_add(&l.subtotal)?;
    }
    Ok(NceQuote {
        lines,
        net,
        allowed_until,
    })
}
