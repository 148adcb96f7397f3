//! How `ferrobgp run` sends its routes, read byte by byte by a scripted raw-socket peer:
//! - `group-updates #false`: one route per UPDATE; `manual-eor #true`: no End-of-RIB after the
//!   initial table, only the one a helper asks for (`announce eor ipv6 unicast`, sent when it
//!   sees the session up); LOCAL_PREF given to routes of an external neighbor is not sent
//!   (RFC 4271 §5.1.5: "A BGP speaker MUST NOT include this attribute in UPDATE messages it
//!   sends to external peers"), neither for a static route nor for a helper's route;
//!   `adj-rib-out #false`: the helper's route is not sent again on the next session;
//! - the defaults on an internal neighbor: the routes share one UPDATE, LOCAL_PREF is sent,
//!   End-of-RIB follows each family by itself.

mod daemon_support;
mod malformed_support;

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use daemon_support::{Daemon, Scratch, free_port};
use ferrobgp::wire::family::Family;
use ferrobgp::wire::negotiated::Negotiated;
use ferrobgp::wire::nlri::Nlri;
use ferrobgp::wire::update::{Update, decode};
use malformed_support::{KEEPALIVE, PEER_AS, RawPeer, Read1, UPDATE};

const LISTEN: &str = "127.16.3.1";
const EXTERNAL: Ipv4Addr = Ipv4Addr::new(127, 16, 3, 2);
const INTERNAL: Ipv4Addr = Ipv4Addr::new(127, 16, 3, 3);
const READ: Duration = Duration::from_secs(20);

/// The codec context of the raw peer's sessions (4-octet AS, no ADD-PATH).
fn negotiated() -> Negotiated {
    Negotiated {
        asn4: true,
        families: vec![Family::IPV4_UNICAST, Family::IPV6_UNICAST],
        ..Negotiated::default()
    }
}

/// The next UPDATE from the daemon (KEEPALIVEs skipped), decoded.
fn next_update(peer: &mut RawPeer) -> Update {
    loop {
        match peer.read(READ).expect("read") {
            Read1::Message(UPDATE, body) => return decode(&body, &negotiated()).expect("decodes"),
            Read1::Message(KEEPALIVE, _) => {}
            other => panic!("expected an UPDATE, got {other:?}"),
        }
    }
}

/// "10.16.3.0/32" for an IPv4 unicast NLRI.
fn prefix_text(nlri: &Nlri) -> String {
    match nlri {
        Nlri::Unicast(prefix) => prefix.prefix.to_string(),
        other => format!("{other:?}"),
    }
}

/// Connects and completes the OPEN exchange, trying again while the daemon refuses (not
/// listening yet, or waiting out its restart backoff after a session went down).
fn connect(target: SocketAddr, local: Ipv4Addr) -> RawPeer {
    let deadline = std::time::Instant::now() + READ + READ;
    loop {
        let attempt = RawPeer::connect(local, target).and_then(|mut peer| {
            peer.establish()?;
            Ok(peer)
        });
        match attempt {
            Ok(peer) => return peer,
            Err(error) => {
                assert!(std::time::Instant::now() < deadline, "{error}");
                std::thread::sleep(Duration::from_millis(200));
            }
        }
    }
}

