//! Writes to one helper run's stdin: queued events and answers, in the order the hub sent
//! them, batched into writes of up to [`WRITE_BATCH_BYTES`]. A line holds its share of the
//! byte budget until it has been written, so the queue in front of a helper that does not
//! read stays within its budget while this task waits in `write`.
//!
//! This task is the only thing that ever waits on the helper's stdin: the supervisor and the
//! stdout reader never do, which is what keeps a helper that does not read its stdin able to
//! send commands. Must not read anything from the helper.

use tokio::io::AsyncWriteExt;
use tokio::process::ChildStdin;
use tokio::sync::{mpsc, oneshot};

use super::channel::{QueuedAnswer, QueuedEvent};

/// Bytes gathered into one `write` call at most (a line longer than this is written alone).
pub const WRITE_BATCH_BYTES: usize = 64 * 1024;

/// One thing to write.
#[derive(Debug)]
pub enum Outgoing {
    Event(QueuedEvent),
    Answer(QueuedAnswer),
    /// The shutdown notice: `written` fires once it is in the pipe.
    Notice {
        text: String,
        written: oneshot::Sender<()>,
    },
}

impl Outgoing {
    fn text(&self) -> &str {
        match self {
            Outgoing::Event(event) => &event.text,
            Outgoing::Answer(answer) => &answer.text,
            Outgoing::Notice { text, .. } => text,
        }
    }
}

/// Writes everything `queue` delivers to `stdin` until the queue closes or a write fails
/// (the helper closed its stdin or exited). What is left in the queue is then dropped,
/// giving its bytes back to the budgets.
pub async fn write_stdin(mut stdin: ChildStdin, mut queue: mpsc::UnboundedReceiver<Outgoing>) {
    let mut buffer: Vec<u8> = Vec::with_capacity(WRITE_BATCH_BYTES);
    let mut batch: Vec<Outgoing> = Vec::new();
    while let Some(first) = queue.recv().await {
        buffer.clear();
        buffer.extend_from_slice(first.text().as_bytes());
        batch.push(first);
        while buffer.len() < WRITE_BATCH_BYTES {
            match queue.try_recv() {
                Ok(next) => {
                    buffer.extend_from_slice(next.text().as_bytes());
                    batch.push(next);
                }
                Err(_) => break,
            }
        }
        if stdin.write_all(&buffer).await.is_err() || stdin.flush().await.is_err() {
            return;
        }
        for item in batch.drain(..) {
            if let Outgoing::Notice { written, .. } = item {
                let _ = written.send(());
            }
        }
        if buffer.capacity() > 4 * WRITE_BATCH_BYTES {
            // One long answer grew the buffer; do not keep that much for every helper.
            buffer = Vec::with_capacity(WRITE_BATCH_BYTES);
        }
    }
}
