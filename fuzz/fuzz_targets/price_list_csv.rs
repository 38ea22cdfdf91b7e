//! The legacy and NCE price-file parsers on arbitrary text and on structured CSV-like text.
//!
//! Oracle: no panic; every error has a code in `ALL_CODES`; a parse that succeeds agrees with
//! `detect_format` and `PriceList::from_legacy_csv`; parsed rows survive a serde (JSON) round
//! trip unchanged; and written back as CSV with the canonical header they parse to the same
//! rows (NCE: up to the source line number).
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use csp_core::calendar::YearMonth;
use csp_core::money::Currency;
use csp_core::price_list::{
    detect_format, parse_legacy_rows, parse_nce_rows, NceRow, NceSheet, PriceFileFormat, PriceList,
    PriceRow,
};
use csp_fuzz::{check_error, pick};
use libfuzzer_sys::fuzz_target;

/// A CSV document: a header of known (or odd) column names, and rows of fields drawn from
/// pools of valid, borderline and arbitrary values.
#[derive(Arbitrary, Debug)]
struct Doc {
    bom: bool,
    crlf: bool,
    leading_blank_lines: u8,
    /// Spelling of each known column, in order.
    spellings: Vec<u8>,
    /// Known columns dropped (by index), usually none.
    drops: Vec<u8>,
    /// Columns (known or odd) inserted, at positions.
    extra: Vec<(u8, Column)>,
    rotate: u8,
    rows: Vec<RowIn>,
    trailing_comma: bool,
}

/// A record: its fields (missing ones are valid values of their column), and an odd width
/// now and then.
#[derive(Arbitrary, Debug)]
struct RowIn {
    fields: Vec<Field>,
    /// Some(w): exactly w fields instead of the header's width.
    width: Option<u8>,
    seed: u8,
}

#[derive(Arbitrary, Debug)]
struct Column {
    which: u8,
    spelling: u8,
}

#[derive(Arbitrary, Debug)]
enum Field {
    Pool { choice: u8, quote: bool, pad: bool },
    Text(String),
    Empty,
}

const LEGACY_COLUMNS: &[&[&str]] = &[
    &["Offer ID", "Durable Offer ID", "offer_id", "OFFERID"],
    &["Offer Display Name", "Offer Name", "offer display name"],
    &["License Agreement Type", "license_agreement_type"],
    &["Secondary License Type", "SecondaryLicenseType"],
    &["List Price", "list price", "LIST_PRICE"],
    &["ERP Price", "erp-price"],
    &["Purchase Unit"],
    &["End Customer Type"],
    &["Change Indicator"],
    &["Effective Start Date"],
    &["Effective End Date"],
    &["Notes", "", "Offer ID", "List Price", "ProductId"],
];

const NCE_COLUMNS: &[&[&str]] = &[
    &["ProductTitle", "Product Title"],
    &["ProductId", "product_id"],
    &["SkuId", "SKU ID"],
    &["SkuTitle"],
    &["TermDuration", "Term Duration"],
    &["BillingPlan"],
    &["Market"],
    &["Currency"],
    &["UnitPrice", "Unit Price"],
    &["EffectiveStartDate"],
    &["EffectiveEndDate"],
    &["Tags"],
    &["ERP Price", "ERPPrice"],
    &["PublisherName", "", "ProductId"],
];

