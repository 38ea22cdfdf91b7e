//! The recon readers (SPEC-NCE §15.1–§15.4). Every expected value is read by hand from the
//! test's own text.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::*;
use crate::money::Currency;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a valid test date")
}

fn dec(text: &str) -> Decimal {
    text.parse().expect("a test decimal")
}

/// The ten required NCE columns (SPEC-NCE §15.2), in the spec's order.
const NCE_HEADER: &str = "CustomerId,SubscriptionId,ChargeType,ChargeStartDate,ChargeEndDate,\
                          UnitPrice,EffectiveUnitPrice,Quantity,Subtotal,Currency";

fn nce(text: &str) -> Result<Vec<NceReconRow>> {
    nce_recon_reader(text)?.read_all()
}

fn legacy(text: &str) -> Result<Vec<LegacyReconRow>> {
    legacy_recon_reader(text)?.read_all()
}

#[test]
fn nce_headers_match_in_any_order_case_and_punctuation() {
    // The required columns shuffled, spelt with underscores, spaces and any case.
    let text = "currency,SUBTOTAL,Quantity,effective_unit_price,Unit Price,charge_end_date,\
                CHARGESTARTDATE,Charge Type,subscription_id,customerId,Some Unknown Column\n\
                USD,24.00,2,12.00,12.50,2/29/2024,2/1/2024,New,s1,c1,ignored\n";
    let rows = nce(text).unwrap();
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r.customer_id, "c1");
    assert_eq!(r.subscription_id, "s1");
    assert_eq!(r.charge_type, "New");
    assert_eq!(r.unit_price, dec("12.50"));
    assert_eq!(r.effective_unit_price, dec("12.00"));
    assert_eq!(r.quantity, Decimal::from(2));
    assert_eq!(r.subtotal.to_string(), "24.00"); // kept as written: scale 2
    assert_eq!(r.currency, Currency::USD);
    assert_eq!(
        (r.charge_start, r.charge_end),
        (d(2024, 2, 1), d(2024, 2, 29))
    );
    // Optional columns absent: empty text, no amounts, rate 1 (no pricing currency).
    assert_eq!(r.customer_name, "");
    assert_eq!(
        (r.tax_total, r.total, r.pricing_currency),
        (None, None, None)
    );
    assert_eq!(r.exchange_rate, Decimal::ONE);
    assert_eq!(r.line, 2);
}

#[test]
fn bom_crlf_quoted_fields_and_blank_lines() {
    let text = "\u{feff}CustomerId,CustomerName,SubscriptionId,ChargeType,ChargeStartDate,\
                ChargeEndDate,UnitPrice,EffectiveUnitPrice,Quantity,Subtotal,Currency,\
                ProductQualifiers,PriceAdjustmentDescription\r\n\
                c1,\"Contoso, \"\"the\"\" Ltd.\",s1,new,2/1/2024,2/29/2024,1.00,1.00,1,1.00,USD,\
                \"[\"\"Add-on\"\",\"\"Trial\"\"]\",AddOn\r\n\
                \r\n\
                c2,Fabrikam,s2,cycleCharge,2/1/2024,2/29/2024,2.00,2.00,1,2.00,USD,,\r\n";
    let rows = nce(text).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].customer_name, "Contoso, \"the\" Ltd.");
    assert_eq!(rows[0].product_qualifiers, "[\"Add-on\",\"Trial\"]");
    assert_eq!(rows[0].price_adjustment_description, "AddOn");
    assert_eq!(rows[0].line, 2);
    // Line 3 is blank: the second row starts on line 4.
    assert_eq!(rows[1].line, 4);
    assert_eq!(rows[1].product_qualifiers, "");
}

