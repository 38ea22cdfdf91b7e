//! The file form of events: a flat object tagged by `type` (scenario files, bindings).
//!
//! ```json
//! {"date": "2018-01-13", "subscription": "s1", "type": "order", "customer": "contoso",
//!  "offer": "E1", "quantity": 1, "frequency": "monthly"}
//! {"date": "2018-02-01", "subscription": "s1", "type": "add_seats", "quantity": 1}
//! {"date": "2018-02-01", "subscription": "a1", "type": "add_on", "base": "s1", "offer": "ARM", "quantity": 1}
//! {"date": "2018-03-01", "subscription": "s1", "type": "remove_seats", "quantity": 1, "billed_on": "2018-03-13"}
//! {"date": "2018-04-01", "subscription": "s1", "type": "suspend"}
//! {"date": "2018-04-20", "subscription": "s1", "type": "reactivate"}
//! {"date": "2016-03-20", "subscription": "s2", "type": "transition_trial", "customer": "contoso",
//!  "offer": "E3", "quantity": 25, "frequency": "annual", "trial_start": "2016-03-10", "trial_end": "2016-04-08"}
//! ```

use chrono::NaiveDate;

use super::{BillingFrequency, Event, EventKind};
use crate::calendar::Period;
use crate::catalog::{CustomerId, OfferId, SubscriptionId};

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum EventRepr {
    Order {
        date: NaiveDate,
        subscription: SubscriptionId,
        customer: CustomerId,
        offer: OfferId,
        quantity: u32,
        frequency: BillingFrequency,
    },
    AddOn {
        date: NaiveDate,
        subscription: SubscriptionId,
        base: SubscriptionId,
        offer: OfferId,
        quantity: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        frequency: Option<BillingFrequency>,
    },
    AddSeats {
        date: NaiveDate,
        subscription: SubscriptionId,
        quantity: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        billed_on: Option<NaiveDate>,
    },
    RemoveSeats {
        date: NaiveDate,
        subscription: SubscriptionId,
        quantity: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        billed_on: Option<NaiveDate>,
    },
    Suspend {
        date: NaiveDate,
        subscription: SubscriptionId,
    },
    Reactivate {
        date: NaiveDate,
        subscription: SubscriptionId,
    },
    TransitionTrial {
        date: NaiveDate,
        subscription: SubscriptionId,
        customer: CustomerId,
        offer: OfferId,
        quantity: u32,
        frequency: BillingFrequency,
        trial_start: NaiveDate,
        trial_end: NaiveDate,
    },
}

impl TryFrom<EventRepr> for Event {
    type Error = crate::Error;
    fn try_from(r: EventRepr) -> crate::Result<Event> {
        let (date, subscription, kind) = match r {
            EventRepr::Order {
                date,
                subscription,
                customer,
                offer,
                quantity,
                frequency,
            } => (
                date,
                subscription,
                EventKind::Order {
                    customer,
                    offer,
                    quantity,
                    frequency,
                },
            ),
            EventRepr::AddOn {
                date,
                subscription,
                base,
                offer,
                quantity,
                frequency,
            } => (
                date,
                subscription,
                EventKind::OrderAddOn {
                    base,
                    offer,
                    quantity,
                    frequency,
                },
            ),
            EventRepr::AddSeats {
                date,
                subscription,
                quantity,
                billed_on,
            } => (
                date,
                subscription,
                EventKind::AddSeats {
                    quantity,
                    billed_on,
                },
            ),
            EventRepr::RemoveSeats {
                date,
                subscription,
                quantity,
                billed_on,
            } => (
                date,
                subscription,
                EventKind::RemoveSeats {
                    quantity,
                    billed_on,
                },
            ),
            EventRepr::Suspend { date, subscription } => (date, subscription, EventKind::Suspend),
            EventRepr::Reactivate { date, subscription } => {
                (date, subscription, EventKind::Reactivate)
            }
            EventRepr::TransitionTrial {
                date,
                subscription,
                customer,
                offer,
                quantity,
                frequency,
                trial_start,
                trial_end,
            } => {
                let trial = Period::new(trial_start, trial_end)?;
                (
                    date,
                    subscription,
                    EventKind::TransitionTrial {
                        customer,
                        offer,
                        quantity,
                        frequency,
                        trial,
                    },
                )
            }
        };
        Ok(Event {
            date,
            subscription,
            kind,
        })
    }
}

impl From<&Event> for EventRepr {
    fn from(e: &Event) -> EventRepr {
        let date = e.date;
        let subscription = e.subscription.clone();
        match e.kind.clone() {
            EventKind::Order {
                customer,
                offer,
                quantity,
                frequency,
            } => EventRepr::Order {
                date,
                subscription,
                customer,
                offer,
                quantity,
                frequency,
            },
            EventKind::OrderAddOn {
                base,
                offer,
                quantity,
                frequency,
            } => EventRepr::AddOn {
                date,
                subscription,
                base,
                offer,
                quantity,
                frequency,
            },
            EventKind::AddSeats {
                quantity,
                billed_on,
            } => EventRepr::AddSeats {
                date,
                subscription,
                quantity,
                billed_on,
            },
            EventKind::RemoveSeats {
                quantity,
                billed_on,
            } => EventRepr::RemoveSeats {
                date,
                subscription,
                quantity,
                billed_on,
            },
            EventKind::Suspend => EventRepr::Suspend { date, subscription },
            EventKind::Reactivate => EventRepr::Reactivate { date, subscription },
            EventKind::TransitionTrial {
                customer,
                offer,
                quantity,
                frequency,
                trial,
            } => EventRepr::TransitionTrial {
                date,
                subscription,
                customer,
                offer,
                quantity,
                frequency,
                trial_start: trial.first(),
                trial_end: trial.last(),
            },
        }
    }
}

impl serde::Serialize for Event {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        EventRepr::from(self).serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Event {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let repr = EventRepr::deserialize(d)?;
        Event::try_from(repr).map_err(serde::de::Error::custom)
    }
}
