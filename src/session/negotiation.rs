//! The session-level checks of a received OPEN, and what the two OPENs agree on.
//!
//! The codec (`Open::decode`) has already refused what needs no configuration (version, hold
//! time 1-2, zero BGP Identifier, malformed parameters). Here come the checks that need it:
//! the peer's AS, our own BGP Identifier, our hold time policy, the families we require.
//! Pure: no state, no I/O; the FSM decides what to do with the verdict.

use crate::wire::capability::Capability;
use crate::wire::error::NotificationError;
use crate::wire::iana::notification::open as subcode;
use crate::wire::negotiated::Negotiated;
use crate::wire::open::Open;

use super::config::SessionConfig;

/// The OPEN we send: our AS, proposed hold time and identifier, and `capabilities` (what the
/// configuration announces minus what the capability fallback removed).
pub fn local_open(config: &SessionConfig, capabilities: Vec<Capability>) -> Open {
    Open::new(
        config.local_as,
        config.proposed_hold_time(),
        config.local_identifier,
        capabilities,
    )
}

/// Checks the peer's OPEN against the configuration and the OPEN we sent; on success, what
/// the two agree on (`Negotiated::from_opens`, with the configured AIGP setting).
///
/// Errors, in the order they are checked: Bad Peer AS (2/2), Bad BGP Identifier (2/3),
/// Unacceptable Hold Time (2/6), Unsupported Capability (2/7) for required families.
pub fn check_open(
    config: &SessionConfig,
    sent: &Open,
    received: &Open,
) -> Result<Negotiated, NotificationError> {
    let peer_as = received.asn();
    if peer_as != config.peer_as {
        // RFC 4271 §6.2: "If the Autonomous System field of the OPEN message is
        // unacceptable, then the Error Subcode MUST be set to Bad Peer AS."
        return Err(NotificationError::open(
            subcode::BAD_PEER_AS,
            Vec::new(),
            format!("peer AS {peer_as} instead of {}", config.peer_as),
        ));
    }
    let identifier = received.bgp_identifier;
    if identifier.is_unspecified()
        || (identifier == config.local_identifier && config.is_internal())
    {
        // RFC 6286 §2.2: "If the BGP Identifier field of the OPEN message is zero, or if it
        // is the same as the BGP Identifier of the local BGP speaker and the message is from
        // an internal peer, then the Error Subcode is set to "Bad BGP Identifier"."
        return Err(NotificationError::open(
            subcode::BAD_BGP_IDENTIFIER,
            Vec::new(),
            format!("peer BGP Identifier {identifier} is not acceptable"),
        ));
    }
    check_hold_time(config, received.hold_time)?;

    let mut negotiated = Negotiated::from_opens(sent, received);
    negotiated.aigp = config.aigp;

    let missing: Vec<Capability> = config
        .required_families
        .iter()
        .filter(|family| !negotiated.families.contains(family))
        .map(|family| Capability::Multiprotocol(*family))
        .collect();
    if !missing.is_empty() {
        // RFC 5492 §3: "If a BGP speaker that supports a certain capability determines that
        // its peer doesn't support this capability, the speaker MAY send a NOTIFICATION
        // message to the peer and terminate peering ... The Error Subcode in the message is
        // set to Unsupported Capability. The message MUST contain the capability or
        // capabilities that cause the speaker to send the message."
        let mut data = Vec::new();
        for capability in &missing {
            capability.encode(&mut data);
        }
        let names: Vec<String> = config
            .required_families
            .iter()
            .filter(|family| !negotiated.families.contains(family))
            .map(ToString::to_string)
            .collect();
        return Err(NotificationError::open(
            subcode::UNSUPPORTED_CAPABILITY,
            data,
            format!("required families not negotiated: {}", names.join(", ")),
        ));
    }
    Ok(negotiated)
}

