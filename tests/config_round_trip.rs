//! Property: any valid configuration, printed as `ferrobgp check --print` prints it (with the
//! keys revealed) and decoded again, is equal to itself. Strings are arbitrary Unicode (quotes,
//! backslashes, control characters, newlines) to exercise the printer's escaping.
//!
//! Routes are made from a small fixed list of route texts by whatever the shared route grammar
//! returns today, so the property holds for the stub and for the real grammar alike.

use ferrobgp::api::json::JsonVersion;
use ferrobgp::api::route::parse_written_announcement;
use ferrobgp::config::{
    AddPath, ApiBinding, Capabilities, Config, ControlFifo, Encoder, Global, Hostname, Listen,
    LogLevel, Md5Key, MessageSubscription, Neighbor, Process, Secret, Secrets, StaticRoute, Style,
    Ttl, decode, print,
};
use ferrobgp::wire::family::{Afi, Family, Safi};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;

const ROUTE_TEXTS: [&str; 5] = [
    "route 10.0.0.0/24 next-hop self",
    "route 10.8.0.0/22 next-hop self med 7 split /24",
    "route 2001:db8::/32 next-hop 2001:db8::1 med 100",
    "flow route { match { destination 192.0.2.0/24; } then { discard; } }",
    "vpls endpoint 5 base 10702 offset 1 size 8 rd 192.168.201.1:123 next-hop 192.168.201.1",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,12}",
        Just("a \"quoted\" \\ text\n".to_string())
    ]
}

fn absolute_path() -> impl Strategy<Value = PathBuf> {
    text().prop_map(|text| PathBuf::from(format!("/{text}")))
}

fn name() -> impl Strategy<Value = String> {
    "[A-Za-z0-9._-]{1,20}"
}

fn asn() -> impl Strategy<Value = u32> {
    1..=u32::MAX
}

fn ipv4() -> impl Strategy<Value = Ipv4Addr> {
    any::<u32>().prop_map(Ipv4Addr::from)
}

fn global() -> impl Strategy<Value = Global> {
    let listen = prop_oneof![
        Just(Listen::Off),
        proptest::collection::btree_set((any::<u32>(), 1..=65535u16), 1..3).prop_map(|set| {
            Listen::On(
                set.into_iter()
                    .map(|(address, port)| SocketAddr::new(IpAddr::V4(address.into()), port))
                    .collect(),
            )
        }),
    ];
    let fifo = prop_oneof![
        Just(ControlFifo::RuntimeDirectory),
        Just(ControlFifo::Off),
        absolute_path().prop_map(ControlFifo::Path),
    ];
    (
        proptest::option::of(ipv4()),
        proptest::option::of(asn()),
        listen,
        fifo,
        proptest::sample::select(LogLevel::ALL.to_vec()),
    )
        .prop_map(
            |(router_id, local_as, listen, control_fifo, log_level)| Global {
                router_id,
                local_as,
                listen,
                watch_config: log_level != LogLevel::Trace,
                control_fifo,
                log_level,
            },
        )
}

fn process(name: String) -> impl Strategy<Value = Process> {
    (
        absolute_path(),
        proptest::collection::vec(text(), 0..3),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        proptest::collection::btree_map("[A-Z_][A-Z0-9_]{0,8}", text(), 0..3),
        absolute_path(),
    )
        .prop_map(
            move |(program, arguments, text, version_four, respawn, environment, directory)| {
                let mut run = vec![program.to_string_lossy().into_owned()];
                run.extend(arguments);
                Process {
                    name: name.clone(),
                    run,
                    encoder: if text { Encoder::Text } else { Encoder::Json },
                    api_version: if version_four {
                        JsonVersion::V4
                    } else {
                        JsonVersion::V5
                    },
                    on_exit: if respawn && text {
                        ferrobgp::config::OnExit::Withdraw
                    } else {
                        ferrobgp::config::OnExit::Keep
                    },
                    respawn,
                    environment,
                    working_directory: directory,
                }
            },
        )
}

