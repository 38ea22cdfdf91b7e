//! Promotions (SPEC-NCE §12.5.2): which promotion, if any, a term's price is locked with.
//!
//! A promotion applies to a term of its `offer` with one of its `terms` and `plans`, for a
//! customer of one of its `segments` in one of its `markets`, priced at an instant in `[from,
//! to]`; the lines then use `P × (1 − percent_off/100)`, exact, before proration (SPEC-NCE
//! §14.3, [`CyclePrice`]). Where the spec leaves a choice, this module decides:
//!
//! | when | promotion |
//! |---|---|
//! | order naming one (`"promotion": ID`) | that one, if it applies at the order's instant; else the order is refused (`promotion_not_eligible`, with the reason) |
//! | order naming none, renewal | the one in force (SPEC-NCE §12.5.2 "one applies to an order or renewal whose instant is in `[from, to]` and whose key matches": applied without being named) |
//! | several in force | the largest `percent_off`; equal ones: the first listed |
//! | term change | the locked one while its `terms` and `plans` hold the new term and plan (its dates are not read again: it is locked); else the one in force at the change's instant |
//! | plan change | the same, at the boundary's `00:00:00Z` where the new plan is priced (pinned P7) |
//! | trial order, trial conversion | none (SPEC-NCE §13.12.3); a trial order naming one is refused |
//! | trial converted into an existing subscription, `moveQuantity` | the target's locked price, its promotion included (the seats join its term) |
//! | upgrade into a new price (`convert`) | none: the spec names orders, renewals and term and plan changes only |

use chrono::{DateTime, Utc};

use super::catalog::{NceCatalog, NcePromotion};
use super::event::{instant_text, NceEvent, NceEventKind};
use super::machine::NceContext;
use super::order::price_segment;
use super::state::LockedPrice;
use crate::catalog::{Customer, OfferId};
use crate::error::{Error, Result};
use crate::money::nce::CyclePrice;
use crate::price_list::PriceSegment;
use crate::vocab::{BillingPlan, TermDuration};

/// What a promotion is matched against: a term's key (SPEC-NCE §12.2) and the customer's
/// segment.
#[derive(Debug, Clone, Copy)]
pub(super) struct PromotionKey<'a> {
    offer: &'a OfferId,
    term: TermDuration,
    plan: BillingPlan,
    segment: PriceSegment,
    market: &'a str,
}

impl<'a> PromotionKey<'a> {
    /// The key of a term of `offer` for `customer`, in the replay's market.
    pub(super) fn new(
        ctx: &NceContext<'a>,
        customer: &Customer,
        offer: &'a OfferId,
        term: TermDuration,
        plan: BillingPlan,
    ) -> PromotionKey<'a> {
        PromotionKey {
            offer,
            term,
            plan,
            segment: price_segment(customer.segment),
            market: ctx.market,
        }
    }
}

