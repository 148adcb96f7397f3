//! What tests/daemon_helper_flood.rs and the issue 5 benchmarks (benches/helper_announce.rs,
//! benches/helper_receive.rs) share: a passive BIRD 2 peer for one speaker on loopback (its
//! configuration, and how many routes it imported), and the helper program that floods
//! `announce route` lines into the speaker once the session is up.

use super::bird::Bird;

/// BIRD's configuration: `extra` (a static protocol, or nothing), then the BGP protocol `name`
/// at `bird` (address, port, AS), passive, for the speaker at `speaker` (address, AS):
/// multihop, strict bind, hold time 240, IPv4 channel `ipv4` ("import all; export none;").
pub fn passive_peer_config(
    name: &str,
    bird: (&str, u16, u32),
    speaker: (&str, u32),
    ipv4: &str,
    extra: &str,
) -> String {
    let (bird_address, bird_port, bird_as) = bird;
    let (speaker_address, speaker_as) = speaker;
    format!(
        r#"router id {bird_address};
protocol device {{}}
{extra}protocol bgp {name} {{
  local {bird_address} port {bird_port} as {bird_as};
  neighbor {speaker_address} as {speaker_as};
  multihop;
  strict bind yes;
  passive on;
  hold time 240;
  ipv4 {{ {ipv4} }};
}}
"#
    )
}

/// How many routes BIRD's protocol `name` has imported (`show protocols all NAME`), if shown.
pub fn imported(bird: &Bird, name: &str) -> Option<u64> {
    let output = bird.birdc(&format!("show protocols all {name}"));
    let line = output.lines().find(|line| line.contains("imported"))?;
    line.split_whitespace()
        .zip(line.split_whitespace().skip(1))
        .find(|(_, next)| next.trim_end_matches(',') == "imported")
        .and_then(|(count, _)| count.parse::<u64>().ok())
}

/// The flooding helper, a Python program run with N (and optionally a result file): waits for
/// the session's `up` event, then writes `announce route 10.x.y.z/32 next-hop self` lines, one
/// route per line, all at once (the text is built before the session is up), while a thread
/// drains the acks until stdin closes. Given a result file, writes "started written" (Unix
/// times, around the write) to it.
pub const FLOOD_HELPER: &str = r#"import json, os, sys, threading, time

count = int(sys.argv[1])
result = sys.argv[2] if len(sys.argv) > 2 else None
text = "".join(
    "announce route 10.%d.%d.%d/32 next-hop self\n" % (i >> 16 & 255, i >> 8 & 255, i & 255)
    for i in range(count)
)
up = threading.Event()


def read():
    for line in sys.stdin:
        if not up.is_set() and '"state"' in line:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if message.get("type") == "state" and message["neighbor"].get("state") == "up":
                up.set()
    os._exit(0)


threading.Thread(target=read, daemon=True).start()
up.wait()
started = time.time()
sys.stdout.write(text)
sys.stdout.flush()
written = time.time()
if result is not None:
    with open(result + ".tmp", "w") as output:
        output.write("%r %r\n" % (started, written))
    os.replace(result + ".tmp", result)
threading.Event().wait()
"#;
