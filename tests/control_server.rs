//! The control server against a tiny in-test hub, driven through the FIFOs directly and
//! through `control::client`: file creation and checks, framing, concurrency, stale answers,
//! and clients that do not read or die. Every wait is bounded.

mod control_support;

use control_support::{Daemon, Scratch, VERSION_LINE, mode_and_owner, wait_until};
use ferrobgp::api::command::AckOutcome;
use ferrobgp::control::{
    ClientError, ClientOptions, ControlNotice, ControlPaths, ControlServer, DropReason,
    ServerOptions, SetupProblem, client,
};
use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::sync::Arc;
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(10);

fn options() -> ClientOptions {
    ClientOptions { timeout: LIMIT }
}

/// A reader of `<base>.out` that never sees end-of-file, keeping what it read past an answer.
struct AnswerReader {
    file: File,
    bytes: Vec<u8>,
}

impl AnswerReader {
    fn open(paths: &ControlPaths) -> AnswerReader {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&paths.output)
            .expect("open .out");
        AnswerReader {
            file,
            bytes: Vec::new(),
        }
    }

    /// Reads lines up to a `done` or `error` line (included), for at most `LIMIT`.
    fn answer(&mut self) -> Vec<String> {
        let start = Instant::now();
        let mut chunk = [0u8; 4096];
        let mut lines = Vec::new();
        loop {
            while let Some(end) = self.bytes.iter().position(|byte| *byte == b'\n') {
                let line: Vec<u8> = self.bytes.drain(..=end).collect();
                let line = String::from_utf8_lossy(&line[..end]).to_string();
                let last = line == "done" || line == "error";
                lines.push(line);
                if last {
                    return lines;
                }
            }
            assert!(start.elapsed() < LIMIT, "no terminator; got {lines:?}");
            match self.file.read(&mut chunk) {
                Ok(count) => self.bytes.extend_from_slice(&chunk[..count]),
                Err(error) if error.kind() == ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(5))
                }
                Err(error) => panic!("read .out: {error}"),
            }
        }
    }
}

fn send_raw(paths: &ControlPaths, text: &str) {
    let mut input = OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(&paths.input)
        .expect("open .in");
    input.write_all(text.as_bytes()).expect("write .in");
}

fn ask(daemon: &Daemon, paths: &ControlPaths, command: &str) -> (Vec<String>, AckOutcome) {
    let mut lines = Vec::new();
    let outcome = daemon
        .runtime
        .block_on(client::request(paths, command, &options(), |line| {
            lines.push(line.to_string())
        }))
        .expect("an answer");
    (lines, outcome)
}

#[test]
fn creates_fifos_mode_0600_owned_by_the_daemon_user() {
    let (_scratch, paths, daemon) = Daemon::in_scratch("create", ServerOptions::default());
    let user = nix::unistd::geteuid().as_raw();
    for path in [&paths.input, &paths.output] {
        let metadata = std::fs::symlink_metadata(path).expect("exists");
        assert!(metadata.file_type().is_fifo(), "{}", path.display());
        assert_eq!(mode_and_owner(path), (0o600, user), "{}", path.display());
    }
    assert!(
        std::fs::symlink_metadata(&paths.lock)
            .expect("lock")
            .is_file()
    );
    assert_eq!(mode_and_owner(&paths.lock), (0o600, user));
    assert!(daemon.record.notices().is_empty());
}

#[test]
fn creates_a_missing_runtime_directory() {
    let scratch = Scratch::new("directory");
    let paths = ControlPaths::in_directory(&scratch.path.join("run"));
    let _daemon = Daemon::start(&paths, ServerOptions::default());
    assert_eq!(mode_and_owner(&scratch.path.join("run")).0, 0o700);
    assert!(std::fs::symlink_metadata(&paths.input).is_ok());
}

