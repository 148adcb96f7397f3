//! Bad input from a peer, against the real `ferrobgp run` binary: a scripted raw-socket
//! peer (one passive neighbor per case, each on its own loopback address, so the daemon's
//! restart backoff never delays a case) completes the OPEN exchange with 4-octet AS and
//! multiprotocol IPv4/IPv6 unicast and IPv4 flowspec, then sends one crafted message. Each
//! gets the RFC 4271 / RFC 6608 / RFC 7606 reaction:
//!
//! - session reset: the exact NOTIFICATION (code, subcode, and the Data where RFC 4271 §6
//!   specifies it), and a valid UPDATE sent right after the error is never processed;
//! - treat-as-withdraw: the session stays up and a previously announced identical prefix
//!   is logged as withdrawn (the daemon logs received UPDATEs in ExaBGP's text form);
//! - attribute discard: the session stays up and the route is logged without the attribute.
//!
//! For every case the daemon is still running afterwards, and its log never says "panicked".

mod daemon_support;
mod malformed_support;

use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use daemon_support::{Scratch, free_port};
use malformed_support::daemon::Daemon;
use malformed_support::*;

const LISTEN: &str = "127.0.0.99";
/// Case `i` connects from 127.0.0.(FIRST_HOST + i).
const FIRST_HOST: u8 = 100;
const READ: Duration = Duration::from_secs(5);

/// Where the scripted peer is when it sends the crafted bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// The daemon's OPEN was read, ours not sent (the daemon is in OpenSent).
    OpenSent,
    /// Our OPEN was sent, not our KEEPALIVE (the daemon is in OpenConfirm).
    OpenConfirm,
    /// OPENs and KEEPALIVEs exchanged.
    Established,
}

/// The expected reaction.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// This NOTIFICATION, then the connection closes; `data` when the RFC specifies it.
    Reset {
        code: u8,
        subcode: u8,
        data: Option<&'static [u8]>,
    },
    /// Treat-as-withdraw: the case's prefix, announced before, is logged as withdrawn.
    Withdraw,
    /// Attribute discard: the route is logged as announced, without `absent`.
    Discard { absent: &'static str },
}

/// What a case knows about itself when building its bytes.
struct Context {
    /// The scripted peer's address (also the next hop of its routes).
    address: Ipv4Addr,
    /// The case's IPv4 prefix: 10.<case>.1.0/24.
    prefix: [u8; 4],
}

struct Case {
    name: &'static str,
    stage: Stage,
    bytes: fn(&Context) -> Vec<u8>,
    expect: Expect,
}

const fn reset(code: u8, subcode: u8, data: Option<&'static [u8]>) -> Expect {
    Expect::Reset {
        code,
        subcode,
        data,
    }
}

/// A valid announcement of the case's prefix.
fn announcement(context: &Context) -> Vec<u8> {
    update(
        &[],
        &mandatory(context.address),
        &prefix(context.prefix, 24),
    )
}

/// An announcement of the case's prefix whose attributes are `mandatory` plus `extra`.
fn with_extra(context: &Context, extra: &[u8]) -> Vec<u8> {
    let attributes = [mandatory(context.address), extra.to_vec()].concat();
    update(&[], &attributes, &prefix(context.prefix, 24))
}

/// An announcement of the case's prefix with exactly these attributes.
fn with_attributes(context: &Context, attributes: &[u8]) -> Vec<u8> {
    update(&[], attributes, &prefix(context.prefix, 24))
}

/// MP_REACH_NLRI for IPv6 unicast 2001:db8::/32, next hop 2001:db8::1.
fn mp_reach_ipv6() -> Vec<u8> {
    let mut value = vec![0, 2, 1, 16];
    value.extend_from_slice(
        &"2001:db8::1"
            .parse::<std::net::Ipv6Addr>()
            .expect("v6")
            .octets(),
    );
    value.push(0);
    value.extend_from_slice(&[32, 0x20, 0x01, 0x0d, 0xb8]);
    attribute(0x80, 14, &value)
}

