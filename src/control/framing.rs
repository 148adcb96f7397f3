//! The byte format of the control FIFOs, pure: request tags, answer framing and a bounded line
//! splitter. Must not do I/O.
//!
//! A request is one line on `<base>.in`: a command (`show neighbor summary`), as ExaBGP's CLI
//! and `socat` users write it, or a tagged command `@<tag> <command>`, as `ferrobgp ctl`
//! writes it (`<tag>`: 1–64 of `A-Z a-z 0-9 - _ .`; no ExaBGP command starts with `@`).
//!
//! An answer on `<base>.out` is, as in ExaBGP (reference §5.1): the command's output lines,
//! then one terminator line, `done` or `error`. A tagged request's answer starts with an
//! empty line and the line `@<tag>`, so that a client skips the rest of an answer meant for
//! someone else (a client that gave up waiting, a `socat` user), and its output is never
//! confused with another's. The empty line ends a line left incomplete in the pipe by an
//! answer cut short, which would otherwise swallow the tag. An output line that would read as a terminator (`done`, `error`, `shutdown`,
//! alone on its line) is sent with one leading space, and an output line holding newlines is
//! sent as several lines, so that the terminator is always the real end.

use crate::api::command::{AckOutcome, DONE, ERROR};
use std::collections::VecDeque;

/// The first byte of a tagged request and of its answer's first line.
pub const TAG_MARK: char = '@';
/// The longest tag, in bytes.
pub const MAX_TAG_LENGTH: usize = 64;
/// The terminator ExaBGP's CLI also stops at; never written here, but escaped like the others.
const SHUTDOWN: &str = "shutdown";

/// Whether `tag` may tag a request.
pub fn is_valid_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.len() <= MAX_TAG_LENGTH
        && tag
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.'))
}

/// A request line split into its tag (if it has a valid one) and its command text.
/// A line starting with `@` without a valid tag is returned whole (and will not parse).
pub fn split_tag(line: &str) -> (Option<&str>, &str) {
    let Some(rest) = line.strip_prefix(TAG_MARK) else {
        return (None, line);
    };
    let (tag, command) = match rest.find(|character: char| character.is_ascii_whitespace()) {
        Some(end) => (
            rest.get(..end).unwrap_or(rest),
            rest.get(end..).unwrap_or(""),
        ),
        None => (rest, ""),
    };
    if is_valid_tag(tag) {
        (Some(tag), command.trim_start())
    } else {
        (None, line)
    }
}

/// The line a client writes for `command` under `tag`, without its newline.
pub fn tagged_request(tag: &str, command: &str) -> String {
    format!("{TAG_MARK}{tag} {command}")
}

/// The line that starts the answer to a tagged request, without its newline (the server
/// writes an empty line before it: see [`answer_start`]).
pub fn begin_line(tag: &str) -> String {
    format!("{TAG_MARK}{tag}")
}

/// The bytes that start the answer to a tagged request: an empty line, then `@<tag>`.
pub fn answer_start(tag: &str) -> String {
    format!("\n{}\n", begin_line(tag))
}

/// The terminator line of an answer.
pub fn terminator(outcome: AckOutcome) -> &'static str {
    match outcome {
        AckOutcome::Done => DONE,
        AckOutcome::Error => ERROR,
    }
}

/// The outcome a terminator line stands for, or `None` for an output line.
pub fn parse_terminator(line: &str) -> Option<AckOutcome> {
    match line {
        DONE => Some(AckOutcome::Done),
        ERROR => Some(AckOutcome::Error),
        _ => None,
    }
}

/// Appends one output line to `buffer`, newline included: split at embedded newlines, and a
/// piece that reads as a terminator gets one leading space.
pub fn push_output_line(buffer: &mut Vec<u8>, line: &str) {
    for piece in line.split('\n') {
        let piece = piece.strip_suffix('\r').unwrap_or(piece);
        if matches!(piece, DONE | ERROR | SHUTDOWN) {
            buffer.push(b' ');
        }
        buffer.extend_from_slice(piece.as_bytes());
        buffer.push(b'\n');
    }
}

/// What the line splitter found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitLine {
    /// A complete line, without its `\n` (nor a `\r` before it).
    Line(Vec<u8>),
    /// A line longer than the limit: its bytes were dropped up to its newline.
    TooLong,
}

/// Cuts a byte stream into lines, holding at most `max_length` bytes of an incomplete line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineSplitter {
    partial: Vec<u8>,
    /// Inside a too-long line: bytes are dropped until the next newline.
    discarding: bool,
    max_length: usize,
    ready: VecDeque<SplitLine>,
}

impl LineSplitter {
    pub fn new(max_length: usize) -> LineSplitter {
        LineSplitter {
            partial: Vec::new(),
            discarding: false,
            max_length,
            ready: VecDeque::new(),
        }
    }

