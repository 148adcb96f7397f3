//! The daemon's end of the control FIFOs: reads command lines from `<base>.in`, hands each to
//! the hub as a [`ControlRequest`], and writes the hub's answer to `<base>.out`, framed (see
//! `framing`). One request at a time, in arrival order: the next line is read only when the
//! previous answer is finished, so the FIFO itself (64 KiB in the kernel) holds the backlog.
//!
//! Never blocks the daemon: `<base>.out` is opened without blocking when the first bytes of an
//! answer are ready; with nobody reading it, the answer is dropped (the command still runs).
//! A reader that takes no bytes for `write_timeout`, or goes away, loses the rest of its
//! answer. A hub that neither takes a request nor produces a line for `hub_timeout` gets the
//! answer ended with `error`. Each drop is reported through the notice sink.
//!
//! Must not execute commands or know what they mean: that is the hub's job.

use super::fifo::{self, ModeFixed, SetupError, SetupProblem};
use super::framing::{self, LineSplitter, SplitLine};
use super::paths::ControlPaths;
use super::reply::{ControlRequest, Reply, ReplyReceiver};
use crate::api::command::{AckOutcome, CommandError, MAX_LINE_LENGTH, parse_command};
use std::fmt;
use std::fs::OpenOptions;
use std::io::ErrorKind;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::unix::pipe;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::timeout;

/// Bytes read from `<base>.in` at a time.
const READ_CHUNK: usize = 64 * 1024;
/// Answer bytes gathered before they are written to `<base>.out`.
const WRITE_CHUNK: usize = 32 * 1024;
/// At most this many bytes of a command are quoted in a notice.
const QUOTED_COMMAND: usize = 200;

/// Limits of the control server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerOptions {
    /// Output lines the hub may queue ahead of the writer, per answer.
    pub reply_capacity: usize,
    /// How long the hub may take to accept a request, or between two lines of an answer.
    pub hub_timeout: Duration,
    /// How long a reader of `<base>.out` may leave a full pipe unread.
    pub write_timeout: Duration,
}

impl Default for ServerOptions {
    fn default() -> ServerOptions {
        ServerOptions {
            reply_capacity: 1024,
            hub_timeout: Duration::from_secs(60),
            write_timeout: Duration::from_secs(5),
        }
    }
}

/// Why an answer (or its rest) was not delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DropReason {
    /// Nobody had `<base>.out` open.
    NoReader,
    /// The reader closed `<base>.out` before the end of the answer.
    ReaderLeft,
    /// The reader took no bytes for the write timeout.
    ReaderTooSlow(Duration),
    /// The hub took longer than the hub timeout (the answer ended with `error`).
    HubTooSlow(Duration),
    /// Another error writing `<base>.out`.
    WriteFailed(String),
}

/// Something the daemon should log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ControlNotice {
    /// A control file had another mode than 0600; it has been fixed.
    ModeFixed(ModeFixed),
    /// An answer, or its rest, was dropped.
    AnswerDropped { command: String, reason: DropReason },
    /// A line longer than the limit was discarded (and answered `error`).
    LineTooLong { limit: usize },
    /// The hub dropped its receiver: the server has stopped.
    HubStopped,
    /// Reading `<base>.in` failed: the server has stopped.
    ReadFailed(String),
}

impl fmt::Display for ControlNotice {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ControlNotice::ModeFixed(fixed) => write!(
                formatter,
                "control FIFO: {} had mode {:04o}, set to 0600",
                fixed.path.display(),
                fixed.previous_mode
            ),
            ControlNotice::AnswerDropped { command, reason } => {
                write!(formatter, "control FIFO: answer to `{command}` ")?;
                match reason {
                    DropReason::NoReader => write!(formatter, "dropped: nobody reads it"),
                    DropReason::ReaderLeft => write!(formatter, "cut: its reader went away"),
                    DropReason::ReaderTooSlow(limit) => write!(
                        formatter,
                        "cut: its reader read nothing for {} ms",
                        limit.as_millis()
                    ),
                    DropReason::HubTooSlow(limit) => write!(
                        formatter,
                        "ended with error: no progress for {} ms",
                        limit.as_millis()
                    ),
                    DropReason::WriteFailed(error) => write!(formatter, "cut: {error}"),
                }
            }
            ControlNotice::LineTooLong { limit } => write!(
                formatter,
                "control FIFO: a command longer than {limit} bytes was discarded"
            ),
            ControlNotice::HubStopped => write!(formatter, "control FIFO: stopped with the daemon"),
            ControlNotice::ReadFailed(error) => {
                write!(formatter, "control FIFO: reading failed, stopped: {error}")
            }
        }
    }
}