fn cases() -> Vec<Case> {
    vec![
        // --- Message header errors (RFC 4271 §6.1) ---
        Case {
            name: "marker not all ones",
            stage: Stage::Established,
            bytes: |_| {
                let mut bytes = message(KEEPALIVE, &[]);
                bytes[0] = 0;
                bytes
            },
            expect: reset(1, 1, Some(&[])),
        },
        Case {
            name: "length 18, below the minimum",
            stage: Stage::Established,
            bytes: |_| header(18, KEEPALIVE),
            expect: reset(1, 2, Some(&[0x00, 0x12])),
        },
        Case {
            name: "length 4097 without extended message",
            stage: Stage::Established,
            bytes: |_| header(4097, UPDATE),
            expect: reset(1, 2, Some(&[0x10, 0x01])),
        },
        Case {
            name: "KEEPALIVE with a one-octet body",
            stage: Stage::Established,
            bytes: |_| message(KEEPALIVE, &[0]),
            expect: reset(1, 2, Some(&[0x00, 0x14])),
        },
        Case {
            name: "KEEPALIVE with a four-octet body",
            stage: Stage::Established,
            bytes: |_| message(KEEPALIVE, &[0, 0, 0, 0]),
            expect: reset(1, 2, Some(&[0x00, 0x17])),
        },
        Case {
            name: "UPDATE shorter than 23 octets",
            stage: Stage::Established,
            bytes: |_| message(UPDATE, &[0, 0]),
            expect: reset(1, 2, Some(&[0x00, 0x15])),
        },
        Case {
            name: "OPEN shorter than 29 octets",
            stage: Stage::OpenSent,
            bytes: |_| message(OPEN, &[4, 0x5B, 0xA0, 0, 30, 10, 0, 0, 2]),
            expect: reset(1, 2, Some(&[0x00, 0x1C])),
        },
        Case {
            name: "unknown message type 9",
            stage: Stage::Established,
            bytes: |_| message(9, &[]),
            expect: reset(1, 3, Some(&[9])),
        },
        Case {
            name: "unknown message type 255",
            stage: Stage::Established,
            bytes: |_| message(255, &[1, 2, 3]),
            expect: reset(1, 3, Some(&[255])),
        },
        // --- OPEN message errors (RFC 4271 §6.2) ---
        Case {
            name: "OPEN version 5",
            stage: Stage::OpenSent,
            bytes: |_| open(5, AS_TRANS, 30, [10, 0, 0, 2], &capabilities(PEER_AS)),
            // "the largest, locally-supported version number less than the version the
            // remote BGP peer bid"
            expect: reset(2, 1, Some(&[0, 4])),
        },
        Case {
            name: "OPEN from the wrong AS",
            stage: Stage::OpenSent,
            bytes: |_| open(4, AS_TRANS, 30, [10, 0, 0, 2], &capabilities(4_200_000_099)),
            expect: reset(2, 2, None),
        },
        Case {
            name: "OPEN with BGP identifier 0.0.0.0",
            stage: Stage::OpenSent,
            bytes: |_| open(4, AS_TRANS, 30, [0, 0, 0, 0], &capabilities(PEER_AS)),
            expect: reset(2, 3, None),
        },
        Case {
            name: "OPEN with an unsupported optional parameter (type 3)",
            stage: Stage::OpenSent,
            bytes: |_| {
                let parameters = [capabilities(PEER_AS), vec![3, 2, 0xAB, 0xCD]].concat();
                open(4, AS_TRANS, 30, [10, 0, 0, 2], &parameters)
            },
            expect: reset(2, 4, None),
        },
        Case {
            name: "OPEN with hold time 1",
            stage: Stage::OpenSent,
            bytes: |_| open(4, AS_TRANS, 1, [10, 0, 0, 2], &capabilities(PEER_AS)),
            expect: reset(2, 6, None),
        },
        Case {
            name: "OPEN with hold time 2",
            stage: Stage::OpenSent,
            bytes: |_| open(4, AS_TRANS, 2, [10, 0, 0, 2], &capabilities(PEER_AS)),
            expect: reset(2, 6, None),
        },
        // --- Messages in the wrong state (RFC 6608) ---
        Case {
            name: "KEEPALIVE in OpenSent",
            stage: Stage::OpenSent,
            bytes: |_| message(KEEPALIVE, &[]),
            expect: reset(5, 1, None),
        },
        Case {
            name: "UPDATE in OpenConfirm",
            stage: Stage::OpenConfirm,
            bytes: announcement,
            expect: reset(5, 2, None),
        },
        Case {
            name: "OPEN in Established",
            stage: Stage::Established,
            bytes: |_| good_open(),
            expect: reset(5, 3, None),
        },
        // --- UPDATE errors that reset the session (RFC 4271 §6.3, RFC 7606) ---
        Case {
            name: "Withdrawn Routes Length overruns the message",
            stage: Stage::Established,
            bytes: |_| message(UPDATE, &[0x00, 0x10, 0x00, 0x00]),
            expect: reset(3, 1, Some(&[])),
        },
        Case {
            name: "Total Path Attribute Length overruns the message",
            stage: Stage::Established,
            bytes: |context| {
                let attributes = mandatory(context.address);
                let mut body = vec![0, 0, 0, 200];
                body.extend_from_slice(&attributes);
                message(UPDATE, &body)
            },
            expect: reset(3, 1, Some(&[])),
        },
        Case {
            name: "unrecognized well-known attribute (type 240)",
            stage: Stage::Established,
            bytes: |context| with_extra(context, &attribute(0x40, 240, &[1])),
            // Data: "the unrecognized attribute (type, length, and value)".
            expect: reset(3, 2, Some(&[0x40, 240, 1, 1])),
        },
        Case {
            name: "MP_REACH_NLRI twice",
            stage: Stage::Established,
            bytes: |context| {
                let extra = [mp_reach_ipv6(), mp_reach_ipv6()].concat();
                with_extra(context, &extra)
            },
            // RFC 7606 §3 (g): "Malformed Attribute List".
            expect: reset(3, 1, Some(&[])),
        },
        Case {
            name: "MP_REACH_NLRI with a 5-octet IPv6 next hop",
            stage: Stage::Established,
            bytes: |context| {
                let value = [
                    0, 2, 1, 5, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 32, 0x20, 0x01, 0x0d, 0xb8,
                ];
                with_extra(context, &attribute(0x80, 14, &value))
            },
            expect: reset(3, 9, None),
        },
        Case {
            name: "MP_REACH_NLRI with an IPv6 prefix of length 129",
            stage: Stage::Established,
            bytes: |context| {
                let mut value = vec![0, 2, 1, 16];
                value.extend_from_slice(&[
                    0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
                ]);
                value.push(0);
                value.extend_from_slice(&[129; 17]);
                with_extra(context, &attribute(0x80, 14, &value))
            },
            // RFC 4271 §6.3: a syntactically incorrect NLRI field is "Invalid Network
            // Field"; RFC 7606 §5.3 resets the session for MP_REACH_NLRI.
            expect: reset(3, 10, Some(&[])),
        },
        Case {
            name: "NLRI prefix length 33",
            stage: Stage::Established,
            bytes: |context| update(&[], &mandatory(context.address), &[33, 10, 0, 0, 0, 0]),
            expect: reset(3, 10, Some(&[])),
        },
        Case {
            name: "withdrawn prefix length 40",
            stage: Stage::Established,
            bytes: |_| update(&[40, 10, 0, 0, 0, 0], &[], &[]),
            expect: reset(3, 10, Some(&[])),
        },
        // --- Treat-as-withdraw (RFC 7606 §7) ---
        Case {
            name: "ORIGIN value 3",
            stage: Stage::Established,
            bytes: |context| {
                let attributes = [
                    attribute(0x40, 1, &[3]),
                    as_path(&[PEER_AS]),
                    next_hop(context.address),
                ]
                .concat();
                with_attributes(context, &attributes)
            },
            expect: Expect::Withdraw,
        },
        Case {
            name: "ORIGIN with the optional flag",
            stage: Stage::Established,
            bytes: |context| {
                let attributes = [
                    attribute(0xC0, 1, &[0]),
                    as_path(&[PEER_AS]),
                    next_hop(context.address),
                ]
                .concat();
                with_attributes(context, &attributes)
            },
            expect: Expect::Withdraw,
        },
        Case {
            name: "AS_PATH segment type 5",
            stage: Stage::Established,
            bytes: |context| {
                let mut path = vec![5, 1];
                path.extend_from_slice(&PEER_AS.to_be_bytes());
                let attributes = [
                    origin_igp(),
                    attribute(0x40, 2, &path),
                    next_hop(context.address),
                ]
                .concat();
                with_attributes(context, &attributes)
            },
            expect: Expect::Withdraw,
        },
        Case {
            name: "AS_PATH segment count overruns the attribute",
            stage: Stage::Established,
            bytes: |context| {
                let mut path = vec![2, 3];
                path.extend_from_slice(&PEER_AS.to_be_bytes());
                let attributes = [
                    origin_igp(),
                    attribute(0x40, 2, &path),
                    next_hop(context.address),
                ]
                .concat();
                with_attributes(context, &attributes)
            },
            expect: Expect::Withdraw,
        },
        Case {
            name: "NEXT_HOP of length 5",
            stage: Stage::Established,
            bytes: |context| {
                let mut hop = context.address.octets().to_vec();
                hop.push(0);
                let attributes =
                    [origin_igp(), as_path(&[PEER_AS]), attribute(0x40, 3, &hop)].concat();
                with_attributes(context, &attributes)
            },
            expect: Expect::Withdraw,
        },
        Case {
            name: "missing ORIGIN with NLRI",
            stage: Stage::Established,
            bytes: |context| {
                let attributes = [as_path(&[PEER_AS]), next_hop(context.address)].concat();
                with_attributes(context, &attributes)
            },
            expect: Expect::Withdraw,
        },
        Case {
            name: "COMMUNITIES of length 5",
            stage: Stage::Established,
            bytes: |context| with_extra(context, &attribute(0xC0, 8, &[0xFD, 0xE8, 0, 1, 0])),
            expect: Expect::Withdraw,
        },
        Case {
            name: "MULTI_EXIT_DISC of length 3",
            stage: Stage::Established,
            bytes: |context| with_extra(context, &attribute(0x80, 4, &[0, 0, 7])),
            expect: Expect::Withdraw,
        },
        Case {
            name: "last attribute overruns the Total Path Attribute Length",
            stage: Stage::Established,
            bytes: |context| {
                // MED says 4 octets, only 2 remain inside the attributes; the NLRI is
                // still found through the Total Path Attribute Length (RFC 7606 §4).
                let attributes = [mandatory(context.address), vec![0x80, 4, 4, 0, 0]].concat();
                with_attributes(context, &attributes)
            },
            expect: Expect::Withdraw,
        },
        Case {
            name: "MP_UNREACH_NLRI of length 2",
            stage: Stage::Established,
            bytes: |_| update(&[], &attribute(0x80, 15, &[0, 2]), &[]),
            expect: reset(3, 9, None),
        },
        Case {
            name: "IPv4 flowspec NLRI with component type 99",
            stage: Stage::Established,
            bytes: |context| {
                let value = [0, 1, 133, 0, 0, 5, 99, 24, 10, 0, 0];
                with_extra(context, &attribute(0x80, 14, &value))
            },
            expect: reset(3, 10, Some(&[])),
        },
        Case {
            name: "EXTENDED_COMMUNITIES of length 7",
            stage: Stage::Established,
            bytes: |context| {
                with_extra(context, &attribute(0xC0, 16, &[0, 2, 0xFD, 0xE8, 0, 0, 1]))
            },
            expect: Expect::Withdraw,
        },
        Case {
            name: "LARGE_COMMUNITIES of length 11",
            stage: Stage::Established,
            bytes: |context| with_extra(context, &attribute(0xC0, 32, &[0; 11])),
            expect: Expect::Withdraw,
        },
        // --- Attribute discard (RFC 7606 §7.6, §7.7, RFC 6793) ---
        Case {
            name: "AGGREGATOR of length 5",
            stage: Stage::Established,
            bytes: |context| with_extra(context, &attribute(0xC0, 7, &[0, 0, 0xFD, 0xE8, 1])),
            expect: Expect::Discard {
                absent: "aggregator",
            },
        },
        Case {
            name: "ATOMIC_AGGREGATE of length 1",
            stage: Stage::Established,
            bytes: |context| with_extra(context, &attribute(0x40, 6, &[0])),
            expect: Expect::Discard {
                absent: "atomic-aggregate",
            },
        },
        Case {
            name: "AS4_PATH on a 4-octet session",
            stage: Stage::Established,
            bytes: |context| {
                let mut path = vec![2, 1];
                path.extend_from_slice(&65099u32.to_be_bytes());
                with_extra(context, &attribute(0xC0, 17, &path))
            },
            expect: Expect::Discard { absent: "65099" },
        },
    ]
}