#[test]
fn fixes_the_mode_of_its_own_fifo() {
    let scratch = Scratch::new("mode");
    let paths = scratch.paths();
    make_fifo(&paths.output);
    std::fs::set_permissions(
        &paths.output,
        std::os::unix::fs::PermissionsExt::from_mode(0o666),
    )
    .expect("chmod");
    let daemon = Daemon::start(&paths, ServerOptions::default());
    assert_eq!(mode_and_owner(&paths.output).0, 0o600);
    let notices = daemon.record.notices();
    assert!(
        matches!(notices.as_slice(), [ControlNotice::ModeFixed(fixed)]
            if fixed.path == paths.output && fixed.previous_mode == 0o666),
        "{notices:?}"
    );
}

/// A FIFO of mode 0600 at `path`.
fn make_fifo(path: &std::path::Path) {
    nix::unistd::mkfifo(path, nix::sys::stat::Mode::from_bits_truncate(0o600)).expect("mkfifo");
}

fn start_error(paths: &ControlPaths) -> ferrobgp::control::SetupError {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let _entered = runtime.enter();
    let (sender, _receiver) = tokio::sync::mpsc::channel(1);
    ControlServer::start(
        paths.clone(),
        ServerOptions::default(),
        sender,
        Arc::new(|_| {}),
    )
    .expect_err("must refuse")
}

#[test]
fn refuses_a_regular_file_in_the_way() {
    let scratch = Scratch::new("regular");
    let paths = scratch.paths();
    std::fs::write(&paths.input, "not a fifo").expect("write");
    let error = start_error(&paths);
    assert_eq!(
        error.problem,
        SetupProblem::NotFifo {
            kind: "a regular file"
        }
    );
    assert_eq!(
        error.to_string(),
        format!(
            "cannot use {} for the control FIFO: it exists and is a regular file, not a FIFO \
             (remove it, or set control-fifo to another path)",
            paths.input.display()
        )
    );
    // the file is left alone
    assert_eq!(
        std::fs::read_to_string(&paths.input).ok().as_deref(),
        Some("not a fifo")
    );

    let scratch = Scratch::new("lock-directory");
    let paths = scratch.paths();
    std::fs::create_dir(&paths.lock).expect("mkdir");
    assert_eq!(
        start_error(&paths).problem,
        SetupProblem::NotRegularFile {
            kind: "a directory"
        }
    );

    let scratch = Scratch::new("symlink");
    let paths = scratch.paths();
    std::os::unix::fs::symlink("/dev/null", &paths.output).expect("symlink");
    assert_eq!(
        start_error(&paths).problem,
        SetupProblem::NotFifo {
            kind: "a symbolic link"
        }
    );
}

#[test]
fn refuses_a_fifo_of_another_user() {
    if !nix::unistd::geteuid().is_root() {
        eprintln!("skipped: changing a file's owner needs root");
        return;
    }
    let scratch = Scratch::new("owner");
    let paths = scratch.paths();
    make_fifo(&paths.input);
    std::os::unix::fs::chown(&paths.input, Some(65534), Some(65534)).expect("chown");
    let error = start_error(&paths);
    assert_eq!(
        error.problem,
        SetupProblem::WrongOwner {
            owner: 65534,
            expected: 0
        }
    );
    assert!(
        error
            .to_string()
            .contains("belongs to uid 65534, not to uid 0")
    );
}

#[test]
fn refuses_a_second_daemon_on_the_same_fifo() {
    let (_scratch, paths, _daemon) = Daemon::in_scratch("second", ServerOptions::default());
    assert_eq!(start_error(&paths).problem, SetupProblem::InUse);
}

