//! The example NCE book through the core's scenario API: what-if quotes and the partner's
//! bill (hand-derived figures; csp-cli/tests/nce.rs derives the book's lines).

use csp_core::input::instant;
use csp_core::scenario::nce::NceScenario;
use csp_core::subscription::nce::{instant_text, NceEvent, NceEventKind};

fn book() -> NceScenario {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/scenarios/");
    let text = std::fs::read_to_string(format!("{dir}nce-example.json")).unwrap();
    NceScenario::from_json_with(&text, |file| {
        std::fs::read_to_string(format!("{dir}{file}"))
    })
    .unwrap()
}

fn event(at: &str, sub: &str, kind: NceEventKind) -> NceEvent {
    NceEvent {
        id: "q".into(),
        at: instant(at).unwrap(),
        subscription: sub.into(),
        kind,
    }
}

#[test]
fn a_quote_sees_only_what_happened_before_it() {
    let book = book();
    // s1 on 07-02 (15 seats, 5 added 07-01 09:00): 16 of 30 days at 36 = 19.20 a seat;
    // −15 × 19.20 + 10 × 19.20 = −96.00, possible until the batch's window ends.
    let reduce = event(
        "2022-07-02T00:00:00Z",
        "s1",
        NceEventKind::ReduceSeats { quantity: 5 },
    );
    let q = book.what_if(&reduce, None).unwrap();
    assert_eq!(q.net.amount().to_string(), "-96.00");
    assert_eq!(
        instant_text(q.allowed_until.unwrap()),
        "2022-07-08T09:00:00Z"
    );
    // s3 before its own cancellation c3 (09-03 10:00): 29 of 30 days of 7.20 = 6.96, 5 seats.
    let cancel = event("2022-09-02T00:00:00Z", "s3", NceEventKind::Cancel);
    let q = book.what_if(&cancel, None).unwrap();
    assert_eq!(q.net.amount().to_string(), "-34.80");
    assert_eq!(
        instant_text(q.allowed_until.unwrap()),
        "2022-09-08T08:00:00Z"
    );
    // After c3 the subscription is deleted; an as-of after the quoted event is refused.
    let late = event("2022-09-04T00:00:00Z", "s3", NceEventKind::Cancel);
    assert_eq!(
        book.what_if(&late, None).unwrap_err().error.code(),
        "subscription_deleted"
    );
    let after = book.what_if(&cancel, Some(instant("2022-09-03T00:00:00Z").unwrap()));
    assert_eq!(after.unwrap_err().error.code(), "invalid_input");
}

#[test]
fn the_august_bill_matches_the_cli() {
    let run = book().bill("2022-08".parse().unwrap(), &[], None).unwrap();
    assert_eq!(run.totals.revenue.amount().to_string(), "678.15");
    assert_eq!(run.totals.cost.amount().to_string(), "565.12");
}
