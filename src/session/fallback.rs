//! Capability fallback: what a peer refused, remembered so that the next attempt omits it.
//!
//! RFC 5492 §3: "A BGP speaker determines that its peer doesn't support capabilities
//! advertisement if, in response to an OPEN message that carries the Capabilities Optional
//! Parameter, the speaker receives a NOTIFICATION message with the Error Subcode set to
//! Unsupported Optional Parameter. ... In this case, the speaker SHOULD attempt to
//! re-establish a BGP connection with the peer without sending to the peer the Capabilities
//! Optional Parameter." A NOTIFICATION 2/7 Unsupported Capability lists the capabilities it
//! refuses (RFC 5492 §5: "The Data field in the NOTIFICATION message MUST list the set of
//! capabilities that causes the speaker to send the message"); those are left out next time.
//!
//! Pure memory: this module learns from values and filters a capability list; it does not
//! decide when to retry (that is the FSM's backoff).

use crate::wire::capability::Capability;
use crate::wire::iana::notification::{OPEN_MESSAGE_ERROR, open as open_subcode};
use crate::wire::notification::Notification;
use crate::wire::reader::Reader;

/// What the peer refused on earlier attempts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct CapabilityFallback {
    /// Capabilities of ours that the peer named in a 2/7 NOTIFICATION.
    omitted: Vec<Capability>,
    /// Send no capabilities at all (2/4, a 2/7 naming nothing we sent, or a close right
    /// after our OPEN with `fallback_on_close`).
    without_capabilities: bool,
    /// `without_capabilities` was set because the peer closed after our OPEN: if it closes
    /// again without capabilities, capabilities were not the problem and come back.
    guessed_from_close: bool,
}

impl CapabilityFallback {
    /// The capabilities to announce: `configured` minus what the peer refused.
    pub fn announce(&self, configured: &[Capability]) -> Vec<Capability> {
        if self.without_capabilities {
            return Vec::new();
        }
        configured
            .iter()
            .filter(|capability| !self.omitted.contains(capability))
            .cloned()
            .collect()
    }

    /// Whether no capabilities are sent any more.
    pub fn is_without_capabilities(&self) -> bool {
        self.without_capabilities
    }

    /// The capabilities left out because the peer named them in a 2/7.
    pub fn omitted(&self) -> &[Capability] {
        &self.omitted
    }

    /// Learns from a NOTIFICATION the peer sent in answer to an OPEN carrying `sent`.
    /// Returns whether the next attempt will announce something different.
    pub fn learn_from_notification(
        &mut self,
        notification: &Notification,
        sent: &[Capability],
    ) -> bool {
        if notification.code != OPEN_MESSAGE_ERROR || sent.is_empty() {
            return false;
        }
        match notification.subcode {
            open_subcode::UNSUPPORTED_OPTIONAL_PARAMETER => self.drop_all(),
            open_subcode::UNSUPPORTED_CAPABILITY => {
                let refused = refused_capabilities(&notification.data, sent);
                if refused.is_empty() {
                    // Nothing we sent is named (no data, or data we cannot match): the one
                    // certain way forward is to send none.
                    return self.drop_all();
                }
                let before = self.omitted.len();
                for capability in refused {
                    if !self.omitted.contains(&capability) {
                        self.omitted.push(capability);
                    }
                }
                self.guessed_from_close = false;
                self.omitted.len() != before
            }
            _ => false,
        }
    }

    /// Learns from the peer closing the connection after our OPEN (carrying `sent`) without
    /// a NOTIFICATION. Only called with `SessionConfig::fallback_on_close`. Returns whether
    /// the next attempt will announce something different.
    pub fn learn_from_close(&mut self, sent: &[Capability]) -> bool {
        if self.without_capabilities {
            if self.guessed_from_close {
                // Closed without capabilities too: they were not the reason.
                self.without_capabilities = false;
                self.guessed_from_close = false;
                return true;
            }
            return false;
        }
        if sent.is_empty() {
            return false;
        }
        self.without_capabilities = true;
        self.guessed_from_close = true;
        true
    }

    fn drop_all(&mut self) -> bool {
        let changed = !self.without_capabilities;
        self.without_capabilities = true;
        self.guessed_from_close = false;
        changed
    }
}

