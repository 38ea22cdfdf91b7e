//! Microsoft's side of a reconciliation: each file row reduced to the fields matching reads
//! ([`FileRow`]), and the row self-checks (SPEC-NCE §15.11).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{LegacyReconRow, NceReconRow, ReconKind};
use crate::money::Currency;
use crate::subscription::nce::NceChargeType;

/// A row of a recon file flagged by a self-check (SPEC-NCE §15.11): a flag, never an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowFlag {
    /// The row's CSV line.
    pub row: u64,
    /// The check that failed: `total`, `subtotal` (NCE and legacy), `amount` (legacy).
    pub check: &'static str,
    /// The figures compared, e.g. `Total 0.045 ≠ Subtotal 0.01 + TaxTotal 0`.
    pub detail: String,
}

impl RowFlag {
    /// The flag's name: always `file_inconsistent`.
    pub const FLAG: &'static str = "file_inconsistent";
}

/// One row in the fields matching reads, of either file kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FileRow {
    pub row: u64,
    pub customer_id: String,
    pub subscription_id: String,
    pub product_id: String,
    pub charge_type: String,
    /// Whether the engine can produce the row's charge type (SPEC-NCE §15.5.2).
    pub modelled: bool,
    pub charge_start: NaiveDate,
    pub charge_end: NaiveDate,
    pub quantity: Decimal,
    pub unit_price: Decimal,
    pub eup: Option<Decimal>,
    pub fx_rate: Option<Decimal>,
    pub amount: Decimal,
    pub reference_id: String,
    /// Legacy `TotalOtherDiscount`.
    pub discount: Option<Decimal>,
    /// NCE: the row's `Total` (else `Subtotal + TaxTotal`), for the invoice check.
    pub invoice_total: Option<Decimal>,
}

impl FileRow {
    /// The unit price that decides the sign of a zero amount: the EUP (NCE), else
    /// `UnitPrice` (legacy).
    pub fn sign_unit(&self) -> Decimal {
        self.eup.unwrap_or(self.unit_price)
    }
}

/// A recon row of either kind: what reconciliation needs from it.
pub(super) trait ReconRow {
    /// The kind of file the row comes from.
    const KIND: ReconKind;
    /// The row's `Currency` (the billing currency).
    fn currency(&self) -> Currency;
    /// The matching view of the row.
    fn file_row(self) -> FileRow;
    /// The row's self-checks, pushed on `flags` (`m`: the currency's minor units).
    fn check(&self, m: u32, flags: &mut Vec<RowFlag>);
}

/// One minor unit of a currency with `m` decimals.
pub(super) fn minor_unit(m: u32) -> Decimal {
    Decimal::new(1, m)
}

impl ReconRow for NceReconRow {
    const KIND: ReconKind = ReconKind::Nce;

    fn currency(&self) -> Currency {
        self.currency
    }

    fn file_row(self) -> FileRow {
        let modelled = NceChargeType::from_name(&self.charge_type).is_some();
        let invoice_total = self.total.or_else(|| {
            self.subtotal
                .checked_add(self.tax_total.unwrap_or_default())
        });
        FileRow {
            row: self.line,
            customer_id: self.customer_id,
            subscription_id: self.subscription_id,
            product_id: self.product_id,
            charge_type: self.charge_type,
            modelled,
            charge_start: self.charge_start,
            charge_end: self.charge_end,
            quantity: self.quantity,
            unit_price: self.unit_price,
            eup: Some(self.effective_unit_price),
            fx_rate: Some(self.exchange_rate),
            amount: self.subtotal,
            reference_id: self.reference_id,
            discount: None,
            invoice_total,
        }
    }

