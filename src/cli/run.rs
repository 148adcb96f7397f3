//! `ferrobgp run [--config] FILE [FILE…]`: loads each configuration (every problem of every
//! file reported, exit 1), starts one speaker per file in one process, reloads every speaker
//! on SIGHUP or SIGUSR1 (SIGUSR2: and restarts its helpers; docs/reload.md), restarts
//! on SIGALRM (ExaBGP's `restart`: reload, then every session), and on SIGTERM or
//! SIGINT stops every peer with Cease 2 and the RFC 9003 message "ferrobgp shutting down",
//! then exits 0. SIGTERM, SIGHUP, SIGALRM, SIGUSR1 and SIGUSR2 are first reported to the
//! helpers that subscribed to `signal`.
//!
//! Start-up only: argument parsing, reading files, the runtime, signals. What a speaker does
//! is `daemon`'s.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use std::path::PathBuf;

use nix::sys::signal::Signal;
use tokio::sync::mpsc;

use crate::config::{self, Config, ParsedBlocks, Style};
use crate::daemon::{self, HubCmd, SHUTDOWN_MESSAGE, SpeakerHandle, logging, signals};

/// Extra time, past the hub's own bound, that stopping every speaker may take.
const STOP_MARGIN: Duration = Duration::from_secs(2);
/// A signal repeated within this time of the first is not a second request.
const REPEAT_WINDOW: Duration = Duration::from_secs(1);

/// What `run` was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunArguments {
    /// Run one speaker per file.
    Run {
        files: Vec<String>,
    },
    Help,
}

/// `[--config] FILE [FILE…]` (`--config` may precede each file, as ExaBGP users write it).
pub fn parse_arguments(arguments: &[String]) -> Result<RunArguments, String> {
    let mut files = Vec::new();
    let mut words = arguments.iter();
    while let Some(word) = words.next() {
        match word.as_str() {
            "-h" | "--help" => return Ok(RunArguments::Help),
            "-c" | "--config" => match words.next() {
                Some(file) => files.push(file.clone()),
                None => return Err("--config needs a file".to_owned()),
            },
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return Err(format!("unknown run option '{flag}'"));
            }
            file => files.push(file.to_owned()),
        }
    }
    if files.is_empty() {
        return Err("run needs a configuration file".to_owned());
    }
    Ok(RunArguments::Run { files })
}

/// A speaker's name in the log: the file's stem ("quickstart"), or the whole path when two
/// files share a stem.
pub fn speaker_names(files: &[String]) -> Vec<String> {
    let stem = |file: &String| {
        Path::new(file)
            .file_stem()
            .map_or_else(|| file.clone(), |stem| stem.to_string_lossy().into_owned())
    };
    let stems: Vec<String> = files.iter().map(stem).collect();
    files
        .iter()
        .zip(&stems)
        .map(|(file, name)| {
            let shared = stems.iter().filter(|other| *other == name).count() > 1;
            if shared { file.clone() } else { name.clone() }
        })
        .collect()
}

/// A decoded file, the text it was decoded from and its parsed blocks (for reloads).
#[derive(Debug)]
pub struct LoadedFile {
    pub config: Config,
    pub source: String,
    pub blocks: ParsedBlocks,
}

/// Reads and decodes every file; on any problem, the rendered diagnostics of all of them.
pub fn load(files: &[String], style: Style) -> Result<Vec<LoadedFile>, String> {
    let mut configs = Vec::with_capacity(files.len());
    let mut report = String::new();
    for file in files {
        match std::fs::read_to_string(file) {
            Ok(source) => {
                let mut blocks = ParsedBlocks::default();
                match config::decode_reusing(file, &source, &mut blocks) {
                    Ok(config) => configs.push(LoadedFile {
                        config,
                        source,
                        blocks,
                    }),
                    Err(diagnostics) => {
                        let count = diagnostics.problems.len();
                        report.push_str(&diagnostics.render(style));
                        report.push_str(&format!(
                            "\n{file}: {count} {}\n",
                            if count == 1 { "error" } else { "errors" }
                        ));
                    }
                }
            }
            Err(error) => report.push_str(&format!("cannot read {file}: {error}\n")),
        }
    }
    if report.is_empty() {
        Ok(configs)
    } else {
        Err(report)
    }
}