/// `values` as a list for messages (`P1Y, P3Y`).
fn list<T: std::fmt::Display>(values: &[T]) -> String {
    values
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl NcePromotion {
    /// Why the promotion does not apply to `key` (at `at`, when its dates are read), or `None`
    /// when it applies.
    fn ineligibility(&self, key: &PromotionKey<'_>, at: Option<DateTime<Utc>>) -> Option<String> {
        if self.offer != *key.offer {
            return Some(format!("it is for {}, not {}", self.offer, key.offer));
        }
        if !self.terms.contains(&key.term) {
            return Some(format!(
                "it is for the terms {}, not {}",
                list(&self.terms),
                key.term
            ));
        }
        if !self.plans.contains(&key.plan) {
            return Some(format!(
                "it is for the billing plans {}, not {}",
                list(&self.plans),
                key.plan
            ));
        }
        if !self.segments.contains(&key.segment) {
            let segments: Vec<&str> = self.segments.iter().map(|s| s.as_str()).collect();
            return Some(format!(
                "it is for the segments {}, not {}",
                segments.join(", "),
                key.segment.as_str()
            ));
        }
        if !self
            .markets
            .iter()
            .any(|m| m.eq_ignore_ascii_case(key.market))
        {
            return Some(format!(
                "it is for the markets {}, not {}",
                self.markets.join(", "),
                key.market
            ));
        }
        match at {
            Some(t) if t < self.from => Some(format!("it starts at {}", instant_text(self.from))),
            Some(t) if t > self.to => Some(format!("it ended at {}", instant_text(self.to))),
            _ => None,
        }
    }
}

impl NceCatalog {
    /// The promotion with id `id`.
    pub fn promotion(&self, id: &str) -> Option<&NcePromotion> {
        self.promotions.iter().find(|p| p.id == id)
    }

    /// The promotion in force for `key` at `at`: among those that apply, the largest percent
    /// off, the first listed of equal ones.
    fn in_force(&self, key: &PromotionKey<'_>, at: DateTime<Utc>) -> Option<&NcePromotion> {
        let mut best: Option<&NcePromotion> = None;
        for p in &self.promotions {
            if p.ineligibility(key, Some(at)).is_none()
                && best.is_none_or(|b| p.percent_off > b.percent_off)
            {
                best = Some(p);
            }
        }
        best
    }
}

/// `price` locked with `promotion`: its cycle price less the percent off, and its id.
fn lock(price: LockedPrice, promotion: Option<&NcePromotion>) -> Result<LockedPrice> {
    let Some(p) = promotion else {
        return Ok(LockedPrice {
            promotion: None,
            ..price
        });
    };
    let cycle = CyclePrice::new(
        price.price.unit_price(),
        price.price.cycles(),
        Some(p.percent_off),
    )?;
    Ok(LockedPrice {
        price: cycle,
        promotion: Some(p.id.clone()),
        ..price
    })
}

/// An order's price (read at its instant, `price`) with its promotion: the one it names,
/// which must apply at the order's instant, or else the one in force (SPEC-NCE §12.5.2,
/// §13.4).
///
/// # Errors
/// `promotion_not_eligible` for a named promotion the catalog lacks or that does not apply
/// (the reason says which rule); `invalid_input` for a percent off out of range.
pub(super) fn at_order(
    ctx: &NceContext<'_>,
    customer: &Customer,
    event: &NceEvent,
    price: LockedPrice,
) -> Result<LockedPrice> {
    let NceEventKind::Order {
        offer,
        term,
        plan,
        promotion,
        ..
    } = &event.kind
    else {
        return Err(Error::InternalError {
            part: "nce promotion",
            detail: "not an order".to_string(),
        });
    };
    let key = PromotionKey::new(ctx, customer, offer, *term, *plan);
    let chosen = match promotion {
        Some(id) => {
            let refused = |reason: String| Error::PromotionNotEligible {
                promotion: id.clone(),
                reason,
            };
            let p = ctx
                .catalog
                .promotion(id)
                .ok_or_else(|| refused("the catalog has no promotion with this id".to_string()))?;
            if let Some(reason) = p.ineligibility(&key, Some(event.at)) {
                return Err(refused(reason));
            }
            Some(p)
        }
        None => ctx.catalog.in_force(&key, event.at),
    };
    lock(price, chosen)
}

/// Refuses a trial order that names a promotion: none applies to a trial (SPEC-NCE §13.12).
///
/// # Errors
/// `promotion_not_eligible`.
pub(super) fn refuse_on_trial(event: &NceEvent) -> Result<()> {
    match &event.kind {
        NceEventKind::Order {
            promotion: Some(id),
            ..
        } => Err(Error::PromotionNotEligible {
            promotion: id.clone(),
            reason: "a trial takes no promotion".to_string(),
        }),
        _ => Ok(()),
    }
}

/// A renewal's price (read at the renewal instant, `price`) with the promotion in force for
/// the next term's key at that instant (SPEC-NCE §13.9.4: promotions re-evaluated).
///
/// # Errors
/// `invalid_input` for a percent off out of range.
pub(super) fn at_renewal(
    ctx: &NceContext<'_>,
    customer: &Customer,
    offer: &OfferId,
    term: TermDuration,
    plan: BillingPlan,
    price: LockedPrice,
) -> Result<LockedPrice> {
    let key = PromotionKey::new(ctx, customer, offer, term, plan);
    let chosen = ctx.catalog.in_force(&key, price.priced_at);
    lock(price, chosen)
}

/// The price of a term or plan change (read at the change, `price`) with its promotion
/// (SPEC-NCE §12.5.2): the `current` one while it is eligible for the new term and plan,
/// else the one in force at the change.
///
/// # Errors
/// `invalid_input` for a percent off out of range.
pub(super) fn at_change(
    ctx: &NceContext<'_>,
    customer: &Customer,
    current: Option<&str>,
    offer: &OfferId,
    term: TermDuration,
    plan: BillingPlan,
    price: LockedPrice,
) -> Result<LockedPrice> {
    let key = PromotionKey::new(ctx, customer, offer, term, plan);
    let kept = current
        .and_then(|id| ctx.catalog.promotion(id))
        .filter(|p| p.ineligibility(&key, None).is_none());
    let chosen = kept.or_else(|| ctx.catalog.in_force(&key, price.priced_at));
    lock(price, chosen)
}

#[cfg(feature = "serde")]
mod file_form {
    //! The file form (the scenario's `promotions`): `{"id": "…", "percent_off": "10",
    //! "offer": "CFQ7TTC0LFLX:0001", "terms": ["P1Y"], "plans": ["monthly"], "segments":
    //! ["commercial"], "markets": ["US"], "from": "2022-06-01", "to": "2022-06-30"}`.

    use chrono::NaiveTime;
    use rust_decimal::Decimal;

    use super::*;

    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields, rename = "NcePromotion")]
    struct Repr {
        id: String,
        #[serde(with = "crate::input::serde_fields::percent")]
        percent_off: Decimal,
        offer: OfferId,
        terms: Vec<TermDuration>,
        plans: Vec<BillingPlan>,
        segments: Vec<PriceSegment>,
        markets: Vec<String>,
        from: String,
        to: String,
    }

    /// The last instant a promotion's `to` covers: a date-only text means its `23:59:59Z`
    /// (as a date-only sheet end, pinned P2); any other is read as an instant.
    fn end_instant(text: &str) -> Result<DateTime<Utc>> {
        let t = text.trim();
        if t.len() == 10 {
            let day = crate::input::date(t)?;
            let last = NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN);
            return Ok(day.and_time(last).and_utc());
        }
        crate::input::instant(t)
    }

    /// Checks a promotion as read from a file: an id, `0 ≤ percent_off < 100` with at most 6
    /// decimals, every list non-empty, two-letter markets (upper-cased), `from ≤ to`.
    fn checked(mut p: NcePromotion) -> Result<NcePromotion> {
        p.id = crate::input::id(&p.id, "promotion id")?.to_string();
        let off = p.percent_off;
        let negative = off.is_sign_negative() && !off.is_zero();
        if negative
            || off >= Decimal::ONE_HUNDRED
            || off.normalize().scale() > crate::input::MAX_DECIMALS
        {
            return Err(Error::InvalidInput {
                what: "promotion percent_off",
                text: off.to_string(),
                expected: "a percentage from 0 up to (not including) 100 with at most 6 decimals",
            });
        }
        let empty = |what: &'static str| Error::InvalidInput {
            what,
            text: format!("promotion {}: []", p.id),
            expected:
                "at least one value (a promotion names its terms, plans, segments and markets)",
        };
        if p.terms.is_empty() {
            return Err(empty("promotion terms"));
        }
        if p.plans.is_empty() {
            return Err(empty("promotion plans"));
        }
        if p.segments.is_empty() {
            return Err(empty("promotion segments"));
        }
        if p.markets.is_empty() {
            return Err(empty("promotion markets"));
        }
        for m in &mut p.markets {
            let up = m.trim().to_ascii_uppercase();
            if up.len() != 2 || !up.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(Error::InvalidInput {
                    what: "promotion market",
                    text: m.clone(),
                    expected: "a two-letter country code such as US or GB",
                });
            }
            *m = up;
        }
        if p.to < p.from {
            return Err(Error::InvalidInput {
                what: "promotion dates",
                text: format!("from {} to {}", instant_text(p.from), instant_text(p.to)),
                expected: "`to` at or after `from`",
            });
        }
        Ok(p)
    }

    impl serde::Serialize for NcePromotion {
        fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            Repr {
                id: self.id.clone(),
                percent_off: self.percent_off,
                offer: self.offer.clone(),
                terms: self.terms.clone(),
                plans: self.plans.clone(),
                segments: self.segments.clone(),
                markets: self.markets.clone(),
                from: instant_text(self.from),
                to: instant_text(self.to),
            }
            .serialize(s)
        }
    }

    impl<'de> serde::Deserialize<'de> for NcePromotion {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
            use serde::de::Error as _;
            let r = Repr::deserialize(d)?;
            let read = || -> Result<NcePromotion> {
                checked(NcePromotion {
                    id: r.id,
                    percent_off: r.percent_off,
                    offer: r.offer,
                    terms: r.terms,
                    plans: r.plans,
                    segments: r.segments,
                    markets: r.markets,
                    from: crate::input::instant(&r.from)?,
                    to: end_instant(&r.to)?,
                })
            };
            read().map_err(D::Error::custom)
        }
    }
}
