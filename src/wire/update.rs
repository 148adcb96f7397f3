//! The UPDATE message (RFC 4271 §4.3): withdrawn routes, path attributes and NLRI, with the
//! MP_REACH_NLRI / MP_UNREACH_NLRI attributes decoded into typed NLRI, End-of-RIB markers
//! (RFC 4724 §2) and the RFC 7606 outcome of the whole message.
//!
//! Pure codec: attributes are decoded by `attribute`, NLRI by `nlri`; this module checks the
//! lengths that frame them and the attributes an announcement must carry. Must not know
//! about sessions, RIBs or what the routes mean.

use super::attribute::{self, Attributes, DecodedAttributes};
use super::error::{AttributeProblem, ErrorAction, NotificationError};
use super::family::Family;
use super::iana::attribute_type::{AS_PATH, MP_REACH_NLRI, MP_UNREACH_NLRI, NEXT_HOP, ORIGIN};
use super::negotiated::Negotiated;
use super::nlri::{MpReach, MpUnreach, Nlri, decode_nlri_list, encode_nlri_list};
use super::reader::Reader;
use super::writer::{backfill_u16, reserve_u16};

/// An UPDATE message body.
///
/// ```text
/// +-----------------------------------------------------+
/// |   Withdrawn Routes Length (2 octets)                |
/// +-----------------------------------------------------+
/// |   Withdrawn Routes (variable)                       |
/// +-----------------------------------------------------+
/// |   Total Path Attribute Length (2 octets)            |
/// +-----------------------------------------------------+
/// |   Path Attributes (variable)                        |
/// +-----------------------------------------------------+
/// |   Network Layer Reachability Information (variable) |
/// +-----------------------------------------------------+
/// ```
///
/// `withdrawn` and `announced` are the classic IPv4 unicast fields (their NLRI must be
/// IPv4 unicast); every other family travels in `mp_reach` / `mp_unreach`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    /// The Withdrawn Routes field (IPv4 unicast).
    pub withdrawn: Vec<Nlri>,
    /// Every path attribute except MP_REACH_NLRI and MP_UNREACH_NLRI.
    pub attributes: Attributes,
    /// The NLRI field (IPv4 unicast).
    pub announced: Vec<Nlri>,
    pub mp_reach: Option<MpReach>,
    pub mp_unreach: Option<MpUnreach>,
    /// RFC 7606 problems that did not reset the session (from the attributes, and missing
    /// well-known mandatory attributes). Ignored when encoding.
    pub problems: Vec<AttributeProblem>,
}

/// Decodes the body of an UPDATE (what follows the 19-octet header).
///
/// Errors: inconsistent Withdrawn Routes Length / Total Path Attribute Length ->
/// Malformed Attribute List (3/1); a malformed NLRI in any list -> Invalid Network Field
/// (3/10); a malformed MP attribute -> Optional Attribute Error (3/9); and whatever the
/// attribute decoder reports.
pub fn decode(body: &[u8], negotiated: &Negotiated) -> Result<Update, NotificationError> {
    // RFC 4271 §6.3: "If the Withdrawn Routes Length or Total Attribute Length is too large
    // (i.e., if Withdrawn Routes Length + Total Attribute Length + 23 exceeds the message
    // Length), then the Error Subcode MUST be set to Malformed Attribute List."
    let mut reader = Reader::new(body);
    let framing = |what: &str, truncated: super::reader::Truncated| {
        NotificationError::malformed_attribute_list(format!(
            "UPDATE {what} does not fit the message: {truncated}"
        ))
    };
    let withdrawn_length = reader
        .u16()
        .map_err(|truncated| framing("Withdrawn Routes Length", truncated))?;
    let withdrawn = reader
        .take(usize::from(withdrawn_length))
        .map_err(|truncated| framing("Withdrawn Routes", truncated))?;
    let attributes_length = reader
        .u16()
        .map_err(|truncated| framing("Total Path Attribute Length", truncated))?;
    let attributes = reader
        .take(usize::from(attributes_length))
        .map_err(|truncated| framing("Path Attributes", truncated))?;
    let announced = reader.rest();
    let decoded = attribute::decode(attributes, negotiated)?;
    assemble(withdrawn, decoded, announced, negotiated)
}