/// Values for a column (by the column's canonical name); anything else gets mixed values.
fn pool(column: &str) -> &'static [&'static str] {
    match column {
        "Offer ID" => &[
            "bd938f12-058f-4927-bba3-ae36b1d2501c",
            "BD938F12-058F-4927-BBA3-AE36B1D2501C",
            "91FD106F-4B2C-4938-95AC-F54F74E9A239",
            "E1",
            " e3 ",
            "x",
        ],
        "Offer Display Name" | "ProductTitle" | "SkuTitle" => &[
            "Office 365 E1",
            "Office 365 Business Essentials, monthly",
            "Quote \"q\" name",
            "  padded  ",
            "Ünïcödé ⚡",
            "line\nbreak",
        ],
        "License Agreement Type" => &[
            "Corporate",
            "Commercial",
            "GOVERNMENT",
            "Academic",
            "education",
            "Gov",
        ],
        "Secondary License Type" => &[
            "Non-specific",
            "Base",
            "Add-on",
            "ADDON",
            "Trial",
            "add on",
            "Other",
        ],
        "List Price" | "ERP Price" | "UnitPrice" => &[
            "4.00",
            "0",
            "0.0000000000000000000000000001",
            "79228162514264337593543950335",
            "79228162514264337593543950336",
            "-1",
            "-0",
            "+2.5",
            "1e3",
            "1,234.56",
            " 12.5 ",
            ".5",
            "5.",
            "$4",
        ],
        "Purchase Unit" => &["Monthly", "Annual", "1 Month"],
        "End Customer Type" => &["Commercial", "Government"],
        "Change Indicator" => &["ADD", "chg", "Del", "UNC", "DEPR", "NEW"],
        "Effective Start Date"
        | "Effective End Date"
        | "EffectiveStartDate"
        | "EffectiveEndDate" => &[
            "2/1/2019 12:00:00 AM",
            "11/3/2021 6:57:30 AM",
            "12/31/9999 11:59:59 PM",
            "2016-03-01",
            "2021-11-03T06:57:30.1234567Z",
            "1/1/1753",
            "2/30/2021",
            "13/1/2020",
            "2021-11-03 24:00",
            "0/0/0000",
        ],
        "ProductId" => &["CFQ7TTC0LH18", "cfq7ttc0lf8r", "DZH318Z0BQ3Q", ":", "a:b"],
        "SkuId" => &["0001", "0002", "000P", " 0009 "],
        "TermDuration" => &[
            "P1M", "P1Y", "P3Y", "p36m", "P0Y", "P9999Y", "P12345M", "1Y", "PÉ", "P",
        ],
        "BillingPlan" => &[
            "Monthly",
            "Annual",
            "Triennial",
            "OneTime",
            "one_time",
            "None",
            "Biennial",
            "Weekly",
        ],
        "Market" => &["US", "gb", " de ", "XX"],
        "Currency" => &["USD", "eur", "JPY", "XXX", "US$"],
        "Tags" => &["License", "License; Trial", ""],
        _ => &["", "x", "1", "\"", ",", "\u{feff}"],
    }
}

impl Doc {
    fn render(&self, columns: &[&[&str]]) -> String {
        let mut out = String::new();
        if self.bom {
            out.push('\u{feff}');
        }
        let eol = if self.crlf { "\r\n" } else { "\n" };
        for _ in 0..self.leading_blank_lines % 3 {
            out.push_str(eol);
        }
        // Every known column (the first spelling of the last entry is an odd one), spelt
        // variously, rotated, with a few dropped or added.
        let known = &columns[..columns.len() - 1];
        let mut cols: Vec<(&str, &str)> = known
            .iter()
            .enumerate()
            .map(|(i, spellings)| {
                let s = self.spellings.get(i).copied().unwrap_or(0);
                (pick(spellings, s), spellings[0])
            })
            .collect();
        for d in self.drops.iter().take(3) {
            if !cols.is_empty() {
                cols.remove(usize::from(*d) % cols.len());
            }
        }
        for (at, c) in self.extra.iter().take(4) {
            let spellings = pick(columns, c.which);
            let at = usize::from(*at) % (cols.len() + 1);
            cols.insert(at, (pick(spellings, c.spelling), spellings[0]));
        }
        if !cols.is_empty() {
            let n = usize::from(self.rotate) % cols.len();
            cols.rotate_left(n);
        }
        let names: Vec<&str> = cols.iter().map(|c| c.0).collect();
        let canon: Vec<&str> = cols.iter().map(|c| c.1).collect();
        let header: Vec<String> = names.iter().map(|n| quote(n, false)).collect();
        out.push_str(&header.join(","));
        out.push_str(eol);
        for row in self.rows.iter().take(30) {
            let width = row.width.map_or(canon.len(), |w| usize::from(w % 24));
            let fields: Vec<String> = (0..width)
                .map(|i| {
                    let col = canon.get(i).copied().unwrap_or("");
                    let default = Field::Pool {
                        choice: row.seed.wrapping_add(i as u8),
                        quote: false,
                        pad: false,
                    };
                    match row.fields.get(i).unwrap_or(&default) {
                        Field::Pool {
                            choice,
                            quote: q,
                            pad,
                        } => {
                            let v = pick(pool(col), *choice);
                            let v = if *pad {
                                format!(" {v} ")
                            } else {
                                v.to_string()
                            };
                            quote(&v, *q)
                        }
                        Field::Text(t) => t.chars().take(40).collect(),
                        Field::Empty => String::new(),
                    }
                })
                .collect();
            out.push_str(&fields.join(","));
            if self.trailing_comma {
                out.push(',');
            }
            out.push_str(eol);
        }
        out
    }
}

