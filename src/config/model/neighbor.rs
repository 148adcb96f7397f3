//! A configured neighbor with every setting resolved: templates applied, global router-id and
//! local-as filled in, defaults chosen. What a peer task needs to run one session; nothing here
//! opens sockets.

use super::Secret;
use crate::api::route::{Route, split_count, split_nlris};
use crate::wire::family::Family;
use crate::wire::nlri::Nlri;
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::sync::Arc;

/// Default hold time, in seconds (ExaBGP's default; RFC 4271 §10 suggests 90).
pub const DEFAULT_HOLD_TIME: u16 = 180;

/// One BGP neighbor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbor {
    /// The peer's address: the key of the neighbor.
    pub address: IpAddr,
    pub peer_as: u32,
    /// This side's AS for this session (the global `local-as` unless overridden).
    pub local_as: u32,
    /// This side's BGP Identifier for this session (the global `router-id` unless overridden).
    pub router_id: Ipv4Addr,
    /// Source address of the TCP connection; `None`: let the kernel choose.
    pub local_address: Option<IpAddr>,
    pub description: Option<String>,
    /// Seconds; 0 (no keepalives) or 3 to 65535 (RFC 4271 §4.2).
    pub hold_time: u16,
    /// Never connect; only accept the peer's connection.
    pub passive: bool,
    /// The peer's TCP port to connect to (default 179).
    pub connect_port: u16,
    /// TCP-MD5 signature key (RFC 2385).
    pub md5: Option<Md5Key>,
    pub ttl: Ttl,
    /// Families to negotiate, each with its ADD-PATH mode. Never empty. Default: IPv4 unicast
    /// and IPv6 unicast.
    pub families: BTreeMap<Family, AddPath>,
    pub capabilities: Capabilities,
    /// Pack routes that share attributes into one UPDATE (ExaBGP's `group-updates`, default on).
    pub group_updates: bool,
    /// Do not send End-of-RIB by itself; helpers send `announce eor` (default off).
    pub manual_eor: bool,
    /// Keep what the peer sent (default on).
    pub adj_rib_in: bool,
    /// Keep what was sent, to replay it after a reconnect (default on).
    pub adj_rib_out: bool,
    /// Which helpers hear about this neighbor, and what they hear (ExaBGP's `api` blocks).
    pub api: Vec<ApiBinding>,
    /// Routes announced to this neighbor from the configuration, as written (a `split` entry
    /// is one value). Shared: the daemon's copies of a neighbor hold one list.
    pub routes: Arc<Vec<StaticRoute>>,
}

/// Where the TCP-MD5 key comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Md5Key {
    /// `md5-password "…"`: the key is in the file.
    Inline(Secret),
    /// `md5-password-file "/run/credentials/…"`: the daemon reads the key from this file (for
    /// systemd credentials and secret managers), so the configuration holds no secret.
    File(PathBuf),
}

/// Time-to-live handling of the session's IP packets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ttl {
    /// The system's default TTL, no check of incoming packets.
    SystemDefault,
    /// `outgoing-ttl N`: send with IP TTL N (multihop eBGP), no check of incoming packets.
    Outgoing(u8),
    /// `ttl-security HOPS`: GTSM (RFC 5082). Send with TTL 255; accept only packets whose TTL
    /// is at least 256 - HOPS (so `ttl-security 1` is a directly connected peer).
    Security { hops: u8 },
}

/// ADD-PATH (RFC 7911) mode of one family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AddPath {
    Off,
    Send,
    Receive,
    SendReceive,
}

impl AddPath {
    pub const ALL: [AddPath; 4] = [
        AddPath::Off,
        AddPath::Send,
        AddPath::Receive,
        AddPath::SendReceive,
    ];

    /// The word in the file: "off", "send", "receive", "send-receive".
    pub fn name(self) -> &'static str {
        match self {
            AddPath::Off => "off",
            AddPath::Send => "send",
            AddPath::Receive => "receive",
            AddPath::SendReceive => "send-receive",
        }
    }

    pub fn parse(word: &str) -> Option<AddPath> {
        AddPath::ALL.into_iter().find(|mode| mode.name() == word)
    }
}

/// Capabilities advertised in the OPEN (RFC 5492), besides families and ADD-PATH.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capabilities {
    /// 4-octet AS numbers (RFC 6793). Default on.
    pub asn4: bool,
    /// Route refresh (RFC 2918). Default on.
    pub route_refresh: bool,
    /// Graceful restart (RFC 4724) with this restart time in seconds (0..=4095). Default off.
    pub graceful_restart: Option<u16>,
    /// Extended messages up to 65535 bytes (RFC 8654). Default on (as in ExaBGP).
    pub extended_message: bool,
    /// FQDN capability (draft-walton-bgp-hostname-capability). Default off.
    pub hostname: Hostname,
    /// Software version capability (draft-abraitis-bgp-version-capability). Default off.
    pub software_version: bool,
    /// ExaBGP's operational capability (code 185, draft-ietf-idr-operational-message): the
    /// peer may send and receive OPERATIONAL messages. Default off, as in ExaBGP.
    pub operational: bool,
}

