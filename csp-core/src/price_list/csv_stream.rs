//! Lines of a CSV stream (an `io::Read` too large to hold as text: a recon file of a
//! million lines read from disk): the positions of its line breaks are logged as the CSV
//! reader pulls bytes, and dropped once the records before them are read, so memory stays
//! bounded by the reader's buffer and one record.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::Read;
use std::rc::Rc;

/// The line breaks read but not yet passed: `(byte position, is '\n')`, in order.
#[derive(Debug, Default)]
pub(crate) struct NewlineLog {
    marks: VecDeque<(u64, bool)>,
    /// `'\n'`s before the marks still held.
    passed: u64,
}

impl NewlineLog {
    /// The 1-based line of the record at `byte` (its first byte that is not a line break),
    /// as `Lines::line_of` tells it for a text: `'\n'`s before that byte, plus 1. Records
    /// are asked for in order, so the marks before `byte` are dropped.
    pub(crate) fn line_of(&mut self, byte: u64) -> u64 {
        let mut at = byte;
        while let Some(&(p, lf)) = self.marks.front() {
            if p <= at {
                self.marks.pop_front();
                self.passed += u64::from(lf);
                if p == at {
                    at += 1;
                }
            } else {
                break;
            }
        }
        self.passed + 1
    }
}

/// A reader that logs where its line breaks are.
pub(crate) struct Marked<R> {
    inner: R,
    at: u64,
    log: SharedLog,
}

impl<R: Read> Read for Marked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut log = self.log.borrow_mut();
        for (i, b) in buf.iter().take(n).enumerate() {
            if *b == b'\n' || *b == b'\r' {
                log.marks.push_back((self.at + i as u64, *b == b'\n'));
            }
        }
        self.at += n as u64;
        Ok(n)
    }
}

/// The log of a stream's line breaks, shared by the reader that writes it and the records
/// that read it.
pub(crate) type SharedLog = Rc<RefCell<NewlineLog>>;

/// `reader` without a leading UTF-8 BOM, logging its line breaks into the returned log.
///
/// # Errors
/// The reader's while looking for the BOM.
pub(crate) fn marked<'r>(
    mut reader: impl Read + 'r,
) -> std::io::Result<(Box<dyn Read + 'r>, SharedLog)> {
    let mut head = Vec::with_capacity(3);
    (&mut reader).take(3).read_to_end(&mut head)?;
    if head == [0xEF, 0xBB, 0xBF] {
        head.clear();
    }
    let log = Rc::new(RefCell::new(NewlineLog::default()));
    let stream = Marked {
        inner: std::io::Cursor::new(head).chain(reader),
        at: 0,
        log: Rc::clone(&log),
    };
    Ok((Box::new(stream), log))
}
