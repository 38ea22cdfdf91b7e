//! Offers, customers and who may buy what (SPEC §4, §10.11, §10.13).
//!
//! ```
//! use csp_core::catalog::*;
//! let e3 = Offer::base("796B6B5F-613C-4E24-A17C-EBA730D49C02", "Office 365 Enterprise E3", LicenseAgreementType::Corporate);
//! let school = Customer::new("contoso-school", "Contoso School", Segment::Education, TenantOrigin::CreatedByPartner);
//! let program = csp_core::program::Program::legacy_2015();
//! check_order_eligibility(&school, &e3, &program)?; // corporate offers sell to every segment
//!
//! let gov = Offer::base("GOV-E3", "Office 365 E3 Government", LicenseAgreementType::Government);
//! assert_eq!(check_order_eligibility(&school, &gov, &program).unwrap_err().code(), "segment_not_eligible");
//! # Ok::<(), csp_core::Error>(())
//! ```

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::calendar::Period;
use crate::error::{Error, Result};
use crate::price_list::{PriceBook, PriceRow};
use crate::program::Program;

// The ids and the price-file words live in the leaf modules `ids` and `vocab`; they stay
// reachable here, at their first path.
pub use crate::ids::{CustomerId, OfferId, SubscriptionId};
pub use crate::vocab::{LicenseAgreementType, SecondaryType, Segment};

impl LicenseAgreementType {
    /// Whether an offer of this type can be sold to a customer of `segment`.
    pub fn sells_to(&self, segment: Segment) -> bool {
        match self {
            LicenseAgreementType::Corporate => true,
            LicenseAgreementType::Government => segment == Segment::Government,
            LicenseAgreementType::Academic => segment == Segment::Education,
        }
    }
}

/// What kind of offer this is, with an add-on's prerequisites (which come from the catalog,
/// never from a price list file).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)
)]
pub enum OfferKind {
    /// A base offer.
    Base,
    /// An add-on, orderable on an active base subscription of one of `prerequisites`.
    AddOn {
        /// The base offers this add-on can be attached to.
        prerequisites: Vec<OfferId>,
    },
    /// A trial offer (never sold through this program).
    Trial,
}

impl OfferKind {
    /// The matching price-list column value.
    pub fn secondary_type(&self) -> SecondaryType {
        match self {
            OfferKind::Base => SecondaryType::Base,
            OfferKind::AddOn { .. } => SecondaryType::AddOn,
            OfferKind::Trial => SecondaryType::Trial,
        }
    }
}

/// An offer of the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Offer {
    /// The offer id.
    pub id: OfferId,
    /// Display name.
    pub name: String,
    /// License agreement type.
    pub agreement_type: LicenseAgreementType,
    /// Base, add-on (with prerequisites) or trial.
    pub kind: OfferKind,
}

impl Offer {
    /// The offer a price-list row describes: its id, name, agreement type, and kind from
    /// the secondary license type (an add-on without prerequisites).
    pub fn from_price_row(row: &PriceRow) -> Offer {
        let kind = match row.secondary_type {
            SecondaryType::Base => OfferKind::Base,
            SecondaryType::AddOn => OfferKind::AddOn {
                prerequisites: Vec::new(),
            },
            SecondaryType::Trial => OfferKind::Trial,
        };
        Offer {
            id: row.offer_id.clone(),
            name: row.offer_name.clone(),
            agreement_type: row.agreement_type,
            kind,
        }
    }

    /// A base offer.
    pub fn base(id: &str, name: &str, agreement_type: LicenseAgreementType) -> Offer {
        Offer {
            id: OfferId::new(id),
            name: name.to_string(),
            agreement_type,
            kind: OfferKind::Base,
        }
    }

    /// An add-on offer with its prerequisite base offers.
    pub fn add_on(
        id: &str,
        name: &str,
        agreement_type: LicenseAgreementType,
        prerequisites: &[&str],
    ) -> Offer {
        Offer {
            id: OfferId::new(id),
            name: name.to_string(),
            agreement_type,
            kind: OfferKind::AddOn {
                prerequisites: prerequisites.iter().map(OfferId::new).collect(),
            },
        }
    }

