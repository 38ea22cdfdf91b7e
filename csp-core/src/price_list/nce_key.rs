//! What an NCE price is looked up by: the key, its segment and its tier range (SPEC-NCE §12.2).
//!
//! Reference `csp-rules.md` §5.2.

use std::fmt;

use crate::ids::OfferId;
use crate::money::Currency;
use crate::vocab::{BillingPlan, Segment, TermDuration};

/// The customer segment an NCE sheet row is priced for (its optional `Segment` column).
///
/// Read case- and punctuation-insensitively: `Commercial`, `Education`, `Government`,
/// `Nonprofit` (`Non-profit`, `Charity`). In a sheet that has the column, an empty field
/// is `Commercial` (SPEC-NCE §12.1.6); a sheet without the column leaves the segment
/// unspecified (`None` in [`NceKey::segment`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum PriceSegment {
    /// Commercial (the default segment).
    Commercial,
    /// Education (academic).
    Education,
    /// Government.
    Government,
    /// Nonprofit (charity).
    Nonprofit,
}

impl PriceSegment {
    /// Reads a segment as the sheet writes it, given [normalised](super::csv_table) (lower
    /// case, ASCII letters and digits only); `None` for an unknown one.
    pub(crate) fn from_normalised(v: &str) -> Option<PriceSegment> {
        match v {
            "commercial" => Some(PriceSegment::Commercial),
            "education" => Some(PriceSegment::Education),
            "government" => Some(PriceSegment::Government),
            "nonprofit" | "charity" => Some(PriceSegment::Nonprofit),
            _ => None,
        }
    }

    /// Reads a segment name (case- and punctuation-insensitive: `Commercial`, `education`,
    /// `Non-profit`, `charity`…).
    pub fn parse(text: &str) -> Option<PriceSegment> {
        PriceSegment::from_normalised(&super::csv_table::normalise(text))
    }

    /// The segment's name: `commercial`, `education`, `government` or `nonprofit`.
    pub fn as_str(self) -> &'static str {
        match self {
            PriceSegment::Commercial => "commercial",
            PriceSegment::Education => "education",
            PriceSegment::Government => "government",
            PriceSegment::Nonprofit => "nonprofit",
        }
    }
}

impl fmt::Display for PriceSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for PriceSegment {
    type Err = crate::Error;
    /// Reads a segment name as [`PriceSegment::parse`] does.
    fn from_str(s: &str) -> crate::Result<Self> {
        PriceSegment::parse(s).ok_or_else(|| crate::Error::InvalidInput {
            what: "segment",
            text: s.to_string(),
            expected: "commercial, education, government or nonprofit",
        })
    }
}

impl From<Segment> for PriceSegment {
    /// The price segment of a customer segment.
    fn from(s: Segment) -> PriceSegment {
        match s {
            Segment::Commercial => PriceSegment::Commercial,
            Segment::Education => PriceSegment::Education,
            Segment::Government => PriceSegment::Government,
        }
    }
}

/// A tier's seat range (`PricingTierRangeMin` ..= `PricingTierRangeMax`), both ends
/// included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TierRange {
    /// The fewest seats the tier prices.
    pub min: u64,
    /// The most seats the tier prices.
    pub max: u64,
}

impl TierRange {
    /// The range `min ..= max`, `None` when `max < min`.
    pub fn new(min: u64, max: u64) -> Option<TierRange> {
        (min <= max).then_some(TierRange { min, max })
    }

    /// Whether `seats` is in the range.
    pub fn contains(&self, seats: u64) -> bool {
        self.min <= seats && seats <= self.max
    }
}

impl fmt::Display for TierRange {
    /// `1-500`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.min, self.max)
    }
}

/// What an NCE price is looked up by: offer (`ProductId:SkuId`), term, plan, market,
/// currency, and the segment and tier range when the sheet has them.
///
/// A row's key is the sheet's; a query's key may leave the segment or the tier out (`None`:
/// unspecified), and is then answered only when the sheet has one row set for the rest of
/// the key (see [`NceSheet::price_on`](super::NceSheet::price_on)).
///
/// ```
/// use csp_core::money::Currency;
/// use csp_core::price_list::{BillingPlan, NceKey, PriceSegment, TermDuration, TierRange};
/// let key = NceKey::new("cfq7ttc0lh18:1", TermDuration::P1Y, BillingPlan::Annual, "us", Currency::USD)
///     .with_segment(PriceSegment::Education)
///     .with_tier(TierRange::new(1, 500).unwrap());
/// assert_eq!(key.offer.as_str(), "CFQ7TTC0LH18:0001");
/// assert_eq!(key.market, "US");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct NceKey {
    /// `ProductId:SkuId` (SKU id normalised, see [`OfferId`]).
    pub offer: OfferId,
    /// Term duration.
    pub term: TermDuration,
    /// Billing plan.
    pub plan: BillingPlan,
    /// Market (country code, upper case).
    pub market: String,
    /// Currency.
    pub currency: Currency,
    /// The segment, `None` when unspecified (a sheet without a `Segment` column, or a query
    /// that leaves it out).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub segment: Option<PriceSegment>,
    /// The tier's seat range, `None` for an untiered row (or a query that leaves it out).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub tier: Option<TierRange>,
}

impl NceKey {
    /// A key with segment and tier unspecified, normalised as the parser stores it: offer
    /// and market upper case and trimmed, the SKU id in its normal form.
    pub fn new(
        offer: &str,
        term: TermDuration,
        plan: BillingPlan,
        market: &str,
        currency: Currency,
    ) -> NceKey {
        NceKey {
            offer: OfferId::new(offer),
            term,
            plan,
            market: market.trim().to_ascii_uppercase(),
            currency,
            segment: None,
            tier: None,
        }
    }

    /// The same key for `segment`.
    pub fn with_segment(mut self, segment: PriceSegment) -> NceKey {
        self.segment = Some(segment);
        self
    }

    /// The same key for the tier `tier`.
    pub fn with_tier(mut self, tier: TierRange) -> NceKey {
        self.tier = Some(tier);
        self
    }

    /// The key without segment and tier: the first key of its product in key order.
    pub(crate) fn base(&self) -> NceKey {
        NceKey {
            segment: None,
            tier: None,
            ..self.clone()
        }
    }

    /// Whether `other` has the same offer, term, plan, market and currency.
    pub(crate) fn same_base(&self, other: &NceKey) -> bool {
        self.offer == other.offer
            && self.term == other.term
            && self.plan == other.plan
            && self.market == other.market
            && self.currency == other.currency
    }

    /// `segment commercial, tier 1-500`, `unspecified segment, no tier`: what tells this
    /// key from the other keys of its base, for messages.
    pub(crate) fn variant_label(&self) -> String {
        let segment = match self.segment {
            Some(s) => format!("segment {s}"),
            None => "unspecified segment".to_string(),
        };
        match self.tier {
            Some(t) => format!("{segment}, tier {t}"),
            None => format!("{segment}, no tier"),
        }
    }
}