fn quote(v: &str, force: bool) -> String {
    if force || v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

fn month_of(m: u16) -> YearMonth {
    YearMonth::new(2015 + i32::from(m % 40), u32::from(m % 12) + 1).expect("valid month")
}

fn write_legacy(rows: &[PriceRow]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "Offer ID",
        "Offer Display Name",
        "License Agreement Type",
        "Secondary License Type",
        "List Price",
        "ERP Price",
        "Purchase Unit",
        "End Customer Type",
        "Change Indicator",
        "Effective Start Date",
        "Effective End Date",
    ])
    .expect("write");
    for r in rows {
        let date = |d: Option<chrono::NaiveDate>| {
            d.map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        };
        w.write_record([
            r.offer_id.as_str().to_string(),
            r.offer_name.clone(),
            r.agreement_type.to_string(),
            r.secondary_type.to_string(),
            r.list_price.to_string(),
            r.erp_price.to_string(),
            r.purchase_unit.clone().unwrap_or_default(),
            r.end_customer_type.clone().unwrap_or_default(),
            r.change_indicator
                .map(|c| c.as_str().to_string())
                .unwrap_or_default(),
            date(r.effective_start),
            date(r.effective_end),
        ])
        .expect("write");
    }
    String::from_utf8(w.into_inner().expect("flush")).expect("utf-8")
}

/// The rows as an NCE sheet again, or `None` when the offer id cannot be split back into a
/// product and a SKU id (the parser joins them with `:`).
fn write_nce(rows: &[NceRow]) -> Option<String> {
    // A sheet without a Segment column gives rows of no segment; with one, every row has
    // one (an empty field is commercial): the column is written only in the second case.
    let with_segment = rows.iter().any(|r| r.key.segment.is_some());
    if rows.iter().any(|r| r.key.segment.is_some() != with_segment) {
        return None;
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "ProductTitle",
        "ProductId",
        "SkuId",
        "SkuTitle",
        "TermDuration",
        "BillingPlan",
        "Market",
        "Currency",
        "UnitPrice",
        "EffectiveStartDate",
        "EffectiveEndDate",
        "Tags",
        "ERP Price",
        "PricingTierRangeMin",
        "PricingTierRangeMax",
    ];
    if with_segment {
        header.push("Segment");
    }
    w.write_record(&header).ok()?;
    for r in rows {
        let (product, sku) = r.key.offer.as_str().split_once(':')?;
        if product.trim() != product || product.is_empty() || sku.trim() != sku || sku.is_empty() {
            return None;
        }
        let ts = |t: chrono::NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%S%.f").to_string();
        let mut record = vec![
            r.product_title.clone(),
            product.to_string(),
            sku.to_string(),
            r.sku_title.clone(),
            r.key.term.to_string(),
            r.key.plan.to_string(),
            r.key.market.clone(),
            r.key.currency.code().to_string(),
            r.unit_price.to_string(),
            ts(r.effective_start),
            ts(r.effective_end),
            r.tags.clone(),
            r.erp_price.map(|d| d.to_string()).unwrap_or_default(),
            r.key.tier.map(|t| t.min.to_string()).unwrap_or_default(),
            r.key.tier.map(|t| t.max.to_string()).unwrap_or_default(),
        ];
        if with_segment {
            record.push(r.key.segment.map(|s| s.to_string()).unwrap_or_default());
        }
        w.write_record(&record).ok()?;
    }
    String::from_utf8(w.into_inner().ok()?).ok()
}

