//! Helper lifecycle with real programs: respawn within ExaBGP's budget (5 starts per 64 s,
//! then given up), `respawn false`, restart delays, programs that cannot start, the shutdown
//! notice in JSON and text, SIGKILL for a helper that ignores SIGTERM, and answers reaching
//! the right run.

mod process_support;

use std::os::unix::process::ExitStatusExt;
use std::time::{Duration, Instant};

use ferrobgp::config::model::Encoder;
use ferrobgp::process::{
    AnswerOutcome, HelperState, ProcEvent, RespawnPolicy, RestartDelay, SupervisionOptions,
    TerminationPolicy, spawn_process,
};
use process_support::{TemporaryDirectory, comments, events_until, helper, next_event};
use tokio::sync::mpsc;

const LIMIT: Duration = Duration::from_secs(10);

fn is_started(event: &ProcEvent) -> bool {
    matches!(event, ProcEvent::Started { .. })
}

/// Nothing but stderr lines arrives for `quiet`.
async fn assert_quiet(
    events: &mut mpsc::Receiver<ferrobgp::process::HelperEvent>,
    quiet: Duration,
) {
    if let Ok(Some(event)) = tokio::time::timeout(quiet, events.recv()).await {
        panic!("unexpected event {:?}", event.event);
    }
}

#[tokio::test]
async fn a_dying_helper_is_respawned_then_given_up_at_the_sixth_start() {
    let directory = TemporaryDirectory::new("respawn");
    let script = directory.script("die.sh", "exit 3");
    let (sender, mut events) = mpsc::channel(64);
    let handle = spawn_process(
        helper("dying", &script, &[], &directory.path),
        SupervisionOptions::default(),
        sender,
    );
    let seen = events_until(&mut events, LIMIT, |event| {
        matches!(event, ProcEvent::GaveUp { .. })
    })
    .await;
    let starts: Vec<u64> = seen
        .iter()
        .filter_map(|event| match event {
            ProcEvent::Started { incarnation, .. } => Some(*incarnation),
            _ => None,
        })
        .collect();
    assert_eq!(starts, vec![1, 2, 3, 4, 5], "{seen:?}");
    let exits: Vec<Option<i32>> = seen
        .iter()
        .filter_map(|event| match event {
            ProcEvent::Exited { status, .. } => Some(status.and_then(|status| status.code())),
            _ => None,
        })
        .collect();
    assert_eq!(exits, vec![Some(3); 5]);
    assert_eq!(
        seen.last(),
        Some(&ProcEvent::GaveUp {
            starts: 5,
            window: Duration::from_secs(64)
        })
    );
    assert_eq!(handle.state(), HelperState::GivenUp);
    assert_eq!(handle.statistics().starts, 5);
    assert_quiet(&mut events, Duration::from_millis(300)).await;
    // An operator's restart starts it again with a fresh budget.
    handle.restart();
    let again = events_until(&mut events, LIMIT, is_started).await;
    assert!(
        matches!(
            again.last(),
            Some(ProcEvent::Started { incarnation: 6, .. })
        ),
        "{again:?}"
    );
    handle.stop();
}

#[tokio::test]
async fn respawn_false_leaves_the_helper_exited() {
    let directory = TemporaryDirectory::new("norespawn");
    let script = directory.script("once.sh", "echo '# ran'");
    let mut process = helper("once", &script, &[], &directory.path);
    process.respawn = false;
    let (sender, mut events) = mpsc::channel(64);
    let handle = spawn_process(process, SupervisionOptions::default(), sender);
    let seen = events_until(&mut events, LIMIT, |event| {
        matches!(event, ProcEvent::Exited { .. })
    })
    .await;
    assert_eq!(comments(&seen), vec!["ran".to_string()]);
    assert_quiet(&mut events, Duration::from_millis(300)).await;
    assert_eq!(handle.state(), HelperState::Exited);
    assert_eq!(handle.statistics().starts, 1);
    handle.stop();
    assert_eq!(next_event(&mut events, LIMIT).await, ProcEvent::Stopped);
    handle.join().await.expect("the task ended cleanly");
}

#[tokio::test]
async fn restarts_wait_the_configured_delay() {
    let directory = TemporaryDirectory::new("delay");
    let script = directory.script("die.sh", "exit 0");
    let options = SupervisionOptions {
        respawn: RespawnPolicy {
            delay: RestartDelay::Fixed(Duration::from_millis(200)),
            ..RespawnPolicy::exabgp()
        },
        ..SupervisionOptions::default()
    };
    let (sender, mut events) = mpsc::channel(64);
    let handle = spawn_process(
        helper("delayed", &script, &[], &directory.path),
        options,
        sender,
    );
    events_until(&mut events, LIMIT, is_started).await;
    let first = Instant::now();
    let seen = events_until(&mut events, LIMIT, is_started).await;
    let waited = first.elapsed();
    assert!(seen.contains(&ProcEvent::Respawning {
        delay: Duration::from_millis(200)
    }));
    assert!(waited >= Duration::from_millis(200), "{waited:?}");
    assert!(waited < Duration::from_secs(3), "{waited:?}");
    handle.stop();
}

#[tokio::test]
async fn a_program_that_cannot_start_is_given_up() {
    let directory = TemporaryDirectory::new("missing");
    let missing = directory.path.join("no-such-program");
    let (sender, mut events) = mpsc::channel(64);
    let handle = spawn_process(
        helper("missing", &missing, &[], &directory.path),
        SupervisionOptions::default(),
        sender,
    );
    let seen = events_until(&mut events, LIMIT, |event| {
        matches!(event, ProcEvent::GaveUp { .. })
    })
    .await;
    let failures = seen
        .iter()
        .filter(|event| matches!(event, ProcEvent::StartFailed { .. }))
        .count();
    assert_eq!(failures, 5, "{seen:?}");
    assert!(!seen.iter().any(is_started));
    assert_eq!(handle.state(), HelperState::GivenUp);
    handle.stop();
}

