//! From a configured [`Neighbor`] to the [`PeerConfig`] of its peer task: addresses and
//! ports, passive mode, hold time, TCP-MD5 key, TTL/GTSM, the capabilities of the OPEN, the
//! Adj-RIB-In switch, and how its Adj-RIB-Out sends ([`send_settings`]).
//!
//! Pure except [`read_md5_key`], which reads a `md5-password-file`. Must not start tasks or
//! open sockets: the hub does that with what this module returns.

use std::io;
use std::net::IpAddr;

use crate::config::{AddPath, Hostname, Md5Key, Neighbor, Ttl};
use crate::peer::{NeighborId, PeerConfig, TtlPolicy};
use crate::rib::SendSettings;
use crate::session::SessionConfig;
use crate::wire::capability::{
    AddPathDirection, AddPathFamily, Capability, GracefulRestart, GracefulRestartFamily,
    Hostname as HostnameCapability,
};

/// The software version capability's text (draft-abraitis-bgp-version-capability), as
/// ExaBGP sends "ExaBGP/5.0.15".
pub const SOFTWARE_VERSION: &str = concat!("ferrobgp/", env!("CARGO_PKG_VERSION"));

/// The peer task configuration of `neighbor`, served as `id`. `md5_key` is the key already
/// read ([`read_md5_key`]); `host_name` is the system's, for `hostname #true`.
pub fn peer_config(
    id: NeighborId,
    neighbor: &Neighbor,
    md5_key: Option<Vec<u8>>,
    host_name: &str,
) -> PeerConfig {
    let mut session = SessionConfig::new(neighbor.local_as, neighbor.peer_as, neighbor.router_id);
    session.hold_time = neighbor.hold_time;
    session.passive = neighbor.passive;
    session.capabilities = capabilities(neighbor, host_name);
    let mut config = PeerConfig::new(id, neighbor.address, session);
    config.remote_port = neighbor.connect_port;
    config.local_address = neighbor.local_address;
    config.md5_key = md5_key;
    config.ttl = ttl_policy(neighbor.ttl);
    config.adj_rib_in = neighbor.adj_rib_in;
    config
}

/// How the neighbor's Adj-RIB-Out sends: `group-updates`, `manual-eor`, `adj-rib-out`.
pub fn send_settings(neighbor: &Neighbor) -> SendSettings {
    SendSettings {
        group_updates: neighbor.group_updates,
        end_of_rib: !neighbor.manual_eor,
        keep_after_session: neighbor.adj_rib_out,
    }
}

/// Marks the OPENs of `config` as those of a speaker restarting gracefully (RFC 4724 §3:
/// Restart State and Forwarding State set), when it announces Graceful Restart.
pub fn restarting(config: &mut PeerConfig) {
    crate::session::graceful::mark_restarting(&mut config.session.capabilities);
}

/// The configured TTL handling as the socket layer's policy.
pub fn ttl_policy(ttl: Ttl) -> TtlPolicy {
    match ttl {
        Ttl::SystemDefault => TtlPolicy::System,
        Ttl::Outgoing(ttl) => TtlPolicy::Outgoing(ttl),
        Ttl::Security { hops } => TtlPolicy::Gtsm { hops },
    }
}

/// The capabilities of our OPEN, in ExaBGP's order: one Multiprotocol per family, 4-octet AS,
/// ADD-PATH, graceful restart, route refresh and enhanced route refresh, extended message,
/// hostname, software version.
pub fn capabilities(neighbor: &Neighbor, host_name: &str) -> Vec<Capability> {
    let settings = &neighbor.capabilities;
    let mut list: Vec<Capability> = neighbor
        .families
        .keys()
        .map(|family| Capability::Multiprotocol(*family))
        .collect();
    if settings.asn4 {
        list.push(Capability::FourOctetAs(neighbor.local_as));
    }
    let add_path: Vec<AddPathFamily> = neighbor
        .families
        .iter()
        .filter_map(|(family, mode)| {
            let direction = match mode {
                AddPath::Off => return None,
                AddPath::Send => AddPathDirection::Send,
                AddPath::Receive => AddPathDirection::Receive,
                AddPath::SendReceive => AddPathDirection::Both,
            };
            Some(AddPathFamily {
                family: *family,
                direction,
            })
        })
        .collect();
    if !add_path.is_empty() {
        list.push(Capability::AddPath(add_path));
    }
    if let Some(restart_time) = settings.graceful_restart {
        list.push(Capability::GracefulRestart(GracefulRestart {
            restart_flags: 0,
            restart_time,
            families: neighbor
                .families
                .keys()
                // Forwarding State clear on a fresh start; set after a graceful stop
                // (`restarting`) and once a session is up (see `session::graceful`).
                .map(|family| GracefulRestartFamily {
                    family: *family,
                    flags: 0,
                })
                .collect(),
        }));
    }
    if settings.route_refresh {
        list.push(Capability::RouteRefresh);
        list.push(Capability::EnhancedRouteRefresh);
    }
    if settings.extended_message {
        list.push(Capability::ExtendedMessage);
    }
    match &settings.hostname {
        Hostname::Off => {}
        Hostname::System => {
            let (host, domain) = host_name.split_once('.').unwrap_or((host_name, ""));
            list.push(Capability::Hostname(HostnameCapability {
                host_name: host.to_owned(),
                domain_name: domain.to_owned(),
            }));
        }
        Hostname::Named { host, domain } => list.push(Capability::Hostname(HostnameCapability {
            host_name: host.clone(),
            domain_name: domain.clone().unwrap_or_default(),
        })),
    }
    if settings.software_version {
        list.push(Capability::SoftwareVersion(SOFTWARE_VERSION.to_owned()));
    }
    if settings.operational {
        list.push(Capability::Operational);
    }
    list
}