    fn check(&self, m: u32, flags: &mut Vec<RowFlag>) {
        let flag = |check, detail| RowFlag {
            row: self.line,
            check,
            detail,
        };
        if let Some(total) = self.total {
            let tax = self.tax_total.unwrap_or_default();
            if self.subtotal.checked_add(tax) != Some(total) {
                flags.push(flag(
                    "total",
                    format!(
                        "Total {total} ≠ Subtotal {} + TaxTotal {tax}",
                        self.subtotal
                    ),
                ));
            }
        }
        // |Subtotal − EUP × x × q| > q × (1 + x) minor units: both conventions stay inside.
        let (q, x) = (self.quantity.abs(), self.exchange_rate);
        let exact = self
            .effective_unit_price
            .checked_mul(x)
            .and_then(|v| v.checked_mul(self.quantity));
        let allowed = Decimal::ONE
            .checked_add(x.abs())
            .and_then(|v| v.checked_mul(q))
            .and_then(|v| v.checked_mul(minor_unit(m)));
        let off = exact
            .and_then(|e| self.subtotal.checked_sub(e))
            .map(|d| d.abs());
        if let (Some(off), Some(allowed)) = (off, allowed) {
            if off > allowed {
                flags.push(flag(
                    "subtotal",
                    format!(
                        "Subtotal {} is {} from EffectiveUnitPrice {} × rate {x} × quantity {} \
                         (allowed {})",
                        self.subtotal,
                        off.normalize(),
                        self.effective_unit_price,
                        self.quantity,
                        allowed.normalize()
                    ),
                ));
            }
        } else {
            flags.push(flag(
                "subtotal",
                "EffectiveUnitPrice × rate × quantity is too large to compare".to_string(),
            ));
        }
    }
}

impl ReconRow for LegacyReconRow {
    const KIND: ReconKind = ReconKind::Legacy;

    fn currency(&self) -> Currency {
        self.currency
    }

    fn file_row(self) -> FileRow {
        let modelled = !self
            .charge_type
            .trim()
            .eq_ignore_ascii_case("offset a line item");
        FileRow {
            row: self.line,
            customer_id: self.customer_id,
            subscription_id: self.syndication_partner_subscription_number,
            product_id: self.durable_offer_id,
            charge_type: self.charge_type,
            modelled,
            charge_start: self.charge_start,
            charge_end: self.charge_end,
            quantity: self.quantity,
            unit_price: self.unit_price,
            eup: None,
            fx_rate: None,
            amount: self.amount,
            reference_id: String::new(),
            discount: self.total_other_discount,
            invoice_total: None,
        }
    }

    fn check(&self, m: u32, flags: &mut Vec<RowFlag>) {
        let flag = |check, detail| RowFlag {
            row: self.line,
            check,
            detail,
        };
        // Units are shown rounded: |Amount − UnitPrice × Quantity| ≤ Quantity × ½ minor unit.
        let product = self.unit_price.checked_mul(self.quantity);
        let off = product
            .and_then(|p| self.amount.checked_sub(p))
            .map(|d| d.abs());
        let allowed = self
            .quantity
            .abs()
            .checked_mul(minor_unit(m))
            .map(|v| v / Decimal::TWO);
        match (product, off, allowed) {
            (Some(product), Some(off), Some(allowed)) if off > allowed => flags.push(flag(
                "amount",
                format!(
                    "Amount {} ≠ UnitPrice {} × Quantity {} = {}",
                    self.amount, self.unit_price, self.quantity, product
                ),
            )),
            (Some(_), Some(_), Some(_)) => {}
            _ => flags.push(flag(
                "amount",
                "UnitPrice × Quantity is too large to compare".to_string(),
            )),
        }
        if let Some(subtotal) = self.subtotal {
            let discount = self.total_other_discount.unwrap_or_default();
            if self.amount.checked_sub(discount) != Some(subtotal) {
                flags.push(flag(
                    "subtotal",
                    format!(
                        "Subtotal {subtotal} ≠ Amount {} − TotalOtherDiscount {discount}",
                        self.amount
                    ),
                ));
            }
        }
        if let (Some(total), Some(subtotal)) = (self.total_for_customer, self.subtotal) {
            let tax = self.tax.unwrap_or_default();
            if subtotal.checked_add(tax) != Some(total) {
                flags.push(flag(
                    "total",
                    format!("TotalForCustomer {total} ≠ Subtotal {subtotal} + Tax {tax}"),
                ));
            }
        }
    }
}
