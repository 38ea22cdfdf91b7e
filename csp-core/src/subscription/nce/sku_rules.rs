//! Add-on prerequisites, seat caps and minimum ratios (SPEC-NCE §13.13), checked on what an
//! event would leave behind, before anything is committed.
//!
//! The machine first computes an event's result (its own refusals win), then this module
//! compares the tenant's seats of each ruled SKU before and after: seats the event adds must fit
//! the cap, a new add-on needs a prerequisite the tenant holds, and a subscription that is new or
//! shrinks keeps its minimum ratio. Seats count while `active` or `suspended`, here and
//! elsewhere ([`NceCatalog::held_elsewhere`](super::NceCatalog::held_elsewhere)).

use rust_decimal::Decimal;

use super::catalog::{NceCatalog, NceSkuRules};
use super::state::{NceStatus, NceSubscription};
use crate::catalog::{CustomerId, OfferId};
use crate::error::{Error, Result};

/// The tenant's seats of one SKU in this book, as a replay holds them now.
pub(super) trait Holdings {
    /// Seats of `offer` that `customer` holds here (active and suspended subscriptions).
    fn seats_of(&self, customer: &CustomerId, offer: &OfferId) -> u64;
}

/// Whether a subscription's seats count as held.
pub(super) fn holds(s: &NceSubscription) -> bool {
    matches!(s.status, NceStatus::Active | NceStatus::Suspended { .. })
}

/// Seats of `offer` among `subs` that count as held.
fn counted(subs: &[&NceSubscription], offer: &OfferId) -> u64 {
    subs.iter()
        .filter(|s| s.offer == *offer && holds(s))
        .map(|s| u64::from(s.quantity))
        .sum()
}

/// Checks §13.13's rules for an event that turns `before` (the subscriptions it touches, as
/// they are) into `after` (as it would leave them; a new subscription is only in `after`).
///
/// # Errors
/// `prerequisite_not_met` for a new add-on on a tenant holding none of its prerequisites,
/// `seat_limit_exceeded` when added seats pass the SKU's cap, `below_minimum` when a new or
/// shrunk subscription falls under its minimum ratio.
pub(super) fn check(
    catalog: &NceCatalog,
    here: &impl Holdings,
    customer: &CustomerId,
    before: &[&NceSubscription],
    after: &[&NceSubscription],
) -> Result<()> {
    if catalog.skus.is_empty() {
        return Ok(());
    }
    let held = |offer: &OfferId| {
        here.seats_of(customer, offer) + u64::from(catalog.elsewhere(customer, offer))
    };
    for s in after {
        let Some(rules) = catalog.rules(&s.offer) else {
            continue;
        };
        let old = before.iter().find(|b| b.id == s.id);
        if old.is_none() && !rules.prerequisites.is_empty() {
            prerequisite(rules, &s.offer, held)?;
        }
        if let Some(cap) = rules.max_seats {
            let now = held(&s.offer);
            let added = counted(after, &s.offer).saturating_sub(counted(before, &s.offer));
            within_cap(cap, now, added)?;
        }
        let shrunk = old.is_none_or(|o| s.quantity < o.quantity);
        if shrunk && holds(s) {
            at_least_minimum(rules, s, s.quantity, held)?;
        }
    }
    Ok(())
}

/// Checks the seats a change scheduled for the renewal would hold (`quantity` of `offer`, in
/// place of `s`'s own seats): the cap and the minimum ratio (SPEC-NCE §13.13).
///
/// # Errors
/// `seat_limit_exceeded`, `below_minimum`.
pub(super) fn check_scheduled(
    catalog: &NceCatalog,
    here: &impl Holdings,
    s: &NceSubscription,
    offer: &OfferId,
    quantity: u32,
) -> Result<()> {
    let Some(rules) = catalog.rules(offer) else {
        return Ok(());
    };
    let held =
        |o: &OfferId| here.seats_of(&s.customer, o) + u64::from(catalog.elsewhere(&s.customer, o));
    if let Some(cap) = rules.max_seats {
        let own = if *offer == s.offer {
            u64::from(s.quantity)
        } else {
            0
        };
        let added = u64::from(quantity).saturating_sub(own);
        within_cap(cap, held(offer), added)?;
    }
    at_least_minimum(rules, s, quantity, held)
}

