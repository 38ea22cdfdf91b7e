//! The file form of NCE events: a flat object tagged by `type` (SPEC-NCE §13.1).
//!
//! ```json
//! {"id": "o1", "at": "2022-06-18T10:00:00Z", "subscription": "s1", "type": "order",
//!  "customer": "contoso", "offer": "CFQ7TTC0LFLX:0001", "term": "P1Y", "plan": "monthly",
//!  "quantity": 10}
//! {"id": "a1", "at": "2022-07-01T09:00:00Z", "subscription": "s1", "type": "add_seats", "quantity": 5}
//! {"id": "r1", "at": "2022-06-20T10:00:00Z", "subscription": "s1", "type": "reduce_seats", "quantity": 3}
//! {"id": "c1", "at": "2022-06-19T08:00:00Z", "subscription": "s1", "type": "cancel"}
//! {"id": "x1", "at": "2022-07-02", "subscription": "s1", "type": "suspend"}
//! {"id": "x2", "at": "2022-07-20", "subscription": "s1", "type": "reactivate"}
//! {"id": "n1", "at": "2022-08-01", "subscription": "s1", "type": "set_auto_renew", "on": false}
//! {"id": "n2", "at": "2022-08-01", "subscription": "s1", "type": "schedule_change", "quantity": 4}
//! {"id": "n3", "at": "2022-08-02", "subscription": "s1", "type": "clear_scheduled"}
//! {"id": "k1", "at": "2023-06-18T13:05:00Z", "subscription": "s1", "type": "renewal_completed"}
//! {"id": "t1", "at": "2022-09-10T08:00:00Z", "subscription": "s1", "type": "change_term", "term": "P3Y", "plan": "monthly"}
//! {"id": "p1", "at": "2022-10-01", "subscription": "s1", "type": "change_plan", "plan": "annual"}
//! {"id": "u1", "at": "2022-10-02", "subscription": "s1", "type": "upgrade", "to": "CFQ7TTC0LFK5:0001", "quantity": 10}
//! {"id": "u2", "at": "2022-10-02", "subscription": "s1", "type": "upgrade", "to": "CFQ7TTC0LFK5:0001", "quantity": 2, "new_subscription": "s1-e5"}
//! {"id": "v1", "at": "2022-10-02", "subscription": "t1", "type": "convert_trial", "quantity": 30, "term": "P1Y", "plan": "annual"}
//! {"id": "u3", "at": "2022-10-02", "subscription": "s1", "type": "upgrade", "to": "CFQ7TTC0LFK5:0001", "quantity": 2, "into": "s9"}
//! ```
//!
//! `at` is `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds) or a date (`T00:00:00Z`). An order's
//! `auto_renew` defaults to `true`; `coterm_with` (a subscription of the same customer to end
//! with, SPEC-NCE §13.3.3), `custom_end` and `promotion` (the id of a promotion the
//! partner names, SPEC-NCE §12.5.2: `"promotion": "39NFJQT1Q5KQ:0003:39NFJQT1Q5QR"`) are
//! optional. `id` becomes the lines' `reference_id`.

use chrono::{DateTime, NaiveDate, Utc};

use super::{NceEvent, NceEventKind, ScheduledChange};
use crate::ids::{CustomerId, OfferId, SubscriptionId};
use crate::vocab::{BillingPlan, TermDuration};

fn yes() -> bool {
    true
}

fn is_true(v: &bool) -> bool {
    *v
}

