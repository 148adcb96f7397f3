//! Commands for the peers that their bounded channels could not take yet: [`PeerBacklog`]
//! keeps them per peer, in order, and hands them over as room appears, so a command is never
//! dropped because a peer task was busy (a helper announcing 30,000 routes while the peer's
//! socket is slow used to lose the ones past the channel's 1,024).
//!
//! Bounded: past [`BACKLOG_LIMIT`] commands waiting in all, the hub stops taking helper
//! events and commands ([`PeerBacklog::is_full`]) until the peers catch up, so a helper that
//! writes faster than the peers send is slowed through its stdout pipe. A peer task always
//! takes its commands (it never waits on anything else), so the backlog drains.
//!
//! Must not decide what to send: the hub does.

use std::collections::{BTreeMap, VecDeque};
use std::future::Future;
use std::pin::Pin;

use tokio::sync::mpsc;
use tokio::sync::mpsc::error::TrySendError;

use crate::peer::{NeighborId, PeerCmd, PeerHandle};

/// Commands waiting in all above which the hub stops taking helper events and commands.
pub const BACKLOG_LIMIT: usize = 4096;

/// The commands waiting for each peer's channel.
#[derive(Debug, Default)]
pub struct PeerBacklog {
    waiting: BTreeMap<NeighborId, VecDeque<PeerCmd>>,
    count: usize,
}

impl PeerBacklog {
    /// Sends `command` to the peer, or queues it behind the ones already waiting (in order).
    /// A closed channel (the task ended) drops it.
    pub fn send(&mut self, handle: &PeerHandle, command: PeerCmd) {
        if let Some(queue) = self.waiting.get_mut(&handle.neighbor) {
            queue.push_back(command);
            self.count = self.count.saturating_add(1);
            return;
        }
        match handle.try_send(command) {
            Ok(()) => {}
            Err(TrySendError::Full(command)) => {
                self.waiting
                    .entry(handle.neighbor)
                    .or_default()
                    .push_back(command);
                self.count = self.count.saturating_add(1);
            }
            Err(TrySendError::Closed(_)) => {
                tracing::debug!(
                    "peer {:?}: command dropped: the task ended",
                    handle.neighbor
                );
            }
        }
    }

    /// True when commands wait for some peer.
    pub fn is_waiting(&self) -> bool {
        self.count > 0
    }

    /// True when more than [`BACKLOG_LIMIT`] commands wait.
    pub fn is_full(&self) -> bool {
        self.count > BACKLOG_LIMIT
    }

    /// Hands over what the peers' channels take now.
    pub fn flush(&mut self, handles: &BTreeMap<NeighborId, PeerHandle>) {
        let mut delivered = 0usize;
        self.waiting.retain(|id, queue| {
            let Some(handle) = handles.get(id) else {
                delivered = delivered.saturating_add(queue.len());
                return false;
            };
            while let Some(command) = queue.pop_front() {
                match handle.try_send(command) {
                    Ok(()) => delivered = delivered.saturating_add(1),
                    Err(TrySendError::Full(command)) => {
                        queue.push_front(command);
                        return true;
                    }
                    Err(TrySendError::Closed(_)) => {
                        delivered = delivered.saturating_add(1 + queue.len());
                        return false;
                    }
                }
            }
            false
        });
        self.count = self.count.saturating_sub(delivered);
    }

    /// A future that ends when some peer with waiting commands has room in its channel
    /// (pending forever when nothing waits). Owns what it needs, for a `select!`.
    pub fn room(
        &self,
        handles: &BTreeMap<NeighborId, PeerHandle>,
    ) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        let mut senders: Vec<Pin<Box<dyn Future<Output = ()> + Send>>> = self
            .waiting
            .keys()
            .filter_map(|id| handles.get(id))
            .map(|handle| {
                let sender: mpsc::Sender<PeerCmd> = handle.commands();
                Box::pin(async move {
                    // The permit goes back at once: this only waits for room.
                    let _ = sender.reserve().await;
                }) as _
            })
            .collect();
        if senders.is_empty() {
            return Box::pin(std::future::pending());
        }
        Box::pin(std::future::poll_fn(move |context| {
            for future in senders.iter_mut() {
                if future.as_mut().poll(context).is_ready() {
                    return std::task::Poll::Ready(());
                }
            }
            std::task::Poll::Pending
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::peer::{NeighborEvent, PeerConfig, spawn_peer};

    #[tokio::test]
    async fn commands_past_a_full_channel_wait_in_order_and_are_all_delivered() {
        let source = "router-id \"192.0.2.1\"\nlocal-as 65001\nneighbor \"127.0.0.95\" { peer-as 65002; passive }\n";
        let config = crate::config::decode("t.kdl", source).expect("valid");
        let settings: PeerConfig =
            crate::daemon::neighbor::peer_config(NeighborId(0), &config.neighbors[0], None, "host");
        let (events, _receiver) = mpsc::channel::<NeighborEvent>(16);
        let handle = spawn_peer(settings, Box::new(crate::rib::AdjRibOut::new()), events);
        let mut backlog = PeerBacklog::default();
        // Far more than the task's channel holds, sent without yielding to the task.
        let total = crate::peer::task::COMMAND_CAPACITY * 3;
        for _ in 0..total {
            backlog.send(&handle, PeerCmd::HoldReading(false));
        }
        assert!(backlog.is_waiting());
        let mut handles = BTreeMap::new();
        handles.insert(NeighborId(0), handle);
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
        while backlog.is_waiting() {
            tokio::time::timeout_at(deadline, backlog.room(&handles))
                .await
                .expect("the peer takes its commands");
            backlog.flush(&handles);
        }
        assert!(!backlog.is_full());
    }
}