    /// A trial offer.
    pub fn trial(id: &str, name: &str, agreement_type: LicenseAgreementType) -> Offer {
        Offer {
            id: OfferId::new(id),
            name: name.to_string(),
            agreement_type,
            kind: OfferKind::Trial,
        }
    }

    /// Whether `base` is one of this add-on's prerequisites (`false` for a non-add-on).
    pub fn accepts_base(&self, base: &OfferId) -> bool {
        match &self.kind {
            OfferKind::AddOn { prerequisites } => prerequisites.contains(base),
            _ => false,
        }
    }
}

/// The offers a partner can sell, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "Vec<Offer>", into = "Vec<Offer>"))]
pub struct Catalog {
    offers: BTreeMap<OfferId, Offer>,
}

impl Catalog {
    /// An empty catalog.
    pub fn new() -> Catalog {
        Catalog::default()
    }

    /// Adds an offer.
    ///
    /// # Errors
    /// `duplicate_offer` when the id is already present (the catalog is unchanged).
    pub fn add(&mut self, offer: Offer) -> Result<()> {
        if self.offers.contains_key(&offer.id) {
            return Err(Error::DuplicateOffer { offer: offer.id });
        }
        self.offers.insert(offer.id.clone(), offer);
        Ok(())
    }

    /// The offer with this id.
    ///
    /// # Errors
    /// `unknown_offer`.
    pub fn get(&self, id: &OfferId) -> Result<&Offer> {
        self.offers
            .get(id)
            .ok_or_else(|| Error::UnknownOffer { offer: id.clone() })
    }

    /// Every offer, by id.
    pub fn offers(&self) -> impl Iterator<Item = &Offer> {
        self.offers.values()
    }

    /// Adds the offer of each price row whose offer is not in the catalog yet
    /// ([`Offer::from_price_row`]): offers already present are kept, and among rows of one
    /// offer the first wins. This is how a scenario and a quote complete their catalog from
    /// their price lists (SPEC §4).
    pub fn add_price_rows<'a>(&mut self, rows: impl IntoIterator<Item = &'a PriceRow>) {
        for row in rows {
            self.offers
                .entry(row.offer_id.clone())
                .or_insert_with(|| Offer::from_price_row(row));
        }
    }

    /// The catalog of a price book's offers: [`Catalog::add_price_rows`] over its monthly lists
    /// in the book's order.
    pub fn from_book(book: &PriceBook) -> Catalog {
        let mut catalog = Catalog::new();
        catalog.add_price_rows(book.lists().flat_map(|list| list.rows()));
        catalog
    }
}

impl TryFrom<Vec<Offer>> for Catalog {
    type Error = Error;
    fn try_from(offers: Vec<Offer>) -> Result<Self> {
        let mut c = Catalog::new();
        for o in offers {
            c.add(o)?;
        }
        Ok(c)
    }
}

impl From<Catalog> for Vec<Offer> {
    fn from(c: Catalog) -> Self {
        c.offers.into_values().collect()
    }
}

/// Where a customer's tenant came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum TenantOrigin {
    /// Created by the partner in Partner Center.
    CreatedByPartner,
    /// An existing tenant that bought directly from Microsoft (it may hold direct trials).
    ExistingDirect,
    /// A tenant that already holds subscriptions bought through a syndication channel:
    /// it cannot be used for CSP.
    Syndication,
}

/// A customer tenant.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Customer {
    /// The customer id.
    pub id: CustomerId,
    /// Display name.
    pub name: String,
    /// Segment.
    pub segment: Segment,
    /// Origin of the tenant.
    pub origin: TenantOrigin,
    /// Whether the partner holds delegated admin privileges for the tenant (2015 CSP
    /// customers granted them to their partner; default `true`).
    #[cfg_attr(feature = "serde", serde(default = "yes"))]
    pub delegated_admin: bool,
}

