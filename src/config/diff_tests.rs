//! Table tests of [`super::diff`]: every field of a neighbor, its capabilities, a helper and
//! the global settings, changed alone, lands in the right class.

use super::*;
use crate::config::model::{
    AddPath, ApiBinding, ControlFifo, Encoder, Hostname, Listen, LogLevel, Md5Key, OnExit, Secret,
    Ttl,
};
use crate::wire::family::Family;
use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

const BASE: &str = r#"
router-id "192.0.2.1"
local-as 65001
process "watcher" { run "/bin/cat" }
process "other" { run "/bin/cat" }
neighbor "127.0.0.2" {
    peer-as 65002
    api { processes "watcher"; neighbor-changes }
    announce { route "198.51.100.0/24 next-hop self" }
}
neighbor "127.0.0.3" { peer-as 65003 }
"#;

fn base() -> Config {
    crate::config::decode("base.kdl", BASE).expect("valid")
}

fn address(text: &str) -> IpAddr {
    text.parse().expect("address")
}

type NeighborEdit = fn(&mut Neighbor);

#[test]
fn each_neighbor_field_is_classified() {
    let table: Vec<(&str, NeighborEdit, NeighborChange)> = vec![
        ("peer-as", |n| n.peer_as = 65099, NeighborChange::Reset),
        ("local-as", |n| n.local_as = 65098, NeighborChange::Reset),
        (
            "router-id",
            |n| n.router_id = Ipv4Addr::new(192, 0, 2, 9),
            NeighborChange::Reset,
        ),
        (
            "local-address",
            |n| n.local_address = Some(address("127.0.0.1")),
            NeighborChange::Reset,
        ),
        ("hold-time", |n| n.hold_time = 30, NeighborChange::Reset),
        ("passive", |n| n.passive = !n.passive, NeighborChange::Reset),
        (
            "connect-port",
            |n| n.connect_port = 1790,
            NeighborChange::Reset,
        ),
        (
            "md5-password",
            |n| n.md5 = Some(Md5Key::Inline(Secret::new("key".into()))),
            NeighborChange::Reset,
        ),
        ("ttl", |n| n.ttl = Ttl::Outgoing(2), NeighborChange::Reset),
        (
            "family",
            |n| {
                n.families.remove(&Family::IPV6_UNICAST);
            },
            NeighborChange::Reset,
        ),
        (
            "family",
            |n| {
                n.families.insert(Family::IPV4_UNICAST, AddPath::Send);
            },
            NeighborChange::Reset,
        ),
        (
            "capability asn4",
            |n| n.capabilities.asn4 = false,
            NeighborChange::Reset,
        ),
        (
            "capability route-refresh",
            |n| n.capabilities.route_refresh = false,
            NeighborChange::Reset,
        ),
        (
            "capability graceful-restart",
            |n| n.capabilities.graceful_restart = Some(120),
            NeighborChange::Reset,
        ),
        (
            "capability extended-message",
            |n| n.capabilities.extended_message = false,
            NeighborChange::Reset,
        ),
        (
            "capability hostname",
            |n| n.capabilities.hostname = Hostname::System,
            NeighborChange::Reset,
        ),
        (
            "capability software-version",
            |n| n.capabilities.software_version = true,
            NeighborChange::Reset,
        ),
        (
            "capability operational",
            |n| n.capabilities.operational = true,
            NeighborChange::Reset,
        ),
        (
            "group-updates",
            |n| n.group_updates = !n.group_updates,
            NeighborChange::Reset,
        ),
        (
            "manual-eor",
            |n| n.manual_eor = !n.manual_eor,
            NeighborChange::Reset,
        ),
        (
            "adj-rib-in",
            |n| n.adj_rib_in = !n.adj_rib_in,
            NeighborChange::Reset,
        ),
        (
            "adj-rib-out",
            |n| n.adj_rib_out = !n.adj_rib_out,
            NeighborChange::Reset,
        ),
        (
            "description",
            |n| n.description = Some("edge".into()),
            NeighborChange::UpdatedInPlace,
        ),
        (
            "api",
            |n| n.api[0].fsm = true,
            NeighborChange::UpdatedInPlace,
        ),
        (
            "api",
            |n| {
                n.api.push(ApiBinding {
                    processes: vec!["other".into()],
                    neighbor_changes: true,
                    negotiated: false,
                    fsm: false,
                    signal: false,
                    receive: Default::default(),
                    send: Default::default(),
                })
            },
            NeighborChange::UpdatedInPlace,
        ),
        (
            "announce",
            |n| std::sync::Arc::make_mut(&mut n.routes)[0].withdrawn = true,
            NeighborChange::UpdatedInPlace,
        ),
        (
            "announce",
            |n| std::sync::Arc::make_mut(&mut n.routes).clear(),
            NeighborChange::UpdatedInPlace,
        ),
    ];
    for (field, edit, expected) in table {
        let old = base();
        let mut new = old.clone();
        edit(&mut new.neighbors[0]);
        let result = diff(&old, &new);
        assert_eq!(
            result.neighbors[0],
            NeighborDiff {
                address: address("127.0.0.2"),
                change: expected,
                fields: vec![field],
            },
            "{field}"
        );
        assert_eq!(
            result.neighbors[1].change,
            NeighborChange::Unchanged,
            "{field}: the other neighbor"
        );
        assert!(result.global.is_empty(), "{field}");
        assert!(!result.is_empty(), "{field}");
    }
}

