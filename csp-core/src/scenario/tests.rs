use super::*;

const BASE: &str = r#"{
  "version": 1,
  "currency": "USD",
  "customers": [{"id": "contoso", "name": "Contoso", "segment": "commercial", "origin": "created_by_partner"}],
  "price_lists": [{"month": "2018-01", "rows": [{"offer_id": "E1", "offer_name": "Office 365 E1",
      "agreement_type": "corporate", "secondary_type": "base", "list_price": "4.00", "erp_price": "5.00"}]}],
  "events": [
    {"date": "2018-01-13", "subscription": "s1", "type": "order", "customer": "contoso", "offer": "E1", "quantity": 1, "frequency": "monthly"},
    {"date": "2018-02-01", "subscription": "s1", "type": "add_seats", "quantity": 1}
  ]
}"#;

fn err(text: &str) -> Error {
    Scenario::from_json(text).unwrap_err()
}

fn context(e: &Error, key: &str) -> String {
    e.context()
        .into_iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
        .unwrap_or_default()
}

#[test]
fn reads_and_writes_back_the_same_scenario() {
    let s = Scenario::from_json(BASE).unwrap();
    assert_eq!(s.program, "legacy_2015");
    assert_eq!(s.form, LineForm::Net);
    assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
}

#[test]
fn unknown_fields_are_refused_with_path_line_and_column() {
    let text = BASE.replace(
        r#""type": "add_seats", "quantity": 1"#,
        r#""type": "add_seats", "quantiy": 1"#,
    );
    let e = err(&text);
    assert_eq!(e.code(), "invalid_scenario");
    assert_eq!(context(&e, "path"), "events[1]");
    assert!(
        context(&e, "detail").contains("unknown field `quantiy`"),
        "{e}"
    );
    // The event is on line 10 of BASE.
    assert_eq!(e.position().unwrap().0, 10, "{e}");
    let top = BASE.replacen(
        r#""currency": "USD","#,
        r#""currency": "USD", "curency": "EUR","#,
        1,
    );
    assert!(context(&err(&top), "detail").contains("unknown field `curency`"));
}

