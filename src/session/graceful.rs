//! Graceful Restart (RFC 4724) as the restarting speaker: which Restart Flags and per-family
//! Forwarding State flags our OPEN carries, before and after a session came up.
//!
//! RFC 4724 §3: "Restart State (R): This bit indicates the BGP speaker has restarted, and its
//! peer MUST NOT wait for the End-of-RIB marker from the speaker before advertising routing
//! information to the speaker." and "Forwarding State (F): This bit indicates whether the
//! forwarding state for routes that were advertised with the given AFI and SAFI has indeed
//! been preserved during the previous BGP restart."
//!
//! The rules chosen (docs/operations.md, "Graceful restart"):
//! - a fresh start (no graceful stop recorded): R clear, F clear for every family: we do not
//!   know that what the peer may still hold from an earlier run is wanted, so the peer drops
//!   it at once (RFC 4724 §4.2: stale routes "MUST be removed immediately" when F is clear);
//! - a start after a graceful stop within the restart time: R set and F set for every family,
//!   so the peer keeps our routes as stale until our End-of-RIB;
//! - once a session has reached Established, later OPENs of the same run: R clear (we did not
//!   restart), F set (the process, hence what it announces, lived on).
//!
//! Pure: values in, values out. Whether a start follows a graceful stop is the daemon's
//! decision (`daemon::graceful`).

use crate::wire::capability::{Capability, GracefulRestart, GracefulRestartFamily};

/// Sets R and F in the Graceful Restart capability of `capabilities`, if there is one: the
/// OPENs of the first session after a graceful restart.
pub fn mark_restarting(capabilities: &mut [Capability]) {
    for capability in capabilities.iter_mut() {
        if let Capability::GracefulRestart(graceful_restart) = capability {
            graceful_restart.restart_flags |= GracefulRestart::RESTART_STATE;
            set_forwarding_state(graceful_restart);
        }
    }
}

/// Clears R and sets F in the Graceful Restart capability of `capabilities`, if there is
/// one: the OPENs after a session of this run reached Established.
pub fn mark_established(capabilities: &mut [Capability]) {
    for capability in capabilities.iter_mut() {
        if let Capability::GracefulRestart(graceful_restart) = capability {
            graceful_restart.restart_flags &= !GracefulRestart::RESTART_STATE;
            set_forwarding_state(graceful_restart);
        }
    }
}

fn set_forwarding_state(graceful_restart: &mut GracefulRestart) {
    for family in &mut graceful_restart.families {
        family.flags |= GracefulRestartFamily::FORWARDING_STATE;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::family::Family;

    fn fresh() -> Vec<Capability> {
        vec![
            Capability::Multiprotocol(Family::IPV4_UNICAST),
            Capability::GracefulRestart(GracefulRestart {
                restart_flags: 0,
                restart_time: 120,
                families: vec![
                    GracefulRestartFamily {
                        family: Family::IPV4_UNICAST,
                        flags: 0,
                    },
                    GracefulRestartFamily {
                        family: Family::IPV6_UNICAST,
                        flags: 0,
                    },
                ],
            }),
            Capability::RouteRefresh,
        ]
    }

    fn graceful(capabilities: &[Capability]) -> &GracefulRestart {
        capabilities
            .iter()
            .find_map(|capability| match capability {
                Capability::GracefulRestart(graceful_restart) => Some(graceful_restart),
                _ => None,
            })
            .expect("graceful restart capability")
    }

    #[test]
    fn a_restart_sets_restart_state_and_forwarding_state() {
        let mut capabilities = fresh();
        mark_restarting(&mut capabilities);
        let graceful_restart = graceful(&capabilities);
        assert!(graceful_restart.restart_state());
        assert_eq!(graceful_restart.restart_time, 120);
        assert!(
            graceful_restart
                .families
                .iter()
                .all(GracefulRestartFamily::forwarding_state)
        );
        // On the wire: flags 0x8 in the top nibble, then 120; each family flag 0x80.
        let mut value = Vec::new();
        Capability::GracefulRestart(graceful_restart.clone()).encode_value(&mut value);
        assert_eq!(value, [0x80, 120, 0, 1, 1, 0x80, 0, 2, 1, 0x80]);
    }

    #[test]
    fn after_established_restart_state_clears_and_forwarding_state_stays() {
        for restarted in [false, true] {
            let mut capabilities = fresh();
            if restarted {
                mark_restarting(&mut capabilities);
            }
            mark_established(&mut capabilities);
            let graceful_restart = graceful(&capabilities);
            assert!(!graceful_restart.restart_state());
            assert!(
                graceful_restart
                    .families
                    .iter()
                    .all(GracefulRestartFamily::forwarding_state)
            );
        }
    }

    #[test]
    fn other_capabilities_are_untouched() {
        let mut capabilities = vec![Capability::RouteRefresh, Capability::FourOctetAs(65001)];
        let before = capabilities.clone();
        mark_restarting(&mut capabilities);
        mark_established(&mut capabilities);
        assert_eq!(capabilities, before);
    }
}
