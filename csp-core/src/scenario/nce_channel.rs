//! Billing an NCE book's two-tier channel (SPEC-NCE §17) from its scenario.

use chrono::Utc;

use super::nce::NceScenario;
use super::scenario_error;
use crate::billing::{bill_nce_channel_month, FirstNumber};
use crate::calendar::YearMonth;
use crate::channel::ChannelRun;
use crate::charges::NceRefusal;

impl NceScenario {
    /// Every tier's bills of `month` (see [`bill_nce_channel_month`]): the provider's
    /// (`partner`) to its own customers and to each reseller, each reseller's to its
    /// customers, and the margin statement. `issued` holds the channel runs issued before;
    /// `first_number` numbers the provider's own customers' invoices.
    ///
    /// # Errors
    /// `invalid_scenario` without `partner` or without `channel`; the inputs' errors; as
    /// [`bill_nce_channel_month`].
    pub fn bill_channel(
        &self,
        month: YearMonth,
        issued: &[ChannelRun],
        first_number: impl Into<FirstNumber>,
    ) -> std::result::Result<ChannelRun, NceRefusal> {
        let inputs = NceRefusal::from;
        let settings = self.partner_settings()?;
        let channel = self.channel.as_ref().ok_or_else(|| {
            inputs(scenario_error(
                "channel",
                "a two-tier bill needs the channel: its resellers and reseller of record \
                 (`channel`)",
            ))
        })?;
        self.with_context(chrono::DateTime::<Utc>::MAX_UTC, |ctx| {
            bill_nce_channel_month(
                ctx,
                &self.events,
                self.convention,
                settings,
                channel,
                month,
                issued,
                first_number,
            )
        })
    }
}
