//! What reaches the hub ([`HubCmd`]), and what a parsed helper or control-FIFO command
//! ([`Command`]) asks of the peers ([`plan`]).
//!
//! A helper's stdout line and a control FIFO line are parsed by `api::command` (elsewhere)
//! and arrive here as `HubCmd::Command` with their origin and, when the sender wants the
//! answer, a reply channel. [`plan`] is pure: it resolves selectors against the configured
//! neighbors and turns the command into per-peer actions; the hub sends them. Must not touch
//! sockets or peer tasks.

use std::net::IpAddr;
use std::time::Duration;

use tokio::sync::oneshot;

use crate::api::command::{AckOutcome, Command, NeighborFacts, RibDirection, RouteAction, selects};
use crate::config::Neighbor;
use crate::peer::{Accepted, NeighborId, PeerCmd, RouteChange};
use crate::rib::{AttributeStore, Owner};
use crate::session::State;
use crate::wire::family::Family;
use crate::wire::iana::notification::cease;
use crate::wire::operational::Operational;

use super::routes::resolve;

/// The Shutdown Communication (RFC 9003) sent to every peer when the daemon stops.
pub const SHUTDOWN_MESSAGE: &str = "ferrobgp shutting down";

/// An input of the hub. Carries sockets and channels, so it is only `Debug`.
#[derive(Debug)]
pub enum HubCmd {
    /// A parsed command line from a helper (`origin` `Owner::Helper(name)`) or the control
    /// FIFO (`Owner::Control`). The answer goes to `reply` when given.
    Command {
        origin: Owner,
        command: Command,
        reply: Option<oneshot::Sender<CommandReply>>,
    },
    /// A connection a listener accepted from a configured neighbor's address.
    Incoming(Accepted),
    /// Stop every peer with Cease 2 (Administrative Shutdown) and this RFC 9003 message, then
    /// end the hub.
    Shutdown { message: String },
    /// Load the configuration file again and apply what changed (`reload`); with
    /// `restart_helpers` (SIGUSR2, the `restart` command) every helper is restarted too.
    Reload {
        trigger: super::reload::ReloadTrigger,
        restart_helpers: bool,
        reply: Option<oneshot::Sender<super::reload::ReloadOutcome>>,
    },
    /// The daemon received signal `number` (`name`: "SIGUSR1"): the helpers that subscribed
    /// to `signal` hear it (ExaBGP's JSON `signal` event), before the signal's own effect.
    Signal { number: i32, name: String },
    /// The answer to a helper's command that was carried out apart from the hub
    /// (`show adj-rib out`), for the hub to write with the helper's ack.
    HelperAnswer {
        command: super::helpers::HelperCommand,
        reply: CommandReply,
    },
}

/// The hub's answer to a command: its output lines (none yet: `show` is not implemented)
/// and whether it worked; the helper task turns the outcome into `done`/`error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandReply {
    pub lines: Vec<String>,
    pub outcome: AckOutcome,
}

impl CommandReply {
    pub fn done() -> CommandReply {
        CommandReply {
            lines: Vec::new(),
            outcome: AckOutcome::Done,
        }
    }

    pub fn error(reason: impl Into<String>) -> CommandReply {
        CommandReply {
            lines: vec![reason.into()],
            outcome: AckOutcome::Error,
        }
    }
}

/// Something to do to one peer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerAction {
    Routes(Vec<RouteChange>),
    Refresh(Family),
    /// The End-of-RIB marker of this family, after the changes sent before it.
    EndOfRib(Family),
    /// Every route again (a locally initiated route refresh).
    Readvertise,
    /// Forget the routes received (`clear adj-rib in`).
    ClearReceived,
    /// Cease with this subcode and message, then start again (ExaBGP's `teardown`).
    Teardown {
        subcode: u8,
        message: String,
    },
    /// Send this OPERATIONAL message (`announce operational`).
    Operational(Operational),
}