/// The capabilities of `sent` that a 2/7 data field names. Each TLV of the data refuses the
/// sent capability with the same code and value; a TLV whose value matches none of ours (the
/// peer encoded only the code, or encoded it differently) refuses every capability of ours
/// with that code. A truncated last TLV is read as far as it goes.
pub fn refused_capabilities(data: &[u8], sent: &[Capability]) -> Vec<Capability> {
    let mut reader = Reader::new(data);
    let mut refused: Vec<Capability> = Vec::new();
    while let Ok(code) = reader.u8() {
        let length = reader.u8().map(usize::from).unwrap_or(0);
        let value = match reader.take(length) {
            Ok(value) => value.to_vec(),
            Err(_) => reader.rest().to_vec(),
        };
        let same_code: Vec<&Capability> = sent
            .iter()
            .filter(|capability| capability.code() == code)
            .collect();
        let exact: Vec<&Capability> = same_code
            .iter()
            .copied()
            .filter(|capability| {
                let mut encoded = Vec::new();
                capability.encode_value(&mut encoded);
                encoded == value
            })
            .collect();
        let chosen = if exact.is_empty() { same_code } else { exact };
        for capability in chosen {
            if !refused.contains(capability) {
                refused.push(capability.clone());
            }
        }
    }
    refused
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::family::{Afi, Family, Safi};
    use crate::wire::header::test_support::hex;
    use proptest::prelude::*;

    fn sent() -> Vec<Capability> {
        vec![
            Capability::Multiprotocol(Family::IPV4_UNICAST),
            Capability::Multiprotocol(Family::new(Afi::Ipv4, Safi::Flowspec)),
            Capability::RouteRefresh,
            Capability::FourOctetAs(65001),
            Capability::ExtendedMessage,
        ]
    }

    #[test]
    fn unsupported_capability_data_names_what_to_omit() {
        // (2/7 data, capabilities refused)
        let flow = Capability::Multiprotocol(Family::new(Afi::Ipv4, Safi::Flowspec));
        let table: Vec<(&str, Vec<Capability>)> = vec![
            // MP IPv4 flowspec, exactly as we sent it: only that family goes.
            ("0104 0001 0085", vec![flow.clone()]),
            // Extended message (code 6, empty).
            ("0600", vec![Capability::ExtendedMessage]),
            // Two TLVs.
            (
                "0200 0600",
                vec![Capability::RouteRefresh, Capability::ExtendedMessage],
            ),
            // MP with a value we did not send: every MP capability of ours.
            (
                "0104 0002 0001",
                vec![
                    Capability::Multiprotocol(Family::IPV4_UNICAST),
                    flow.clone(),
                ],
            ),
            // Code only, truncated: every capability of that code.
            ("41", vec![Capability::FourOctetAs(65001)]),
            // A capability we did not send.
            ("4600", vec![]),
            ("", vec![]),
        ];
        for (data, expected) in table {
            assert_eq!(
                refused_capabilities(&hex(data), &sent()),
                expected,
                "{data}"
            );
        }
    }

    #[test]
    fn learning_table() {
        let flow = Capability::Multiprotocol(Family::new(Afi::Ipv4, Safi::Flowspec));
        let mut fallback = CapabilityFallback::default();
        assert_eq!(fallback.announce(&sent()), sent());

        // A Cease teaches nothing.
        assert!(!fallback.learn_from_notification(&Notification::cease(5), &sent()));
        // 2/7 naming flowspec: announced without it; the same again changes nothing.
        let refusal = Notification::new(2, 7, hex("0104 0001 0085"));
        assert!(fallback.learn_from_notification(&refusal, &sent()));
        assert!(!fallback.learn_from_notification(&refusal, &sent()));
        assert_eq!(fallback.omitted(), std::slice::from_ref(&flow));
        let announced = fallback.announce(&sent());
        assert!(!announced.contains(&flow));
        assert_eq!(announced.len(), 4);

        // 2/4: no capabilities at all.
        assert!(fallback.learn_from_notification(&Notification::new(2, 4, vec![]), &announced));
        assert!(fallback.is_without_capabilities());
        assert!(fallback.announce(&sent()).is_empty());
        // Nothing was sent, so a further 2/4 teaches nothing.
        assert!(!fallback.learn_from_notification(&Notification::new(2, 4, vec![]), &[]));

        // 2/7 without data: no capabilities.
        let mut fallback = CapabilityFallback::default();
        assert!(fallback.learn_from_notification(&Notification::new(2, 7, vec![]), &sent()));
        assert!(fallback.is_without_capabilities());
    }

    #[test]
    fn close_after_open_alternates() {
        let mut fallback = CapabilityFallback::default();
        assert!(fallback.learn_from_close(&sent()));
        assert!(fallback.announce(&sent()).is_empty());
        // Closed again without capabilities: they come back.
        assert!(fallback.learn_from_close(&[]));
        assert_eq!(fallback.announce(&sent()), sent());
        // Without capabilities because of a 2/4, a close does not bring them back.
        assert!(fallback.learn_from_notification(&Notification::new(2, 4, vec![]), &sent()));
        assert!(!fallback.learn_from_close(&[]));
        assert!(fallback.is_without_capabilities());
    }

    proptest! {
        #[test]
        fn arbitrary_data_never_panics(data in proptest::collection::vec(any::<u8>(), 0..64)) {
            let refused = refused_capabilities(&data, &sent());
            prop_assert!(refused.iter().all(|capability| sent().contains(capability)));
            let mut fallback = CapabilityFallback::default();
            fallback.learn_from_notification(&Notification::new(2, 7, data), &sent());
            prop_assert!(fallback.announce(&sent()).len() < sent().len());
        }
    }
}
