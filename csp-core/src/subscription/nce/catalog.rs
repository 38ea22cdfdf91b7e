//! The caller's catalog data an NCE replay reads besides the price sheets: upgrade paths
//! (SPEC-NCE §13.10), promotions (§12.5.2), and each SKU's add-on prerequisites, seat cap
//! and minimum ratio with the seats tenants hold elsewhere (§13.13).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::catalog::{CustomerId, OfferId};
use crate::error::{Error, Result};
use crate::price_list::PriceSegment;
use crate::vocab::{BillingPlan, TermDuration};

/// An upgrade path of the catalog (`ProductSkuConversion`, SPEC-NCE §13.10): seats of `from`
/// may move to `to` mid-term.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct UpgradePath {
    /// The SKU upgraded from.
    pub from: OfferId,
    /// The SKU upgraded to.
    pub to: OfferId,
}

/// A SKU's purchase rules (SPEC-NCE §13.13), from the catalog (`ProductSkuPreRequisites`,
/// `MaxSeatCount`) or the caller.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct NceSkuRules {
    /// An add-on's prerequisite SKUs: the tenant must hold one of them (active or suspended,
    /// here or elsewhere) when the add-on is ordered. Empty for a base SKU.
    #[cfg_attr(feature = "serde", serde(default))]
    pub prerequisites: Vec<OfferId>,
    /// The most seats of this SKU a tenant may hold (`MaxSeatCount`), counting its active and
    /// suspended subscriptions here and the seats it holds elsewhere.
    #[cfg_attr(
        feature = "serde",
        serde(default, with = "crate::input::serde_fields::seats_opt")
    )]
    pub max_seats: Option<u32>,
    /// The fewest seats, as a percentage of the tenant's seats of the prerequisites (multi-geo:
    /// 5): a subscription needs `ceil(percent × base / 100)` seats (0 to 100).
    #[cfg_attr(
        feature = "serde",
        serde(default, with = "crate::input::serde_fields::percent_opt")
    )]
    pub minimum_percent: Option<Decimal>,
}

/// A promotion (SPEC-NCE §12.5.2; PC dev/get-promotions): `percent_off` off the cycle price
/// of the terms of `offer` ordered or renewed from `from` to `to` (both inclusive) with one of
/// its `terms` and `plans`, by a customer of one of its `segments` in one of its `markets`.
/// Every list names at least one value (a Partner Center promotion always names its term,
/// billing cycle, market and segment). Which promotion a term gets is the lifecycle's rule
/// (SPEC-NCE §12.5.2: orders, renewals, term and plan changes); the file form (the
/// scenario's `promotions`) is read strictly (`percent_off` a decimal string
/// `0 ≤ p < 100` with at most 6 decimals; a date-only `to` covers its day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NcePromotion {
    /// Its id, as Partner Center writes it (`39NFJQT1Q5KQ:0003:39NFJQT1Q5QR`).
    pub id: String,
    /// The percentage off `P`, `0 ≤ p < 100`, exact.
    pub percent_off: Decimal,
    /// The SKU (`ProductId:SkuId`).
    pub offer: OfferId,
    /// The term durations it is for.
    pub terms: Vec<TermDuration>,
    /// The billing plans it is for.
    pub plans: Vec<BillingPlan>,
    /// The customer segments it is for.
    pub segments: Vec<PriceSegment>,
    /// The markets it is for (two upper-case letters).
    pub markets: Vec<String>,
    /// Its first instant.
    pub from: DateTime<Utc>,
    /// Its last instant.
    pub to: DateTime<Utc>,
}

/// The catalog data of an NCE replay (SPEC-NCE §12.5.2, §13.10, §13.13): what the price sheet does not
/// say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NceCatalog {
    /// The upgrade paths (`ProductSkuConversion`, SPEC-NCE §13.10).
    pub upgrade_paths: Vec<UpgradePath>,
    /// Purchase rules by SKU (SPEC-NCE §13.13); a SKU without an entry has none.
    pub skus: BTreeMap<OfferId, NceSkuRules>,
    /// Seats each tenant holds outside this partner's book (another partner, a direct
    /// purchase), by SKU: they meet prerequisites and count against seat caps and minimum
    /// ratios (`tenant_skus_elsewhere`, SPEC-NCE §13.13).
    pub held_elsewhere: BTreeMap<CustomerId, BTreeMap<OfferId, u32>>,
    /// The promotions (PC dev/get-promotions).
    pub promotions: Vec<NcePromotion>,
}

impl NceCatalog {
    /// Whether seats of `from` may move to `to` mid-term.
    pub fn upgrades(&self, from: &OfferId, to: &OfferId) -> bool {
        self.upgrade_paths
            .iter()
            .any(|p| p.from == *from && p.to == *to)
    }

    /// The purchase rules of `offer`, when it has any.
    pub fn rules(&self, offer: &OfferId) -> Option<&NceSkuRules> {
        self.skus.get(offer)
    }

    /// The seats of `offer` that `customer` holds elsewhere.
    pub fn elsewhere(&self, customer: &CustomerId, offer: &OfferId) -> u32 {
        self.held_elsewhere
            .get(customer)
            .and_then(|m| m.get(offer))
            .copied()
            .unwrap_or(0)
    }

    /// Checks the data: a minimum percentage above 100 is refused.
    ///
    /// # Errors
    /// `invalid_input` naming the SKU's `minimum_percent`.
    pub fn validate(&self) -> Result<()> {
        for (offer, rules) in &self.skus {
            if let Some(p) = rules.minimum_percent {
                if p > Decimal::ONE_HUNDRED {
                    return Err(Error::InvalidInput {
                        what: "minimum_percent",
                        text: format!("{p} (SKU {offer})"),
                        expected: "a percentage from 0 to 100",
                    });
                }
            }
        }
        Ok(())
    }
}