/// The `run` command: exit 0 after a clean stop, 1 when a file is invalid or a speaker
/// cannot start, 2 for bad arguments.
pub fn main(arguments: &[String], usage: &str) -> ExitCode {
    let files = match parse_arguments(arguments) {
        Ok(RunArguments::Run { files }) => files,
        Ok(RunArguments::Help) => {
            print!("{usage}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("ferrobgp: {message}\n\n{usage}");
            return ExitCode::from(2);
        }
    };
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let style = if colour { Style::Colour } else { Style::Plain };
    let configs = match load(&files, style) {
        Ok(configs) => configs,
        Err(report) => {
            eprint!("{report}");
            eprintln!("ferrobgp run: not started");
            return ExitCode::FAILURE;
        }
    };
    // Before any thread exists, so that every thread has them blocked.
    let signal_set = match signals::block() {
        Ok(set) => set,
        Err(error) => {
            eprintln!("ferrobgp run: cannot set up signal handling: {error}");
            return ExitCode::FAILURE;
        }
    };
    logging::init(logging::most_verbose(
        configs.iter().map(|loaded| loaded.config.global.log_level),
    ));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("ferrobgp")
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("ferrobgp run: cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let speakers: Vec<Speaker> = speaker_names(&files)
        .into_iter()
        .zip(files)
        .zip(configs)
        .map(|((name, file), loaded)| Speaker {
            name,
            path: PathBuf::from(file),
            loaded,
        })
        .collect();
    let code = runtime.block_on(serve(speakers, signal_set));
    runtime.shutdown_timeout(Duration::from_secs(1));
    code
}

/// One file to serve.
struct Speaker {
    name: String,
    path: PathBuf,
    loaded: LoadedFile,
}

/// Reports a speaker's reloads to systemd: `RELOADING=1` + `MONOTONIC_USEC=`, then `READY=1`
/// with `STATUS=` carrying the result.
#[derive(Debug)]
struct SystemdReloads {
    status: crate::systemd::StatusBoard,
}

impl daemon::hub::ReloadReporter for SystemdReloads {
    fn started(&self) {
        crate::systemd::reloading();
    }

    fn finished(&self, outcome: &daemon::reload::ReloadOutcome) {
        self.status.add_configured(outcome.neighbors_added);
        self.status.set_last_reload(&outcome.status());
        crate::systemd::reload_finished(&self.status.summary());
    }
}

/// Asks every speaker to reload (SIGUSR2: and to restart its helpers).
fn request_reload(speakers: &[mpsc::Sender<HubCmd>], signal: Signal) {
    tracing::info!("{signal} received: reloading the configuration");
    for speaker in speakers {
        let request = HubCmd::Reload {
            trigger: daemon::reload::ReloadTrigger::Signal(signal.as_str()),
            restart_helpers: signal == Signal::SIGUSR2,
            reply: None,
        };
        let speaker = speaker.clone();
        tokio::spawn(async move {
            let _ = speaker.send(request).await;
        });
    }
}

/// Starts the speakers and waits for a signal (or for all of them to end).
async fn serve(speakers: Vec<Speaker>, signal_set: nix::sys::signal::SigSet) -> ExitCode {
    let mut signals = match signals::Signals::new(&signal_set) {
        Ok(signals) => signals,
        Err(error) => {
            tracing::error!("cannot read signals: {error}");
            return ExitCode::FAILURE;
        }
    };
    let count = speakers.len();
    let configured = speakers
        .iter()
        .map(|speaker| speaker.loaded.config.neighbors.len())
        .sum();
    // systemd: STATUS= follows the sessions; READY=1 once every speaker runs.
    let status = crate::systemd::StatusBoard::new(configured);
    // Every listener first, so that speakers of this process find each other at once.
    let mut prepared = Vec::with_capacity(count);
    for Speaker { name, path, loaded } in speakers {
        let LoadedFile {
            config,
            source,
            blocks,
        } = loaded;
        match daemon::prepare(&name, config) {
            Ok(speaker) => prepared.push(speaker.reloadable(path, &source, blocks).report_reloads(
                Box::new(SystemdReloads {
                    status: status.clone(),
                }),
            )),
            Err(error) => {
                tracing::error!("{name}: {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    let _status_reporter = status.spawn_reporter();
    let mut handles: Vec<SpeakerHandle> = prepared
        .into_iter()
        .map(|speaker| speaker.start(vec![status.subscriber()]))
        .collect();
    crate::systemd::ready(&status.summary());
    tracing::info!(
        "ferrobgp {} running {count} {}; stop with SIGTERM or Ctrl-C",
        env!("CARGO_PKG_VERSION"),
        if count == 1 { "speaker" } else { "speakers" }
    );
    let senders: Vec<mpsc::Sender<HubCmd>> = handles.iter().map(SpeakerHandle::commands).collect();
    loop {
        tokio::select! {
            signal = signals.next() => match signal {
                Ok(signal) => {
                    if signals::REPORTED_SIGNALS.contains(&signal) {
                        report_signal(&senders, signal).await;
                    }
                    if signals::SHUTDOWN_SIGNALS.contains(&signal) {
                        tracing::info!("{signal} received: stopping");
                        crate::systemd::stopping(signal.as_str());
                        break;
                    }
                    if signals::RELOAD_SIGNALS.contains(&signal) {
                        request_reload(&senders, signal);
                    } else {
                        other_signal(&senders, signal).await;
                    }
                }
                Err(error) => {
                    tracing::error!("reading signals: {error}; stopping");
                    crate::systemd::stopping("signal error");
                    break;
                }
            },
            () = all_finished(&mut handles) => {
                crate::systemd::stopping("every speaker has stopped");
                tracing::info!("every speaker has stopped");
                return ExitCode::SUCCESS;
            }
        }
    }
    drop(senders);
    let first = tokio::time::Instant::now();
    let stopping = stop_all(handles, SHUTDOWN_MESSAGE);
    tokio::pin!(stopping);
    loop {
        tokio::select! {
            () = &mut stopping => {
                tracing::info!("stopped");
                return ExitCode::SUCCESS;
            }
            signal = signals.next() => {
                // `timeout` and some supervisors signal the process and its group: a repeat
                // within a second is the same request. Only a stop signal counts.
                let stop = signal.map_or(true, |signal| signals::SHUTDOWN_SIGNALS.contains(&signal));
                if stop && first.elapsed() >= REPEAT_WINDOW {
                    tracing::warn!("second signal: exiting without waiting for the peers");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
}

/// Tells every speaker's helpers that subscribed to `signal` (ExaBGP's `signal` event).
async fn report_signal(commands: &[tokio::sync::mpsc::Sender<HubCmd>], signal: Signal) {
    for sender in commands {
        let report = HubCmd::Signal {
            number: signal as i32,
            name: signal.as_str().to_owned(),
        };
        let _ = sender.send_timeout(report, STOP_MARGIN).await;
    }
}

/// What a signal other than a stop or a reload does: SIGALRM is ExaBGP's `restart` (the
/// configuration reloaded, every session started again).
async fn other_signal(commands: &[tokio::sync::mpsc::Sender<HubCmd>], signal: Signal) {
    if signal == Signal::SIGALRM {
        tracing::info!(
            "{signal} received: restarting every session (after reloading the configuration)"
        );
        for sender in commands {
            let restart = HubCmd::Command {
                origin: crate::rib::Owner::Control,
                command: crate::api::command::Command::Restart,
                reply: None,
            };
            let _ = sender.send_timeout(restart, STOP_MARGIN).await;
        }
    } else {
        tracing::info!("{signal} received: reported to the helpers; no other effect");
    }
}

async fn all_finished(handles: &mut [SpeakerHandle]) {
    for handle in handles.iter_mut() {
        handle.finished().await;
    }
}

/// Asks every speaker to stop, then waits for all of them (bounded).
async fn stop_all(mut handles: Vec<SpeakerHandle>, message: &str) {
    let bound = daemon::hub::SHUTDOWN_TIMEOUT + STOP_MARGIN;
    let stopping = async {
        for handle in &handles {
            let shutdown = HubCmd::Shutdown {
                message: message.to_owned(),
            };
            let _ = handle.commands().send(shutdown).await;
        }
        all_finished(&mut handles).await;
    };
    if tokio::time::timeout(bound, stopping).await.is_err() {
        tracing::warn!("speakers still running after {bound:?}: aborted");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn arguments() {
        let table: [(&str, Result<RunArguments, String>); 6] = [
            (
                "a.kdl",
                Ok(RunArguments::Run {
                    files: vec!["a.kdl".into()],
                }),
            ),
            (
                "--config a.kdl b.kdl -c c.kdl",
                Ok(RunArguments::Run {
                    files: vec!["a.kdl".into(), "b.kdl".into(), "c.kdl".into()],
                }),
            ),
            ("a.kdl --help", Ok(RunArguments::Help)),
            ("", Err("run needs a configuration file".into())),
            ("--config", Err("--config needs a file".into())),
            (
                "--verbose a.kdl",
                Err("unknown run option '--verbose'".into()),
            ),
        ];
        for (line, expected) in table {
            assert_eq!(parse_arguments(&words(line)), expected, "{line}");
        }
    }

    #[test]
    fn speaker_names_are_stems_unless_shared() {
        let files = words("config-examples/quickstart.kdl quickstart-peer.kdl a/x.kdl b/x.kdl");
        assert_eq!(
            speaker_names(&files),
            vec!["quickstart", "quickstart-peer", "a/x.kdl", "b/x.kdl"]
        );
    }

    #[test]
    fn every_bad_file_is_reported() {
        let directory = std::env::temp_dir().join(format!("ferrobgp-run-{}", std::process::id()));
        std::fs::create_dir_all(&directory).expect("directory");
        let bad = directory.join("bad.kdl");
        std::fs::write(&bad, "router-id 192.0.2.1\n").expect("write");
        let good = directory.join("good.kdl");
        std::fs::write(
            &good,
            "router-id \"192.0.2.1\"\nlocal-as 65001\nneighbor \"192.0.2.2\" { peer-as 65002 }\n",
        )
        .expect("write");
        let missing = directory.join("missing.kdl");
        let files: Vec<String> = [&good, &bad, &missing]
            .iter()
            .map(|path| path.display().to_string())
            .collect();
        let report = load(&files, Style::Plain).expect_err("invalid");
        let good_only = load(&files[..1], Style::Plain).map(|loaded| loaded.len());
        let _ = std::fs::remove_dir_all(&directory);
        assert!(
            report.contains(&format!("{}: 1 error", files[1])),
            "{report}"
        );
        assert!(
            report.contains(&format!("cannot read {}", files[2])),
            "{report}"
        );
        assert_eq!(good_only, Ok(1));
    }
}
