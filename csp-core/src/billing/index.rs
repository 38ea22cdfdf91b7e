//! The partner's settings by key (SPEC §8), built once per bill run: the bill of one
//! customer reads only its own entries, so a book of many customers bills in linear time.
//!
//! Each lookup answers as the list scans of [`PartnerSettings`] do: the first entry for a
//! key wins (`resale_of`, `instalments_of`, `tax_rate_of`), and services keep their order.

use rust_decimal::Decimal;

use crate::batch::FxMap;

use super::settings::{Discount, PartnerSettings, Resale, Service};
use crate::catalog::{CustomerId, OfferId, SubscriptionId};

/// The settings, indexed.
#[derive(Debug)]
pub(super) struct SettingsIndex<'a> {
    resale: FxMap<&'a OfferId, &'a Resale>,
    instalments: FxMap<&'a SubscriptionId, u32>,
    tax_rates: FxMap<&'a CustomerId, Decimal>,
    /// Per-seat fees (indices into `services`) by subscription and by offer.
    fees_by_subscription: FxMap<&'a SubscriptionId, Vec<usize>>,
    fees_by_offer: FxMap<&'a OfferId, Vec<usize>>,
    /// Monthly and one-time fees (indices into `services`) by customer.
    customer_services: FxMap<&'a CustomerId, Vec<usize>>,
    discounts: FxMap<&'a CustomerId, Vec<&'a Discount>>,
    /// The default resale rule.
    erp: Resale,
}

impl<'a> SettingsIndex<'a> {
    /// Indexes `settings`.
    pub(super) fn new(settings: &'a PartnerSettings) -> SettingsIndex<'a> {
        let mut index = SettingsIndex {
            resale: FxMap::default(),
            instalments: FxMap::default(),
            tax_rates: FxMap::default(),
            fees_by_subscription: FxMap::default(),
            fees_by_offer: FxMap::default(),
            customer_services: FxMap::default(),
            discounts: FxMap::default(),
            erp: Resale::default(),
        };
        for r in &settings.resale {
            index.resale.entry(&r.offer).or_insert(&r.rule);
        }
        for f in &settings.financing {
            index.instalments.entry(&f.subscription).or_insert(f.months);
        }
        for t in &settings.tax_rates {
            index.tax_rates.entry(&t.customer).or_insert(t.rate);
        }
        for (i, service) in settings.services.iter().enumerate() {
            match service {
                Service::PerSeatFee {
                    subscription,
                    offer,
                    ..
                } => {
                    if let Some(s) = subscription {
                        index.fees_by_subscription.entry(s).or_default().push(i);
                    }
                    if let Some(o) = offer {
                        index.fees_by_offer.entry(o).or_default().push(i);
                    }
                }
                Service::MonthlyFee { customer, .. } | Service::OneTime { customer, .. } => {
                    index.customer_services.entry(customer).or_default().push(i);
                }
            }
        }
        for d in &settings.discounts {
            index.discounts.entry(&d.customer).or_default().push(d);
        }
        index
    }

    /// The resale rule of an offer (ERP by default).
    pub(super) fn resale_of(&self, offer: &OfferId) -> &Resale {
        self.resale.get(offer).copied().unwrap_or(&self.erp)
    }

    /// The financing of a subscription, if any.
    pub(super) fn instalments_of(&self, subscription: &SubscriptionId) -> Option<u32> {
        self.instalments.get(subscription).copied()
    }

    /// A customer's tax rate.
    pub(super) fn tax_rate_of(&self, customer: &CustomerId) -> Option<Decimal> {
        self.tax_rates.get(customer).copied()
    }

    /// The per-seat fees (indices into `services`, in order, each once) that apply to a line
    /// of `subscription` on `offer`.
    pub(super) fn seat_fees(&self, subscription: &SubscriptionId, offer: &OfferId) -> Vec<usize> {
        let none = Vec::new();
        let a = self.fees_by_subscription.get(subscription).unwrap_or(&none);
        let b = self.fees_by_offer.get(offer).unwrap_or(&none);
        let mut all: Vec<usize> = a.iter().chain(b).copied().collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    /// The monthly and one-time fees of a customer (indices into `services`, in order).
    pub(super) fn customer_services(&self, customer: &CustomerId) -> &[usize] {
        self.customer_services
            .get(customer)
            .map_or(&[], Vec::as_slice)
    }

    /// A customer's discounts, in order.
    pub(super) fn discounts_of(&self, customer: &CustomerId) -> &[&'a Discount] {
        self.discounts.get(customer).map_or(&[], Vec::as_slice)
    }
}
