//! Price-file words: agreement type, license type, segment, term, plan (SPEC §3, §4; SPEC-NCE §12).
//!
//! The words price files and errors share. DESIGN §2, layer 0.
//!
//! A leaf module: it imports nothing of the crate. Reading these words from text with a
//! crate [`Error`](crate::Error) is done one layer up: [`TermDuration`]'s and
//! [`BillingPlan`]'s `FromStr`, and `TermDuration`'s serde reading, live beside the NCE sheet
//! parser in `price_list`, so that `error` can name these types without an import cycle.
//!
//! ```
//! use csp_core::vocab::{BillingPlan, TermDuration};
//! assert_eq!(TermDuration::parse("p3y"), Some(TermDuration::P3Y));
//! assert_eq!(TermDuration::P1M.to_string(), "P1M");
//! assert_eq!(BillingPlan::parse("OneTime"), Some(BillingPlan::OneTime));
//! ```

use std::fmt;

/// The price list's *license agreement type*: who an offer can be sold to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum LicenseAgreementType {
    /// Commercial offers, sold to any customer.
    Corporate,
    /// Government offers, sold only to government customers.
    Government,
    /// Academic offers, sold only to education customers.
    Academic,
}

impl fmt::Display for LicenseAgreementType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LicenseAgreementType::Corporate => "corporate",
            LicenseAgreementType::Government => "government",
            LicenseAgreementType::Academic => "academic",
        })
    }
}

/// The price list's *secondary license type*, as it appears in a price list row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum SecondaryType {
    /// A base offer ("Non-specific").
    Base,
    /// An add-on: needs an active base subscription of a prerequisite offer.
    AddOn,
    /// A trial offer.
    Trial,
}

impl fmt::Display for SecondaryType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SecondaryType::Base => "base",
            SecondaryType::AddOn => "add_on",
            SecondaryType::Trial => "trial",
        })
    }
}

/// A customer's segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Segment {
    /// Commercial (the default segment).
    Commercial,
    /// Government.
    Government,
    /// Education.
    Education,
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Segment::Commercial => "commercial",
            Segment::Government => "government",
            Segment::Education => "education",
        })
    }
}

/// An ISO 8601 term duration in whole months or years (`P1M`, `P1Y`, `P3Y`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermDuration {
    months: u32,
}

impl TermDuration {
    /// One month.
    pub const P1M: TermDuration = TermDuration { months: 1 };
    /// One year.
    pub const P1Y: TermDuration = TermDuration { months: 12 };
    /// Three years.
    pub const P3Y: TermDuration = TermDuration { months: 36 };

    /// The term's length in months.
    pub fn months(&self) -> u32 {
        self.months
    }

    /// Reads `PnM` or `PnY` (case-insensitive, surrounding spaces ignored), n ≥ 1 and at
    /// most four digits; `None` for anything else.
    pub fn parse(text: &str) -> Option<TermDuration> {
        let u = text.trim().to_ascii_uppercase();
        let body = u.strip_prefix('P')?;
        // The unit is the last character (not byte: `Pé` must be refused, not panic).
        let unit_at = body.char_indices().last().map_or(0, |(i, _)| i);
        let (n, unit) = body.split_at(unit_at);
        if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) || n.len() > 4 {
            return None;
        }
        let n: u32 = n.parse().ok()?;
        let months = match unit {
            "M" => n,
            "Y" => n * 12,
            _ => return None,
        };
        (months != 0).then_some(TermDuration { months })
    }
}

impl fmt::Display for TermDuration {
    /// `P1M`, `P1Y`, `P3Y` (years when the months are a multiple of 12).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.months % 12 == 0 {
            write!(f, "P{}Y", self.months / 12)
        } else {
            write!(f, "P{}M", self.months)
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for TermDuration {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// How often an NCE subscription is billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum BillingPlan {
    /// Billed each month.
    Monthly,
    /// Billed each year.
    Annual,
    /// Billed every two years.
    Biennial,
    /// Billed every three years.
    Triennial,
    /// Billed once.
    OneTime,
    /// Not billed (trials).
    None,
}

impl BillingPlan {
    /// Months of one billing cycle (SPEC-NCE §12.4): monthly 1, annual 12, biennial 24,
    /// triennial 36; `None` for a plan that has no cycles (one-time, none).
    pub fn cycle_months(self) -> Option<u32> {
        match self {
            BillingPlan::Monthly => Some(1),
            BillingPlan::Annual => Some(12),
            BillingPlan::Biennial => Some(24),
            BillingPlan::Triennial => Some(36),
            BillingPlan::OneTime | BillingPlan::None => None,
        }
    }

    /// Reads a plan name as the price sheet writes it (case-insensitive), `None` if unknown.
    pub fn parse(text: &str) -> Option<BillingPlan> {
        let plan = |name: &str| match name {
            "monthly" => Some(BillingPlan::Monthly),
            "annual" => Some(BillingPlan::Annual),
            "biennial" => Some(BillingPlan::Biennial),
            "triennial" => Some(BillingPlan::Triennial),
            "onetime" => Some(BillingPlan::OneTime),
            "none" => Some(BillingPlan::None),
            _ => None,
        };
        // Text already lower-case ASCII letters and digits (as a price sheet's reader passes
        // it) is its own normal form: no copy.
        if text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            return plan(text);
        }
        plan(
            text.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase()
                .as_str(),
        )
    }
}

impl fmt::Display for BillingPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BillingPlan::Monthly => "monthly",
            BillingPlan::Annual => "annual",
            BillingPlan::Biennial => "biennial",
            BillingPlan::Triennial => "triennial",
            BillingPlan::OneTime => "one_time",
            BillingPlan::None => "none",
        })
    }
}
