//! ExaBGP's text encoder output for an UPDATE (exabgp-api reference §4):
//!
//! ```text
//! neighbor 127.0.0.1 receive update start
//! neighbor 127.0.0.1 receive update announced 10.1.0.0/24 next-hop 10.0.0.1 origin igp as-path ( 65001 )
//! neighbor 127.0.0.1 receive update withdrawn 192.0.2.0/24
//!  header 0xFFFF…001F02 body 0x0008…
//! neighbor 127.0.0.1 receive update end
//! ```
//!
//! One line per NLRI, in ExaBGP's order (Withdrawn Routes, NLRI field, MP_UNREACH_NLRI,
//! MP_REACH_NLRI); `route eor …` for an End-of-RIB marker; the raw header/body line when the
//! caller hands the bytes in. Each NLRI is its `extensive()` text ([`nlri_text`]), announced
//! ones followed by the attribute string ([`attributes_text`]).
//!
//! Pure rendering: takes decoded values, returns a string. Must not decode, decide RFC 7606
//! outcomes (the UPDATE says whether its routes are treated as withdrawn) or do I/O.

mod attributes;
#[cfg(test)]
mod tests;

pub use attributes::attributes_text;

use crate::api::json::text::hex;
use crate::api::json::{Direction, JsonVersion};
use crate::wire::family::Family;
use crate::wire::nlri::{NextHop, Nlri, label_stack_text};
use crate::wire::update::Update;
use std::fmt::Write;
use std::net::{IpAddr, Ipv4Addr};

/// The whole text block for one UPDATE: `start` line, one line per NLRI (or the EOR line),
/// the raw ` header 0x… body 0x…` line when `raw` (header, body) is given and not empty, and
/// the `end` line. Lines end with "\n" (the extra empty line ExaBGP writes after each event
/// is the writer's business).
///
/// When the UPDATE is treated as withdrawn (RFC 7606), every NLRI it announced is shown as
/// `withdrawn`, with its next hop, as ExaBGP does. An announced NLRI is always `announced`:
/// ExaBGP's verb-less form (`update <nlri> <attributes>`, for an NLRI whose next hop is
/// Python-false) cannot happen for a decoded UPDATE, flowspec included.
pub fn update(
    version: JsonVersion,
    peer: IpAddr,
    direction: Direction,
    update: &Update,
    raw: Option<(&[u8], &[u8])>,
) -> String {
    let prefix = format!("neighbor {peer} {} update", direction.name());
    let mut out = format!("{prefix} start\n");
    if let Some(family) = update.end_of_rib() {
        let _ = writeln!(out, "{prefix} route {}", end_of_rib_text(family));
    } else {
        let attributes = attributes_text(version, &update.attributes);
        let withdrawn_all = update.treat_as_withdraw();
        let announce = |out: &mut String, nlri: &Nlri, next_hop: Option<&NextHop>| {
            let text = nlri_text(nlri, next_hop);
            if withdrawn_all {
                let _ = writeln!(out, "{prefix} withdrawn {text}");
            } else {
                let _ = writeln!(out, "{prefix} announced {text}{attributes}");
            }
        };
        for nlri in &update.withdrawn {
            let _ = writeln!(out, "{prefix} withdrawn {}", nlri_text(nlri, None));
        }
        let classic_next_hop = update.attributes.next_hop.map(NextHop::Ipv4);
        for nlri in &update.announced {
            announce(&mut out, nlri, classic_next_hop.as_ref());
        }
        if let Some(unreach) = &update.mp_unreach {
            for nlri in &unreach.nlri {
                let _ = writeln!(out, "{prefix} withdrawn {}", nlri_text(nlri, None));
            }
        }
        if let Some(reach) = &update.mp_reach {
            for nlri in &reach.nlri {
                announce(&mut out, nlri, Some(&reach.next_hop));
            }
        }
    }
    if let Some((header, body)) = raw {
        let mut line = String::new();
        if !header.is_empty() {
            let _ = write!(line, " header {}", hex(header));
        }
        if !body.is_empty() {
            let _ = write!(line, " body {}", hex(body));
        }
        if !line.is_empty() {
            out.push_str(&line);
            out.push('\n');
        }
    }
    let _ = writeln!(out, "{prefix} end");
    out
}