#[test]
fn dates_keep_the_date_part_of_each_form() {
    let cases = [
        ("2/28/2019 23:59", d(2019, 2, 28)),
        ("2/28/2019 11:59:59 PM", d(2019, 2, 28)),
        ("2/28/2019", d(2019, 2, 28)),
        ("2019-02-28", d(2019, 2, 28)),
        ("2019-02-28 23:59:59", d(2019, 2, 28)),
        ("2019-02-28T23:59:59.0682597Z", d(2019, 2, 28)),
    ];
    for (written, expected) in cases {
        let text = format!("{NCE_HEADER}\nc,s,new,2/1/2019,{written},1,1,1,1,USD\n");
        let rows = nce(&text).unwrap();
        assert_eq!(rows[0].charge_end, expected, "{written}");
    }
    for bad in [
        "2/30/2019",
        "2019-13-01",
        "28.02.2019",
        "1/1/1752",
        "tomorrow",
    ] {
        let text = format!("{NCE_HEADER}\nc,s,new,2/1/2019,{bad},1,1,1,1,USD\n");
        let e = nce(&text).unwrap_err();
        // ChargeEndDate is the 5th column of line 2.
        assert_eq!(
            e,
            Error::InvalidDate {
                line: 2,
                column: 5,
                name: "ChargeEndDate",
                value: bad.into()
            }
        );
    }
}

#[test]
fn missing_required_column_names_it_on_line_one() {
    let text = "CustomerId,SubscriptionId,ChargeType,ChargeStartDate,ChargeEndDate,\
                UnitPrice,Quantity,Subtotal,Currency\nc,s,new,2/1/2019,2/1/2019,1,1,1,USD\n";
    let e = nce(text).unwrap_err();
    assert_eq!(
        e,
        Error::MissingColumn {
            line: 1,
            column: 0,
            name: "EffectiveUnitPrice"
        }
    );
    let e = legacy(
        "CustomerId,SyndicationPartnerSubscriptionNumber,ChargeStartDate,ChargeEndDate,\
         ChargeType,UnitPrice,Quantity,Currency\n",
    )
    .unwrap_err();
    assert_eq!((e.code(), e.fields()[2].0), ("missing_column", "name"));
    assert!(matches!(
        e,
        Error::MissingColumn {
            line: 1,
            name: "Amount",
            ..
        }
    ));
    // An empty text has no header: its first required column is missing.
    assert!(matches!(
        nce("").unwrap_err(),
        Error::MissingColumn {
            line: 1,
            name: "CustomerId",
            ..
        }
    ));
}

#[test]
fn decimals_are_plain_signed_text_kept_as_written() {
    for bad in [
        "1e3",
        "+5",
        "\"1,000\"",
        "NaN",
        "5.",
        ".5",
        "1 000",
        "$5",
        "--1",
    ] {
        let text = format!("{NCE_HEADER}\nc,s,new,2/1/2019,2/1/2019,1,1,1,{bad},USD\n");
        let e = nce(&text).unwrap_err();
        assert_eq!(e.code(), "invalid_decimal", "{bad}");
        let Error::InvalidDecimal {
            line, column, name, ..
        } = e
        else {
            unreachable!()
        };
        // Subtotal is the 9th column of line 2.
        assert_eq!((line, column, name), (2, 9, "Subtotal"), "{bad}");
    }
    let text = format!("{NCE_HEADER}\nc,s,refund,2/1/2019,2/1/2019,-6.00,0.5,-2,-12.000,USD\n");
    let r = &nce(&text).unwrap()[0];
    assert_eq!(r.unit_price.to_string(), "-6.00");
    assert_eq!(r.effective_unit_price.to_string(), "0.5");
    assert_eq!(r.quantity, Decimal::from(-2));
    assert_eq!(r.subtotal.to_string(), "-12.000");
}