impl Default for Capabilities {
    fn default() -> Capabilities {
        Capabilities {
            asn4: true,
            route_refresh: true,
            graceful_restart: None,
            extended_message: true,
            hostname: Hostname::Off,
            software_version: false,
            operational: false,
        }
    }
}

/// Largest graceful-restart time: the field has 12 bits (RFC 4724 §3).
pub const MAXIMUM_RESTART_TIME: u16 = 4095;

/// What the FQDN capability carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hostname {
    Off,
    /// `hostname #true`: the system's host name, read by the daemon at start.
    System,
    /// `hostname "r1" domain="example.net"`.
    Named {
        host: String,
        domain: Option<String>,
    },
}

/// One ExaBGP `api` block: a set of helpers and the events they receive for this neighbor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiBinding {
    /// Names of helpers (each defined by a `process` node). Never empty.
    pub processes: Vec<String>,
    /// `neighbor-changes`: connected / up / down messages.
    pub neighbor_changes: bool,
    /// `negotiated`: the negotiated message, and a "negotiated" object in update JSON.
    pub negotiated: bool,
    /// `fsm`: state machine transitions (JSON only).
    pub fsm: bool,
    /// `signal`: signals received by the daemon (JSON only).
    pub signal: bool,
    /// Messages received from the peer.
    pub receive: MessageSubscription,
    /// Messages sent to the peer.
    pub send: MessageSubscription,
}

/// The nine keywords of ExaBGP's `receive { … }` and `send { … }` blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MessageSubscription {
    /// Decoded messages.
    pub parsed: bool,
    /// Raw messages (header and body in hexadecimal).
    pub packets: bool,
    /// Decoded messages that also carry their raw header and body.
    pub consolidate: bool,
    pub open: bool,
    pub update: bool,
    pub notification: bool,
    pub keepalive: bool,
    pub refresh: bool,
    pub operational: bool,
}

impl MessageSubscription {
    /// The keywords, in ExaBGP's order.
    pub const KEYWORDS: [&'static str; 9] = [
        "parsed",
        "packets",
        "consolidate",
        "open",
        "update",
        "notification",
        "keepalive",
        "refresh",
        "operational",
    ];

    /// The flag named by `keyword`, to set it.
    pub fn flag_mut(&mut self, keyword: &str) -> Option<&mut bool> {
        Some(match keyword {
            "parsed" => &mut self.parsed,
            "packets" => &mut self.packets,
            "consolidate" => &mut self.consolidate,
            "open" => &mut self.open,
            "update" => &mut self.update,
            "notification" => &mut self.notification,
            "keepalive" => &mut self.keepalive,
            "refresh" => &mut self.refresh,
            "operational" => &mut self.operational,
            _ => return None,
        })
    }

    /// The flag named by `keyword`.
    pub fn flag(&self, keyword: &str) -> Option<bool> {
        let mut copy = *self;
        copy.flag_mut(keyword).map(|flag| *flag)
    }
}

/// A route from the configuration (an `announce { … }` entry): one route of the shared route
/// grammar, and whether a watchdog controls it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticRoute {
    /// The route as written; with `split`, its prefix is the one to cut.
    pub route: Route,
    /// `split /<length>`: the entry stands for every sub-prefix of this length of the route's
    /// prefix, expanded only when handed to a peer ([`StaticRoute::expand`]).
    pub split: Option<u8>,
    /// `watchdog="name"`: helpers can withdraw and re-announce the route with
    /// `withdraw watchdog name` / `announce watchdog name`.
    pub watchdog: Option<String>,
    /// `withdrawn=#true`: the route starts withdrawn, until `announce watchdog name`.
    pub withdrawn: bool,
}

impl StaticRoute {
    /// How many routes the entry stands for (1 without `split`).
    pub fn len(&self) -> usize {
        split_count(&self.route.nlri, self.split)
    }

    /// Never empty: at least the route itself.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The NLRI of every route the entry stands for, in address order; the other fields are
    /// `route`'s.
    pub fn nlris(&self) -> impl Iterator<Item = Nlri> + '_ {
        split_nlris(&self.route.nlri, self.split)
    }

    /// Every route the entry stands for (what `announce route …` gives for its text).
    pub fn expand(&self) -> impl Iterator<Item = Route> + '_ {
        self.nlris().map(|nlri| Route {
            nlri,
            ..self.route.clone()
        })
    }
}
