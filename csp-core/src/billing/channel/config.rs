//! The channel's parties as a scenario names them: resellers, their links with the provider,
//! and the reseller of record of customers and subscriptions (SPEC-NCE §17.1).

use chrono::NaiveDate;

use crate::billing::PartnerSettings;
use crate::error::{Error, Result};
use crate::ids::{CustomerId, ResellerId, SubscriptionId};

/// The link between the provider and one of its indirect resellers (SPEC-NCE §17.1): made
/// when the reseller accepts the provider's invitation, active on `[from, to]` (inclusive
/// days; open-ended without `to`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResellerLink {
    /// The reseller.
    pub reseller: ResellerId,
    /// The reseller's partner id (MPN id), written as Microsoft's recon files'
    /// `ResellerMpnId`.
    pub reseller_mpn_id: String,
    /// Whether the reseller has signed the Microsoft Partner Agreement.
    pub mpa_signed: bool,
    /// The day the link was made.
    pub from: NaiveDate,
    /// The last day of the link, when the provider removed it.
    pub to: Option<NaiveDate>,
}

impl ResellerLink {
    /// Whether the link is active on `date`.
    pub fn active_on(&self, date: NaiveDate) -> bool {
        self.from <= date && self.to.is_none_or(|to| date <= to)
    }
}

/// One indirect reseller of the provider, and how each side bills.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Reseller {
    /// The reseller's id (what reseller-of-record entries name).
    pub id: ResellerId,
    /// Its name.
    pub name: String,
    /// Its partner id (MPN id).
    pub mpn_id: String,
    /// Whether it has signed the Microsoft Partner Agreement.
    pub mpa_signed: bool,
    /// The day it accepted the provider's invitation.
    #[cfg_attr(feature = "serde", serde(with = "crate::input::serde_fields::date"))]
    pub linked_from: NaiveDate,
    /// The last day of the link, when the provider removed it.
    #[cfg_attr(
        feature = "serde",
        serde(
            default,
            with = "crate::input::serde_fields::date_opt",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub linked_until: Option<NaiveDate>,
    /// How the provider bills this reseller (hop 1): the provider's name, billing day,
    /// terms, invoice prefix, resale rules (e.g. `erp_discount`), services and tax rates
    /// (keyed by the end customer).
    pub provider_terms: PartnerSettings,
    /// How the reseller bills its customers (hop 2).
    pub settings: PartnerSettings,
}

impl Reseller {
    /// The reseller's link with the provider.
    pub fn link(&self) -> ResellerLink {
        ResellerLink {
            reseller: self.id.clone(),
            reseller_mpn_id: self.mpn_id.clone(),
            mpa_signed: self.mpa_signed,
            from: self.linked_from,
            to: self.linked_until,
        }
    }
}

/// The reseller of record of a customer (or of one of its subscriptions) from a date on:
/// Microsoft's `PartnerIdOnRecord`. `reseller: None` gives the lines back to the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct RecordAssignment {
    /// The customer.
    pub customer: CustomerId,
    /// Only this subscription of the customer (all of them when absent).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub subscription: Option<SubscriptionId>,
    /// The reseller of record, or `null` for the provider itself.
    pub reseller: Option<ResellerId>,
    /// The first day of the lines it applies to.
    #[cfg_attr(feature = "serde", serde(with = "crate::input::serde_fields::date"))]
    pub from: NaiveDate,
}

/// The two-tier channel of a provider's book.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Channel {
    /// The provider's indirect resellers.
    pub resellers: Vec<Reseller>,
    /// Who is the reseller of record, from which date.
    #[cfg_attr(feature = "serde", serde(default))]
    pub reseller_of_record: Vec<RecordAssignment>,
}

/// The reseller of record of every line, checked (see [`Channel::routing`]).
#[derive(Debug, Clone)]
pub struct Routing<'c> {
    /// The assignments with their reseller's index, sorted by customer then date (stable: of
    /// two on one date, the later in the list wins).
    by_customer: Vec<(&'c RecordAssignment, Option<usize>)>,
    /// Per reseller, the customers any assignment names with it (sorted, once each).
    per_reseller: Vec<Vec<&'c CustomerId>>,
}

impl Channel {
    /// The reseller with this id.
    pub fn reseller(&self, id: &ResellerId) -> Option<&Reseller> {
        self.resellers.iter().find(|r| &r.id == id)
    }

