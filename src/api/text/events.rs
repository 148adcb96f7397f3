//! Text events other than UPDATE (`encoder text`, exabgp-api reference §4), as ExaBGP 5.0's
//! `Text` encoder writes them.
//!
//! Every function returns the event exactly as ExaBGP builds it, including its trailing
//! `"\n"` (operational events have none, as in ExaBGP). On the pipe ExaBGP follows every event
//! except the operational ones with one more empty line (§1.4): that extra `"\n"` is NOT in
//! these strings; the process writer (the code that writes events to a helper's stdin) adds
//! it. `negotiated`, `fsm` and `signal` have no text form (ExaBGP's encoder returns None), so
//! there are no functions for them. Peer-supplied text goes through [`oneline`].
//! Pure: no I/O.

use crate::api::json::envelope::{Direction, NeighborView};
use crate::api::json::events::{Operational, OperationalContent};
use crate::api::json::open::{
    MULTISESSION_CISCO, capability_groups, code_label, iana_range, merged_add_path,
    merged_families, merged_graceful_restart, merged_next_hops, multisession_codes,
};
use crate::api::json::text::hex;
use crate::wire::capability::Capability;
use crate::wire::iana::capability_code as code;
use crate::wire::negotiated::EXTENDED_MESSAGE_SIZE;
use crate::wire::notification::Notification;
use crate::wire::open::Open;
use crate::wire::route_refresh::RouteRefresh;

/// Whether Python's `str.isprintable()` holds for `character`: not a control, format,
/// separator (other than the space), surrogate or private-use character. Unassigned code
/// points (which Python also counts as non-printable) are not detected.
fn is_printable(character: char) -> bool {
    if character == ' ' {
        return true;
    }
    if character.is_control() || character.is_whitespace() {
        return false;
    }
    let point = u32::from(character);
    let format_or_private = matches!(
        point,
        0xAD | 0x600..=0x605
            | 0x61C
            | 0x6DD
            | 0x70F
            | 0x890..=0x891
            | 0x8E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xE000..=0xF8FF
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
            | 0xF0000..=0x10FFFF
    );
    !format_or_private
}

/// ExaBGP 5.0's `Text.oneline`: keeps peer-supplied text on its line by writing every
/// non-printable character (and DEL) as `\xNN` (more hex digits above U+00FF, as Python's
/// `'%02x'` does).
pub fn oneline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        if is_printable(character) && character != '\u{7f}' {
            out.push(character);
        } else {
            out.push_str(&format!("\\x{:02x}", u32::from(character)));
        }
    }
    out
}

/// ExaBGP's `_header_body`: ` header 0x…` and ` body 0x…`, each only when not empty.
fn header_body(raw: Option<(&[u8], &[u8])>) -> String {
    let mut out = String::new();
    if let Some((header, body)) = raw {
        if !header.is_empty() {
            out.push_str(" header ");
            out.push_str(&hex(header));
        }
        if !body.is_empty() {
            out.push_str(" body ");
            out.push_str(&hex(body));
        }
    }
    out
}

/// `neighbor <peer> connected`.
pub fn connected(view: &NeighborView) -> String {
    format!("neighbor {} connected\n", view.peer_address)
}

/// `neighbor <peer> up`.
pub fn up(view: &NeighborView) -> String {
    format!("neighbor {} up\n", view.peer_address)
}

/// `neighbor <peer> down - <reason>`.
pub fn down(view: &NeighborView, reason: &str) -> String {
    format!(
        "neighbor {} down - {}\n",
        view.peer_address,
        oneline(reason)
    )
}

/// `shutdown <pid> <ppid>`, sent to every helper when the daemon stops.
pub fn shutdown(pid: u32, ppid: u32) -> String {
    format!("shutdown {pid} {ppid}\n")
}

/// `neighbor <peer> <direction> notification code <c> subcode <s> data 0x…[ header … body …]`.
/// `data` is the data as on the wire (see docs/compatibility.md for ExaBGP's rewriting of
/// received Shutdown Communications).
pub fn notification(
    view: &NeighborView,
    direction: Direction,
    notification: &Notification,
    raw: Option<(&[u8], &[u8])>,
) -> String {
    format!(
        "neighbor {} {} notification code {} subcode {} data {}{}\n",
        view.peer_address,
        direction.name(),
        notification.code,
        notification.subcode,
        hex(&notification.data),
        header_body(raw)
    )
}

