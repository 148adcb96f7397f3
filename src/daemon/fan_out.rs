//! The one place where neighbor events leave the hub: [`fan_out`] hands each event to every
//! [`EventSubscriber`] in order. The log is the first subscriber; helper programs (`process/`,
//! through their `api` bindings) and the control FIFO plug in here as further subscribers.
//!
//! A subscriber must not block: it is called on the hub's task, so it queues (bounded) and
//! returns. Must not change peers or configuration.

use crate::api::json::NeighborView;
use crate::config::Neighbor;
use crate::peer::PeerEvent;

/// Something that wants to hear about neighbor events.
pub trait EventSubscriber: Send {
    /// `event` happened to the configured `neighbor`, seen by helpers as `view`.
    fn neighbor_event(&mut self, neighbor: &Neighbor, view: &NeighborView, event: &PeerEvent);

    /// This speaker now has `count` helper programs running (after a helper started,
    /// exited, was restarted or stopped). Nothing by default.
    fn helpers_running(&mut self, _count: usize) {}
}

/// Hands `event` to every subscriber, in order.
pub fn fan_out(
    subscribers: &mut [Box<dyn EventSubscriber>],
    neighbor: &Neighbor,
    view: &NeighborView,
    event: &PeerEvent,
) {
    for subscriber in subscribers.iter_mut() {
        subscriber.neighbor_event(neighbor, view, event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    struct Recorder(Arc<Mutex<Vec<String>>>, &'static str);

    impl EventSubscriber for Recorder {
        fn neighbor_event(&mut self, _: &Neighbor, view: &NeighborView, event: &PeerEvent) {
            if let Ok(mut seen) = self.0.lock() {
                seen.push(format!("{} {} {event:?}", self.1, view.peer_address));
            }
        }
    }

    #[test]
    fn every_subscriber_hears_every_event_in_order() {
        let source =
            "router-id \"192.0.2.1\"\nlocal-as 65001\nneighbor \"192.0.2.2\" { peer-as 65002 }\n";
        let neighbor = crate::config::decode("t.kdl", source)
            .expect("valid")
            .neighbors
            .remove(0);
        let view = NeighborView {
            local_address: "192.0.2.1".parse().expect("address"),
            peer_address: neighbor.address,
            local_as: 65001,
            peer_as: 65002,
            router_id: None,
        };
        let seen = Arc::new(Mutex::new(Vec::new()));
        let mut subscribers: Vec<Box<dyn EventSubscriber>> = vec![
            Box::new(Recorder(seen.clone(), "first")),
            Box::new(Recorder(seen.clone(), "second")),
        ];
        fan_out(&mut subscribers, &neighbor, &view, &PeerEvent::Up);
        fan_out(&mut subscribers, &neighbor, &view, &PeerEvent::Stopped);
        let seen = seen.lock().expect("lock").clone();
        assert_eq!(
            seen,
            vec![
                "first 192.0.2.2 Up",
                "second 192.0.2.2 Up",
                "first 192.0.2.2 Stopped",
                "second 192.0.2.2 Stopped",
            ]
        );
    }
}
