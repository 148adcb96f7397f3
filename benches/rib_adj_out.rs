//! Measurement, not a timed test: memory per route and time to send 1M IPv4 routes from an
//! Adj-RIB-Out (issue 4's aim: 1M routes on the wire in under 1 s, at most 150 bytes of RSS
//! per route).
//!
//! Run it with:
//!
//! ```text
//! cargo test --release --bench rib_adj_out -- --ignored --nocapture
//! ```
//!
//! Measured on the development VM (release build, 1M IPv4 /24, one attribute set; ten
//! interleaved sets give the same within noise):
//!
//! ```text
//! announce 1M (no session yet)   ~0.55 s   RIB heap 60.8 bytes/route, RSS +61 bytes/route
//! full table + End-of-RIB        ~0.07–0.13 s, 993 UPDATEs, peak heap 76.8 bytes/route
//! 1M changed routes, flush       ~0.06–0.10 s, peak heap 77.6 bytes/route
//! withdraw owner + flush         ~0.08 s; the RIB gives its memory back
//! ```
//!
//! The receiving side (`one_million_routes_received`: the full table's UPDATEs decoded, then
//! applied to an external peer's Adj-RIB-In; development VM, loaded):
//!
//! ```text
//! apply 993 UPDATEs              ~1.2–1.3 s   Adj-RIB-In heap 44.0 bytes/route (1 or 10 sets)
//! clear (session down)           ~0.01–0.03 s; the RIB gives its memory back
//! ```
//!
//! A counting global allocator gives the bytes the RIB holds (live heap, and the peak during
//! each phase); /proc/self/statm gives the resident set. The sink counts the octets of the
//! messages (a peer task would copy them into its socket buffer). Must not be a pass/fail
//! test of speed: it prints numbers for docs/performance.md.

use ferrobgp::rib::{AdjRibIn, AdjRibOut, AttributeStore, Owner};
use ferrobgp::wire::attribute::{AsPath, Attributes, Community, Origin};
use ferrobgp::wire::family::Family;
use ferrobgp::wire::negotiated::Negotiated;
use ferrobgp::wire::nlri::{NextHop, Nlri, Prefix, PrefixNlri};
use std::alloc::{GlobalAlloc, Layout, System};
use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// The system allocator, counting live and peak bytes.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            if new_size >= layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                    - layout.size();
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const ROUTES: u32 = 1_000_000;

fn resident_bytes() -> usize {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|text| text.split_whitespace().nth(1)?.parse::<usize>().ok())
        .map_or(0, |pages| pages * 4096)
}

fn session() -> Negotiated {
    Negotiated {
        asn4: true,
        families: vec![Family::IPV4_UNICAST],
        ..Negotiated::default()
    }
}

fn attributes(index: u32) -> Attributes {
    Attributes {
        origin: Some(Origin::Igp),
        as_path: Some(AsPath::sequence(vec![65001])),
        med: Some(index),
        communities: vec![Community(0xFDE9_0000 + index)],
        ..Attributes::default()
    }
}

/// The i-th /24: 1.0.0.0/24, 1.0.1.0/24, …
fn nlri(index: u32) -> Nlri {
    let address = Ipv4Addr::from((1u32 << 24) + (index << 8));
    Nlri::Unicast(PrefixNlri {
        path_id: None,
        prefix: Prefix {
            address: IpAddr::V4(address),
            length: 24,
        },
    })
}

struct Sent {
    messages: usize,
    octets: usize,
}

fn per_route(bytes: usize) -> f64 {
    bytes as f64 / f64::from(ROUTES)
}