#[test]
fn one_route_per_update_manual_end_of_rib_and_no_local_preference_to_external_peers() {
    let scratch = Scratch::new("send-settings");
    let port = free_port(LISTEN);
    // When the helper first sees the session up, it announces one route with LOCAL_PREF; each
    // time, it asks for the IPv6 End-of-RIB, which goes out after the route.
    let helper = scratch.write(
        "helper.sh",
        &format!(
            "#!/bin/sh\n\
             announced=\n\
             while read -r line; do\n\
             case \"$line\" in *'\"state\": \"up\"'*)\n\
             if [ -z \"$announced\" ]; then\n\
             echo 'neighbor {EXTERNAL} announce route 10.16.3.3/32 next-hop 127.16.3.1 local-preference 400'\n\
             announced=1\n\
             fi\n\
             echo 'neighbor {EXTERNAL} announce eor ipv6 unicast' ;;\n\
             esac\n\
             done\n"
        ),
    );
    std::fs::set_permissions(&helper, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
    let config = scratch.write(
        "ferrobgp.kdl",
        &format!(
            r#"
router-id "192.0.2.163"
local-as 65163
listen "{LISTEN}" port={port}
control-fifo #false
process "eor" {{ run "{helper}" }}
neighbor "{EXTERNAL}" {{
    peer-as {PEER_AS}
    passive
    family {{ ipv4 unicast; ipv6 unicast; }}
    group-updates #false
    manual-eor
    adj-rib-out #false
    api {{ processes "eor"; neighbor-changes; }}
    announce {{
        route "10.16.3.0/32 next-hop 127.16.3.1 local-preference 300"
        route "10.16.3.1/32 next-hop 127.16.3.1 local-preference 300"
    }}
}}
neighbor "{INTERNAL}" {{
    peer-as {PEER_AS}
    local-as {PEER_AS}
    passive
    family {{ ipv4 unicast; ipv6 unicast; }}
    announce {{
        route "10.16.3.0/32 next-hop 127.16.3.1 local-preference 300"
        route "10.16.3.1/32 next-hop 127.16.3.1 local-preference 300"
    }}
}}
"#
        ),
    );
    let daemon = Daemon::start("ferrobgp", &["run", &config], &[]);
    daemon.wait_for(&["listening on"]);
    let target: SocketAddr = format!("{LISTEN}:{port}").parse().expect("address");

    let mut external = connect(target, EXTERNAL);
    let mut announced = Vec::new();
    for _ in 0..3 {
        let update = next_update(&mut external);
        assert_eq!(
            update.announced.len(),
            1,
            "more than one route in an UPDATE: {update:?}"
        );
        assert_eq!(
            update.attributes.local_preference, None,
            "LOCAL_PREF sent to an external peer: {update:?}"
        );
        announced.extend(update.announced.iter().map(prefix_text));
    }
    announced.sort();
    assert_eq!(
        announced,
        ["10.16.3.0/32", "10.16.3.1/32", "10.16.3.3/32"],
        "{announced:?}"
    );
    // No End-of-RIB of our own (it would have come between the static routes and the
    // helper's): the next UPDATE is the helper's IPv6 one.
    let update = next_update(&mut external);
    assert_eq!(
        update.end_of_rib(),
        Some(Family::IPV6_UNICAST),
        "not the helper's End-of-RIB: {update:?}"
    );

    // adj-rib-out #false: the session goes down, and the next one gets the static routes
    // only (the helper does not announce its route again), then the helper's End-of-RIB.
    drop(external);
    daemon.wait_for(&[&format!("neighbor {EXTERNAL} down")]);
    let mut external = connect(target, EXTERNAL);
    let mut announced = Vec::new();
    for _ in 0..2 {
        let update = next_update(&mut external);
        assert_eq!(update.announced.len(), 1, "{update:?}");
        announced.extend(update.announced.iter().map(prefix_text));
    }
    announced.sort();
    assert_eq!(announced, ["10.16.3.0/32", "10.16.3.1/32"]);
    let update = next_update(&mut external);
    assert_eq!(
        update.end_of_rib(),
        Some(Family::IPV6_UNICAST),
        "the helper's route came back: {update:?}"
    );

    // The internal neighbor, with the defaults.
    let mut internal = connect(target, INTERNAL);
    let update = next_update(&mut internal);
    let mut prefixes: Vec<String> = update.announced.iter().map(prefix_text).collect();
    prefixes.sort();
    assert_eq!(prefixes, ["10.16.3.0/32", "10.16.3.1/32"], "{update:?}");
    assert_eq!(update.attributes.local_preference, Some(300));
    let mut ends = vec![
        next_update(&mut internal).end_of_rib(),
        next_update(&mut internal).end_of_rib(),
    ];
    ends.sort();
    assert_eq!(
        ends,
        [Some(Family::IPV4_UNICAST), Some(Family::IPV6_UNICAST)]
    );
}