/// Where notices go (the daemon's log); called from the server task, must not block.
pub type NoticeSink = Arc<dyn Fn(ControlNotice) + Send + Sync>;

/// The running server; dropping it stops it (the FIFOs stay, for the next start).
#[derive(Debug)]
pub struct ControlServer {
    paths: ControlPaths,
    /// `None` once [`ControlServer::finish`] took it.
    task: Option<JoinHandle<()>>,
    /// Set by [`ControlServer::finish`]: stop once the answer being written is finished.
    stop: watch::Sender<bool>,
}

impl ControlServer {
    /// Creates or checks the control files (see `fifo`) and starts serving them on the
    /// current tokio runtime. Requests go to `requests`, notices to `notices`.
    pub fn start(
        paths: ControlPaths,
        options: ServerOptions,
        requests: mpsc::Sender<ControlRequest>,
        notices: NoticeSink,
    ) -> Result<ControlServer, SetupError> {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return Err(SetupError {
                path: paths.input.clone(),
                problem: SetupProblem::NoRuntime,
            });
        };
        let prepared = fifo::prepare(&paths)?;
        let input = pipe::Receiver::from_file(prepared.input).map_err(|error| SetupError {
            path: paths.input.clone(),
            problem: SetupProblem::System {
                action: "watch",
                error: error.to_string(),
            },
        })?;
        for fixed in prepared.modes_fixed {
            notices(ControlNotice::ModeFixed(fixed));
        }
        let (stop, stop_receiver) = watch::channel(false);
        let serving = Serving {
            output: paths.output.clone(),
            options,
            requests,
            notices,
            stop: stop_receiver,
        };
        let task = runtime.spawn(serving.run(input));
        Ok(ControlServer {
            paths,
            task: Some(task),
            stop,
        })
    }

    /// Stops reading commands, but finishes the answer being written first (a `reload` that
    /// moves the control FIFO still answers through the old one); the returned future ends
    /// when the server has stopped. The FIFOs stay.
    pub fn finish(mut self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let _ = self.stop.send(true);
        let task = self.task.take();
        async move {
            if let Some(task) = task {
                let _ = task.await;
            }
        }
    }

    pub fn paths(&self) -> &ControlPaths {
        &self.paths
    }

    /// Whether the server has stopped (the hub went away, or reading failed).
    pub fn is_finished(&self) -> bool {
        self.task.as_ref().is_none_or(JoinHandle::is_finished)
    }
}

impl Drop for ControlServer {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

struct Serving {
    output: PathBuf,
    options: ServerOptions,
    requests: mpsc::Sender<ControlRequest>,
    notices: NoticeSink,
    /// True once the server is to stop (between two requests).
    stop: watch::Receiver<bool>,
}

/// Whether to go on reading commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    Continue,
    Stop,
}

