//! ExaBGP's names for flowspec values: IP protocols, ICMP types, TCP flags and fragment bits
//! (from exabgp/protocol/), used when rendering flow rules as ExaBGP does.
//!
//! Rendering only: must not decode or encode anything.

/// ExaBGP's protocol names (exabgp/protocol/__init__.py), else the number.
pub fn protocol_name(value: u64) -> String {
    let name = match value {
        1 => "icmp",
        2 => "igmp",
        6 => "tcp",
        8 => "egp",
        17 => "udp",
        46 => "rsvp",
        47 => "gre",
        50 => "esp",
        51 => "ah",
        89 => "ospf",
        94 => "ipip",
        103 => "pim",
        132 => "sctp",
        _ => return value.to_string(),
    };
    name.to_string()
}

/// ExaBGP's ICMP type names (exabgp/protocol/ip/icmp.py), else the number.
pub fn icmp_type_name(value: u64) -> String {
    let name = match value {
        0 => "echo-reply",
        3 => "unreachable",
        5 => "redirect",
        8 => "echo-request",
        9 => "router-advertisement",
        10 => "router-solicit",
        11 => "time-exceeded",
        12 => "parameter-problem",
        13 => "timestamp",
        14 => "timestamp-reply",
        40 => "photuris",
        41 => "experimental-mobility",
        42 => "extended-echo-request",
        43 => "extended-echo-reply",
        253 => "experimental-one",
        254 => "experimental-two",
        _ => return value.to_string(),
    };
    name.to_string()
}

/// Bits joined by "+", in bit order, and what is left as "unknown <what> type <value>"
/// (ExaBGP's BitResource).
fn bit_names(value: u64, names: &[(u64, &str)], what: &str) -> String {
    let mut left = value;
    let mut parts: Vec<String> = Vec::new();
    for (bit, name) in names {
        if left & bit != 0 {
            parts.push((*name).to_string());
            left &= !bit;
        }
    }
    if left != 0 {
        parts.push(format!("unknown {what} type {value}"));
    }
    parts.join("+")
}

/// ExaBGP's TCP flag names: "syn+ack" (exabgp/protocol/ip/tcp/flag.py).
pub fn tcp_flags_name(value: u64) -> String {
    bit_names(
        value,
        &[
            (0x01, "fin"),
            (0x02, "syn"),
            (0x04, "rst"),
            (0x08, "push"),
            (0x10, "ack"),
            (0x20, "urg"),
            (0x40, "ece"),
            (0x80, "cwr"),
            (0x100, "ns"),
        ],
        "tcp flag",
    )
}

/// ExaBGP's fragment names: "dont-fragment", "is-fragment", "first-fragment",
/// "last-fragment" (exabgp/protocol/ip/fragment.py).
pub fn fragment_name(value: u64) -> String {
    bit_names(
        value,
        &[
            (0x01, "dont-fragment"),
            (0x02, "is-fragment"),
            (0x04, "first-fragment"),
            (0x08, "last-fragment"),
        ],
        "fragment",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_render_as_exabgp() {
        assert_eq!(tcp_flags_name(0x200), "unknown tcp flag type 512");
        assert_eq!(tcp_flags_name(0x201), "fin+unknown tcp flag type 513");
        assert_eq!(fragment_name(0x09), "dont-fragment+last-fragment");
        assert_eq!(protocol_name(17), "udp");
        assert_eq!(protocol_name(250), "250");
        assert_eq!(icmp_type_name(200), "200");
    }
}
