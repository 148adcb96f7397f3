//! What a helper is started with: its argv unchanged (no shell: spaces and `$` stay inside
//! one argument), the working directory, the daemon's environment without the systemd
//! notification and watchdog variables, `TERM=dumb`, the configured variables, its own
//! process group; and its stderr lines reach the hub tagged with its name.
//!
//! One test only in this file: it sets variables in this test process's own environment
//! before any thread starts, which a test running alongside others could not do safely.

mod process_support;

use std::time::Duration;

use ferrobgp::process::{ProcEvent, SupervisionOptions, spawn_process};
use process_support::{TemporaryDirectory, comments, events_until, helper};
use tokio::sync::mpsc;

#[test]
fn argv_directory_environment_group_and_stderr() {
    // SAFETY: this is the only test of this binary and no other thread runs yet.
    unsafe {
        std::env::set_var("NOTIFY_SOCKET", "/run/systemd/notify");
        std::env::set_var("WATCHDOG_USEC", "30000000");
        std::env::set_var("WATCHDOG_PID", "1");
        std::env::set_var("FERROBGP_TEST_INHERITED", "inherited");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(check());
}

async fn check() {
    let directory = TemporaryDirectory::new("environment");
    let work = directory.path.join("work dir");
    std::fs::create_dir_all(&work).expect("working directory");
    let script = directory.script(
        "show.sh",
        "echo \"# argc=$# first=$1 second=$2\"\n\
         echo \"# cwd=$(pwd)\"\n\
         echo \"# notify=${NOTIFY_SOCKET-unset} watchdog=${WATCHDOG_USEC-unset}/${WATCHDOG_PID-unset}\"\n\
         echo \"# inherited=$FERROBGP_TEST_INHERITED configured=$CONFIGURED term=$TERM\"\n\
         read -r stat < /proc/$$/stat\n\
         set -- $stat\n\
         echo \"# group-leader=$([ \"$5\" = \"$$\" ] && echo yes || echo no)\"\n\
         echo 'something went wrong' >&2\n\
         printf 'partial\\r\\n' >&2\n\
         echo '# end'\n\
         exec sleep 600",
    );
    let mut process = helper(
        "environment-helper",
        &script,
        &["one two", "$HOME;|"],
        &work,
    );
    process
        .environment
        .insert("CONFIGURED".to_string(), "configured value".to_string());
    let (sender, mut events) = mpsc::channel(64);
    let handle = spawn_process(process, SupervisionOptions::default(), sender);
    let mut stderr = Vec::new();
    let mut seen = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while comments(&seen).last().map(String::as_str) != Some("end") || stderr.len() < 2 {
        let event = tokio::time::timeout_at(deadline, events.recv())
            .await
            .expect("the helper reports within 10 s")
            .expect("the channel is open");
        assert_eq!(&*event.helper, "environment-helper");
        match event.event {
            ProcEvent::Stderr { line } => stderr.push(line),
            other => seen.push(other),
        }
    }
    assert_eq!(
        comments(&seen),
        vec![
            "argc=2 first=one two second=$HOME;|".to_string(),
            format!("cwd={}", work.display()),
            "notify=unset watchdog=unset/unset".to_string(),
            "inherited=inherited configured=configured value term=dumb".to_string(),
            "group-leader=yes".to_string(),
            "end".to_string(),
        ]
    );
    assert_eq!(
        stderr,
        vec!["something went wrong".to_string(), "partial".to_string()]
    );
    handle.stop();
    events_until(&mut events, Duration::from_secs(10), |event| {
        *event == ProcEvent::Stopped
    })
    .await;
}