fn subscription() -> impl Strategy<Value = MessageSubscription> {
    proptest::collection::vec(any::<bool>(), 9).prop_map(|flags| {
        let mut subscription = MessageSubscription::default();
        for (keyword, set) in MessageSubscription::KEYWORDS.iter().zip(flags) {
            if let Some(flag) = subscription.flag_mut(keyword) {
                *flag = set;
            }
        }
        subscription
    })
}

fn binding(processes: Vec<String>) -> BoxedStrategy<ApiBinding> {
    (
        proptest::sample::subsequence(processes.clone(), 1..=processes.len().max(1)),
        [any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()],
        subscription(),
        subscription(),
    )
        .prop_map(
            |(processes, [neighbor_changes, negotiated, fsm, signal], receive, send)| ApiBinding {
                processes,
                neighbor_changes,
                negotiated,
                fsm,
                signal,
                receive,
                send,
            },
        )
        .boxed()
}

fn static_routes() -> impl Strategy<Value = Vec<StaticRoute>> {
    let entry = (
        proptest::sample::select(ROUTE_TEXTS.to_vec()),
        proptest::option::of(name()),
        any::<bool>(),
    );
    proptest::collection::vec(entry, 0..3).prop_map(|entries| {
        entries
            .into_iter()
            .flat_map(|(text, watchdog, withdrawn)| {
                let withdrawn = withdrawn && watchdog.is_some();
                parse_written_announcement(text)
                    .unwrap_or_default()
                    .into_iter()
                    .map(move |written| StaticRoute {
                        route: written.route,
                        split: written.split,
                        watchdog: watchdog.clone(),
                        withdrawn,
                    })
            })
            .collect()
    })
}

fn families() -> impl Strategy<Value = BTreeMap<Family, AddPath>> {
    let family = proptest::sample::select(vec![
        Family::IPV4_UNICAST,
        Family::IPV6_UNICAST,
        Family::new(Afi::Ipv4, Safi::Flowspec),
        Family::new(Afi::Ipv6, Safi::MplsVpn),
        Family::new(Afi::L2vpn, Safi::Vpls),
        Family::new(Afi::L2vpn, Safi::Evpn),
    ]);
    proptest::collection::btree_map(
        family,
        proptest::sample::select(AddPath::ALL.to_vec()),
        1..4,
    )
}

fn capabilities() -> impl Strategy<Value = Capabilities> {
    let hostname = prop_oneof![
        Just(Hostname::Off),
        Just(Hostname::System),
        ("[^\u{0}]{1,20}", proptest::option::of("[a-z.]{1,20}"))
            .prop_map(|(host, domain)| Hostname::Named { host, domain }),
    ];
    (
        [
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ],
        proptest::option::of(0..=4095u16),
        hostname,
    )
        .prop_map(
            |(
                [
                    asn4,
                    route_refresh,
                    extended_message,
                    software_version,
                    operational,
                ],
                graceful_restart,
                hostname,
            )| {
                Capabilities {
                    asn4,
                    route_refresh,
                    graceful_restart,
                    extended_message,
                    hostname,
                    software_version,
                    operational,
                }
            },
        )
}

fn md5() -> impl Strategy<Value = Option<Md5Key>> {
    proptest::option::of(prop_oneof![
        "[^\u{0}]{1,20}".prop_map(|key| Md5Key::Inline(Secret::new(key))),
        absolute_path().prop_map(Md5Key::File),
    ])
}

fn ttl() -> impl Strategy<Value = Ttl> {
    prop_oneof![
        Just(Ttl::SystemDefault),
        (1..=255u8).prop_map(Ttl::Outgoing),
        (1..=254u8).prop_map(|hops| Ttl::Security { hops }),
    ]
}