/// `neighbor <peer> <direction> keepalive[ header …]`.
pub fn keepalive(view: &NeighborView, direction: Direction, raw: Option<(&[u8], &[u8])>) -> String {
    format!(
        "neighbor {} {} keepalive{}\n",
        view.peer_address,
        direction.name(),
        header_body(raw)
    )
}

/// A raw packet: `neighbor <peer> <direction> <category number> header … body …`.
pub fn packets(
    view: &NeighborView,
    direction: Direction,
    category: u8,
    header: &[u8],
    body: &[u8],
) -> String {
    format!(
        "neighbor {} {} {category}{}\n",
        view.peer_address,
        direction.name(),
        header_body(Some((header, body)))
    )
}

/// `neighbor <peer> <direction> route-refresh afi <afi> safi <safi> <query|begin|end|invalid>`.
pub fn route_refresh(
    view: &NeighborView,
    direction: Direction,
    route_refresh: &RouteRefresh,
    raw: Option<(&[u8], &[u8])>,
) -> String {
    format!(
        "neighbor {} {} route-refresh afi {} safi {} {}{}\n",
        view.peer_address,
        direction.name(),
        route_refresh.family.afi.name(),
        route_refresh.family.safi.name(),
        route_refresh.subtype.name(),
        header_body(raw)
    )
}

/// One capability group as ExaBGP's `Capability.__str__` (before the list is lowercased).
fn capability_text(capability: u8, group: &[&Capability]) -> String {
    match capability {
        code::MULTIPROTOCOL => {
            let families: Vec<String> = merged_families(group)
                .iter()
                .map(ToString::to_string)
                .collect();
            format!("Multiprotocol({})", families.join(","))
        }
        code::ROUTE_REFRESH => "Route Refresh".into(),
        code::ROUTE_REFRESH_CISCO => "Cisco Route Refresh".into(),
        code::EXTENDED_NEXT_HOP => {
            let pairs: Vec<String> = merged_next_hops(group)
                .iter()
                .map(|(family, afi)| format!("{family} {}", afi.name()))
                .collect();
            format!("NextHop({})", pairs.join(","))
        }
        code::EXTENDED_MESSAGE => format!("Extended Message({EXTENDED_MESSAGE_SIZE})"),
        code::GRACEFUL_RESTART => {
            let merged = merged_graceful_restart(group);
            let families: Vec<String> = merged
                .families
                .iter()
                .map(|(family, flags)| format!("{}={flags:#x}", family.slash_name()))
                .collect();
            format!(
                "Graceful Restart Flags {:#x} Time {} {}",
                merged.restart_flags,
                merged.restart_time,
                families.join(" ")
            )
        }
        code::FOUR_OCTET_AS => {
            let asn = group
                .iter()
                .rev()
                .find_map(|capability| match capability {
                    Capability::FourOctetAs(asn) => Some(*asn),
                    _ => None,
                })
                .unwrap_or(0);
            format!("ASN4({asn})")
        }
        code::MULTISESSION | MULTISESSION_CISCO => {
            let variant = if capability == code::MULTISESSION {
                " (RFC)"
            } else {
                ""
            };
            let listed: Vec<String> = multisession_codes(group)
                .iter()
                .map(|listed| code_label(*listed))
                .collect();
            format!("Multisession{variant} {}", listed.join(" "))
        }
        code::ADD_PATH => {
            let families: Vec<String> = merged_add_path(group)
                .iter()
                .map(|(family, direction)| format!("{} {family}", direction.name()))
                .collect();
            format!("AddPath({})", families.join(","))
        }
        code::ENHANCED_ROUTE_REFRESH => "Enhanced Route Refresh".into(),
        code::OPERATIONAL => "Operational".into(),
        _ => match group.last() {
            Some(Capability::Hostname(hostname)) if capability == code::FQDN => {
                format!("Hostname({} {})", hostname.host_name, hostname.domain_name)
            }
            Some(Capability::SoftwareVersion(version)) if capability == code::SOFTWARE_VERSION => {
                format!("Software({version})")
            }
            _ => {
                let range = match iana_range(capability) {
                    "reserved" => "Reserved",
                    "unassigned" => "Unassigned",
                    _ => "Unknown",
                };
                format!("{range} {capability}")
            }
        },
    }
}