impl Serving {
    async fn run(mut self, mut input: pipe::Receiver) {
        let mut splitter = LineSplitter::new(MAX_LINE_LENGTH);
        let mut chunk = vec![0u8; READ_CHUNK];
        loop {
            if *self.stop.borrow() {
                return;
            }
            let Some(item) = splitter.next_line() else {
                // Reading is cancel safe: a stop between two requests loses no bytes the
                // server took.
                let read = tokio::select! {
                    read = input.read(&mut chunk) => read,
                    _ = self.stop.changed() => return,
                };
                match read {
                    // Never while we hold the FIFO open for writing too; stop rather than spin.
                    Ok(0) => {
                        (self.notices)(ControlNotice::ReadFailed("end of file".into()));
                        return;
                    }
                    Ok(count) => splitter.push(chunk.get(..count).unwrap_or_default()),
                    Err(error) if error.kind() == ErrorKind::Interrupted => {}
                    Err(error) => {
                        (self.notices)(ControlNotice::ReadFailed(error.to_string()));
                        return;
                    }
                }
                continue;
            };
            let next = match item {
                SplitLine::TooLong => {
                    (self.notices)(ControlNotice::LineTooLong {
                        limit: MAX_LINE_LENGTH,
                    });
                    self.answer_locally(None, "(too long)", "the command is too long")
                        .await;
                    Next::Continue
                }
                SplitLine::Line(bytes) => self.serve_line(&bytes).await,
            };
            if next == Next::Stop {
                return;
            }
        }
    }

    async fn serve_line(&self, bytes: &[u8]) -> Next {
        let text = String::from_utf8_lossy(bytes);
        let (tag, command_text) = framing::split_tag(&text);
        if command_text.trim().is_empty() {
            // Empty lines (`echo > ferrobgp.in`) are ignored, as blank lines between commands.
            if tag.is_some() {
                self.answer_locally(tag, "", "empty command").await;
            }
            return Next::Continue;
        }
        let command = if std::str::from_utf8(bytes).is_err() {
            Err(CommandError::new(
                0,
                command_text.len(),
                "the command is not valid UTF-8",
                None,
            ))
        } else {
            parse_command(command_text)
        };
        let (reply, receiver) = Reply::channel(self.options.reply_capacity);
        let request = ControlRequest {
            line: command_text.to_string(),
            command,
            reply,
        };
        let answer = AnswerWriter::new(self, tag, command_text);
        match timeout(self.options.hub_timeout, self.requests.send(request)).await {
            Ok(Ok(())) => {}
            Ok(Err(_)) => {
                (self.notices)(ControlNotice::HubStopped);
                answer.finish(AckOutcome::Error).await;
                return Next::Stop;
            }
            Err(_) => {
                answer.report(DropReason::HubTooSlow(self.options.hub_timeout));
                answer.finish(AckOutcome::Error).await;
                return Next::Continue;
            }
        }
        answer.relay(receiver).await;
        Next::Continue
    }

    /// Answers a line the hub never sees (too long, empty tagged request) with `error`.
    async fn answer_locally(&self, tag: Option<&str>, command: &str, message: &str) {
        let mut answer = AnswerWriter::new(self, tag, command);
        answer.push_line(message);
        answer.finish(AckOutcome::Error).await;
    }
}

/// Where an answer is being written.
enum Sink {
    /// Not opened yet: opened when the first bytes are ready.
    Closed,
    Open(pipe::Sender),
    /// Given up: the rest of the answer is dropped.
    Dropped,
}

/// One answer on its way to `<base>.out`.
struct AnswerWriter<'server> {
    serving: &'server Serving,
    command: String,
    sink: Sink,
    buffer: Vec<u8>,
}

