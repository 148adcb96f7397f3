//! `announce|withdraw watchdog [name]` (ExaBGP reference §2.10): the configured routes of a
//! watchdog group (`watchdog="name"`, starting withdrawn with `withdrawn=#true`) are
//! announced or withdrawn on every neighbor that has them, whatever the selector or the
//! helper's `api` bindings (ExaBGP iterates over all neighbors); no name means the group
//! named after the issuing helper. Always answered `done`, as ExaBGP does. Helper routes
//! that carry `watchdog NAME` are announced as any route: ExaBGP's watchdogs only drive
//! configuration routes. The state lasts until the configuration is reloaded (ExaBGP keeps
//! none across a reload either).

use crate::api::command::RouteAction;
use crate::peer::{PeerCmd, RouteChange};
use crate::rib::Owner;

use super::super::commands::CommandReply;
use super::super::routes::static_routes_watched;
use super::Hub;

impl Hub {
    /// Announces (`Announce`) or withdraws the watchdog group `name` on every neighbor that
    /// has routes in it.
    pub(super) fn watchdog(
        &mut self,
        origin: &Owner,
        action: RouteAction,
        name: Option<&str>,
    ) -> CommandReply {
        let name = match (name, origin) {
            (Some(name), _) => name.to_owned(),
            (None, Owner::Helper(helper)) => helper.clone(),
            (None, _) => {
                return CommandReply::error(
                    "watchdog: name the group (`announce watchdog NAME`): only a helper's \
                     command defaults to the helper's name",
                );
            }
        };
        let announce = action == RouteAction::Announce;
        let mut neighbors = 0usize;
        for (id, peer) in &self.peers {
            let in_group = peer.neighbor.routes.iter().any(|configured| {
                configured.watchdog.as_deref() == Some(name.as_str())
                    || configured.route.watchdog.as_deref() == Some(name.as_str())
            });
            if !in_group {
                continue;
            }
            neighbors = neighbors.saturating_add(1);
            let states = self.watchdogs.entry(*id).or_default();
            states.insert(name.clone(), announce);
            let routes = static_routes_watched(
                &peer.neighbor,
                peer.self_address,
                &mut self.store,
                Some(states),
            );
            if let Some(handle) = self.handles.get(id) {
                self.backlog.send(
                    handle,
                    PeerCmd::Routes(vec![RouteChange::ReplaceOwner {
                        owner: Owner::Static,
                        routes: routes.routes,
                    }]),
                );
            }
        }
        tracing::info!(
            "{origin}: {} watchdog {name} ({neighbors} {})",
            action.word(),
            if neighbors == 1 {
                "neighbor"
            } else {
                "neighbors"
            }
        );
        CommandReply::done()
    }
}
