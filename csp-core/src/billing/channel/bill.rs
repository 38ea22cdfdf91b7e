//! The two-tier channel's bills (SPEC-NCE §17.2): SPEC §8's engine applied at each hop of
//! an NCE book, the lines routed by their reseller of record (see [`crate::channel`]).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::{Channel, ChannelRun, MarginStatement, ResellerRun, Routing, TierMargin};
use crate::billing::bill::BillRun;
use crate::billing::checks;
use crate::billing::engine::{Engine, Mirror};
use crate::billing::nce::{lines_until, sheet_names};
use crate::billing::numbering::FirstNumber;
use crate::billing::run::{bill_customers, RunSpec};
use crate::billing::settings::PartnerSettings;
use crate::calendar::{Period, YearMonth};
use crate::catalog::CustomerId;
use crate::charges::{ChargeLine, NceRefusal, ReplayOptions};
use crate::error::{Error, Result};
use crate::money::nce::LineConvention;
use crate::money::{Currency, Money};
use crate::subscription::nce::{NceContext, NceEvent};

/// Bills every tier of an NCE book's channel for `month` (SPEC-NCE §17.2): the provider's
/// own customers with `settings` (hop 1′, exactly [`bill_nce_month`](crate::billing::bill_nce_month)'s
/// run when no line has a reseller), each reseller with its `provider_terms` (hop 1: one
/// invoice per end customer), and each reseller's customers with its `settings` (hop 2, the
/// hop-1 sale lines as cost lines); then the month's [`MarginStatement`].
///
/// Each tier's bill reads its own window (its billing day) and the events up to its end.
/// `issued` holds the channel runs issued before: each tier's corrections and numbers
/// continue from its own runs in them. `first_number` numbers the provider's own customers'
/// invoices; every other sequence continues after its issued numbers (1 without them).
///
/// # Errors
/// An [`NceRefusal`]: the first refused event; invalid settings of any tier (as
/// [`bill_nce_month`](crate::billing::bill_nce_month)); `duplicate_setting` for two resellers with one
/// id; `reseller_not_linked` / `reseller_mpa_not_signed` for a reseller of record set
/// without an active link or a signed agreement; `unknown_customer` for an assignment's
/// customer; `invalid_input` for two of the provider's sequences with one invoice prefix;
/// `duplicate_invoice_number`; `fx_rate_missing`.
#[allow(clippy::too_many_arguments)]
pub fn bill_nce_channel_month(
    ctx: &NceContext<'_>,
    events: &[NceEvent],
    convention: LineConvention,
    settings: &PartnerSettings,
    channel: &Channel,
    month: YearMonth,
    issued: &[ChannelRun],
    first_number: impl Into<FirstNumber>,
) -> std::result::Result<ChannelRun, NceRefusal> {
    let inputs = NceRefusal::from;
    let currency = ctx.billing_currency;
    let first_number: FirstNumber = first_number.into();
    let routing = check(ctx, settings, channel).map_err(inputs)?;
    let names = sheet_names(ctx);
    let engine = |s| Engine::for_priced_lines(&names, currency, s, ReplayOptions::default());
    let own = engine(settings);
    let tiers: Vec<(Engine<'_>, Engine<'_>)> = channel
        .resellers
        .iter()
        .map(|r| (engine(&r.provider_terms), engine(&r.settings)))
        .collect();
    let biller = Biller {
        routing: &routing,
        own: &own,
        tiers: &tiers,
    };
    let window = |s: &PartnerSettings| s.billing_day.window(month).map_err(inputs);
    let own_window = window(settings)?;
    let mut ends: BTreeSet<NaiveDate> = BTreeSet::from([own_window.last()]);
    for r in &channel.resellers {
        ends.insert(window(&r.provider_terms)?.last());
        ends.insert(window(&r.settings)?.last());
    }
    // Only the customers an assignment names with a reseller can be on its bills (then and
    // in corrections): billing a channel is linear in its customers, whatever its resellers.
    let of_reseller = |i: usize| {
        routing
            .customers_of(i)
            .iter()
            .filter_map(|id| ctx.customers.get_key_value(*id))
    };
    let mut provider = None;
    let mut margins = None;
    let mut from_provider: Vec<Option<BillRun>> = vec![None; channel.resellers.len()];
    let mut to_customers: Vec<Option<BillRun>> = vec![None; channel.resellers.len()];
    // One replay per distinct window end (usually one): each tier reads the lines as of its
    // own window's end.
    for end in ends {
        let lines = lines_until(ctx, events, Period::day(end), convention)?;
        let mut result = || -> Result<()> {
            if own_window.last() == end {
                let issued: Vec<BillRun> = issued.iter().map(|c| c.provider.clone()).collect();
                let s = RunSpec {
                    engine: &own,
                    settings,
                    currency,
                    month,
                    window: own_window,
                    issued: &issued,
                    first_number,
                };
                provider = Some(bill_customers(&s, ctx.customers, |id| {
                    biller.own_mirrors(id, &lines)
                })?);
                margins = Some(biller.margins(own_window, currency, channel, &lines)?);
            }
            let slots = from_provider.iter_mut().zip(to_customers.iter_mut());
            for (i, ((r, (hop1, hop2)), (hop1_run, hop2_run))) in
                channel.resellers.iter().zip(&tiers).zip(slots).enumerate()
            {
                let w1 = r.provider_terms.billing_day.window(month)?;
                if w1.last() == end {
                    let issued: Vec<BillRun> = issued
                        .iter()
                        .filter_map(|c| c.reseller(&r.id))
                        .map(|x| x.from_provider.clone())
                        .collect();
                    let s = RunSpec {
                        engine: hop1,
                        settings: &r.provider_terms,
                        currency,
                        month,
                        window: w1,
                        issued: &issued,
                        first_number: FirstNumber::AfterIssued,
                    };
                    *hop1_run = Some(bill_customers(&s, of_reseller(i), |id| {
                        Ok(biller.reseller_mirrors(i, id, &lines)?.0)
                    })?);
                }
                let w2 = r.settings.billing_day.window(month)?;
                if w2.last() == end {
                    let issued: Vec<BillRun> = issued
                        .iter()
                        .filter_map(|c| c.reseller(&r.id))
                        .map(|x| x.to_customers.clone())
                        .collect();
                    let s = RunSpec {
                        engine: hop2,
                        settings: &r.settings,
                        currency,
                        month,
                        window: w2,
                        issued: &issued,
                        first_number: FirstNumber::AfterIssued,
                    };
                    *hop2_run = Some(bill_customers(&s, of_reseller(i), |id| {
                        Ok(biller.reseller_mirrors(i, id, &lines)?.1)
                    })?);
                }
            }
            Ok(())
        };
        result().map_err(inputs)?;
    }
    let missing = || {
        inputs(Error::InternalError {
            part: "channel",
            detail: "a tier without its run".to_string(),
        })
    };
    let mut resellers = Vec::with_capacity(channel.resellers.len());
    for ((r, hop1), hop2) in channel
        .resellers
        .iter()
        .zip(from_provider)
        .zip(to_customers)
    {
        resellers.push(ResellerRun {
            reseller: r.id.clone(),
            name: r.name.clone(),
            from_provider: hop1.ok_or_else(missing)?,
            to_customers: hop2.ok_or_else(missing)?,
        });
    }
    Ok(ChannelRun {
        month,
        provider: provider.ok_or_else(missing)?,
        resellers,
        margins: margins.ok_or_else(missing)?,
    })
}

