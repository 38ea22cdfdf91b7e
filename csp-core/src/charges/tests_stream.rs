//! The line stream hands out the replay's lines in its order, and ends at a refusal.

use super::*;
use crate::subscription::EventKind;
use crate::testkit::*;

#[test]
fn the_stream_gives_the_replay_s_lines_then_ends_at_the_refused_event() {
    let inputs = inputs();
    let events = vec![
        order("2016-01-10", "s1", "E1", 2, true),
        seats("2016-02-20", "s1", 1),
        // Refused: s1 is active, not suspended.
        event("2016-03-15", "s1", EventKind::Reactivate),
        seats("2016-04-01", "s1", 1),
    ];
    let options = ReplayOptions::default();
    let before = replay(&inputs, &events[..2], d("2016-02-20"), options).unwrap();
    let mut stream = LineStream::new(&inputs, &events, d("2016-05-31"), options);
    let mut lines = Vec::new();
    let refusal = loop {
        match stream.next() {
            Some(Ok(line)) => lines.push(line),
            Some(Err(r)) => break r,
            None => panic!("no refusal"),
        }
    };
    // Purchase 10 January, cycle fee 10 February, seats added 20 February: the lines of the
    // events applied, as a replay through the last of them gives. The cycle fee of 10 March
    // arises while the refused event is applied, and is not handed out.
    assert_eq!(summary(&lines), summary(&before.lines));
    assert_eq!(lines.len(), 3);
    assert_eq!(refusal.index, Some(2));
    assert_eq!(refusal.error.code(), "subscription_not_suspended");
    assert!(stream.next().is_none());
}

#[test]
fn a_stream_without_refusal_collects_to_the_replay() {
    let inputs = inputs();
    let events = vec![
        order("2016-01-10", "s1", "E3", 2, false),
        add_on("2016-02-01", "a1", "s1", "ARM", 1),
        seats("2016-03-01", "s1", -1),
    ];
    let options = ReplayOptions::default();
    let whole = replay(&inputs, &events, d("2017-02-28"), options).unwrap();
    let streamed = LineStream::new(&inputs, &events, d("2017-02-28"), options)
        .collect_replay()
        .unwrap();
    assert!(!whole.lines.is_empty());
    assert_eq!(streamed, whole);
}
