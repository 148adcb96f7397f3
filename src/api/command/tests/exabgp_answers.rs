//! What ExaBGP 5.0.15 answered to these lines (captured from a helper, acks on, one
//! configured peer 127.0.0.2 that was not established) and what ferrobgp answers when the
//! command then succeeds. Only lines whose answer depends on parsing are listed (`announce
//! eor` answers `error` in ExaBGP for want of an established peer, which is not the parser's
//! business). The differences are deliberate; each says why.

use super::*;

/// (line, ExaBGP's answer, ours); `None` is no answer at all, "exit" means ExaBGP crashed.
const ANSWERS: [(&str, Option<&str>, Option<&str>); 46] = [
    ("# comment", Some("done"), Some("done")),
    ("#comment", Some("error"), Some("done")), // a comment is a comment
    ("", Some("error"), Some("error")),
    ("   ", Some("error"), Some("error")),
    ("version", Some("done"), Some("done")),
    ("VERSION", Some("error"), Some("error")),
    ("  version  ", Some("done"), Some("done")),
    ("version extra", Some("done"), Some("error")), // extra words are mistakes
    ("neighbor 1.2.3.4 version", Some("done"), Some("error")), // no selector on daemon-wide commands
    ("help json", Some("exit"), Some("error")), // ExaBGP 5.0 exits with KeyError: 'help'
    (
        "announce route 10.0.0.0/24 next-hop 1.1.1.1",
        Some("done"),
        Some("done"),
    ),
    (
        "announce  route   10.0.1.0/24    next-hop 1.1.1.1",
        Some("done"),
        Some("done"),
    ),
    (
        "\tannounce\troute 10.0.7.0/24 next-hop 1.1.1.1",
        Some("done"),
        Some("done"),
    ),
    (
        "ANNOUNCE route 10.0.2.0/24 next-hop 1.1.1.1",
        Some("error"),
        Some("error"),
    ),
    // the route grammar (api::route) reads its keywords case-insensitively
    (
        "announce route 10.0.3.0/24 NEXT-HOP 1.1.1.1",
        Some("error"),
        Some("done"),
    ),
    (
        "announce route 10.0.5.0/24 next-hop 1.1.1.1 # trailing",
        Some("error"),
        Some("error"),
    ),
    (
        "neighbor 127.0.0.2 announce route 10.0.4.0/24 next-hop 1.1.1.1",
        Some("done"),
        Some("done"),
    ),
    (
        "neighbor 127.0.0.2,neighbor 127.0.0.3 announce route 10.0.8.0/24 next-hop 1.1.1.1",
        Some("done"),
        Some("done"),
    ),
    (
        "neighbor * announce route 10.0.9.0/24 next-hop 1.1.1.1",
        Some("done"),
        Some("done"),
    ),
    (
        "neighbor 127.0.0.2 local-as 65001 peer-as 65002 local-ip 127.0.0.1 router-id 10.0.0.1 family-allowed in-open announce route 10.0.10.0/24 next-hop 1.1.1.1",
        Some("done"),
        Some("done"),
    ),
    (
        "neighbor 127.0.0.2 bogus 1 announce route 10.0.12.0/24 next-hop 1.1.1.1",
        Some("error"),
        Some("error"),
    ),
    ("neighbor", Some("error"), Some("error")),
    ("neighbor 127.0.0.2", Some("error"), Some("error")),
    (
        "announce flow route source 10.0.0.2/32 destination-port >1024&<2000 rate-limit 9600",
        Some("done"),
        Some("done"),
    ),
    ("withdraw route 10.99.0.0/24", Some("done"), Some("done")),
    ("announce watchdog", Some("done"), Some("done")),
    ("announce watchdog a b", Some("done"), Some("error")), // extra words are mistakes
    ("teardown", Some("error"), Some("error")),
    ("teardown x", Some("error"), Some("error")),
    ("teardown 4", Some("done"), Some("error")), // ExaBGP tears nothing down
    ("neighbor 127.0.0.2 teardown 4", Some("done"), Some("done")),
    (
        "neighbor 127.0.0.2 teardown 4 bye",
        Some("error"),
        Some("done"),
    ), // RFC 9003 message
    (
        "neighbor 127.0.0.2 teardown 300",
        Some("done"),
        Some("error"),
    ), // subcode is one octet
    ("announce operational foo", Some("done"), Some("error")), // ExaBGP sends nothing
    (
        "announce operational rpcq afi ipv4 safi unicast sequence 1",
        Some("done"),
        Some("done"),
    ),
    ("clear adj-rib", Some("done"), Some("done")),
    ("clear adj-rib in", Some("done"), Some("done")),
    ("crash", Some("error"), Some("error")),
    ("show neighbor", Some("done"), Some("done")),
    (
        "show neighbor summary 127.0.0.2",
        Some("done"),
        Some("done"),
    ),
    (
        "show neighbor 127.0.0.2 summary",
        Some("done"),
        Some("done"),
    ),
    ("show adj-rib in extensive", Some("done"), Some("done")),
    ("show adj-rib-out", Some("error"), Some("done")), // the handler's own intent
    ("debug hello", None, None),
    ("reset", None, None),
    ("silence-ack", None, None),
];

#[test]
fn answers_compared_with_exabgp() {
    for (line, exabgp, ours) in ANSWERS {
        let mut state = AckState::Enabled;
        let answer = match parse_command(line) {
            Ok(command) => state.respond(&command, AckOutcome::Done),
            Err(_) => state.ack(AckOutcome::Error),
        };
        assert_eq!(answer, ours, "{line:?} (ExaBGP: {exabgp:?})");
    }
}
