//! The records of a CSV text read in place: the csv reader's records (`csv_core`'s grammar
//! with a comma, `"` quotes doubled inside quoted fields, and `\r`, `\n` or `\r\n` ending a
//! record, blank lines skipped), with each field borrowed from the text unless it holds an
//! escaped quote. No copy of the record, no second UTF-8 check.
//!
//! The grammar, byte by byte, as `csv_core`'s reader has it:
//! - between records, `\r` and `\n` are skipped;
//! - a field that starts with `"` is quoted: up to the next `"`, which is either doubled (a
//!   quote in the field), or ends the quoting; what follows up to a `,` or a line break is
//!   still the field's (a quote there is a character);
//! - any other field runs up to a `,` or a line break (a quote in it is a character);
//! - the end of the text ends the record being read (a quoted field never closed included).

/// Where a field's text is: in the CSV text, or in the record's own buffer.
#[derive(Debug, Clone, Copy)]
enum Span<'t> {
    Text(&'t str),
    Own(usize, usize),
}

/// One record's fields.
#[derive(Debug, Default)]
pub(super) struct Fields<'t> {
    spans: Vec<Span<'t>>,
    /// The fields with an escaped quote, unescaped.
    own: String,
    /// The byte offset of the record's first byte in the text.
    start: usize,
    /// The line breaks (`\n`) between where the reading started and the record.
    breaks_before: u64,
}

impl<'t> Fields<'t> {
    /// How many fields.
    pub(super) fn len(&self) -> usize {
        self.spans.len()
    }

    /// Field `i`.
    pub(super) fn get(&self, i: usize) -> Option<&str> {
        match *self.spans.get(i)? {
            Span::Text(text) => Some(text),
            Span::Own(a, b) => self.own.get(a..b),
        }
    }

    /// The fields in order.
    #[cfg(test)]
    fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
    }

    /// Where the record starts in the text (a byte offset).
    #[cfg(test)]
    fn start(&self) -> usize {
        self.start
    }

    /// The line breaks (`\n`) between where the reading started and the record's start.
    pub(super) fn breaks_before(&self) -> u64 {
        self.breaks_before
    }
}

/// Reads the records of a text one by one from a byte offset where a record starts (or
/// line breaks before one).
#[derive(Debug)]
pub(super) struct TextRecords<'t> {
    text: &'t str,
    at: usize,
    /// The line breaks (`\n`) read so far.
    breaks: u64,
}

/// How many bytes a scan looks at one by one before it hands the rest to `memchr`: most
/// fields of a price file are shorter, and a call costs more than a few comparisons.
const SHORT: usize = 16;

/// The first byte of `bytes` that `hit` matches, looked for one by one in the first
/// [`SHORT`] bytes, then by `long` (a `memchr` search) in the rest.
fn find(
    bytes: &[u8],
    hit: impl Fn(u8) -> bool,
    long: impl FnOnce(&[u8]) -> Option<usize>,
) -> Option<usize> {
    let head = bytes.get(..SHORT).unwrap_or(bytes);
    match head.iter().position(|&b| hit(b)) {
        Some(i) => Some(i),
        None => long(bytes.get(head.len()..)?).map(|i| head.len() + i),
    }
}

/// The end of an unquoted run from `from`: the first `,`, `\r` or `\n`, or the end.
fn run_end(bytes: &[u8], from: usize) -> usize {
    let rest = bytes.get(from..).unwrap_or_default();
    let end = |b: u8| matches!(b, b',' | b'\r' | b'\n');
    find(rest, end, |tail| memchr::memchr3(b',', b'\r', b'\n', tail))
        .map_or(bytes.len(), |i| from + i)
}

/// The first `"` from `from` (`None`: none up to the end), and the line breaks before it.
fn quote(bytes: &[u8], from: usize) -> (Option<usize>, u64) {
    let mut breaks = 0;
    let mut at = from;
    let stop = |b: u8| b == b'"' || b == b'\n';
    while let Some(i) = bytes
        .get(at..)
        .and_then(|rest| find(rest, stop, |tail| memchr::memchr2(b'"', b'\n', tail)))
    {
        at += i;
        if bytes.get(at) == Some(&b'"') {
            return (Some(at), breaks);
        }
        breaks += 1;
        at += 1;
    }
    (None, breaks)
}

