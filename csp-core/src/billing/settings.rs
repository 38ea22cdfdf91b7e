//! The partner's billing settings: billing day, terms, resale, services, financing (SPEC §8).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::{add_days, Period, YearMonth};
use crate::catalog::{CustomerId, OfferId, SubscriptionId};
use crate::error::{Error, Result};

/// The day of the month the partner issues its bills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BillingDay {
    /// A day from 1 to 28 (so that every month has it).
    Day(u32),
    /// The last day of each month.
    Last,
}

impl BillingDay {
    /// The issue date of the bill of `month`.
    pub fn issue_date(&self, month: YearMonth) -> NaiveDate {
        match *self {
            BillingDay::Day(d) => month.first_day().with_day_clamped(d),
            BillingDay::Last => month.last_day(),
        }
    }

    /// The window a bill of `month` covers: from the previous bill's issue date to the day
    /// before this one's (SPEC §8).
    ///
    /// # Errors
    /// `date_out_of_range` at the calendar's edge.
    pub fn window(&self, month: YearMonth) -> Result<crate::calendar::Period> {
        let previous = YearMonth::of(add_days(month.first_day(), -1)?);
        crate::calendar::Period::new(
            self.issue_date(previous),
            add_days(self.issue_date(month), -1)?,
        )
    }

    /// The month whose bill covers `date`.
    ///
    /// # Errors
    /// `date_out_of_range` at the calendar's edge.
    pub fn bill_month_of(&self, date: NaiveDate) -> Result<YearMonth> {
        let month = YearMonth::of(date);
        if date < self.issue_date(month) {
            Ok(month)
        } else {
            month.next()
        }
    }

    fn validate(&self) -> Result<()> {
        match *self {
            BillingDay::Day(d) if !(1..=28).contains(&d) => Err(Error::InvalidInput {
                what: "billing day",
                text: d.to_string(),
                expected: "a day from 1 to 28, or \"last\"",
            }),
            _ => Ok(()),
        }
    }
}

trait DayClamped {
    fn with_day_clamped(self, day: u32) -> NaiveDate;
}

impl DayClamped for NaiveDate {
    fn with_day_clamped(self, day: u32) -> NaiveDate {
        use chrono::Datelike;
        let last = crate::calendar::days_in_month(self.year(), self.month());
        self.with_day(day.clamp(1, last)).unwrap_or(self)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for BillingDay {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            BillingDay::Day(d) => s.serialize_u32(*d),
            BillingDay::Last => s.serialize_str("last"),
        }
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for BillingDay {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Day(u32),
            Text(String),
        }
        let day = match Repr::deserialize(d)? {
            Repr::Day(n) => BillingDay::Day(n),
            Repr::Text(t) if t == "last" => BillingDay::Last,
            Repr::Text(t) => {
                return Err(serde::de::Error::custom(format!(
                    "billing day {}: expected a day from 1 to 28, or \"last\"",
                    crate::error::Quoted(&t)
                )))
            }
        };
        day.validate().map_err(serde::de::Error::custom)?;
        Ok(day)
    }
}

/// How an offer is resold to customers (per seat per month).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)
)]
pub enum Resale {
    /// The ERP (estimated retail) price of the list that priced the cost (the default).
    #[default]
    Erp,
    /// The list price plus a percentage.
    Markup {
        /// The markup, e.g. `"15"` for 15 %.
        #[cfg_attr(feature = "serde", serde(with = "crate::input::serde_fields::percent"))]
        percent: Decimal,
    },
    /// The ERP price less a percentage (SPEC-NCE §17.2.1: a provider selling to its resellers
    /// below retail, e.g. `"20"` for ERP − 20 %). 0 to 100.
    ErpDiscount {
        /// The discount off ERP, e.g. `"20"` for 20 %.
        #[cfg_attr(feature = "serde", serde(with = "crate::input::serde_fields::percent"))]
        percent: Decimal,
    },
    /// A fixed price per seat per month.
    Fixed {
        /// The price.
        #[cfg_attr(feature = "serde", serde(with = "crate::input::serde_fields::price"))]
        price: Decimal,
    },
}

/// The resale rule of one offer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ResaleRule {
    /// The offer.
    pub offer: OfferId,
    /// Its rule.
    pub rule: Resale,
}

