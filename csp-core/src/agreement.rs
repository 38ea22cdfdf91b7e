//! The partner's reseller agreement: terms, renewals, non-renewal notices (SPEC §2, §10.10).
//!
//! The 2015 Microsoft Cloud Reseller Agreement (MCRA) is [`AgreementKind::mcra`]: the first
//! term ends on the first 31 August strictly after signing, then it renews for a year ending
//! each 31 August, unless either party gives notice at least 30 days before a term ends. Its
//! successor, the Microsoft Partner Agreement, has perpetual terms: [`AgreementKind::Perpetual`].
//! Nothing outside this module knows about 31 August.
//!
//! ```
//! use chrono::NaiveDate;
//! use csp_core::agreement::{Agreement, Notice, Party};
//! let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
//! let mut a = Agreement::mcra(d(2015, 10, 1));
//! assert_eq!(a.term_on(d(2016, 3, 1)).unwrap().last, Some(d(2016, 8, 31)));
//! // Notice on 2 August 2016 is one day late for the 2016 renewal: the agreement runs to 2017.
//! a.give_notice(Notice { given_on: d(2016, 8, 2), by: Party::Partner })?;
//! assert_eq!(a.end_date(), Some(d(2017, 8, 31)));
//! # Ok::<(), csp_core::Error>(())
//! ```

use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::calendar::{add_days, days_in_month};
use crate::error::{Error, Result};

/// Who gave a non-renewal notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Party {
    /// The CSP partner.
    Partner,
    /// Microsoft.
    Microsoft,
}

impl fmt::Display for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Party::Partner => "partner",
            Party::Microsoft => "microsoft",
        })
    }
}

impl std::str::FromStr for Party {
    type Err = Error;
    /// Reads `partner` or `microsoft` (case-insensitive).
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "partner" => Ok(Party::Partner),
            "microsoft" => Ok(Party::Microsoft),
            _ => Err(Error::InvalidInput {
                what: "party",
                text: s.to_string(),
                expected: "partner or microsoft",
            }),
        }
    }
}

/// A written notice of non-renewal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Notice {
    /// The date the notice was given.
    #[cfg_attr(feature = "serde", serde(with = "crate::input::serde_fields::date"))]
    pub given_on: NaiveDate,
    /// Who gave it.
    pub by: Party,
}

/// The shape of an agreement's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case"))]
pub enum AgreementKind {
    /// Terms that end each year on the same day (`term_end_month`/`term_end_day`, the renewal
    /// date) and renew automatically for a year unless notice is given at least
    /// `notice_days` before a term's end.
    AnnualRenewal {
        /// Month of the yearly term end (1–12).
        term_end_month: u32,
        /// Day of the yearly term end (a day that exists every year).
        term_end_day: u32,
        /// Minimum days between a notice and the end of the term it stops.
        notice_days: u32,
    },
    /// One perpetual term from signing: no renewals, notices have no effect.
    Perpetual,
}

impl AgreementKind {
    /// The 2015 Microsoft Cloud Reseller Agreement: terms ending 31 August, 30 days' notice.
    pub fn mcra() -> AgreementKind {
        AgreementKind::AnnualRenewal {
            term_end_month: 8,
            term_end_day: 31,
            notice_days: 30,
        }
    }

    /// `mcra` for the 2015 agreement's shape, `perpetual`, or `annual_renewal` for another
    /// annual shape.
    pub fn name(&self) -> &'static str {
        match *self {
            AgreementKind::Perpetual => "perpetual",
            k if k == AgreementKind::mcra() => "mcra",
            AgreementKind::AnnualRenewal { .. } => "annual_renewal",
        }
    }

    fn validate(&self) -> Result<()> {
        if let AgreementKind::AnnualRenewal {
            term_end_month: m,
            term_end_day: d,
            ..
        } = *self
        {
            // 2023 is not a leap year: a day valid in it exists in every year.
            if d == 0 || d > days_in_month(2023, m) {
                return Err(Error::InvalidTermEnd { month: m, day: d });
            }
        }
        Ok(())
    }
}

impl std::str::FromStr for AgreementKind {
    type Err = Error;
    /// Reads `mcra` or `perpetual` (case-insensitive).
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "mcra" => Ok(AgreementKind::mcra()),
            "perpetual" => Ok(AgreementKind::Perpetual),
            _ => Err(Error::InvalidInput {
                what: "agreement kind",
                text: s.to_string(),
                expected: "mcra or perpetual",
            }),
        }
    }
}

