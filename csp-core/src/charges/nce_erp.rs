//! NCE lines in ERP-safe form (issue 17): an ERP imports a line as unit × quantity and
//! refuses one whose amount differs, but Microsoft's amount is not always its unit × quantity
//! (under `nce_a` the subtotal truncates `EUP × q`, not the unit; with an exchange rate the
//! unit shown is in the pricing currency). In this form a line is a unit in the billing
//! currency × its quantity = its amount exactly, and what is left of Microsoft's subtotal is
//! a separate rounding line of quantity 1.

use rust_decimal::{Decimal, RoundingStrategy};

use super::NceLine;
use crate::error::Result;
use crate::money::Money;

/// One row of the ERP-safe form: `unit × quantity = amount` exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErpRow {
    /// `line` for the line itself, `rounding` for the rest of Microsoft's subtotal.
    pub kind: ErpRowKind,
    /// The unit, in the billing currency, at its minor units (signed as the line).
    pub unit: Decimal,
    /// The quantity (the line's billable quantity; 1 for a rounding row).
    pub quantity: u32,
    /// `unit × quantity`.
    pub amount: Money,
}

/// What an [`ErpRow`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErpRowKind {
    /// The line at a unit that multiplies out.
    Line,
    /// Microsoft's subtotal less the line row's amount.
    Rounding,
}

impl ErpRowKind {
    /// `line` or `rounding`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ErpRowKind::Line => "line",
            ErpRowKind::Rounding => "rounding",
        }
    }
}

impl NceLine {
    /// The line in ERP-safe form: a [`ErpRowKind::Line`] row whose unit is the subtotal per
    /// seat truncated toward zero to the billing currency's minor units (`trunc(subtotal /
    /// q, m)`; 0 for a zero quantity), and, when `unit × q` is not the subtotal, a
    /// [`ErpRowKind::Rounding`] row of quantity 1 for the rest. The rows always sum to the
    /// subtotal exactly; under `nce_b` at rate 1 there is never a rounding row.
    ///
    /// Under `nce_a`, 10 seats of 7.20 EUR at 1.0512 USD: subtotal trunc(75.6864) = 75.68,
    /// unit trunc(7.568) = 7.56, so a line of 10 × 7.56 = 75.60 and a rounding row of 0.08.
    ///
    /// # Errors
    /// `amount_overflow`.
    pub fn erp_safe(&self) -> Result<(ErpRow, Option<ErpRow>)> {
        let subtotal = self.subtotal;
        let m = subtotal.currency().minor_units();
        let q = Decimal::from(self.billable_quantity);
        let unit = if q.is_zero() {
            Decimal::ZERO
        } else {
            let mut u = (subtotal.amount() / q).round_dp_with_strategy(m, RoundingStrategy::ToZero);
            u.rescale(m);
            u
        };
        let amount = Money::new(unit, subtotal.currency()).checked_mul(q)?;
        let line = ErpRow {
            kind: ErpRowKind::Line,
            unit,
            quantity: self.billable_quantity,
            amount,
        };
        let rest = subtotal.checked_sub(&amount)?;
        let rounding = (!rest.is_zero()).then_some(ErpRow {
            kind: ErpRowKind::Rounding,
            unit: rest.amount(),
            quantity: 1,
            amount: rest,
        });
        Ok((line, rounding))
    }
}