#[test]
fn a_reset_wins_over_in_place_changes_and_names_only_session_fields() {
    let old = base();
    let mut new = old.clone();
    new.neighbors[0].description = Some("edge".into());
    new.neighbors[0].hold_time = 9;
    new.neighbors[0].peer_as = 65010;
    let result = diff(&old, &new);
    assert_eq!(result.neighbors[0].change, NeighborChange::Reset);
    assert_eq!(result.neighbors[0].fields, vec!["peer-as", "hold-time"]);
}

#[test]
fn neighbors_are_matched_by_address() {
    let old = base();
    let mut new = old.clone();
    let mut added = new.neighbors.remove(1);
    added.address = address("127.0.0.4");
    new.neighbors.insert(0, added);
    let result = diff(&old, &new);
    let fates: Vec<(IpAddr, NeighborChange)> = result
        .neighbors
        .iter()
        .map(|neighbor| (neighbor.address, neighbor.change))
        .collect();
    assert_eq!(
        fates,
        vec![
            (address("127.0.0.3"), NeighborChange::Removed),
            (address("127.0.0.4"), NeighborChange::Added),
            (address("127.0.0.2"), NeighborChange::Unchanged),
        ]
    );
    assert_eq!(
        result.to_string(),
        "neighbors: 1 added, 1 removed, 1 unchanged; helpers: 2 unchanged"
    );
    assert_eq!(
        result.lines(),
        vec![
            "neighbor 127.0.0.3: removed (Cease 3, Peer De-configured)",
            "neighbor 127.0.0.4: added",
        ]
    );
}

type ProcessEdit = fn(&mut Process);

#[test]
fn each_process_field_is_classified() {
    let table: Vec<(&str, ProcessEdit, ProcessChange)> = vec![
        ("run", |p| p.run.push("-u".into()), ProcessChange::Restarted),
        (
            "encoder",
            |p| p.encoder = Encoder::Text,
            ProcessChange::Restarted,
        ),
        (
            "api-version",
            |p| p.api_version = crate::api::json::JsonVersion::V4,
            ProcessChange::Restarted,
        ),
        ("respawn", |p| p.respawn = false, ProcessChange::Restarted),
        (
            "environment",
            |p| {
                p.environment.insert("LANG".into(), "C".into());
            },
            ProcessChange::Restarted,
        ),
        (
            "working-directory",
            |p| p.working_directory = PathBuf::from("/tmp"),
            ProcessChange::Restarted,
        ),
        (
            "on-exit",
            |p| p.on_exit = OnExit::Withdraw,
            ProcessChange::UpdatedInPlace,
        ),
    ];
    for (field, edit, expected) in table {
        let old = base();
        let mut new = old.clone();
        edit(&mut new.processes[0]);
        let result = diff(&old, &new);
        assert_eq!(
            result.processes,
            vec![
                ProcessDiff {
                    name: "watcher".into(),
                    change: expected,
                    fields: vec![field],
                },
                ProcessDiff {
                    name: "other".into(),
                    change: ProcessChange::Unchanged,
                    fields: Vec::new(),
                },
            ],
            "{field}"
        );
    }
}

#[test]
fn helpers_are_matched_by_name() {
    let old = base();
    let mut new = old.clone();
    new.processes[1].name = "third".into();
    let result = diff(&old, &new);
    let fates: Vec<(&str, ProcessChange)> = result
        .processes
        .iter()
        .map(|process| (process.name.as_str(), process.change))
        .collect();
    assert_eq!(
        fates,
        vec![
            ("other", ProcessChange::Removed),
            ("watcher", ProcessChange::Unchanged),
            ("third", ProcessChange::Added),
        ]
    );
}