/// One term of an agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Term {
    /// 1 for the first term.
    pub number: u32,
    /// First day of the term.
    pub first: NaiveDate,
    /// Last day of the term (its renewal date), `None` for a perpetual term.
    pub last: Option<NaiveDate>,
    /// The last day a notice stops the renewal at the end of this term, `None` when perpetual.
    pub notice_deadline: Option<NaiveDate>,
}

/// The answers to every agreement query for one date, taking every recorded notice into
/// account whatever its date (the agreement as known now) (what the CLI and bindings show).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AgreementStatus {
    /// The date asked about.
    pub on: NaiveDate,
    /// Whether the agreement is in force on that date.
    pub in_force: bool,
    /// The term in force on that date.
    pub term: Option<Term>,
    /// The next renewal date (end of the current term) if the agreement renews there.
    pub next_renewal: Option<NaiveDate>,
    /// The last day a notice can stop that renewal.
    pub notice_deadline: Option<NaiveDate>,
    /// The agreement's end date given the notices, `None` while it keeps renewing.
    pub end_date: Option<NaiveDate>,
}

/// A reseller agreement: a signing date, a kind, and the non-renewal notices given so far.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Agreement {
    #[cfg_attr(feature = "serde", serde(with = "crate::input::serde_fields::date"))]
    signed_on: NaiveDate,
    kind: AgreementKind,
    #[cfg_attr(feature = "serde", serde(default))]
    notices: Vec<Notice>,
}

impl Agreement {
    /// An agreement of `kind` signed on `signed_on`, with no notices.
    ///
    /// # Errors
    /// `invalid_term_end` when an annual term end is not a day of every year (e.g. 29 February).
    pub fn new(signed_on: NaiveDate, kind: AgreementKind) -> Result<Agreement> {
        kind.validate()?;
        Ok(Agreement {
            signed_on,
            kind,
            notices: Vec::new(),
        })
    }

    /// The 2015 MCRA signed on `signed_on`.
    pub fn mcra(signed_on: NaiveDate) -> Agreement {
        Agreement {
            signed_on,
            kind: AgreementKind::mcra(),
            notices: Vec::new(),
        }
    }

    /// The signing date.
    pub fn signed_on(&self) -> NaiveDate {
        self.signed_on
    }

    /// The agreement's kind.
    pub fn kind(&self) -> AgreementKind {
        self.kind
    }

    /// The notices given so far, in the order given.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// Records a non-renewal notice. A perpetual agreement records it but ignores it.
    ///
    /// # Errors
    /// `notice_before_signing` when the notice predates the signing (nothing is recorded).
    pub fn give_notice(&mut self, notice: Notice) -> Result<()> {
        if notice.given_on < self.signed_on {
            return Err(Error::NoticeBeforeSigning {
                notice: notice.given_on,
                signed_on: self.signed_on,
            });
        }
        self.notices.push(notice);
        Ok(())
    }

    /// Builder form of [`Agreement::give_notice`].
    ///
    /// # Errors
    /// As [`Agreement::give_notice`].
    pub fn with_notice(mut self, notice: Notice) -> Result<Agreement> {
        self.give_notice(notice)?;
        Ok(self)
    }

    /// The last day of term `number` (1-based), `None` when perpetual or beyond the calendar.
    fn term_end(&self, number: u32) -> Option<NaiveDate> {
        let AgreementKind::AnnualRenewal {
            term_end_month: m,
            term_end_day: d,
            ..
        } = self.kind
        else {
            return None;
        };
        let s = self.signed_on;
        // The first end is the first (m, d) strictly after the signing date.
        let first_year = if (s.month(), s.day()) < (m, d) {
            s.year()
        } else {
            s.year().checked_add(1)?
        };
        let year = first_year.checked_add(i32::try_from(number.checked_sub(1)?).ok()?)?;
        NaiveDate::from_ymd_opt(year, m, d)
    }

    fn notice_days(&self) -> Option<u32> {
        match self.kind {
            AgreementKind::AnnualRenewal { notice_days, .. } => Some(notice_days),
            AgreementKind::Perpetual => None,
        }
    }

