//! `ferrobgp decode`: a hexadecimal BGP message in, what `exabgp decode` prints out.
//!
//! Pure apart from reading the clock and the host name, which the caller passes in an
//! [`Envelope`]. Like `exabgp decode`, input without the 16-octet marker is taken as the body of
//! one UPDATE, and the message is shown as received from a placeholder neighbor (127.0.0.1,
//! AS 65533, router-id 10.0.0.2) on a session that negotiated 4-octet AS numbers, extended
//! messages and, with `--path-information`, ADD-PATH for every family.

use crate::api::json::events::Operational;
use crate::api::json::{self, Direction, Envelope, JsonVersion, NeighborView};
use crate::api::text;
use crate::wire::family::Family;
use crate::wire::header::{HEADER_LENGTH, MARKER, encode_message};
use crate::wire::iana::message_type;
use crate::wire::message::{Message, decode_message};
use crate::wire::negotiated::Negotiated;

/// How to show the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json(JsonVersion),
    Text,
}

/// The options of `ferrobgp decode`, named as `exabgp decode` names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeOptions {
    /// `--family "ipv4 unicast"`: the families the placeholder session negotiated (all when
    /// empty). With `--path-information` these are the families that carry path identifiers.
    pub families: Vec<Family>,
    /// `--path-information` / `-i`: NLRI carry RFC 7911 path identifiers.
    pub path_information: bool,
    /// Whether the placeholder session negotiated 4-octet AS numbers (`--no-asn4` turns it off,
    /// as `capability { asn4 disable; }` in an `exabgp decode -c` configuration does).
    pub asn4: bool,
    pub format: Format,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions {
            families: Vec::new(),
            path_information: false,
            asn4: true,
            format: Format::Json(JsonVersion::V5),
        }
    }
}

/// Every family the codec decodes, for `--path-information` without `--family`.
fn every_family() -> Vec<Family> {
    use crate::wire::family::{Afi, Safi};
    let mut families = Vec::new();
    for afi in [Afi::Ipv4, Afi::Ipv6] {
        for safi in [
            Safi::Unicast,
            Safi::Multicast,
            Safi::MplsLabel,
            Safi::MplsVpn,
            Safi::Flowspec,
            Safi::FlowspecVpn,
        ] {
            families.push(Family::new(afi, safi));
        }
    }
    families.push(Family::new(Afi::L2vpn, Safi::Vpls));
    families
}

/// The session the message is pretended to come from.
pub fn placeholder_session(options: &DecodeOptions) -> Negotiated {
    let mut negotiated = Negotiated {
        asn4: options.asn4,
        extended_message: true,
        ..Negotiated::default()
    };
    if options.path_information {
        let families = if options.families.is_empty() {
            every_family()
        } else {
            options.families.clone()
        };
        negotiated.add_path_receive = families.clone();
        negotiated.add_path_send = families;
    }
    negotiated
}

/// Turns the user's hexadecimal text into bytes. Spaces and colons are ignored, as
/// `exabgp decode` ignores them; an optional `0x` prefix is accepted.
pub fn parse_hex(text: &str) -> Result<Vec<u8>, String> {
    let digits: String = text
        .trim()
        .trim_start_matches("0x")
        .chars()
        .filter(|character| !matches!(character, ' ' | ':' | '\n' | '\t'))
        .collect();
    if digits.is_empty() {
        return Err(
            "no hexadecimal digits given: pass the BGP message as hex, e.g. FFFF…FF001304".into(),
        );
    }
    if let Some(bad) = digits
        .chars()
        .find(|character| !character.is_ascii_hexdigit())
    {
        return Err(format!(
            "'{bad}' is not a hexadecimal digit: pass the BGP message as hex (spaces and colons are ignored)"
        ));
    }
    if !digits.len().is_multiple_of(2) {
        return Err(format!(
            "odd number of hexadecimal digits ({}): every octet needs two",
            digits.len()
        ));
    }
    Ok((0..digits.len())
        .step_by(2)
        .filter_map(|at| u8::from_str_radix(&digits[at..at + 2], 16).ok())
        .collect())
}

/// Splits the input into whole messages. Input without the marker is one UPDATE body.
fn split_messages(bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    if !bytes.starts_with(&MARKER) {
        return Ok(vec![encode_message(message_type::UPDATE, bytes)]);
    }
    let mut messages = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let Some(&[high, low]) = rest.get(16..18) else {
            return Err(format!(
                "the last message is cut short: {} octets, a header needs {HEADER_LENGTH}",
                rest.len()
            ));
        };
        let length = usize::from(u16::from_be_bytes([high, low])).max(HEADER_LENGTH);
        let Some(message) = rest.get(..length) else {
            return Err(format!(
                "the message header says {length} octets but only {} are given",
                rest.len()
            ));
        };
        messages.push(message.to_vec());
        rest = &rest[length..];
    }
    Ok(messages)
}

