//! ISO 4217 currencies with their minor units (SPEC §1.4).

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// An ISO 4217 currency: its three-letter code and its number of minor units (decimal places).
///
/// Only currencies from csp-core's table can be constructed, so the minor units are always
/// right: 2 for USD/EUR/GBP, 0 for JPY/KRW, 3 for KWD/BHD/JOD/OMR/TND.
///
/// ```
/// use csp_core::money::Currency;
/// let jpy: Currency = "JPY".parse()?;
/// assert_eq!(jpy.minor_units(), 0);
/// assert_eq!(Currency::from_code("kwd")?.minor_units(), 3);
/// # Ok::<(), csp_core::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: &'static str,
    minor_units: u32,
}

macro_rules! currencies {
    ($($name:ident = $units:expr),* $(,)?) => {
        impl Currency {
            $(
                #[doc = concat!("The currency ", stringify!($name), " (", stringify!($units), " minor units).")]
                pub const $name: Currency = Currency { code: stringify!($name), minor_units: $units };
            )*
            /// Every currency csp-core knows, sorted by code.
            pub const ALL: &'static [Currency] = &[$(Currency::$name),*];
        }
    };
}

// The currencies of the markets where Microsoft sells through CSP, and their neighbours.
// Minor units per ISO 4217. Keep sorted by code.
currencies! {
    AED = 2, ARS = 2, AUD = 2, BDT = 2, BGN = 2, BHD = 3, BRL = 2, CAD = 2, CHF = 2, CLP = 0,
    CNY = 2, COP = 2, CRC = 2, CZK = 2, DKK = 2, DZD = 2, EGP = 2, EUR = 2, GBP = 2, GEL = 2,
    GHS = 2, HKD = 2, HUF = 2, IDR = 2, ILS = 2, INR = 2, ISK = 0, JOD = 3, JPY = 0, KES = 2,
    KRW = 0, KWD = 3, KZT = 2, LKR = 2, MAD = 2, MXN = 2, MYR = 2, NGN = 2, NOK = 2, NZD = 2,
    OMR = 3, PEN = 2, PHP = 2, PKR = 2, PLN = 2, QAR = 2, RON = 2, RSD = 2, SAR = 2, SEK = 2,
    SGD = 2, THB = 2, TND = 3, TRY = 2, TWD = 2, UAH = 2, USD = 2, UYU = 2, VND = 0, ZAR = 2,
}

impl Currency {
    /// Looks up a currency by its ISO 4217 code (case-insensitive, surrounding spaces ignored).
    ///
    /// # Errors
    /// `unknown_currency` when the code is not in csp-core's table.
    pub fn from_code(code: &str) -> Result<Currency> {
        let wanted = code.trim();
        Currency::ALL
            .iter()
            .find(|c| c.code.eq_ignore_ascii_case(wanted))
            .copied()
            .ok_or_else(|| Error::UnknownCurrency {
                code: code.to_string(),
            })
    }

    /// The three-letter code, upper case.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// Number of decimal places of the currency's minor unit (the default rounding scale).
    pub fn minor_units(&self) -> u32 {
        self.minor_units
    }

    /// `minor` minor units of this currency as decimal text with exactly the currency's
    /// decimals: `-960` USD is `"-9.60"`, `1234` JPY is `"1234"`, `5` KWD is `"0.005"` (the
    /// batch's integer amounts as the text bindings hand out, without a decimal type).
    ///
    /// ```
    /// use csp_core::money::Currency;
    /// assert_eq!(Currency::USD.format_minor(3693), "36.93");
    /// assert_eq!(Currency::USD.format_minor(-5), "-0.05");
    /// assert_eq!(Currency::USD.format_minor(0), "0.00");
    /// ```
    pub fn format_minor(&self, minor: i128) -> String {
        let scale = self.minor_units() as usize;
        let digits = minor.unsigned_abs().to_string();
        let digits = if digits.len() <= scale {
            format!("{}{digits}", "0".repeat(scale + 1 - digits.len()))
        } else {
            digits
        };
        let (whole, frac) = digits.split_at(digits.len() - scale);
        let sign = if minor < 0 { "-" } else { "" };
        if scale == 0 {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}.{frac}")
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl FromStr for Currency {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Currency::from_code(s)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.code)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Currency::from_code(&s).map_err(serde::de::Error::custom)
    }
}