#[test]
fn money_must_be_a_decimal_string() {
    let e = err(&BASE.replace(r#""list_price": "4.00""#, r#""list_price": 4.0"#));
    assert_eq!(e.code(), "invalid_scenario");
    assert_eq!(context(&e, "path"), "price_lists[0].rows[0].list_price");
}

#[test]
fn versions_and_malformed_json() {
    let e = err(&BASE.replace(r#""version": 1"#, r#""version": 2"#));
    assert_eq!(
        e,
        Error::UnsupportedVersion {
            version: 2,
            supported: 1
        }
    );
    assert_eq!(
        context(&err(&BASE.replace(r#""version": 1,"#, "")), "path"),
        "version"
    );
    assert_eq!(err(&format!("{BASE} trailing")).code(), "invalid_scenario");
    assert_eq!(err("{").code(), "invalid_scenario");
    assert_eq!(err("").code(), "invalid_scenario");
    // Inside an event (a tagged object) the path stops at the event itself.
    let bad_date = err(&BASE.replace("2018-02-01", "2018-02-30"));
    assert_eq!(context(&bad_date, "path"), "events[1]");
    assert_eq!(bad_date.position().unwrap().0, 10);
}

#[test]
fn input_errors() {
    let both = BASE.replace(
        r#""month": "2018-01", "rows""#,
        r#""month": "2018-01", "csv": "x", "rows""#,
    );
    let e = Scenario::from_json(&both).unwrap().inputs().unwrap_err();
    assert_eq!(
        (e.code(), context(&e, "path")),
        ("invalid_scenario", "price_lists[0]".to_string())
    );
    let program = BASE.replace(
        r#""version": 1,"#,
        r#""version": 1, "program": "nce_2022","#,
    );
    assert_eq!(
        Scenario::from_json(&program)
            .unwrap()
            .inputs()
            .unwrap_err()
            .code(),
        "invalid_input"
    );
    // A known NCE program is not billed by the legacy lifecycle: refused, naming it.
    for name in ["nce", "nce_launch_2022"] {
        let nce = BASE.replace(
            r#""version": 1,"#,
            &format!(r#""version": 1, "program": "{name}","#),
        );
        let e = Scenario::from_json(&nce).unwrap().inputs().unwrap_err();
        assert_eq!(
            (e.code(), context(&e, "text")),
            ("invalid_input", name.to_string())
        );
        assert!(e.to_string().contains("SPEC-NCE §13"), "{e}");
    }
    let twice = BASE.replace(
        r#""customers": [{"id": "contoso", "name": "Contoso", "segment": "commercial", "origin": "created_by_partner"}]"#,
        r#""customers": [{"id": "contoso", "name": "A", "segment": "commercial", "origin": "created_by_partner"},
                         {"id": "contoso", "name": "B", "segment": "commercial", "origin": "created_by_partner"}]"#,
    );
    let e = Scenario::from_json(&twice).unwrap().inputs().unwrap_err();
    assert_eq!(context(&e, "path"), "customers[1].id");
    let s = Scenario::from_json(BASE).unwrap();
    assert_eq!(context(&s.as_of(None).unwrap_err(), "path"), "as_of");
}

#[test]
fn refusals_name_the_event_as_given() {
    // Events are replayed in date order, but a refusal names the event's index in the file.
    let text = BASE.replace(
        r#""events": ["#,
        r#""events": [{"date": "2018-02-05", "subscription": "s1", "type": "remove_seats", "quantity": 5},"#,
    );
    let s = Scenario::from_json(&text).unwrap();
    let r = s.replay(NaiveDate::from_ymd_opt(2018, 2, 14)).unwrap_err();
    assert_eq!((r.index, r.error.code()), (Some(0), "invalid_quantity"));
    assert!(
        r.to_string()
            .starts_with("event 0 (2018-02-05 s1 remove_seats): "),
        "{r}"
    );
    // In date order, the first event after 2018-01-31 is the add_seats of 02-01 (index 2).
    let late = s.replay(NaiveDate::from_ymd_opt(2018, 1, 31)).unwrap_err();
    assert_eq!(
        (late.index, late.error.code()),
        (Some(2), "date_after_as_of")
    );
}

#[test]
fn actors_come_from_the_scenario_and_the_events() {
    // The default actor is a CSP admin agent; a customer admin named on an event may not add
    // seats (SPEC §7), and a scenario-wide customer default refuses the order itself.
    let text = BASE.replace(
        r#""type": "add_seats", "quantity": 1"#,
        r#""type": "add_seats", "quantity": 1, "actor": {"type": "customer", "role": "global_admin"}"#,
    );
    let r = Scenario::from_json(&text)
        .unwrap()
        .replay(NaiveDate::from_ymd_opt(2018, 2, 14))
        .unwrap_err();
    assert_eq!((r.index, r.error.code()), (Some(1), "not_permitted"));
    assert!(
        r.error
            .message()
            .contains("customer:global_admin may not add_seats"),
        "{}",
        r.error
    );
    let text = BASE.replace(
        r#""currency": "USD","#,
        r#""currency": "USD", "default_actor": {"type": "partner", "program": "advisor", "roles": ["admin_agent"]},"#,
    );
    let r = Scenario::from_json(&text)
        .unwrap()
        .replay(NaiveDate::from_ymd_opt(2018, 2, 14))
        .unwrap_err();
    assert_eq!((r.index, r.error.code()), (Some(0), "not_permitted"));
    let bad = BASE.replace(
        r#""quantity": 1}"#,
        r#""quantity": 1, "actor": {"type": "partner", "program": "csp", "roles": ["owner"]}}"#,
    );
    assert_eq!(err(&bad).code(), "invalid_scenario");
}

#[test]
fn offer_ids_in_events_match_as_in_price_lists() {
    // Offer ids compare case-insensitively and trimmed everywhere (they are stored upper
    // case): an order for " e1 " is the list's "E1", and its first line costs 4.00 × 1.
    let text = BASE.replace(r#""offer": "E1""#, r#""offer": " e1 ""#);
    let s = Scenario::from_json(&text).unwrap();
    let lines = s.charges(Some("2018-02-01".parse().unwrap())).unwrap();
    assert_eq!(lines[0].amount.to_string(), "4.00 USD");
    assert_eq!(lines[0].offer.as_str(), "E1");
}

// ----- csv_file and the resolver ------------------------------------------------------------

const LEGACY_HEADER: &str =
    "Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,List Price,ERP Price";

/// BASE with its one price list given as `csv_file` (same month), then a second list.
fn with_files(first: &str, second: &str) -> String {
    BASE.replace(
        r#"[{"month": "2018-01", "rows": [{"offer_id": "E1", "offer_name": "Office 365 E1",
      "agreement_type": "corporate", "secondary_type": "base", "list_price": "4.00", "erp_price": "5.00"}]}]"#,
        &format!(r#"[{{"month": "2018-01", {first}}}, {{"month": "2018-02", {second}}}]"#),
    )
}

/// A resolver over named texts that records each path it is asked for.
fn files<'a>(
    texts: &'a [(&'a str, String)],
    asked: &'a mut Vec<String>,
) -> impl FnMut(&str) -> std::result::Result<String, String> + 'a {
    move |path| {
        asked.push(path.to_string());
        texts
            .iter()
            .find(|(name, _)| *name == path)
            .map(|(_, text)| text.clone())
            .ok_or_else(|| format!("no file {path}"))
    }
}

#[test]
fn from_json_refuses_csv_file_as_an_unknown_field() {
    // Without a resolver, `csv_file` is not part of the format: refused where it stands.
    let text = with_files(r#""csv_file": "jan.csv""#, r#""csv": "x""#);
    let e = err(&text);
    assert_eq!(e.code(), "invalid_scenario");
    assert_eq!(context(&e, "path"), "price_lists[0].csv_file");
    assert!(
        context(&e, "detail").starts_with("unknown field `csv_file`, expected one of"),
        "{e}"
    );
    // The key is on line 5 of the document (BASE's price list line).
    assert_eq!(e.position().unwrap().0, 5, "{e}");
}

#[test]
fn a_resolved_csv_file_is_the_same_list_as_its_rows() {
    // jan.csv holds BASE's January row: reading it gives BASE's scenario exactly, plus a
    // February list of one 6.00/7.50 row.
    let jan = format!("{LEGACY_HEADER}\nE1,Office 365 E1,Corporate,Base,4.00,5.00\n");
    let feb = format!("{LEGACY_HEADER}\nE1,Office 365 E1,Corporate,Base,6.00,7.50\n");
    let texts = [("jan.csv", jan), ("lists/feb.csv", feb)];
    let mut asked = Vec::new();
    let text = with_files(r#""csv_file": "jan.csv""#, r#""csv_file": "lists/feb.csv""#);
    let s = Scenario::from_json_with(&text, files(&texts, &mut asked)).unwrap();
    // One call per file, in list order, with the path as written.
    assert_eq!(asked, ["jan.csv", "lists/feb.csv"]);
    let base = Scenario::from_json(BASE).unwrap();
    assert_eq!(s.price_lists[0], base.price_lists[0]);
    let feb = &s.price_lists[1];
    assert_eq!((feb.rows.len(), feb.csv.as_deref()), (1, None));
    assert_eq!(
        (
            feb.rows[0].list_price.to_string(),
            feb.rows[0].erp_price.to_string()
        ),
        ("6.00".to_string(), "7.50".to_string())
    );
    // Read back from its JSON (rows now), it is the same scenario.
    assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
}

#[test]
fn without_csv_file_the_resolver_reads_as_from_json() {
    let mut asked = Vec::new();
    let s = Scenario::from_json_with(BASE, files(&[], &mut asked)).unwrap();
    assert_eq!(s, Scenario::from_json(BASE).unwrap());
    assert!(asked.is_empty());
    let typo = BASE.replace(r#""quantity": 1}"#, r#""quantiy": 1}"#);
    assert_eq!(
        Scenario::from_json_with(&typo, files(&[], &mut asked)).unwrap_err(),
        ReadError::Document(err(&typo))
    );
}

#[test]
fn a_csv_error_names_the_list_and_the_file() {
    // Line 2, field 5 (List Price) of the second list's file is not a decimal.
    let jan = format!("{LEGACY_HEADER}\nE1,Office 365 E1,Corporate,Base,4.00,5.00\n");
    let bad = format!("{LEGACY_HEADER}\nE1,Office 365 E1,Corporate,Base,four,5.00\n");
    let texts = [("jan.csv", jan), ("bad.csv", bad)];
    let mut asked = Vec::new();
    let text = with_files(r#""csv_file": "jan.csv""#, r#""csv_file": "bad.csv""#);
    let e = Scenario::from_json_with(&text, files(&texts, &mut asked)).unwrap_err();
    let ReadError::Csv { index, file, error } = &e else {
        panic!("{e:?}");
    };
    assert_eq!((*index, file.as_str()), (1, "bad.csv"));
    assert_eq!(
        (error.code(), error.position()),
        ("invalid_decimal", Some((2, 5)))
    );
    assert_eq!(e.list_path().as_deref(), Some("price_lists[1].csv_file"));
    assert!(
        e.to_string()
            .starts_with("price_lists[1].csv_file: bad.csv: line 2, column 5 (List Price): "),
        "{e}"
    );
}

#[test]
fn the_resolvers_error_names_the_list() {
    let mut asked = Vec::new();
    let text = with_files(r#""csv_file": "none.csv""#, r#""csv_file": "later.csv""#);
    let e = Scenario::from_json_with(&text, files(&[], &mut asked)).unwrap_err();
    assert_eq!(
        e,
        ReadError::Resolve {
            index: 0,
            file: "none.csv".to_string(),
            error: "no file none.csv".to_string()
        }
    );
    assert_eq!(
        e.to_string(),
        "price_lists[0].csv_file: cannot resolve none.csv: no file none.csv"
    );
    // It stops at the first failure.
    assert_eq!(asked, ["none.csv"]);
}

#[test]
fn a_csv_file_with_rows_or_csv_or_not_a_string_is_refused_before_any_file_is_read() {
    let mut asked = Vec::new();
    for (second, path, detail) in [
        (
            r#""csv_file": "b.csv", "csv": "x""#,
            "price_lists[1]",
            "give one of `rows`, `csv` and `csv_file`, not `csv` and `csv_file`",
        ),
        (
            r#""csv_file": "b.csv", "rows": [{"offer_id": "E1", "offer_name": "E1", "agreement_type": "corporate", "secondary_type": "base", "list_price": "1.00", "erp_price": "1.00"}]"#,
            "price_lists[1]",
            "give one of `rows`, `csv` and `csv_file`, not `rows` and `csv_file`",
        ),
        (
            r#""csv_file": 7"#,
            "price_lists[1].csv_file",
            "expected the path of a legacy CSV file (a string)",
        ),
    ] {
        let text = with_files(r#""csv_file": "a.csv""#, second);
        let e = Scenario::from_json_with(&text, files(&[], &mut asked)).unwrap_err();
        let ReadError::Document(e) = e else {
            panic!("{e:?}");
        };
        assert_eq!(
            (e.code(), context(&e, "path"), context(&e, "detail")),
            ("invalid_scenario", path.to_string(), detail.to_string())
        );
    }
    assert!(asked.is_empty(), "{asked:?}");
}

#[test]
fn billing_the_parts_gives_the_whole_book_s_bills() {
    // SPEC §8: a bill is one customer's; the parts of a split hold whole customers, so
    // their bills, numbered on from one part to the next, are the whole book's.
    let demo = Scenario::from_json(include_str!(
        "../../../testdata/scenarios/demo-partner.json"
    ))
    .unwrap();
    let month: crate::calendar::YearMonth = "2016-03".parse().unwrap();
    let whole = demo.bill(month, &[], 1001).unwrap();
    assert!(whole.bills.len() >= 3);
    for parts in [1, 2, 3, 4, 9] {
        let mut bills = Vec::new();
        let mut cost = crate::money::Money::zero(demo.currency);
        for part in demo.split_by_customer(parts) {
            let run = part.bill(month, &[], 1001 + bills.len() as u64).unwrap();
            cost = cost.checked_add(&run.totals.cost).unwrap();
            bills.extend(run.bills);
        }
        assert_eq!(bills, whole.bills, "{parts} parts");
        assert_eq!(cost, whole.totals.cost);
    }
}

#[test]
fn a_refused_event_is_refused_in_its_part() {
    let mut demo = Scenario::from_json(include_str!(
        "../../../testdata/scenarios/demo-partner.json"
    ))
    .unwrap();
    // Seats added to a subscription nothing creates: refused wherever it goes.
    let mut ghost = demo.events[0].clone();
    ghost.subscription = crate::catalog::SubscriptionId::new("ghost");
    ghost.kind = crate::subscription::EventKind::AddSeats {
        quantity: 1,
        billed_on: None,
    };
    demo.events.push(ghost);
    let month: crate::calendar::YearMonth = "2016-03".parse().unwrap();
    let whole = demo.bill(month, &[], 1).unwrap_err();
    let parts = demo.split_by_customer(2);
    let first = parts[0].bill(month, &[], 1).unwrap_err();
    assert_eq!(first.error, whole.error);
    assert_eq!(whole.error.code(), "unknown_subscription");
    assert!(parts[1].bill(month, &[], 1).is_ok());
}

#[test]
fn a_huge_wrong_value_is_not_echoed_whole() {
    // A 1,000,000-character string where a number is expected: serde quotes it whole; the
    // error's message is cut, with the length.
    let long = "x".repeat(1_000_000);
    let doc = format!(
        r#"{{"version": 1, "currency": "USD", "customers": [], "price_lists": [], "events": [{{"date": "2016-03-01", "subscription": "s1", "type": "order", "customer": "c1", "offer": "E3", "quantity": "{long}", "frequency": "monthly"}}]}}"#
    );
    let e = Scenario::from_json(&doc).unwrap_err();
    assert_eq!(e.code(), "invalid_scenario");
    let text = e.to_string();
    assert!(text.len() < 600, "{} characters", text.len());
    assert!(text.contains("characters)"), "{text}");
    // A price of 1,000,000 digits: our own message, shortened by `Quoted`.
    let doc = format!(
        r#"{{"version": 1, "currency": "USD", "customers": [], "price_lists": [{{"month": "2016-03", "rows": [{{"offer_id": "E3", "offer_name": "E3", "agreement_type": "corporate", "secondary_type": "base", "list_price": "{}", "erp_price": "5.00"}}]}}], "events": []}}"#,
        "9".repeat(1_000_000)
    );
    let text = Scenario::from_json(&doc).unwrap_err().to_string();
    assert!(text.len() < 600 && text.contains("too long"), "{text}");
}
