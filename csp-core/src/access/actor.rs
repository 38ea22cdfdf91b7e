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

    /// The actor's kind: its partner's [`PartnerProgram::kind`] (`direct_bill`,
    /// `indirect_provider`, `indirect_reseller`, `advisor`), or `customer`.
    ///
    /// ```
    /// use csp_core::access::{Actor, ActorKind};
    /// let reseller: Actor = "indirect_reseller:admin_agent".parse()?;
    /// assert_eq!(reseller.kind(), ActorKind::IndirectReseller);
    /// let direct: Actor = "direct_bill:sales_agent".parse()?;
    /// assert_eq!(direct.kind(), ActorKind::DirectBill);
    /// assert_eq!(direct.to_string(), "csp:sales_agent");
    /// # Ok::<(), csp_core::Error>(())
    /// ```
    pub fn kind(&self) -> ActorKind {
        match self {
            Actor::Partner { program, .. } => program.kind(),
            Actor::Customer { .. } => ActorKind::Customer,
        }
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
    /// Which program a partner is in: SPEC-NCE §17.1's partner kinds.
    ///
    /// `csp` is the direct-bill partner of SPEC §7 (the one-tier CSP partner Microsoft
    /// bills); its name stays `csp` so that every existing actor string, scenario and
    /// vector keeps its meaning, and actor strings also accept `direct_bill:` for it
    /// ([`Actor`]'s `FromStr`). [`PartnerProgram::kind`] gives the §17.1 kind name.
    PartnerProgram, "partner program" {
        /// A direct-bill CSP partner (kind `direct_bill`): Microsoft bills it, it sells and
        /// manages its customers' subscriptions.
        Csp = "csp",
        /// A partner without CSP (an advisor) that only has delegated administration.
        Advisor = "advisor",
        /// An indirect provider (distributor): Microsoft bills it; it buys for its resellers'
        /// customers, links resellers and sets the reseller of record (SPEC-NCE §17).
        IndirectProvider = "indirect_provider",
        /// An indirect reseller: buys from its provider, never from Microsoft; it does not
        /// transact or attest the customer agreement itself (SPEC-NCE §17.4).
        IndirectReseller = "indirect_reseller",
    }
);

impl PartnerProgram {
    /// The partner kind of SPEC-NCE §17.1: `direct_bill` for [`PartnerProgram::Csp`], else
    /// the program's own name.
    ///
    /// ```
    /// use csp_core::access::{ActorKind, PartnerProgram};
    /// assert_eq!(PartnerProgram::Csp.kind(), ActorKind::DirectBill);
    /// assert_eq!(PartnerProgram::IndirectReseller.kind().as_str(), "indirect_reseller");
    /// ```
    pub fn kind(&self) -> ActorKind {
        match self {
            PartnerProgram::Csp => ActorKind::DirectBill,
            PartnerProgram::Advisor => ActorKind::Advisor,
            PartnerProgram::IndirectProvider => ActorKind::IndirectProvider,
            PartnerProgram::IndirectReseller => ActorKind::IndirectReseller,
        }
    }

    /// Microsoft bills it and it transacts in Partner Center: a direct-bill partner or an
    /// indirect provider (SPEC-NCE §17.1). These keep SPEC §7's commerce decisions (pinned
    /// P26).
    pub fn billed_by_microsoft(&self) -> bool {
        matches!(self, PartnerProgram::Csp | PartnerProgram::IndirectProvider)
    }

    /// A CSP partner of any tier (direct bill, indirect provider, indirect reseller), as
    /// opposed to an advisor.
    pub fn is_csp(&self) -> bool {
        !matches!(self, PartnerProgram::Advisor)
    }
}
names!(
    /// What kind of actor: SPEC-NCE §17.1's partner kinds, or a customer user. Used to pick
    /// the profiles of [`crate::access::matrix_of`].
    ActorKind, "actor kind" {
        /// A direct-bill partner's user ([`PartnerProgram::Csp`]).
        DirectBill = "direct_bill",
        /// An indirect provider's user.
        IndirectProvider = "indirect_provider",
        /// An indirect reseller's user.
        IndirectReseller = "indirect_reseller",
        /// An advisor's user.
        Advisor = "advisor",
        /// A customer's user.
        Customer = "customer",
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
        /// View invoices and reconciliation data from Microsoft (the bills of hop 0 and 1′,
        /// SPEC-NCE §17.2).
        ViewInvoices = "view_invoices",
        /// Change a subscription in a way NCE adds: auto-renew, a scheduled change, a term or
        /// plan change, an upgrade, a trial conversion (a "change", SPEC-NCE §17.4, pinned
        /// P26). See [`crate::subscription::nce::NceEventKind::action`].
        ChangeSubscription = "change_subscription",
        /// Attest that the customer accepted the Microsoft Customer Agreement (PC
        /// confirm-customer-agreement).
        AttestCustomerAgreement = "attest_customer_agreement",
        /// Set a subscription's reseller of record (`PartnerIdOnRecord`, SPEC-NCE §17.1).
        SetResellerOfRecord = "set_reseller_of_record",
        /// Invite an indirect reseller, or remove its link (`ResellerLink`, SPEC-NCE §17.1).
        LinkReseller = "link_reseller",
        /// View the bills between an indirect provider and its resellers (hop 1, SPEC-NCE
        /// §17.2): the provider those it issues, a reseller only its own.
        ViewResellerBills = "view_reseller_bills",
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
    /// Reads `csp:admin_agent`, `csp:global_admin+admin_agent`, `advisor:admin_agent`,
    /// `indirect_provider:sales_agent`, `indirect_reseller:admin_agent` or
    /// `customer:global_admin` (`customer:other_admin`, `customer:user`). `direct_bill:` is
    /// read as `csp:` (SPEC-NCE §17.1's name for the same kind).
    fn from_str(s: &str) -> Result<Self> {
        let bad = || {
            Error::InvalidInput {
            what: "actor",
            text: s.to_string(),
            expected: "csp:ROLE[+ROLE…] (or direct_bill:…), indirect_provider:ROLE[+ROLE…], indirect_reseller:ROLE[+ROLE…], advisor:ROLE[+ROLE…] or customer:ROLE, e.g. csp:admin_agent",
        }
        };
        let (kind, roles) = s.trim().split_once(':').ok_or_else(bad)?;
        if kind.eq_ignore_ascii_case("customer") {
            return Ok(Actor::Customer {
                role: roles.parse()?,
            });
        }
        let direct = kind.trim().to_ascii_lowercase().replace('-', "_") == "direct_bill";
        let program: PartnerProgram = if direct {
            PartnerProgram::Csp
        } else {
            kind.parse().map_err(|_| bad())?
        };
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
