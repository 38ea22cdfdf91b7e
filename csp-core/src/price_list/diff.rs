//! Offer-by-offer comparison of two price lists (SPEC §3, §10.9).

use rust_decimal::Decimal;

use super::legacy::PriceRow;
use crate::ids::OfferId;

/// The change indicator of Microsoft's price lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "UPPERCASE"))]
pub enum ChangeIndicator {
    /// New offer.
    Add,
    /// List price changed.
    Chg,
    /// Offer removed.
    Del,
    /// Unchanged list price.
    Unc,
    /// Deprecated: no longer purchasable in the legacy program (only read from files).
    Depr,
}

impl ChangeIndicator {
    /// `ADD`, `CHG`, `DEL`, `UNC`, `DEPR`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ChangeIndicator::Add => "ADD",
            ChangeIndicator::Chg => "CHG",
            ChangeIndicator::Del => "DEL",
            ChangeIndicator::Unc => "UNC",
            ChangeIndicator::Depr => "DEPR",
        }
    }
}

impl std::fmt::Display for ChangeIndicator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One offer's line in a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DiffRow {
    /// The offer.
    pub offer_id: OfferId,
    /// Its display name (the new list's, or the old one's for a removal).
    pub offer_name: String,
    /// `ADD`, `CHG`, `DEL` or `UNC`.
    pub indicator: ChangeIndicator,
    /// List price in the old list.
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::input::serde_fields::exact_opt")
    )]
    pub old_list_price: Option<Decimal>,
    /// List price in the new list.
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::input::serde_fields::exact_opt")
    )]
    pub new_list_price: Option<Decimal>,
    /// ERP price in the old list.
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::input::serde_fields::exact_opt")
    )]
    pub old_erp_price: Option<Decimal>,
    /// ERP price in the new list.
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::input::serde_fields::exact_opt")
    )]
    pub new_erp_price: Option<Decimal>,
    /// Whether the ERP price changed (an ERP-only change keeps the indicator `UNC`).
    pub erp_changed: bool,
}

/// Compares two lists offer by offer, sorted by offer id.
///
/// `CHG` when the list price changes, compared as numbers (4.0 = 4.00); an ERP-only change
/// is flagged by `erp_changed` with the indicator `UNC` (SPEC §10.9).
///
/// ```
/// use csp_core::price_list::{diff_rows, parse_legacy_rows, ChangeIndicator};
/// let h = "Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,List Price,ERP Price\n";
/// let old = parse_legacy_rows(&format!("{h}A,Alpha,Corporate,Non-specific,4.0,5\nB,Beta,Corporate,Non-specific,8,10\n"))?;
/// let new = parse_legacy_rows(&format!("{h}A,Alpha,Corporate,Non-specific,4.00,5.50\nC,Gamma,Corporate,Non-specific,1,2\n"))?;
/// let d = diff_rows(&old, &new);
/// let ind: Vec<_> = d.iter().map(|r| (r.offer_id.as_str(), r.indicator, r.erp_changed)).collect();
/// assert_eq!(ind, [("A", ChangeIndicator::Unc, true), ("B", ChangeIndicator::Del, false), ("C", ChangeIndicator::Add, false)]);
/// # Ok::<(), csp_core::Error>(())
/// ```
pub fn diff_rows<'a>(
    old: impl IntoIterator<Item = &'a PriceRow>,
    new: impl IntoIterator<Item = &'a PriceRow>,
) -> Vec<DiffRow> {
    use std::collections::BTreeMap;
    let old: BTreeMap<&OfferId, &PriceRow> = old.into_iter().map(|r| (&r.offer_id, r)).collect();
    let new: BTreeMap<&OfferId, &PriceRow> = new.into_iter().map(|r| (&r.offer_id, r)).collect();
    let mut ids: Vec<&OfferId> = old.keys().chain(new.keys()).copied().collect();
    ids.sort();
    ids.dedup();
    ids.into_iter()
        .map(|id| {
            let (o, n) = (old.get(id).copied(), new.get(id).copied());
            let indicator = match (o, n) {
                (None, _) => ChangeIndicator::Add,
                (Some(_), None) => ChangeIndicator::Del,
                (Some(o), Some(n)) if o.list_price != n.list_price => ChangeIndicator::Chg,
                (Some(_), Some(_)) => ChangeIndicator::Unc,
            };
            DiffRow {
                offer_id: id.clone(),
                offer_name: n.or(o).map(|r| r.offer_name.clone()).unwrap_or_default(),
                indicator,
                old_list_price: o.map(|r| r.list_price),
                new_list_price: n.map(|r| r.list_price),
                old_erp_price: o.map(|r| r.erp_price),
                new_erp_price: n.map(|r| r.erp_price),
                erp_changed: matches!((o, n), (Some(o), Some(n)) if o.erp_price != n.erp_price),
            }
        })
        .collect()
}

/// [`diff_rows`] of two price lists.
pub fn diff(old: &super::PriceList, new: &super::PriceList) -> Vec<DiffRow> {
    diff_rows(old.rows(), new.rows())
}
