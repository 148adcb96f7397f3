//! A peer task against a real BIRD 2 on loopback: the session reaches Established, BIRD's
//! route arrives as an UPDATE, and BIRD shows ours (`birdc show route`).
//!
//! BIRD runs in the foreground from a temporary directory on high ports and is killed at the
//! end (also when the test fails). The test fails loudly when `bird` is not installed
//! (scripts/install-test-tools installs it).

mod peer_support;

use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ferrobgp::peer::{PeerCmd, PeerEvent};
use ferrobgp::wire::attribute::{AsPath, Attributes, Origin};
use ferrobgp::wire::message::Message;
use ferrobgp::wire::nlri::mp::NextHop;
use peer_support::*;

/// BIRD's binary: on PATH, else where Debian puts it.
fn bird_binary(name: &str) -> PathBuf {
    let candidates = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/usr/bin")])
        .map(|directory| directory.join(name));
    for candidate in candidates {
        if candidate.is_file() {
            return candidate;
        }
    }
    panic!("`{name}` is not installed: run scripts/install-test-tools (Debian package bird2)");
}

/// BIRD and its directory, removed when dropped.
struct Bird {
    child: Child,
    directory: PathBuf,
    socket: PathBuf,
}

impl Drop for Bird {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.directory);
    }
}

impl Bird {
    fn start(directory: &Path, config: &str) -> Bird {
        std::fs::create_dir_all(directory).expect("directory");
        let config_path = directory.join("bird.conf");
        std::fs::write(&config_path, config).expect("config");
        let socket = directory.join("bird.ctl");
        let parse = Command::new(bird_binary("bird"))
            .arg("-p")
            .arg("-c")
            .arg(&config_path)
            .output()
            .expect("bird -p");
        assert!(parse.status.success(), "bird -p: {parse:?}");
        let child = Command::new(bird_binary("bird"))
            .arg("-f")
            .arg("-c")
            .arg(&config_path)
            .arg("-s")
            .arg(&socket)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("bird");
        Bird {
            child,
            directory: directory.to_path_buf(),
            socket,
        }
    }

    fn birdc(&self, command: &str) -> String {
        let output = Command::new(bird_binary("birdc"))
            .arg("-s")
            .arg(&self.socket)
            .args(command.split_whitespace())
            .output()
            .expect("birdc");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Polls `command` until its output contains `wanted`.
    async fn wait_for_output(&self, command: &str, wanted: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let output = self.birdc(command);
            if output.contains(wanted) {
                return output;
            }
            assert!(
                Instant::now() < deadline,
                "`birdc {command}` never showed {wanted:?}; last output:\n{output}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn established_with_bird_and_routes_both_ways() {
    let started = Instant::now();
    let bird_port = free_port(ip("127.0.0.71"));
    let our_port = free_port(ip("127.0.0.72"));
    let directory = std::env::temp_dir().join(format!(
        "ferrobgp-bird-{}-{}",
        std::process::id(),
        bird_port
    ));
    let config = format!(
        r#"router id 127.0.0.71;
log "{log}" all;
protocol device {{}}
protocol static static1 {{ ipv4; route 10.99.0.0/24 blackhole; }}
protocol bgp ferro {{
  local 127.0.0.71 port {bird_port} as 65071;
  neighbor 127.0.0.72 port {our_port} as 65072;
  multihop;
  strict bind yes;
  hold time 9;
  ipv4 {{ import all; export all; }};
}}
"#,
        log = directory.join("bird.log").display(),
    );
    let bird = Bird::start(&directory, &config);
    bird.wait_for_output("show status", "BIRD 2").await;

    let mut config = peer(
        1,
        ip("127.0.0.71"),
        bird_port,
        session(65072, 65071, [127, 0, 0, 72], 9),
    );
    config.local_address = Some(ip("127.0.0.72"));
    let (handle, mut events) = spawn(config);
    let attributes = Attributes {
        origin: Some(Origin::Igp),
        as_path: Some(AsPath::sequence(vec![65072])),
        med: Some(7),
        ..Attributes::default()
    };
    handle
        .send(PeerCmd::Routes(vec![announce(
            "10.72.0.0/24",
            &attributes,
            NextHop::Ipv4(Ipv4Addr::new(127, 0, 0, 72)),
        )]))
        .await
        .expect("routes");
    handle.send(PeerCmd::Start).await.expect("start");

    events
        .wait_for("up", WAIT, |event| matches!(event, PeerEvent::Up))
        .await;
    let established = started.elapsed();
    let wanted = nlri("10.99.0.0/24");
    events
        .wait_for("BIRD's route", WAIT, |event| {
            matches!(event, PeerEvent::Received(received)
                if matches!(&received.message, Message::Update(update) if update.announced.contains(&wanted)))
        })
        .await;
    bird.wait_for_output("show protocols ferro", "Established")
        .await;
    let routes = bird
        .wait_for_output("show route all protocol ferro", "10.72.0.0/24")
        .await;
    assert!(routes.contains("AS65072"), "{routes}");
    assert!(routes.contains("BGP.med: 7"), "{routes}");

    handle
        .send(PeerCmd::Shutdown {
            subcode: 2,
            message: "test over".to_owned(),
        })
        .await
        .expect("shutdown");
    tokio::time::timeout(WAIT, handle.join())
        .await
        .expect("ends")
        .expect("no panic");
    let status = bird
        .wait_for_output("show protocols all ferro", "test over")
        .await;
    eprintln!(
        "timings: established with BIRD after {established:?}, total {:?}\n{}",
        started.elapsed(),
        status
            .lines()
            .filter(|line| line.contains("test over"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