/// Checks every tier's settings, the routing, the assignments' customers and the provider's
/// invoice prefixes.
fn check<'c>(
    ctx: &NceContext<'_>,
    settings: &PartnerSettings,
    channel: &'c Channel,
) -> Result<Routing<'c>> {
    let each = |s: &PartnerSettings| -> Result<()> {
        s.validate()?;
        s.check_against(ctx.customers)?;
        checks::check(s, ctx.billing_currency)
    };
    each(settings)?;
    for r in &channel.resellers {
        each(&r.provider_terms)?;
        each(&r.settings)?;
    }
    let routing = channel.routing()?;
    if let Some(a) = channel
        .reseller_of_record
        .iter()
        .find(|a| !ctx.customers.contains_key(&a.customer))
    {
        return Err(Error::UnknownCustomer {
            customer: a.customer.to_string(),
            used_in: "channel.reseller_of_record".to_string(),
        });
    }
    let mut prefixes: Vec<&str> = vec![settings.invoice_prefix.as_str()];
    for r in &channel.resellers {
        let p = r.provider_terms.invoice_prefix.as_str();
        if prefixes.contains(&p) {
            return Err(Error::InvalidInput {
                what: "invoice prefix",
                text: format!("{p:?} of the provider's terms for reseller {}", r.id),
                expected: "a prefix of its own for each of the provider's invoice sequences \
                           (its own customers' and each reseller's), so no number is given twice",
            });
        }
        prefixes.push(p);
    }
    Ok(routing)
}