/// Runs one case; `Err` says what went wrong.
fn run(daemon: &Daemon, target: SocketAddr, index: u8, case: &Case) -> Result<(), String> {
    let address = Ipv4Addr::new(127, 0, 0, FIRST_HOST + index);
    let context = Context {
        address,
        prefix: [10, index, 1, 0],
    };
    let route = format!("10.{index}.1.0/24");
    let neighbor = format!("neighbor {address} receive update");
    let mut peer = RawPeer::connect(address, target)?;
    match case.stage {
        Stage::OpenSent => {
            peer.expect(OPEN, READ)?;
        }
        Stage::OpenConfirm => {
            peer.expect(OPEN, READ)?;
            peer.send(&good_open())?;
        }
        Stage::Established => peer.establish()?,
    }
    match case.expect {
        Expect::Reset {
            code,
            subcode,
            data,
        } => {
            // A valid UPDATE right after the error must never be processed.
            let mut bytes = (case.bytes)(&context);
            if case.stage == Stage::Established {
                bytes.extend_from_slice(&announcement(&context));
            }
            peer.send(&bytes)?;
            let notification = peer.notification(READ)?;
            let got = (notification.code, notification.subcode);
            if got != (code, subcode) {
                return Err(format!(
                    "NOTIFICATION {notification:?}, expected {code}/{subcode}"
                ));
            }
            if let Some(data) = data
                && notification.data != data
            {
                return Err(format!(
                    "NOTIFICATION data {:02X?}, expected {data:02X?}",
                    notification.data
                ));
            }
            match peer.read(READ)? {
                Read1::Closed => {}
                other => return Err(format!("after the NOTIFICATION: {other:?}")),
            }
            // The daemon processes in order: once its NOTIFICATION arrived, a route of the
            // following UPDATE would already have been logged.
            if let Ok(line) = daemon.wait_line(&[&neighbor, &route], Duration::from_millis(200)) {
                return Err(format!("the UPDATE after the error was processed: {line}"));
            }
        }
        Expect::Withdraw => {
            peer.send(&announcement(&context))?;
            daemon.wait_line(&[&format!("{neighbor} announced {route}")], READ)?;
            peer.send(&(case.bytes)(&context))?;
            daemon.wait_line(&[&format!("{neighbor} withdrawn {route}")], READ)?;
            still_up(daemon, &mut peer, &context, &neighbor)?;
        }
        Expect::Discard { absent } => {
            peer.send(&(case.bytes)(&context))?;
            let line = daemon.wait_line(&[&format!("{neighbor} announced {route}")], READ)?;
            if line.contains(absent) || !line.contains(&PEER_AS.to_string()) {
                return Err(format!("the route was not kept as expected: {line}"));
            }
            still_up(daemon, &mut peer, &context, &neighbor)?;
        }
    }
    Ok(())
}