    /// Checks the channel and returns its routing.
    ///
    /// # Errors
    /// `duplicate_setting` for two resellers with one id; `reseller_not_linked` for an
    /// assignment naming a reseller the provider has no link with active on its date (an
    /// unknown reseller has none); `reseller_mpa_not_signed` for one naming a reseller that
    /// has not signed the Microsoft Partner Agreement.
    ///
    /// ```
    /// use csp_core::channel::{Channel, RecordAssignment};
    /// let channel = Channel {
    ///     resellers: vec![],
    ///     reseller_of_record: vec![RecordAssignment {
    ///         customer: "contoso".into(),
    ///         subscription: None,
    ///         reseller: Some("fabrikam".into()),
    ///         from: "2024-01-01".parse()?,
    ///     }],
    /// };
    /// assert_eq!(channel.routing().unwrap_err().code(), "reseller_not_linked");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn routing(&self) -> Result<Routing<'_>> {
        for (i, r) in self.resellers.iter().enumerate() {
            if let Some(j) = self.resellers[..i].iter().position(|o| o.id == r.id) {
                return Err(Error::DuplicateSetting {
                    what: "reseller",
                    key: r.id.to_string(),
                    field: "resellers",
                    first: u32::try_from(j).unwrap_or(u32::MAX),
                    second: u32::try_from(i).unwrap_or(u32::MAX),
                });
            }
        }
        let mut by_customer = Vec::with_capacity(self.reseller_of_record.len());
        for a in &self.reseller_of_record {
            let index = match &a.reseller {
                None => None,
                Some(id) => {
                    let i = self.resellers.iter().position(|r| &r.id == id);
                    let linked = i
                        .and_then(|i| self.resellers.get(i))
                        .filter(|r| r.link().active_on(a.from));
                    let Some(r) = linked else {
                        return Err(Error::ResellerNotLinked {
                            reseller: id.to_string(),
                            date: a.from,
                        });
                    };
                    if !r.mpa_signed {
                        return Err(Error::ResellerMpaNotSigned {
                            reseller: id.to_string(),
                        });
                    }
                    i
                }
            };
            by_customer.push((a, index));
        }
        by_customer.sort_by(|(a, _), (b, _)| (&a.customer, a.from).cmp(&(&b.customer, b.from)));
        let mut per_reseller: Vec<Vec<&CustomerId>> = vec![Vec::new(); self.resellers.len()];
        for (a, i) in &by_customer {
            if let Some(list) = i.and_then(|i| per_reseller.get_mut(i)) {
                if list.last() != Some(&&a.customer) {
                    list.push(&a.customer);
                }
            }
        }
        Ok(Routing {
            by_customer,
            per_reseller,
        })
    }
}

impl Routing<'_> {
    /// The index (in [`Channel::resellers`]) of the reseller of record of a line of
    /// `customer`'s `subscription` dated `date`: the latest assignment of the customer (for
    /// all its subscriptions or for this one) dated on or before `date`; `None` when the
    /// provider bills the line itself.
    pub fn reseller_of(
        &self,
        customer: &CustomerId,
        subscription: &SubscriptionId,
        date: NaiveDate,
    ) -> Option<usize> {
        self.assignments_of(customer)
            .iter()
            .take_while(|(a, _)| a.from <= date)
            .filter(|(a, _)| a.subscription.as_ref().is_none_or(|s| s == subscription))
            .last()
            .and_then(|(_, i)| *i)
    }

    /// Whether any assignment names `customer` (its lines may go to a reseller).
    pub fn names(&self, customer: &CustomerId) -> bool {
        !self.assignments_of(customer).is_empty()
    }

    /// The resellers (indices in [`Channel::resellers`], sorted, once each) that any
    /// assignment of `customer` names: the only ones its lines can go to.
    pub fn resellers_of(&self, customer: &CustomerId) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .assignments_of(customer)
            .iter()
            .filter_map(|(_, i)| *i)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The customers (sorted, once each) that any assignment names with reseller `index`:
    /// the only ones whose lines can go to it.
    pub fn customers_of(&self, index: usize) -> &[&CustomerId] {
        self.per_reseller.get(index).map_or(&[], Vec::as_slice)
    }

    fn assignments_of(&self, customer: &CustomerId) -> &[(&RecordAssignment, Option<usize>)] {
        let start = self
            .by_customer
            .partition_point(|(a, _)| &a.customer < customer);
        let end =
            start + self.by_customer[start..].partition_point(|(a, _)| &a.customer == customer);
        &self.by_customer[start..end]
    }
}
