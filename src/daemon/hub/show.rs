//! `show adj-rib in|out …` (`daemon::adj_rib` formats the lines): each designated peer task is
//! asked for its routes (`PeerCmd::ListRoutes` for the Adj-RIB-Out, `PeerCmd::ReceivedRoutes`
//! for the Adj-RIB-In, empty with `adj-rib-in #false`), and a task of its own gathers the lists and
//! sends the answer, so the hub never waits on a peer. A helper's answer comes back to the hub
//! as `HubCmd::HelperAnswer` (its acks are the hub's to write); the control FIFO's goes
//! straight to its reply channel. Like ExaBGP's, the answer may come after the answers to
//! later commands.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use tokio::sync::oneshot;

use crate::api::command::{AckOutcome, Command, RibDirection};
use crate::peer::PeerCmd;
use crate::rib::{Owner, Route};

use super::super::adj_rib::{ShowOptions, lines};
use super::super::commands::{CommandReply, HubCmd, designates};
use super::super::helpers::HelperCommand;
use super::Hub;

/// How long a peer task gets to list its routes.
const LIST_TIMEOUT: Duration = Duration::from_secs(30);

/// Where the answer of a `show` goes.
pub(super) enum AnswerTo {
    Control(Option<oneshot::Sender<CommandReply>>),
    Helper(HelperCommand),
}

/// Whether `command` is one this module answers.
pub(super) fn is_show_adj_rib(command: &Command) -> bool {
    matches!(command, Command::ShowAdjRib { .. })
}

/// One peer's list of routes, once its task has answered (`None`: it has ended).
type Listing = Pin<Box<dyn Future<Output = Option<Vec<Route>>> + Send>>;

impl Hub {
    /// Asks the designated peers for their routes; the answer goes to `to` once every list
    /// is in (a peer that does not answer in time is logged and left out).
    pub(super) fn show_adj_rib(&mut self, origin: &Owner, command: &Command, to: AnswerTo) {
        let Command::ShowAdjRib {
            direction,
            selectors,
            extensive,
            kind,
            address,
            json,
            ..
        } = command
        else {
            return;
        };
        let options = ShowOptions {
            extensive: *extensive,
            kind: *kind,
            json: *json,
        };
        let mut waiting = Vec::new();
        for (id, peer) in &self.peers {
            if !designates(origin, selectors, &peer.neighbor)
                || address.is_some_and(|address| address != peer.neighbor.address)
            {
                continue;
            }
            let Some(handle) = self.handles.get(id) else {
                continue;
            };
            let listing: Listing = match direction {
                RibDirection::Out => {
                    let (sender, receiver) = oneshot::channel();
                    self.backlog.send(handle, PeerCmd::ListRoutes(sender));
                    Box::pin(async move { receiver.await.ok() })
                }
                RibDirection::In => {
                    let (sender, receiver) = oneshot::channel();
                    self.backlog.send(handle, PeerCmd::ReceivedRoutes(sender));
                    Box::pin(async move {
                        let received = receiver.await.ok()?;
                        Some(received.into_iter().map(Route::from).collect())
                    })
                }
            };
            waiting.push((peer.neighbor.clone(), listing));
        }
        let hub = self.myself.clone();
        tokio::spawn(async move {
            let mut shown = Vec::new();
            for (neighbor, listing) in waiting {
                match tokio::time::timeout(LIST_TIMEOUT, listing).await {
                    Ok(Some(routes)) => shown.extend(lines(&neighbor, &routes, options)),
                    _ => tracing::warn!(
                        "neighbor {}: its routes could not be listed within {LIST_TIMEOUT:?}",
                        neighbor.address
                    ),
                }
            }
            let reply = CommandReply {
                lines: shown,
                outcome: AckOutcome::Done,
            };
            match to {
                AnswerTo::Control(Some(answer)) => {
                    let _ = answer.send(reply);
                }
                AnswerTo::Control(None) => {}
                AnswerTo::Helper(command) => {
                    if let Some(hub) = hub.upgrade() {
                        let _ = hub.send(HubCmd::HelperAnswer { command, reply }).await;
                    }
                }
            }
        });
    }
}