/// One of the partner's own products or services on the bill.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)
)]
pub enum Service {
    /// A fixed fee on every bill of a customer, for the month ahead: the bill of month M
    /// charges it for `[issue date of M, issue date of M+1 − 1]`.
    ///
    /// With `from` / `until` (inclusive days), only the days of that period inside
    /// `[from, until]` are charged, prorated exactly by days (`amount × days ÷ period days`,
    /// rounded once to minor units with the policy's line mode), the line's service period
    /// being those days and its description saying `(d/D days)`; a bill whose period has
    /// no such day has no fee line. Without them the fee runs on every bill, as in version 1.
    /// Decision: the fee is the partner's own contract with the customer, billed whether or
    /// not the customer has a Microsoft subscription that month (a managed service can
    /// precede or outlive the seats): give `from` so that months before the contract are not
    /// billed.
    MonthlyFee {
        /// The customer.
        customer: CustomerId,
        /// What the customer reads.
        description: String,
        /// The fee.
        #[cfg_attr(feature = "serde", serde(with = "crate::input::serde_fields::price"))]
        amount: Decimal,
        /// The first day the fee runs (`YYYY-MM-DD`), if any.
        #[cfg_attr(
            feature = "serde",
            serde(
                default,
                with = "crate::input::serde_fields::date_opt",
                skip_serializing_if = "Option::is_none"
            )
        )]
        from: Option<NaiveDate>,
        /// The last day the fee runs (`YYYY-MM-DD`, inclusive), if any.
        #[cfg_attr(
            feature = "serde",
            serde(
                default,
                with = "crate::input::serde_fields::date_opt",
                skip_serializing_if = "Option::is_none"
            )
        )]
        until: Option<NaiveDate>,
    },
    /// A fee per seat per month that follows a subscription's seats and proration exactly:
    /// every charge line of the subscription (or of every subscription of the offer) is
    /// mirrored at this price.
    ///
    /// With `from` / `until` (inclusive days), a line is mirrored for the days of its service
    /// period inside `[from, until]` only (prorated as Microsoft prorates a seat change, with
    /// the same policy, over those days of its charge period); a line with no such day has no
    /// fee line, except a full suspension credit, which takes back the fee's net of its
    /// charge period whatever its days.
    PerSeatFee {
        /// What the customer reads.
        description: String,
        /// The price per seat per month.
        #[cfg_attr(feature = "serde", serde(with = "crate::input::serde_fields::price"))]
        price: Decimal,
        /// One subscription…
        #[cfg_attr(feature = "serde", serde(default))]
        subscription: Option<SubscriptionId>,
        /// …or every subscription of an offer.
        #[cfg_attr(feature = "serde", serde(default))]
        offer: Option<OfferId>,
        /// The first day the fee runs (`YYYY-MM-DD`), if any.
        #[cfg_attr(
            feature = "serde",
            serde(
                default,
                with = "crate::input::serde_fields::date_opt",
                skip_serializing_if = "Option::is_none"
            )
        )]
        from: Option<NaiveDate>,
        /// The last day the fee runs (`YYYY-MM-DD`, inclusive), if any.
        #[cfg_attr(
            feature = "serde",
            serde(
                default,
                with = "crate::input::serde_fields::date_opt",
                skip_serializing_if = "Option::is_none"
            )
        )]
        until: Option<NaiveDate>,
    },
    /// A fee billed once, on the bill whose window contains its date.
    OneTime {
        /// The customer.
        customer: CustomerId,
        /// The day it is due.
        #[cfg_attr(feature = "serde", serde(with = "crate::input::serde_fields::date"))]
        date: NaiveDate,
        /// What the customer reads.
        description: String,
        /// The fee.
        #[cfg_attr(feature = "serde", serde(with = "crate::input::serde_fields::price"))]
        amount: Decimal,
    },
}

impl Service {
    /// The days a monthly or per-seat fee runs, `[from, until]` (either end open when not
    /// given); `None` for a one-time fee.
    pub fn runs(&self) -> Option<(Option<NaiveDate>, Option<NaiveDate>)> {
        match self {
            Service::MonthlyFee { from, until, .. } | Service::PerSeatFee { from, until, .. } => {
                Some((*from, *until))
            }
            Service::OneTime { .. } => None,
        }
    }

    /// The days of `period` the fee runs: all of it without `from` / `until`, `None` when it
    /// runs on none of them.
    pub fn days_in(&self, period: Period) -> Option<Period> {
        let (from, until) = self.runs().unwrap_or((None, None));
        let first = from.map_or(period.first(), |f| f.max(period.first()));
        let last = until.map_or(period.last(), |u| u.min(period.last()));
        Period::new(first, last).ok()
    }
}

/// An annual (upfront) charge of a subscription spread into equal monthly instalments.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Instalments {
    /// The subscription whose purchase and renewal charges are financed.
    pub subscription: SubscriptionId,
    /// Number of monthly instalments (at least 1).
    pub months: u32,
}

