//! BGP capabilities (RFC 5492) as carried in the OPEN message, one variant per kind.
//!
//! This module decodes and encodes single capability TLVs, and (in `parameters`) the Optional
//! Parameters field of the OPEN that carries them. It must not decide what two OPENs agree on:
//! that is `negotiated`. Unknown capability codes are kept raw, as RFC 5492 §3 asks
//! ("a BGP speaker that receives a capability it does not understand ... ignores it").

mod add_path;
mod extended_next_hop;
mod graceful_restart;
mod parameters;
mod text;

pub use add_path::{AddPathDirection, AddPathFamily};
pub use extended_next_hop::ExtendedNextHopEntry;
pub use graceful_restart::{GracefulRestart, GracefulRestartFamily};
pub use parameters::{decode_optional_parameters, encode_optional_parameters};
pub use text::Hostname;
pub(crate) use text::truncate_utf8;

use super::error::NotificationError;
use super::family::Family;
use super::iana::capability_code as code;
use super::iana::notification::open as open_subcode;
use super::reader::Reader;

/// The largest Capability Value: its length field is one octet.
pub const MAX_VALUE_LENGTH: usize = 255;

/// One capability.
///
/// ```text
/// +------------------------------+
/// | Capability Code (1 octet)    |
/// +------------------------------+
/// | Capability Length (1 octet)  |
/// +------------------------------+
/// | Capability Value (variable)  |
/// ~                              ~
/// +------------------------------+
/// ```
///
/// Capabilities whose value must be empty (route refresh, extended message, ...) decode
/// whatever value they carry as the capability itself: the value means nothing to them.
/// A value is valid when its encoding fits the one-octet length (255 octets); longer lists
/// and texts are cut when encoded, so that encoding never fails.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Capability {
    /// Code 1, RFC 4760 §8: AFI (2), Reserved (1), SAFI (1). One capability per family.
    Multiprotocol(Family),
    /// Code 2, RFC 2918: empty.
    RouteRefresh,
    /// Code 128: Cisco's pre-standard route refresh, empty.
    RouteRefreshCisco,
    /// Code 5, RFC 8950: NLRI families whose next hop may be of another AFI.
    ExtendedNextHop(Vec<ExtendedNextHopEntry>),
    /// Code 6, RFC 8654: empty; messages up to 65535 octets.
    ExtendedMessage,
    /// Code 64, RFC 4724.
    GracefulRestart(GracefulRestart),
    /// Code 65, RFC 6793: the speaker's 4-octet AS number.
    FourOctetAs(u32),
    /// Code 68, draft-ietf-idr-bgp-multisession: the value, kept raw.
    Multisession(Vec<u8>),
    /// Code 69, RFC 7911.
    AddPath(Vec<AddPathFamily>),
    /// Code 70, RFC 7313: empty.
    EnhancedRouteRefresh,
    /// Code 71, RFC 9494 long-lived graceful restart: the value, kept raw.
    LongLivedGracefulRestart(Vec<u8>),
    /// Code 73, draft-walton-bgp-hostname-capability (ExaBGP's "hostname").
    Hostname(Hostname),
    /// Code 75, draft-abraitis-bgp-version-capability: length (1) and UTF-8 text.
    SoftwareVersion(String),
    /// Code 185: ExaBGP's operational messages, empty.
    Operational,
    /// Any other code, kept as received.
    Unknown { code: u8, value: Vec<u8> },
}

/// RFC 4271 §6.2: "If one of the Optional Parameters in the OPEN message is recognized, but is
/// malformed, then the Error Subcode MUST be set to 0 (Unspecific)."
pub(crate) fn malformed(detail: impl Into<String>) -> NotificationError {
    NotificationError::open(open_subcode::UNSPECIFIC, Vec::new(), detail)
}

impl Capability {
    /// The Capability Code.
    pub fn code(&self) -> u8 {
        match self {
            Capability::Multiprotocol(_) => code::MULTIPROTOCOL,
            Capability::RouteRefresh => code::ROUTE_REFRESH,
            Capability::RouteRefreshCisco => code::ROUTE_REFRESH_CISCO,
            Capability::ExtendedNextHop(_) => code::EXTENDED_NEXT_HOP,
            Capability::ExtendedMessage => code::EXTENDED_MESSAGE,
            Capability::GracefulRestart(_) => code::GRACEFUL_RESTART,
            Capability::FourOctetAs(_) => code::FOUR_OCTET_AS,
            Capability::Multisession(_) => code::MULTISESSION,
            Capability::AddPath(_) => code::ADD_PATH,
            Capability::EnhancedRouteRefresh => code::ENHANCED_ROUTE_REFRESH,
            Capability::LongLivedGracefulRestart(_) => code::LONG_LIVED_GRACEFUL_RESTART,
            Capability::Hostname(_) => code::FQDN,
            Capability::SoftwareVersion(_) => code::SOFTWARE_VERSION,
            Capability::Operational => code::OPERATIONAL,
            Capability::Unknown { code, .. } => *code,
        }
    }