/// `prerequisite_not_met` unless the tenant holds one of the add-on's prerequisites.
fn prerequisite(
    rules: &NceSkuRules,
    offer: &OfferId,
    held: impl Fn(&OfferId) -> u64,
) -> Result<()> {
    if rules.prerequisites.iter().any(|p| held(p) > 0) {
        return Ok(());
    }
    Err(Error::PrerequisiteNotMet {
        offer: offer.clone(),
        base_offer: String::new(),
    })
}

/// `seat_limit_exceeded` when `added` seats do not fit in what `cap` leaves after `held`.
fn within_cap(cap: u32, held: u64, added: u64) -> Result<()> {
    let remaining = u64::from(cap).saturating_sub(held);
    if added > remaining {
        return Err(Error::SeatLimitExceeded {
            requested: added,
            remaining,
        });
    }
    Ok(())
}

/// `below_minimum` when `quantity` seats of `s` are under `ceil(percent × base / 100)`, the
/// base being the tenant's seats of the prerequisites.
fn at_least_minimum(
    rules: &NceSkuRules,
    s: &NceSubscription,
    quantity: u32,
    held: impl Fn(&OfferId) -> u64,
) -> Result<()> {
    let Some(percent) = rules.minimum_percent else {
        return Ok(());
    };
    let base: u64 = rules.prerequisites.iter().map(&held).sum();
    let minimum = minimum_seats(percent, base)?;
    if u64::from(quantity) < minimum {
        return Err(Error::BelowMinimum {
            subscription: s.id.to_string(),
            minimum,
        });
    }
    Ok(())
}

/// `ceil(percent × base / 100)`, exact.
///
/// # Errors
/// `amount_overflow` past the exact decimal range.
pub(super) fn minimum_seats(percent: Decimal, base: u64) -> Result<u64> {
    let overflow = || Error::AmountOverflow {
        operation: "minimum seats of a ratio",
    };
    let seats = percent
        .checked_mul(Decimal::from(base))
        .and_then(|x| x.checked_div(Decimal::ONE_HUNDRED))
        .ok_or_else(overflow)?
        .ceil();
    u64::try_from(seats).map_err(|_| overflow())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_geo_needs_five_percent_rounded_up() {
        // SPEC-NCE §13.13.3: 400 base seats at 5 % need 20; 401 need ceil(20.05) = 21.
        assert_eq!(minimum_seats(Decimal::from(5), 400), Ok(20));
        assert_eq!(minimum_seats(Decimal::from(5), 401), Ok(21));
        assert_eq!(minimum_seats(Decimal::from(5), 0), Ok(0));
        assert_eq!(minimum_seats(Decimal::ONE_HUNDRED, 7), Ok(7));
    }

    #[test]
    fn the_cap_counts_what_is_held() {
        // "The requested number of 51 seats exceeds the remaining limit of 50 seats" (PC
        // pricing-and-offers): a cap of 50 with none held.
        let e = within_cap(50, 0, 51).unwrap_err();
        assert_eq!(e.code(), "seat_limit_exceeded");
        assert_eq!(
            e.to_string(),
            "the requested number of 51 seats exceeds the remaining limit of 50 seats"
        );
        assert_eq!(within_cap(50, 0, 50), Ok(()));
        assert_eq!(within_cap(50, 49, 1), Ok(()));
        assert!(
            within_cap(50, 60, 0).is_ok(),
            "nothing added, nothing refused"
        );
        assert_eq!(
            within_cap(50, 60, 1),
            Err(Error::SeatLimitExceeded {
                requested: 1,
                remaining: 0
            })
        );
    }
}