fn check_text(text: &str, month: YearMonth, currency: Currency) {
    let format = detect_format(text);
    if let Err(e) = &format {
        check_error(e);
    }

    match parse_legacy_rows(text) {
        Err(e) => {
            check_error(&e);
            let list = PriceList::from_legacy_csv(text, month, currency);
            assert_eq!(
                list.err(),
                Some(e),
                "from_legacy_csv fails as parse_legacy_rows does"
            );
        }
        Ok(rows) => {
            if std::env::var_os("FUZZ_DEBUG").is_some() {
                eprintln!("legacy ok: {} rows", rows.len());
            }
            assert!(!rows.is_empty(), "an empty list is refused");
            assert!(
                format.is_ok(),
                "a parsed legacy list has a recognised header"
            );
            let list = PriceList::from_legacy_csv(text, month, currency).expect("same parse");
            assert_eq!(list.len(), rows.len());
            for r in &rows {
                assert!(
                    r.offer_id.as_str() == r.offer_id.as_str().trim()
                        && !r.offer_id.as_str().is_empty()
                );
                assert!(!r.list_price.is_sign_negative() || r.list_price.is_zero());
                assert_eq!(list.row(&r.offer_id), Some(r));
                let json = serde_json::to_string(r).expect("serialise");
                let back: PriceRow = serde_json::from_str(&json).expect("deserialise");
                assert_eq!(&back, r, "serde round trip of {json}");
            }
            let _ = serde_json::to_string(&list).expect("serialise list");
            let again = write_legacy(&rows);
            match parse_legacy_rows(&again) {
                Ok(back) => assert_eq!(back, rows, "CSV round trip of\n{again}"),
                Err(e) => panic!("rows written back do not parse: {e}\n{again}"),
            }
        }
    }

    match parse_nce_rows(text) {
        Err(e) => check_error(&e),
        Ok(rows) => {
            if std::env::var_os("FUZZ_DEBUG").is_some() {
                eprintln!("nce ok: {} rows", rows.len());
            }
            assert!(!rows.is_empty(), "an empty sheet is refused");
            assert_eq!(
                format.as_ref().ok(),
                Some(&PriceFileFormat::Nce),
                "detected as NCE"
            );
            for r in &rows {
                assert!(r.effective_start <= r.effective_end);
                let json = serde_json::to_string(r).expect("serialise");
                let back: NceRow = serde_json::from_str(&json).expect("deserialise");
                assert_eq!(&back, r, "serde round trip of {json}");
            }
            let sheet = NceSheet::new(rows.clone());
            for r in rows.iter().take(8) {
                // The day after a row starts (00:00) is inside it when it lasts that long:
                // some row of the key governs it, and that row covers the instant.
                let Some(day) = r.effective_start.date().succ_opt() else {
                    continue;
                };
                let at = day.and_time(chrono::NaiveTime::MIN);
                if at > r.effective_end {
                    continue;
                }
                let found = sheet.price_on(&r.key, day).expect("a row covers the day");
                assert!(
                    found.key == r.key && found.effective_start <= at && at <= found.effective_end
                );
            }
            if let Some(again) = write_nce(&rows) {
                match parse_nce_rows(&again) {
                    Ok(back) => {
                        let strip = |rs: &[NceRow]| -> Vec<NceRow> {
                            rs.iter()
                                .cloned()
                                .map(|mut r| {
                                    r.line = 0;
                                    r
                                })
                                .collect()
                        };
                        assert_eq!(strip(&back), strip(&rows), "CSV round trip of\n{again}");
                    }
                    Err(e) => panic!("rows written back do not parse: {e}\n{again}"),
                }
            }
        }
    }
}

// The first byte chooses the mode (and the month and currency a legacy list is read for):
// `0` the rest is the text itself (seeds: real price files), `1` a generated legacy list,
// `2` a generated NCE sheet.
fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let month = month_of(u16::from(mode / 3));
    let currency = pick(Currency::ALL, mode / 3);
    match mode % 3 {
        0 => check_text(&String::from_utf8_lossy(rest), month, currency),
        1 => {
            if let Ok(doc) = Doc::arbitrary_take_rest(Unstructured::new(rest)) {
                check_text(&doc.render(LEGACY_COLUMNS), month, currency);
            }
        }
        _ => {
            if let Ok(doc) = Doc::arbitrary_take_rest(Unstructured::new(rest)) {
                check_text(&doc.render(NCE_COLUMNS), month, Currency::USD);
            }
        }
    }
});