type GlobalEdit = fn(&mut Global);

#[test]
fn each_global_setting_is_classified() {
    let table: Vec<(&str, GlobalEdit, GlobalChange)> = vec![
        (
            "router-id",
            |g| g.router_id = Some(Ipv4Addr::new(192, 0, 2, 7)),
            GlobalChange::ThroughNeighbors,
        ),
        (
            "local-as",
            |g| g.local_as = Some(65077),
            GlobalChange::ThroughNeighbors,
        ),
        (
            "listen",
            |g| g.listen = Listen::On(vec![SocketAddr::from(([127, 0, 0, 1], 1790))]),
            GlobalChange::Applied,
        ),
        ("listen", |g| g.listen = Listen::Off, GlobalChange::Applied),
        (
            "control-fifo",
            |g| g.control_fifo = ControlFifo::Off,
            GlobalChange::Applied,
        ),
        (
            "control-fifo",
            |g| g.control_fifo = ControlFifo::Path(PathBuf::from("/run/elsewhere/ctl")),
            GlobalChange::Applied,
        ),
        (
            "log-level",
            |g| g.log_level = LogLevel::Debug,
            GlobalChange::Applied,
        ),
        (
            "watch-config",
            |g| g.watch_config = false,
            GlobalChange::Applied,
        ),
    ];
    for (setting, edit, expected) in table {
        let old = base();
        let mut new = old.clone();
        edit(&mut new.global);
        assert_eq!(
            diff(&old, &new).global,
            vec![GlobalDiff {
                setting,
                change: expected
            }],
            "{setting}"
        );
    }
}

#[test]
fn the_same_file_changes_nothing() {
    let result = diff(&base(), &base());
    assert!(result.is_empty());
    assert!(result.lines().is_empty());
    assert_eq!(
        result.to_string(),
        "neighbors: 2 unchanged; helpers: 2 unchanged"
    );
}

#[test]
fn a_changed_global_default_resets_the_neighbors_using_it() {
    let old = base();
    let new = crate::config::decode("new.kdl", &BASE.replace("65001", "65009")).expect("valid");
    let result = diff(&old, &new);
    assert!(
        result
            .neighbors
            .iter()
            .all(|neighbor| neighbor.change == NeighborChange::Reset
                && neighbor.fields == vec!["local-as"])
    );
    assert_eq!(
        result.lines().last().map(String::as_str),
        Some("local-as: applied through the neighbors using it")
    );
}

#[test]
fn a_new_key_under_the_same_file_resets_only_that_neighbor() {
    let old = base();
    let mut new = old.clone();
    // 127.0.0.3 also gets a new description: the key change wins (reset).
    new.neighbors[1].description = Some("changed".into());
    let mut plan = diff(&old, &new);
    let two = address("127.0.0.2");
    let three = address("127.0.0.3");
    let keys = |first: &[u8], second: &[u8]| {
        BTreeMap::from([(two, first.to_vec()), (three, second.to_vec())])
    };
    key_changes(&mut plan, &keys(b"a", b"b"), &keys(b"a", b"b"));
    assert_eq!(
        plan.neighbors_with(NeighborChange::Reset).count(),
        0,
        "same keys"
    );
    key_changes(&mut plan, &keys(b"a", b"b"), &keys(b"a", b"new"));
    let fates: Vec<_> = plan
        .neighbors
        .iter()
        .map(|neighbor| (neighbor.address, neighbor.change, neighbor.fields.clone()))
        .collect();
    assert_eq!(
        fates,
        vec![
            (two, NeighborChange::Unchanged, vec![]),
            (three, NeighborChange::Reset, vec![KEY_CHANGED]),
        ]
    );
    let text = plan.lines().join("\n");
    assert!(!text.contains("new"), "no key in the lines: {text}");
    // A neighbor added or removed keeps its fate.
    let mut plan = diff(&old, &base_without_three());
    key_changes(&mut plan, &keys(b"a", b"b"), &BTreeMap::new());
    assert_eq!(
        plan.neighbors_with(NeighborChange::Removed).count(),
        1,
        "{plan:?}"
    );
}

fn base_without_three() -> Config {
    let mut config = base();
    config
        .neighbors
        .retain(|neighbor| neighbor.address != address("127.0.0.3"));
    config
}