#[test]
fn plain_commands_get_exabgp_framed_answers() {
    let (_scratch, paths, daemon) = Daemon::in_scratch("plain", ServerOptions::default());
    let mut reader = AnswerReader::open(&paths);
    send_raw(&paths, "version\n");
    assert_eq!(reader.answer(), [VERSION_LINE, "done"]);
    send_raw(&paths, "anounce route 10.0.0.0/24 next-hop 1.2.3.4\n");
    let answer = reader.answer();
    assert_eq!(answer.last().map(String::as_str), Some("error"));
    assert!(answer[0].contains("anounce"), "{answer:?}");
    // an output line reading like a terminator cannot end the answer early
    send_raw(&paths, "# done-line\r\n");
    assert_eq!(reader.answer(), [" done", " error", "done"]);
    // blank lines are ignored, several commands in one write are answered in order
    send_raw(&paths, "\n\nversion\n# lines 2 x\n");
    assert_eq!(reader.answer(), [VERSION_LINE, "done"]);
    assert_eq!(reader.answer(), ["x 0", "x 1", "done"]);
    // a tagged command's answer starts with its tag
    send_raw(&paths, "@t-1 version\n");
    assert_eq!(reader.answer(), ["", "@t-1", VERSION_LINE, "done"]);
    assert_eq!(daemon.record.requests_received(), 6);
}

#[test]
fn the_client_gets_output_and_outcome() {
    let (_scratch, paths, daemon) = Daemon::in_scratch("client", ServerOptions::default());
    assert_eq!(
        ask(&daemon, &paths, "version"),
        (vec![VERSION_LINE.to_string()], AckOutcome::Done)
    );
    let (lines, outcome) = ask(&daemon, &paths, "shutdownx");
    assert_eq!(outcome, AckOutcome::Error);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(
        ask(&daemon, &paths, "# big 3000").0.len(),
        3000,
        "an answer larger than the pipe"
    );
}

#[test]
fn twenty_concurrent_clients_each_get_their_own_answer() {
    let (_scratch, paths, daemon) = Daemon::in_scratch("concurrent", ServerOptions::default());
    let start = Instant::now();
    let answers = daemon.runtime.block_on(async {
        let mut tasks = Vec::new();
        for client_number in 0..20 {
            let paths = paths.clone();
            tasks.push(tokio::spawn(async move {
                let mut lines = Vec::new();
                let command = format!("# lines 5 client-{client_number} 2");
                let outcome = client::request(&paths, &command, &options(), |line| {
                    lines.push(line.to_string())
                })
                .await;
                (client_number, outcome, lines)
            }));
        }
        let mut answers = Vec::new();
        for task in tasks {
            answers.push(task.await.expect("task"));
        }
        answers
    });
    for (client_number, outcome, lines) in answers {
        assert_eq!(outcome, Ok(AckOutcome::Done));
        let expected: Vec<String> = (0..5)
            .map(|i| format!("client-{client_number} {i}"))
            .collect();
        assert_eq!(lines, expected);
    }
    eprintln!("20 concurrent clients: {:?}", start.elapsed());
}

#[test]
fn a_client_skips_an_answer_left_by_a_client_that_gave_up() {
    let (_scratch, paths, daemon) = Daemon::in_scratch("stale", ServerOptions::default());
    let impatient = ClientOptions {
        timeout: Duration::from_millis(200),
    };
    let result =
        daemon
            .runtime
            .block_on(client::request(&paths, "# sleep 600", &impatient, |_| {}));
    assert_eq!(
        result,
        Err(ClientError::NoAnswer {
            path: paths.input.clone(),
            timeout: Duration::from_millis(200)
        })
    );
    // The daemon answers the first command while this client waits: its lines are skipped.
    assert_eq!(
        ask(&daemon, &paths, "# lines 2 mine"),
        (
            vec!["mine 0".to_string(), "mine 1".to_string()],
            AckOutcome::Done
        )
    );
}

#[test]
fn commands_without_a_reader_run_and_never_block_the_server() {
    let (_scratch, paths, daemon) = Daemon::in_scratch("no-reader", ServerOptions::default());
    let start = Instant::now();
    // `echo … > ferrobgp.in`, many times, nobody reading the answers
    send_raw(&paths, &"# big 100\n".repeat(50));
    assert!(wait_until(LIMIT, || daemon.record.requests_received() == 50));
    assert_eq!(ask(&daemon, &paths, "version").1, AckOutcome::Done);
    let dropped = daemon
        .record
        .dropped_answers(|reason| *reason == DropReason::NoReader);
    assert_eq!(dropped, 50);
    eprintln!("50 unread answers, then one read: {:?}", start.elapsed());
}