impl PeerAction {
    /// The peer commands that carry the action out, in order.
    pub fn commands(self) -> Vec<PeerCmd> {
        match self {
            PeerAction::Routes(changes) => vec![PeerCmd::Routes(changes)],
            PeerAction::Refresh(family) => vec![PeerCmd::RequestRefresh(family)],
            PeerAction::EndOfRib(family) => vec![PeerCmd::EndOfRib(family)],
            PeerAction::ClearReceived => vec![PeerCmd::ClearReceivedRoutes],
            PeerAction::Readvertise => vec![PeerCmd::Readvertise],
            PeerAction::Teardown { subcode, message } => {
                vec![PeerCmd::Stop { subcode, message }, PeerCmd::Start]
            }
            PeerAction::Operational(operational) => vec![PeerCmd::SendOperational(operational)],
        }
    }
}

/// What a command asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub actions: Vec<(NeighborId, PeerAction)>,
    /// Stop the hub (the `shutdown` command).
    pub shutdown: bool,
    pub reply: CommandReply,
}

impl Plan {
    fn reply(reply: CommandReply) -> Plan {
        Plan {
            actions: Vec::new(),
            shutdown: false,
            reply,
        }
    }
}

/// A configured neighbor as the planner sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeerView<'a> {
    pub id: NeighborId,
    pub neighbor: &'a Neighbor,
    /// The session's local address, for `next-hop self`.
    pub self_address: Option<IpAddr>,
    /// The FSM state, and how long it has been in it.
    pub state: State,
    pub since: Duration,
}

/// What selectors are compared with.
pub fn neighbor_facts(neighbor: &Neighbor) -> NeighborFacts {
    NeighborFacts {
        peer_address: neighbor.address,
        local_address: neighbor.local_address,
        local_as: neighbor.local_as,
        peer_as: neighbor.peer_as,
        router_id: neighbor.router_id,
        families: neighbor.families.keys().copied().collect(),
        multi_session: false,
    }
}

/// Whether a command from `origin` with `selectors` designates `neighbor`. Without
/// selectors, a helper designates the neighbors whose `api` bindings name it (ExaBGP's rule)
/// and the control FIFO designates every neighbor.
pub fn designates(
    origin: &Owner,
    selectors: &[crate::api::command::Selector],
    neighbor: &Neighbor,
) -> bool {
    if selectors.is_empty() {
        return match origin {
            Owner::Helper(name) => neighbor
                .api
                .iter()
                .any(|binding| binding.processes.iter().any(|process| process == name)),
            Owner::Control | Owner::Static => true,
        };
    }
    selects(selectors, &neighbor_facts(neighbor))
}

