//! Prints a [`Config`] as normalised KDL: every neighbor complete (templates applied, global
//! router-id and local-as copied in, defaults written out), routes in the route grammar's
//! canonical text, one setting per line. Decoding the output gives the same `Config` back
//! (with [`Secrets::Reveal`]; with [`Secrets::Redact`] inline keys are replaced by a marker
//! that the decoder refuses, so a redacted printout cannot silently become a wrong key).

use crate::api::json::JsonVersion;
use crate::config::model::{
    AddPath, ApiBinding, Config, ControlFifo, Hostname, Listen, Md5Key, MessageSubscription,
    Neighbor, Process, Ttl,
};
use std::fmt::Write as _;

/// What to do with inline TCP-MD5 keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Secrets {
    /// Print `md5-password (redacted)""` (what `ferrobgp check --print` shows).
    Redact,
    /// Print the key (for tests and for handing a configuration to a trusted process).
    Reveal,
}

/// The configuration as KDL text.
pub fn print(config: &Config, secrets: Secrets) -> String {
    let mut out = Printer::default();
    let global = &config.global;
    if let Some(router_id) = global.router_id {
        out.line(&format!("router-id {}", quote(&router_id.to_string())));
    }
    if let Some(local_as) = global.local_as {
        out.line(&format!("local-as {local_as}"));
    }
    match &global.listen {
        Listen::Off => out.line("listen #false"),
        Listen::On(addresses) => {
            for address in addresses {
                out.line(&format!(
                    "listen {} port={}",
                    quote(&address.ip().to_string()),
                    address.port()
                ));
            }
        }
    }
    match &global.control_fifo {
        ControlFifo::RuntimeDirectory => out.line("control-fifo #true"),
        ControlFifo::Off => out.line("control-fifo #false"),
        ControlFifo::Path(path) => {
            out.line(&format!("control-fifo {}", quote(&path.to_string_lossy())));
        }
    }
    out.line(&format!("log-level {}", quote(global.log_level.name())));
    out.line(&format!("watch-config {}", boolean(global.watch_config)));
    for process in &config.processes {
        out.blank();
        print_process(&mut out, process);
    }
    for neighbor in &config.neighbors {
        out.blank();
        print_neighbor(&mut out, neighbor, secrets);
    }
    out.text
}

#[derive(Default)]
struct Printer {
    text: String,
    depth: usize,
}

impl Printer {
    fn line(&mut self, line: &str) {
        for _ in 0..self.depth {
            self.text.push_str("    ");
        }
        self.text.push_str(line);
        self.text.push('\n');
    }

    fn blank(&mut self) {
        self.text.push('\n');
    }

    fn open(&mut self, header: &str) {
        self.line(&format!("{header} {{"));
        self.depth = self.depth.saturating_add(1);
    }

    fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        self.line("}");
    }
}

fn boolean(value: bool) -> &'static str {
    if value { "#true" } else { "#false" }
}

fn print_process(out: &mut Printer, process: &Process) {
    out.open(&format!("process {}", quote(&process.name)));
    let argv: Vec<String> = process.run.iter().map(|word| quote(word)).collect();
    out.line(&format!("run {}", argv.join(" ")));
    out.line(&format!("encoder {}", quote(process.encoder.name())));
    let version = match process.api_version {
        JsonVersion::V4 => 4,
        JsonVersion::V5 => 5,
    };
    out.line(&format!("api-version {version}"));
    out.line(&format!("respawn {}", boolean(process.respawn)));
    for (name, value) in &process.environment {
        out.line(&format!("environment {} {}", quote(name), quote(value)));
    }
    out.line(&format!(
        "working-directory {}",
        quote(&process.working_directory.to_string_lossy())
    ));
    out.line(&format!("on-exit {}", quote(process.on_exit.name())));
    out.close();
}

