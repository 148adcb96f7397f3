//! The `ferrobgp` command: argument parsing and start-up only.

use ferrobgp::api::json::{Envelope, JsonVersion};
use ferrobgp::cli::check::{self, CheckOptions};
use ferrobgp::cli::decode::{self, DecodeOptions, Format};
use ferrobgp::config::Style;
use ferrobgp::wire::family::Family;
use std::io::IsTerminal;
use std::process::ExitCode;

const USAGE: &str = "\
ferrobgp: a BGP speaker for hosts, driven by ExaBGP-compatible helper programs

usage:
  ferrobgp run [--config] FILE [FILE…]
                                    run the BGP speaker of each configuration file (several
                                    files: several independent speakers in one process);
                                    SIGTERM or Ctrl-C stops it (Cease, Administrative Shutdown)
  ferrobgp check [--print] FILE     validate a configuration file (exit 0: valid, 1: not)
  ferrobgp ctl [options] COMMAND…   send a command to the running daemon, print the answer
                                    (like `exabgpcli`; `ferrobgp ctl --help` lists its options)
  ferrobgp decode [options] HEX     show a BGP message as ExaBGP would (like `exabgp decode`)
  ferrobgp healthcheck [options]    anycast health-check helper (like `exabgp healthcheck`;
                                    `ferrobgp healthcheck --help` lists its options)
  ferrobgp version

check options:
      --print                       print the effective configuration (templates applied,
                                    defaults written out, keys redacted) instead of ok

decode options:
  -f, --family \"AFI SAFI …\"        families of the placeholder session (e.g. \"ipv4 flow\")
  -i, --path-information            NLRI carry ADD-PATH path identifiers
      --no-asn4                     the session has 2-octet AS numbers (AS4_PATH merging)
  -o, --open, -u, --update          accepted for compatibility with exabgp decode (no effect)
      --json-version 4|5            ExaBGP 4.x (\"4.0.1\") or 5.0 (\"5.0.0\", default) JSON
      --text                        ExaBGP's text encoder format instead of JSON
";

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    match arguments.first().map(String::as_str) {
        Some("run") => ferrobgp::cli::run::main(&arguments[1..], USAGE),
        Some("check") => run_check(&arguments[1..]),
        Some("ctl") => ferrobgp::cli::ctl::main(&arguments[1..]),
        Some("decode") => run_decode(&arguments[1..]),
        Some("healthcheck") => ferrobgp::cli::healthcheck::main(&arguments[1..]),
        Some("version" | "--version" | "-V") => {
            println!("ferrobgp {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some("help" | "--help" | "-h") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => fail(&format!("unknown command '{other}'")),
        None => fail("no command given"),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("ferrobgp: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

/// Parses `-f "ipv4 unicast ipv6 flow"` (pairs of words) into families.
fn parse_families(text: &str) -> Result<Vec<Family>, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || !words.len().is_multiple_of(2) {
        return Err(format!(
            "--family takes pairs of words like \"ipv4 unicast\", not \"{text}\""
        ));
    }
    words
        .chunks(2)
        .map(|pair| {
            let name = pair.join(" ");
            Family::parse(&name).ok_or_else(|| {
                format!(
                    "unknown family \"{name}\": try \"ipv4 unicast\", \"ipv6 flow\", \"l2vpn vpls\""
                )
            })
        })
        .collect()
}

fn run_check(arguments: &[String]) -> ExitCode {
    let mut print = false;
    let mut files = Vec::new();
    for word in arguments {
        match word.as_str() {
            "--print" => print = true,
            "-h" | "--help" => {
                print!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return fail(&format!("unknown check option '{flag}'"));
            }
            file => files.push(file),
        }
    }
    let [file] = files.as_slice() else {
        return fail("check needs exactly one configuration file");
    };
    let source = match std::fs::read_to_string(file) {
        Ok(source) => source,
        Err(error) => {
            eprintln!("ferrobgp check: cannot read {file}: {error}");
            return ExitCode::FAILURE;
        }
    };
    // Colours only for a person at a terminal (https://no-color.org: NO_COLOR turns them off).
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let style = if colour { Style::Colour } else { Style::Plain };
    let outcome = check::check(file, &source, CheckOptions { print, style });
    print!("{}", outcome.stdout);
    eprint!("{}", outcome.stderr);
    if outcome.valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn run_decode(arguments: &[String]) -> ExitCode {
    let mut options = DecodeOptions::default();
    let mut hex = Vec::new();
    let mut words = arguments.iter();
    while let Some(word) = words.next() {
        match word.as_str() {
            "-f" | "--family" => match words.next().map(|text| parse_families(text)) {
                Some(Ok(families)) => options.families.extend(families),
                Some(Err(message)) => return fail(&message),
                None => return fail("--family needs a value like \"ipv4 unicast\""),
            },
            "-i" | "--path-information" => options.path_information = true,
            "--no-asn4" => options.asn4 = false,
            "-o" | "--open" | "-u" | "--update" => {}
            "--text" => options.format = Format::Text,
            "-h" | "--help" => {
                print!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "--json-version" => match words.next().map(String::as_str) {
                Some("4") => options.format = Format::Json(JsonVersion::V4),
                Some("5") => options.format = Format::Json(JsonVersion::V5),
                _ => return fail("--json-version takes 4 or 5"),
            },
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return fail(&format!("unknown decode option '{flag}'"));
            }
            digits => hex.push(digits),
        }
    }
    if hex.is_empty() {
        return fail("decode needs the BGP message in hexadecimal");
    }
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|name| name.trim().to_string())
        .unwrap_or_else(|_| "localhost".into());
    let time = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs_f64())
        .unwrap_or(0.0);
    let envelope = Envelope {
        version: JsonVersion::V5,
        time,
        host: &host,
        pid: std::process::id(),
        ppid: std::os::unix::process::parent_id(),
        counter: Some(1),
    };
    match decode::decode(&options, &hex.join(""), &envelope) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("ferrobgp decode: {message}");
            ExitCode::FAILURE
        }
    }
}