#[cfg(feature = "serde")]
fn yes() -> bool {
    true
}

impl Customer {
    /// A customer.
    pub fn new(id: &str, name: &str, segment: Segment, origin: TenantOrigin) -> Customer {
        Customer {
            id: CustomerId::new(id),
            name: name.to_string(),
            segment,
            origin,
            delegated_admin: true,
        }
    }
}

/// Whether `customer` may be sold `offer` through CSP.
///
/// Refusals, in this order (SPEC §10.11): a syndication tenant (`tenant_not_eligible`), a trial
/// offer when the program has no trials (`trial_not_offered`), a government/academic offer for another segment
/// (`segment_not_eligible`). Add-ons are not segment-checked (SPEC §10.13): Microsoft lists
/// them regardless of segment. Whether an add-on has an active prerequisite base is the
/// subscription's concern, not this check's.
///
/// # Errors
/// As listed above.
pub fn check_order_eligibility(
    customer: &Customer,
    offer: &Offer,
    program: &Program,
) -> Result<()> {
    if customer.origin == TenantOrigin::Syndication {
        return Err(Error::TenantNotEligible {
            customer: customer.id.to_string(),
            reason: "its tenant holds subscriptions bought through a syndication channel",
        });
    }
    match offer.kind {
        OfferKind::Trial if !program.trials_allowed => Err(Error::TrialNotOffered {
            offer: offer.id.clone(),
        }),
        OfferKind::AddOn { .. } => Ok(()),
        _ if offer.agreement_type.sells_to(customer.segment) => Ok(()),
        _ => Err(Error::SegmentNotEligible {
            offer: offer.id.clone(),
            agreement_type: offer.agreement_type,
            segment: customer.segment,
        }),
    }
}

/// A trial the customer started directly with Microsoft (not through CSP).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DirectTrial {
    /// The customer holding the trial.
    pub customer: CustomerId,
    /// The trial's dates (30 days for Office 365 trials).
    pub period: Period,
}

/// The outcome of transitioning a direct trial to a paid CSP subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TrialTransition {
    /// The paid offer ordered.
    pub offer: OfferId,
    /// The CSP subscription's start (and order) date: the transition date.
    pub starts_on: NaiveDate,
    /// The trial's last day: the day before the transition.
    pub trial_ends_on: NaiveDate,
}

/// Transitions `customer`'s direct `trial` to a paid CSP subscription of `offer` on `on`.
///
/// The transition is an order on `on` with the usual checks (SPEC §10.11), made while the
/// trial runs: the CSP subscription starts on `on`, and the trial ends the day before.
///
/// # Errors
/// `tenant_not_eligible` for a tenant the partner created (it cannot hold a direct trial);
/// `customer_mismatch` when the trial belongs to another customer; `date_outside_term` when `on` is outside the trial's dates (a trial cannot be converted
/// after it expired); then the eligibility refusals of [`check_order_eligibility`].
pub fn transition_direct_trial(
    customer: &Customer,
    trial: &DirectTrial,
    offer: &Offer,
    on: NaiveDate,
    program: &Program,
) -> Result<TrialTransition> {
    if customer.origin != TenantOrigin::ExistingDirect
        && customer.origin != TenantOrigin::Syndication
    {
        return Err(Error::TenantNotEligible {
            customer: customer.id.to_string(),
            reason: "only an existing direct tenant can hold a direct trial",
        });
    }
    if trial.customer != customer.id {
        return Err(Error::CustomerMismatch {
            expected: trial.customer.to_string(),
            actual: customer.id.to_string(),
        });
    }
    trial.period.require_in_term(on)?;
    check_order_eligibility(customer, offer, program)?;
    let trial_ends_on = crate::calendar::add_days(on, -1)?;
    Ok(TrialTransition {
        offer: offer.id.clone(),
        starts_on: on,
        trial_ends_on,
    })
}

#[cfg(test)]
mod tests;
