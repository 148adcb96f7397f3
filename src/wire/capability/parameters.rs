//! The Optional Parameters of the OPEN message (RFC 4271 §4.2, RFC 5492, RFC 9072).
//!
//! Only the Capabilities parameter (type 2) is understood; any other type is refused with
//! Unsupported Optional Parameter. This module must not interpret the capabilities beyond
//! decoding them (see `negotiated`).

use super::{Capability, malformed};
use crate::wire::error::NotificationError;
use crate::wire::iana::notification::open as open_subcode;
use crate::wire::iana::optional_parameter;
use crate::wire::reader::Reader;

/// Decodes the Optional Parameters field of an OPEN, starting at "Opt Parm Len" and running
/// to the end of the message. Returns the capabilities of every Capabilities parameter in
/// order.
///
/// Standard form (RFC 4271 §4.2) and extended form (RFC 9072 §2):
///
/// ```text
/// +-+-+-+-+-+-+-+-+            +-+-+-+-+-+-+-+-+
/// |  Opt Parm Len |            |Non-Ext OP Len.| = 255
/// +-+-+-+-+-+-+-+-+-+-+-+-+    +-+-+-+-+-+-+-+-+
/// |  Optional Parameters  |    |Non-Ext OP Type| = 255
/// |  type (1), length (1) |    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// +-+-+-+-+-+-+-+-+-+-+-+-+    |   Extended Opt. Parm. Length  |
///                              +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///                              |  Optional Parameters          |
///                              |  type (1), length (2)         |
///                              +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
///
/// The parameters must fill the rest of the OPEN exactly; a length that disagrees with it is
/// a malformed parameter field (2/0).
pub fn decode_optional_parameters(bytes: &[u8]) -> Result<Vec<Capability>, NotificationError> {
    let mut reader = Reader::new(bytes);
    let length = reader
        .u8()
        .map_err(|_| malformed("OPEN has no Optional Parameters Length"))?;
    // RFC 9072 §2: "If the value of the "Non-Ext OP Type" field is 255, then the encoding
    // described above is used for the Optional Parameters length."
    let extended = length == u8::MAX
        && reader.peek_rest().first() == Some(&optional_parameter::EXTENDED_LENGTH);
    let total = if extended {
        let _marker = reader.u8();
        let length = reader
            .u16()
            .map_err(|_| malformed("OPEN extended Optional Parameters Length truncated"))?;
        usize::from(length)
    } else {
        usize::from(length)
    };
    if reader.remaining() != total {
        return Err(malformed(format!(
            "Optional Parameters Length {total} but {} octets follow",
            reader.remaining()
        )));
    }
    let mut capabilities = Vec::new();
    while !reader.is_empty() {
        let truncated = |_| malformed("Optional Parameter overruns the OPEN message");
        let kind = reader.u8().map_err(truncated)?;
        let length = if extended {
            usize::from(reader.u16().map_err(truncated)?)
        } else {
            usize::from(reader.u8().map_err(truncated)?)
        };
        let value = reader.take(length).map_err(truncated)?;
        if kind != optional_parameter::CAPABILITIES {
            // RFC 4271 §6.2: "If one of the Optional Parameters in the OPEN message is not
            // recognized, then the Error Subcode MUST be set to Unsupported Optional
            // Parameters."
            return Err(NotificationError::open(
                open_subcode::UNSUPPORTED_OPTIONAL_PARAMETER,
                Vec::new(),
                format!("unsupported OPEN Optional Parameter type {kind}"),
            ));
        }
        capabilities.extend(Capability::decode_list(value)?);
    }
    Ok(capabilities)
}

/// Encodes "Opt Parm Len" and one Capabilities parameter per capability (as ExaBGP does).
///
/// The RFC 9072 extended form is used only when the parameters would not fit the one-octet
/// length.
pub fn encode_optional_parameters(capabilities: &[Capability], out: &mut Vec<u8>) {
    let mut tlvs = Vec::with_capacity(capabilities.len());
    for capability in capabilities {
        let mut tlv = Vec::new();
        capability.encode(&mut tlv);
        tlvs.push(tlv);
    }
    // Type (1) and length (1) in front of each capability.
    let standard_total: usize = tlvs.iter().map(|tlv| tlv.len().saturating_add(2)).sum();
    if let Ok(length) = u8::try_from(standard_total) {
        out.push(length);
        for tlv in &tlvs {
            out.push(optional_parameter::CAPABILITIES);
            out.push(u8::try_from(tlv.len()).unwrap_or(u8::MAX));
            out.extend_from_slice(tlv);
        }
        return;
    }
    // Type (1) and length (2) in front of each capability.
    let extended_total: usize = tlvs.iter().map(|tlv| tlv.len().saturating_add(3)).sum();
    debug_assert!(extended_total <= usize::from(u16::MAX), "OPEN too long");
    out.push(u8::MAX);
    out.push(optional_parameter::EXTENDED_LENGTH);
    out.extend_from_slice(
        &u16::try_from(extended_total)
            .unwrap_or(u16::MAX)
            .to_be_bytes(),
    );
    for tlv in &tlvs {
        out.push(optional_parameter::CAPABILITIES);
        out.extend_from_slice(&u16::try_from(tlv.len()).unwrap_or(u16::MAX).to_be_bytes());
        out.extend_from_slice(tlv);
    }
}