impl<'server> AnswerWriter<'server> {
    fn new(serving: &'server Serving, tag: Option<&str>, command: &str) -> AnswerWriter<'server> {
        let mut buffer = Vec::new();
        if let Some(tag) = tag {
            buffer.extend_from_slice(framing::answer_start(tag).as_bytes());
        }
        AnswerWriter {
            serving,
            command: quote(command),
            sink: Sink::Closed,
            buffer,
        }
    }

    fn report(&self, reason: DropReason) {
        (self.serving.notices)(ControlNotice::AnswerDropped {
            command: self.command.clone(),
            reason,
        });
    }

    fn push_line(&mut self, line: &str) {
        if !matches!(self.sink, Sink::Dropped) {
            framing::push_output_line(&mut self.buffer, line);
        }
    }

    /// Copies the hub's lines to the pipe until the hub finishes the answer.
    async fn relay(mut self, mut receiver: ReplyReceiver) {
        let hub_timeout = self.serving.options.hub_timeout;
        loop {
            let line = match receiver.lines.try_recv() {
                Ok(line) => Some(line),
                Err(mpsc::error::TryRecvError::Disconnected) => None,
                Err(mpsc::error::TryRecvError::Empty) => {
                    // Nothing queued: show what we have before waiting for more.
                    self.flush().await;
                    match timeout(hub_timeout, receiver.lines.recv()).await {
                        Ok(line) => line,
                        Err(_) => {
                            self.report(DropReason::HubTooSlow(hub_timeout));
                            drop(receiver);
                            self.finish(AckOutcome::Error).await;
                            return;
                        }
                    }
                }
            };
            let Some(line) = line else { break };
            self.push_line(&line);
            if self.buffer.len() >= WRITE_CHUNK {
                self.flush().await;
            }
            if matches!(self.sink, Sink::Dropped) {
                // Closing our end tells the hub at once (`ReplyGone`); the command still ran.
                receiver.lines.close();
            }
        }
        // All senders are gone, so `finish` (if called) has already sent the outcome.
        let outcome = receiver.outcome.try_recv().unwrap_or(AckOutcome::Error);
        self.finish(outcome).await;
    }

    async fn finish(mut self, outcome: AckOutcome) {
        if !matches!(self.sink, Sink::Dropped) {
            self.buffer
                .extend_from_slice(framing::terminator(outcome).as_bytes());
            self.buffer.push(b'\n');
            self.flush().await;
        }
    }

    /// Writes what is buffered; on failure, gives up the answer.
    async fn flush(&mut self) {
        if self.buffer.is_empty() || matches!(self.sink, Sink::Dropped) {
            self.buffer.clear();
            return;
        }
        if matches!(self.sink, Sink::Closed) {
            match open_output(&self.serving.output) {
                Ok(sender) => self.sink = Sink::Open(sender),
                Err(reason) => return self.give_up(reason),
            }
        }
        let Sink::Open(sender) = &mut self.sink else {
            return;
        };
        let write_timeout = self.serving.options.write_timeout;
        let result = timeout(write_timeout, sender.write_all(&self.buffer)).await;
        self.buffer.clear();
        match result {
            Ok(Ok(())) => {}
            Ok(Err(error)) if error.kind() == ErrorKind::BrokenPipe => {
                self.give_up(DropReason::ReaderLeft)
            }
            Ok(Err(error)) => self.give_up(DropReason::WriteFailed(error.to_string())),
            Err(_) => self.give_up(DropReason::ReaderTooSlow(write_timeout)),
        }
    }

    fn give_up(&mut self, reason: DropReason) {
        self.report(reason);
        self.sink = Sink::Dropped;
        self.buffer.clear();
    }
}

/// Opens `<base>.out` for writing without waiting for a reader.
fn open_output(path: &Path) -> Result<pipe::Sender, DropReason> {
    let file = OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(path);
    match file {
        Ok(file) => pipe::Sender::from_file(file)
            .map_err(|error| DropReason::WriteFailed(error.to_string())),
        // ENXIO: a FIFO opened for writing, without blocking, with no reader.
        Err(error) if error.raw_os_error() == Some(libc::ENXIO) => Err(DropReason::NoReader),
        Err(error) => Err(DropReason::WriteFailed(error.to_string())),
    }
}

/// The command as quoted in a notice: at most `QUOTED_COMMAND` bytes.
fn quote(command: &str) -> String {
    if command.len() <= QUOTED_COMMAND {
        return command.to_string();
    }
    let mut end = QUOTED_COMMAND;
    while !command.is_char_boundary(end) {
        end = end.saturating_sub(1);
    }
    format!("{}…", command.get(..end).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_commands_are_short() {
        assert_eq!(quote("version"), "version");
        let long = "é".repeat(150);
        let quoted = quote(&long);
        assert!(quoted.len() <= QUOTED_COMMAND + "…".len());
        assert!(quoted.ends_with('…'));
    }

    #[test]
    fn notices_read_well() {
        let notice = ControlNotice::AnswerDropped {
            command: "version".into(),
            reason: DropReason::NoReader,
        };
        assert_eq!(
            notice.to_string(),
            "control FIFO: answer to `version` dropped: nobody reads it"
        );
    }
}
