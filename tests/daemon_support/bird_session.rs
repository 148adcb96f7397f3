//! A test's BIRD with one session towards ferrobgp (`protocol bgp ferro`): the scratch
//! directory, both sides' loopback address, free port and AS, BIRD started with that session,
//! and ferrobgp's `neighbor` towards it (tests/interop_bird*.rs, tests/daemon_bird.rs,
//! tests/daemon_graceful_restart.rs). Apart from bird.rs, which tests/peer_bird.rs includes
//! alone.

use super::bird::{Bird, preamble};
use super::{Scratch, free_port};

/// One side of a [`BirdSession`].
#[derive(Clone, Copy, Debug)]
pub struct Endpoint {
    /// On loopback.
    pub address: &'static str,
    /// Free when the session was set up.
    pub port: u16,
    pub asn: u32,
}

/// A test's BIRD with one session towards ferrobgp, `protocol bgp ferro`.
pub struct BirdSession {
    pub scratch: Scratch,
    /// Started and answering.
    pub bird: Bird,
    /// BIRD's configuration (to start it again).
    pub config: String,
    pub bird_side: Endpoint,
    pub our_side: Endpoint,
}

impl BirdSession {
    /// Makes the scratch directory `label`, takes a free port at each address and starts BIRD
    /// with [`preamble`], `before` (static protocols, tables, global options) and
    /// `protocol bgp ferro` from `bird` (address, AS) to `ours` (address, AS), each at its
    /// port, whose further lines (options, channels) are `options`.
    pub fn start(
        label: &str,
        (bird_address, bird_as): (&'static str, u32),
        (our_address, our_as): (&'static str, u32),
        before: &str,
        options: &[&str],
    ) -> BirdSession {
        let scratch = Scratch::new(label);
        let (bird_port, our_port) = (free_port(bird_address), free_port(our_address));
        let options = options.join("\n  ");
        let config = preamble(&scratch.path, bird_address)
            + &format!(
                r#"{before}
protocol bgp ferro {{
  local {bird_address} port {bird_port} as {bird_as};
  neighbor {our_address} port {our_port} as {our_as};
  {options}
}}
"#
            );
        let bird = Bird::start_ready(&scratch.path, &config);
        let bird_side = Endpoint {
            address: bird_address,
            port: bird_port,
            asn: bird_as,
        };
        let our_side = Endpoint {
            address: our_address,
            port: our_port,
            asn: our_as,
        };
        BirdSession {
            scratch,
            bird,
            config,
            bird_side,
            our_side,
        }
    }

    /// ferrobgp's `neighbor` towards BIRD: its address and AS, our address, BIRD's port, then
    /// the further lines `settings`.
    pub fn neighbor(&self, settings: &[&str]) -> String {
        let (bird, ours) = (self.bird_side, self.our_side);
        let settings = settings.join("\n    ");
        format!(
            r#"neighbor "{}" {{
    peer-as {}
    local-address "{}"
    connect-port {}
    {settings}
}}
"#,
            bird.address, bird.asn, ours.address, bird.port
        )
    }

    /// Writes ferrobgp.kdl (`router_id`, our AS, a listener at our address and port, the
    /// further lines `globals`, then [`BirdSession::neighbor`] with `settings`) and gives its
    /// path.
    pub fn write_config(&self, router_id: &str, globals: &[&str], settings: &[&str]) -> String {
        let ours = self.our_side;
        let globals = globals.join("\n");
        let neighbor = self.neighbor(settings);
        let text = format!(
            r#"
router-id "{router_id}"
local-as {}
listen "{}" port={}
{globals}
{neighbor}"#,
            ours.asn, ours.address, ours.port
        );
        self.scratch.write("ferrobgp.kdl", &text)
    }

    /// [`BirdSession::write_config`] as the interop tests write it: our address is the router
    /// id.
    pub fn write_interop_config(&self, globals: &[&str], settings: &[&str]) -> String {
        self.write_config(self.our_side.address, globals, settings)
    }
}