    /// Takes bytes read from the stream; complete lines become available from [`Self::next_line`].
    pub fn push(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let newline = bytes.iter().position(|byte| *byte == b'\n');
            let (piece, rest) = match newline {
                Some(index) => (
                    bytes.get(..index).unwrap_or_default(),
                    bytes.get(index.saturating_add(1)..).unwrap_or_default(),
                ),
                None => (bytes, &[][..]),
            };
            if !self.discarding {
                if self.partial.len().saturating_add(piece.len()) > self.max_length {
                    self.partial.clear();
                    self.discarding = true;
                    self.ready.push_back(SplitLine::TooLong);
                } else {
                    self.partial.extend_from_slice(piece);
                }
            }
            if newline.is_some() {
                if !self.discarding {
                    let mut line = std::mem::take(&mut self.partial);
                    if line.last() == Some(&b'\r') {
                        line.pop();
                    }
                    self.ready.push_back(SplitLine::Line(line));
                }
                self.discarding = false;
            }
            bytes = rest;
        }
    }

    /// The next complete line (or too-long notice), in stream order.
    pub fn next_line(&mut self) -> Option<SplitLine> {
        self.ready.pop_front()
    }

    /// Bytes of an incomplete line held.
    pub fn pending(&self) -> usize {
        self.partial.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tags() {
        assert_eq!(split_tag("version"), (None, "version"));
        assert_eq!(split_tag("@a-1.b_2 version"), (Some("a-1.b_2"), "version"));
        assert_eq!(
            split_tag("@t   show neighbor summary"),
            (Some("t"), "show neighbor summary")
        );
        assert_eq!(split_tag("@t"), (Some("t"), ""));
        assert_eq!(split_tag("@ version"), (None, "@ version"));
        assert_eq!(split_tag("@t/x version"), (None, "@t/x version"));
        let long = format!("@{} version", "a".repeat(65));
        assert_eq!(split_tag(&long), (None, long.as_str()));
        assert_eq!(tagged_request("x1", "version"), "@x1 version");
        assert_eq!(
            split_tag(&tagged_request("x1", "version")),
            (Some("x1"), "version")
        );
        assert_eq!(begin_line("x1"), "@x1");
        assert_eq!(answer_start("x1"), "\n@x1\n");
    }

    #[test]
    fn terminators() {
        assert_eq!(terminator(AckOutcome::Done), "done");
        assert_eq!(terminator(AckOutcome::Error), "error");
        assert_eq!(parse_terminator("done"), Some(AckOutcome::Done));
        assert_eq!(parse_terminator("error"), Some(AckOutcome::Error));
        assert_eq!(parse_terminator(" done"), None);
        assert_eq!(parse_terminator("shutdown"), None);
    }

    #[test]
    fn output_lines_cannot_end_an_answer() {
        let mut buffer = Vec::new();
        push_output_line(&mut buffer, "exabgp 5.0");
        push_output_line(&mut buffer, "done");
        push_output_line(&mut buffer, "a\nerror\r\nb");
        push_output_line(&mut buffer, "shutdown");
        push_output_line(&mut buffer, "");
        assert_eq!(
            String::from_utf8(buffer).unwrap_or_default(),
            "exabgp 5.0\n done\na\n error\nb\n shutdown\n\n"
        );
    }

    #[test]
    fn splitter_lines_and_limits() {
        let mut splitter = LineSplitter::new(5);
        splitter.push(b"ab\r\ncd");
        assert_eq!(splitter.next_line(), Some(SplitLine::Line(b"ab".to_vec())));
        assert_eq!(splitter.next_line(), None);
        assert_eq!(splitter.pending(), 2);
        splitter.push(b"e\n123456");
        assert_eq!(splitter.next_line(), Some(SplitLine::Line(b"cde".to_vec())));
        assert_eq!(splitter.next_line(), Some(SplitLine::TooLong));
        assert_eq!(splitter.pending(), 0);
        splitter.push(b"789");
        assert_eq!(splitter.next_line(), None);
        splitter.push(b"\nok\n\n");
        assert_eq!(splitter.next_line(), Some(SplitLine::Line(b"ok".to_vec())));
        assert_eq!(splitter.next_line(), Some(SplitLine::Line(Vec::new())));
        assert_eq!(splitter.next_line(), None);
        // exactly the limit is accepted
        splitter.push(b"12345\n");
        assert_eq!(
            splitter.next_line(),
            Some(SplitLine::Line(b"12345".to_vec()))
        );
    }

    proptest! {
        #[test]
        fn splitting_does_not_depend_on_chunks(
            bytes in proptest::collection::vec(prop_oneof![Just(b'\n'), Just(b'a'), any::<u8>()], 0..300),
            cut in 0usize..300,
        ) {
            let mut whole = LineSplitter::new(16);
            whole.push(&bytes);
            let mut pieces = LineSplitter::new(16);
            let cut = cut.min(bytes.len());
            pieces.push(&bytes[..cut]);
            pieces.push(&bytes[cut..]);
            let mut first = Vec::new();
            while let Some(line) = whole.next_line() { first.push(line); }
            let mut second = Vec::new();
            while let Some(line) = pieces.next_line() { second.push(line); }
            prop_assert_eq!(first, second);
            prop_assert!(whole.pending() <= 16);
        }

        #[test]
        fn output_lines_round_trip(lines in proptest::collection::vec("[a-z ]{0,8}|done|error", 0..8)) {
            let mut buffer = Vec::new();
            for line in &lines { push_output_line(&mut buffer, line); }
            let mut splitter = LineSplitter::new(64);
            splitter.push(&buffer);
            let mut count = 0;
            while let Some(SplitLine::Line(line)) = splitter.next_line() {
                let text = String::from_utf8(line).unwrap_or_default();
                prop_assert_eq!(parse_terminator(&text), None);
                count += 1;
            }
            prop_assert_eq!(count, lines.len());
        }
    }
}