    /// Term number `number` (1-based), whether or not notices end the agreement before it.
    pub fn term(&self, number: u32) -> Option<Term> {
        if number == 0 {
            return None;
        }
        if matches!(self.kind, AgreementKind::Perpetual) {
            return (number == 1).then_some(Term {
                number,
                first: self.signed_on,
                last: None,
                notice_deadline: None,
            });
        }
        let last = self.term_end(number)?;
        let first = if number == 1 {
            self.signed_on
        } else {
            add_days(self.term_end(number - 1)?, 1).ok()?
        };
        let deadline = add_days(last, -i64::from(self.notice_days()?)).ok()?;
        Some(Term {
            number,
            first,
            last: Some(last),
            notice_deadline: Some(deadline),
        })
    }

    /// The number of the term whose dates contain `date` (ignoring notices), if `date` is
    /// on or after the signing date.
    fn term_number_on(&self, date: NaiveDate) -> Option<u32> {
        if date < self.signed_on {
            return None;
        }
        let AgreementKind::AnnualRenewal {
            term_end_month: m,
            term_end_day: d,
            ..
        } = self.kind
        else {
            return Some(1);
        };
        let first_end = self.term_end(1)?;
        if date <= first_end {
            return Some(1);
        }
        let end_year = if (date.month(), date.day()) <= (m, d) {
            date.year()
        } else {
            date.year().checked_add(1)?
        };
        u32::try_from(end_year - first_end.year() + 1).ok()
    }

    /// The date a notice given on `given_on` ends the agreement, `None` when perpetual.
    fn notice_effect(&self, given_on: NaiveDate) -> Option<NaiveDate> {
        let n = self.term_number_on(given_on)?;
        let term = self.term(n)?;
        if given_on <= term.notice_deadline? {
            term.last
        } else {
            self.term(n.checked_add(1)?)?.last
        }
    }

    /// The agreement's last day given the notices (the earliest effect wins), or `None` while
    /// it keeps renewing (always `None` for a perpetual agreement).
    pub fn end_date(&self) -> Option<NaiveDate> {
        self.notices
            .iter()
            .filter_map(|n| self.notice_effect(n.given_on))
            .min()
    }

    /// Whether the agreement is in force on `date`: signed on or before it, and not ended.
    pub fn in_force(&self, date: NaiveDate) -> bool {
        date >= self.signed_on && self.end_date().is_none_or(|end| date <= end)
    }

    /// The term in force on `date`, `None` before signing or after the agreement ended.
    pub fn term_on(&self, date: NaiveDate) -> Option<Term> {
        if !self.in_force(date) {
            return None;
        }
        self.term(self.term_number_on(date)?)
    }

    /// The next renewal date on `date`: the last day of the term in force, when the
    /// agreement renews there (not perpetual, no notice ends it then).
    pub fn next_renewal(&self, date: NaiveDate) -> Option<NaiveDate> {
        let last = self.term_on(date)?.last?;
        (self.end_date() != Some(last)).then_some(last)
    }

    /// The last day a notice can be given to stop the renewal on `renewal`
    /// (`renewal − notice days`, so 1 August for a 31 August renewal). `None` when the
    /// agreement is perpetual or `renewal` is not one of its term ends.
    pub fn notice_deadline(&self, renewal: NaiveDate) -> Option<NaiveDate> {
        let term = self.term(self.term_number_on(renewal)?)?;
        (term.last == Some(renewal))
            .then_some(term.notice_deadline)
            .flatten()
    }

    /// Every query for one date at once.
    pub fn status(&self, on: NaiveDate) -> AgreementStatus {
        let next_renewal = self.next_renewal(on);
        AgreementStatus {
            on,
            in_force: self.in_force(on),
            term: self.term_on(on),
            next_renewal,
            notice_deadline: next_renewal.and_then(|r| self.notice_deadline(r)),
            end_date: self.end_date(),
        }
    }

    /// The terms from the first, through the last one (when notices end the agreement) or
    /// `limit` terms, whichever comes first.
    pub fn terms(&self, limit: u32) -> Vec<Term> {
        let end = self.end_date();
        (1..=limit)
            .map_while(|n| self.term(n))
            .take_while(|t| end.is_none_or(|e| t.first <= e))
            .collect()
    }
}

#[cfg(test)]
mod tests;
