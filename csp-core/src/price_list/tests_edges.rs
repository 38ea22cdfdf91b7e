//! Price files at the edges (issue 15): SKU id forms, segment and tier keys, encodings.
//! The shared bad-input cases are in `testdata/vectors/edges/price_files.json`.

use std::borrow::Cow;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::money::Currency;
use crate::vocab::Segment;

const HEADER: &str = "ProductTitle,ProductId,SkuId,SkuTitle,TermDuration,BillingPlan,Market,\
                      Currency,UnitPrice,EffectiveStartDate,EffectiveEndDate";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn key(offer: &str) -> NceKey {
    NceKey::new(
        offer,
        TermDuration::P1Y,
        BillingPlan::Annual,
        "US",
        Currency::USD,
    )
}

/// One sheet row: product `p`, SKU number `sku` written `padded` (`0007`) or as a number
/// (`7`), price, start month (2024) and end month (2024, or open).
type Spec = (usize, u16, bool, u32, u32, Option<u32>);

fn sheet_text(rows: &[Spec], padded: impl Fn(&Spec) -> bool) -> String {
    let mut text = format!("{HEADER}\n");
    for r in rows {
        let (p, sku, _, price, start, end) = *r;
        let sku = if padded(r) {
            format!("{sku:04}")
        } else {
            sku.to_string()
        };
        let end = end.map(|m| format!("2024-{m:02}-28")).unwrap_or_default();
        text.push_str(&format!(
            "T,PROD{p},{sku},S,P1Y,Annual,US,USD,{price},2024-{start:02}-01,{end}\n"
        ));
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any sheet whose SKU ids are rewritten between the `1` and `0001` forms gives the same
    /// rows and the same answer (price or refusal) to every query, in either form.
    #[test]
    fn sku_id_forms_give_the_same_lookups(
        rows in proptest::collection::vec(
            (0usize..3, 0u16..12, any::<bool>(), 1u32..500, 1u32..7, proptest::option::of(7u32..13)),
            1..12,
        ),
        queries in proptest::collection::vec((0usize..3, 0u16..12, any::<bool>(), 1u32..13), 1..8),
    ) {
        let canonical = NceSheet::from_csv(&sheet_text(&rows, |_| true)).unwrap();
        let rewritten = NceSheet::from_csv(&sheet_text(&rows, |r| r.2)).unwrap();
        let offers = |s: &NceSheet| s.rows().map(|r| r.key.offer.to_string()).collect::<Vec<_>>();
        prop_assert_eq!(offers(&canonical), offers(&rewritten));
        for (p, sku, padded, m) in queries {
            let sku = if padded { format!("{sku:04}") } else { sku.to_string() };
            let key = key(&format!("PROD{p}:{sku}"));
            let on = day(2024, m, 15);
            let answer = |s: &NceSheet| match s.price_on(&key, on) {
                Ok(r) => Ok(r.unit_price),
                Err(e) => Err(e.code()),
            };
            prop_assert_eq!(answer(&canonical), answer(&rewritten));
        }
    }
}

#[test]
fn sku_id_one_and_0001_are_one_key_in_sheet_and_query() {
    let sheet = NceSheet::from_csv(&format!(
        "{HEADER}\nT,CFQ7TTC0LH18,1,S,P1Y,Annual,US,USD,72,2024-01-01,\n"
    ))
    .unwrap();
    let row = sheet
        .price_on(&key("cfq7ttc0lh18:0001"), day(2024, 5, 1))
        .unwrap();
    assert_eq!(row.key.offer.as_str(), "CFQ7TTC0LH18:0001");
    assert_eq!(row.unit_price.to_string(), "72");
    assert!(sheet
        .price_on(&key("CFQ7TTC0LH18:01"), day(2024, 5, 1))
        .is_ok());
    // `ProductId:SkuId:AvailabilityId` keeps its availability part.
    let with_availability = crate::ids::OfferId::new("CFQ7TTC0LH18:1:DZH318Z0BQ3Q");
    assert_eq!(with_availability.as_str(), "CFQ7TTC0LH18:0001:DZH318Z0BQ3Q");
    // Not a SKU: an empty one, or a legacy GUID, is unchanged.
    assert_eq!(crate::ids::OfferId::new("P:").as_str(), "P:");
    let guid = "bd938f12-058f-4927-bba3-ae36b1d2501c";
    assert_eq!(
        crate::ids::OfferId::new(guid).as_str(),
        guid.to_ascii_uppercase()
    );
}

#[test]
fn a_named_tier_and_a_seat_count_must_both_hold() {
    let text = format!(
        "{HEADER},PricingTierRangeMin,PricingTierRangeMax\n\
         T,P,1,S,P1Y,Annual,US,USD,60,2024-01-01,,1,100\n\
         T,P,1,S,P1Y,Annual,US,USD,54,2024-01-01,,101,1000\n"
    );
    let sheet = NceSheet::from_csv(&text).unwrap();
    let on = day(2024, 2, 1);
    let tier = key("P:1").with_tier(TierRange::new(1, 100).unwrap());
    assert_eq!(
        sheet
            .price_for_seats(&tier, 50, on)
            .unwrap()
            .unit_price
            .to_string(),
        "60"
    );
    let e = sheet.price_for_seats(&tier, 500, on).unwrap_err();
    assert_eq!(e.code(), "nce_price_not_found");
    assert_eq!(TierRange::new(5, 4), None);
    // The book answers as the sheet does.
    let mut book = PriceBook::new(Currency::USD);
    book.add_nce(parse_nce_rows(&text).unwrap());
    assert_eq!(
        book.nce_price(&key("P:0001"), on).unwrap_err().code(),
        "ambiguous_price"
    );
}

#[test]
fn segments_read_as_the_sheet_writes_them() {
    for (text, want) in [
        ("Commercial", PriceSegment::Commercial),
        ("EDUCATION", PriceSegment::Education),
        ("government", PriceSegment::Government),
        ("Non-profit", PriceSegment::Nonprofit),
        ("Charity", PriceSegment::Nonprofit),
    ] {
        assert_eq!(PriceSegment::parse(text), Some(want), "{text}");
    }
    assert_eq!(PriceSegment::parse("Academic"), None);
    let e = "Academic".parse::<PriceSegment>().unwrap_err();
    assert_eq!(
        (e.code(), e.context()[0].1.as_str()),
        ("invalid_input", "segment")
    );
    assert_eq!(
        PriceSegment::from(Segment::Education),
        PriceSegment::Education
    );
    assert_eq!(PriceSegment::Nonprofit.to_string(), "nonprofit");
}

#[test]
fn rows_without_segment_or_tier_keep_their_json_shape() {
    let text = format!("{HEADER},Segment\nT,P,1,S,P1Y,Annual,US,USD,60,2024-01-01,,Education\n");
    let rows = parse_nce_rows(&text).unwrap();
    let json = serde_json::to_value(&rows[0].key).unwrap();
    assert_eq!(json["segment"], "education");
    let back: NceKey = serde_json::from_value(json).unwrap();
    assert_eq!(back, rows[0].key);
    let plain = serde_json::to_value(key("P:1")).unwrap();
    let fields: Vec<&String> = plain.as_object().unwrap().keys().collect();
    assert_eq!(fields, ["currency", "market", "offer", "plan", "term"]);
}

#[test]
fn a_sheet_without_a_segment_column_meets_a_second_sheet_with_one() {
    // Two sheets in one book: one without a Segment column (unspecified), one with.
    let mut sheet = NceSheet::from_csv(&format!(
        "{HEADER}\nT,P,1,S,P1Y,Annual,US,USD,60,2024-01-01,\n"
    ))
    .unwrap();
    sheet.extend(
        parse_nce_rows(&format!(
            "{HEADER},Segment\nT,P,1,S,P1Y,Annual,US,USD,30,2024-01-01,,Education\n"
        ))
        .unwrap(),
    );
    let on = day(2024, 2, 1);
    let e = sheet.price_on(&key("P:1"), on).unwrap_err();
    assert_eq!(e.code(), "ambiguous_price");
    assert!(e
        .message()
        .contains("unspecified segment, no tier; segment education, no tier"));
    let edu = key("P:1").with_segment(PriceSegment::Education);
    assert_eq!(
        sheet.price_on(&edu, on).unwrap_err().code(),
        "ambiguous_price"
    );
    let gov = key("P:1").with_segment(PriceSegment::Government);
    assert_eq!(
        sheet.price_on(&gov, on).unwrap().unit_price.to_string(),
        "60"
    );
}

#[test]
fn decode_text_borrows_utf8_and_decodes_utf16_pairs() {
    assert!(matches!(decode_text(b"a,b\n"), Ok(Cow::Borrowed("a,b\n"))));
    assert!(matches!(
        decode_text(b"\xEF\xBB\xBF"),
        Ok(Cow::Borrowed(""))
    ));
    // U+1F600 as a surrogate pair, both byte orders.
    assert_eq!(
        decode_text(b"\xFF\xFE\x3D\xD8\x00\xDE").unwrap(),
        "\u{1F600}"
    );
    assert_eq!(
        decode_text(b"\xFE\xFF\xD8\x3D\xDE\x00").unwrap(),
        "\u{1F600}"
    );
    assert_eq!(decode_text(b"").unwrap(), "");
    let e = decode_text(b"a\nb\nc\xFF").unwrap_err();
    assert_eq!(
        (e.code(), e.family(), e.position()),
        ("invalid_encoding", "input", Some((3, 0)))
    );
    assert!(e.message().contains("byte 0xFF at offset 5"), "{e}");
    assert!(e.message().contains("save the file as UTF-8"), "{e}");
}

#[test]
fn the_id_cap_counts_characters_not_bytes() {
    let row = |id: &str| {
        format!(
            "Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,\
             List Price,ERP Price\n{id},E3,Corporate,Non-specific,20.00,25.00\n"
        )
    };
    // 128 two-byte characters (256 bytes) are within the cap; 129 are not.
    assert!(parse_legacy_rows(&row(&"é".repeat(128))).is_ok());
    let e = parse_legacy_rows(&row(&"é".repeat(129))).unwrap_err();
    assert_eq!((e.code(), e.position()), ("invalid_value", Some((2, 1))));
    // A DEL (0x7F) and a C1 control are control characters too.
    for bad in ["E\u{7f}3", "E\u{85}3"] {
        assert_eq!(
            parse_legacy_rows(&row(bad)).unwrap_err().code(),
            "invalid_value"
        );
    }
}

#[test]
fn the_offer_id_a_product_and_sku_make_is_an_id_too() {
    // Each part within 128 characters, the joined ProductId:SkuId not: refused at the SKU,
    // so that every offer id read from a sheet reads back from its JSON (found by the fuzz
    // target's round trip).
    let row = |product: &str, sku: &str| {
        format!("{HEADER}\nT,{product},{sku},S,P1Y,Annual,US,USD,10,1/1/2021,\n")
    };
    let e = parse_nce_rows(&row(&"P".repeat(100), &"1".repeat(40))).unwrap_err();
    assert_eq!((e.code(), e.position()), ("invalid_value", Some((2, 3))));
    let rows = parse_nce_rows(&row(&"P".repeat(100), &"1".repeat(27))).unwrap();
    assert_eq!(rows[0].key.offer.as_str().len(), 128);
}
