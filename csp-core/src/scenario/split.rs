//! A scenario split by customer (SPEC §8, §10.6), for engines that bill a book in parts
//! (Dask, Ray, Spark): each part holds a range of customers with every event of their
//! subscriptions, and the rest of the scenario as it is.

use super::Scenario;
use crate::charges::by_customer;
use crate::subscription::Event;

impl Scenario {
    /// The scenario in at most `parts` parts (at least one), each with a contiguous range of
    /// the customers in id order (as even in number as can be) and the events of their
    /// subscriptions ([`crate::charges::by_customer`]) in the scenario's order; the first part
    /// also has the events of no known customer (they are refused there as in the whole).
    /// Offers, price lists and options are copied into every part, and the partner settings
    /// with only the part's customers' tax rates, discounts and fees
    /// ([`PartnerSettings::for_customers`](crate::billing::PartnerSettings::for_customers)).
    ///
    /// Billing the parts gives the whole scenario's bills, customer for customer: a part's
    /// bills are those of its customers, and the totals of the parts add up to the whole's
    /// (invoice numbers start again in each part: give each part's `first_number` as the
    /// previous part's plus its number of bills to number them as the whole does).
    ///
    /// ```
    /// use csp_core::scenario::Scenario;
    /// let demo = Scenario::from_json(include_str!("../../../testdata/scenarios/demo-partner.json"))?;
    /// let parts = demo.split_by_customer(3);
    /// assert_eq!(parts.len(), 3);
    /// let customers: usize = parts.iter().map(|p| p.customers.len()).sum();
    /// assert_eq!(customers, demo.customers.len());
    /// # Ok::<(), csp_core::Error>(())
    /// ```
    pub fn split_by_customer(&self, parts: usize) -> Vec<Scenario> {
        let mut customers = self.customers.clone();
        customers.sort_by(|a, b| a.id.cmp(&b.id));
        let parts = parts.clamp(1, customers.len().max(1));
        let n = customers.len();
        // Customer i (in id order) goes to part i × parts / n.
        let part_of = |i: usize| i * parts / n.max(1);
        let mut out: Vec<Scenario> = (0..parts)
            .map(|_| Scenario {
                customers: Vec::new(),
                events: Vec::new(),
                ..self.header()
            })
            .collect();
        let mut index_of = std::collections::HashMap::new();
        for (i, c) in customers.into_iter().enumerate() {
            index_of.insert(c.id.clone(), part_of(i));
            out[part_of(i)].customers.push(c);
        }
        let mut event_parts: Vec<Vec<usize>> = vec![Vec::new(); parts];
        for group in by_customer(&self.events, |_| true) {
            let part = group
                .customer
                .as_ref()
                .and_then(|c| index_of.get(c))
                .copied()
                .unwrap_or(0);
            event_parts[part].extend(group.indices);
        }
        for scenario in &mut out {
            let ids: std::collections::HashSet<_> =
                scenario.customers.iter().map(|c| c.id.clone()).collect();
            scenario.partner = self
                .partner
                .as_ref()
                .map(|p| p.for_customers(|c| ids.contains(c)));
        }
        for (scenario, mut indices) in out.iter_mut().zip(event_parts) {
            indices.sort_unstable();
            scenario.events = indices
                .into_iter()
                .filter_map(|i| self.events.get(i).cloned())
                .collect::<Vec<Event>>();
        }
        out
    }

    /// The scenario without customers and events.
    fn header(&self) -> Scenario {
        Scenario {
            version: self.version,
            program: self.program.clone(),
            currency: self.currency,
            as_of: self.as_of,
            policy: self.policy,
            form: self.form,
            default_actor: self.default_actor.clone(),
            offers: self.offers.clone(),
            customers: Vec::new(),
            price_lists: self.price_lists.clone(),
            events: Vec::new(),
            partner: self.partner.clone(),
        }
    }
}
