//! `announce operational …` for the planner: the parsed command (`api::command`) turned into
//! the OPERATIONAL message a peer sends (`wire::operational`), with ExaBGP 5.0's defaults.
//! Pure; must not send anything.

use std::net::Ipv4Addr;

use crate::api::command::{AdvisoryKind, OperationalMessage, QueryKind, ResponseKind};
use crate::wire::family::Family;
use crate::wire::operational::{Operational, OperationalContent};

/// The family the message is about.
pub fn family(message: &OperationalMessage) -> Family {
    match message {
        OperationalMessage::Advisory { family, .. }
        | OperationalMessage::Query { family, .. }
        | OperationalMessage::Response { family, .. } => *family,
    }
}

/// The message a neighbor whose router ID is `local_router_id` sends. As in ExaBGP 5.0: a
/// query or reply without `router-id` carries the local router ID (its sent OPEN's), and
/// sequence 0 means "none given", sent as 1 (ExaBGP numbers those per router ID from 1, and
/// without `router-id` it always sends 1). `None` when the counter of a reply does not fit the
/// 32-bit field (ExaBGP fails to pack it and sends nothing).
pub fn wire_message(
    message: &OperationalMessage,
    local_router_id: Ipv4Addr,
) -> Option<Operational> {
    let sequence_of = |sequence: u32| sequence.max(1);
    let (name, content) = match message {
        OperationalMessage::Advisory { kind, advisory, .. } => (
            match kind {
                AdvisoryKind::Adm => "ADM",
                AdvisoryKind::Asm => "ASM",
            },
            OperationalContent::Advisory(advisory.as_bytes().to_vec()),
        ),
        OperationalMessage::Query {
            kind,
            sequence,
            router_id,
            ..
        } => (
            match kind {
                QueryKind::Rpcq => "RPCQ",
                QueryKind::Apcq => "APCQ",
                QueryKind::Lpcq => "LPCQ",
            },
            OperationalContent::Query {
                router_id: router_id.unwrap_or(local_router_id),
                sequence: sequence_of(*sequence),
            },
        ),
        OperationalMessage::Response {
            kind,
            sequence,
            counter,
            router_id,
            ..
        } => (
            match kind {
                ResponseKind::Rpcp => "RPCP",
                ResponseKind::Apcp => "APCP",
                ResponseKind::Lpcp => "LPCP",
            },
            OperationalContent::Counter {
                router_id: router_id.unwrap_or(local_router_id),
                sequence: sequence_of(*sequence),
                counter: u32::try_from(*counter).ok()?,
            },
        ),
    };
    Some(Operational {
        name,
        family: family(message),
        content,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_become_exabgp_messages() {
        let local = Ipv4Addr::new(10, 0, 0, 2);
        let given = Ipv4Addr::new(1, 2, 3, 4);
        let advisory = OperationalMessage::Advisory {
            kind: AdvisoryKind::Adm,
            family: Family::IPV6_UNICAST,
            advisory: "maintenance at 10".into(),
            router_id: Some(given),
        };
        assert_eq!(
            wire_message(&advisory, local),
            Some(Operational {
                name: "ADM",
                family: Family::IPV6_UNICAST,
                content: OperationalContent::Advisory(b"maintenance at 10".to_vec()),
            })
        );
        let query = OperationalMessage::Query {
            kind: QueryKind::Lpcq,
            family: Family::IPV4_UNICAST,
            sequence: 0,
            router_id: None,
        };
        assert_eq!(
            wire_message(&query, local).map(|message| message.content),
            Some(OperationalContent::Query {
                router_id: local,
                sequence: 1,
            })
        );
        let reply = |counter| OperationalMessage::Response {
            kind: ResponseKind::Apcp,
            family: Family::IPV4_UNICAST,
            sequence: 9,
            counter,
            router_id: Some(given),
        };
        assert_eq!(
            wire_message(&reply(u64::from(u32::MAX)), local).map(|message| message.content),
            Some(OperationalContent::Counter {
                router_id: given,
                sequence: 9,
                counter: u32::MAX,
            })
        );
        assert_eq!(wire_message(&reply(1 << 32), local), None);
    }
}