#[test]
fn billable_quantity_is_preferred_over_quantity() {
    let header = format!("{NCE_HEADER},BillableQuantity");
    let text = format!(
        "{header}\n\
         c,s,new,2/1/2019,2/1/2019,1,1,3,1,USD,2\n\
         c,s,new,2/1/2019,2/1/2019,1,1,3,1,USD,\n\
         c,s,new,2/1/2019,2/1/2019,1,1,3,1,USD,0.5\n"
    );
    let q: Vec<Decimal> = nce(&text).unwrap().iter().map(|r| r.quantity).collect();
    // Billable 2; empty billable → Quantity 3; billable 0.5.
    assert_eq!(q, [Decimal::from(2), Decimal::from(3), dec("0.5")]);
    // A bad Quantity is refused even when BillableQuantity replaces it.
    let text = format!("{header}\nc,s,new,2/1/2019,2/1/2019,1,1,x,1,USD,2\n");
    assert!(matches!(
        nce(&text).unwrap_err(),
        Error::InvalidDecimal {
            line: 2,
            column: 8,
            name: "Quantity",
            ..
        }
    ));
    // Empty both: Quantity is required.
    let text = format!("{header}\nc,s,new,2/1/2019,2/1/2019,1,1,,1,USD,\n");
    assert_eq!(
        nce(&text).unwrap_err(),
        Error::EmptyField {
            line: 2,
            column: 8,
            name: "Quantity"
        }
    );
}

#[test]
fn total_for_customer_is_an_alias_of_total() {
    for name in ["Total", "totalForCustomer", "TOTAL_FOR_CUSTOMER"] {
        let text = format!(
            "{NCE_HEADER},TaxTotal,{name}\nc,s,new,2/1/2019,2/1/2019,1,1,1,10.00,USD,0.88,10.88\n"
        );
        let r = &nce(&text).unwrap()[0];
        assert_eq!(r.total, Some(dec("10.88")), "{name}");
        assert_eq!(r.tax_total, Some(dec("0.88")));
    }
    let text = format!("{NCE_HEADER},Total,totalForCustomer\n");
    assert_eq!(nce(&text).unwrap_err().code(), "duplicate_column");
}

#[test]
fn exchange_rate_is_one_only_for_the_billing_currency() {
    let header = format!("{NCE_HEADER},PricingCurrency,PCToBCExchangeRate,PCToBCExchangeRateDate");
    let text = format!(
        "{header}\n\
         c,s,new,2/1/2019,2/1/2019,1,1,1,1,USD,,,\n\
         c,s,new,2/1/2019,2/1/2019,1,1,1,1,USD,usd,,\n\
         c,s,new,2/1/2019,2/1/2019,1,1,1,1,USD,EUR,1.0834,2/1/2019 12:00:00 AM\n"
    );
    let rows = nce(&text).unwrap();
    assert_eq!(rows[0].exchange_rate, Decimal::ONE);
    assert_eq!(rows[0].pricing_currency, None);
    assert_eq!(rows[1].exchange_rate, Decimal::ONE);
    assert_eq!(rows[1].pricing_currency, Some(Currency::USD));
    assert_eq!(rows[2].exchange_rate.to_string(), "1.0834");
    assert_eq!(rows[2].pricing_currency, Some(Currency::EUR));
    assert_eq!(rows[2].exchange_rate_date, Some(d(2019, 2, 1)));
    // EUR pricing billed in USD with no rate: PCToBCExchangeRate is the 12th column.
    let text = format!("{header}\nc,s,new,2/1/2019,2/1/2019,1,1,1,1,USD,EUR,,\n");
    assert!(matches!(
        nce(&text).unwrap_err(),
        Error::InvalidDecimal {
            line: 2,
            column: 12,
            name: "PCToBCExchangeRate",
            ..
        }
    ));
    // No rate column at all: the same refusal, at column 0.
    let text = format!("{NCE_HEADER},PricingCurrency\nc,s,new,2/1/2019,2/1/2019,1,1,1,1,USD,EUR\n");
    assert!(matches!(
        nce(&text).unwrap_err(),
        Error::InvalidDecimal {
            line: 2,
            column: 0,
            ..
        }
    ));
    // A pricing currency that is no ISO 4217 code.
    let text = format!("{header}\nc,s,new,2/1/2019,2/1/2019,1,1,1,1,USD,XYZ,1,\n");
    assert!(matches!(
        nce(&text).unwrap_err(),
        Error::InvalidValue {
            line: 2,
            column: 11,
            ..
        }
    ));
}

