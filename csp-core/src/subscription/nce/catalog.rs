//! The caller's catalog data an NCE replay reads besides the price sheets: upgrade paths
//! (SPEC-NCE §13.10) and promotions (SPEC-NCE §12.5.2).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::catalog::OfferId;
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

/// The catalog data of an NCE replay (SPEC-NCE §12.5.2, §13.10): what the price sheet does not
/// say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NceCatalog {
    /// The upgrade paths (`ProductSkuConversion`).
    pub upgrade_paths: Vec<UpgradePath>,
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
}