fn print_neighbor(out: &mut Printer, neighbor: &Neighbor, secrets: Secrets) {
    out.open(&format!(
        "neighbor {}",
        quote(&neighbor.address.to_string())
    ));
    out.line(&format!("peer-as {}", neighbor.peer_as));
    out.line(&format!("local-as {}", neighbor.local_as));
    out.line(&format!(
        "router-id {}",
        quote(&neighbor.router_id.to_string())
    ));
    if let Some(local_address) = neighbor.local_address {
        out.line(&format!(
            "local-address {}",
            quote(&local_address.to_string())
        ));
    }
    if let Some(description) = &neighbor.description {
        out.line(&format!("description {}", quote(description)));
    }
    out.line(&format!("hold-time {}", neighbor.hold_time));
    out.line(&format!("passive {}", boolean(neighbor.passive)));
    out.line(&format!("connect-port {}", neighbor.connect_port));
    match (&neighbor.md5, secrets) {
        (None, _) => {}
        (Some(Md5Key::Inline(_)), Secrets::Redact) => out.line("md5-password (redacted)\"\""),
        (Some(Md5Key::Inline(secret)), Secrets::Reveal) => {
            out.line(&format!("md5-password {}", quote(secret.reveal())));
        }
        (Some(Md5Key::File(path)), _) => {
            out.line(&format!(
                "md5-password-file {}",
                quote(&path.to_string_lossy())
            ));
        }
    }
    match neighbor.ttl {
        Ttl::SystemDefault => {}
        Ttl::Outgoing(ttl) => out.line(&format!("outgoing-ttl {ttl}")),
        Ttl::Security { hops } => out.line(&format!("ttl-security {hops}")),
    }
    out.open("family");
    for (family, add_path) in &neighbor.families {
        let mut line = format!("{} {}", word(&family.afi.name()), word(&family.safi.name()));
        if *add_path != AddPath::Off {
            let _ = write!(line, " add-path={}", word(add_path.name()));
        }
        out.line(&line);
    }
    out.close();
    let capabilities = &neighbor.capabilities;
    out.open("capability");
    out.line(&format!("asn4 {}", boolean(capabilities.asn4)));
    out.line(&format!(
        "route-refresh {}",
        boolean(capabilities.route_refresh)
    ));
    match capabilities.graceful_restart {
        None => out.line("graceful-restart #false"),
        Some(seconds) => out.line(&format!("graceful-restart {seconds}")),
    }
    out.line(&format!(
        "extended-message {}",
        boolean(capabilities.extended_message)
    ));
    match &capabilities.hostname {
        Hostname::Off => out.line("hostname #false"),
        Hostname::System => out.line("hostname #true"),
        Hostname::Named { host, domain } => {
            let mut line = format!("hostname {}", quote(host));
            if let Some(domain) = domain {
                let _ = write!(line, " domain={}", quote(domain));
            }
            out.line(&line);
        }
    }
    out.line(&format!(
        "software-version {}",
        boolean(capabilities.software_version)
    ));
    out.line(&format!(
        "operational {}",
        boolean(capabilities.operational)
    ));
    out.close();
    out.line(&format!(
        "group-updates {}",
        boolean(neighbor.group_updates)
    ));
    out.line(&format!("manual-eor {}", boolean(neighbor.manual_eor)));
    out.line(&format!("adj-rib-in {}", boolean(neighbor.adj_rib_in)));
    out.line(&format!("adj-rib-out {}", boolean(neighbor.adj_rib_out)));
    for binding in &neighbor.api {
        print_binding(out, binding);
    }
    if !neighbor.routes.is_empty() {
        out.open("announce");
        for route in neighbor.routes.iter() {
            let mut text = route.route.to_string();
            if let Some(length) = route.split {
                let _ = write!(text, " split /{length}");
            }
            let (kind, rest) = text.split_once(' ').unwrap_or((text.as_str(), ""));
            let mut line = format!("{} {}", word(kind), quote(rest));
            if let Some(watchdog) = &route.watchdog {
                let _ = write!(line, " watchdog={}", quote(watchdog));
            }
            if route.withdrawn {
                line.push_str(" withdrawn=#true");
            }
            out.line(&line);
        }
        out.close();
    }
    out.close();
}

/// An `api` block; flags that are off are left out (off is their default).
fn print_binding(out: &mut Printer, binding: &ApiBinding) {
    out.open("api");
    let processes: Vec<String> = binding.processes.iter().map(|name| quote(name)).collect();
    out.line(&format!("processes {}", processes.join(" ")));
    for (set, keyword) in [
        (binding.neighbor_changes, "neighbor-changes"),
        (binding.negotiated, "negotiated"),
        (binding.fsm, "fsm"),
        (binding.signal, "signal"),
    ] {
        if set {
            out.line(keyword);
        }
    }
    for (subscription, direction) in [(&binding.receive, "receive"), (&binding.send, "send")] {
        print_subscription(out, subscription, direction);
    }
    out.close();
}

fn print_subscription(out: &mut Printer, subscription: &MessageSubscription, direction: &str) {
    let set: Vec<&str> = MessageSubscription::KEYWORDS
        .into_iter()
        .filter(|keyword| subscription.flag(keyword) == Some(true))
        .collect();
    if !set.is_empty() {
        out.line(&format!("{direction} {{ {}; }}", set.join("; ")));
    }
}

/// A node name or value: bare when it is a plain lower-case word (never a KDL keyword, since
/// those start with `#`), quoted otherwise.
fn word(name: &str) -> String {
    let plain = name
        .bytes()
        .next()
        .is_some_and(|first| first.is_ascii_lowercase())
        && name
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-');
    if plain { name.to_string() } else { quote(name) }
}

/// A KDL v2 quoted string.
pub fn quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len().saturating_add(2));
    quoted.push('"');
    for character in text.chars() {
        match character {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            '\u{8}' => quoted.push_str("\\b"),
            '\u{c}' => quoted.push_str("\\f"),
            character if needs_escape(character) => {
                let _ = write!(quoted, "\\u{{{:x}}}", u32::from(character));
            }
            character => quoted.push(character),
        }
    }
    quoted.push('"');
    quoted
}

/// Code points KDL v2 does not allow literally in a document.
fn needs_escape(character: char) -> bool {
    character.is_control()
        || matches!(
            character,
            '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'
                | '\u{2028}' | '\u{2029}' | '\u{85}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_round_trips_through_kdl() {
        for text in [
            "plain",
            "with \"quotes\" and \\",
            "tab\tnew\nline",
            "\u{feff}\u{1}é",
            "",
        ] {
            let document: kdl::KdlDocument = format!("node {}", quote(text))
                .parse()
                .expect("quoted text is valid KDL");
            let value = document.get_arg("node").and_then(|value| value.as_string());
            assert_eq!(value, Some(text));
        }
    }

    #[test]
    fn words() {
        assert_eq!(word("route"), "route");
        assert_eq!(word("bgp-ls"), "bgp-ls");
        assert_eq!(word("1"), "\"1\"");
        assert_eq!(word(""), "\"\"");
    }
}