/// Mirrors one customer's lines at each hop.
struct Biller<'b, 'a> {
    routing: &'b Routing<'b>,
    own: &'b Engine<'a>,
    /// Per reseller: the provider's engine for it (hop 1) and its own (hop 2).
    tiers: &'b [(Engine<'a>, Engine<'a>)],
}

impl Biller<'_, '_> {
    /// `customer`'s lines whose reseller of record is `reseller` (`None`: the provider).
    fn routed(
        &self,
        customer: &CustomerId,
        lines: &BTreeMap<CustomerId, Vec<ChargeLine>>,
        reseller: Option<usize>,
    ) -> Vec<ChargeLine> {
        let all = lines.get(customer).map_or(&[][..], Vec::as_slice);
        if !self.routing.names(customer) {
            return if reseller.is_none() {
                all.to_vec()
            } else {
                Vec::new()
            };
        }
        all.iter()
            .filter(|l| {
                self.routing
                    .reseller_of(&l.customer, &l.subscription, l.date)
                    == reseller
            })
            .cloned()
            .collect()
    }

    /// The provider's own customer's lines, mirrored (hop 1′).
    fn own_mirrors(
        &self,
        customer: &CustomerId,
        lines: &BTreeMap<CustomerId, Vec<ChargeLine>>,
    ) -> Result<Vec<Mirror>> {
        self.own.mirror(&self.routed(customer, lines, None))
    }

    /// Reseller `i`'s lines of `customer`, mirrored by the provider (hop 1) and then by
    /// the reseller (hop 2), with the hop-0 lines they mirror.
    fn reseller_mirrors(
        &self,
        i: usize,
        customer: &CustomerId,
        lines: &BTreeMap<CustomerId, Vec<ChargeLine>>,
    ) -> Result<(Vec<Mirror>, Vec<Mirror>, Vec<ChargeLine>)> {
        let Some((hop1, hop2)) = self.tiers.get(i) else {
            return Ok((Vec::new(), Vec::new(), Vec::new()));
        };
        let cost = self.routed(customer, lines, Some(i));
        let first = hop1.mirror(&cost)?;
        let second = hop2.mirror(&hop1.sale_lines(&cost, &first))?;
        Ok((first, second, cost))
    }

    /// The margin statement of the Microsoft lines dated in `window` (see
    /// [`MarginStatement`]).
    fn margins(
        &self,
        window: Period,
        currency: Currency,
        channel: &Channel,
        lines: &BTreeMap<CustomerId, Vec<ChargeLine>>,
    ) -> Result<MarginStatement> {
        let zero = Money::zero(currency);
        let tier = |name: String| TierMargin {
            tier: name,
            lines: 0,
            cost: zero,
            revenue: zero,
            margin: zero,
        };
        let mut provider = tier("provider".to_string());
        let mut resellers: Vec<TierMargin> = channel
            .resellers
            .iter()
            .map(|r| tier(r.id.to_string()))
            .collect();
        let mut price = zero;
        let mut count = 0u64;
        let add = |t: &mut TierMargin, cost: &Money, sale: &Money| -> Result<()> {
            t.lines += 1;
            t.cost = t.cost.checked_add(cost)?;
            t.revenue = t.revenue.checked_add(sale)?;
            Ok(())
        };
        for customer in lines.keys() {
            let own = self.routed(customer, lines, None);
            let mirrors = self.own.mirror(&own)?;
            for (line, m) in own.iter().zip(&mirrors) {
                if window.contains(line.date) {
                    add(&mut provider, &line.amount, &m.amount())?;
                    price = price.checked_add(&m.amount())?;
                    count += 1;
                }
            }
            for i in self.routing.resellers_of(customer) {
                let Some(t) = resellers.get_mut(i) else {
                    continue;
                };
                let (first, second, cost) = self.reseller_mirrors(i, customer, lines)?;
                for ((line, m1), m2) in cost.iter().zip(&first).zip(&second) {
                    if window.contains(line.date) {
                        add(&mut provider, &line.amount, &m1.amount())?;
                        add(t, &m1.amount(), &m2.amount())?;
                        price = price.checked_add(&m2.amount())?;
                        count += 1;
                    }
                }
            }
        }
        let mut tiers = Vec::with_capacity(resellers.len() + 1);
        tiers.push(provider);
        tiers.extend(resellers);
        for t in &mut tiers {
            t.margin = t.revenue.checked_sub(&t.cost)?;
        }
        Ok(MarginStatement {
            window,
            lines: count,
            microsoft_cost: tiers.first().map_or(zero, |t| t.cost),
            tiers,
            customer_price: price,
        })
    }
}
