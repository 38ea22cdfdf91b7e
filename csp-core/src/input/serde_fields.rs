//! The strict readers as serde field adapters, for `#[serde(with = "…")]` (scenario,
//! partner settings, price rows, issued bills).
//!
//! An amount must be a JSON string: a JSON number is refused with a message that says to
//! quote it (a float would have rounded it before the library saw it; serde's message names
//! the number, this module's `expecting` the fix).

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::Serializer;

use super::AmountKind;

struct AmountText(AmountKind);

impl Visitor<'_> for AmountText {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // serde writes "invalid type: floating point `12.5`, expected " before this.
        write!(
            f,
            "a {} as a JSON string such as \"12.34\" (quote amounts, so that no float rounding happens before they are read)",
            self.0.what()
        )
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        super::amount(v, self.0).map_err(E::custom)
    }
}

fn read<'de, D: Deserializer<'de>>(d: D, kind: AmountKind) -> Result<Decimal, D::Error> {
    d.deserialize_str(AmountText(kind))
}

fn write<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
}

macro_rules! amount_field {
    ($module:ident, $opt:ident, $kind:expr, $doc:literal) => {
        #[doc = $doc]
        pub(crate) mod $module {
            use super::*;
            /// Writes the amount as a string with its own decimals.
            pub(crate) fn serialize<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
                write(v, s)
            }
            /// Reads the amount strictly (see [`crate::input::amount`]).
            pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
                d: D,
            ) -> Result<Decimal, D::Error> {
                read(d, $kind)
            }
        }

        #[doc = $doc]
        #[doc = "(optional: absent or `null` is `None`)"]
        #[allow(dead_code)] // one module per kind; not every kind has an optional field
        pub(crate) mod $opt {
            use super::*;
            /// Writes the amount as a string, or `null`.
            pub(crate) fn serialize<S: Serializer>(
                v: &Option<Decimal>,
                s: S,
            ) -> Result<S::Ok, S::Error> {
                match v {
                    Some(v) => write(v, s),
                    None => s.serialize_none(),
                }
            }
            /// Reads the amount strictly, or `null`.
            pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
                d: D,
            ) -> Result<Option<Decimal>, D::Error> {
                struct Opt;
                impl<'de> Visitor<'de> for Opt {
                    type Value = Option<Decimal>;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("an amount as a JSON string, or null")
                    }
                    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                        Ok(None)
                    }
                    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                        Ok(None)
                    }
                    fn visit_some<D: Deserializer<'de>>(
                        self,
                        d: D,
                    ) -> Result<Self::Value, D::Error> {
                        read(d, $kind).map(Some)
                    }
                }
                d.deserialize_option(Opt)
            }
        }
    };
}

amount_field!(price, price_opt, AmountKind::Price, "A price or fee field.");
amount_field!(
    percent,
    percent_opt,
    AmountKind::Percent,
    "A percentage field."
);
amount_field!(
    tax_rate,
    tax_rate_opt,
    AmountKind::TaxRate,
    "A tax-rate field."
);
amount_field!(
    exact,
    exact_opt,
    AmountKind::Exact,
    "An exact (signed) amount field."
);

/// A date field: `YYYY-MM-DD` in the documented range (see [`crate::input::date`]).
pub(crate) mod date {
    use super::*;
    /// Writes `YYYY-MM-DD`.
    pub(crate) fn serialize<S: Serializer>(v: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(v)
    }
    /// Reads a date strictly.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        crate::input::date(&text).map_err(de::Error::custom)
    }
}

/// An optional date field (absent or `null` is `None`).
pub(crate) mod date_opt {
    use super::*;
    /// Writes `YYYY-MM-DD`, or `null`.
    pub(crate) fn serialize<S: Serializer>(v: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.collect_str(v),
            None => s.serialize_none(),
        }
    }
    /// Reads a date strictly, or `null`.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<NaiveDate>, D::Error> {
        let text = <Option<std::borrow::Cow<'de, str>> as serde::Deserialize>::deserialize(d)?;
        text.map(|t| crate::input::date(&t).map_err(de::Error::custom))
            .transpose()
    }
}

/// An optional date of a price file's row (a legacy row's effective dates): `YYYY-MM-DD`
/// in the years the price files use, 1753 (Microsoft's placeholder for "always") to 9999.
pub(crate) mod file_date_opt {
    use super::*;
    /// Writes `YYYY-MM-DD`, or `null`.
    pub(crate) fn serialize<S: Serializer>(v: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        super::date_opt::serialize(v, s)
    }
    /// Reads `YYYY-MM-DD` of a year from 1753 to 9999, or `null`.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<NaiveDate>, D::Error> {
        use chrono::Datelike;
        let text = <Option<std::borrow::Cow<'de, str>> as serde::Deserialize>::deserialize(d)?;
        text.map(|t| {
            crate::calendar::read_iso_date(&t)
                .filter(|d| d.year() >= crate::input::FIRST_FILE_YEAR)
                .ok_or_else(|| {
                    de::Error::custom(format_args!(
                        "invalid date {}: expected YYYY-MM-DD, years 1753 to 9999",
                        crate::error::Quoted(&t)
                    ))
                })
        })
        .transpose()
    }
}

/// A seat-count field: a whole number from 1 to [`MAX_SEATS`](crate::input::MAX_SEATS).
pub(crate) mod seats {
    use super::*;
    /// Writes the count.
    pub(crate) fn serialize<S: Serializer>(v: &u32, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(*v)
    }

    struct Seats;

    impl Visitor<'_> for Seats {
        type Value = u32;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(
                "a whole number of seats from 1 to 1000000, as a JSON number without a fraction",
            )
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<u32, E> {
            crate::input::seats(v).map_err(E::custom)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<u32, E> {
            crate::input::seats(i64::try_from(v).unwrap_or(i64::MAX)).map_err(E::custom)
        }
    }

    /// Reads the count strictly (a JSON integer; `2.9` or `"3"` are refused).
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        d.deserialize_i64(Seats)
    }
}

/// An instant field: `YYYY-MM-DDTHH:MM:SSZ` or a date (see [`crate::input::instant`]).
pub(crate) mod instant {
    use super::*;
    use chrono::{DateTime, Utc};
    /// Writes `YYYY-MM-DDTHH:MM:SSZ`.
    pub(crate) fn serialize<S: Serializer>(v: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&crate::subscription::nce::instant_text(*v))
    }
    /// Reads an instant strictly.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        crate::input::instant(&text).map_err(de::Error::custom)
    }
}

/// An optional seat-count field (absent or `null` is `None`).
pub(crate) mod seats_opt {
    use super::*;
    /// Writes the count, or `null`.
    pub(crate) fn serialize<S: Serializer>(v: &Option<u32>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_u32(*v),
            None => s.serialize_none(),
        }
    }
    /// Reads the count strictly, or `null`.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        #[derive(serde::Deserialize)]
        struct Count(#[serde(with = "super::seats")] u32);
        let v = <Option<Count> as serde::Deserialize>::deserialize(d)?;
        Ok(v.map(|c| c.0))
    }
}

/// An optional instant field (absent or `null` is `None`).
pub(crate) mod instant_opt {
    use super::*;
    use chrono::{DateTime, Utc};
    /// Reads an instant strictly, or `null`.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        let text = <Option<std::borrow::Cow<'de, str>> as serde::Deserialize>::deserialize(d)?;
        text.map(|t| crate::input::instant(&t).map_err(de::Error::custom))
            .transpose()
    }
}
