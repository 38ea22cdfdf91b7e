//! The caller's catalog data an NCE replay reads besides the price sheets: upgrade paths
//! (SPEC-NCE §13.10).

use crate::catalog::OfferId;

/// An upgrade path of the catalog (`ProductSkuConversion`, SPEC-NCE §13.10): seats of `from`
/// may move to `to` mid-term.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct UpgradePath {
    /// The SKU upgraded from.
    pub from: OfferId,
    /// The SKU upgraded to.
    pub to: OfferId,
}

/// The catalog data of an NCE replay (SPEC-NCE §13.10): what the price sheet does not say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NceCatalog {
    /// The upgrade paths (`ProductSkuConversion`).
    pub upgrade_paths: Vec<UpgradePath>,
}

impl NceCatalog {
    /// Whether seats of `from` may move to `to` mid-term.
    pub fn upgrades(&self, from: &OfferId, to: &OfferId) -> bool {
        self.upgrade_paths
            .iter()
            .any(|p| p.from == *from && p.to == *to)
    }
}
