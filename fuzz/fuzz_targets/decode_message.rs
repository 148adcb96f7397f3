//! Fuzz target: whole-message decoding (`message::decode_message`) on arbitrary bytes.
//!
//! The first input byte picks the session (2/4-octet AS, extended messages, ADD-PATH); the
//! rest is the message. Decoding must never panic; a message that decodes cleanly must
//! re-encode to bytes that decode to the same value.
#![no_main]

use ferrobgp::wire::family::{Afi, Family, Safi};
use ferrobgp::wire::message::{Message, decode_message};
use ferrobgp::wire::negotiated::Negotiated;
use libfuzzer_sys::fuzz_target;

/// The session selected by `selector`: bit 0 asn4, bit 1 extended messages, bit 2 ADD-PATH
/// in IPv4/IPv6 unicast, bit 3 ADD-PATH in every parsed family.
fn negotiated(selector: u8) -> Negotiated {
    let mut add_path = Vec::new();
    if selector & 4 != 0 {
        add_path.extend([Family::IPV4_UNICAST, Family::IPV6_UNICAST]);
    }
    if selector & 8 != 0 {
        for afi in [Afi::Ipv4, Afi::Ipv6] {
            for safi in [
                Safi::Multicast,
                Safi::MplsLabel,
                Safi::MplsVpn,
                Safi::Flowspec,
                Safi::FlowspecVpn,
            ] {
                add_path.push(Family::new(afi, safi));
            }
        }
        add_path.push(Family::new(Afi::L2vpn, Safi::Vpls));
    }
    Negotiated {
        asn4: selector & 1 != 0,
        extended_message: selector & 2 != 0,
        add_path_send: add_path.clone(),
        add_path_receive: add_path,
        ..Negotiated::default()
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let negotiated = negotiated(selector);
    let Ok(message) = decode_message(bytes, &negotiated) else {
        return;
    };
    if let Message::Update(update) = &message
        && !update.problems.is_empty()
    {
        // RFC 7606 discarded something: the re-encoding legitimately differs.
        return;
    }
    let again = message.encode(&negotiated);
    if again.len() <= negotiated.max_message_size() {
        assert_eq!(decode_message(&again, &negotiated), Ok(message));
    }
});
