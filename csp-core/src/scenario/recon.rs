//! Reconciling a month of a scenario against Microsoft's recon file (SPEC-NCE §15): the
//! expected lines are re-derived from the event history, so any past month can be audited.

use chrono::{NaiveTime, TimeZone, Utc};

use super::nce::NceScenario;
use super::Scenario;
use crate::calendar::{Period, YearMonth};
use crate::charges::{replay, replay_nce_until, LineForm, NceRefusal, Refusal, ReplayOptions};
use crate::error::Result;
use crate::money::ProrationPolicy;
use crate::recon::{
    legacy_expected_lines, nce_expected_lines, reconcile_read, ExpectedLine, ReconKind,
    ReconOptions, ReconReport, ReconRequest, ReconScope,
};

impl Scenario {
    /// The window Microsoft's invoice of `month` is compared over: the partner's bill window
    /// (SPEC §8) when the scenario has `partner` settings, else the calendar month.
    ///
    /// # Errors
    /// `date_out_of_range` at the calendar's edge.
    pub fn recon_window(&self, month: YearMonth) -> Result<Period> {
        match &self.partner {
            Some(settings) => settings.billing_day.window(month),
            None => Ok(month.period()),
        }
    }

    /// The legacy lines of `month`'s window, in Microsoft's reconciliation form (SPEC
    /// §10.7), re-derived from the events dated up to the window's last day.
    ///
    /// # Errors
    /// A [`Refusal`]: the inputs' errors, a refused event.
    pub fn expected_lines(
        &self,
        month: YearMonth,
    ) -> std::result::Result<Vec<ExpectedLine>, Refusal> {
        let window = self.recon_window(month).map_err(Refusal::from)?;
        let inputs = self.inputs().map_err(Refusal::from)?;
        let events: Vec<_> = self
            .events
            .iter()
            .filter(|e| e.date <= window.last())
            .cloned()
            .collect();
        let options = ReplayOptions {
            policy: self.policy,
            form: LineForm::Reconciliation,
        };
        let replayed = replay(&inputs, &events, window.last(), options)?;
        Ok(legacy_expected_lines(&replayed.lines, window))
    }

    /// Reconciles Microsoft's legacy license-based recon file `text` for `month` against the
    /// scenario's lines ([`Scenario::expected_lines`]), in the scenario's currency.
    ///
    /// # Errors
    /// A [`Refusal`]: the replay's; the file's, without an index (see
    /// [`Scenario::reconcile_lines`]).
    pub fn reconcile(
        &self,
        text: &str,
        month: YearMonth,
        scope: &ReconScope,
        options: ReconOptions,
    ) -> std::result::Result<ReconReport, Refusal> {
        let expected = self.expected_lines(month)?;
        self.reconcile_lines(text.as_bytes(), month, &expected, scope, options)
            .map_err(Refusal::from)
    }

    /// Reconciles the recon file read from `file` (a stream of its bytes: an open file, or a
    /// text's bytes) against lines already derived ([`Scenario::expected_lines`]): the errors
    /// are then the file's alone. The file is read as it is matched ([`reconcile_read`]),
    /// never held whole.
    ///
    /// # Errors
    /// `invalid_input` for a file of the other kind, the reader's errors with line and
    /// column (`csv_malformed` for a stream that fails), `currency_mismatch`,
    /// `amount_overflow`.
    pub fn reconcile_lines(
        &self,
        file: impl std::io::Read,
        month: YearMonth,
        expected: &[ExpectedLine],
        scope: &ReconScope,
        options: ReconOptions,
    ) -> Result<ReconReport> {
        let policy = policy_label(&self.policy);
        let book = Book {
            kind: ReconKind::Legacy,
            currency: self.currency,
            policy: &policy,
        };
        book.reconcile(file, month, expected, scope, options)
    }
}

impl NceScenario {
    /// The NCE lines on Microsoft's invoice of `month` (those ordered in it, SPEC-NCE
    /// §14.5.4), re-derived from the events up to the month's end.
    ///
    /// # Errors
    /// An [`NceRefusal`]: the inputs' errors, a refused event.
    pub fn expected_lines(
        &self,
        month: YearMonth,
    ) -> std::result::Result<Vec<ExpectedLine>, NceRefusal> {
        let inputs = |error| NceRefusal {
            index: None,
            event: None,
            error,
        };
        let end = month
            .last_day()
            .and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN));
        let until = Utc.from_utc_datetime(&end);
        self.with_context(until, |ctx| {
            let replayed = replay_nce_until(ctx, &self.events, until, self.convention)?;
            nce_expected_lines(&replayed, self.convention, month, &self.exchange_rates)
                .map_err(inputs)
        })
    }

    /// Reconciles Microsoft's NCE invoice recon file `text` for `month` against the
    /// scenario's lines ([`NceScenario::expected_lines`]), in the scenario's billing
    /// currency, under its line convention.
    ///
    /// # Errors
    /// An [`NceRefusal`]: the replay's; the file's, without index or event (see
    /// [`NceScenario::reconcile_lines`]).
    pub fn reconcile(
        &self,
        text: &str,
        month: YearMonth,
        scope: &ReconScope,
        options: ReconOptions,
    ) -> std::result::Result<ReconReport, NceRefusal> {
        let expected = self.expected_lines(month)?;
        self.reconcile_lines(text.as_bytes(), month, &expected, scope, options)
            .map_err(|error| NceRefusal {
                index: None,
                event: None,
                error,
            })
    }

    /// Reconciles the recon file read from `file` (a stream of its bytes: an open file, or a
    /// text's bytes) against lines already derived ([`NceScenario::expected_lines`]): the
    /// errors are then the file's alone. The file is read as it is matched
    /// ([`reconcile_read`]), never held whole.
    ///
    /// # Errors
    /// `invalid_input` for a file of the other kind, the reader's errors with line and
    /// column (`csv_malformed` for a stream that fails), `currency_mismatch`,
    /// `amount_overflow`.
    pub fn reconcile_lines(
        &self,
        file: impl std::io::Read,
        month: YearMonth,
        expected: &[ExpectedLine],
        scope: &ReconScope,
        options: ReconOptions,
    ) -> Result<ReconReport> {
        let book = Book {
            kind: ReconKind::Nce,
            currency: self.billing_currency,
            policy: self.convention.as_str(),
        };
        book.reconcile(file, month, expected, scope, options)
    }
}

/// What a book of either program tells a reconciliation: the file's kind, the billing
/// currency and the policy's name.
struct Book<'a> {
    kind: ReconKind,
    currency: crate::money::Currency,
    policy: &'a str,
}

impl Book<'_> {
    fn reconcile(
        &self,
        file: impl std::io::Read,
        month: YearMonth,
        expected: &[ExpectedLine],
        scope: &ReconScope,
        options: ReconOptions,
    ) -> Result<ReconReport> {
        reconcile_read(
            file,
            &ReconRequest {
                kind: Some(self.kind),
                expected,
                currency: self.currency,
                period: &month.to_string(),
                policy: self.policy,
                scope,
                options,
            },
        )
    }
}

/// A legacy policy's name in a report: `rate exact, unit exact, line half_up`.
fn policy_label(policy: &ProrationPolicy) -> String {
    let step = |r: Option<crate::money::Rounding>| match r {
        Some(r) => r.to_string(),
        None => "exact".to_string(),
    };
    format!(
        "rate {}, unit {}, line {}",
        step(policy.daily_rate),
        step(policy.unit),
        policy.line
    )
}