/// `id`, `at` and `subscription`, first in every event.
macro_rules! nce_events {
    ($($variant:ident { $($field:ident : $ty:ty $(= #[$attr:meta])?),* $(,)? }),* $(,)?) => {
        #[derive(serde::Serialize, serde::Deserialize)]
        #[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
        enum NceEventRepr {
            $($variant {
                id: String,
                #[serde(with = "crate::input::serde_fields::instant")]
                at: DateTime<Utc>,
                subscription: SubscriptionId,
                $($(#[$attr])? $field: $ty,)*
            },)*
        }
    };
}

nce_events! {
    Order {
        customer: CustomerId,
        offer: OfferId,
        term: TermDuration,
        plan: BillingPlan,
        quantity: u32 = #[serde(with = "crate::input::serde_fields::seats")],
        auto_renew: bool = #[serde(default = "yes", skip_serializing_if = "is_true")],
        custom_end: Option<NaiveDate> = #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::input::serde_fields::date_opt")],
        promotion: Option<String> = #[serde(default, skip_serializing_if = "Option::is_none")],
        coterm_with: Option<SubscriptionId> = #[serde(default, skip_serializing_if = "Option::is_none")],
    },
    AddSeats {
        quantity: u32 = #[serde(with = "crate::input::serde_fields::seats")],
    },
    ReduceSeats {
        quantity: u32 = #[serde(with = "crate::input::serde_fields::seats")],
    },
    Cancel {},
    Suspend {},
    Reactivate {},
    SetAutoRenew {
        on: bool,
    },
    ScheduleChange {
        offer: Option<OfferId> = #[serde(default, skip_serializing_if = "Option::is_none")],
        term: Option<TermDuration> = #[serde(default, skip_serializing_if = "Option::is_none")],
        plan: Option<BillingPlan> = #[serde(default, skip_serializing_if = "Option::is_none")],
        quantity: Option<u32> = #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::input::serde_fields::seats_opt")],
        custom_end: Option<NaiveDate> = #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::input::serde_fields::date_opt")],
    },
    ClearScheduled {},
    RenewalCompleted {},
    ChangeTerm {
        term: TermDuration,
        plan: BillingPlan,
    },
    ChangePlan {
        plan: BillingPlan,
    },
    ConvertTrial {
        quantity: Option<u32> = #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::input::serde_fields::seats_opt")],
        term: Option<TermDuration> = #[serde(default, skip_serializing_if = "Option::is_none")],
        plan: Option<BillingPlan> = #[serde(default, skip_serializing_if = "Option::is_none")],
        into: Option<SubscriptionId> = #[serde(default, skip_serializing_if = "Option::is_none")],
    },
    Upgrade {
        to: OfferId,
        quantity: u32 = #[serde(with = "crate::input::serde_fields::seats")],
        into: Option<SubscriptionId> = #[serde(default, skip_serializing_if = "Option::is_none")],
        new_subscription: Option<SubscriptionId> = #[serde(default, skip_serializing_if = "Option::is_none")],
    },
}

impl TryFrom<NceEventRepr> for NceEvent {
    type Error = crate::Error;
    fn try_from(r: NceEventRepr) -> crate::Result<NceEvent> {
        use NceEventRepr as R;
        let (id, at, subscription, kind) = match r {
            R::Order {
                id,
                at,
                subscription,
                customer,
                offer,
                term,
                plan,
                quantity,
                auto_renew,
                custom_end,
                promotion,
                coterm_with,
            } => (
                id,
                at,
                subscription,
                NceEventKind::Order {
                    customer,
                    offer,
                    term,
                    plan,
                    quantity,
                    auto_renew,
                    custom_end,
                    promotion: promotion
                        .map(|p| crate::input::id(&p, "promotion id").map(str::to_string))
                        .transpose()?,
                    coterm_with,
                },
            ),
            R::AddSeats {
                id,
                at,
                subscription,
                quantity,
            } => (id, at, subscription, NceEventKind::AddSeats { quantity }),
            R::ReduceSeats {
                id,
                at,
                subscription,
                quantity,
            } => (id, at, subscription, NceEventKind::ReduceSeats { quantity }),
            R::Cancel {
                id,
                at,
                subscription,
            } => (id, at, subscription, NceEventKind::Cancel),
            R::Suspend {
                id,
                at,
                subscription,
            } => (id, at, subscription, NceEventKind::Suspend),
            R::Reactivate {
                id,
                at,
                subscription,
            } => (id, at, subscription, NceEventKind::Reactivate),
            R::SetAutoRenew {
                id,
                at,
                subscription,
                on,
            } => (id, at, subscription, NceEventKind::SetAutoRenew { on }),
            R::ScheduleChange {
                id,
                at,
                subscription,
                offer,
                term,
                plan,
                quantity,
                custom_end,
            } => (
                id,
                at,
                subscription,
                NceEventKind::ScheduleChange(ScheduledChange {
                    offer,
                    term,
                    plan,
                    quantity,
                    custom_end,
                }),
            ),
            R::ClearScheduled {
                id,
                at,
                subscription,
            } => (id, at, subscription, NceEventKind::ClearScheduled),
            R::RenewalCompleted {
                id,
                at,
                subscription,
            } => (id, at, subscription, NceEventKind::RenewalCompleted),
            R::ChangeTerm {
                id,
                at,
                subscription,
                term,
                plan,
            } => (
                id,
                at,
                subscription,
                NceEventKind::ChangeTerm { term, plan },
            ),
            R::ChangePlan {
                id,
                at,
                subscription,
                plan,
            } => (id, at, subscription, NceEventKind::ChangePlan { plan }),
            R::ConvertTrial {
                id,
                at,
                subscription,
                quantity,
                term,
                plan,
                into,
            } => (
                id,
                at,
                subscription,
                NceEventKind::ConvertTrial {
                    quantity,
                    term,
                    plan,
                    into,
                },
            ),
            R::Upgrade {
                id,
                at,
                subscription,
                to,
                quantity,
                into,
                new_subscription,
            } => (
                id,
                at,
                subscription,
                NceEventKind::Upgrade {
                    to,
                    quantity,
                    into,
                    new_subscription,
                },
            ),
        };
        let id = crate::input::id(&id, "event id")?.to_string();
        Ok(NceEvent {
            id,
            at,
            subscription,
            kind,
        })
    }
}

impl From<&NceEvent> for NceEventRepr {
    fn from(e: &NceEvent) -> NceEventRepr {
        let (id, at, subscription) = (e.id.clone(), e.at, e.subscription.clone());
        match &e.kind {
            NceEventKind::Order {
                customer,
                offer,
                term,
                plan,
                quantity,
                auto_renew,
                custom_end,
                promotion,
                coterm_with,
            } => NceEventRepr::Order {
                id,
                at,
                subscription,
                customer: customer.clone(),
                offer: offer.clone(),
                term: *term,
                plan: *plan,
                quantity: *quantity,
                auto_renew: *auto_renew,
                custom_end: *custom_end,
                promotion: promotion.clone(),
                coterm_with: coterm_with.clone(),
            },
            NceEventKind::AddSeats { quantity } => NceEventRepr::AddSeats {
                id,
                at,
                subscription,
                quantity: *quantity,
            },
            NceEventKind::ReduceSeats { quantity } => NceEventRepr::ReduceSeats {
                id,
                at,
                subscription,
                quantity: *quantity,
            },
            NceEventKind::Cancel => NceEventRepr::Cancel {
                id,
                at,
                subscription,
            },
            NceEventKind::Suspend => NceEventRepr::Suspend {
                id,
                at,
                subscription,
            },
            NceEventKind::Reactivate => NceEventRepr::Reactivate {
                id,
                at,
                subscription,
            },
            NceEventKind::SetAutoRenew { on } => NceEventRepr::SetAutoRenew {
                id,
                at,
                subscription,
                on: *on,
            },
            NceEventKind::ScheduleChange(c) => NceEventRepr::ScheduleChange {
                id,
                at,
                subscription,
                offer: c.offer.clone(),
                term: c.term,
                plan: c.plan,
                quantity: c.quantity,
                custom_end: c.custom_end,
            },
            NceEventKind::ClearScheduled => NceEventRepr::ClearScheduled {
                id,
                at,
                subscription,
            },
            NceEventKind::RenewalCompleted => NceEventRepr::RenewalCompleted {
                id,
                at,
                subscription,
            },
            NceEventKind::ChangeTerm { term, plan } => NceEventRepr::ChangeTerm {
                id,
                at,
                subscription,
                term: *term,
                plan: *plan,
            },
            NceEventKind::ChangePlan { plan } => NceEventRepr::ChangePlan {
                id,
                at,
                subscription,
                plan: *plan,
            },
            NceEventKind::ConvertTrial {
                quantity,
                term,
                plan,
                into,
            } => NceEventRepr::ConvertTrial {
                id,
                at,
                subscription,
                quantity: *quantity,
                term: *term,
                plan: *plan,
                into: into.clone(),
            },
            NceEventKind::Upgrade {
                to,
                quantity,
                into,
                new_subscription,
            } => NceEventRepr::Upgrade {
                id,
                at,
                subscription,
                to: to.clone(),
                quantity: *quantity,
                into: into.clone(),
                new_subscription: new_subscription.clone(),
            },
        }
    }
}

impl serde::Serialize for NceEvent {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        NceEventRepr::from(self).serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for NceEvent {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let repr = NceEventRepr::deserialize(d)?;
        NceEvent::try_from(repr).map_err(serde::de::Error::custom)
    }
}
