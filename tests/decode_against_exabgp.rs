//! `ferrobgp decode` against ExaBGP 5.0's decoding of real messages from five implementations.
//!
//! For every message in tests/corpus, ferrobgp's JSON must equal what `exabgp decode` printed
//! (time, host, pid, ppid and counter aside), unless the file records a deliberate difference
//! with its reason. The messages also survive decode -> encode -> decode unchanged.

mod support;

use ferrobgp::api::json::{Envelope, JsonVersion};
use ferrobgp::cli::decode::{DecodeOptions, decode, parse_hex, placeholder_session};
use ferrobgp::wire::family::Family;
use ferrobgp::wire::message::decode_message;
use support::corpus::{Sample, normalise, samples};

fn options(sample: &Sample) -> DecodeOptions {
    let families = match &sample.family {
        Some(text) => {
            let words: Vec<&str> = text.split_whitespace().collect();
            words
                .chunks(2)
                .map(|pair| Family::parse(&pair.join(" ")).expect("corpus family is known"))
                .collect()
        }
        None => Vec::new(),
    };
    DecodeOptions {
        families,
        path_information: sample.add_path,
        asn4: sample.asn4,
        ..DecodeOptions::default()
    }
}

fn envelope() -> Envelope<'static> {
    Envelope {
        version: JsonVersion::V5,
        time: 0.0,
        host: "test",
        pid: 1,
        ppid: 1,
        counter: Some(1),
    }
}

#[test]
fn corpus_is_broad() {
    let samples = samples();
    let sources: std::collections::BTreeSet<&str> = samples
        .iter()
        .map(|sample| sample.source.split_whitespace().next().unwrap_or(""))
        .collect();
    assert!(samples.len() >= 60, "only {} samples", samples.len());
    for needed in ["bird", "gobgp", "exabgp"] {
        assert!(
            sources.contains(needed),
            "no sample from {needed}: {sources:?}"
        );
    }
}

#[test]
fn json_matches_exabgp_decode_for_every_captured_message() {
    let mut failures = Vec::new();
    let samples = samples();
    for sample in &samples {
        let result = decode(&options(sample), &sample.hex, &envelope());
        let refusal_expected = sample.exabgp == "invalid payload"
            || sample
                .ferrobgp
                .as_ref()
                .is_some_and(|(json, _)| json == "refused");
        let ours = match result {
            Ok(_) if refusal_expected => {
                failures.push(format!(
                    "{}: ferrobgp decoded a message it should refuse",
                    sample.path.display()
                ));
                continue;
            }
            Err(_) if refusal_expected => continue,
            Ok(text) => text,
            Err(error) => {
                failures.push(format!(
                    "{}: ferrobgp refused it: {error}",
                    sample.path.display()
                ));
                continue;
            }
        };
        let expected = match &sample.ferrobgp {
            Some((json, _reason)) => json,
            None if sample.exabgp_decoded() => &sample.exabgp,
            None => {
                // ExaBGP cannot show KEEPALIVE and ROUTE-REFRESH; we must, as valid JSON.
                if serde_json::from_str::<serde_json::Value>(ours.trim_end()).is_err() {
                    failures.push(format!("{}: not JSON: {ours}", sample.path.display()));
                }
                continue;
            }
        };
        let ours_value = normalise(ours.trim_end());
        let expected_value = normalise(expected);
        if ours_value != expected_value {
            failures.push(format!(
                "{}:\n  exabgp:   {}\n  ferrobgp: {}",
                sample.path.display(),
                expected_value,
                ours_value
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} samples differ:\n{}",
        failures.len(),
        samples.len(),
        failures.join("\n")
    );
}

#[test]
fn every_captured_message_survives_decode_encode_decode() {
    let mut failures = Vec::new();
    for sample in samples() {
        let negotiated = placeholder_session(&options(&sample));
        let bytes = parse_hex(&sample.hex).expect("corpus hex is valid");
        let Ok(message) = decode_message(&bytes, &negotiated) else {
            // Refusals are reported by the JSON test with the reason.
            continue;
        };
        let encoded = message.encode(&negotiated);
        match decode_message(&encoded, &negotiated) {
            Ok(again) if again == message => {}
            Ok(again) => failures.push(format!(
                "{}: re-decoded differently:\n  {message:?}\n  {again:?}",
                sample.path.display()
            )),
            Err(error) => failures.push(format!(
                "{}: our encoding does not decode: {error}",
                sample.path.display()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
