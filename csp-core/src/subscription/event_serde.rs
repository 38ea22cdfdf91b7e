//! The file form of events: a flat object tagged by `type` (SPEC §5, §7, §8).
//!
//! Scenario files and the bindings read it. Every event may name its acting user in `actor`;
//! without it the scenario's `default_actor` acts.
//!
//! ```json
//! {"date": "2018-01-13", "subscription": "s1", "type": "order", "customer": "contoso",
//!  "offer": "E1", "quantity": 1, "frequency": "monthly"}
//! {"date": "2018-02-01", "subscription": "s1", "type": "add_seats", "quantity": 1}
//! {"date": "2018-02-01", "subscription": "a1", "type": "add_on", "base": "s1", "offer": "ARM", "quantity": 1}
//! {"date": "2018-03-01", "subscription": "s1", "type": "remove_seats", "quantity": 1, "billed_on": "2018-03-13"}
//! {"date": "2018-04-01", "subscription": "s1", "type": "suspend"}
//! {"date": "2018-04-20", "subscription": "s1", "type": "reactivate",
//!  "actor": {"type": "partner", "program": "csp", "roles": ["sales_agent"]}}
//! {"date": "2016-03-20", "subscription": "s2", "type": "transition_trial", "customer": "contoso",
//!  "offer": "E3", "quantity": 25, "frequency": "annual", "trial_start": "2016-03-10", "trial_end": "2016-04-08"}
//! ```

use chrono::NaiveDate;

use super::{BillingFrequency, Event, EventKind};
use crate::access::Actor;
use crate::calendar::Period;
use crate::ids::{CustomerId, OfferId, SubscriptionId};

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum EventRepr {
    Order {
        #[serde(with = "crate::input::serde_fields::date")]
        date: NaiveDate,
        subscription: SubscriptionId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        actor: Option<Actor>,
        customer: CustomerId,
        offer: OfferId,
        #[serde(with = "crate::input::serde_fields::seats")]
        quantity: u32,
        frequency: BillingFrequency,
    },
    AddOn {
        #[serde(with = "crate::input::serde_fields::date")]
        date: NaiveDate,
        subscription: SubscriptionId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        actor: Option<Actor>,
        base: SubscriptionId,
        offer: OfferId,
        #[serde(with = "crate::input::serde_fields::seats")]
        quantity: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        frequency: Option<BillingFrequency>,
    },
    AddSeats {
        #[serde(with = "crate::input::serde_fields::date")]
        date: NaiveDate,
        subscription: SubscriptionId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        actor: Option<Actor>,
        #[serde(with = "crate::input::serde_fields::seats")]
        quantity: u32,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "crate::input::serde_fields::date_opt"
        )]
        billed_on: Option<NaiveDate>,
    },
    RemoveSeats {
        #[serde(with = "crate::input::serde_fields::date")]
        date: NaiveDate,
        subscription: SubscriptionId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        actor: Option<Actor>,
        #[serde(with = "crate::input::serde_fields::seats")]
        quantity: u32,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "crate::input::serde_fields::date_opt"
        )]
        billed_on: Option<NaiveDate>,
    },
    Suspend {
        #[serde(with = "crate::input::serde_fields::date")]
        date: NaiveDate,
        subscription: SubscriptionId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        actor: Option<Actor>,
    },
    Reactivate {
        #[serde(with = "crate::input::serde_fields::date")]
        date: NaiveDate,
        subscription: SubscriptionId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        actor: Option<Actor>,
    },
    TransitionTrial {
        #[serde(with = "crate::input::serde_fields::date")]
        date: NaiveDate,
        subscription: SubscriptionId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        actor: Option<Actor>,
        customer: CustomerId,
        offer: OfferId,
        #[serde(with = "crate::input::serde_fields::seats")]
        quantity: u32,
        frequency: BillingFrequency,
        #[serde(with = "crate::input::serde_fields::date")]
        trial_start: NaiveDate,
        #[serde(with = "crate::input::serde_fields::date")]
        trial_end: NaiveDate,
    },
}

/// Both conversions between [`Event`] and its file form, from one table of the kinds whose file
/// form holds the kind's own fields unchanged (file variant <=> kind variant { fields }). A
/// transitioned trial's period is written as `trial_start` and `trial_end`, by hand below.
macro_rules! event_forms {
    ($($repr:ident <=> $kind:ident { $($field:ident),* }),* $(,)?) => {
        impl TryFrom<EventRepr> for Event {
            type Error = crate::Error;
            fn try_from(r: EventRepr) -> crate::Result<Event> {
                let (date, subscription, actor, kind) = match r {
                    $(EventRepr::$repr { date, subscription, actor, $($field),* } => {
                        (date, subscription, actor, EventKind::$kind { $($field),* })
                    })*
                    EventRepr::TransitionTrial {
                        date,
                        subscription,
                        actor,
                        customer,
                        offer,
                        quantity,
                        frequency,
                        trial_start,
                        trial_end,
                    } => {
                        let trial = Period::new(trial_start, trial_end)?;
                        let kind = EventKind::TransitionTrial {
                            customer,
                            offer,
                            quantity,
                            frequency,
                            trial,
                        };
                        (date, subscription, actor, kind)
                    }
                };
                Ok(Event {
                    date,
                    subscription,
                    kind,
                    actor,
                })
            }
        }

        impl From<&Event> for EventRepr {
            fn from(e: &Event) -> EventRepr {
                let (date, subscription, actor) = (e.date, e.subscription.clone(), e.actor.clone());
                match e.kind.clone() {
                    $(EventKind::$kind { $($field),* } => {
                        EventRepr::$repr { date, subscription, actor, $($field),* }
                    })*
                    EventKind::TransitionTrial {
                        customer,
                        offer,
                        quantity,
                        frequency,
                        trial,
                    } => EventRepr::TransitionTrial {
                        date,
                        subscription,
                        actor,
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
    };
}

event_forms! {
    Order <=> Order { customer, offer, quantity, frequency },
    AddOn <=> OrderAddOn { base, offer, quantity, frequency },
    AddSeats <=> AddSeats { quantity, billed_on },
    RemoveSeats <=> RemoveSeats { quantity, billed_on },
    Suspend <=> Suspend {},
    Reactivate <=> Reactivate {},
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
