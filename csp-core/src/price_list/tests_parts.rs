//! NCE sheets read in parts (`NceParts`): the merge of any cut equals the whole text's parse.

use proptest::prelude::*;

use super::*;
use crate::error::Error;

const HEADER: &str = "ProductTitle,ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,\
                      Currency,UnitPrice,EffectiveStartDate,EffectiveEndDate,Description";

/// Parses `text` in `n` parts, the parts parsed last to first (merge orders them).
fn in_parts(text: &str, n: usize) -> crate::Result<Vec<NceRow>> {
    let parts = NceParts::split(text, n);
    let parsed = (0..parts.len()).rev().map(|i| parts.parse(i)).collect();
    parts.merge(parsed)
}

fn row(i: usize, title: &str, price: &str, description: &str) -> String {
    format!(
        "{title},CFQ7TTC0{i:04},0001,Sku {i},P1Y,Annual,US,USD,{price},1/1/2024 12:00:00 AM,,{description}\n"
    )
}

#[test]
fn an_earlier_parts_error_wins_over_a_later_one() {
    // 40 rows; row 5 (line 6) has a bad price, row 35 (line 36) a bad date: whatever the
    // cut, the first in the file is reported, as the whole text's parse does.
    let mut text = format!("{HEADER}\n");
    for i in 0..40 {
        let price = if i == 4 { "1e3" } else { "10.00" };
        text.push_str(&row(i, "\"E3, \"\"annual\"\"\"", price, "\"two\nlines\""));
    }
    let text = text.replace(
        "CFQ7TTC00034,0001,Sku 34,P1Y,Annual,US,USD,10.00,1/1/2024 12:00:00 AM",
        "CFQ7TTC00034,0001,Sku 34,P1Y,Annual,US,USD,10.00,13/1/2024",
    );
    for n in 1..=4 {
        let e = in_parts(&text, n).unwrap_err();
        // Each row takes two lines (its description holds a line break): row 5 is on 10.
        assert!(
            matches!(
                e,
                Error::InvalidDecimal {
                    line: 10,
                    column: 9,
                    ..
                }
            ),
            "{n} parts: {e:?}"
        );
    }
}

#[test]
fn a_wrong_width_in_a_later_part_wins_over_a_row_error_in_an_earlier_one() {
    // Precedence as in the whole text: a record's width before any row's value.
    let mut text = format!("{HEADER}\n");
    for i in 0..30 {
        let price = if i == 2 { "-1" } else { "1" };
        text.push_str(&row(i, "E3", price, "x"));
    }
    text.push_str("E3,CFQ7TTC09999,0001\n");
    for n in 1..=4 {
        let e = in_parts(&text, n).unwrap_err();
        // The header is line 1, 30 rows on lines 2 to 31, the short record on line 32.
        assert!(
            matches!(
                e,
                Error::CsvMalformed {
                    line: 32,
                    column: 4,
                    ..
                }
            ),
            "{n} parts: {e:?}"
        );
    }
}

#[test]
fn blank_parts_make_an_empty_list() {
    let text = format!("\n{HEADER}\n{}", "\n \n,,\n".repeat(50));
    for n in 1..=4 {
        let e = in_parts(&text, n).unwrap_err();
        // The header on line 2: the list is empty from line 3.
        assert!(
            matches!(e, Error::EmptyPriceList { line: 3, .. }),
            "{n} parts: {e:?}"
        );
    }
}

#[test]
fn a_stray_quote_cannot_misplace_a_cut() {
    // `24" monitor` is an unquoted field: its quote is a character, not an opening quote.
    // Quote parity then counts the line breaks inside the later quoted descriptions as
    // record ends: a cut can fall inside a record, which the part before reads over.
    let mut text = format!("{HEADER}\n");
    text.push_str(&row(0, "24\" monitor", "1", "x"));
    for i in 1..60 {
        text.push_str(&row(i, "E3", "1", "\"a\nb\nc\""));
    }
    let whole = parse_nce_rows(&text).unwrap();
    assert_eq!(whole.len(), 60);
    assert_eq!(whole[0].product_title, "24\" monitor");
    // Rows start on line 2, then every 3 lines: 3 + 59·3 = row 60 on line 179.
    assert_eq!(whole[59].line, 2 + 1 + 58 * 3);
    for n in 1..=8 {
        assert_eq!(in_parts(&text, n).unwrap(), whole, "{n} parts");
    }
}

#[test]
fn a_missing_part_is_parsed_by_the_merge() {
    let mut text = format!("{HEADER}\n");
    for i in 0..20 {
        text.push_str(&row(i, "E3", "1", "x"));
    }
    let parts = NceParts::split(&text, 3);
    assert_eq!(parts.len(), 3);
    let rows = parts.merge(vec![parts.parse(2)]).unwrap();
    assert_eq!(rows, parse_nce_rows(&text).unwrap());
}

