//! What a reconciliation produces for each file row and expected line (SPEC-NCE §15.5,
//! §15.8): an [`Entry`] with its [`ReconClass`], its two sides and `Δ`.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The class of an entry (SPEC-NCE §15.8), in the order the report lists its totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReconClass {
    /// Both sides agree: same quantity, amount and unit price (`Δ = 0`).
    Matched,
    /// Same quantity, another unit price (another price row, a promotion, a lock).
    PriceDiffers,
    /// NCE: same quantity and unit price, another exchange rate.
    FxRateDiffers,
    /// NCE: the file's amount is the expected line's under the other line convention
    /// (SPEC-NCE §14.4).
    Convention,
    /// `0 < |Δ| ≤` one minor unit of the currency.
    Rounding,
    /// Any other difference of amount.
    AmountDiffers,
    /// A line and a row of the same key that differ in quantity (paired by position).
    QuantityDiffers,
    /// An expected line Microsoft did not bill (`Δ = −expected`).
    Missing,
    /// A row of Microsoft's no expected line explains (`Δ = +file`).
    Unexpected,
    /// A row of a charge type the engine never produces (`Δ = +file`).
    NotModelled,
    /// A row outside the scope: another customer, an excluded product (`Δ = +file`).
    OutOfScope,
}

impl ReconClass {
    /// Every class, in report order.
    pub const ALL: [ReconClass; 11] = [
        ReconClass::Matched,
        ReconClass::PriceDiffers,
        ReconClass::FxRateDiffers,
        ReconClass::Convention,
        ReconClass::Rounding,
        ReconClass::AmountDiffers,
        ReconClass::QuantityDiffers,
        ReconClass::Missing,
        ReconClass::Unexpected,
        ReconClass::NotModelled,
        ReconClass::OutOfScope,
    ];

    /// The class's stable name (`price_differs`…).
    pub fn as_str(&self) -> &'static str {
        match self {
            ReconClass::Matched => "matched",
            ReconClass::PriceDiffers => "price_differs",
            ReconClass::FxRateDiffers => "fx_rate_differs",
            ReconClass::Convention => "convention",
            ReconClass::Rounding => "rounding",
            ReconClass::AmountDiffers => "amount_differs",
            ReconClass::QuantityDiffers => "quantity_differs",
            ReconClass::Missing => "missing",
            ReconClass::Unexpected => "unexpected",
            ReconClass::NotModelled => "not_modelled",
            ReconClass::OutOfScope => "out_of_scope",
        }
    }

    /// Whether the class counts in the audited difference (every class but `out_of_scope`
    /// and `not_modelled`, SPEC-NCE §15.9).
    pub fn is_audited(&self) -> bool {
        !matches!(self, ReconClass::OutOfScope | ReconClass::NotModelled)
    }

    /// Index in [`ReconClass::ALL`].
    pub(super) fn index(&self) -> usize {
        *self as usize
    }
}

impl fmt::Display for ReconClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The sign of a line or row (SPEC-NCE §15.6): of its amount; if zero, of its effective
/// unit price (legacy: `UnitPrice`); if zero too, `+`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sign {
    /// A charge (or a zero line).
    Plus,
    /// A refund or credit.
    Minus,
}

impl Sign {
    /// The sign of `amount`, else of `unit`, else `+`.
    pub fn of(amount: Decimal, unit: Decimal) -> Sign {
        if amount.is_sign_negative() && !amount.is_zero()
            || amount.is_zero() && unit.is_sign_negative() && !unit.is_zero()
        {
            Sign::Minus
        } else {
            Sign::Plus
        }
    }

    /// `+` or `-`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Sign::Plus => "+",
            Sign::Minus => "-",
        }
    }
}

/// The expected side of an entry: the engine's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedSide {
    /// The line's position in the expected lines given (0-based emission index).
    pub index: usize,
    /// Quantity.
    pub quantity: Decimal,
    /// Unit price (NCE `P`; legacy: the unit amount).
    pub unit_price: Decimal,
    /// NCE: the effective unit price shown.
    pub eup: Option<Decimal>,
    /// NCE: the exchange rate.
    pub fx_rate: Option<Decimal>,
    /// Amount (NCE `Subtotal`, legacy `Amount`).
    pub amount: Decimal,
    /// The event (NCE reference id) or price row that produced the line.
    pub reference_id: String,
}

/// The file side of an entry: Microsoft's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSide {
    /// The row's CSV line (the header is line 1).
    pub row: u64,
    /// `ChargeType` as written.
    pub charge_type: String,
    /// Quantity (NCE: `BillableQuantity`, else `Quantity`).
    pub quantity: Decimal,
    /// `UnitPrice`.
    pub unit_price: Decimal,
    /// NCE: `EffectiveUnitPrice`.
    pub eup: Option<Decimal>,
    /// NCE: `PCToBCExchangeRate`.
    pub fx_rate: Option<Decimal>,
    /// Amount (NCE `Subtotal`, legacy `Amount`).
    pub amount: Decimal,
    /// NCE: `ReferenceId` (empty when the file has none).
    pub reference_id: String,
}

/// One entry of a reconciliation: a pair, or one side, with its class and
/// `Δ = file amount − expected amount` (an absent side counts 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The class.
    pub class: ReconClass,
    /// The customer.
    pub customer_id: String,
    /// The subscription (legacy: `SyndicationPartnerSubscriptionNumber`).
    pub subscription_id: String,
    /// The charge type: the expected line's when there is one, else the file's.
    pub charge_type: String,
    /// First day charged.
    pub charge_start: NaiveDate,
    /// Last day charged.
    pub charge_end: NaiveDate,
    /// The sign of the key.
    pub sign: Sign,
    /// The engine's line, if any.
    pub expected: Option<ExpectedSide>,
    /// Microsoft's row, if any.
    pub file: Option<FileSide>,
    /// `file amount − expected amount`.
    pub delta: Decimal,
}

impl Entry {
    /// The report's order (SPEC-NCE §15.12): customer, subscription, charge start and end,
    /// charge type, sign, file row (absent last), expected index.
    pub(super) fn order_key(&self) -> (&str, &str, NaiveDate, NaiveDate, &str, Sign, u64, usize) {
        (
            &self.customer_id,
            &self.subscription_id,
            self.charge_start,
            self.charge_end,
            &self.charge_type,
            self.sign,
            self.file.as_ref().map_or(u64::MAX, |f| f.row),
            self.expected.as_ref().map_or(usize::MAX, |e| e.index),
        )
    }
}