/// Builds the UPDATE from its framed parts once the attributes are decoded.
fn assemble(
    withdrawn: &[u8],
    decoded: DecodedAttributes<'_>,
    announced: &[u8],
    negotiated: &Negotiated,
) -> Result<Update, NotificationError> {
    let family = Family::IPV4_UNICAST;
    let withdrawn = decode_nlri_list(
        family,
        withdrawn,
        negotiated.path_id_on_receive(family),
        true,
    )
    .map_err(|error| error.into_notification(family))?;
    let announced = decode_nlri_list(
        family,
        announced,
        negotiated.path_id_on_receive(family),
        false,
    )
    .map_err(|error| error.into_notification(family))?;
    let mp_reach = decoded
        .mp_reach
        .map(|value| MpReach::decode(value, negotiated))
        .transpose()?;
    let mp_unreach = decoded
        .mp_unreach
        .map(|value| MpUnreach::decode(value, negotiated))
        .transpose()?;
    let mut problems = decoded.problems;
    let attributes = &decoded.attributes;
    let (has_origin, has_as_path, has_next_hop) = (
        attributes.origin.is_some(),
        attributes.as_path.is_some(),
        attributes.next_hop.is_some(),
    );
    problems.extend(missing_well_known_attributes(
        has_origin,
        has_as_path,
        has_next_hop,
        !announced.is_empty(),
        mp_reach.is_some(),
    ));
    Ok(Update {
        withdrawn,
        attributes: decoded.attributes,
        announced,
        mp_reach,
        mp_unreach,
        problems,
    })
}

/// The well-known mandatory attributes an announcing UPDATE lacks, as treat-as-withdraw
/// problems.
///
/// RFC 7606 §3 (d): "If any of the well-known mandatory attributes are not present in an
/// UPDATE message, then "treat-as-withdraw" MUST be used. (Note that [RFC4760] reclassifies
/// NEXT_HOP as what is effectively discretionary.)" ORIGIN and AS_PATH are needed whenever
/// routes are announced (RFC 4760 §3: "An UPDATE message that carries the MP_REACH_NLRI MUST
/// also carry the ORIGIN and the AS_PATH attributes"); NEXT_HOP only with classic NLRI.
/// An UPDATE that only withdraws needs none.
pub fn missing_well_known_attributes(
    has_origin: bool,
    has_as_path: bool,
    has_next_hop: bool,
    has_classic_nlri: bool,
    has_mp_reach: bool,
) -> Vec<AttributeProblem> {
    if !has_classic_nlri && !has_mp_reach {
        return Vec::new();
    }
    [
        (has_origin, ORIGIN, "ORIGIN"),
        (has_as_path, AS_PATH, "AS_PATH"),
        (has_next_hop || !has_classic_nlri, NEXT_HOP, "NEXT_HOP"),
    ]
    .into_iter()
    .filter(|(present, _, _)| !present)
    .map(|(_, type_code, name)| AttributeProblem {
        type_code,
        action: ErrorAction::TreatAsWithdraw,
        detail: format!("missing well-known mandatory attribute {name}"),
    })
    .collect()
}

impl Update {
    /// The RFC 7606 outcome: the routes this UPDATE announces must be handled as withdrawn.
    pub fn treat_as_withdraw(&self) -> bool {
        self.problems
            .iter()
            .any(|problem| problem.action == ErrorAction::TreatAsWithdraw)
    }

    /// RFC 4724 §2: "An UPDATE message with no reachable Network Layer Reachability
    /// Information (NLRI) and empty withdrawn NLRI is specified as the End-of-RIB marker that
    /// can be used by a BGP speaker to indicate to its peer the completion of the initial
    /// routing update after the session is established. For the IPv4 unicast address family,
    /// the End-of-RIB marker is an UPDATE message with the minimum length [BGP-4]. For any
    /// other address family, it is an UPDATE message that contains only the MP_UNREACH_NLRI
    /// attribute [BGP-MP] with no withdrawn routes for that <AFI, SAFI>."
    pub fn end_of_rib(&self) -> Option<Family> {
        if !self.withdrawn.is_empty()
            || !self.announced.is_empty()
            || self.mp_reach.is_some()
            || !self.problems.is_empty()
            || self.attributes != Attributes::default()
        {
            return None;
        }
        match &self.mp_unreach {
            None => Some(Family::IPV4_UNICAST),
            Some(unreach) if unreach.nlri.is_empty() => Some(unreach.family),
            Some(_) => None,
        }
    }