/// One field as a sheet may write it: plain, quoted with commas, quotes and line breaks.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9 ]{1,8}",
        "[A-Za-z0-9 ,\n\"]{0,8}".prop_map(|s| format!("\"{}\"", s.replace('"', "\"\""))),
        Just("\"a\r\nb\"".to_string()),
    ]
}

/// What goes wrong in the one broken row, if any.
#[derive(Debug, Clone)]
enum Fault {
    None,
    Price,
    Date,
    Short,
    Long,
    StrayQuote,
    Unclosed,
    Blank,
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        Just(Fault::None),
        Just(Fault::Price),
        Just(Fault::Date),
        Just(Fault::Short),
        Just(Fault::Long),
        Just(Fault::StrayQuote),
        Just(Fault::Unclosed),
        Just(Fault::Blank),
    ]
}

fn sheet(rows: &[(String, String, u16)], fault: &Fault, at: usize, crlf: bool) -> String {
    let mut text = format!("{HEADER}\n");
    for (i, (title, description, cents)) in rows.iter().enumerate() {
        let mut price = format!("{}.{:02}", cents / 100, cents % 100);
        let mut line = String::new();
        let mut title = title.clone();
        let mut start = "2024-01-01".to_string();
        let mut description = description.clone();
        if i == at {
            match fault {
                Fault::None => {}
                Fault::Price => price = "1e5".into(),
                Fault::Date => start = "2024-02-30".into(),
                Fault::Short => {
                    text.push_str("E3,CFQ7TTC0ZZZZ\n");
                    continue;
                }
                Fault::Long => description.push_str(",extra"),
                Fault::StrayQuote => title = "12\" screen".into(),
                Fault::Unclosed => description = "\"never closed,".into(),
                Fault::Blank => line.push_str(" , ,\n\n"),
            }
        }
        line.push_str(&format!(
            "{title},CFQ7TTC0{i:04},0001,S,P1Y,Annual,US,USD,{price},{start},,{description}\n"
        ));
        text.push_str(&line);
    }
    if crlf {
        text.replace('\n', "\r\n")
    } else {
        text
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn parts_merge_to_the_whole_texts_parse(
        rows in proptest::collection::vec((field(), field(), any::<u16>()), 0..40),
        fault in fault(),
        at in 0usize..40,
        crlf in any::<bool>(),
    ) {
        let text = sheet(&rows, &fault, at, crlf);
        let whole = parse_nce_rows(&text);
        for n in 1..=4 {
            prop_assert_eq!(&in_parts(&text, n), &whole, "{} parts", n);
        }
    }

    #[test]
    fn parts_merge_to_the_whole_texts_parse_on_noise(
        body in "[a1\",\n\r ]{0,300}",
        n in 1usize..=4,
    ) {
        // Any text after the header, however broken its quoting.
        let text = format!("{HEADER}\n{body}");
        prop_assert_eq!(in_parts(&text, n), parse_nce_rows(&text));
    }
}

#[cfg(feature = "threads")]
#[test]
fn threads_give_the_sequential_parse() {
    // 3 MiB and more: parts of 1 MiB on up to 4 threads.
    let mut text = format!("{HEADER}\n");
    let mut i = 0;
    while text.len() < 3 << 20 {
        text.push_str(&row(i % 10_000, "\"E3,\nannual\"", "12.50", "x"));
        i += 1;
    }
    let whole = parse_nce_rows(&text).unwrap();
    assert_eq!(whole.len(), i);
    for threads in 0..=4 {
        assert_eq!(parse_nce_rows_parallel(&text, threads).unwrap(), whole);
    }
    text.push_str("E3,CFQ7TTC09999,0001\n");
    let e = parse_nce_rows(&text).unwrap_err();
    assert_eq!(parse_nce_rows_parallel(&text, 4).unwrap_err(), e);
}

#[test]
fn any_part_count_gives_the_whole_texts_rows() {
    // No parts asked for is one part; more parts than lines is a part per line; a part
    // index out of range parses as nothing, which the merge ignores.
    let mut text = format!("{HEADER}\n");
    for i in 0..12 {
        text.push_str(&row(i, "\"E3,\nannual\"", "1", "x"));
    }
    let whole = parse_nce_rows(&text).unwrap();
    assert_eq!(NceParts::split(&text, 0).len(), 1);
    assert_eq!(in_parts(&text, 0).unwrap(), whole);
    let many = NceParts::split(&text, usize::MAX);
    // 12 records, each cut only where its quotes are closed.
    assert_eq!(many.len(), 12);
    assert_eq!(in_parts(&text, usize::MAX).unwrap(), whole);
    let parts = NceParts::split(&text, 2);
    let parsed = vec![parts.parse(99), parts.parse(1), parts.parse(0)];
    assert_eq!(parts.merge(parsed).unwrap(), whole);
}
