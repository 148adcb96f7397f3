//! The canonical form UPDATEs are compared in: encoding choices where ExaBGP and ferrobgp
//! differ and both are valid (docs/compatibility.md, "UPDATEs on the wire") are rewritten to
//! one form; everything else stays byte for byte.

use super::peer::hex;

/// The encoding differences every comparison allows, each documented in
/// docs/compatibility.md ("UPDATEs on the wire"); what remains is compared byte for byte:
/// - length fields: ExaBGP sets the Extended Length bit on MP_REACH_NLRI and MP_UNREACH_NLRI
///   whatever their length, ferrobgp only when the value needs two octets (RFC 4271 §4.3
///   allows both): every attribute is rewritten with the shortest length field;
/// - attribute order: ExaBGP sorts by type code, ferrobgp puts MP_REACH_NLRI first (RFC 7606
///   §5.1): attributes are sorted by type code;
/// - ExaBGP adds a NEXT_HOP attribute to labelled and VPN IPv4 routes carried in
///   MP_REACH_NLRI (RFC 4760 §3: such an UPDATE "SHOULD NOT carry the NEXT_HOP attribute"),
///   and ORIGIN and AS_PATH to UPDATEs that only withdraw (MP_UNREACH_NLRI): those are dropped.
///
/// Other messages, and UPDATEs that do not parse, are returned unchanged.
pub fn canonical_update(message: &str) -> String {
    let bytes: Vec<u8> = (0..message.len())
        .step_by(2)
        .filter_map(|at| u8::from_str_radix(message.get(at..at + 2)?, 16).ok())
        .collect();
    let rewrite = || -> Option<Vec<u8>> {
        if *bytes.get(18)? != 2 {
            return None;
        }
        let body = bytes.get(19..)?;
        let withdrawn_length = usize::from(u16::from_be_bytes([*body.first()?, *body.get(1)?]));
        let withdrawn = body.get(2..2 + withdrawn_length)?;
        let at = 2 + withdrawn_length;
        let attributes_length =
            usize::from(u16::from_be_bytes([*body.get(at)?, *body.get(at + 1)?]));
        let mut rest = body.get(at + 2..at + 2 + attributes_length)?;
        let nlri = body.get(at + 2 + attributes_length..)?;
        let mut attributes: Vec<(u8, u8, &[u8])> = Vec::new();
        while !rest.is_empty() {
            let flags = *rest.first()?;
            let code = *rest.get(1)?;
            let (length, header) = if flags & 0x10 != 0 {
                let length = u16::from_be_bytes([*rest.get(2)?, *rest.get(3)?]);
                (usize::from(length), 4)
            } else {
                (usize::from(*rest.get(2)?), 3)
            };
            attributes.push((flags, code, rest.get(header..header + length)?));
            rest = &rest[header + length..];
        }
        let has = |wanted: u8| attributes.iter().any(|(_, code, _)| *code == wanted);
        let (reach, unreach) = (has(14), has(15));
        if reach && nlri.is_empty() {
            attributes.retain(|(_, code, _)| *code != 3);
        }
        if unreach && !reach && nlri.is_empty() && withdrawn.is_empty() {
            attributes.retain(|(_, code, _)| *code != 1 && *code != 2);
        }
        attributes.sort_by_key(|(_, code, _)| *code);
        let mut rewritten = Vec::new();
        for (flags, code, value) in attributes {
            match u8::try_from(value.len()) {
                Ok(short) => rewritten.extend_from_slice(&[flags & !0x10, code, short]),
                Err(_) => {
                    rewritten.extend_from_slice(&[flags | 0x10, code]);
                    rewritten.extend_from_slice(&u16::try_from(value.len()).ok()?.to_be_bytes());
                }
            }
            rewritten.extend_from_slice(value);
        }
        let mut out = bytes[..16].to_vec();
        let total = 19 + 2 + withdrawn.len() + 2 + rewritten.len() + nlri.len();
        out.extend_from_slice(&u16::try_from(total).ok()?.to_be_bytes());
        out.push(2);
        out.extend_from_slice(&u16::try_from(withdrawn.len()).ok()?.to_be_bytes());
        out.extend_from_slice(withdrawn);
        out.extend_from_slice(&u16::try_from(rewritten.len()).ok()?.to_be_bytes());
        out.extend_from_slice(&rewritten);
        out.extend_from_slice(nlri);
        Some(out)
    };
    rewrite().map_or_else(|| message.to_owned(), |bytes| hex(&bytes))
}

/// The messages with [`canonical_update`] applied.
pub fn canonical(wire: &[Vec<Vec<String>>]) -> Vec<Vec<Vec<String>>> {
    wire.iter()
        .map(|sessions| {
            sessions
                .iter()
                .map(|messages| {
                    messages
                        .iter()
                        .map(|message| canonical_update(message))
                        .collect()
                })
                .collect()
        })
        .collect()
}
