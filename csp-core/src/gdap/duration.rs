//! GDAP durations and auto-extend values (SPEC-NCE §18.1.1, §18.1.2, §18.1.5; pinned P24).

use std::fmt;

use chrono::{DateTime, Duration, Months, Utc};

use crate::error::{Error, Result};
use crate::program::GdapRules;

/// How long a GDAP relationship lasts once approved: `PnD` (`n` days of 24 hours) or `PnY`
/// (`n` calendar years). Read by [`GdapDuration::parse`], the one reader of durations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GdapDuration {
    /// `PnD`: `n × 24 h`.
    Days(u32),
    /// `PnY`: `n` calendar years on the UTC date (29 February → 28 February), time kept.
    Years(u32),
}

impl GdapDuration {
    /// Reads `PnD` (1 ≤ n ≤ `rules.max_days`), `P1Y` or `P2Y` (the years whose 365-day
    /// count fits `max_days`). Strict: upper-case `P`, `D`, `Y`, digits without sign or
    /// leading zero, nothing around it (SPEC-NCE §18.1.1, pinned P24).
    ///
    /// ```
    /// use csp_core::gdap::GdapDuration;
    /// use csp_core::program::Program;
    /// let rules = Program::nce().gdap.unwrap();
    /// assert_eq!(GdapDuration::parse("P730D", &rules)?, GdapDuration::Days(730));
    /// assert_eq!(GdapDuration::parse("P2Y", &rules)?, GdapDuration::Years(2));
    /// for bad in ["P731D", "P0D", "P2Y1D", "P3Y", "P1M", "PT24H", "p1d", "P01D", " P1D", "P+1D"] {
    ///     assert_eq!(GdapDuration::parse(bad, &rules).unwrap_err().code(), "gdap_invalid_duration", "{bad}");
    /// }
    /// # Ok::<(), csp_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `gdap_invalid_duration` naming the text and `max_days`.
    pub fn parse(text: &str, rules: &GdapRules) -> Result<GdapDuration> {
        let invalid = || Error::GdapInvalidDuration {
            text: crate::error::shortened(text.to_string(), 100),
            max_days: rules.max_days,
        };
        let body = text.strip_prefix('P').ok_or_else(invalid)?;
        let (digits, unit) = body
            .split_at_checked(body.len().saturating_sub(1))
            .ok_or_else(invalid)?;
        if digits.is_empty()
            || digits.len() > 9
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || digits.starts_with('0')
        {
            return Err(invalid());
        }
        let n: u32 = digits.parse().map_err(|_| invalid())?;
        match unit {
            "D" if n <= rules.max_days => Ok(GdapDuration::Days(n)),
            "Y" if u64::from(n) * 365 <= u64::from(rules.max_days) => Ok(GdapDuration::Years(n)),
            _ => Err(invalid()),
        }
    }

    /// `start + duration` (SPEC-NCE §18.1.2): `n × 24 h`, or `n` calendar years with the time
    /// kept and 29 February → 28 February.
    ///
    /// ```
    /// use csp_core::gdap::GdapDuration;
    /// use csp_core::input::instant;
    /// let start = instant("2024-02-29T10:00:00Z")?;
    /// assert_eq!(GdapDuration::Years(1).end_at(start)?, instant("2025-02-28T10:00:00Z")?);
    /// assert_eq!(GdapDuration::Days(2).end_at(start)?, instant("2024-03-02T10:00:00Z")?);
    /// # Ok::<(), csp_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `internal_error` when the end is beyond chrono's range (not for instants of the input
    /// readers, which end in 9999).
    pub fn end_at(self, start: DateTime<Utc>) -> Result<DateTime<Utc>> {
        let end = match self {
            GdapDuration::Days(n) => start.checked_add_signed(Duration::days(i64::from(n))),
            GdapDuration::Years(n) => start.checked_add_months(Months::new(n.saturating_mul(12))),
        };
        end.ok_or_else(|| Error::internal("gdap", format!("{start} + {self} is out of range")))
    }
}

impl fmt::Display for GdapDuration {
    /// `P90D`, `P1Y`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GdapDuration::Days(n) => write!(f, "P{n}D"),
            GdapDuration::Years(n) => write!(f, "P{n}Y"),
        }
    }
}

/// Whether a relationship extends itself when it reaches its end (SPEC-NCE §18.1.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AutoExtend {
    /// `PT0S` (also read from `P0D`): no extension, the default.
    #[default]
    Off,
    /// `P180D`: each end reached moves by `auto_extend_days`.
    On,
}

impl AutoExtend {
    /// Reads `PT0S`, `P0D` (≡ `PT0S`) or `P{auto_extend_days}D` (`P180D`).
    ///
    /// ```
    /// use csp_core::gdap::AutoExtend;
    /// use csp_core::program::Program;
    /// let rules = Program::nce().gdap.unwrap();
    /// assert_eq!(AutoExtend::parse("P0D", &rules)?, AutoExtend::Off);
    /// assert_eq!(AutoExtend::parse("P180D", &rules)?, AutoExtend::On);
    /// assert_eq!(AutoExtend::parse("P181D", &rules).unwrap_err().code(), "invalid_input");
    /// # Ok::<(), csp_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid_input` for anything else.
    pub fn parse(text: &str, rules: &GdapRules) -> Result<AutoExtend> {
        match text {
            "PT0S" | "P0D" => Ok(AutoExtend::Off),
            t if t == format!("P{}D", rules.auto_extend_days) => Ok(AutoExtend::On),
            _ => Err(Error::InvalidInput {
                what: "GDAP auto-extend",
                text: crate::error::shortened(text.to_string(), 100),
                expected: "PT0S, P0D (the same) or P180D",
            }),
        }
    }

    /// The text form: `PT0S` or `P{days}D`.
    pub fn text(self, rules: &GdapRules) -> String {
        match self {
            AutoExtend::Off => "PT0S".to_string(),
            AutoExtend::On => format!("P{}D", rules.auto_extend_days),
        }
    }
}