fn neighbor(
    address: IpAddr,
    processes: Vec<String>,
    may_be_passive: bool,
) -> impl Strategy<Value = Neighbor> {
    let local_address = match address {
        IpAddr::V4(_) => proptest::option::of(ipv4().prop_map(IpAddr::V4)).boxed(),
        IpAddr::V6(_) => {
            proptest::option::of(any::<u128>().prop_map(|bits| IpAddr::V6(Ipv6Addr::from(bits))))
                .boxed()
        }
    };
    let bindings = if processes.is_empty() {
        Just(Vec::new()).boxed()
    } else {
        proptest::collection::vec(binding(processes), 0..3).boxed()
    };
    let identity = (
        asn(),
        asn(),
        ipv4(),
        local_address,
        proptest::option::of(text()),
    );
    let session = (
        prop_oneof![Just(0u16), 3..=u16::MAX],
        any::<bool>(),
        1..=u16::MAX,
        md5(),
        ttl(),
    );
    let options = (
        families(),
        capabilities(),
        [any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()],
    );
    (identity, session, options, bindings, static_routes()).prop_map(
        move |(
            (peer_as, local_as, router_id, local_address, description),
            (hold_time, passive, connect_port, md5, ttl),
            (families, capabilities, [group_updates, manual_eor, adj_rib_in, adj_rib_out]),
            api,
            routes,
        )| {
            // A static route's family must be negotiated (config::family-not-negotiated).
            let mut families = families;
            for route in &routes {
                families.entry(route.route.family()).or_insert(AddPath::Off);
            }
            Neighbor {
                address,
                peer_as,
                local_as,
                router_id,
                local_address,
                description,
                hold_time,
                passive: passive && may_be_passive,
                connect_port,
                md5,
                ttl,
                families,
                capabilities,
                group_updates,
                manual_eor,
                adj_rib_in,
                adj_rib_out,
                api,
                routes: routes.into(),
            }
        },
    )
}

fn config() -> impl Strategy<Value = Config> {
    (global(), proptest::collection::btree_set(name(), 0..3))
        .prop_flat_map(|(global, names)| {
            let names: Vec<String> = names.into_iter().collect();
            let processes: Vec<_> = names.iter().cloned().map(process).collect();
            let may_be_passive = global.listen != Listen::Off;
            let neighbors: Vec<_> = (0..3u8)
                .map(|index| {
                    let address = if index % 2 == 0 {
                        IpAddr::V4(Ipv4Addr::new(192, 0, 2, index))
                    } else {
                        IpAddr::V6(Ipv6Addr::new(
                            0x2001,
                            0xdb8,
                            0,
                            0,
                            0,
                            0,
                            0,
                            u16::from(index),
                        ))
                    };
                    neighbor(address, names.clone(), may_be_passive)
                })
                .collect();
            (Just(global), processes, neighbors, 0..=3usize)
        })
        .prop_map(|(global, processes, mut neighbors, count)| {
            neighbors.truncate(count);
            Config {
                global,
                processes,
                neighbors,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn printed_configuration_decodes_to_itself(config in config()) {
        let text = print(&config, Secrets::Reveal);
        match decode("generated.kdl", &text) {
            Ok(again) => prop_assert_eq!(again, config, "{}", text),
            Err(diagnostics) => {
                prop_assert!(false, "{}\n{}", text, diagnostics.render(Style::Plain));
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = decode("arbitrary.kdl", &text);
    }

    #[test]
    fn kdl_shaped_text_never_panics(
        lines in proptest::collection::vec(
            "(neighbor|process|template|family|api|announce|route|peer-as|hold-time|md5-password|listen|capability|receive) ?(\"[a-z0-9./: ]{0,12}\"|[0-9]{1,6}|#true|#false|[a-z=\"]{0,6})? ?[{};]{0,2}",
            0..12,
        )
    ) {
        let text = lines.join("\n");
        if let Err(diagnostics) = decode("shaped.kdl", &text) {
            let _ = diagnostics.render(Style::Plain);
            let _ = diagnostics.render(Style::Colour);
        }
    }
}
