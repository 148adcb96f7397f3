//! The two reading tasks of one helper run: stdout (commands, parsed with
//! `api::command::parse_command`) and stderr (lines for the log), both handing their lines
//! to the hub through its bounded event channel.
//!
//! The stdout task waits on the hub when the hub's channel is full and reads nothing
//! meanwhile: the pipe fills and the helper blocks in `write`. That is the backpressure on a
//! flooding helper; nothing is lost and memory stays bounded (one read buffer, one partial
//! line of at most the line limit, one event in hand). Must not write to the helper.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::io::AsyncRead;
use tokio::sync::{mpsc, watch};

use super::channel::{HelperEvent, ProcEvent};
use super::handle::Shared;
use super::lines::{LineItem, LineReader};
use super::policy::STDERR_LINE_LIMIT;
use crate::api::command::{CommandError, parse_command};

/// After the helper exited, reading goes on while lines keep coming (a child of the helper
/// may still hold the pipe), and stops after this long without any.
pub const EXIT_DRAIN_IDLE: Duration = Duration::from_secs(1);
/// How much of an over-long line the error event quotes.
const QUOTED_PREFIX_BYTES: usize = 200;

/// What a stdout reader needs to know.
#[derive(Debug, Clone)]
pub struct StdoutContext {
    pub helper: Arc<str>,
    pub incarnation: u64,
    pub pid: u32,
    pub limit: usize,
    pub events: mpsc::Sender<HelperEvent>,
    pub shared: Arc<Shared>,
}

/// Reads commands until the end of the stream (or, once `exited` turns true, until the
/// stream stays quiet for [`EXIT_DRAIN_IDLE`]). Sends `Started` first, so that it comes before
/// every command of this run.
pub async fn read_stdout<R: AsyncRead + Unpin>(
    stdout: R,
    context: StdoutContext,
    mut exited: watch::Receiver<bool>,
) {
    let send = |event: ProcEvent| {
        context.events.send(HelperEvent {
            helper: context.helper.clone(),
            event,
        })
    };
    let started = ProcEvent::Started {
        incarnation: context.incarnation,
        pid: context.pid,
    };
    if send(started).await.is_err() {
        return;
    }
    let mut reader = LineReader::new(stdout, context.limit);
    let mut helper_exited = *exited.borrow();
    loop {
        let item = if helper_exited {
            match tokio::time::timeout(EXIT_DRAIN_IDLE, reader.next()).await {
                Ok(item) => item,
                Err(_) => break,
            }
        } else {
            tokio::select! {
                item = reader.next() => item,
                changed = exited.changed() => {
                    helper_exited = changed.is_err() || *exited.borrow();
                    continue;
                }
            }
        };
        let event = match item {
            Ok(Some(item)) => classify(item, context.incarnation, context.limit),
            Ok(None) | Err(_) => break,
        };
        let shared = &context.shared;
        shared.lines_read.fetch_add(1, Ordering::Relaxed);
        if matches!(event, ProcEvent::Unparsable { .. }) {
            shared.unparsable_lines.fetch_add(1, Ordering::Relaxed);
        }
        shared
            .line_high_water
            .fetch_max(reader.high_water(), Ordering::Relaxed);
        if send(event).await.is_err() {
            break;
        }
    }
}

/// Turns one stdout line into the event the hub gets.
pub fn classify(item: LineItem, incarnation: u64, limit: usize) -> ProcEvent {
    match item {
        LineItem::Complete(bytes) => match String::from_utf8(bytes) {
            Ok(line) => match parse_command(&line) {
                Ok(command) => ProcEvent::Command {
                    incarnation,
                    line,
                    command: Box::new(command),
                },
                Err(error) => ProcEvent::Unparsable {
                    incarnation,
                    line,
                    error,
                },
            },
            Err(error) => {
                let position = error.utf8_error().valid_up_to();
                ProcEvent::Unparsable {
                    incarnation,
                    line: String::from_utf8_lossy(error.as_bytes()).into_owned(),
                    error: CommandError::new(
                        position,
                        position.saturating_add(1),
                        "the line is not UTF-8 text",
                        Some("commands are ASCII text".to_string()),
                    ),
                }
            }
        },
        LineItem::TooLong(prefix) => {
            let quoted = prefix.get(..QUOTED_PREFIX_BYTES).unwrap_or(&prefix);
            let mut line = String::from_utf8_lossy(quoted).into_owned();
            line.push('…');
            ProcEvent::Unparsable {
                incarnation,
                line,
                error: CommandError::new(
                    0,
                    limit,
                    format!(
                        "the line is longer than the limit of {limit} bytes; the rest of it was \
                         discarded"
                    ),
                    Some("split the routes over several lines".to_string()),
                ),
            }
        }
    }
}

/// Hands every stderr line to the hub, for the log, until the end of the stream.
pub async fn read_stderr<R: AsyncRead + Unpin>(
    stderr: R,
    helper: Arc<str>,
    events: mpsc::Sender<HelperEvent>,
) {
    let mut reader = LineReader::new(stderr, STDERR_LINE_LIMIT);
    while let Ok(Some(item)) = reader.next().await {
        let bytes = match item {
            LineItem::Complete(bytes) | LineItem::TooLong(bytes) => bytes,
        };
        let text = String::from_utf8_lossy(&bytes);
        let line = text.strip_suffix('\r').unwrap_or(&text).to_string();
        let event = HelperEvent {
            helper: helper.clone(),
            event: ProcEvent::Stderr { line },
        };
        if events.send(event).await.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::command::Command;

    #[test]
    fn lines_become_commands_or_errors() {
        let event = classify(LineItem::Complete(b"# hello".to_vec()), 3, 100);
        assert_eq!(
            event,
            ProcEvent::Command {
                incarnation: 3,
                line: "# hello".to_string(),
                command: Box::new(Command::Comment("hello".to_string())),
            }
        );
        let ProcEvent::Unparsable { line, .. } =
            classify(LineItem::Complete(b"anounce route".to_vec()), 1, 100)
        else {
            panic!("a misspelt command is an error");
        };
        assert_eq!(line, "anounce route");
    }

    #[test]
    fn bad_bytes_and_long_lines_are_errors() {
        let ProcEvent::Unparsable { error, .. } =
            classify(LineItem::Complete(b"ab\xffcd".to_vec()), 1, 100)
        else {
            panic!("non-UTF-8 is an error");
        };
        assert_eq!((error.start, error.end), (2, 3));
        let ProcEvent::Unparsable { line, error, .. } =
            classify(LineItem::TooLong(vec![b'a'; 500]), 1, 500)
        else {
            panic!("a long line is an error");
        };
        assert_eq!(line.len(), QUOTED_PREFIX_BYTES + '…'.len_utf8());
        assert!(error.message.contains("limit of 500 bytes"));
    }
}