#[test]
fn a_later_row_in_another_currency_is_a_currency_mismatch() {
    let text = format!(
        "{NCE_HEADER}\n\
         c,s1,new,2/1/2019,2/1/2019,1,1,1,1,USD\n\
         c,s2,new,2/1/2019,2/1/2019,1,1,1,1,usd\n\
         c,s3,new,2/1/2019,2/1/2019,1,1,1,1,EUR\n\
         c,s4,new,2/1/2019,2/1/2019,1,1,1,1,USD\n"
    );
    let mut reader = nce_recon_reader(&text).unwrap();
    assert_eq!(reader.next().unwrap().unwrap().subscription_id, "s1");
    assert_eq!(reader.currency(), Some(Currency::USD));
    assert_eq!(reader.next().unwrap().unwrap().subscription_id, "s2");
    assert_eq!(
        reader.next().unwrap().unwrap_err(),
        Error::CurrencyMismatch {
            expected: Currency::USD,
            actual: Currency::EUR
        }
    );
    // The refused row is on line 4; the reader stops there.
    assert_eq!(reader.line(), 4);
    assert!(reader.next().is_none());
    assert_eq!(nce(&text).unwrap_err().code(), "currency_mismatch");
}

#[test]
fn rows_stream_one_at_a_time() {
    // Row 2 is fine and row 3 broken: the first row comes before the second is read.
    let text = format!(
        "{NCE_HEADER}\n\
         c,s1,new,2/1/2019,2/1/2019,1,1,1,1,USD\n\
         c,s2,new,2/1/2019,2/1/2019,1,1,1\n\
         c,s3,new,2/1/2019,2/1/2019,1,1,1,1,USD\n"
    );
    let mut reader = nce_recon_reader(&text).unwrap();
    assert_eq!(reader.next().unwrap().unwrap().line, 2);
    let e = reader.next().unwrap().unwrap_err();
    assert_eq!(
        (e.code(), e.fields()[0].1.to_string()),
        ("csv_malformed", "3".to_string())
    );
    assert!(reader.next().is_none());

    // Many rows go through one reused record buffer.
    let mut big = String::from(NCE_HEADER);
    for i in 0..5_000 {
        big.push_str(&format!(
            "\nc,s{i},cycleCharge,2/1/2019,2/28/2019,1.00,1.00,1,1.00,USD"
        ));
    }
    let (mut count, mut sum) = (0u64, Decimal::ZERO);
    for row in nce_recon_reader(&big).unwrap() {
        let row = row.unwrap();
        count += 1;
        sum += row.subtotal;
    }
    // 5,000 rows of 1.00 each.
    assert_eq!((count, sum), (5_000, dec("5000.00")));
}

#[test]
fn a_header_alone_has_no_rows() {
    assert_eq!(nce(&format!("{NCE_HEADER}\n")).unwrap(), vec![]);
    let rows = read_recon(&format!("{NCE_HEADER}\r\n\r\n"), None).unwrap();
    assert!(rows.is_empty());
    assert_eq!(rows.kind(), ReconKind::Nce);
}

