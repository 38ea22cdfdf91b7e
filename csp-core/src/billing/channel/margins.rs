//! What billing the channel gives: each tier's bill runs and the margin statement (SPEC-NCE
//! §17.2–§17.3).

use crate::billing::BillRun;
use crate::calendar::{Period, YearMonth};
use crate::error::Result;
use crate::ids::ResellerId;
use crate::money::{Currency, Money};

/// One tier's share of the month's Microsoft lines: what it paid for them, what it sold them
/// for, and the difference.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TierMargin {
    /// `provider`, or the reseller's id.
    pub tier: String,
    /// Microsoft lines it sold.
    pub lines: u64,
    /// What it paid: Microsoft's amounts (the provider), or the provider's sale amounts (a
    /// reseller).
    pub cost: Money,
    /// What it sold them for.
    pub revenue: Money,
    /// Revenue − cost.
    pub margin: Money,
}

/// The month's margin statement, line by line over the Microsoft lines of the provider's
/// window: Microsoft's cost + every tier's margin = the customers' price, exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MarginStatement {
    /// The provider's window of the month (the lines dated in it).
    pub window: Period,
    /// Microsoft lines in it.
    pub lines: u64,
    /// What Microsoft bills the provider for them.
    pub microsoft_cost: Money,
    /// The provider first, then each reseller in the channel's order.
    pub tiers: Vec<TierMargin>,
    /// What the customers are billed for them (by the provider or by their reseller).
    pub customer_price: Money,
}

impl MarginStatement {
    /// Σ of the tiers' margins.
    ///
    /// # Errors
    /// `amount_overflow` for absurd amounts.
    pub fn total_margin(&self) -> Result<Money> {
        Money::sum(
            self.microsoft_cost.currency(),
            self.tiers.iter().map(|t| &t.margin),
        )
    }

    /// The statement's currency.
    pub fn currency(&self) -> Currency {
        self.microsoft_cost.currency()
    }
}

/// A reseller's two bill runs of the month.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ResellerRun {
    /// The reseller.
    pub reseller: ResellerId,
    /// Its name.
    pub name: String,
    /// The provider's bills to it (hop 1): one per end customer, each with the provider's
    /// statement.
    pub from_provider: BillRun,
    /// Its bills to its customers (hop 2), each with its statement.
    pub to_customers: BillRun,
}

/// Every tier's bills of one month.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ChannelRun {
    /// The month.
    pub month: YearMonth,
    /// The provider's bills to its own customers (hop 1′).
    pub provider: BillRun,
    /// Each reseller's runs, in the channel's order.
    pub resellers: Vec<ResellerRun>,
    /// The margin statement.
    pub margins: MarginStatement,
}

impl ChannelRun {
    /// The runs of reseller `id`.
    pub fn reseller(&self, id: &ResellerId) -> Option<&ResellerRun> {
        self.resellers.iter().find(|r| &r.reseller == id)
    }
}
