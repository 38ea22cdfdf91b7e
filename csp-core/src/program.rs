//! The rules that differ between CSP programs, as plain data (DESIGN §2, layer 1).
//!
//! Nothing else in the core hard-codes a term length, a notice period, a credit window or a
//! deletion delay: they are read from a [`Program`]. The 2015 program of the project's seed is
//! [`Program::legacy_2015`]; Microsoft's newer program (NCE: monthly/annual/triennial terms,
//! 7-day cancellation windows, suspension that keeps billing) is meant to be another value
//! of this type plus the rules that read its new fields.
//!
//! ```
//! use csp_core::program::Program;
//! let p = Program::legacy_2015();
//! assert_eq!((p.term_months, p.full_credit_days, p.suspended_deletion_days), (12, 30, 90));
//! assert!(!p.trials_allowed && !p.suspension_keeps_billing);
//! ```

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// One CSP program's rules.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Program {
    /// Stable name, e.g. `legacy_2015`.
    pub name: String,
    /// Length of a subscription term in months (renewal terms too).
    pub term_months: u32,
    /// Days before its start that a monthly price list becomes visible.
    pub price_list_notice_days: u32,
    /// Whether trial offers can be ordered.
    pub trials_allowed: bool,
    /// A suspension on day `d` is credited in full when `d − first(term) < full_credit_days`
    /// (SPEC §5, §10.1); later suspensions are credited pro rata.
    pub full_credit_days: u32,
    /// A subscription suspended this many days is deleted (SPEC §10.3).
    pub suspended_deletion_days: u32,
    /// Whether the partner keeps being billed while a subscription is suspended.
    pub suspension_keeps_billing: bool,
    /// Whether a customer may remove its CSP partner's delegated admin privileges.
    pub customer_may_remove_csp_delegated_admin: bool,
}

impl Program {
    /// The 2015 ("legacy") CSP program of the seed: 12-month terms, price lists visible 30
    /// days ahead, no trials, full credit for a suspension within 30 days of the term start,
    /// deletion after 90 days suspended, no billing while suspended, and delegated admin the
    /// customer cannot remove.
    pub fn legacy_2015() -> Program {
        Program {
            name: "legacy_2015".to_string(),
            term_months: 12,
            price_list_notice_days: 30,
            trials_allowed: false,
            full_credit_days: 30,
            suspended_deletion_days: 90,
            suspension_keeps_billing: false,
            customer_may_remove_csp_delegated_admin: false,
        }
    }

    /// The programs known by name.
    pub fn known() -> Vec<Program> {
        vec![Program::legacy_2015()]
    }
}

impl Default for Program {
    fn default() -> Self {
        Program::legacy_2015()
    }
}

impl fmt::Display for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl FromStr for Program {
    type Err = Error;
    /// A known program by name (`legacy_2015`).
    fn from_str(s: &str) -> Result<Self> {
        Program::known()
            .into_iter()
            .find(|p| p.name == s.trim())
            .ok_or_else(|| Error::InvalidInput {
                what: "program",
                text: s.to_string(),
                expected: "legacy_2015",
            })
    }
}