/// RFC 4271 §6.2: "If the Hold Time field of the OPEN message is unacceptable, then the Error
/// Subcode MUST be set to Unacceptable Hold Time. An implementation MUST reject Hold Time
/// values of one or two seconds. An implementation MAY reject any proposed Hold Time."
pub fn check_hold_time(config: &SessionConfig, proposed: u16) -> Result<(), NotificationError> {
    let acceptable = match (proposed, config.minimum_hold_time) {
        (1 | 2, _) => false,
        (0, minimum) => minimum == 0,
        (proposed, minimum) => proposed >= minimum,
    };
    if acceptable {
        Ok(())
    } else {
        Err(NotificationError::open(
            subcode::UNACCEPTABLE_HOLD_TIME,
            Vec::new(),
            format!("unacceptable hold time {proposed}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::family::Family;
    use crate::wire::header::test_support::hex;
    use std::net::Ipv4Addr;

    fn config() -> SessionConfig {
        let mut config = SessionConfig::new(65001, 65002, Ipv4Addr::new(192, 0, 2, 1));
        config.capabilities = vec![
            Capability::Multiprotocol(Family::IPV4_UNICAST),
            Capability::FourOctetAs(65001),
        ];
        config
    }

    fn peer_open(asn: u32, hold_time: u16, identifier: [u8; 4]) -> Open {
        Open::new(
            asn,
            hold_time,
            Ipv4Addr::from(identifier),
            vec![
                Capability::Multiprotocol(Family::IPV4_UNICAST),
                Capability::FourOctetAs(asn),
            ],
        )
    }

    fn subcode_of(result: Result<Negotiated, NotificationError>) -> Option<(u8, u8, Vec<u8>)> {
        result
            .err()
            .map(|error| (error.code, error.subcode, error.data))
    }

    #[test]
    fn accepted_open_negotiates_the_smaller_hold_time() {
        let config = config();
        let sent = local_open(&config, config.capabilities.clone());
        assert_eq!(sent.hold_time, 90);
        let negotiated = check_open(&config, &sent, &peer_open(65002, 30, [192, 0, 2, 2]));
        let negotiated = negotiated.expect("acceptable");
        assert_eq!(negotiated.hold_time, 30);
        assert_eq!(negotiated.peer_as, 65002);
        assert!(negotiated.asn4);
        assert_eq!(negotiated.families, vec![Family::IPV4_UNICAST]);
    }

    #[test]
    fn refusals_carry_the_rfc_subcodes() {
        let mut config = config();
        let sent = local_open(&config, config.capabilities.clone());
        // Wrong AS, 4-octet AS capability included.
        assert_eq!(
            subcode_of(check_open(
                &config,
                &sent,
                &peer_open(4_200_000_001, 90, [1, 1, 1, 1])
            )),
            Some((2, 2, vec![]))
        );
        // Our own identifier is fine from an external peer...
        assert!(check_open(&config, &sent, &peer_open(65002, 90, [192, 0, 2, 1])).is_ok());
        // ...not from an internal one.
        config.peer_as = 65001;
        assert_eq!(
            subcode_of(check_open(
                &config,
                &sent,
                &peer_open(65001, 90, [192, 0, 2, 1])
            )),
            Some((2, 3, vec![]))
        );
        config.peer_as = 65002;
        config.minimum_hold_time = 10;
        assert_eq!(
            subcode_of(check_open(
                &config,
                &sent,
                &peer_open(65002, 9, [1, 1, 1, 1])
            )),
            Some((2, 6, vec![]))
        );
        assert_eq!(
            subcode_of(check_open(
                &config,
                &sent,
                &peer_open(65002, 0, [1, 1, 1, 1])
            )),
            Some((2, 6, vec![]))
        );
        assert!(check_open(&config, &sent, &peer_open(65002, 10, [1, 1, 1, 1])).is_ok());
    }

    #[test]
    fn hold_time_policy_table() {
        let mut config = config();
        let table: [(u16, u16, bool); 9] = [
            (0, 0, true),
            (0, 1, false),
            (0, 2, false),
            (0, 3, true),
            (0, 65535, true),
            (3, 0, false),
            (3, 3, true),
            (30, 29, false),
            (30, 30, true),
        ];
        for (minimum, proposed, acceptable) in table {
            config.minimum_hold_time = minimum;
            assert_eq!(
                check_hold_time(&config, proposed).is_ok(),
                acceptable,
                "{minimum} {proposed}"
            );
        }
    }

    #[test]
    fn missing_required_family_lists_its_capability() {
        let mut config = config();
        config.required_families = vec![Family::IPV4_UNICAST, Family::IPV6_UNICAST];
        config
            .capabilities
            .push(Capability::Multiprotocol(Family::IPV6_UNICAST));
        let sent = local_open(&config, config.capabilities.clone());
        let error = check_open(&config, &sent, &peer_open(65002, 90, [1, 1, 1, 1]))
            .expect_err("IPv6 unicast missing");
        assert_eq!((error.code, error.subcode), (2, 7));
        // Capability code 1, length 4, AFI 2, reserved, SAFI 1.
        assert_eq!(error.data, hex("0104 0002 0001"));
        assert!(error.detail.contains("ipv6 unicast"), "{}", error.detail);
    }
}
