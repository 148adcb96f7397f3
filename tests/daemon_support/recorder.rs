//! A real helper that records what the daemon writes to it: `/bin/sh -c 'exec cat >> FILE'`
//! as a `process`, with the ExaBGP 5.0 JSON lines read back and the announced routes pulled
//! out of them. Test code only; waits are bounded.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;

use super::{Scratch, wait_until};

/// One announced route, as a helper sees it in an `update` event.
#[derive(Debug, Clone)]
pub struct Announced {
    pub nlri: String,
    pub next_hop: String,
    /// `path-information` (ADD-PATH), when present.
    pub path_information: Option<String>,
    /// The update's `attribute` object.
    pub attribute: Value,
}

pub struct Recorder {
    pub path: PathBuf,
}

impl Recorder {
    /// A recorder writing to `name`.json in the scratch directory.
    pub fn new(scratch: &Scratch, name: &str) -> Recorder {
        Recorder {
            path: scratch.file(&format!("{name}.json")),
        }
    }

    /// The KDL `process` node that runs this recorder under `name`.
    pub fn process_node(&self, name: &str) -> String {
        format!(
            r#"process "{name}" {{
    run "/bin/sh" "-c" "exec cat >> '{}'"
}}"#,
            self.path.display()
        )
    }

    /// Every JSON event recorded so far.
    pub fn events(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.path)
            .unwrap_or_default()
            .lines()
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect()
    }

    /// The events of `kind` ("update", "refresh", "state", …).
    pub fn events_of(&self, kind: &str) -> Vec<Value> {
        self.events()
            .into_iter()
            .filter(|event| event["type"] == kind)
            .collect()
    }

    /// Every route announced in `family` ("ipv4 unicast") by the peer at `peer`, in order.
    pub fn announced(&self, peer: &str, family: &str) -> Vec<Announced> {
        let mut routes = Vec::new();
        for event in self.events_of("update") {
            if event["neighbor"]["address"]["peer"] != peer {
                continue;
            }
            let update = &event["neighbor"]["message"]["update"];
            let Some(next_hops) = update["announce"][family].as_object() else {
                continue;
            };
            for (next_hop, entries) in next_hops {
                for entry in entries.as_array().into_iter().flatten() {
                    let Some(nlri) = entry["nlri"].as_str() else {
                        continue;
                    };
                    routes.push(Announced {
                        nlri: nlri.to_owned(),
                        next_hop: next_hop.clone(),
                        path_information: entry["path-information"].as_str().map(str::to_owned),
                        attribute: update["attribute"].clone(),
                    });
                }
            }
        }
        routes
    }

    /// Waits until at least `count` announcements of `nlri` in `family` from `peer` were
    /// recorded; returns all of them.
    pub fn wait_for_announced(
        &self,
        peer: &str,
        family: &str,
        nlri: &str,
        count: usize,
        within: Duration,
    ) -> Vec<Announced> {
        wait_until(
            &format!("{count} announcements of {nlri} ({family}) from {peer} in the helper's JSON"),
            within,
            || {
                let routes: Vec<Announced> = self
                    .announced(peer, family)
                    .into_iter()
                    .filter(|route| route.nlri == nlri)
                    .collect();
                (routes.len() >= count).then_some(routes)
            },
        )
    }
}