fn measure(attribute_sets: u32) {
    println!("--- {ROUTES} IPv4 /24 routes, {attribute_sets} attribute set(s), interleaved ---");
    let negotiated = session();
    let next_hop = NextHop::Ipv4(Ipv4Addr::new(192, 0, 2, 1));
    let mut store = AttributeStore::new();
    let sets: Vec<_> = (0..attribute_sets)
        .map(|index| store.intern(attributes(index)))
        .collect();

    // 1. The desired table, before the session (static routes at start-up).
    let heap_before = LIVE.load(Ordering::Relaxed);
    let resident_before = resident_bytes();
    let started = Instant::now();
    let mut rib = AdjRibOut::new();
    for index in 0..ROUTES {
        let set = &sets[(index % attribute_sets) as usize];
        rib.announce(&nlri(index), set, &next_hop, &Owner::Static);
    }
    let announce_time = started.elapsed();
    let heap_table = LIVE.load(Ordering::Relaxed) - heap_before;
    println!(
        "announce: {:.0} ms; RIB heap {:.1} bytes/route; RSS +{:.1} bytes/route",
        announce_time.as_secs_f64() * 1000.0,
        per_route(heap_table),
        per_route(resident_bytes().saturating_sub(resident_before)),
    );

    // 2. Established: the full table and its End-of-RIB.
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    let mut sent = Sent {
        messages: 0,
        octets: 0,
    };
    let started = Instant::now();
    let report = rib.full_table(&negotiated, &mut |message: &[u8]| {
        sent.messages += 1;
        sent.octets += message.len();
    });
    let full_table_time = started.elapsed();
    let peak = PEAK.load(Ordering::Relaxed) - heap_before;
    println!(
        "full table: {:.0} ms, {} messages, {} octets, {} routes; peak heap {:.1} bytes/route; \
         RSS after +{:.1} bytes/route",
        full_table_time.as_secs_f64() * 1000.0,
        sent.messages,
        sent.octets,
        report.announced,
        per_route(peak),
        per_route(resident_bytes().saturating_sub(resident_before)),
    );
    let heap_sent = LIVE.load(Ordering::Relaxed) - heap_before;
    println!(
        "after sending: RIB heap {:.1} bytes/route",
        per_route(heap_sent)
    );

    // 3. Changes on a live session: every route gets a new attribute set, then a flush.
    let changed = store.intern(attributes(attribute_sets));
    let started = Instant::now();
    for index in 0..ROUTES {
        rib.announce(&nlri(index), &changed, &next_hop, &Owner::Static);
    }
    let queue_time = started.elapsed();
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    let mut sent = Sent {
        messages: 0,
        octets: 0,
    };
    let started = Instant::now();
    let report = rib.flush(&negotiated, &mut |message: &[u8]| {
        sent.messages += 1;
        sent.octets += message.len();
    });
    let flush_time = started.elapsed();
    println!(
        "change all: queue {:.0} ms, flush {:.0} ms, {} messages, {} routes; peak heap {:.1} \
         bytes/route",
        queue_time.as_secs_f64() * 1000.0,
        flush_time.as_secs_f64() * 1000.0,
        sent.messages,
        report.announced,
        per_route(PEAK.load(Ordering::Relaxed) - heap_before),
    );

    // 4. Withdraw everything (a helper given up).
    let started = Instant::now();
    rib.withdraw_owner(&Owner::Static);
    let mut sent = Sent {
        messages: 0,
        octets: 0,
    };
    let report = rib.flush(&negotiated, &mut |message: &[u8]| {
        sent.messages += 1;
        sent.octets += message.len();
    });
    println!(
        "withdraw owner + flush: {:.0} ms, {} messages, {} routes; RIB heap left {} bytes",
        started.elapsed().as_secs_f64() * 1000.0,
        sent.messages,
        report.withdrawn,
        LIVE.load(Ordering::Relaxed).saturating_sub(heap_before),
    );
    drop(rib);
}

/// The receiving side: the full table's UPDATEs decoded and applied to an Adj-RIB-In.
fn measure_adj_rib_in(attribute_sets: u32) {
    println!(
        "--- Adj-RIB-In: {ROUTES} IPv4 /24 routes received, {attribute_sets} attribute set(s) ---"
    );
    let negotiated = session();
    let next_hop = NextHop::Ipv4(Ipv4Addr::new(192, 0, 2, 1));
    let mut store = AttributeStore::new();
    let sets: Vec<_> = (0..attribute_sets)
        .map(|index| store.intern(attributes(index)))
        .collect();
    let mut out = AdjRibOut::new();
    for index in 0..ROUTES {
        let set = &sets[(index % attribute_sets) as usize];
        out.announce(&nlri(index), set, &next_hop, &Owner::Static);
    }
    let mut messages: Vec<Vec<u8>> = Vec::new();
    out.full_table(&negotiated, &mut |message: &[u8]| {
        messages.push(message.to_vec())
    });
    drop(out);
    drop(sets);
    drop(store);
    let updates: Vec<_> = messages
        .iter()
        .filter_map(
            |bytes| match ferrobgp::wire::message::decode_message(bytes, &negotiated) {
                Ok(ferrobgp::wire::message::Message::Update(update)) => Some(update),
                _ => None,
            },
        )
        .collect();
    drop(messages);
    let heap_before = LIVE.load(Ordering::Relaxed);
    let started = Instant::now();
    let mut rib = AdjRibIn::for_external_peer();
    for update in &updates {
        rib.apply(update);
    }
    let apply_time = started.elapsed();
    println!(
        "apply {} UPDATEs: {:.0} ms; {} routes, {} attribute set(s); Adj-RIB-In heap {:.1} \
         bytes/route",
        updates.len(),
        apply_time.as_secs_f64() * 1000.0,
        rib.len(),
        rib.attribute_sets(),
        per_route(LIVE.load(Ordering::Relaxed).saturating_sub(heap_before)),
    );
    let started = Instant::now();
    rib.clear();
    println!(
        "clear (session down): {:.0} ms; heap left {} bytes",
        started.elapsed().as_secs_f64() * 1000.0,
        LIVE.load(Ordering::Relaxed).saturating_sub(heap_before),
    );
}

#[test]
#[ignore = "a measurement: run with --ignored --nocapture in release mode"]
fn one_million_routes() {
    measure(1);
    measure(10);
}

#[test]
#[ignore = "a measurement: run with --ignored --nocapture in release mode"]
fn one_million_routes_received() {
    measure_adj_rib_in(1);
    measure_adj_rib_in(10);
}