    /// Decodes the value of a capability with code `code`.
    pub fn decode(code: u8, value: &[u8]) -> Result<Capability, NotificationError> {
        Ok(match code {
            code::MULTIPROTOCOL => Capability::Multiprotocol(decode_multiprotocol(value)?),
            code::ROUTE_REFRESH => Capability::RouteRefresh,
            code::ROUTE_REFRESH_CISCO => Capability::RouteRefreshCisco,
            code::EXTENDED_NEXT_HOP => {
                Capability::ExtendedNextHop(ExtendedNextHopEntry::decode_list(value)?)
            }
            code::EXTENDED_MESSAGE => Capability::ExtendedMessage,
            code::GRACEFUL_RESTART => Capability::GracefulRestart(GracefulRestart::decode(value)?),
            code::FOUR_OCTET_AS => {
                let bytes: [u8; 4] = value.try_into().map_err(|_| {
                    malformed(format!(
                        "4-octet AS capability has {} octets instead of 4",
                        value.len()
                    ))
                })?;
                Capability::FourOctetAs(u32::from_be_bytes(bytes))
            }
            code::MULTISESSION => Capability::Multisession(value.to_vec()),
            code::ADD_PATH => Capability::AddPath(AddPathFamily::decode_list(value)?),
            code::ENHANCED_ROUTE_REFRESH => Capability::EnhancedRouteRefresh,
            code::LONG_LIVED_GRACEFUL_RESTART => {
                Capability::LongLivedGracefulRestart(value.to_vec())
            }
            code::FQDN => Capability::Hostname(Hostname::decode(value)?),
            code::SOFTWARE_VERSION => Capability::SoftwareVersion(text::decode_software(value)?),
            code::OPERATIONAL => Capability::Operational,
            other => Capability::Unknown {
                code: other,
                value: value.to_vec(),
            },
        })
    }

    /// Decodes every capability TLV in `bytes` (the value of one Capabilities Optional
    /// Parameter, which may hold several capabilities).
    pub fn decode_list(bytes: &[u8]) -> Result<Vec<Capability>, NotificationError> {
        let mut reader = Reader::new(bytes);
        let mut capabilities = Vec::new();
        while !reader.is_empty() {
            let truncated = |_| malformed("capability overruns its Optional Parameter");
            let code = reader.u8().map_err(truncated)?;
            let length = reader.u8().map_err(truncated)?;
            let value = reader.take(usize::from(length)).map_err(truncated)?;
            capabilities.push(Capability::decode(code, value)?);
        }
        Ok(capabilities)
    }

    /// The Capability Value, cut to [`MAX_VALUE_LENGTH`] if it would be longer.
    pub fn encode_value(&self, out: &mut Vec<u8>) {
        let start = out.len();
        match self {
            Capability::Multiprotocol(family) => {
                out.extend_from_slice(&family.afi.code().to_be_bytes());
                out.push(0);
                out.push(family.safi.code());
            }
            Capability::RouteRefresh
            | Capability::RouteRefreshCisco
            | Capability::ExtendedMessage
            | Capability::EnhancedRouteRefresh
            | Capability::Operational => {}
            Capability::ExtendedNextHop(entries) => ExtendedNextHopEntry::encode_list(entries, out),
            Capability::GracefulRestart(graceful_restart) => graceful_restart.encode(out),
            Capability::FourOctetAs(asn) => out.extend_from_slice(&asn.to_be_bytes()),
            Capability::Multisession(value)
            | Capability::LongLivedGracefulRestart(value)
            | Capability::Unknown { value, .. } => out.extend_from_slice(value),
            Capability::AddPath(families) => AddPathFamily::encode_list(families, out),
            Capability::Hostname(hostname) => hostname.encode(out),
            Capability::SoftwareVersion(version) => text::encode_software(version, out),
        }
        out.truncate(start.saturating_add(MAX_VALUE_LENGTH));
    }

    /// The whole TLV: code, length, value.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.code());
        let length_at = out.len();
        out.push(0);
        self.encode_value(out);
        let length = out.len().saturating_sub(length_at).saturating_sub(1);
        if let Some(field) = out.get_mut(length_at) {
            *field = u8::try_from(length).unwrap_or(u8::MAX);
        }
    }
}

/// RFC 4760 §8 value:
///
/// ```text
///  0       7      15      23      31
/// +-------+-------+-------+-------+
/// |      AFI      | Res.  | SAFI  |
/// +-------+-------+-------+-------+
/// ```
fn decode_multiprotocol(value: &[u8]) -> Result<Family, NotificationError> {
    let [afi_high, afi_low, _reserved, safi]: [u8; 4] = value.try_into().map_err(|_| {
        malformed(format!(
            "multiprotocol capability has {} octets instead of 4",
            value.len()
        ))
    })?;
    Ok(Family::from_codes(
        u16::from_be_bytes([afi_high, afi_low]),
        safi,
    ))
}

#[cfg(test)]
pub(crate) mod tests;