/// ExaBGP's `extensive()` of one NLRI, with its next hop when it has one (`None`, or
/// [`NextHop::None`] as flowspec has, show none):
///
/// - unicast / multicast: "10.1.0.0/24 path-information 0.0.0.1 next-hop 10.0.0.1"
/// - labelled: "10.0.0.0/24 label [ 100 200 ] next-hop 1.2.3.4"
/// - VPN: "10.6.0.0/24 label 100 next-hop 10.0.0.1 rd 65001:1" (the RD after the next hop)
/// - flowspec: "flow destination-ipv4 10.0.0.0/24 rd 65001:1 next-hop 10.0.0.1"
/// - VPLS: "vpls rd 1.2.3.4:5 endpoint 3 base 262145 offset 1 size 8 next-hop 10.0.0.1", and
///   without a next hop ExaBGP leaves a trailing space ("… size 8 ").
/// - EVPN: "evpn:multicast::65020:301:0:10.28.0.2 next-hop 127.0.0.20" (ExaBGP's str() of the
///   route: ExaBGP 5.0 itself prints only "afi l2vpn safi evpn", without next hop).
///
/// The path information is shown when the NLRI has a Path Identifier (ADD-PATH), as a
/// dotted quad; ExaBGP shows none for flowspec and VPLS. An IPv6 next hop shows its global
/// address only.
pub fn nlri_text(nlri: &Nlri, next_hop: Option<&NextHop>) -> String {
    let next_hop = next_hop
        .and_then(next_hop_text)
        .map(|text| format!(" next-hop {text}"))
        .unwrap_or_default();
    match nlri {
        Nlri::Unicast(nlri) | Nlri::Multicast(nlri) => {
            format!(
                "{}{}{next_hop}",
                nlri.prefix,
                path_information(nlri.path_id)
            )
        }
        Nlri::Labelled(nlri) => format!(
            "{}{}{}{next_hop}",
            nlri.prefix,
            path_information(nlri.path_id),
            label_stack_text(&nlri.labels)
        ),
        Nlri::Vpn(nlri) => format!(
            "{}{}{}{next_hop} rd {}",
            nlri.prefix,
            path_information(nlri.path_id),
            label_stack_text(&nlri.labels),
            nlri.route_distinguisher
        ),
        Nlri::Flowspec(nlri) => format!("{}{next_hop}", nlri.exabgp_text()),
        Nlri::Vpls(nlri) => {
            // ExaBGP formats "vpls… size N {next hop}", so the separating space stays even
            // when there is no next hop.
            format!("{} {}", nlri.exabgp_text(), next_hop.trim_start())
        }
        // ExaBGP 5.0's EVPN classes have no extensive(): it prints "afi l2vpn safi evpn" and
        // neither the route nor its next hop. We print the route as ExaBGP's str() shows it
        // (what its `show adj-rib` prints), then path information and next hop.
        Nlri::Evpn(nlri) => format!(
            "{}{}{next_hop}",
            nlri.route.exabgp_string(),
            path_information(nlri.path_id)
        ),
        // ExaBGP decodes these families; we keep them raw, so show the family and octets.
        Nlri::Unparsed(nlri) => format!("{} {}{next_hop}", nlri.family, hex(&nlri.bytes)),
    }
}

/// ExaBGP's End-of-RIB text: "eor 1/1 (ipv4 unicast)", "eor 25/65 (l2vpn vpls)".
pub fn end_of_rib_text(family: Family) -> String {
    format!(
        "eor {}/{} ({family})",
        family.afi.code(),
        family.safi.code()
    )
}

/// " path-information a.b.c.d" for an RFC 7911 Path Identifier, "" without one.
fn path_information(path_id: Option<u32>) -> String {
    path_id
        .map(|id| format!(" path-information {}", Ipv4Addr::from(id)))
        .unwrap_or_default()
}

/// The next hop as ExaBGP shows it, `None` when there is none to show.
///
/// ExaBGP 5.0 repeats every NLRI of an MP_REACH_NLRI whose next hop has a link-local
/// address, once per address (so the route seems re-announced via the link-local one). We
/// show each NLRI once, with the global address.
fn next_hop_text(next_hop: &NextHop) -> Option<String> {
    match next_hop {
        NextHop::None => None,
        NextHop::Ipv4(address) => Some(address.to_string()),
        NextHop::Ipv6 { global, .. } => Some(global.to_string()),
        NextHop::Other(bytes) => Some(hex(bytes)),
    }
}