impl<'t> TextRecords<'t> {
    /// `text[a..b]` (`a` and `b` are next to ASCII bytes: boundaries of characters).
    fn piece(&self, a: usize, b: usize) -> &'t str {
        self.text.get(a..b).unwrap_or_default()
    }

    /// The records of `text` from byte `at`.
    pub(super) fn new(text: &'t str, at: usize) -> Self {
        TextRecords {
            text,
            at,
            breaks: 0,
        }
    }

    /// The bytes read so far (the offset after the last record's end).
    pub(super) fn consumed(&self) -> usize {
        self.at
    }

    /// Reads the next record into `fields`; `false` at the end of the text.
    pub(super) fn next_into(&mut self, fields: &mut Fields<'t>) -> bool {
        let bytes = self.text.as_bytes();
        let len = bytes.len();
        let mut p = self.at;
        while let Some(b @ (b'\r' | b'\n')) = bytes.get(p) {
            self.breaks += u64::from(*b == b'\n');
            p += 1;
        }
        if p >= len {
            self.at = len;
            return false;
        }
        fields.spans.clear();
        fields.own.clear();
        fields.start = p;
        fields.breaks_before = self.breaks;
        // At the start of a field, `p`; each arm ends the field, then the record or not.
        loop {
            let end = match bytes.get(p) {
                Some(b'"') => {
                    let (end, breaks) = self.quoted(fields, p + 1);
                    self.breaks += breaks;
                    end
                }
                Some(_) => {
                    let e = run_end(bytes, p);
                    fields.spans.push(Span::Text(self.piece(p, e)));
                    e
                }
                None => {
                    // A `,` just before the end of the text: an empty last field.
                    fields.spans.push(Span::Text(""));
                    p
                }
            };
            match bytes.get(end) {
                Some(b',') => p = end + 1,
                Some(b) => {
                    // A line break ends the record (a `\n` after a `\r` is skipped next).
                    self.breaks += u64::from(*b == b'\n');
                    self.at = end + 1;
                    return true;
                }
                None => {
                    self.at = len;
                    return true;
                }
            }
        }
    }

    /// Reads a quoted field whose text starts at `from` (after the opening quote) into
    /// `fields`; returns where the field ends (a `,`, a line break or the end of the text)
    /// and the line breaks inside it.
    fn quoted(&self, fields: &mut Fields<'t>, from: usize) -> (usize, u64) {
        let bytes = self.text.as_bytes();
        let piece = |a: usize, b: usize| self.piece(a, b);
        let mut own: Option<usize> = None;
        let mut from = from;
        let mut breaks = 0;
        loop {
            let (found, inside) = quote(bytes, from);
            breaks += inside;
            let Some(q) = found else {
                // Never closed: the field runs to the end of the text.
                let e = bytes.len();
                push(fields, own, piece(from, e));
                return (e, breaks);
            };
            match bytes.get(q + 1) {
                Some(b'"') => {
                    // A doubled quote: one quote in the field.
                    own.get_or_insert(fields.own.len());
                    fields.own.push_str(piece(from, q + 1));
                    from = q + 2;
                }
                Some(b',' | b'\r' | b'\n') | None => {
                    push(fields, own, piece(from, q));
                    return (q + 1, breaks);
                }
                Some(_) => {
                    // Text after the closing quote: the field goes on, unquoted.
                    let start = *own.get_or_insert(fields.own.len());
                    fields.own.push_str(piece(from, q));
                    let e = run_end(bytes, q + 1);
                    fields.own.push_str(piece(q + 1, e));
                    fields.spans.push(Span::Own(start, fields.own.len()));
                    return (e, breaks);
                }
            }
        }
    }
}

/// Ends a quoted field with `text`: in place, or after the field's earlier pieces in the
/// record's buffer.
fn push<'t>(fields: &mut Fields<'t>, own: Option<usize>, text: &'t str) {
    match own {
        None => fields.spans.push(Span::Text(text)),
        Some(start) => {
            fields.own.push_str(text);
            fields.spans.push(Span::Own(start, fields.own.len()));
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The records as the csv reader reads them, and as [`TextRecords`] does (whose line
    /// breaks before each record are checked against a count of the text's).
    fn both(text: &str) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let csv: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        let mut records = TextRecords::new(text, 0);
        let mut fields = Fields::default();
        let mut ours = Vec::new();
        while records.next_into(&mut fields) {
            let before = text[..fields.start()].matches('\n').count() as u64;
            assert_eq!(fields.breaks_before(), before, "{text:?}");
            ours.push(fields.iter().map(str::to_string).collect());
        }
        (csv, ours)
    }

    #[test]
    fn reads_the_grammars_corners() {
        // Hand-read: a doubled quote, text after a closing quote, a stray quote, CRLF and
        // blank lines, a trailing comma at the end, a quote never closed.
        let text = "a,\"b,\"\"c\"\"\"\r\n\r\n\"x\"y\"z,12\" screen\n,\n\"open,\nend";
        let (csv, ours) = both(text);
        let expected: Vec<Vec<&str>> = vec![
            vec!["a", "b,\"c\""],
            vec!["xy\"z", "12\" screen"],
            vec!["", ""],
            vec!["open,\nend"],
        ];
        assert_eq!(ours, expected);
        assert_eq!(csv, ours);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        #[test]
        fn reads_the_records_the_csv_reader_reads(text in "[a\u{e9}\",\r\n ]{0,40}") {
            let (csv, ours) = both(&text);
            prop_assert_eq!(csv, ours);
        }
    }
}