#[test]
fn detects_both_kinds_and_refuses_others() {
    assert_eq!(ReconKind::detect(NCE_HEADER), Ok(ReconKind::Nce));
    assert_eq!(
        ReconKind::detect("\u{feff}customer_id,Syndication_Partner_Subscription_Number\n"),
        Ok(ReconKind::Legacy)
    );
    // Both columns: NCE is tested first (SPEC-NCE §15.1's order).
    assert_eq!(
        ReconKind::detect("SyndicationPartnerSubscriptionNumber,EFFECTIVE UNIT PRICE"),
        Ok(ReconKind::Nce)
    );
    assert_eq!(
        ReconKind::detect("Offer ID,Offer Display Name,List Price\n1,2,3\n"),
        Err(Error::UnknownReconFormat { line: 1, column: 0 })
    );
    // Blank lines before the header: the header's line.
    assert_eq!(
        ReconKind::detect("\n\r\nProductId,SkuId,UnitPrice\n"),
        Err(Error::UnknownReconFormat { line: 3, column: 0 })
    );
    assert_eq!(
        ReconKind::detect(""),
        Err(Error::UnknownReconFormat { line: 1, column: 0 })
    );
    let e = read_recon("a,b\n1,2\n", None).unwrap_err();
    assert_eq!(e.code(), "unknown_recon_format");
    // A kind given: no detection, the reader's own refusal.
    let e = read_recon("a,b\n1,2\n", Some(ReconKind::Legacy)).unwrap_err();
    assert!(matches!(
        e,
        Error::MissingColumn {
            name: "CustomerId",
            ..
        }
    ));
}

#[test]
fn unknown_charge_types_are_kept_as_written() {
    let text = format!(
        "{NCE_HEADER}\n\
         c,s,someFutureChargeType,2/1/2019,2/1/2019,1,1,1,1,USD\n\
         c,s,CANCELIMMEDIATE,2/1/2019,2/1/2019,1,1,1,1,USD\n"
    );
    let types: Vec<String> = nce(&text)
        .unwrap()
        .into_iter()
        .map(|r| r.charge_type)
        .collect();
    assert_eq!(types, ["someFutureChargeType", "CANCELIMMEDIATE"]);
}

#[test]
fn required_fields_ids_and_currencies_are_checked() {
    // An empty SubscriptionId (column 2).
    let text = format!("{NCE_HEADER}\nc,,new,2/1/2019,2/1/2019,1,1,1,1,USD\n");
    assert_eq!(
        nce(&text).unwrap_err(),
        Error::EmptyField {
            line: 2,
            column: 2,
            name: "SubscriptionId"
        }
    );
    // A tab inside a quoted CustomerId.
    let text = format!("{NCE_HEADER}\n\"c\t1\",s,new,2/1/2019,2/1/2019,1,1,1,1,USD\n");
    assert!(matches!(
        nce(&text).unwrap_err(),
        Error::InvalidValue {
            line: 2,
            column: 1,
            name: "CustomerId",
            ..
        }
    ));
    let text = format!("{NCE_HEADER}\nc,s,new,2/1/2019,2/1/2019,1,1,1,1,DOLLARS\n");
    assert!(matches!(
        nce(&text).unwrap_err(),
        Error::InvalidValue {
            line: 2,
            column: 10,
            name: "Currency",
            ..
        }
    ));
}

#[test]
fn legacy_rows_read_their_columns() {
    let text = "Customer_Id,syndicationPartnerSubscriptionNumber,OfferId,DurableOfferId,\
                ChargeStartDate,ChargeEndDate,ChargeType,UnitPrice,Quantity,Amount,\
                TotalOtherDiscount,Subtotal,Tax,TotalForCustomer,Currency,BillingCycleType\r\n\
                c1,spsn-1,o1,DO1,2/1/2016 12:00:00 AM,2/28/2019 23:59,Cycle fee,20.00,5,100.00,\
                0.00,100.00,8.75,108.75,USD,Monthly\r\n";
    let rows = legacy(text).unwrap();
    let r = &rows[0];
    assert_eq!(r.customer_id, "c1");
    assert_eq!(r.syndication_partner_subscription_number, "spsn-1");
    assert_eq!(
        (r.offer_id.as_str(), r.durable_offer_id.as_str()),
        ("o1", "DO1")
    );
    assert_eq!(
        (r.charge_start, r.charge_end),
        (d(2016, 2, 1), d(2019, 2, 28))
    );
    assert_eq!(r.charge_type, "Cycle fee");
    assert_eq!((r.unit_price, r.quantity), (dec("20.00"), Decimal::from(5)));
    assert_eq!(r.amount.to_string(), "100.00");
    assert_eq!(r.total_other_discount, Some(dec("0.00")));
    assert_eq!(
        (r.subtotal, r.tax),
        (Some(dec("100.00")), Some(dec("8.75")))
    );
    assert_eq!(r.total_for_customer, Some(dec("108.75")));
    assert_eq!(r.currency, Currency::USD);
    assert_eq!(r.billing_cycle_type, "Monthly");
    assert_eq!(
        (r.subscription_id.as_str(), r.subscription_start),
        ("", None)
    );
    // A bad Amount (column 10 of line 2).
    let bad = text.replace("5,100.00,0.00", "5,1e2,0.00");
    assert!(matches!(
        legacy(&bad).unwrap_err(),
        Error::InvalidDecimal {
            line: 2,
            column: 10,
            name: "Amount",
            ..
        }
    ));
}

