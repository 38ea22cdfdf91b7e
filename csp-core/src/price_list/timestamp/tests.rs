use super::parse_timestamp;

fn ts(s: &str) -> String {
    parse_timestamp(s).map_or("none".into(), |t| t.to_string())
}

#[test]
fn microsoft_forms() {
    assert_eq!(ts("2/1/2019 12:00:00 AM"), "2019-02-01 00:00:00");
    assert_eq!(ts("2/4/2021 8:35:31 PM"), "2021-02-04 20:35:31");
    assert_eq!(ts("11/3/2021 6:57:30 AM"), "2021-11-03 06:57:30");
    assert_eq!(ts("12/31/2021 12:30:00 PM"), "2021-12-31 12:30:00");
    assert_eq!(ts("2/1/2023 0:00"), "2023-02-01 00:00:00");
    assert_eq!(ts("11/30/9999 23:59"), "9999-11-30 23:59:00");
    assert_eq!(ts("1/1/1753"), "1753-01-01 00:00:00");
    assert_eq!(ts("2021-11-03T06:57:30Z"), "2021-11-03 06:57:30");
    assert_eq!(
        ts("2021-11-03T06:57:30.1234567Z"),
        "2021-11-03 06:57:30.123456700"
    );
    assert_eq!(ts("2021-11-03"), "2021-11-03 00:00:00");
}

#[test]
fn refuses_malformed() {
    for bad in [
        "",
        "13/1/2020",
        "2/30/2021",
        "2/1/21",
        "2/1/2019 13:00:00 PM",
        "2/1/2019 0:00 AM",
        "2/1/2019 24:00",
        "2021-1-03",
        "2021-11-03T25:00:00",
        "x/y/zzzz",
        "2/1/2019 1:2:3:4",
        "2/1/2019 1:00:00.",
        "2/1/2019 1:00:00.x1",
    ] {
        assert_eq!(ts(bad), "none", "{bad:?} should be refused");
    }
}

#[test]
fn splits_date_and_time_at_the_first_separator() {
    // A lower-case `t`/`z` reads like `T`/`Z`; spaces around the time are trimmed.
    assert_eq!(ts("2021-11-03t06:57:30z"), "2021-11-03 06:57:30");
    assert_eq!(ts("2/1/2019  12:00:00 AM"), "2019-02-01 00:00:00");
    assert_eq!(ts(" 2021-11-03 06:57:30 "), "2021-11-03 06:57:30");
    // Only the first separator splits: a second one is part of the time, which refuses it.
    assert_eq!(ts("2021-11-03TT06:57:30"), "none");
}

mod fast_path {
    use proptest::prelude::*;

    use super::super::fast::microsoft_or_iso;
    use super::super::{general_timestamp, parse_timestamp};

    #[test]
    fn reads_the_files_forms() {
        let ts = |s: &str| microsoft_or_iso(s.as_bytes()).map(|t| t.to_string());
        assert_eq!(
            ts("2/4/2021 8:35:31 PM").as_deref(),
            Some("2021-02-04 20:35:31")
        );
        assert_eq!(
            ts("12/31/2021 12:30:00 AM").as_deref(),
            Some("2021-12-31 00:30:00")
        );
        assert_eq!(
            ts("11/30/9999 23:59:59").as_deref(),
            Some("9999-11-30 23:59:59")
        );
        assert_eq!(ts("1/1/1753").as_deref(), Some("1753-01-01 00:00:00"));
        assert_eq!(
            ts("2021-11-03T06:57:30Z").as_deref(),
            Some("2021-11-03 06:57:30")
        );
        assert_eq!(ts("2021-11-03").as_deref(), Some("2021-11-03 00:00:00"));
        // Left to the general reader: other spellings, and refusals.
        for other in [
            "0012/1/2021",
            "1-11-03",
            "2/1/2019 1:00:00 am",
            "2/1/2019 0:00:00 AM",
            "2021-11-03T06:57:30.5Z",
            "2/30/2021",
            " 2/1/2021",
            "2/1/2019 13:00:00 PM",
        ] {
            assert_eq!(ts(other), None, "{other:?}");
        }
    }

    /// Text near the accepted forms: digits, separators, meridiems, spaces and others.
    fn near_timestamp() -> impl Strategy<Value = String> {
        prop_oneof![
            "[0-9]{1,3}/[0-9]{1,3}/[0-9]{2,5}( [0-9]{1,3}:[0-9]{1,3}(:[0-9]{1,3})?( ?[AaPp][Mm])?)?",
            "[0-9]{3,5}-[0-9]{1,3}-[0-9]{1,3}([Tt ][0-9]{1,3}:[0-9]{1,3}:[0-9]{1,3}(\\.[0-9]{0,10})?[Zz]?)?",
            "[0-9/: \\-TZAPM.]{0,24}",
            any::<String>(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// The fast path agrees with the general reader wherever it answers, and the reader
        /// with its fast path accepts and refuses exactly what the general one does.
        #[test]
        fn fast_path_agrees_with_the_general_reader(text in near_timestamp()) {
            let general = general_timestamp(&text);
            if let Some(fast) = microsoft_or_iso(text.as_bytes()) {
                prop_assert_eq!(Some(fast), general);
            }
            prop_assert_eq!(parse_timestamp(&text), general);
        }
    }
}