    /// The End-of-RIB marker of `family`.
    pub fn end_of_rib_marker(family: Family) -> Update {
        Update {
            withdrawn: Vec::new(),
            attributes: Attributes::default(),
            announced: Vec::new(),
            mp_reach: None,
            mp_unreach: (family != Family::IPV4_UNICAST).then(|| MpUnreach {
                family,
                nlri: Vec::new(),
            }),
            problems: Vec::new(),
        }
    }

    /// Appends the body of this UPDATE (without the header) to `out`: the classic fields,
    /// then the attributes with MP_REACH_NLRI / MP_UNREACH_NLRI merged in by type code.
    pub fn encode_body(&self, negotiated: &Negotiated, out: &mut Vec<u8>) {
        let classic_path_id = negotiated.path_id_on_send(Family::IPV4_UNICAST);
        let at = reserve_u16(out);
        encode_nlri_list(&self.withdrawn, classic_path_id, out);
        backfill_u16(out, at);

        let mut mp_reach = Vec::new();
        if let Some(reach) = &self.mp_reach {
            reach.encode_attribute(negotiated, &mut mp_reach);
        }
        let mut mp_unreach = Vec::new();
        if let Some(unreach) = &self.mp_unreach {
            unreach.encode_attribute(negotiated, &mut mp_unreach);
        }
        let mut extra: Vec<(u8, &[u8])> = Vec::new();
        if self.mp_reach.is_some() {
            extra.push((MP_REACH_NLRI, &mp_reach));
        }
        if self.mp_unreach.is_some() {
            extra.push((MP_UNREACH_NLRI, &mp_unreach));
        }
        let at = reserve_u16(out);
        self.attributes.encode(negotiated, &extra, out);
        backfill_u16(out, at);

        encode_nlri_list(&self.announced, classic_path_id, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::family::{Afi, Safi};
    use crate::wire::nlri::{PrefixNlri, UnparsedNlri};
    use proptest::prelude::*;

    fn unicast(text: &str) -> Nlri {
        Nlri::Unicast(PrefixNlri::new(text.parse().expect("test prefix")))
    }

    fn update(withdrawn: Vec<Nlri>, announced: Vec<Nlri>) -> Update {
        Update {
            withdrawn,
            attributes: Attributes::default(),
            announced,
            mp_reach: None,
            mp_unreach: None,
            problems: Vec::new(),
        }
    }

    fn decoded<'a>(
        mp_reach: Option<&'a [u8]>,
        mp_unreach: Option<&'a [u8]>,
    ) -> DecodedAttributes<'a> {
        DecodedAttributes {
            attributes: Attributes::default(),
            mp_reach,
            mp_unreach,
            problems: Vec::new(),
        }
    }

    #[test]
    fn classic_updates_both_ways() {
        let negotiated = Negotiated::default();
        let table: Vec<(&[u8], Update)> = vec![
            // exabgp decode ffffffffffffffffffffffffffffffff00170200000000:
            // "eor": { "afi" : "ipv4", "safi" : "unicast" }
            (&[0, 0, 0, 0], update(vec![], vec![])),
            // exabgp decode ffffffffffffffffffffffffffffffff0020020009180a0000200a0000010000:
            // "withdraw": { "ipv4 unicast": [ { "nlri": "10.0.0.0/24" }, { "nlri": "10.0.0.1/32" } ] }
            (
                &[0, 9, 24, 10, 0, 0, 32, 10, 0, 0, 1, 0, 0],
                update(vec![unicast("10.0.0.0/24"), unicast("10.0.0.1/32")], vec![]),
            ),
        ];
        for (bytes, value) in table {
            assert_eq!(decode(bytes, &negotiated).as_ref(), Ok(&value), "{bytes:?}");
            let mut out = Vec::new();
            value.encode_body(&negotiated, &mut out);
            assert_eq!(out, bytes);
        }
    }