/// A percentage discount on a customer's bills for a number of months.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Discount {
    /// The customer.
    pub customer: CustomerId,
    /// The discount, e.g. `"10"` for 10 %.
    #[cfg_attr(feature = "serde", serde(with = "crate::input::serde_fields::percent"))]
    pub percent: Decimal,
    /// The first bill it applies to.
    pub first_month: YearMonth,
    /// For how many bills.
    pub months: u32,
}

/// A customer's tax rate (one rate per customer; price lists exclude tax).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct TaxRate {
    /// The customer.
    pub customer: CustomerId,
    /// The rate, e.g. `"0.20"` for 20 %.
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::input::serde_fields::tax_rate")
    )]
    pub rate: Decimal,
}

/// Everything about how the partner bills its customers.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct PartnerSettings {
    /// The partner's name, printed on invoices.
    pub name: String,
    /// The day bills are issued.
    pub billing_day: BillingDay,
    /// Net payment terms in days.
    #[cfg_attr(feature = "serde", serde(default = "thirty"))]
    pub payment_terms_days: u32,
    /// Prefix of invoice numbers, e.g. `INV-`.
    #[cfg_attr(feature = "serde", serde(default))]
    pub invoice_prefix: String,
    /// Resale rules by offer (others: ERP price).
    #[cfg_attr(feature = "serde", serde(default))]
    pub resale: Vec<ResaleRule>,
    /// The partner's own products and services.
    #[cfg_attr(feature = "serde", serde(default))]
    pub services: Vec<Service>,
    /// Financed subscriptions.
    #[cfg_attr(feature = "serde", serde(default))]
    pub financing: Vec<Instalments>,
    /// Discounts.
    #[cfg_attr(feature = "serde", serde(default))]
    pub discounts: Vec<Discount>,
    /// Tax rates by customer (none: no tax line).
    #[cfg_attr(feature = "serde", serde(default))]
    pub tax_rates: Vec<TaxRate>,
    /// The partner's reseller agreement with Microsoft, shown on statements.
    #[cfg_attr(feature = "serde", serde(default))]
    pub agreement: Option<crate::agreement::Agreement>,
}

#[cfg(feature = "serde")]
fn thirty() -> u32 {
    30
}

impl PartnerSettings {
    /// The resale rule of an offer.
    pub fn resale_of(&self, offer: &OfferId) -> Resale {
        self.resale
            .iter()
            .find(|r| r.offer == *offer)
            .map(|r| r.rule.clone())
            .unwrap_or_default()
    }

    /// The financing of a subscription, if any.
    pub fn instalments_of(&self, subscription: &SubscriptionId) -> Option<u32> {
        self.financing
            .iter()
            .find(|f| f.subscription == *subscription)
            .map(|f| f.months)
    }

    /// A customer's tax rate.
    pub fn tax_rate_of(&self, customer: &CustomerId) -> Option<Decimal> {
        self.tax_rates
            .iter()
            .find(|t| t.customer == *customer)
            .map(|t| t.rate)
    }

    /// Checks the settings.
    ///
    /// # Errors
    /// `invalid_input` for a billing day outside 1–28, 0 instalments or more than
    /// [`MAX_INSTALMENTS`](super::MAX_INSTALMENTS), a negative price, markup, rate or
    /// discount, or an ERP discount above 100 %.
    pub fn validate(&self) -> Result<()> {
        self.billing_day.validate()?;
        let bad = |what: &'static str, text: String| Error::InvalidInput {
            what,
            text,
            expected: "a value of at least 0 (instalments: 1 to 120)",
        };
        if let Some(f) = self
            .financing
            .iter()
            .find(|f| f.months == 0 || f.months > super::MAX_INSTALMENTS)
        {
            return Err(bad(
                "instalments",
                format!("{} for {}", f.months, f.subscription),
            ));
        }
        let negative = |d: &Decimal| d.is_sign_negative() && !d.is_zero();
        for r in &self.resale {
            if let Resale::Markup { percent: v } | Resale::Fixed { price: v } = &r.rule {
                if negative(v) {
                    return Err(bad("resale price", v.to_string()));
                }
            }
            if let Resale::ErpDiscount { percent } = &r.rule {
                if negative(percent) || *percent > Decimal::ONE_HUNDRED {
                    return Err(Error::InvalidInput {
                        what: "erp discount",
                        text: format!("{} for {}", percent, r.offer),
                        expected: "a percentage from 0 to 100",
                    });
                }
            }
        }
        if let Some(t) = self.tax_rates.iter().find(|t| negative(&t.rate)) {
            return Err(bad("tax rate", t.rate.to_string()));
        }
        if let Some(d) = self
            .discounts
            .iter()
            .find(|d| negative(&d.percent) || d.percent > Decimal::ONE_HUNDRED)
        {
            return Err(bad("discount", d.percent.to_string()));
        }
        Ok(())
    }
}