/// The per-peer actions of `command`.
pub fn plan(
    origin: &Owner,
    command: &Command,
    peers: &[PeerView<'_>],
    store: &mut AttributeStore,
) -> Plan {
    let chosen: Vec<&PeerView<'_>> = peers
        .iter()
        .filter(|peer| designates(origin, command.selectors(), peer.neighbor))
        .collect();
    // ExaBGP: `announce eor`, `announce route-refresh`, `teardown` and `flush adj-rib out`
    // consider only the established peers (reference §2.2).
    let plan_for = |established_only: bool,
                    action: &dyn Fn(&PeerView<'_>) -> Option<PeerAction>| {
        let actions: Vec<(NeighborId, PeerAction)> = chosen
            .iter()
            .filter(|peer| !established_only || peer.state == State::Established)
            .filter_map(|peer| action(peer).map(|action| (peer.id, action)))
            .collect();
        if actions.is_empty() {
            Plan::reply(CommandReply::error("no neighbor matches"))
        } else {
            Plan {
                actions,
                shutdown: false,
                reply: CommandReply::done(),
            }
        }
    };
    let for_each = |action: &dyn Fn(&PeerView<'_>) -> Option<PeerAction>| plan_for(false, action);
    let for_each_established =
        |action: &dyn Fn(&PeerView<'_>) -> Option<PeerAction>| plan_for(true, action);
    match command {
        Command::Comment(text) => {
            tracing::info!("{origin}: # {text}");
            Plan::reply(CommandReply::done())
        }
        Command::Route(route_command) => {
            let mut actions = Vec::new();
            for peer in &chosen {
                let mut changes = Vec::new();
                for route in &route_command.routes {
                    if !peer.neighbor.families.contains_key(&route.family()) {
                        continue;
                    }
                    match route_command.action {
                        RouteAction::Announce => {
                            if let Some(route) =
                                resolve(route, peer.neighbor, peer.self_address, store)
                            {
                                changes.push(RouteChange::Announce {
                                    route,
                                    owner: origin.clone(),
                                });
                            }
                        }
                        RouteAction::Withdraw => {
                            changes.push(RouteChange::Withdraw(route.nlri.clone()))
                        }
                    }
                }
                if !changes.is_empty() {
                    actions.push((peer.id, PeerAction::Routes(changes)));
                }
            }
            if actions.is_empty() {
                return Plan::reply(CommandReply::error(
                    "no neighbor matches, or none negotiates the route's family",
                ));
            }
            Plan {
                actions,
                shutdown: false,
                reply: CommandReply::done(),
            }
        }
        // ExaBGP answers `done` even when no established peer matches.
        Command::Teardown {
            subcode, message, ..
        } => Plan {
            reply: CommandReply::done(),
            ..for_each_established(&|_| {
                Some(PeerAction::Teardown {
                    subcode: *subcode,
                    message: message.clone().unwrap_or_default(),
                })
            })
        },
        // Established peers only, as ExaBGP (reference §2.9): `error` when there is none.
        Command::RouteRefresh { family, .. } => for_each_established(&|peer| {
            peer.neighbor
                .families
                .contains_key(family)
                .then_some(PeerAction::Refresh(*family))
        }),
        // ExaBGP sends the marker to established peers only, and answers `error` when
        // there is none (reference §2.9).
        Command::EndOfRib { family, .. } => for_each_established(&|peer| {
            peer.neighbor
                .families
                .contains_key(family)
                .then_some(PeerAction::EndOfRib(*family))
        }),
        // ExaBGP queues the message for the selected neighbors that have its family and sends
        // it to those with the operational capability configured. Here: the established
        // peers with the capability configured and the family; `error` when there is none
        // (as `announce eor`); the peer task checks that the peer announced it too.
        Command::Operational { message, .. } => {
            let family = super::operational::family(message);
            if super::operational::wire_message(message, std::net::Ipv4Addr::UNSPECIFIED).is_none()
            {
                return Plan::reply(CommandReply::error(
                    "the counter of an operational reply must fit in 32 bits (0 to 4294967295)",
                ));
            }
            for_each_established(&|peer| {
                if !peer.neighbor.capabilities.operational
                    || !peer.neighbor.families.contains_key(&family)
                {
                    return None;
                }
                super::operational::wire_message(message, peer.neighbor.router_id)
                    .map(PeerAction::Operational)
            })
        }
        Command::ClearAdjRib {
            direction: RibDirection::In,
            ..
        } => for_each(&|_| Some(PeerAction::ClearReceived)),
        // Established peers only, as ExaBGP (reference §2.2).
        Command::FlushAdjRibOut { .. } => for_each_established(&|_| Some(PeerAction::Readvertise)),
        Command::ClearAdjRib {
            direction: RibDirection::Out,
            ..
        } => for_each(&|_| Some(PeerAction::Routes(vec![RouteChange::WithdrawAll]))),
        // Nothing waits: every command is carried out as it arrives. Never answered.
        Command::Reset => Plan::reply(CommandReply::done()),
        Command::Help => Plan::reply(CommandReply {
            lines: super::help::HELP
                .iter()
                .map(|line| (*line).to_owned())
                .collect(),
            outcome: AckOutcome::Done,
        }),
        // ExaBGP's restart (SIGALRM): the configuration reloaded (the hub does that first:
        // hub/reload.rs), then every session started again. The helpers keep running.
        Command::Restart => Plan {
            actions: peers
                .iter()
                .map(|peer| {
                    (
                        peer.id,
                        PeerAction::Teardown {
                            subcode: cease::ADMINISTRATIVE_RESET,
                            message: "restart".to_owned(),
                        },
                    )
                })
                .collect(),
            shutdown: false,
            reply: CommandReply {
                lines: vec!["restart in progress".to_owned()],
                outcome: AckOutcome::Done,
            },
        },
        Command::Version => Plan::reply(CommandReply {
            lines: vec![format!("ferrobgp {}", env!("CARGO_PKG_VERSION"))],
            outcome: AckOutcome::Done,
        }),
        // The helper's ack state is changed where its answer is written (`helpers`).
        Command::EnableAck | Command::DisableAck | Command::SilenceAck => {
            Plan::reply(CommandReply::done())
        }
        Command::ShowNeighbor {
            detail: Some(crate::api::command::NeighborDetail::Summary),
            ..
        } => Plan::reply(CommandReply {
            lines: summary(&chosen),
            outcome: AckOutcome::Done,
        }),
        // Carried out by the hub before planning (hub/reload.rs).
        Command::Reload => Plan::reply(CommandReply::error("reload is carried out by the hub")),
        Command::Shutdown => Plan {
            actions: Vec::new(),
            shutdown: true,
            reply: CommandReply::done(),
        },
        other => Plan::reply(CommandReply::error(format!(
            "not supported by this version of ferrobgp: {other}"
        ))),
    }
}

/// `show neighbor summary`: a header, then one line per neighbor (address, AS, time in the
/// current state, state), as ExaBGP's table without its sent/received counts.
fn summary(peers: &[&PeerView<'_>]) -> Vec<String> {
    let mut lines = vec![format!(
        "{:<16}{:<10}{:<10}{}",
        "Peer", "AS", "up/down", "state"
    )];
    for peer in peers {
        let seconds = peer.since.as_secs();
        let elapsed = format!(
            "{}:{:02}:{:02}",
            seconds / 3600,
            (seconds / 60) % 60,
            seconds % 60
        );
        lines.push(format!(
            "{:<16}{:<10}{:<10}{}",
            peer.neighbor.address.to_string(),
            peer.neighbor.peer_as,
            elapsed,
            peer.state.name().to_lowercase()
        ));
    }
    lines
}

/// Cease 2 (Administrative Shutdown) with the RFC 9003 message, as a peer command.
pub fn shutdown_command(message: &str) -> PeerCmd {
    PeerCmd::Shutdown {
        subcode: cease::ADMINISTRATIVE_SHUTDOWN,
        message: message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::command::parse_command;

    fn neighbors() -> Vec<Neighbor> {
        let source = r#"
router-id "192.0.2.1"
local-as 65001
process "health" { run "/bin/true" }
neighbor "192.0.2.2" {
    peer-as 65002
    api { processes "health"; neighbor-changes; }
    capability { operational; }
}
neighbor "192.0.2.3" { peer-as 65003; family { ipv4 "unicast" } }
"#;
        crate::config::decode("t.kdl", source)
            .expect("valid")
            .neighbors
    }

    fn run(origin: &Owner, line: &str) -> Plan {
        run_in(origin, line, State::Established)
    }

    /// `line` planned with every neighbor in `state`.
    fn run_in(origin: &Owner, line: &str, state: State) -> Plan {
        let neighbors = neighbors();
        let peers: Vec<PeerView<'_>> = neighbors
            .iter()
            .enumerate()
            .map(|(index, neighbor)| PeerView {
                id: NeighborId(index as u32),
                neighbor,
                self_address: Some("192.0.2.1".parse().expect("address")),
                state,
                since: Duration::from_secs(3725),
            })
            .collect();
        let command = parse_command(line).expect("parses");
        plan(origin, &command, &peers, &mut AttributeStore::new())
    }

    fn targets(plan: &Plan) -> Vec<u32> {
        plan.actions.iter().map(|(id, _)| id.0).collect()
    }

    #[test]
    fn a_helper_without_selector_reaches_its_bound_neighbors() {
        let health = Owner::Helper("health".into());
        let plan = run(&health, "announce route 10.0.0.0/24 next-hop self");
        assert_eq!(targets(&plan), vec![0]);
        assert_eq!(plan.reply, CommandReply::done());
        let Some((_, PeerAction::Routes(changes))) = plan.actions.first() else {
            panic!("{plan:?}")
        };
        let [RouteChange::Announce { route, owner }] = changes.as_slice() else {
            panic!("{changes:?}")
        };
        assert_eq!(owner, &health);
        assert_eq!(
            route.next_hop,
            crate::wire::nlri::NextHop::Ipv4("192.0.2.1".parse().expect("address"))
        );
        let stranger = run(
            &Owner::Helper("other".into()),
            "announce route 10.0.0.0/24 next-hop self",
        );
        assert_eq!(stranger.reply.outcome, AckOutcome::Error);
    }

    #[test]
    fn selectors_and_the_control_fifo() {
        let plan = run(&Owner::Control, "withdraw route 10.0.0.0/24");
        assert_eq!(targets(&plan), vec![0, 1]);
        let plan = run(&Owner::Control, "neighbor 192.0.2.3 teardown 2 maintenance");
        assert_eq!(
            plan.actions,
            vec![(
                NeighborId(1),
                PeerAction::Teardown {
                    subcode: 2,
                    message: "maintenance".into()
                }
            )]
        );
        // 192.0.2.3 negotiates IPv4 unicast only.
        let plan = run(
            &Owner::Control,
            "announce ipv6 unicast 2001:db8::/32 next-hop 2001:db8::1",
        );
        assert_eq!(targets(&plan), vec![0]);
    }

    #[test]
    fn operational_goes_to_established_peers_with_the_capability() {
        let line = "announce operational rpcq afi ipv4 safi unicast sequence 0";
        let plan = run(&Owner::Control, line);
        assert_eq!(plan.reply, CommandReply::done());
        let expected = Operational {
            name: "RPCQ",
            family: Family::IPV4_UNICAST,
            content: crate::wire::operational::OperationalContent::Query {
                router_id: "192.0.2.1".parse().expect("address"),
                sequence: 1,
            },
        };
        assert_eq!(
            plan.actions,
            vec![(NeighborId(0), PeerAction::Operational(expected))]
        );
        // 192.0.2.3 has no `capability { operational }`.
        let plan = run(&Owner::Control, &format!("neighbor 192.0.2.3 {line}"));
        assert_eq!(plan.reply.outcome, AckOutcome::Error);
        assert!(plan.actions.is_empty());
        let plan = run_in(&Owner::Control, line, State::Active);
        assert_eq!(plan.reply.outcome, AckOutcome::Error);
        let plan = run(
            &Owner::Control,
            "announce operational rpcp afi ipv4 safi unicast sequence 1 counter 4294967296",
        );
        assert_eq!(plan.reply.outcome, AckOutcome::Error);
        assert!(plan.actions.is_empty());
    }

    #[test]
    fn shutdown_and_unsupported_commands() {
        let plan = run(&Owner::Control, "shutdown");
        assert!(plan.shutdown);
        // `show adj-rib in|out` is answered by the hub (`hub::show`), never planned.
        let plan = run(&Owner::Control, "show adj-rib in");
        assert_eq!(plan.reply.outcome, AckOutcome::Error);
        assert!(plan.actions.is_empty());
        let plan = run(&Owner::Control, "reload");
        assert_eq!(
            plan.reply,
            CommandReply::error("reload is carried out by the hub")
        );
    }

    #[test]
    fn version_summary_and_ack_commands() {
        let plan = run(&Owner::Control, "version");
        assert_eq!(
            plan.reply.lines,
            vec![format!("ferrobgp {}", env!("CARGO_PKG_VERSION"))]
        );
        let plan = run(&Owner::Control, "show neighbor summary");
        assert_eq!(plan.reply.outcome, AckOutcome::Done);
        assert_eq!(
            plan.reply.lines,
            vec![
                "Peer            AS        up/down   state",
                "192.0.2.2       65002     1:02:05   established",
                "192.0.2.3       65003     1:02:05   established",
            ]
        );
        let plan = run(&Owner::Helper("health".into()), "show neighbor summary");
        assert_eq!(plan.reply.lines.len(), 2, "a helper sees its own neighbors");
        for line in ["enable-ack", "disable-ack", "silence-ack"] {
            let plan = run(&Owner::Helper("health".into()), line);
            assert_eq!(plan.reply, CommandReply::done(), "{line}");
        }
    }

    #[test]
    fn end_of_rib_goes_to_the_peers_of_the_family() {
        let plan = run(&Owner::Control, "announce eor ipv6 unicast");
        assert_eq!(
            plan.actions,
            vec![(NeighborId(0), PeerAction::EndOfRib(Family::IPV6_UNICAST))]
        );
        assert_eq!(plan.reply, CommandReply::done());
        // 192.0.2.3 negotiates IPv4 unicast only.
        let plan = run(
            &Owner::Control,
            "neighbor 192.0.2.3 announce eor ipv6 unicast",
        );
        assert_eq!(plan.reply.outcome, AckOutcome::Error);
        assert!(matches!(
            PeerAction::EndOfRib(Family::IPV4_UNICAST)
                .commands()
                .as_slice(),
            [PeerCmd::EndOfRib(Family::IPV4_UNICAST)]
        ));
    }

    #[test]
    fn eor_refresh_and_flush_need_an_established_session() {
        for line in [
            "announce eor ipv4 unicast",
            "announce route-refresh ipv4 unicast",
            "flush adj-rib out",
        ] {
            let plan = run_in(&Owner::Control, line, State::Active);
            assert_eq!(plan.reply.outcome, AckOutcome::Error, "{line}");
            assert!(plan.actions.is_empty(), "{line}");
            let plan = run(&Owner::Control, line);
            assert_eq!(plan.reply.outcome, AckOutcome::Done, "{line}");
        }
        // Routes are kept for sessions that are not up yet.
        let plan = run_in(
            &Owner::Control,
            "announce route 10.0.0.0/24 next-hop self",
            State::Idle,
        );
        assert_eq!(plan.reply.outcome, AckOutcome::Done);
    }

    #[test]
    fn flush_adj_rib_out_readvertises() {
        let plan = run(&Owner::Control, "neighbor 192.0.2.3 flush adj-rib out");
        assert_eq!(plan.actions, vec![(NeighborId(1), PeerAction::Readvertise)]);
        assert!(matches!(
            PeerAction::Readvertise.commands().as_slice(),
            [PeerCmd::Readvertise]
        ));
    }

    #[test]
    fn clear_adj_rib_in_reaches_the_peers() {
        let plan = run(&Owner::Control, "clear adj-rib in");
        assert_eq!(targets(&plan), vec![0, 1]);
        assert!(matches!(
            PeerAction::ClearReceived.commands().as_slice(),
            [PeerCmd::ClearReceivedRoutes]
        ));
    }

    #[test]
    fn teardown_is_done_without_an_established_peer() {
        // ExaBGP answers `done` even when no established peer matches.
        let idle = run_in(&Owner::Control, "neighbor * teardown 2", State::Connect);
        assert_eq!(
            (idle.reply, idle.actions),
            (CommandReply::done(), Vec::new())
        );
    }

    #[test]
    fn reset_help_and_restart() {
        let plan = run(&Owner::Control, "clear adj-rib out");
        assert_eq!(targets(&plan), vec![0, 1]);
        assert_eq!(
            plan.actions[0].1,
            PeerAction::Routes(vec![RouteChange::WithdrawAll])
        );
        let plan = run(&Owner::Helper("health".into()), "reset");
        assert_eq!(plan.reply, CommandReply::done());
        let plan = run(&Owner::Control, "help");
        assert_eq!(plan.reply.lines.first().map(String::as_str), Some(""));
        assert_eq!(
            plan.reply.lines.get(1).map(String::as_str),
            Some("available API commands are listed here:")
        );
        assert!(
            plan.reply
                .lines
                .contains(&"[neighbor <ip> [filters]] announce eor".to_owned())
        );
        assert!(plan.reply.lines.contains(&"version ".to_owned()));
        assert_eq!(plan.reply.lines.last().map(String::as_str), Some(""));
        // restart: every session again, whoever asks (the hub reloads the file first).
        let plan = run(&Owner::Helper("health".into()), "restart");
        assert_eq!(plan.reply.lines, vec!["restart in progress"]);
        assert_eq!(targets(&plan), vec![0, 1]);
        assert!(matches!(
            &plan.actions[0].1,
            PeerAction::Teardown { subcode: 4, .. }
        ));
    }

    #[test]
    fn teardown_becomes_stop_then_start() {
        let teardown = PeerAction::Teardown {
            subcode: 4,
            message: String::new(),
        };
        let commands = teardown.commands();
        assert!(matches!(
            commands.as_slice(),
            [PeerCmd::Stop { subcode: 4, .. }, PeerCmd::Start]
        ));
    }
}
