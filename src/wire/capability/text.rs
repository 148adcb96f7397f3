//! Capabilities that carry text: FQDN/hostname (code 73) and software version (code 75).
//!
//! Texts from the peer are decoded leniently (invalid UTF-8 becomes U+FFFD): a hostname is
//! informational and not worth a session. Escaping for the text API is the encoders' job.

use super::{MAX_VALUE_LENGTH, malformed};
use crate::wire::error::NotificationError;
use crate::wire::reader::Reader;

/// The longest prefix of `text` that is at most `max_octets` long and ends on a character
/// boundary.
pub(crate) fn truncate_utf8(text: &str, max_octets: usize) -> &str {
    if text.len() <= max_octets {
        return text;
    }
    let mut end = max_octets;
    while !text.is_char_boundary(end) {
        end = end.saturating_sub(1);
    }
    text.get(..end).unwrap_or("")
}

/// Reads a one-octet length and that many octets of text.
fn read_text(reader: &mut Reader<'_>, what: &str) -> Result<String, NotificationError> {
    let length = reader
        .u8()
        .map_err(|_| malformed(format!("{what} length missing")))?;
    let bytes = reader
        .take(usize::from(length))
        .map_err(|_| malformed(format!("{what} longer than its capability")))?;
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

/// Writes a one-octet length and the text (already cut to fit).
fn write_text(text: &str, out: &mut Vec<u8>) {
    let text = truncate_utf8(text, usize::from(u8::MAX));
    out.push(u8::try_from(text.len()).unwrap_or(u8::MAX));
    out.extend_from_slice(text.as_bytes());
}

/// The FQDN capability (draft-walton-bgp-hostname-capability).
///
/// ```text
/// +--------------------------------+
/// | Hostname Length (1 octet)      |
/// +--------------------------------+
/// | Hostname (variable)            |
/// +--------------------------------+
/// | Domain Name Length (1 octet)   |
/// +--------------------------------+
/// | Domain Name (variable)         |
/// +--------------------------------+
/// ```
///
/// An empty value decodes as two empty names; a missing domain part as an empty domain name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Hostname {
    pub host_name: String,
    pub domain_name: String,
}

impl Hostname {
    pub fn new(host_name: impl Into<String>, domain_name: impl Into<String>) -> Hostname {
        Hostname {
            host_name: host_name.into(),
            domain_name: domain_name.into(),
        }
    }

    pub(super) fn decode(value: &[u8]) -> Result<Hostname, NotificationError> {
        let mut reader = Reader::new(value);
        let mut hostname = Hostname::new("", "");
        if reader.is_empty() {
            return Ok(hostname);
        }
        hostname.host_name = read_text(&mut reader, "host name")?;
        if !reader.is_empty() {
            hostname.domain_name = read_text(&mut reader, "domain name")?;
        }
        Ok(hostname)
    }

    /// Both names with their length octets; the host name is cut to leave room for the
    /// domain's length octet, and the domain name to what is left of the 255 octets.
    pub(super) fn encode(&self, out: &mut Vec<u8>) {
        let host = truncate_utf8(&self.host_name, MAX_VALUE_LENGTH - 2);
        let domain = truncate_utf8(&self.domain_name, MAX_VALUE_LENGTH - 2 - host.len());
        write_text(host, out);
        write_text(domain, out);
    }
}

/// Software version value: length (1) and UTF-8 text.
pub(super) fn decode_software(value: &[u8]) -> Result<String, NotificationError> {
    read_text(&mut Reader::new(value), "software version")
}

pub(super) fn encode_software(version: &str, out: &mut Vec<u8>) {
    write_text(truncate_utf8(version, MAX_VALUE_LENGTH - 1), out);
}