/// Decodes `hex` and renders each message it holds, one line (or text block) each.
pub fn decode(options: &DecodeOptions, hex: &str, envelope: &Envelope) -> Result<String, String> {
    let bytes = parse_hex(hex)?;
    let negotiated = placeholder_session(options);
    let neighbor = NeighborView::decode_placeholder();
    let direction = Direction::Decoded;
    let mut out = String::new();
    for bytes in split_messages(&bytes)? {
        let message = decode_message(&bytes, &negotiated)
            .map_err(|error| format!("invalid BGP message: {error}"))?;
        let rendered = match options.format {
            Format::Json(version) => {
                let envelope = Envelope {
                    version,
                    ..envelope.clone()
                };
                render_json(&envelope, &neighbor, direction, &message, &negotiated)
            }
            Format::Text => render_text(&neighbor, direction, &message),
        };
        out.push_str(&rendered);
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    Ok(out)
}

/// An OPERATIONAL message ExaBGP would show; other raw messages are shown as packets.
fn operational(kind: u8, body: &[u8]) -> Option<Operational> {
    (kind == message_type::OPERATIONAL)
        .then(|| Operational::decode(body))
        .flatten()
}

fn render_json(
    envelope: &Envelope,
    neighbor: &NeighborView,
    direction: Direction,
    message: &Message,
    negotiated: &Negotiated,
) -> String {
    match message {
        Message::Open(open) => json::open::open(envelope, neighbor, direction, open, None),
        Message::Update(update) => json::update::update(
            envelope, neighbor, direction, update, negotiated, None, None,
        ),
        Message::Notification(notification) => {
            json::events::notification(envelope, neighbor, direction, notification, None)
        }
        Message::Keepalive => json::events::keepalive(envelope, neighbor, direction, None),
        Message::RouteRefresh(refresh) => {
            json::events::route_refresh(envelope, neighbor, direction, refresh, None)
        }
        Message::Raw { kind, body } => match operational(*kind, body) {
            Some(operational) => {
                json::events::operational(envelope, neighbor, direction, &operational, None)
            }
            None => {
                let header = &encode_message(*kind, body)[..HEADER_LENGTH];
                json::events::packets(envelope, neighbor, direction, *kind, header, body, None)
            }
        },
    }
}

fn render_text(neighbor: &NeighborView, direction: Direction, message: &Message) -> String {
    match message {
        Message::Open(open) => text::events::open(neighbor, direction, open, None),
        Message::Update(update) => text::update::update(
            JsonVersion::V5,
            neighbor.peer_address,
            direction,
            update,
            None,
        ),
        Message::Notification(notification) => {
            text::events::notification(neighbor, direction, notification, None)
        }
        Message::Keepalive => text::events::keepalive(neighbor, direction, None),
        Message::RouteRefresh(refresh) => {
            text::events::route_refresh(neighbor, direction, refresh, None)
        }
        Message::Raw { kind, body } => match operational(*kind, body) {
            Some(operational) => text::events::operational(neighbor, direction, &operational, None),
            None => {
                let header = &encode_message(*kind, body)[..HEADER_LENGTH];
                text::events::packets(neighbor, direction, *kind, header, body)
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_accepts_exabgp_separators_and_rejects_garbage() {
        assert_eq!(parse_hex("FF:ff 00"), Ok(vec![0xFF, 0xFF, 0x00]));
        assert_eq!(parse_hex("0x0102"), Ok(vec![1, 2]));
        assert!(
            parse_hex("0G")
                .unwrap_err()
                .contains("'G' is not a hexadecimal digit")
        );
        assert!(parse_hex("123").unwrap_err().contains("odd number"));
        assert!(
            parse_hex("  ")
                .unwrap_err()
                .contains("no hexadecimal digits")
        );
    }

    #[test]
    fn input_without_marker_is_one_update_body() {
        let messages = split_messages(&[0, 0, 0, 0]).expect("splits");
        assert_eq!(messages.len(), 1);
        assert_eq!(messages[0].len(), 23);
        assert_eq!(messages[0][18], message_type::UPDATE);
    }

    #[test]
    fn several_messages_are_split_and_short_ones_refused() {
        let keepalive = encode_message(message_type::KEEPALIVE, &[]);
        let mut two = keepalive.clone();
        two.extend_from_slice(&keepalive);
        assert_eq!(split_messages(&two).expect("splits").len(), 2);
        assert!(
            split_messages(&keepalive[..17])
                .unwrap_err()
                .contains("cut short")
        );
        let mut long = keepalive.clone();
        long[17] = 40;
        assert!(
            split_messages(&long)
                .unwrap_err()
                .contains("says 40 octets")
        );
    }
}
