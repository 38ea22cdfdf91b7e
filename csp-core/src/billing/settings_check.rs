//! The partner settings checked against the scenario they bill (SPEC §8): every customer a
//! setting names exists, and no setting is given twice.
//!
//! A tax rate for a customer the scenario does not know would be ignored, and a second tax
//! rate for one customer would be silently overruled by the first: both bill plausible money
//! for a mistake, so both are refused.

use std::collections::{BTreeMap, HashMap};

use super::{PartnerSettings, Service};
use crate::catalog::Customer;
use crate::error::{Error, Result};
use crate::ids::CustomerId;

impl PartnerSettings {
    /// Checks the settings against the customers they bill.
    ///
    /// # Errors
    /// `unknown_customer` for a tax rate, monthly or one-time fee or discount naming a customer
    /// not in `customers` (with where: `tax_rates[2]`); `duplicate_setting` for two tax rates of
    /// one customer, two resale rules of one offer or two financings of one subscription.
    pub fn check_against(&self, customers: &BTreeMap<CustomerId, Customer>) -> Result<()> {
        let known = |customer: &CustomerId, used_in: String| {
            if customers.contains_key(customer) {
                Ok(())
            } else {
                Err(Error::UnknownCustomer {
                    customer: customer.to_string(),
                    used_in: format!("the partner settings' {used_in}"),
                })
            }
        };
        for (i, t) in self.tax_rates.iter().enumerate() {
            known(&t.customer, format!("tax_rates[{i}]"))?;
        }
        for (i, d) in self.discounts.iter().enumerate() {
            known(&d.customer, format!("discounts[{i}]"))?;
        }
        for (i, s) in self.services.iter().enumerate() {
            if let Service::MonthlyFee { customer, .. } | Service::OneTime { customer, .. } = s {
                known(customer, format!("services[{i}]"))?;
            }
        }
        once(
            "tax rate",
            "tax_rates",
            self.tax_rates.iter().map(|t| t.customer.as_str()),
        )?;
        once(
            "resale rule",
            "resale",
            self.resale.iter().map(|r| r.offer.as_str()),
        )?;
        once(
            "financing",
            "financing",
            self.financing.iter().map(|f| f.subscription.as_str()),
        )
    }
}

impl PartnerSettings {
    /// The settings of the customers `keep` selects: their tax rates, discounts and monthly
    /// and one-time fees (the settings of a part of a book, see
    /// [`Scenario::split_by_customer`](crate::scenario::Scenario::split_by_customer)); resale
    /// rules, per-seat fees and financing are kept whole.
    pub fn for_customers(&self, keep: impl Fn(&CustomerId) -> bool) -> PartnerSettings {
        let mut part = self.clone();
        part.tax_rates.retain(|t| keep(&t.customer));
        part.discounts.retain(|d| keep(&d.customer));
        part.services.retain(|s| match s {
            Service::MonthlyFee { customer, .. } | Service::OneTime { customer, .. } => {
                keep(customer)
            }
            Service::PerSeatFee { .. } => true,
        });
        part
    }
}

/// `duplicate_setting` for the first key given twice.
fn once<'a>(
    what: &'static str,
    field: &'static str,
    keys: impl Iterator<Item = &'a str>,
) -> Result<()> {
    let mut seen: HashMap<&str, u32> = HashMap::new();
    for (i, key) in (0u32..).zip(keys) {
        if let Some(first) = seen.insert(key, i) {
            return Err(Error::DuplicateSetting {
                what,
                key: key.to_string(),
                field,
                first,
                second: i,
            });
        }
    }
    Ok(())
}
