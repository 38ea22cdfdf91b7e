//! The Microsoft Entra roles a GDAP relationship holds, the administrative actions, and which
//! roles grant which action (SPEC-NCE §18.3; PC gdap-least-privileged-roles-by-task).

use std::fmt;
use std::str::FromStr;

use crate::access::Action;
use crate::error::{Error, Result};

/// Declares a closed set of names: the enum, `ALL`, `as_str` (snake_case), `display_name`,
/// `Display` (snake_case) and a strict `FromStr` (the snake_case name, case-insensitive).
macro_rules! named {
    ($(#[$meta:meta])* $ty:ident, $what:literal, $expected:literal {
        $($(#[$vmeta:meta])* $variant:ident = $name:literal, $display:literal;)+
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize))]
        #[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
        pub enum $ty {
            $($(#[$vmeta])* $variant,)+
        }
        impl $ty {
            /// Every value, in order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];
            /// The stable snake_case name.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $name),+ }
            }
            /// The name Microsoft shows.
            pub fn display_name(self) -> &'static str {
                match self { $($ty::$variant => $display),+ }
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
                $ty::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(s))
                    .ok_or_else(|| Error::InvalidInput {
                        what: $what,
                        text: crate::error::shortened(s.to_string(), 100),
                        expected: $expected,
                    })
            }
        }
        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

named!(
    /// A Microsoft Entra role a GDAP relationship may hold (the roles of SPEC-NCE §18.3).
    GdapRole, "GDAP role", "a role of SPEC-NCE §18.3 in snake_case, e.g. helpdesk_administrator" {
        /// Global Administrator: grants everything; never auto-extends.
        GlobalAdministrator = "global_administrator", "Global Administrator";
        /// Service Support Administrator.
        ServiceSupportAdministrator = "service_support_administrator", "Service Support Administrator";
        /// Global Reader.
        GlobalReader = "global_reader", "Global Reader";
        /// User Administrator.
        UserAdministrator = "user_administrator", "User Administrator";
        /// Password Administrator.
        PasswordAdministrator = "password_administrator", "Password Administrator";
        /// Helpdesk Administrator.
        HelpdeskAdministrator = "helpdesk_administrator", "Helpdesk Administrator";
        /// Privileged Authentication Administrator.
        PrivilegedAuthenticationAdministrator = "privileged_authentication_administrator", "Privileged Authentication Administrator";
        /// License Administrator.
        LicenseAdministrator = "license_administrator", "License Administrator";
        /// Privileged Role Administrator.
        PrivilegedRoleAdministrator = "privileged_role_administrator", "Privileged Role Administrator";
        /// Directory Readers.
        DirectoryReaders = "directory_readers", "Directory Readers";
        /// Exchange Administrator.
        ExchangeAdministrator = "exchange_administrator", "Exchange Administrator";
        /// SharePoint Administrator.
        SharePointAdministrator = "sharepoint_administrator", "SharePoint Administrator";
        /// Teams Administrator (Skype for Business).
        TeamsAdministrator = "teams_administrator", "Teams Administrator";
    }
);

named!(
    /// An administrative action on behalf of a customer (the rows of SPEC-NCE §18.3).
    GdapAction, "GDAP action", "an action of SPEC-NCE §18.3 in snake_case, e.g. reset_user_password" {
        /// Submit a support request.
        SubmitSupportRequest = "submit_support_request", "Submit a support request";
        /// View service health.
        ViewServiceHealth = "view_service_health", "View service health";
        /// View service incidents.
        ViewServiceIncidents = "view_service_incidents", "View service incidents";
        /// Manage, create and delete users.
        ManageUsers = "manage_users", "Manage, create and delete users";
        /// Reset a limited admin's password.
        ResetLimitedAdminPassword = "reset_limited_admin_password", "Reset a limited admin's password";
        /// Reset a non-admin's password.
        ResetUserPassword = "reset_user_password", "Reset a non-admin's password";
        /// Reset a privileged admin's password.
        ResetPrivilegedAdminPassword = "reset_privileged_admin_password", "Reset a privileged admin's password";
        /// Assign or revoke licenses.
        AssignLicenses = "assign_licenses", "Assign or revoke licenses";
        /// Add a user to a directory role.
        AssignDirectoryRole = "assign_directory_role", "Add a user to a directory role";
        /// Read the directory.
        ReadDirectory = "read_directory", "Read the directory";
        /// Configure Exchange Online.
        ConfigureExchangeOnline = "configure_exchange_online", "Configure Exchange Online";
        /// Configure SharePoint Online.
        ConfigureSharePointOnline = "configure_sharepoint_online", "Configure SharePoint Online";
        /// Configure Skype for Business.
        ConfigureSkypeForBusiness = "configure_skype_for_business", "Configure Skype for Business";
    }
);

use GdapAction as A;
use GdapRole as R;

/// SPEC-NCE §18.3 as data: each action with the roles that grant it (Global Administrator
/// grants everything and is not listed; `read_directory` is granted by every role).
pub const GRANTS: &[(GdapAction, &[GdapRole])] = &[
    (A::SubmitSupportRequest, &[R::ServiceSupportAdministrator]),
    (
        A::ViewServiceHealth,
        &[R::ServiceSupportAdministrator, R::GlobalReader],
    ),
    (
        A::ViewServiceIncidents,
        &[R::ServiceSupportAdministrator, R::GlobalReader],
    ),
    (A::ManageUsers, &[R::UserAdministrator]),
    (A::ResetLimitedAdminPassword, &[R::UserAdministrator]),
    (
        A::ResetUserPassword,
        &[
            R::PasswordAdministrator,
            R::HelpdeskAdministrator,
            R::UserAdministrator,
        ],
    ),
    (
        A::ResetPrivilegedAdminPassword,
        &[R::PrivilegedAuthenticationAdministrator],
    ),
    (
        A::AssignLicenses,
        &[R::LicenseAdministrator, R::UserAdministrator],
    ),
    (A::AssignDirectoryRole, &[R::PrivilegedRoleAdministrator]),
    (A::ReadDirectory, GdapRole::ALL),
    (A::ConfigureExchangeOnline, &[R::ExchangeAdministrator]),
    (A::ConfigureSharePointOnline, &[R::SharePointAdministrator]),
    (A::ConfigureSkypeForBusiness, &[R::TeamsAdministrator]),
];

impl GdapRole {
    /// Whether this role grants `action` (SPEC-NCE §18.3).
    ///
    /// ```
    /// use csp_core::gdap::{GdapAction, GdapRole};
    /// assert!(GdapRole::HelpdeskAdministrator.grants(GdapAction::ResetUserPassword));
    /// assert!(!GdapRole::HelpdeskAdministrator.grants(GdapAction::ResetPrivilegedAdminPassword));
    /// assert!(GdapRole::GlobalAdministrator.grants(GdapAction::AssignDirectoryRole));
    /// ```
    pub fn grants(self, action: GdapAction) -> bool {
        self == R::GlobalAdministrator
            || GRANTS
                .iter()
                .any(|(a, roles)| *a == action && roles.contains(&self))
    }
}

impl GdapAction {
    /// The SPEC §7 action of the same administration, for the DAP fallback (SPEC-NCE
    /// §18.2.2); `None` for the actions SPEC §7 does not name.
    pub fn legacy(self) -> Option<Action> {
        match self {
            A::ViewServiceHealth => Some(Action::ViewServiceHealth),
            A::ViewServiceIncidents => Some(Action::ViewServiceIncidents),
            A::ManageUsers => Some(Action::ManageUsers),
            A::ConfigureExchangeOnline => Some(Action::ConfigureExchangeOnline),
            A::ConfigureSharePointOnline => Some(Action::ConfigureSharePointOnline),
            A::ConfigureSkypeForBusiness => Some(Action::ConfigureSkypeForBusiness),
            _ => None,
        }
    }
}