#[test]
fn a_reader_that_never_reads_loses_its_answer_and_blocks_nobody() {
    let server_options = ServerOptions {
        write_timeout: Duration::from_millis(200),
        ..ServerOptions::default()
    };
    let (_scratch, paths, daemon) = Daemon::in_scratch("stuck-reader", server_options);
    let stuck = AnswerReader::open(&paths);
    let start = Instant::now();
    send_raw(&paths, "# big 100000\n"); // about 10 MB: far more than a pipe holds
    let too_slow = |reason: &DropReason| matches!(reason, DropReason::ReaderTooSlow(_));
    assert!(daemon.saw_dropped_answer(LIMIT, too_slow));
    // The hub was told (its next line failed) instead of being kept waiting.
    assert!(wait_until(LIMIT, || daemon.record.replies_refused() == 1));
    // The stuck reader still holds a full pipe of stale lines: the next client skips them.
    assert_eq!(ask(&daemon, &paths, "version").1, AckOutcome::Done);
    drop(stuck);
    eprintln!(
        "stuck reader dropped and next client served: {:?}",
        start.elapsed()
    );
}

#[test]
fn a_client_that_dies_mid_answer_does_not_wedge_the_server() {
    let (_scratch, paths, daemon) = Daemon::in_scratch("dies", ServerOptions::default());
    let start = Instant::now();
    {
        let mut reader = AnswerReader::open(&paths);
        send_raw(&paths, "@dying # big 100000\n");
        let mut first = [0u8; 1024];
        assert!(wait_until(LIMIT, || reader.file.read(&mut first).is_ok()));
        // dropped here: the reader is gone in the middle of a 10 MB answer
    }
    assert!(daemon.saw_dropped_answer(LIMIT, |reason| *reason == DropReason::ReaderLeft));
    assert!(wait_until(LIMIT, || daemon.record.replies_refused() == 1));
    assert_eq!(
        ask(&daemon, &paths, "version"),
        (vec![VERSION_LINE.to_string()], AckOutcome::Done)
    );
    eprintln!(
        "dead client noticed and next client served: {:?}",
        start.elapsed()
    );
}

#[test]
fn a_hub_that_takes_too_long_gets_the_answer_ended_with_error() {
    let server_options = ServerOptions {
        hub_timeout: Duration::from_millis(200),
        ..ServerOptions::default()
    };
    let (_scratch, paths, daemon) = Daemon::in_scratch("slow-hub", server_options);
    assert_eq!(
        ask(&daemon, &paths, "# sleep 1000"),
        (Vec::new(), AckOutcome::Error)
    );
    assert_eq!(ask(&daemon, &paths, "version").1, AckOutcome::Done);
}

#[test]
fn client_errors_without_a_daemon() {
    let scratch = Scratch::new("no-daemon");
    let paths = scratch.paths();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let result = runtime.block_on(client::request(&paths, "version", &options(), |_| {}));
    assert_eq!(
        result,
        Err(ClientError::NoFifo {
            path: paths.input.clone()
        })
    );
    // the FIFOs stay after the daemon stops; nothing reads them
    let mut daemon = Daemon::start(&paths, ServerOptions::default());
    daemon.stop();
    let result = runtime.block_on(client::request(&paths, "version", &options(), |_| {}));
    assert_eq!(
        result,
        Err(ClientError::NoDaemon {
            path: paths.input.clone()
        })
    );
    // a restarted daemon serves the same FIFOs
    let daemon = Daemon::start(&paths, ServerOptions::default());
    assert_eq!(ask(&daemon, &paths, "version").1, AckOutcome::Done);
}