    #[test]
    fn add_path_withdrawals_both_ways() {
        let negotiated = Negotiated {
            add_path_receive: vec![Family::IPV4_UNICAST],
            add_path_send: vec![Family::IPV4_UNICAST],
            ..Negotiated::default()
        };
        // exabgp decode -i ffffffffffffffffffffffffffffffff001f02000800000001180a00000000:
        // "withdraw": { "ipv4 unicast": [ { "nlri": "10.0.0.0/24", "path-information": "0.0.0.1" } ] }
        let bytes: &[u8] = &[0, 8, 0, 0, 0, 1, 24, 10, 0, 0, 0, 0];
        let value = update(
            vec![Nlri::Unicast(PrefixNlri {
                path_id: Some(1),
                prefix: "10.0.0.0/24".parse().expect("prefix"),
            })],
            vec![],
        );
        assert_eq!(decode(bytes, &negotiated), Ok(value.clone()));
        let mut out = Vec::new();
        value.encode_body(&negotiated, &mut out);
        assert_eq!(out, bytes);
    }

    #[test]
    fn inconsistent_lengths_are_malformed_attribute_lists() {
        let negotiated = Negotiated::default();
        let table: &[(&[u8], &str)] = &[
            (
                &[0],
                "UPDATE Withdrawn Routes Length does not fit the message: truncated: needed 2 \
                 more byte(s), 1 left",
            ),
            (
                &[0, 5, 24, 10, 0, 0],
                "UPDATE Withdrawn Routes does not fit the message: truncated: needed 5 more \
                 byte(s), 4 left",
            ),
            (
                &[0, 0, 0],
                "UPDATE Total Path Attribute Length does not fit the message: truncated: \
                 needed 2 more byte(s), 1 left",
            ),
            (
                &[0, 0, 0, 4, 0x40, 1, 1],
                "UPDATE Path Attributes does not fit the message: truncated: needed 4 more \
                 byte(s), 3 left",
            ),
        ];
        for (bytes, detail) in table {
            let error = decode(bytes, &negotiated).expect_err("malformed");
            assert_eq!((error.code, error.subcode), (3, 1), "{bytes:?}");
            assert_eq!(error.detail, *detail);
        }
    }

    #[test]
    fn bad_nlri_are_invalid_network_field() {
        let negotiated = Negotiated::default();
        // NLRI field: prefix length 33
        let error = decode(&[0, 0, 0, 0, 33, 10, 0, 0, 0, 1], &negotiated).expect_err("bad");
        assert_eq!((error.code, error.subcode), (3, 10));
        // Withdrawn Routes field: prefix runs past the field
        let error = decode(&[0, 2, 24, 10, 0, 0], &negotiated).expect_err("bad");
        assert_eq!((error.code, error.subcode), (3, 10));
        assert_eq!(
            error.detail,
            "invalid ipv4 unicast NLRI: truncated: needed 3 more byte(s), 1 left"
        );
    }

    #[test]
    fn mp_attributes_are_decoded() {
        let negotiated = Negotiated::default();
        let reach: &[u8] = &[
            0, 2, 1, 16, 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 32, 0x20, 1,
            0x0d, 0xb8,
        ];
        let unreach: &[u8] = &[0, 1, 133, 3, 1, 8, 10];
        // Without ORIGIN and AS_PATH the announced routes are treated as withdrawn.
        let update =
            assemble(&[], decoded(Some(reach), Some(unreach)), &[], &negotiated).expect("decodes");
        assert!(update.treat_as_withdraw());
        assert_eq!(
            update
                .problems
                .iter()
                .map(|problem| problem.type_code)
                .collect::<Vec<_>>(),
            vec![ORIGIN, AS_PATH]
        );
        let mut with_attributes = decoded(Some(reach), Some(unreach));
        with_attributes.attributes.origin = Some(crate::wire::attribute::Origin::Igp);
        with_attributes.attributes.as_path = Some(crate::wire::attribute::AsPath::default());
        let update = assemble(&[], with_attributes, &[], &negotiated).expect("decodes");
        let mp_reach = update.mp_reach.as_ref().expect("reach");
        assert_eq!(mp_reach.family, Family::IPV6_UNICAST);
        assert_eq!(mp_reach.nlri, vec![unicast("2001:db8::/32")]);
        let mp_unreach = update.mp_unreach.as_ref().expect("unreach");
        assert_eq!(mp_unreach.family, Family::new(Afi::Ipv4, Safi::Flowspec));
        assert_eq!(mp_unreach.nlri.len(), 1);
        assert_eq!(update.end_of_rib(), None);
        assert!(!update.treat_as_withdraw());

        let error =
            assemble(&[], decoded(Some(&[0, 2, 1]), None), &[], &negotiated).expect_err("short");
        assert_eq!((error.code, error.subcode), (3, 9));
    }

