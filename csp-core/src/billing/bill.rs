//! Invoices, statements and the partner's totals (SPEC §8).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::{Period, YearMonth};
use crate::catalog::{CustomerId, SubscriptionId};
use crate::error::Result;
use crate::money::{Currency, Money, Ratio, Rounding, RoundingMode};

/// Where an invoice line comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum LineSource {
    /// A Microsoft subscription, at the resale price.
    Microsoft,
    /// One of the partner's own products or services.
    Service,
    /// An instalment of a financed charge.
    Instalment,
    /// A discount.
    Discount,
}

/// One line of a customer invoice.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct InvoiceLine {
    /// Where it comes from.
    pub source: LineSource,
    /// What the customer reads.
    pub description: String,
    /// The subscription it concerns, if any.
    pub subscription: Option<SubscriptionId>,
    /// The days it covers, if any.
    pub service_period: Option<Period>,
    /// Seats or units.
    pub quantity: u32,
    /// Price of one unit (negative for a credit), shown at minor units.
    #[cfg_attr(feature = "serde", serde(with = "crate::input::serde_fields::exact"))]
    pub unit_price: Decimal,
    /// The line's amount.
    pub amount: Money,
    /// For an adjustment: the month whose bill it corrects.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub adjusts: Option<YearMonth>,
    /// For an adjustment: whether it takes back a line billed before (then its unit price
    /// and amount are that line's, negated).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "std::ops::Not::not")
    )]
    pub reversal: bool,
}

/// A customer invoice (a credit note when its total is negative).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Invoice {
    /// Partner prefix + the sequence the caller supplied.
    pub number: String,
    /// The customer.
    pub customer: CustomerId,
    /// Its name.
    pub customer_name: String,
    /// The bill's month.
    pub month: YearMonth,
    /// Issue date (the partner's billing day).
    pub issue_date: NaiveDate,
    /// Due date (issue date + payment terms).
    pub due_date: NaiveDate,
    /// The window of charges it covers.
    pub window: Period,
    /// Lines.
    pub lines: Vec<InvoiceLine>,
    /// Sum of the lines (tax excluded).
    pub subtotal: Money,
    /// The customer's tax rate, if any.
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::input::serde_fields::exact_opt", default)
    )]
    pub tax_rate: Option<Decimal>,
    /// Tax on the subtotal, rounded once.
    pub tax: Money,
    /// Subtotal + tax.
    pub total: Money,
    /// Whether the total is negative (a credit note).
    pub credit_note: bool,
}

/// How much an earlier window's Microsoft cost changed since its bill was issued.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CostAdjustment {
    /// The earlier bill's month.
    pub month: YearMonth,
    /// The change.
    pub amount: Money,
}

/// The partner's statement for one customer and one bill.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Statement {
    /// The customer.
    pub customer: CustomerId,
    /// What Microsoft bills the partner for the window's lines.
    pub cost: Money,
    /// The change in cost of earlier windows (back-dated events), in total…
    pub cost_adjustment: Money,
    /// …and by month.
    #[cfg_attr(feature = "serde", serde(default))]
    pub cost_adjustments: Vec<CostAdjustment>,
    /// The invoice subtotal (tax excluded).
    pub revenue: Money,
    /// Revenue − cost − cost adjustment.
    pub margin: Money,
    /// Margin as a percentage of revenue (2 decimals), when revenue is not zero.
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::input::serde_fields::exact_opt", default)
    )]
    pub margin_percent: Option<Decimal>,
    /// What financed charges still owe after this bill (explains a low first-month margin).
    pub financed_balance: Money,
}

/// A customer's bill: the invoice it receives and the partner's statement.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Bill {
    /// The customer invoice.
    pub invoice: Invoice,
    /// The partner's statement.
    pub statement: Statement,
}

/// The partner's totals across customers for one month.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Totals {
    /// Microsoft cost (with cost adjustments): what the partner checks against Microsoft.
    pub cost: Money,
    /// Revenue (tax excluded).
    pub revenue: Money,
    /// Margin.
    pub margin: Money,
    /// Margin as a percentage of revenue.
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::input::serde_fields::exact_opt", default)
    )]
    pub margin_percent: Option<Decimal>,
    /// Financed balances still owed.
    pub financed_balance: Money,
}