/// The TCP-MD5 key: the inline one, or the content of the key file without its trailing
/// line break (a file written with `echo` ends with one).
pub fn read_md5_key(key: &Md5Key) -> io::Result<Vec<u8>> {
    match key {
        Md5Key::Inline(secret) => Ok(secret.reveal().as_bytes().to_vec()),
        Md5Key::File(path) => {
            let mut content = std::fs::read(path).map_err(|error| {
                io::Error::new(
                    error.kind(),
                    format!("cannot read md5-password-file {}: {error}", path.display()),
                )
            })?;
            while content
                .last()
                .is_some_and(|byte| *byte == b'\n' || *byte == b'\r')
            {
                content.pop();
            }
            Ok(content)
        }
    }
}

/// The system's host name (for `hostname #true`), or "localhost" when it cannot be read.
pub fn system_host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|name| name.trim().to_owned())
        .ok()
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "localhost".to_owned())
}

/// The local address the kernel would use to reach `remote`: a UDP socket "connected" to it
/// picks a route and a source address without sending anything. `None` when there is no
/// route.
pub fn source_address_towards(remote: IpAddr) -> Option<IpAddr> {
    let unspecified: IpAddr = match remote {
        IpAddr::V4(_) => IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED),
        IpAddr::V6(_) => IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED),
    };
    let socket = std::net::UdpSocket::bind((unspecified, 0)).ok()?;
    socket.connect((remote, crate::config::BGP_PORT)).ok()?;
    let local = socket.local_addr().ok()?.ip();
    (!local.is_unspecified()).then_some(local)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Capabilities, Secret};
    use crate::wire::family::Family;
    use std::collections::BTreeMap;
    use std::net::Ipv4Addr;

    fn neighbor() -> Neighbor {
        Neighbor {
            address: "192.0.2.2".parse().expect("address"),
            peer_as: 65002,
            local_as: 4_200_000_001,
            router_id: Ipv4Addr::new(192, 0, 2, 1),
            local_address: Some("192.0.2.1".parse().expect("address")),
            description: None,
            hold_time: 30,
            passive: true,
            connect_port: 1790,
            md5: None,
            ttl: Ttl::Security { hops: 2 },
            families: BTreeMap::from([
                (Family::IPV4_UNICAST, AddPath::Off),
                (Family::IPV6_UNICAST, AddPath::SendReceive),
            ]),
            capabilities: Capabilities::default(),
            group_updates: true,
            manual_eor: false,
            adj_rib_in: true,
            adj_rib_out: true,
            api: Vec::new(),
            routes: Default::default(),
        }
    }

    #[test]
    fn every_supported_setting_reaches_the_peer_config() {
        let neighbor = neighbor();
        let config = peer_config(NeighborId(7), &neighbor, Some(b"key".to_vec()), "host");
        assert_eq!(config.neighbor, NeighborId(7));
        assert_eq!(config.remote_address, neighbor.address);
        assert_eq!(config.remote_port, 1790);
        assert_eq!(config.local_address, neighbor.local_address);
        assert_eq!(config.md5_key, Some(b"key".to_vec()));
        assert_eq!(config.ttl, TtlPolicy::Gtsm { hops: 2 });
        assert_eq!(config.session.local_as, 4_200_000_001);
        assert_eq!(config.session.peer_as, 65002);
        assert_eq!(config.session.local_identifier, neighbor.router_id);
        assert_eq!(config.session.hold_time, 30);
        assert!(config.session.passive);
        assert!(config.adj_rib_in);
        assert_eq!(send_settings(&neighbor), SendSettings::default());
    }

    #[test]
    fn rib_settings_map_from_the_configuration() {
        let mut neighbor = neighbor();
        neighbor.adj_rib_in = false;
        neighbor.adj_rib_out = false;
        neighbor.group_updates = false;
        neighbor.manual_eor = true;
        let config = peer_config(NeighborId(1), &neighbor, None, "host");
        assert!(!config.adj_rib_in);
        assert_eq!(
            send_settings(&neighbor),
            SendSettings {
                group_updates: false,
                end_of_rib: false,
                keep_after_session: false,
            }
        );
    }

    #[test]
    fn default_capabilities_in_exabgp_order() {
        let neighbor = neighbor();
        assert_eq!(
            capabilities(&neighbor, "host"),
            vec![
                Capability::Multiprotocol(Family::IPV4_UNICAST),
                Capability::Multiprotocol(Family::IPV6_UNICAST),
                Capability::FourOctetAs(4_200_000_001),
                Capability::AddPath(vec![AddPathFamily {
                    family: Family::IPV6_UNICAST,
                    direction: AddPathDirection::Both,
                }]),
                Capability::RouteRefresh,
                Capability::EnhancedRouteRefresh,
                Capability::ExtendedMessage,
            ]
        );
    }

    #[test]
    fn optional_capabilities_and_disabled_defaults() {
        let mut neighbor = neighbor();
        neighbor.families = BTreeMap::from([(Family::IPV4_UNICAST, AddPath::Off)]);
        neighbor.capabilities = Capabilities {
            asn4: false,
            route_refresh: false,
            graceful_restart: Some(120),
            extended_message: false,
            hostname: Hostname::System,
            software_version: true,
            operational: true,
        };
        assert_eq!(
            capabilities(&neighbor, "router.example.net"),
            vec![
                Capability::Multiprotocol(Family::IPV4_UNICAST),
                Capability::GracefulRestart(GracefulRestart {
                    restart_flags: 0,
                    restart_time: 120,
                    families: vec![GracefulRestartFamily {
                        family: Family::IPV4_UNICAST,
                        flags: 0,
                    }],
                }),
                Capability::Hostname(HostnameCapability {
                    host_name: "router".into(),
                    domain_name: "example.net".into(),
                }),
                Capability::SoftwareVersion(SOFTWARE_VERSION.into()),
                Capability::Operational,
            ]
        );
        neighbor.capabilities.hostname = Hostname::Named {
            host: "r1".into(),
            domain: None,
        };
        assert!(
            capabilities(&neighbor, "ignored").contains(&Capability::Hostname(
                HostnameCapability {
                    host_name: "r1".into(),
                    domain_name: String::new(),
                }
            ))
        );
    }

    #[test]
    fn ttl_settings_map_one_to_one() {
        let table = [
            (Ttl::SystemDefault, TtlPolicy::System),
            (Ttl::Outgoing(3), TtlPolicy::Outgoing(3)),
            (Ttl::Security { hops: 1 }, TtlPolicy::Gtsm { hops: 1 }),
        ];
        for (ttl, policy) in table {
            assert_eq!(ttl_policy(ttl), policy);
        }
    }

    #[test]
    fn md5_keys_inline_and_from_a_file() {
        let inline = Md5Key::Inline(Secret::new("s3cret".into()));
        assert_eq!(read_md5_key(&inline).expect("inline"), b"s3cret");
        let path = std::env::temp_dir().join(format!("ferrobgp-md5-{}", std::process::id()));
        std::fs::write(&path, "from file\n").expect("write");
        let key = read_md5_key(&Md5Key::File(path.clone())).expect("file");
        let _ = std::fs::remove_file(&path);
        assert_eq!(key, b"from file");
        let missing = read_md5_key(&Md5Key::File(path.clone())).expect_err("gone");
        assert!(
            missing.to_string().contains("md5-password-file"),
            "{missing}"
        );
    }

    #[test]
    fn the_kernel_names_a_source_address_for_loopback() {
        let source = source_address_towards("127.0.0.2".parse().expect("address"));
        assert!(
            source.is_some_and(|address| address.is_loopback()),
            "{source:?}"
        );
    }
}
