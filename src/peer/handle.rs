//! The hub's handle on a peer task: its command sender and its join handle.
//!
//! Dropping the handle aborts the task (task handles cancel on drop; if the task sees its
//! command channel closed first, it stops with Cease 2 instead); a clean stop is
//! `PeerCmd::Shutdown` then [`PeerHandle::join`]. Must not hold any peer state.

use tokio::sync::mpsc;
use tokio::task::{JoinError, JoinHandle};

use super::channel::PeerCmd;
use super::config::NeighborId;

/// The hub's handle on a peer task. Dropping it aborts the task (send `PeerCmd::Shutdown`
/// and [`PeerHandle::join`] for a clean stop).
#[derive(Debug)]
pub struct PeerHandle {
    pub neighbor: NeighborId,
    commands: mpsc::Sender<PeerCmd>,
    task: Option<JoinHandle<()>>,
}

impl PeerHandle {
    pub(super) fn new(
        neighbor: NeighborId,
        commands: mpsc::Sender<PeerCmd>,
        task: JoinHandle<()>,
    ) -> PeerHandle {
        PeerHandle {
            neighbor,
            commands,
            task: Some(task),
        }
    }

    /// Sends a command, waiting while the channel is full.
    pub async fn send(&self, command: PeerCmd) -> Result<(), mpsc::error::SendError<PeerCmd>> {
        self.commands.send(command).await
    }

    /// Sends a command if the channel has room.
    pub fn try_send(&self, command: PeerCmd) -> Result<(), mpsc::error::TrySendError<PeerCmd>> {
        self.commands.try_send(command)
    }

    /// A sender for the task's commands (e.g. for the listener's routing).
    pub fn commands(&self) -> mpsc::Sender<PeerCmd> {
        self.commands.clone()
    }

    /// Waits for the task to end.
    pub async fn join(mut self) -> Result<(), JoinError> {
        match self.task.take() {
            Some(task) => task.await,
            None => Ok(()),
        }
    }
}

impl Drop for PeerHandle {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