/// A helper that echoes each stdin line back as a comment.
const ECHO: &str = "while IFS= read -r line; do printf '# %s\\n' \"$line\"; done";

#[tokio::test]
async fn stop_sends_the_json_shutdown_notice_first() {
    let directory = TemporaryDirectory::new("notice-json");
    let script = directory.script("echo.sh", ECHO);
    let (sender, mut events) = mpsc::channel(64);
    let handle = spawn_process(
        helper("echo", &script, &[], &directory.path),
        SupervisionOptions::default(),
        sender,
    );
    events_until(&mut events, LIMIT, is_started).await;
    handle
        .send_event("{ \"type\": \"test\" }".to_string())
        .await
        .expect("queued");
    handle.stop();
    let seen = events_until(&mut events, LIMIT, |event| *event == ProcEvent::Stopped).await;
    let echoed = comments(&seen);
    assert_eq!(echoed.len(), 2, "{seen:?}");
    assert_eq!(
        echoed.first().map(String::as_str),
        Some("{ \"type\": \"test\" }")
    );
    let notice = echoed.get(1).expect("the notice");
    assert!(
        notice.starts_with("{ \"exabgp\": \"5.0.0\", \"time\": "),
        "{notice}"
    );
    assert!(
        notice.ends_with("\"type\": \"notification\", \"notification\": \"shutdown\" }"),
        "{notice}"
    );
    assert_eq!(handle.state(), HelperState::Stopped);
}

#[tokio::test]
async fn stop_sends_the_text_shutdown_notice_and_its_empty_line() {
    let directory = TemporaryDirectory::new("notice-text");
    let script = directory.script("echo.sh", ECHO);
    let mut process = helper("echo", &script, &[], &directory.path);
    process.encoder = Encoder::Text;
    let (sender, mut events) = mpsc::channel(64);
    let handle = spawn_process(process, SupervisionOptions::default(), sender);
    events_until(&mut events, LIMIT, is_started).await;
    handle.stop();
    let seen = events_until(&mut events, LIMIT, |event| *event == ProcEvent::Stopped).await;
    let ppid = nix::unistd::getppid().as_raw();
    // ExaBGP's text notice ends in a newline and the writer adds one: an empty line follows.
    assert_eq!(
        comments(&seen),
        vec![
            format!("shutdown {} {ppid}", std::process::id()),
            String::new()
        ]
    );
}

#[tokio::test]
async fn a_helper_ignoring_sigterm_is_killed_after_the_grace_period() {
    let directory = TemporaryDirectory::new("stubborn");
    let script = directory.script(
        "stubborn.sh",
        "trap '' TERM\necho '# ready'\nwhile :; do sleep 1; done",
    );
    let grace = Duration::from_millis(500);
    let options = SupervisionOptions {
        termination: TerminationPolicy {
            grace,
            ..TerminationPolicy::default()
        },
        ..SupervisionOptions::default()
    };
    let (sender, mut events) = mpsc::channel(64);
    let handle = spawn_process(
        helper("stubborn", &script, &[], &directory.path),
        options,
        sender,
    );
    events_until(&mut events, LIMIT, |event| {
        matches!(event, ProcEvent::Command { .. })
    })
    .await;
    let stopping = Instant::now();
    handle.stop();
    let seen = events_until(&mut events, LIMIT, |event| {
        matches!(event, ProcEvent::Exited { .. })
    })
    .await;
    let took = stopping.elapsed();
    let Some(ProcEvent::Exited { status, .. }) = seen.last() else {
        panic!("{seen:?}");
    };
    assert_eq!(
        status.and_then(|status| status.signal()),
        Some(9),
        "{status:?}"
    );
    assert!(took >= grace, "{took:?}");
    assert!(took < grace + Duration::from_secs(3), "{took:?}");
    assert_eq!(next_event(&mut events, LIMIT).await, ProcEvent::Stopped);
}

#[tokio::test]
async fn answers_reach_their_own_run_only() {
    let directory = TemporaryDirectory::new("answers");
    let script = directory.script(
        "ask.sh",
        "echo '# question'\nIFS= read -r answer\nprintf '# answer %s\\n' \"$answer\"\nexec sleep 600",
    );
    let (sender, mut events) = mpsc::channel(64);
    let handle = spawn_process(
        helper("ask", &script, &[], &directory.path),
        SupervisionOptions::default(),
        sender,
    );
    let seen = events_until(&mut events, LIMIT, |event| {
        matches!(event, ProcEvent::Command { .. })
    })
    .await;
    let Some(ProcEvent::Command { incarnation, .. }) = seen.last() else {
        panic!("{seen:?}");
    };
    assert_eq!(
        handle.answer(*incarnation + 1, &["stale"]),
        AnswerOutcome::Queued
    );
    assert_eq!(
        handle.answer(*incarnation, &["done"]),
        AnswerOutcome::Queued
    );
    assert_eq!(
        handle.answer::<&str>(*incarnation, &[]),
        AnswerOutcome::Empty
    );
    let seen = events_until(&mut events, LIMIT, |event| {
        matches!(event, ProcEvent::Command { .. })
    })
    .await;
    assert_eq!(comments(&seen), vec!["answer done".to_string()]);
    assert_eq!(handle.statistics().lines_discarded, 1);
    handle.stop();
}
