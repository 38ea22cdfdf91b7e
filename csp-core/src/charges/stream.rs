//! A replay as a stream of charge lines (SPEC §6, §10.6): each line is handed out as soon as
//! the event (or the automatic steps) that made it is applied, so that a caller can write a
//! distributor's lines as they arise, in memory bounded by the subscriptions rather than by
//! the lines.

use chrono::NaiveDate;

use super::ledger::{Inputs, Ledger, Refusal, Replay, ReplayOptions};
use super::line::ChargeLine;
use crate::error::Error;
use crate::subscription::{Event, Subscriptions};

/// The lines of a replay, in the order [`super::replay`] returns them (by date; within a day,
/// automatic steps first). A refused event ends the stream with its [`Refusal`] (the lines
/// of that day's automatic steps before it are not handed out, as a refused replay returns
/// none).
///
/// ```
/// use csp_core::charges::LineStream;
/// use csp_core::scenario::Scenario;
///
/// let scenario = Scenario::from_json(r#"{
///   "version": 1, "currency": "USD", "as_of": "2018-02-15",
///   "customers": [{"id": "contoso", "name": "Contoso", "segment": "commercial", "origin": "created_by_partner"}],
///   "price_lists": [{"month": "2018-01", "rows": [{"offer_id": "E1", "offer_name": "Office 365 E1",
///       "agreement_type": "corporate", "secondary_type": "base", "list_price": "4.00", "erp_price": "5.00"}]}],
///   "events": [{"date": "2018-01-13", "subscription": "s1", "type": "order", "customer": "contoso",
///               "offer": "E1", "quantity": 1, "frequency": "monthly"}]}"#)?;
/// let inputs = scenario.inputs()?;
/// let as_of = scenario.as_of(None)?;
/// let mut stream = LineStream::new(&inputs, &scenario.events, as_of, Default::default());
/// let mut total = csp_core::money::Money::zero(scenario.currency);
/// for line in &mut stream {
///     total = total.checked_add(&line?.amount)?;
/// }
/// // Purchase 13 January (4.00 for the period to 12 February), cycle fee 13 February (4.00).
/// assert_eq!(total.amount().to_string(), "8.00");
/// assert_eq!(stream.subscriptions().iter().count(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct LineStream<'a> {
    ledger: Ledger<'a>,
    /// The events still to apply, with their indices in the caller's list, in replay order.
    order: std::vec::IntoIter<(usize, &'a Event)>,
    ready: std::vec::IntoIter<ChargeLine>,
    done: bool,
    /// An index that named no event, reported as the first item.
    bad_index: Option<Refusal>,
}

impl<'a> LineStream<'a> {
    /// A stream over every event of `events` (stably sorted by date), through `as_of`.
    pub fn new(
        inputs: &'a Inputs,
        events: &'a [Event],
        as_of: NaiveDate,
        options: ReplayOptions,
    ) -> LineStream<'a> {
        let all: Vec<usize> = (0..events.len()).collect();
        LineStream::over(inputs, events, &all, as_of, options)
    }

    /// A stream over the events at `indices` of `events` (an index past the end ends the
    /// stream at once with `internal_error`).
    pub(crate) fn over(
        inputs: &'a Inputs,
        events: &'a [Event],
        indices: &[usize],
        as_of: NaiveDate,
        options: ReplayOptions,
    ) -> LineStream<'a> {
        let mut order = Vec::with_capacity(indices.len());
        let mut bad_index = None;
        for &i in indices {
            match events.get(i) {
                Some(event) => order.push((i, event)),
                None => {
                    bad_index = Some(Refusal::from(Error::internal(
                        "replay",
                        format!("event index {i} of {}", events.len()),
                    )));
                }
            }
        }
        order.sort_by_key(|(_, e)| e.date);
        LineStream {
            ledger: Ledger::new(inputs.context(as_of), options),
            order: order.into_iter(),
            ready: Vec::new().into_iter(),
            done: false,
            bad_index,
        }
    }

    /// The subscriptions' states so far: on the as-of date once the stream has ended without
    /// a refusal.
    pub fn subscriptions(&self) -> &Subscriptions {
        self.ledger.subscriptions()
    }

    /// Reads the whole stream into a [`Replay`].
    ///
    /// # Errors
    /// The stream's refusal.
    pub fn collect_replay(mut self) -> Result<Replay, Refusal> {
        let lines = self.by_ref().collect::<Result<Vec<_>, _>>()?;
        Ok(Replay {
            lines,
            subscriptions: self.ledger.into_subscriptions(),
        })
    }

    fn stop(&mut self, refusal: Refusal) -> Option<Result<ChargeLine, Refusal>> {
        self.done = true;
        self.ready = Vec::new().into_iter();
        Some(Err(refusal))
    }
}

impl Iterator for LineStream<'_> {
    type Item = Result<ChargeLine, Refusal>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(refusal) = self.bad_index.take() {
            return self.stop(refusal);
        }
        loop {
            if let Some(line) = self.ready.next() {
                return Some(Ok(line));
            }
            if self.done {
                return None;
            }
            match self.order.next() {
                Some((i, event)) => {
                    if let Err(error) = self.ledger.apply(event) {
                        return self.stop(Refusal {
                            index: Some(i),
                            event: Some(Box::new(event.clone())),
                            error,
                        });
                    }
                }
                None => {
                    self.done = true;
                    let as_of = self.ledger.as_of();
                    if let Err(error) = self.ledger.advance_to(as_of) {
                        return self.stop(Refusal::from(error));
                    }
                }
            }
            self.ready = self.ledger.take_lines().into_iter();
        }
    }
}