/// The capability list of an OPEN as ExaBGP's text encoder writes it between the brackets:
/// sorted by code, joined with `", "`, escaped with [`oneline`], then lowercased.
pub fn capabilities_text(open: &Open) -> String {
    let mut groups = capability_groups(open);
    groups.sort_by_key(|(capability, _)| *capability);
    let parts: Vec<String> = groups
        .iter()
        .map(|(capability, group)| capability_text(*capability, group))
        .collect();
    oneline(&parts.join(", ")).to_lowercase()
}

/// `neighbor <peer> <direction> open version 4 asn <my AS field> hold_time <t> router_id <id>
/// capabilities [<list>][ header … body …]`.
pub fn open(
    view: &NeighborView,
    direction: Direction,
    open: &Open,
    raw: Option<(&[u8], &[u8])>,
) -> String {
    format!(
        "neighbor {} {} open version {} asn {} hold_time {} router_id {} capabilities [{}]{}\n",
        view.peer_address,
        direction.name(),
        open.version,
        open.my_as,
        open.hold_time,
        open.bgp_identifier,
        capabilities_text(open),
        header_body(raw)
    )
}

/// `neighbor <peer> <direction> operational <NAME> afi <afi> safi <safi>[ advisory "<text>" |
/// router-id <id> sequence <n> counter <n>][ header … body …]`, without a newline, as ExaBGP.
/// The advisory text is escaped with [`oneline`] (ExaBGP 5.0 printed Python's `b'…'` form).
pub fn operational(
    view: &NeighborView,
    direction: Direction,
    operational: &Operational,
    raw: Option<(&[u8], &[u8])>,
) -> String {
    let detail = match &operational.content {
        OperationalContent::Advisory(text) => {
            format!(" advisory \"{}\"", oneline(&String::from_utf8_lossy(text)))
        }
        OperationalContent::Query { .. } => String::new(),
        OperationalContent::Counter {
            router_id,
            sequence,
            counter,
        } => format!(" router-id {router_id} sequence {sequence} counter {counter}"),
    };
    format!(
        "neighbor {} {} operational {} afi {} safi {}{detail}{}",
        view.peer_address,
        direction.name(),
        operational.name,
        operational.family.afi.name(),
        operational.family.safi.name(),
        header_body(raw)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::json::events::test_support::lab_view;
    use crate::wire::capability::Hostname;
    use crate::wire::family::Family;
    use crate::wire::header::HEADER_LENGTH;
    use crate::wire::header::test_support::hex as bytes;
    use crate::wire::open::tests::{
        BIRD_OPEN, EXABGP_OPEN, FRR_OPEN, GOBGP_OPEN, bird_open, exabgp_open, frr_open, gobgp_open,
    };
    use crate::wire::route_refresh::RouteRefreshSubtype;
    use proptest::prelude::*;
    use std::net::Ipv4Addr;

    // Ground truth: ExaBGP 5.0.15's own `Text` encoder run on these messages (the trailing
    // "\n" is added by `line`). The exabgp and BIRD OPEN lines are the same in 4.2.25.
    const RECEIVE_OPEN_EXABGP: &str = r#"neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 10.0.0.1 capabilities [multiprotocol(ipv4 unicast), extended message(65535), asn4(65001)] header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003101 body 0x04FDE900B40A000001140206010400010001020641040000FDE902020600"#;
    const RECEIVE_OPEN_BIRD: &str = r#"neighbor 127.0.0.1 receive open version 4 asn 65011 hold_time 240 router_id 192.0.2.11 capabilities [multiprotocol(ipv4 unicast,ipv6 unicast), route refresh, nexthop(ipv4 unicast ipv6), extended message(65535), graceful restart flags 0x0 time 120 ipv4/unicast=0x0 ipv6/unicast=0x0, asn4(65011), addpath(receive ipv4 unicast,send ipv6 unicast), enhanced route refresh, unassigned 71] header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF006501 body 0x04FDF300F0C000020B480246010400010001010400020001020005060001000100020600400A0078000101000002010041040000FDF3450800010101000201024600470E00010100000E1000020100000E10"#;
    const RECEIVE_OPEN_GOBGP: &str = r#"neighbor 127.0.0.1 receive open version 4 asn 23456 hold_time 90 router_id 192.0.2.12 capabilities [multiprotocol(ipv4 unicast,ipv6 unicast,ipv4 flow), route refresh, nexthop(ipv4 unicast ipv6,ipv4 flow ipv6), graceful restart flags 0x0 time 90 , asn4(4200000012), addpath(send/receive ipv4 unicast), hostname(vm )] header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF005701 body 0x045BA0005AC000020C3A02380200490402766D000104000100010104000200010104000100854104FA56EA0C4002005A050C000100010002000100850002450400010103"#;
    const RECEIVE_OPEN_FRR: &str = r#"neighbor 127.0.0.1 receive open version 4 asn 65013 hold_time 180 router_id 192.0.2.13 capabilities [multiprotocol(ipv4 unicast,ipv6 unicast), route refresh, extended message(65535), graceful restart flags 0xc time 120 ipv4/unicast=0x0 ipv6/unicast=0x0, asn4(65013), addpath(send/receive ipv4 unicast,send/receive ipv6 unicast), enhanced route refresh, unassigned 71, hostname(frrprobe ), cisco route refresh] header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF007F01 body 0x04FDF500B4C000020D6202060104000100010206010400020001020280000202020002024600020641040000FDF502020600020A45080001010300020103020C490A0866727270726F626500020C400AC07800010100000201000210470E0001018000000000020180000000"#;
    const SEND_OPEN_FRR: &str = r#"neighbor 127.0.0.1 send open version 4 asn 65013 hold_time 180 router_id 192.0.2.13 capabilities [multiprotocol(ipv4 unicast,ipv6 unicast), route refresh, extended message(65535), graceful restart flags 0xc time 120 ipv4/unicast=0x0 ipv6/unicast=0x0, asn4(65013), addpath(send/receive ipv4 unicast,send/receive ipv6 unicast), enhanced route refresh, unassigned 71, hostname(frrprobe ), cisco route refresh]"#;
    const SEND_OPEN_BIRD: &str = r#"neighbor 127.0.0.1 send open version 4 asn 65011 hold_time 240 router_id 192.0.2.11 capabilities [multiprotocol(ipv4 unicast,ipv6 unicast), route refresh, nexthop(ipv4 unicast ipv6), extended message(65535), graceful restart flags 0x0 time 120 ipv4/unicast=0x0 ipv6/unicast=0x0, asn4(65011), addpath(receive ipv4 unicast,send ipv6 unicast), enhanced route refresh, unassigned 71]"#;
    const SEND_OPEN_GOBGP: &str = r#"neighbor 127.0.0.1 send open version 4 asn 23456 hold_time 90 router_id 192.0.2.12 capabilities [multiprotocol(ipv4 unicast,ipv6 unicast,ipv4 flow), route refresh, nexthop(ipv4 unicast ipv6,ipv4 flow ipv6), graceful restart flags 0x0 time 90 , asn4(4200000012), addpath(send/receive ipv4 unicast), hostname(vm )]"#;
    const RECEIVE_HOLD: &str = r#"neighbor 127.0.0.1 receive notification code 4 subcode 0 data 0x header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001503 body 0x0400"#;
    const RECEIVE_BEGIN: &str = r#"neighbor 127.0.0.1 receive route-refresh afi ipv6 safi unicast begin header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001705 body 0x00020101"#;
    const SEND_BEGIN: &str = r#"neighbor 127.0.0.1 send route-refresh afi ipv6 safi unicast begin"#;
    const DOWN_ESCAPED: &str = r#"neighbor 127.0.0.1 down - bad\x0aline\x7fé"#;
    const OPERATIONAL_RPCQ: &str =
        r#"neighbor 127.0.0.1 receive operational RPCQ afi ipv4 safi unicast"#;
    const OPERATIONAL_RPCP: &str = r#"neighbor 127.0.0.1 receive operational RPCP afi ipv6 safi unicast router-id 10.0.0.1 sequence 1 counter 200"#;

    fn line(text: &str) -> String {
        format!("{text}\n")
    }

    fn split(message: &str) -> (Vec<u8>, Vec<u8>) {
        let mut header = bytes(message);
        let body = header.split_off(HEADER_LENGTH);
        (header, body)
    }

    #[test]
    fn opens_against_exabgp_5() {
        let view = lab_view();
        for (message, value, received, sent) in [
            (EXABGP_OPEN, exabgp_open(), RECEIVE_OPEN_EXABGP, None),
            (
                BIRD_OPEN,
                bird_open(),
                RECEIVE_OPEN_BIRD,
                Some(SEND_OPEN_BIRD),
            ),
            (
                GOBGP_OPEN,
                gobgp_open(),
                RECEIVE_OPEN_GOBGP,
                Some(SEND_OPEN_GOBGP),
            ),
            (FRR_OPEN, frr_open(), RECEIVE_OPEN_FRR, Some(SEND_OPEN_FRR)),
        ] {
            let (header, body) = split(message);
            let raw = Some((header.as_slice(), body.as_slice()));
            assert_eq!(open(&view, Direction::Receive, &value, raw), line(received));
            if let Some(sent) = sent {
                assert_eq!(open(&view, Direction::Send, &value, None), line(sent));
            }
        }
    }

    /// Lines captured live from ExaBGP 5.0.13 (exabgp-api reference §4).
    #[test]
    fn captured_live() {
        let view = lab_view();
        assert_eq!(connected(&view), "neighbor 127.0.0.1 connected\n");
        assert_eq!(up(&view), "neighbor 127.0.0.1 up\n");
        assert_eq!(
            down(&view, "closing connection"),
            "neighbor 127.0.0.1 down - closing connection\n"
        );
        assert_eq!(
            down(&view, "notification received (6,6)"),
            "neighbor 127.0.0.1 down - notification received (6,6)\n"
        );
        assert_eq!(shutdown(25106, 25104), "shutdown 25106 25104\n");
        assert_eq!(
            keepalive(&view, Direction::Send, None),
            "neighbor 127.0.0.1 send keepalive\n"
        );
        let header = bytes("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001304");
        assert_eq!(
            keepalive(&view, Direction::Receive, Some((&header, &[]))),
            "neighbor 127.0.0.1 receive keepalive header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001304\n"
        );
        let (header, body) = split("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170500010001");
        let refresh = RouteRefresh::request(Family::IPV4_UNICAST);
        assert_eq!(
            route_refresh(&view, Direction::Receive, &refresh, Some((&header, &body))),
            "neighbor 127.0.0.1 receive route-refresh afi ipv4 safi unicast query header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001705 body 0x00010001\n"
        );
        let received = Notification::new(6, 6, b"Other Configuration Change".to_vec());
        assert_eq!(
            notification(&view, Direction::Receive, &received, None),
            "neighbor 127.0.0.1 receive notification code 6 subcode 6 data 0x4F7468657220436F6E66696775726174696F6E204368616E6765\n"
        );
        let sent = Notification::cease_with_message(4, "Administrative Reset");
        assert_eq!(
            notification(&view, Direction::Send, &sent, None),
            "neighbor 127.0.0.1 send notification code 6 subcode 4 data 0x1441646D696E697374726174697665205265736574\n"
        );
        let (header, body) = split(EXABGP_OPEN);
        assert_eq!(
            packets(&view, Direction::Receive, 1, &header, &body),
            "neighbor 127.0.0.1 receive 1 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003101 body 0x04FDE900B40A000001140206010400010001020641040000FDE902020600\n"
        );
        let (header, body) = split("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170200000000");
        assert_eq!(
            packets(&view, Direction::Send, 2, &header, &body),
            "neighbor 127.0.0.1 send 2 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001702 body 0x00000000\n"
        );
        assert_eq!(
            open(&view, Direction::Receive, &exabgp_open(), None),
            "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 10.0.0.1 capabilities [multiprotocol(ipv4 unicast), extended message(65535), asn4(65001)]\n"
        );
    }

    /// ExaBGP 5.0.13's own OPEN as captured live, without the `hostname(none none)` entry
    /// (a capability ExaBGP lists but does not send).
    #[test]
    fn exabgp_own_sent_open_captured_live() {
        let value = crate::wire::open::tests::exabgp_lab_sent_open();
        assert_eq!(
            open(&lab_view(), Direction::Send, &value, None),
            "neighbor 127.0.0.1 send open version 4 asn 65002 hold_time 180 router_id 10.0.0.2 capabilities [multiprotocol(ipv4 unicast,ipv4 nlri-mpls,ipv4 mpls-vpn,ipv4 flow,ipv6 unicast,l2vpn vpls), route refresh, extended message(65535), graceful restart flags 0x8 time 120 ipv4/unicast=0x80 ipv4/nlri-mpls=0x80 ipv4/mpls-vpn=0x80 ipv4/flow=0x80 ipv6/unicast=0x80 l2vpn/vpls=0x80, asn4(65002), addpath(send/receive ipv4 unicast,send/receive ipv6 unicast,send/receive ipv4 nlri-mpls,send/receive ipv4 mpls-vpn), enhanced route refresh, operational]\n"
        );
    }

    #[test]
    fn other_events_against_exabgp_5() {
        let view = lab_view();
        let (header, body) = split("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0015030400");
        let hold = Notification::new(4, 0, vec![]);
        assert_eq!(
            notification(&view, Direction::Receive, &hold, Some((&header, &body))),
            line(RECEIVE_HOLD)
        );
        let (header, body) = split("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170500020101");
        let begin = RouteRefresh::new(Family::IPV6_UNICAST, RouteRefreshSubtype::Begin);
        assert_eq!(
            route_refresh(&view, Direction::Receive, &begin, Some((&header, &body))),
            line(RECEIVE_BEGIN)
        );
        assert_eq!(
            route_refresh(&view, Direction::Send, &begin, None),
            line(SEND_BEGIN)
        );
        assert_eq!(down(&view, "bad\nline\u{7f}é"), line(DOWN_ESCAPED));
        let router_id = Ipv4Addr::new(10, 0, 0, 1);
        let query = Operational {
            name: "RPCQ",
            family: Family::IPV4_UNICAST,
            content: OperationalContent::Query {
                router_id,
                sequence: 7,
            },
        };
        assert_eq!(
            operational(&view, Direction::Receive, &query, None),
            OPERATIONAL_RPCQ
        );
        let counter = Operational {
            name: "RPCP",
            family: Family::IPV6_UNICAST,
            content: OperationalContent::Counter {
                router_id,
                sequence: 1,
                counter: 200,
            },
        };
        assert_eq!(
            operational(&view, Direction::Receive, &counter, None),
            OPERATIONAL_RPCP
        );
        // ExaBGP 5.0 printed Python's `b'…'` form of the advisory; we print the text.
        let advisory = Operational {
            name: "ADM",
            family: Family::IPV4_UNICAST,
            content: OperationalContent::Advisory(b"maintenance\nat 10".to_vec()),
        };
        assert_eq!(
            operational(&view, Direction::Send, &advisory, None),
            "neighbor 127.0.0.1 send operational ADM afi ipv4 safi unicast advisory \"maintenance\\x0aat 10\""
        );
    }

    #[test]
    fn capability_strings() {
        let text = |capabilities: Vec<Capability>| {
            capabilities_text(&Open::new(1, 90, Ipv4Addr::new(1, 1, 1, 1), capabilities))
        };
        assert_eq!(text(vec![]), "");
        assert_eq!(
            text(vec![Capability::Hostname(Hostname::new(
                "Router\u{1}",
                "Lab"
            ))]),
            "hostname(router\\x01 lab)"
        );
        assert_eq!(
            text(vec![Capability::SoftwareVersion("FRRouting/10.1".into())]),
            "software(frrouting/10.1)"
        );
        assert_eq!(
            text(vec![
                Capability::Unknown {
                    code: 200,
                    value: vec![]
                },
                Capability::Multisession(vec![0, 1]),
                Capability::Unknown {
                    code: 131,
                    value: vec![0, 1]
                },
                Capability::Unknown {
                    code: 3,
                    value: vec![]
                },
            ]),
            "unknown 3, multisession (rfc) multiprotocol, multisession multiprotocol, reserved 200"
        );
    }

    #[test]
    fn oneline_escapes_like_python() {
        assert_eq!(oneline("plain text é"), "plain text é");
        assert_eq!(oneline("a\tb\r\n\u{7f}"), "a\\x09b\\x0d\\x0a\\x7f");
        assert_eq!(oneline("\u{a0}\u{200b}\u{2028}"), "\\xa0\\x200b\\x2028");
    }

    proptest! {
        #[test]
        fn events_stay_on_one_line(reason in ".*",
                                   capabilities in proptest::collection::vec(
                                       crate::wire::capability::tests::capability_strategy(), 0..10)) {
            let view = lab_view();
            let down_line = down(&view, &reason);
            prop_assert_eq!(down_line.matches('\n').count(), 1);
            let value = Open::new(65001, 90, Ipv4Addr::new(1, 1, 1, 1), capabilities);
            let open_line = open(&view, Direction::Receive, &value, None);
            prop_assert_eq!(open_line.matches('\n').count(), 1);
            prop_assert!(open_line.ends_with('\n'));
        }
    }
}
