//! Actors, actions and the relationship between a partner and a customer (SPEC §7, §10.14).

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// Who acts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)
)]
pub enum Actor {
    /// A user of a partner organisation, with one or more roles.
    Partner {
        /// The partner's program.
        program: PartnerProgram,
        /// The user's roles (a delegated-only user is an admin agent without global admin).
        roles: Vec<PartnerRole>,
    },
    /// A user of the customer's tenant.
    Customer {
        /// The user's role.
        role: CustomerRole,
    },
}

impl Actor {
    /// A partner user.
    pub fn partner(program: PartnerProgram, roles: &[PartnerRole]) -> Actor {
        Actor::Partner {
            program,
            roles: roles.to_vec(),
        }
    }

    /// The scenario default: a CSP partner's admin agent.
    pub fn csp_admin_agent() -> Actor {
        Actor::partner(PartnerProgram::Csp, &[PartnerRole::AdminAgent])
    }
}

/// Declares a closed set of names once: the enum (with its docs and serde form), `ALL`, the
/// snake_case name of each value (`as_str`, `Display`) and `FromStr` (case-insensitive, `-`
/// read as `_`), refusing with `invalid_input` that lists every name.
macro_rules! names {
    (
        $(#[$meta:meta])* $ty:ident, $what:literal {
            $(#[$first_meta:meta])* $first:ident = $first_name:literal
            $(, $(#[$vmeta:meta])* $variant:ident = $name:literal)* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
        pub enum $ty {
            $(#[$first_meta])* $first,
            $($(#[$vmeta])* $variant,)*
        }
        impl $ty {
            /// Every value, in order.
            pub const ALL: &'static [$ty] = &[$ty::$first $(, $ty::$variant)*];
            /// The snake_case name.
            pub fn as_str(&self) -> &'static str {
                match self { $ty::$first => $first_name, $($ty::$variant => $name),* }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl FromStr for $ty {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                let wanted = s.trim().to_ascii_lowercase().replace('-', "_");
                $ty::ALL.iter().copied().find(|v| v.as_str() == wanted).ok_or_else(|| Error::InvalidInput {
                    what: $what,
                    text: s.to_string(),
                    expected: concat!($first_name $(, ", ", $name)*),
                })
            }
        }
    };
}

names!(
    /// Which program a partner is in.
    PartnerProgram, "partner program" {
        /// A CSP partner: sells and manages subscriptions.
        Csp = "csp",
        /// A partner without CSP (an advisor) that only has delegated administration.
        Advisor = "advisor",
    }
);
names!(
    /// A partner user's role (Partner Center roles, plus the partner's own-tenant global admin).
    PartnerRole, "partner role" {
        /// Global admin of the partner's own tenant.
        GlobalAdmin = "global_admin",
        /// Admin agent: holds delegated admin for customers.
        AdminAgent = "admin_agent",
        /// Sales agent.
        SalesAgent = "sales_agent",
        /// Helpdesk agent.
        HelpdeskAgent = "helpdesk_agent",
        /// Billing admin.
        BillingAdmin = "billing_admin",
    }
);
names!(
    /// A customer user's role in the customer's own tenant.
    CustomerRole, "customer role" {
        /// The customer's global admin.
        GlobalAdmin = "global_admin",
        /// Another admin role (Exchange, SharePoint, user admin…).
        OtherAdmin = "other_admin",
        /// A user without admin rights.
        User = "user",
    }
);

names!(
    /// Something an actor may want to do.
    Action, "action" {
        /// Configure Exchange Online on the customer's tenant.
        ConfigureExchangeOnline = "configure_exchange_online",
        /// Configure SharePoint Online on the customer's tenant.
        ConfigureSharePointOnline = "configure_sharepoint_online",
        /// Configure Skype for Business on the customer's tenant.
        ConfigureSkypeForBusiness = "configure_skype_for_business",
        /// Manage the customer's users.
        ManageUsers = "manage_users",
        /// View the customer's service health.
        ViewServiceHealth = "view_service_health",
        /// View the customer's service incidents.
        ViewServiceIncidents = "view_service_incidents",
        /// Create a customer tenant.
        CreateCustomerTenant = "create_customer_tenant",
        /// Order a subscription.
        OrderSubscription = "order_subscription",
        /// Order an add-on.
        OrderAddOn = "order_add_on",
        /// Add seats.
        AddSeats = "add_seats",
        /// Remove seats.
        RemoveSeats = "remove_seats",
        /// Suspend a subscription.
        SuspendSubscription = "suspend_subscription",
        /// Reactivate a subscription.
        ReactivateSubscription = "reactivate_subscription",
        /// Cancel a subscription (a suspension in the 2015 program).
        CancelSubscription = "cancel_subscription",
        /// Remove the partner's delegated admin privileges.
        RemoveDelegatedAdmin = "remove_delegated_admin",
        /// Administer the partner's own tenant.
        AdministerPartnerTenant = "administer_partner_tenant",
        /// View price lists.
        ViewPriceLists = "view_price_lists",
        /// View invoices and reconciliation data.
        ViewInvoices = "view_invoices",
    }
);

/// How the partner in question relates to the customer in question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct Relationship {
    /// The partner holds delegated admin privileges for the customer.
    pub delegated_admin: bool,
    /// The partner is the customer's CSP partner (it sells its subscriptions).
    pub csp_partner: bool,
}

impl Relationship {
    /// The customer's CSP partner, holding delegated admin (the 2015 default).
    pub const CSP_WITH_DAP: Relationship = Relationship {
        delegated_admin: true,
        csp_partner: true,
    };
    /// An advisor partner (not the CSP partner) holding delegated admin.
    pub const ADVISOR_WITH_DAP: Relationship = Relationship {
        delegated_admin: true,
        csp_partner: false,
    };
}

impl fmt::Display for Actor {
    /// `csp:admin_agent`, `csp:global_admin+admin_agent`, `customer:global_admin`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::Partner { program, roles } => {
                let roles: Vec<&str> = roles.iter().map(PartnerRole::as_str).collect();
                write!(f, "{program}:{}", roles.join("+"))
            }
            Actor::Customer { role } => write!(f, "customer:{role}"),
        }
    }
}

impl FromStr for Actor {
    type Err = Error;
    /// Reads `csp:admin_agent`, `csp:global_admin+admin_agent`, `advisor:admin_agent` or
    /// `customer:global_admin` (`customer:other_admin`, `customer:user`).
    fn from_str(s: &str) -> Result<Self> {
        let bad = || Error::InvalidInput {
            what: "actor",
            text: s.to_string(),
            expected:
                "csp:ROLE[+ROLE…], advisor:ROLE[+ROLE…] or customer:ROLE, e.g. csp:admin_agent",
        };
        let (kind, roles) = s.trim().split_once(':').ok_or_else(bad)?;
        if kind.eq_ignore_ascii_case("customer") {
            return Ok(Actor::Customer {
                role: roles.parse()?,
            });
        }
        let program: PartnerProgram = kind.parse().map_err(|_| bad())?;
        let roles = roles
            .split('+')
            .map(str::parse)
            .collect::<Result<Vec<PartnerRole>>>()?;
        if roles.is_empty() {
            return Err(bad());
        }
        Ok(Actor::Partner { program, roles })
    }
}