/// The session is still up: a later valid UPDATE (another prefix) is processed and no
/// NOTIFICATION or close comes.
fn still_up(
    daemon: &Daemon,
    peer: &mut RawPeer,
    context: &Context,
    neighbor: &str,
) -> Result<(), String> {
    let [_, index, _, _] = context.prefix;
    let sentinel = update(
        &[],
        &mandatory(context.address),
        &prefix([10, index, 2, 0], 24),
    );
    peer.send(&sentinel)?;
    daemon.wait_line(&[&format!("{neighbor} announced 10.{index}.2.0/24")], READ)?;
    peer.stays_up(Duration::from_millis(300))
}

#[test]
fn malformed_messages_get_the_rfc_reaction_and_never_a_panic() {
    let started = Instant::now();
    let cases = cases();
    assert!(cases.len() >= 25, "{} cases", cases.len());
    let scratch = Scratch::new("malformed");
    let port = free_port(LISTEN);
    let mut config = format!(
        "router-id \"192.0.2.99\"\nlocal-as 65000\nlisten \"{LISTEN}\" port={port}\ncontrol-fifo #false\n"
    );
    for index in 0..cases.len() {
        let host = FIRST_HOST + u8::try_from(index).expect("few cases");
        config.push_str(&format!(
            "neighbor \"127.0.0.{host}\" {{ peer-as {PEER_AS}; passive; hold-time 30; \
             family {{ ipv4 unicast; ipv6 unicast; ipv4 flow; }} }}\n"
        ));
    }
    let config = scratch.write("malformed.kdl", &config);
    let mut daemon = Daemon::start(&config);
    daemon
        .wait_line(&["listening on", LISTEN], Duration::from_secs(20))
        .expect("the daemon listens");
    let target: SocketAddr = format!("{LISTEN}:{port}").parse().expect("address");

    let results: Vec<(&str, Result<(), String>)> = std::thread::scope(|scope| {
        let daemon = &daemon;
        let handles: Vec<_> = cases
            .iter()
            .enumerate()
            .map(|(index, case)| {
                let index = u8::try_from(index).expect("few cases");
                scope.spawn(move || (case.name, run(daemon, target, index, case)))
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("case thread"))
            .collect()
    });

    let alive = daemon.alive();
    let lines = daemon.lines();
    let failures: Vec<String> = results
        .iter()
        .filter_map(|(name, result)| {
            result
                .as_ref()
                .err()
                .map(|error| format!("{name}: {error}"))
        })
        .collect();
    eprintln!("{} cases in {:?}", results.len(), started.elapsed());
    assert!(alive, "the daemon exited; log:\n{}", lines.join("\n"));
    assert!(
        lines.iter().all(|line| !line.contains("panicked")),
        "the daemon panicked; log:\n{}",
        lines.join("\n")
    );
    assert!(
        failures.is_empty(),
        "failed cases:\n{}",
        failures.join("\n")
    );
}