/// Every bill of one month, and the partner's totals.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BillRun {
    /// The partner's name.
    pub partner: String,
    /// The month.
    pub month: YearMonth,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// The window of charges.
    pub window: Period,
    /// One bill per customer with something to bill, by customer id.
    pub bills: Vec<Bill>,
    /// Totals across those customers.
    pub totals: Totals,
    /// Whether this is a projection of a future bill, not an issued one.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "std::ops::Not::not")
    )]
    pub projected: bool,
}

/// Margin as a percentage of revenue, to 2 decimals (half up); `None` when revenue is zero.
///
/// # Errors
/// `amount_overflow` for absurd amounts.
pub(crate) fn margin_percent(margin: &Money, revenue: &Money) -> Result<Option<Decimal>> {
    if revenue.is_zero() {
        return Ok(None);
    }
    let r = Ratio::from_decimal(margin.amount())?
        .mul_int(100)?
        .mul_ratio(Ratio::from_decimal(revenue.amount())?.recip()?)?;
    Ok(Some(r.round(Rounding::clamped(2, RoundingMode::HalfUp))?))
}

/// Σ `f` over the bills' statements.
fn sum_statements(
    currency: Currency,
    bills: &[Bill],
    f: impl Fn(&Statement) -> &Money,
) -> Result<Money> {
    Money::sum(currency, bills.iter().map(|b| f(&b.statement)))
}

impl Totals {
    /// The partner's totals over `bills` (all zero without bills): the cost is every
    /// statement's cost with its cost adjustment, the margin revenue − cost, the margin
    /// percentage margin ÷ revenue (see [`Statement::margin_percent`]).
    ///
    /// # Errors
    /// `currency_mismatch` for a bill in another currency; `amount_overflow`.
    pub fn of(currency: Currency, bills: &[Bill]) -> Result<Totals> {
        let (cost, adjustment) = cost_parts(currency, bills)?;
        let cost = cost.checked_add(&adjustment)?;
        let revenue = sum_statements(currency, bills, |s| &s.revenue)?;
        let margin = revenue.checked_sub(&cost)?;
        Ok(Totals {
            cost,
            revenue,
            margin,
            margin_percent: margin_percent(&margin, &revenue)?,
            financed_balance: sum_statements(currency, bills, |s| &s.financed_balance)?,
        })
    }
}

/// Σ statement cost and Σ cost adjustment of `bills`.
fn cost_parts(currency: Currency, bills: &[Bill]) -> Result<(Money, Money)> {
    Ok((
        sum_statements(currency, bills, |s| &s.cost)?,
        sum_statements(currency, bills, |s| &s.cost_adjustment)?,
    ))
}

impl BillRun {
    /// The run's currency (that of its totals).
    pub fn currency(&self) -> Currency {
        self.totals.cost.currency()
    }

    /// The run as one customer's: only `customer`'s bill (none when it has none), and the
    /// totals over it (see [`Totals::of`]); the rest as is.
    ///
    /// # Errors
    /// As [`Totals::of`].
    pub fn for_customer(&self, customer: &CustomerId) -> Result<BillRun> {
        let bills: Vec<Bill> = self
            .bills
            .iter()
            .filter(|b| b.invoice.customer == *customer)
            .cloned()
            .collect();
        Ok(BillRun {
            partner: self.partner.clone(),
            month: self.month,
            issue_date: self.issue_date,
            window: self.window,
            totals: Totals::of(self.currency(), &bills)?,
            bills,
            projected: self.projected,
        })
    }

    /// The statements' Microsoft cost and cost adjustments, summed apart (the totals' cost is
    /// their sum).
    ///
    /// # Errors
    /// As [`Totals::of`].
    pub fn cost_parts(&self) -> Result<(Money, Money)> {
        cost_parts(self.currency(), &self.bills)
    }
}

#[cfg(test)]
mod tests;
