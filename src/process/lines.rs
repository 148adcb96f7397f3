//! Splits a helper's output (stdout or stderr) into lines without ever holding more than
//! `limit` bytes of one line: a longer line is reported once as [`LineItem::TooLong`] with its
//! first `limit` bytes, and the rest of it, up to the next newline, is skipped while it is
//! read. Memory per reader: the read buffer plus at most `limit` bytes.
//!
//! Must not interpret the lines (that is `api::command`) nor send them anywhere.
//! [`LineReader::next`] is cancel safe: every byte taken from the read buffer is in `self`
//! before the next await, so a `select!` that drops the future loses nothing.

use std::io;
use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};

/// The read buffer of a line reader (the pipe's own buffer is 64 KiB on Linux).
pub const READ_BUFFER_BYTES: usize = 64 * 1024;

/// One line, without its newline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineItem {
    Complete(Vec<u8>),
    /// The line is longer than the limit: its first `limit` bytes. The rest is skipped.
    TooLong(Vec<u8>),
}

/// A bounded line splitter over an async byte stream.
#[derive(Debug)]
pub struct LineReader<R> {
    reader: BufReader<R>,
    line: Vec<u8>,
    limit: usize,
    /// Inside a line already reported as too long: skip up to its newline.
    skipping: bool,
    /// The most bytes `line` ever held (for the tests and statistics).
    high_water: usize,
}

impl<R: AsyncRead + Unpin> LineReader<R> {
    pub fn new(reader: R, limit: usize) -> LineReader<R> {
        LineReader {
            reader: BufReader::with_capacity(READ_BUFFER_BYTES, reader),
            line: Vec::new(),
            limit,
            skipping: false,
            high_water: 0,
        }
    }

    /// The most bytes of one partial line ever held.
    pub fn high_water(&self) -> usize {
        self.high_water
    }

    /// The next line; `None` at the end of the stream. A partial last line (no newline
    /// before the end) is dropped, as ExaBGP drops it: only `\n`-terminated lines count.
    pub async fn next(&mut self) -> io::Result<Option<LineItem>> {
        loop {
            let available = self.reader.fill_buf().await?;
            if available.is_empty() {
                self.line.clear();
                self.skipping = false;
                return Ok(None);
            }
            let newline = available.iter().position(|byte| *byte == b'\n');
            let (content_length, consumed) = match newline {
                Some(position) => (position, position.saturating_add(1)),
                None => (available.len(), available.len()),
            };
            let content = available.get(..content_length).unwrap_or_default();
            let mut outcome = None;
            if self.skipping {
                if newline.is_some() {
                    self.skipping = false;
                }
            } else {
                let room = self.limit.saturating_sub(self.line.len());
                if content.len() > room {
                    self.line
                        .extend_from_slice(content.get(..room).unwrap_or_default());
                    self.high_water = self.high_water.max(self.line.len());
                    outcome = Some(LineItem::TooLong(std::mem::take(&mut self.line)));
                    self.skipping = newline.is_none();
                } else if newline.is_some() {
                    if self.line.is_empty() {
                        outcome = Some(LineItem::Complete(content.to_vec()));
                    } else {
                        self.line.extend_from_slice(content);
                        self.high_water = self.high_water.max(self.line.len());
                        outcome = Some(LineItem::Complete(std::mem::take(&mut self.line)));
                    }
                } else {
                    self.line.extend_from_slice(content);
                    self.high_water = self.high_water.max(self.line.len());
                }
            }
            self.reader.consume(consumed);
            if let Some(item) = outcome {
                return Ok(Some(item));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn all(bytes: &[u8], limit: usize) -> Vec<LineItem> {
        let mut reader = LineReader::new(bytes, limit);
        let mut items = Vec::new();
        while let Some(item) = reader.next().await.expect("in-memory reads do not fail") {
            items.push(item);
        }
        assert!(reader.high_water() <= limit);
        items
    }

    fn complete(text: &str) -> LineItem {
        LineItem::Complete(text.as_bytes().to_vec())
    }

    #[tokio::test]
    async fn splits_lines_and_drops_a_partial_last_line() {
        assert_eq!(
            all(b"one\ntwo\r\n\nthree", 10).await,
            vec![complete("one"), complete("two\r"), complete("")]
        );
        assert_eq!(all(b"", 10).await, vec![]);
    }

    #[tokio::test]
    async fn a_line_at_the_limit_is_kept() {
        assert_eq!(
            all(b"12345\nab\n", 5).await,
            vec![complete("12345"), complete("ab")]
        );
    }

    #[tokio::test]
    async fn a_longer_line_is_reported_once_and_skipped() {
        assert_eq!(
            all(b"123456789\nab\n", 5).await,
            vec![LineItem::TooLong(b"12345".to_vec()), complete("ab")]
        );
        // The overflow reaches exactly the newline.
        assert_eq!(
            all(b"123456\nab\n", 5).await,
            vec![LineItem::TooLong(b"12345".to_vec()), complete("ab")]
        );
    }

    #[tokio::test]
    async fn long_lines_spanning_many_reads_stay_bounded() {
        let mut bytes = vec![b'x'; READ_BUFFER_BYTES * 5 + 17];
        bytes.push(b'\n');
        bytes.extend_from_slice(b"next\n");
        let limit = READ_BUFFER_BYTES * 2 + 3;
        let items = all(&bytes, limit).await;
        assert_eq!(items.len(), 2);
        assert_eq!(items.first(), Some(&LineItem::TooLong(vec![b'x'; limit])));
        assert_eq!(items.get(1), Some(&complete("next")));
    }

    #[tokio::test]
    async fn lines_spanning_reads_are_joined() {
        let mut bytes = vec![b'y'; READ_BUFFER_BYTES + 10];
        bytes.push(b'\n');
        let items = all(&bytes, READ_BUFFER_BYTES * 2).await;
        assert_eq!(
            items,
            vec![LineItem::Complete(vec![b'y'; READ_BUFFER_BYTES + 10])]
        );
    }
}
