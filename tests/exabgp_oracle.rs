//! Keeps the corpus honest: the ExaBGP JSON stored beside each captured message is what the
//! installed ExaBGP 5.0 prints for it today. Together with tests/decode_against_exabgp.rs this
//! makes `ferrobgp decode` differential against a live `exabgp decode`.

mod support;

use support::corpus::{normalise, samples};
use support::exabgp;

#[test]
fn stored_exabgp_json_is_what_exabgp_prints() {
    let samples = samples();
    let failures = std::sync::Mutex::new(Vec::new());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(sample) = samples.get(index) else {
                        break;
                    };
                    let live = exabgp::decode(
                        sample.family.as_deref(),
                        sample.add_path,
                        sample.asn4,
                        &sample.hex,
                    );
                    let matches = if sample.exabgp_decoded() {
                        serde_json::from_str::<serde_json::Value>(&live).is_ok()
                            && normalise(&live) == normalise(&sample.exabgp)
                    } else {
                        live == sample.exabgp
                    };
                    if !matches {
                        failures.lock().expect("no panics while held").push(format!(
                            "{}:\n  stored: {}\n  live:   {}",
                            sample.path.display(),
                            sample.exabgp,
                            live
                        ));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().expect("no panics while held");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
