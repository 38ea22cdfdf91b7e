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

/// A book with an add-on SKU `T` (P1M monthly, 3 a seat) of Business Basic `BB`, with `rules`
/// and `elsewhere` as the scenario's `skus` and `tenant_skus_elsewhere` JSON.
fn ruled_book(rules: &str, elsewhere: &str, events: &str) -> Result<NceScenario, csp_core::Error> {
    let sheet = "ProductTitle,ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,Currency,UnitPrice,EffectiveStartDate,EffectiveEndDate\\n\
        Basic,CFQ7TTC0LH18,0001,BB,P1M,Monthly,US,USD,7.20,2022-03-01,\\n\
        Add-on,CFQ7TTC0TEST,0001,T,P1M,Monthly,US,USD,3,2022-03-01,\\n";
    NceScenario::from_json(&format!(
        r#"{{"version": 2, "program": "nce", "currency": "USD", "market": "US",
        "as_of": "2022-07-01T00:00:00Z",
        "customers": [{{"id": "contoso", "name": "Contoso", "segment": "commercial", "origin": "created_by_partner"}}],
        "price_sheets": [{{"csv": "{sheet}"}}],
        "skus": {rules}, "tenant_skus_elsewhere": {elsewhere},
        "events": [{events}]}}"#
    ))
}

const ADD_ON: &str = r#"{"id": "a", "at": "2022-06-18T10:00:00Z", "subscription": "t1", "type": "order",
    "customer": "contoso", "offer": "CFQ7TTC0TEST:0001", "term": "P1M", "plan": "monthly", "quantity": 21}"#;

#[test]
fn sku_rules_and_seats_elsewhere_are_read_and_enforced() {
    let rules = r#"{"CFQ7TTC0TEST:0001": {"prerequisites": ["CFQ7TTC0LH18:0001"], "max_seats": 50,
        "minimum_percent": "5"}}"#;
    // No Business Basic anywhere: the add-on is refused.
    let book = ruled_book(rules, "{}", ADD_ON).unwrap();
    let r = book.replay(None).unwrap_err();
    assert_eq!((r.index, r.error.code()), (Some(0), "prerequisite_not_met"));
    // 400 held elsewhere: 5 % is 20, 21 seats fit under the cap of 50.
    let book = ruled_book(rules, r#"{"contoso": {"CFQ7TTC0LH18:0001": 400}}"#, ADD_ON).unwrap();
    let replay = book.replay(None).unwrap();
    // 21 × 3.00 for 2022-06-18..07-17, a full first cycle = 63.00.
    assert_eq!(replay.lines[0].subtotal.amount().to_string(), "63.00");
    // 421 base seats: ceil(21.05) = 22 > 21.
    let book = ruled_book(rules, r#"{"contoso": {"CFQ7TTC0LH18:0001": 421}}"#, ADD_ON).unwrap();
    let r = book.replay(None).unwrap_err();
    assert_eq!(r.error.code(), "below_minimum");
    assert_eq!(
        r.error.to_string(),
        "subscription t1 needs at least 22 seats"
    );
    // 30 of the add-on elsewhere leave 20 of the cap: 21 is refused.
    let both = r#"{"contoso": {"CFQ7TTC0LH18:0001": 400, "CFQ7TTC0TEST:0001": 30}}"#;
    let r = ruled_book(rules, both, ADD_ON)
        .unwrap()
        .replay(None)
        .unwrap_err();
    assert_eq!(
        r.error.to_string(),
        "the requested number of 21 seats exceeds the remaining limit of 20 seats"
    );
}

#[test]
fn bad_sku_rules_are_refused_when_the_book_is_read() {
    let cases = [
        (
            r#"{"X:1": {"minimum_percent": "101"}}"#,
            "{}",
            "invalid_input",
        ),
        (
            r#"{"X:1": {"minimum_percent": "-5"}}"#,
            "{}",
            "invalid_scenario",
        ),
        (
            r#"{"X:1": {"minimum_percent": 5}}"#,
            "{}",
            "invalid_scenario",
        ),
        (r#"{"X:1": {"max_seats": 0}}"#, "{}", "invalid_scenario"),
        (r#"{"X:1": {"max_seats": 2.5}}"#, "{}", "invalid_scenario"),
        (r#"{"X:1": {"max_seat": 5}}"#, "{}", "invalid_scenario"),
        ("{}", r#"{"contoso": {"X:1": 0}}"#, "invalid_scenario"),
        ("{}", r#"{"contoso": {"X:1": "3"}}"#, "invalid_scenario"),
    ];
    for (rules, elsewhere, code) in cases {
        let e = ruled_book(rules, elsewhere, ADD_ON).unwrap_err();
        assert_eq!(e.code(), code, "{rules} {elsewhere}: {e}");
    }
}

#[test]
fn the_example_book_lists_the_custom_ends_an_order_may_ask_for() {
    // contoso on 2022-08-01, P1Y: the calendar end is the month end before the natural end
    // 2023-07-31, itself a month end (§13.3.2); s1 (P1Y from 2022-06-18, term to 2023-06-17)
    // gives 2023-06-17; s4 (P1Y from 2022-07-15 with custom end 2023-06-30) gives 2023-06-30.
    // s7 is not ordered yet. fabrikam's subscriptions are not contoso's.
    let book = book();
    let at = instant("2022-08-01T00:00:00Z").unwrap();
    let ends = book
        .allowed_custom_ends(&"contoso".into(), at, csp_core::vocab::TermDuration::P1Y)
        .unwrap();
    let shown: Vec<String> = ends.iter().map(|d| d.to_string()).collect();
    assert_eq!(shown, ["2023-06-17", "2023-06-30", "2023-07-31"]);
}
