//! The `announce route …` / `withdraw route …` lines the healthcheck prints for each state,
//! byte for byte as ExaBGP 5.0's healthcheck prints them. Pure: it renders text and must not
//! write it anywhere.
//!
//! Line shape (one per `--ip`, in the rotated order):
//! `<neighbors> <announce|withdraw> route <ip> next-hop <ip|self>` followed, for an
//! announcement, by `med M`, `local-preference P`, `community [ C ]`, `extended-community [ X ]`,
//! `large-community [ L ]`, `as-path [ A ]`, and in both cases by `path-information N`.

use super::address::{IpAddress, Network};
use super::state::State;

/// A `--neighbor` value: one peer, or `*` for every peer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Neighbor {
    Every,
    Address(IpAddress),
}

/// Everything that shapes the printed lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub neighbors: Vec<Neighbor>,
    /// The routes, already deaggregated and rotated.
    pub networks: Vec<Network>,
    /// `None` prints `next-hop self`.
    pub next_hop: Option<IpAddress>,
    /// Printed only when zero or more (ExaBGP's default is -1).
    pub local_preference: i64,
    pub community: Option<String>,
    pub disabled_community: Option<String>,
    pub extended_community: Option<String>,
    pub large_community: Option<String>,
    pub as_path: Option<String>,
    pub up_as_path: Option<String>,
    pub down_as_path: Option<String>,
    pub disabled_as_path: Option<String>,
    pub withdraw_on_down: bool,
    /// Printed when present and not zero (ExaBGP tests the number's truth).
    pub path_id: Option<i64>,
    pub up_metric: i64,
    pub down_metric: i64,
    pub disabled_metric: i64,
    pub increase: i64,
}

impl Announcement {
    /// The lines for `state`, or `None` for the states that print nothing (INIT, RISING,
    /// FALLING, END).
    pub fn lines(&self, state: State) -> Option<Vec<String>> {
        let (mut metric, state_as_path) = match state {
            State::Up => (self.up_metric, &self.up_as_path),
            State::Down => (self.down_metric, &self.down_as_path),
            State::Disabled => (self.disabled_metric, &self.disabled_as_path),
            State::Exit => (0, &None),
            State::Init | State::Rising | State::Falling | State::End => return None,
        };
        // A per-state AS path replaces the general one even when empty (then none is printed).
        let as_path = state_as_path.as_ref().or(self.as_path.as_ref());
        let community = match state {
            State::Down | State::Disabled => {
                non_empty(&self.disabled_community).or_else(|| non_empty(&self.community))
            }
            _ => non_empty(&self.community),
        };
        let prefix = self.neighbor_prefix();
        let announce = if self.withdraw_on_down || state == State::Exit {
            state == State::Up
        } else {
            true
        };
        let next_hop = self
            .next_hop
            .as_ref()
            .map_or_else(|| "self".to_string(), ToString::to_string);
        let mut lines = Vec::with_capacity(self.networks.len());
        for network in &self.networks {
            let verb = if announce { "announce" } else { "withdraw" };
            let mut line = format!("{prefix} {verb} route {network} next-hop {next_hop}");
            if announce {
                line.push_str(&format!(" med {metric}"));
                if self.local_preference >= 0 {
                    line.push_str(&format!(" local-preference {}", self.local_preference));
                }
                if let Some(community) = community {
                    line.push_str(&format!(" community [ {community} ]"));
                }
                if let Some(extended) = non_empty(&self.extended_community) {
                    line.push_str(&format!(" extended-community [ {extended} ]"));
                }
                if let Some(large) = non_empty(&self.large_community) {
                    line.push_str(&format!(" large-community [ {large} ]"));
                }
                if let Some(as_path) = as_path.filter(|text| !text.is_empty()) {
                    line.push_str(&format!(" as-path [ {as_path} ]"));
                }
            }
            if let Some(path_id) = self.path_id.filter(|value| *value != 0) {
                line.push_str(&format!(" path-information {path_id}"));
            }
            metric = metric.saturating_add(self.increase);
            lines.push(line);
        }
        Some(lines)
    }

    /// `neighbor *`, or `neighbor A, neighbor B` when every `--neighbor` names a peer.
    fn neighbor_prefix(&self) -> String {
        let addresses: Option<Vec<String>> = self
            .neighbors
            .iter()
            .map(|neighbor| match neighbor {
                Neighbor::Every => None,
                Neighbor::Address(address) => Some(format!("neighbor {address}")),
            })
            .collect();
        match addresses {
            Some(addresses) if !addresses.is_empty() => addresses.join(", "),
            _ => "neighbor *".to_string(),
        }
    }
}

