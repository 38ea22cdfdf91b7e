//! Reading a recon file from a stream (`reconcile_read`, the `_from` readers) gives what
//! reading its text gives: the same rows, the same errors at the same lines, the same report.

use proptest::prelude::*;

use super::*;
use crate::money::Currency;

/// A reader handing out `chunk` bytes at a time, as a file or pipe may.
struct Trickle<'a> {
    bytes: &'a [u8],
    chunk: usize,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.chunk.min(buf.len()).min(self.bytes.len());
        buf[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}

fn trickle(text: &str, chunk: usize) -> Trickle<'_> {
    Trickle {
        bytes: text.as_bytes(),
        chunk: chunk.max(1),
    }
}

const NCE: &str = "\u{feff}CustomerId,SubscriptionId,ChargeType,ChargeStartDate,ChargeEndDate,\
    UnitPrice,EffectiveUnitPrice,Quantity,Subtotal,Currency,ProductName\r\n\
    \r\n\
    c1,s1,new,2/1/2024,2/29/2024 23:59,12.00,12.00,2,24.00,USD,\"Two\r\nlines\"\r\n\
    \r\n\
    \r\n\
    c1,s2,cycleCharge,2/1/2024,2/29/2024,6.00,6.00,1,6.00,USD,x\r\n\
    c1,s3,new,2/1/2024,2/29/2024,6.00,6.00,1,6.0O,USD,x\r\n";

fn nce_rows(text: &str) -> Vec<std::result::Result<(u64, String), (String, String)>> {
    nce_recon_reader(text)
        .map(|r| {
            r.map(|r| {
                r.map(|row| (row.line, row.subscription_id))
                    .map_err(|e| (e.code().to_string(), e.message()))
            })
            .collect()
        })
        .unwrap_or_else(|e| vec![Err((e.code().to_string(), e.message()))])
}

fn nce_rows_from(
    text: &str,
    chunk: usize,
) -> Vec<std::result::Result<(u64, String), (String, String)>> {
    nce_recon_reader_from(trickle(text, chunk))
        .map(|r| {
            r.map(|r| {
                r.map(|row| (row.line, row.subscription_id))
                    .map_err(|e| (e.code().to_string(), e.message()))
            })
            .collect()
        })
        .unwrap_or_else(|e| vec![Err((e.code().to_string(), e.message()))])
}

#[test]
fn a_stream_reads_the_rows_and_lines_of_its_text() {
    let rows = nce_rows(NCE);
    // The BOM skipped, blank lines skipped, a quoted field over two lines: rows start on
    // lines 3 and 7; the third row's 6.0O is refused on line 8.
    assert_eq!(rows[0], Ok((3, "s1".to_string())));
    assert_eq!(rows[1], Ok((7, "s2".to_string())));
    assert!(
        matches!(&rows[2], Err((code, m)) if code == "invalid_decimal" && m.contains("line 8"))
    );
    for chunk in [1, 2, 3, 7, 64, 1 << 16] {
        assert_eq!(nce_rows_from(NCE, chunk), rows, "chunk {chunk}");
    }
}

#[test]
fn reconcile_read_gives_reconciles_report() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/recon/nce-invoice-2021-12-USD.csv"
    ))
    .unwrap();
    let scope = ReconScope::default();
    let request = ReconRequest {
        kind: None,
        expected: &[],
        currency: Currency::USD,
        period: "2021-12",
        policy: "nce_b",
        scope: &scope,
        options: ReconOptions {
            include_out_of_scope: true,
            ..ReconOptions::default()
        },
    };
    let whole = reconcile(&text, &request).unwrap();
    assert!(whole.coverage.file_rows > 0);
    for chunk in [1, 5, 4096] {
        let streamed = reconcile_read(trickle(&text, chunk), &request).unwrap();
        assert_eq!(streamed.to_json(), whole.to_json(), "chunk {chunk}");
    }
    // A legacy file detected from a stream too.
    let legacy = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/recon/legacy-license-2016-02-USD.csv"
    ))
    .unwrap();
    let streamed = reconcile_read(trickle(&legacy, 3), &request).unwrap();
    assert_eq!(streamed.file_kind, ReconKind::Legacy);
    assert_eq!(
        streamed.to_json(),
        reconcile(&legacy, &request).unwrap().to_json()
    );
    // Neither kind: detection's own refusal.
    let err = reconcile_read(trickle("a,b\n1,2\n", 2), &request).unwrap_err();
    assert_eq!(err.code(), "unknown_recon_format");
}

#[test]
fn a_failing_stream_is_csv_malformed_not_a_panic() {
    struct Broken(usize);
    impl std::io::Read for Broken {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let head = b"CustomerId,SubscriptionId,ChargeType,ChargeStartDate,ChargeEndDate,UnitPrice,EffectiveUnitPrice,Quantity,Subtotal,Currency\n";
            if self.0 < head.len() {
                let n = (head.len() - self.0).min(buf.len());
                buf[..n].copy_from_slice(&head[self.0..self.0 + n]);
                self.0 += n;
                Ok(n)
            } else {
                Err(std::io::Error::other("disk gone"))
            }
        }
    }
    let rows: Vec<_> = nce_recon_reader_from(Broken(0)).unwrap().collect();
    let err = rows.last().unwrap().as_ref().unwrap_err();
    assert_eq!(err.code(), "csv_malformed");
    assert!(
        err.message().contains("could not be read"),
        "{}",
        err.message()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any text, in any chunks: the stream reads what the text reads, lines included.
    #[test]
    fn streams_agree_with_texts(
        rows in prop::collection::vec(
            prop::sample::select(vec![
                "c1,s1,new,2/1/2024,2/29/2024,1.00,1.00,1,1.00,USD\n",
                "c1,s1,new,2/1/2024,2/29/2024,1.00,1.00,1,1.00,USD\r\n",
                "\n",
                "\r\n",
                "\r",
                "c2,\"s,2\",new,2/1/2024,2/29/2024,1,1,1,1,USD\n",
                "c2,\"s\n2\",new,2/1/2024,2/29/2024,1,1,1,1,USD\n",
                "c1,s1,new,2/1/2024,2/29/2024,x,1.00,1,1.00,USD\n",
                "c1,s1,new\n",
                "c1,s1,new,2/1/2024,2/29/2024,1.00,1.00,1,1.00,EUR\n",
            ]),
            0..12,
        ),
        bom in any::<bool>(),
        chunk in 1usize..40,
    ) {
        let mut text = String::from(if bom { "\u{feff}" } else { "" });
        text.push_str("CustomerId,SubscriptionId,ChargeType,ChargeStartDate,ChargeEndDate,UnitPrice,EffectiveUnitPrice,Quantity,Subtotal,Currency\n");
        for r in rows {
            text.push_str(r);
        }
        prop_assert_eq!(nce_rows_from(&text, chunk), nce_rows(&text));
    }
}
