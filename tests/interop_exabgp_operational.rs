//! OPERATIONAL messages (draft-ietf-idr-operational-message, ExaBGP's `announce operational`)
//! between `ferrobgp run` and a real ExaBGP 5.0 on loopback (127.24.0.0/16, free ports).
//!
//! Cases: with the operational capability on both sides, a ferrobgp helper's `announce
//! operational adm|rpcq|lpcp …` reaches ExaBGP's helper as ExaBGP JSON (`"type":
//! "operational"`) with its text, router ID, sequence and counter, and the command answers
//! `done`; an ExaBGP helper's `announce operational asm …` reaches ferrobgp's helper the same
//! way; without `capability { operational }` in ferrobgp's configuration the command answers
//! `error` and ExaBGP receives nothing. The pair is `exabgp_pair`'s, on its own network.

mod daemon_support;

use daemon_support::exabgp_pair::{self, Pair, Setup};
use daemon_support::relay_helper::RelayHelper;
use daemon_support::speaker::SESSION;
use serde_json::Value;

/// ExaBGP (operational enabled, at 127.24.`third`.1, AS 65242) and ferrobgp (127.24.`third`.2,
/// AS 65241, with `ferrobgp_capability` in its `capability` block), both helpers hearing
/// operational messages; returns once the session is up on both sides.
fn start(label: &str, third: u8, ferrobgp_capability: &str) -> Pair {
    let network = format!("127.24.{third}");
    let our_extra = format!(
        "capability {{ {ferrobgp_capability} }}
    api {{
        processes \"recorder\"
        receive {{ parsed; operational; }}
        send {{ parsed; operational; }}
    }}"
    );
    let pair = exabgp_pair::start(
        &format!("operational-{label}"),
        &Setup {
            network: &network,
            octets: (1, 2),
            our_as: 65241,
            exabgp_as: 65242,
            exabgp_capabilities: "operational enable; route-refresh;",
            exabgp_receive: "parsed; operational; refresh;",
            our_extra: &our_extra,
            ..Setup::default()
        },
    );
    pair.wait_up(0, 1);
    pair
}

/// Waits until `recorder` holds `count` operational events received; returns their
/// `operational` objects.
fn received_operational(recorder: &RelayHelper, count: usize) -> Vec<Value> {
    recorder.wait(
        &format!("{count} operational message(s) received"),
        SESSION,
        |events| {
            let received: Vec<Value> = events
                .iter()
                .filter(|event| {
                    event["type"] == "operational" && event["neighbor"]["direction"] == "receive"
                })
                .map(|event| event["neighbor"]["operational"].clone())
                .collect();
            (received.len() >= count).then_some(received)
        },
    )
}

/// Waits until `recorder` received `count` acks; returns them.
fn acks(recorder: &RelayHelper, count: usize) -> Vec<String> {
    daemon_support::wait_until_reporting(
        &format!("{count} ack(s)"),
        SESSION,
        || {
            let acks: Vec<String> = recorder
                .lines()
                .into_iter()
                .filter(|line| line == "done" || line == "error")
                .collect();
            (acks.len() >= count).then_some(acks)
        },
        || recorder.lines().join("\n"),
    )
}

#[test]
fn ferrobgp_helper_messages_reach_exabgp_helper() {
    let pair = start("send", 1, "operational");
    pair.recorder
        .send(r#"announce operational adm afi ipv4 safi unicast advisory "maintenance at 10""#);
    pair.recorder
        .send("announce operational rpcq afi ipv6 safi unicast sequence 7");
    pair.recorder.send(
        "announce operational lpcp afi ipv4 safi unicast sequence 3 counter 4294967295 router-id 10.9.8.7",
    );
    let received = received_operational(&pair.exabgp.recorder, 3);
    assert_eq!(received[0]["name"], "ADM", "{received:?}");
    assert_eq!(received[0]["afi"], "ipv4", "{received:?}");
    assert_eq!(received[0]["safi"], "unicast", "{received:?}");
    assert_eq!(received[0]["advisory"], "maintenance at 10", "{received:?}");
    // ExaBGP shows only name and family of a query.
    assert_eq!(received[1]["name"], "RPCQ", "{received:?}");
    assert_eq!(received[1]["afi"], "ipv6", "{received:?}");
    assert_eq!(received[2]["name"], "LPCP", "{received:?}");
    assert_eq!(received[2]["router-id"], "10.9.8.7", "{received:?}");
    assert_eq!(received[2]["sequence"], 3, "{received:?}");
    assert_eq!(received[2]["counter"], 4_294_967_295_u64, "{received:?}");
    assert_eq!(acks(&pair.recorder, 3), ["done", "done", "done"]);
}

#[test]
fn exabgp_helper_messages_reach_ferrobgp_helper() {
    let pair = start("receive", 2, "operational #true");
    pair.exabgp
        .recorder
        .send("announce operational asm afi ipv4 safi unicast advisory draining");
    pair.exabgp
        .recorder
        .send("announce operational rpcp afi ipv4 safi unicast sequence 5 counter 42");
    let received = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        received_operational(&pair.recorder, 2)
    }))
    .unwrap_or_else(|_| panic!("ExaBGP's log:\n{}", pair.exabgp.log()));
    assert_eq!(received[0]["name"], "ASM", "{received:?}");
    assert_eq!(received[0]["advisory"], "draining", "{received:?}");
    assert_eq!(received[1]["name"], "RPCP", "{received:?}");
    // ExaBGP sends its own router ID when none is given (and refuses `router-id` with
    // all three other pairs: it reads a fixed number of words).
    assert_eq!(received[1]["router-id"], "127.24.2.1", "{received:?}");
    assert_eq!(received[1]["sequence"], 5, "{received:?}");
    assert_eq!(received[1]["counter"], 42, "{received:?}");
}

#[test]
fn without_the_capability_the_command_answers_error() {
    let pair = start("disabled", 3, "operational #false");
    pair.recorder
        .send("announce operational asm afi ipv4 safi unicast advisory nothing");
    assert_eq!(acks(&pair.recorder, 1), ["error"]);
    // A ROUTE-REFRESH sent after it: once ExaBGP has it, an OPERATIONAL message sent before
    // would have arrived too (one TCP stream).
    pair.recorder.send("announce route-refresh ipv4 unicast");
    pair.wait_exabgp_refresh("the route refresh");
    assert!(
        pair.exabgp.recorder.events_of("operational").is_empty(),
        "{:?}",
        pair.exabgp.recorder.events_of("operational")
    );
}