/// Python's truth test of an optional string: absent and empty are both false.
fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|text| !text.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn plain(networks: &[&str]) -> Announcement {
        Announcement {
            neighbors: Vec::new(),
            networks: networks
                .iter()
                .filter_map(|text| Network::parse(text))
                .collect(),
            next_hop: None,
            local_preference: -1,
            community: None,
            disabled_community: None,
            extended_community: None,
            large_community: None,
            as_path: None,
            up_as_path: None,
            down_as_path: None,
            disabled_as_path: None,
            withdraw_on_down: false,
            path_id: None,
            up_metric: 100,
            down_metric: 1000,
            disabled_metric: 500,
            increase: 1,
        }
    }

    #[test]
    fn the_reference_capture() {
        // exabgp-api.md §6: `--ip 192.0.2.1/32 --ip 192.0.2.2/32 --community 65000:1
        // --disabled-community 65000:666`, captured from ExaBGP 5.0.
        let mut announcement = plain(&["192.0.2.1/32", "192.0.2.2/32"]);
        announcement.community = Some("65000:1".into());
        announcement.disabled_community = Some("65000:666".into());
        let table = [
            (
                State::Up,
                [
                    "neighbor * announce route 192.0.2.1/32 next-hop self med 100 community [ 65000:1 ]",
                    "neighbor * announce route 192.0.2.2/32 next-hop self med 101 community [ 65000:1 ]",
                ],
            ),
            (
                State::Down,
                [
                    "neighbor * announce route 192.0.2.1/32 next-hop self med 1000 community [ 65000:666 ]",
                    "neighbor * announce route 192.0.2.2/32 next-hop self med 1001 community [ 65000:666 ]",
                ],
            ),
            (
                State::Disabled,
                [
                    "neighbor * announce route 192.0.2.1/32 next-hop self med 500 community [ 65000:666 ]",
                    "neighbor * announce route 192.0.2.2/32 next-hop self med 501 community [ 65000:666 ]",
                ],
            ),
            (
                State::Exit,
                [
                    "neighbor * withdraw route 192.0.2.1/32 next-hop self",
                    "neighbor * withdraw route 192.0.2.2/32 next-hop self",
                ],
            ),
        ];
        for (state, expected) in table {
            assert_eq!(
                announcement.lines(state),
                Some(expected.map(String::from).to_vec())
            );
        }
        for state in [State::Init, State::Rising, State::Falling, State::End] {
            assert_eq!(announcement.lines(state), None);
        }
    }

    #[test]
    fn every_attribute_in_exabgp_order() {
        // Captured from `exabgp healthcheck` 5.0.15 with the same options.
        let mut announcement = plain(&["192.0.2.1/32", "2001:db8::1/128"]);
        announcement.neighbors = ["10.0.0.1", "2001:DB8::5"]
            .iter()
            .filter_map(|text| IpAddress::parse(text).map(Neighbor::Address))
            .collect();
        announcement.local_preference = 200;
        announcement.path_id = Some(3);
        announcement.as_path = Some("65000 65001".into());
        announcement.large_community = Some("1:2:3".into());
        announcement.extended_community = Some("target:1:2".into());
        announcement.community = Some("65000:1".into());
        assert_eq!(
            announcement.lines(State::Up),
            Some(vec![
                "neighbor 10.0.0.1, neighbor 2001:db8::5 announce route 192.0.2.1/32 next-hop self med 100 local-preference 200 community [ 65000:1 ] extended-community [ target:1:2 ] large-community [ 1:2:3 ] as-path [ 65000 65001 ] path-information 3".to_string(),
                "neighbor 10.0.0.1, neighbor 2001:db8::5 announce route 2001:db8::1/128 next-hop self med 101 local-preference 200 community [ 65000:1 ] extended-community [ target:1:2 ] large-community [ 1:2:3 ] as-path [ 65000 65001 ] path-information 3".to_string(),
            ])
        );
        assert_eq!(
            announcement.lines(State::Exit),
            Some(vec![
                "neighbor 10.0.0.1, neighbor 2001:db8::5 withdraw route 192.0.2.1/32 next-hop self path-information 3".to_string(),
                "neighbor 10.0.0.1, neighbor 2001:db8::5 withdraw route 2001:db8::1/128 next-hop self path-information 3".to_string(),
            ])
        );
    }

    #[test]
    fn withdraw_on_down_and_per_state_as_paths() {
        let mut announcement = plain(&["192.0.2.1/32"]);
        announcement.withdraw_on_down = true;
        announcement.next_hop = IpAddress::parse("192.0.2.254");
        announcement.as_path = Some("65000".into());
        announcement.up_as_path = Some(String::new());
        announcement.path_id = Some(0);
        announcement.neighbors = vec![
            Neighbor::Every,
            Neighbor::Address(IpAddress::Version4(std::net::Ipv4Addr::LOCALHOST)),
        ];
        let line = |announcement: &Announcement, state| {
            announcement.lines(state).unwrap_or_default().join("\n")
        };
        assert_eq!(
            line(&announcement, State::Up),
            "neighbor * announce route 192.0.2.1/32 next-hop 192.0.2.254 med 100"
        );
        for state in [State::Down, State::Disabled, State::Exit] {
            assert_eq!(
                line(&announcement, state),
                "neighbor * withdraw route 192.0.2.1/32 next-hop 192.0.2.254"
            );
        }
        announcement.withdraw_on_down = false;
        announcement.down_as_path = Some("65000 65000 65000".into());
        announcement.disabled_community = Some(String::new());
        announcement.community = Some("1:1".into());
        assert_eq!(
            line(&announcement, State::Down),
            "neighbor * announce route 192.0.2.1/32 next-hop 192.0.2.254 med 1000 community [ 1:1 ] as-path [ 65000 65000 65000 ]"
        );
        assert_eq!(
            line(&announcement, State::Disabled),
            "neighbor * announce route 192.0.2.1/32 next-hop 192.0.2.254 med 500 community [ 1:1 ] as-path [ 65000 ]"
        );
    }

    #[test]
    fn metrics_saturate() {
        let mut announcement = plain(&["192.0.2.1/32", "192.0.2.2/32"]);
        announcement.up_metric = i64::MAX;
        let lines = announcement.lines(State::Up).unwrap_or_default();
        assert!(
            lines
                .iter()
                .all(|line| line.ends_with(&format!("med {}", i64::MAX)))
        );
    }
}