    #[test]
    fn end_of_rib_markers() {
        let negotiated = Negotiated::default();
        for family in [
            Family::IPV4_UNICAST,
            Family::IPV6_UNICAST,
            Family::new(Afi::Ipv4, Safi::Flowspec),
            Family::new(Afi::L2vpn, Safi::Evpn),
        ] {
            let marker = Update::end_of_rib_marker(family);
            assert_eq!(marker.end_of_rib(), Some(family));
        }
        // The MP form as received: MP_UNREACH_NLRI with only AFI/SAFI.
        let update =
            assemble(&[], decoded(None, Some(&[0, 2, 1])), &[], &negotiated).expect("decodes");
        assert_eq!(update.end_of_rib(), Some(Family::IPV6_UNICAST));
        let update =
            assemble(&[], decoded(None, Some(&[0, 25, 70])), &[], &negotiated).expect("decodes");
        assert_eq!(
            update.end_of_rib(),
            Some(Family::new(Afi::L2vpn, Safi::Evpn))
        );
        // Not markers: a withdrawal, an unknown family with routes.
        assert_eq!(update_with_withdrawal().end_of_rib(), None);
        let mut update = Update::end_of_rib_marker(Family::new(Afi::L2vpn, Safi::Evpn));
        if let Some(unreach) = update.mp_unreach.as_mut() {
            unreach.nlri.push(Nlri::Unparsed(UnparsedNlri {
                family: unreach.family,
                bytes: vec![1],
            }));
        }
        assert_eq!(update.end_of_rib(), None);
        let mut out = Vec::new();
        Update::end_of_rib_marker(Family::IPV4_UNICAST).encode_body(&negotiated, &mut out);
        assert_eq!(out, [0, 0, 0, 0]);
    }

    fn update_with_withdrawal() -> Update {
        update(vec![unicast("10.0.0.0/8")], vec![])
    }

    #[test]
    fn missing_well_known_attributes_are_treat_as_withdraw() {
        assert_eq!(
            missing_well_known_attributes(false, false, false, false, false),
            vec![]
        );
        let problems = missing_well_known_attributes(false, true, false, true, false);
        let codes: Vec<u8> = problems.iter().map(|problem| problem.type_code).collect();
        assert_eq!(codes, [ORIGIN, NEXT_HOP]);
        assert!(
            problems
                .iter()
                .all(|problem| problem.action == ErrorAction::TreatAsWithdraw)
        );
        assert_eq!(
            problems[0].detail,
            "missing well-known mandatory attribute ORIGIN"
        );
        // MP_REACH only: NEXT_HOP is not needed.
        let problems = missing_well_known_attributes(true, false, false, false, true);
        let codes: Vec<u8> = problems.iter().map(|problem| problem.type_code).collect();
        assert_eq!(codes, [AS_PATH]);
        let mut value = update(vec![], vec![unicast("10.0.0.0/8")]);
        value.problems = problems;
        assert!(value.treat_as_withdraw());
        assert_eq!(value.end_of_rib(), None);
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..100)) {
            let negotiated = Negotiated::default();
            let _ = decode(&bytes, &negotiated);
        }

        #[test]
        fn classic_round_trip(
            withdrawn in proptest::collection::vec((any::<u32>(), 0u8..=32), 0..20),
        ) {
            let to_nlri = |list: Vec<(u32, u8)>| -> Vec<Nlri> {
                list.into_iter()
                    .map(|(address, length)| {
                        Nlri::Unicast(PrefixNlri::new(
                            crate::wire::nlri::Prefix::new(
                                std::net::IpAddr::V4(std::net::Ipv4Addr::from(address)),
                                length,
                            )
                            .expect("valid"),
                        ))
                    })
                    .collect()
            };
            // No attributes yet (stub): only withdrawals or nothing round-trip unchanged.
            let value = update(to_nlri(withdrawn), vec![]);
            let negotiated = Negotiated::default();
            let mut out = Vec::new();
            value.encode_body(&negotiated, &mut out);
            prop_assert_eq!(decode(&out, &negotiated), Ok(value));
        }
    }
}
