//! Flow control between the hub and real helper programs (shell and awk scripts): a helper
//! that never reads its stdin can send a million commands while acks are answered; a slow
//! reader loses no event; a flooding helper facing a slow hub is held back by the pipe, with
//! bounded queues; an over-long line is an error and the next line still parses.

mod process_support;

use std::time::{Duration, Instant};

use ferrobgp::api::command::Command;
use ferrobgp::process::{AnswerOutcome, ProcEvent, SupervisionOptions, spawn_process};
use process_support::{TemporaryDirectory, comments, events_until, helper, next_event};
use tokio::sync::mpsc;

const ROUTE_LINE: &str = "announce route 10.0.0.0/24 next-hop 192.0.2.1";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_helper_that_never_reads_can_send_a_million_commands() {
    const TOTAL: u64 = 1_000_000;
    let directory = TemporaryDirectory::new("million");
    let script = directory.script(
        "million.sh",
        "awk 'BEGIN { for (i = 0; i < 1000000; i++) \
           printf \"announce route 10.%d.%d.0/24 next-hop 192.0.2.1\\n\", int(i / 256) % 256, i % 256 }'\n\
         exec sleep 600",
    );
    let (sender, mut events) = mpsc::channel(1024);
    let handle = spawn_process(
        helper("million", &script, &[], &directory.path),
        SupervisionOptions::default(),
        sender,
    );
    let started = Instant::now();
    let mut commands = 0u64;
    let mut first_drop_seen = false;
    let mut last_line = String::new();
    while commands < TOTAL {
        match next_event(&mut events, Duration::from_secs(60)).await {
            ProcEvent::Command {
                incarnation,
                line,
                command,
            } => {
                assert!(matches!(*command, Command::Route(_)), "{line}");
                commands += 1;
                // The hub acks every command, as ExaBGP does with acks on.
                match handle.answer(incarnation, &["done"]) {
                    AnswerOutcome::Queued => {}
                    AnswerOutcome::Dropped { first_in_burst, .. } => {
                        first_drop_seen |= first_in_burst;
                    }
                    other => panic!("unexpected answer outcome {other:?}"),
                }
                last_line = line;
            }
            ProcEvent::Started { .. } | ProcEvent::Stderr { .. } => {}
            other => panic!("unexpected event {other:?} after {commands} commands"),
        }
    }
    let elapsed = started.elapsed();
    eprintln!("1M commands from a helper that never reads: {elapsed:?}");
    assert_eq!(
        last_line, "announce route 10.66.63.0/24 next-hop 192.0.2.1",
        "in order"
    );
    let statistics = handle.statistics();
    assert_eq!(statistics.lines_read, TOTAL);
    // 64 KiB of acks fit in the pipe, 1 MiB in the queue: the rest were dropped.
    assert!(first_drop_seen);
    assert!(statistics.answers_dropped > TOTAL / 2, "{statistics:?}");
    assert!(
        statistics.answer_bytes_queued <= statistics.answer_queue_capacity + 5,
        "{statistics:?}"
    );
    handle.stop();
    let tail = events_until(&mut events, Duration::from_secs(10), |event| {
        *event == ProcEvent::Stopped
    })
    .await;
    assert!(
        tail.iter()
            .any(|event| matches!(event, ProcEvent::Exited { .. })),
        "{tail:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_reader_loses_no_event() {
    const TOTAL: usize = 20_000;
    let directory = TemporaryDirectory::new("slow");
    // Reads "event N" lines one by one (slowly: a shell loop), checks the sequence, sleeps
    // now and then, and reports at the end.
    let script = directory.script(
        "slow.sh",
        "n=0\n\
         while IFS= read -r line; do\n\
           if [ \"$line\" != \"event $n\" ]; then echo \"# out of order at $n: $line\"; exit 1; fi\n\
           n=$((n + 1))\n\
           if [ $((n % 2000)) -eq 0 ]; then sleep 0.05; fi\n\
           if [ $n -eq 20000 ]; then echo \"# received $n in order\"; fi\n\
         done",
    );
    let (sender, mut events) = mpsc::channel(64);
    let options = SupervisionOptions {
        event_queue_bytes: 4096,
        ..SupervisionOptions::default()
    };
    let handle = std::sync::Arc::new(spawn_process(
        helper("slow", &script, &[], &directory.path),
        options,
        sender,
    ));
    let started = Instant::now();
    let producer = {
        let handle = handle.clone();
        tokio::spawn(async move {
            for sequence in 0..TOTAL {
                handle
                    .send_event(format!("event {sequence}"))
                    .await
                    .expect("the helper is running");
            }
        })
    };
    // The hub keeps draining the helper's events while its sends wait.
    let seen = events_until(&mut events, Duration::from_secs(60), |event| {
        matches!(event, ProcEvent::Command { .. } | ProcEvent::Exited { .. })
    })
    .await;
    eprintln!("20k events to a slow reader: {:?}", started.elapsed());
    assert_eq!(comments(&seen), vec![format!("received {TOTAL} in order")]);
    tokio::time::timeout(Duration::from_secs(5), producer)
        .await
        .expect("every send finished")
        .expect("the producer did not panic");
    let statistics = handle.statistics();
    assert!(statistics.congestions > 0, "{statistics:?}");
    assert_eq!(statistics.lines_discarded, 0);
    handle.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flooding_helper_is_held_back_by_a_slow_hub() {
    const CAPACITY: usize = 16;
    let directory = TemporaryDirectory::new("flood");
    let script = directory.script("flood.sh", &format!("exec yes '{ROUTE_LINE}'"));
    let (sender, mut events) = mpsc::channel(CAPACITY);
    let handle = spawn_process(
        helper("flood", &script, &[], &directory.path),
        SupervisionOptions::default(),
        sender,
    );
    let mut consumed = 0u64;
    for _ in 0..200 {
        if let ProcEvent::Command { .. } = next_event(&mut events, Duration::from_secs(10)).await {
            consumed += 1;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let before = handle.statistics();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let after = handle.statistics();
    // The reader holds at most one line beyond what the channel holds, and stops reading
    // while the hub does not take any: the rest waits in the pipe, in the helper.
    let in_flight = (CAPACITY as u64) + 1;
    assert!(
        after.lines_read <= consumed + in_flight,
        "{after:?}, consumed {consumed}"
    );
    assert_eq!(before.lines_read, after.lines_read);
    assert!(
        after.line_buffer_high_water <= ROUTE_LINE.len(),
        "{after:?}"
    );
    assert_eq!(after.event_bytes_queued, 0);
    assert_eq!(after.answer_bytes_queued, 0);
    handle.stop();
    events_until(&mut events, Duration::from_secs(10), |event| {
        *event == ProcEvent::Stopped
    })
    .await;
}

#[tokio::test]
async fn a_line_over_one_mebibyte_is_an_error_and_the_next_line_parses() {
    let directory = TemporaryDirectory::new("long");
    let script = directory.script(
        "long.sh",
        &format!(
            "head -c 1572864 /dev/zero | tr '\\000' 'a'\necho\necho '{ROUTE_LINE}'\nexec sleep 600"
        ),
    );
    let (sender, mut events) = mpsc::channel(16);
    let handle = spawn_process(
        helper("long", &script, &[], &directory.path),
        SupervisionOptions::default(),
        sender,
    );
    let seen = events_until(&mut events, Duration::from_secs(20), |event| {
        matches!(event, ProcEvent::Command { .. } | ProcEvent::Exited { .. })
    })
    .await;
    let errors: Vec<_> = seen
        .iter()
        .filter_map(|event| match event {
            ProcEvent::Unparsable { line, error, .. } => Some((line.clone(), error.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(errors.len(), 1, "{seen:?}");
    let (line, error) = errors.first().expect("one error");
    assert!(line.starts_with("aaaa"), "{line}");
    assert!(line.len() < 300);
    assert!(
        error
            .message
            .contains("longer than the limit of 1048576 bytes")
    );
    match seen.last() {
        Some(ProcEvent::Command { line, .. }) => assert_eq!(line, ROUTE_LINE),
        other => panic!("expected the route command, got {other:?}"),
    }
    let statistics = handle.statistics();
    assert!(
        statistics.line_buffer_high_water <= 1024 * 1024,
        "{statistics:?}"
    );
    assert_eq!(statistics.unparsable_lines, 1);
    handle.stop();
}