#[test]
fn the_sample_nce_file_reads_as_written() {
    let text = include_str!("../../../testdata/recon/nce-invoice-2021-12-USD.csv");
    assert_eq!(ReconKind::detect(text), Ok(ReconKind::Nce));
    let ReconRows::Nce(rows) = read_recon(text, None).unwrap() else {
        panic!("an NCE file")
    };
    assert_eq!(rows.len(), 4);
    let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 3, 4, 5]);

    let new = &rows[0];
    assert_eq!(new.customer_name, "Contoso, Ltd.");
    assert_eq!(new.subscription_id, "a1b2c3d4-0001-4000-8000-00000000aaaa");
    assert_eq!(
        (new.product_id.as_str(), new.sku_id.as_str()),
        ("CFQ7TTC0LH18", "0001")
    );
    assert_eq!(new.availability_id, "CFQ7TTC0K5DM");
    assert_eq!(new.order_date, Some(d(2021, 11, 3)));
    assert_eq!(new.charge_type, "new");
    // 10 seats × 6.00 = 60.00; tax 5.25; total 65.25.
    assert_eq!(
        (new.quantity, new.subtotal),
        (Decimal::from(10), dec("60.00"))
    );
    assert_eq!(
        (new.tax_total, new.total),
        (Some(dec("5.25")), Some(dec("65.25")))
    );
    assert_eq!(
        (new.charge_start, new.charge_end),
        (d(2021, 11, 3), d(2021, 12, 2))
    );
    assert_eq!(
        (new.subscription_start, new.subscription_end),
        (Some(d(2021, 11, 3)), Some(d(2022, 11, 2)))
    );
    assert_eq!(new.term_and_billing_cycle, "1 Year - 1 Month");
    assert_eq!(new.billing_frequency, "Monthly");
    assert_eq!(new.price_adjustment_description, "[\"Promotion\"]");
    assert_eq!(new.product_qualifiers, "[]");
    assert_eq!(new.exchange_rate, Decimal::ONE);
    assert_eq!(new.exchange_rate_date, Some(d(2021, 11, 1)));

    let cycle = &rows[1];
    assert_eq!(cycle.charge_type, "cycleCharge");
    assert_eq!(cycle.order_date, Some(d(2021, 11, 3))); // ISO form with 7 fraction digits
    assert_eq!(cycle.charge_end, d(2022, 1, 2)); // `1/2/2022 23:59`

    let cancel = &rows[2];
    assert_eq!(cancel.charge_type, "cancelImmediate");
    // Empty BillableQuantity: Quantity -2; -2 × 4.00 = -8.00.
    assert_eq!(
        (cancel.quantity, cancel.subtotal),
        (Decimal::from(-2), dec("-8.00"))
    );
    // Empty rate and pricing currency: 1.
    assert_eq!(
        (cancel.pricing_currency, cancel.exchange_rate),
        (None, Decimal::ONE)
    );
    assert_eq!(cancel.product_qualifiers, "[\"Add-on\",\"Trial\"]");

    let eur = &rows[3];
    assert_eq!(eur.customer_name, "Fabrikam GmbH");
    assert_eq!(eur.reseller_mpn_id, "7654321");
    assert_eq!(eur.pricing_currency, Some(Currency::EUR));
    // 10.00 EUR × 2 × 1.0834 = 21.668 → 21.67 USD.
    assert_eq!(eur.exchange_rate, dec("1.0834"));
    assert_eq!(
        (eur.effective_unit_price * eur.quantity * eur.exchange_rate).round_dp(2),
        eur.subtotal
    );
    assert_eq!(eur.promotion_id, "39NFJQT1Q5KQ:0003");
    assert!(rows.iter().all(|r| r.currency == Currency::USD));
}

