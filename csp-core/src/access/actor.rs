//! Actors, actions and the relationship between a partner and a customer (SPEC §7, §10.14).

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// Which program a partner is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum PartnerProgram {
    /// A CSP partner: sells and manages subscriptions.
    Csp,
    /// A partner without CSP (an advisor) that only has delegated administration.
    Advisor,
}

/// A partner user's role (Partner Center roles, plus the partner's own-tenant global admin).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum PartnerRole {
    /// Global admin of the partner's own tenant.
    GlobalAdmin,
    /// Admin agent: holds delegated admin for customers.
    AdminAgent,
    /// Sales agent.
    SalesAgent,
    /// Helpdesk agent.
    HelpdeskAgent,
    /// Billing admin.
    BillingAdmin,
}

/// A customer user's role in the customer's own tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum CustomerRole {
    /// The customer's global admin.
    GlobalAdmin,
    /// Another admin role (Exchange, SharePoint, user admin…).
    OtherAdmin,
    /// A user without admin rights.
    User,
}

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

macro_rules! names {
    ($ty:ident, $what:literal { $first:ident = $first_name:literal $(, $variant:ident = $name:literal)* $(,)? }) => {
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

names!(PartnerProgram, "partner program" { Csp = "csp", Advisor = "advisor" });
names!(PartnerRole, "partner role" {
    GlobalAdmin = "global_admin",
    AdminAgent = "admin_agent",
    SalesAgent = "sales_agent",
    HelpdeskAgent = "helpdesk_agent",
    BillingAdmin = "billing_admin",
});
names!(CustomerRole, "customer role" { GlobalAdmin = "global_admin", OtherAdmin = "other_admin", User = "user" });

/// Something an actor may want to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Action {
    /// Configure Exchange Online on the customer's tenant.
    ConfigureExchangeOnline,
    /// Configure SharePoint Online on the customer's tenant.
    ConfigureSharePointOnline,
    /// Configure Skype for Business on the customer's tenant.
    ConfigureSkypeForBusiness,
    /// Manage the customer's users.
    ManageUsers,
    /// View the customer's service health.
    ViewServiceHealth,
    /// View the customer's service incidents.
    ViewServiceIncidents,
    /// Create a customer tenant.
    CreateCustomerTenant,
    /// Order a subscription.
    OrderSubscription,
    /// Order an add-on.
    OrderAddOn,
    /// Add seats.
    AddSeats,
    /// Remove seats.
    RemoveSeats,
    /// Suspend a subscription.
    SuspendSubscription,
    /// Reactivate a subscription.
    ReactivateSubscription,
    /// Cancel a subscription (a suspension in the 2015 program).
    CancelSubscription,
    /// Remove the partner's delegated admin privileges.
    RemoveDelegatedAdmin,
    /// Administer the partner's own tenant.
    AdministerPartnerTenant,
    /// View price lists.
    ViewPriceLists,
    /// View invoices and reconciliation data.
    ViewInvoices,
}

names!(Action, "action" {
    ConfigureExchangeOnline = "configure_exchange_online",
    ConfigureSharePointOnline = "configure_sharepoint_online",
    ConfigureSkypeForBusiness = "configure_skype_for_business",
    ManageUsers = "manage_users",
    ViewServiceHealth = "view_service_health",
    ViewServiceIncidents = "view_service_incidents",
    CreateCustomerTenant = "create_customer_tenant",
    OrderSubscription = "order_subscription",
    OrderAddOn = "order_add_on",
    AddSeats = "add_seats",
    RemoveSeats = "remove_seats",
    SuspendSubscription = "suspend_subscription",
    ReactivateSubscription = "reactivate_subscription",
    CancelSubscription = "cancel_subscription",
    RemoveDelegatedAdmin = "remove_delegated_admin",
    AdministerPartnerTenant = "administer_partner_tenant",
    ViewPriceLists = "view_price_lists",
    ViewInvoices = "view_invoices",
});

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
