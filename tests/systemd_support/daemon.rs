//! `ferrobgp run` as systemd runs it, shared by tests/systemd_notify.rs,
//! tests/journald_fields.rs and tests/control_log_level.rs: a [`DatagramListener`] that
//! collects what the daemon sends to a `UnixDatagram` socket (the journal's, or
//! `NOTIFY_SOCKET` as a [`NotifyListener`]), and [`write_speaker_pair`], the two speakers of
//! one `ferrobgp run` that peer with each other.
//!
//! Independent of tests/daemon_support (tests/systemd_unit.rs does not include it): waits
//! take their limit from the caller.

use std::fmt::Debug;
use std::os::unix::net::UnixDatagram;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A `UnixDatagram` socket bound at a path: a thread keeps what `decode` makes of each
/// datagram (`None`: not kept), in order, until the listener is dropped.
pub struct DatagramListener<T> {
    received: Arc<Mutex<Vec<T>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    /// How long [`DatagramListener::wait_for`] waits at most.
    within: Duration,
}

impl<T: Clone + Debug + Send + 'static> DatagramListener<T> {
    pub fn bind(
        path: &Path,
        within: Duration,
        decode: impl Fn(&[u8]) -> Option<T> + Send + 'static,
    ) -> DatagramListener<T> {
        let socket = UnixDatagram::bind(path)
            .unwrap_or_else(|error| panic!("bind the socket {}: {error}", path.display()));
        socket
            .set_read_timeout(Some(Duration::from_millis(50)))
            .expect("timeout");
        let received = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (writer, stopped) = (received.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let mut buffer = vec![0_u8; 65536];
            while !stopped.load(Ordering::Relaxed) {
                if let Ok(length) = socket.recv(&mut buffer)
                    && let Some(item) = decode(&buffer[..length])
                {
                    writer.lock().expect("lock").push(item);
                }
            }
        });
        DatagramListener {
            received,
            stop,
            thread: Some(thread),
            within,
        }
    }

    /// Everything kept so far, in order.
    pub fn received(&self) -> Vec<T> {
        self.received.lock().expect("lock").clone()
    }

    /// Waits for a kept datagram that `matches` (polling every 10 ms); returns its index.
    /// Panics with `what` and everything received when none came within the limit.
    pub fn wait_for(&self, what: &str, matches: impl Fn(&T) -> bool) -> usize {
        let deadline = Instant::now() + self.within;
        loop {
            if let Some(index) = self.received().iter().position(&matches) {
                return index;
            }
            assert!(
                Instant::now() < deadline,
                "no {what} within {:?}; received:\n{:#?}",
                self.within,
                self.received()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl<T> Drop for DatagramListener<T> {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The datagrams received on a `NOTIFY_SOCKET`, as text, in order (each echoed to the test's
/// stderr as it arrives).
pub struct NotifyListener {
    /// The socket's path, for `NOTIFY_SOCKET=`.
    pub path: String,
    datagrams: DatagramListener<String>,
}

impl NotifyListener {
    /// Binds `path`; [`NotifyListener::wait_for`] waits at most `within`.
    pub fn bind(path: &Path, within: Duration) -> NotifyListener {
        let datagrams = DatagramListener::bind(path, within, |bytes| {
            let text = String::from_utf8_lossy(bytes).into_owned();
            eprintln!("[notify] {text:?}");
            Some(text)
        });
        NotifyListener {
            path: path.display().to_string(),
            datagrams,
        }
    }

    pub fn datagrams(&self) -> Vec<String> {
        self.datagrams.received()
    }

    /// Waits for a datagram with `part`; returns its index.
    pub fn wait_for(&self, part: &str) -> usize {
        self.datagrams
            .wait_for(&format!("datagram with {part:?}"), |text| {
                text.contains(part)
            })
    }

    /// How many datagrams so far have `part`.
    pub fn count(&self, part: &str) -> usize {
        self.datagrams()
            .iter()
            .filter(|text| text.contains(part))
            .count()
    }
}

/// One of the two speakers of [`write_speaker_pair`].
pub struct Speaker<'a> {
    pub address: &'a str,
    pub port: u16,
    /// `N` in its router id 192.0.2.N and its AS 650N.
    pub number: u8,
}

/// Writes `active.kdl` and `passive.kdl` into `directory`: two speakers without a control
/// FIFO, the active one connecting from its own address to the passive one's port; returns
/// their paths (for `ferrobgp run ACTIVE PASSIVE`).
pub fn write_speaker_pair(directory: &Path, active: Speaker, passive: Speaker) -> (String, String) {
    // `me` as `name`, peering with `peer`; `how` ends the neighbor node.
    let write = |name: &str, me: &Speaker, peer: &Speaker, how: &str| {
        let Speaker {
            address,
            port,
            number,
        } = me;
        let (peer_address, peer_number) = (peer.address, peer.number);
        let text = format!(
            r#"
router-id "192.0.2.{number}"
local-as 650{number}
listen "{address}" port={port}
control-fifo #false
neighbor "{peer_address}" {{ peer-as 650{peer_number}; {how} }}
"#
        );
        let path = directory.join(name);
        std::fs::write(&path, text).expect("write");
        path.display().to_string()
    };
    let connect = format!(
        "local-address \"{}\"; connect-port {}",
        active.address, passive.port
    );
    (
        write("active.kdl", &active, &passive, &connect),
        write("passive.kdl", &passive, &active, "passive"),
    )
}