#[test]
fn the_sample_legacy_file_reads_as_written() {
    let text = include_str!("../../../testdata/recon/legacy-license-2016-02-USD.csv");
    assert_eq!(ReconKind::detect(text), Ok(ReconKind::Legacy));
    let rows = legacy_recon_reader(text).unwrap().read_all().unwrap();
    assert_eq!(rows.len(), 3);
    let keys: Vec<&str> = rows
        .iter()
        .map(|r| r.syndication_partner_subscription_number.as_str())
        .collect();
    assert_eq!(
        keys,
        ["sub-contoso-e3", "sub-contoso-e3", "sub-contoso-crm"]
    );
    // Cycle fee: 5 × 20.00 = 100.00, tax 8.75 %, total 108.75.
    assert_eq!(
        (rows[0].amount, rows[0].total_for_customer),
        (dec("100.00"), Some(dec("108.75")))
    );
    assert_eq!(
        (rows[0].charge_start, rows[0].charge_end),
        (d(2016, 2, 1), d(2016, 2, 29))
    );
    // Purchase proration: 2 × 20.00 × 19/29 days = 26.2068… → 26.21.
    assert_eq!(rows[1].amount, dec("26.21"));
    assert_eq!(rows[1].charge_end, d(2016, 2, 29)); // `2/29/2016 23:59`
                                                    // Cancellation credit: 65.00 × 10/29 days = 22.4137… → -22.41.
    assert_eq!(
        (rows[2].quantity, rows[2].amount),
        (Decimal::from(-1), dec("-22.41"))
    );
    assert_eq!(rows[2].reseller_mpn_id, "7654321");
    assert_eq!(
        rows[2].durable_offer_id,
        "a0e4bc5b-0b8c-4b1e-9b67-3a10d2c3a1f0"
    );
    let sum: Decimal = rows.iter().map(|r| r.amount).sum();
    // 100.00 + 26.21 − 22.41 = 103.80.
    assert_eq!(sum, dec("103.80"));
}

proptest::proptest! {
    /// No text makes a reader panic (SPEC-NCE §15.4.2): every row is a row or a refusal,
    /// and a refusal with a line names one of the text's lines.
    #[test]
    fn any_text_is_read_or_refused_without_panic(
        body in "[a-zA-Z0-9,.\"\\-+/: \r\n\u{feff}é]{0,300}",
        legacy_kind in proptest::bool::ANY,
    ) {
        let header = if legacy_kind {
            "CustomerId,SyndicationPartnerSubscriptionNumber,ChargeStartDate,ChargeEndDate,\
             ChargeType,UnitPrice,Quantity,Amount,Currency"
        } else {
            NCE_HEADER
        };
        let text = format!("{header}\n{body}");
        let lines = text.split('\n').count() as u64;
        let _ = ReconKind::detect(&body);
        let result = read_recon(&text, None);
        if let Err(e) = result {
            if let Some((_, line)) = e.fields().into_iter().find(|(name, _)| *name == "line") {
                let line: u64 = line.to_string().parse().unwrap();
                proptest::prop_assert!((1..=lines).contains(&line), "{e}");
            }
        }
    }
}
