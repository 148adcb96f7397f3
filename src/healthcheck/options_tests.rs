//! Tables for option values, defaults and `--config` files.

use super::*;

fn no_file(_: &str) -> Result<String, String> {
    Err("[Errno 2] No such file or directory".into())
}

fn run(words: &[&str]) -> Result<Options, String> {
    let words: Vec<String> = words.iter().map(|word| word.to_string()).collect();
    match parse(&words, &no_file)? {
        Request::Run(options) => Ok(*options),
        Request::Help => Err("help".into()),
    }
}

#[test]
fn defaults_are_exabgps() {
    let options = run(&[]).unwrap_or_default();
    assert_eq!(options, Options::default());
    assert_eq!(options.interval, Duration::from_secs(5));
    assert_eq!(options.fast_interval, Duration::from_secs(1));
    assert_eq!((options.timeout, options.rise, options.fall), (5, 3, 3));
    assert_eq!(
        (
            options.up_metric,
            options.down_metric,
            options.disabled_metric,
            options.increase
        ),
        (100, 1000, 500, 1)
    );
    assert_eq!(options.local_preference, -1);
    assert!(options.ip_setup && !options.dynamic_ip_setup && !options.no_ack);
    assert_eq!(options.syslog_facility, "daemon");
    assert_eq!(options.emission(), Emission::Changes);
}

#[test]
fn values() {
    let options = run(&[
        "-i",
        "0.5",
        "-f",
        "0.1",
        "-t",
        "2",
        "--rise",
        "1_0",
        "--fall",
        " -2 ",
        "--ip",
        "192.0.2.1",
        "--ip",
        "2001:db8::/126",
        "--ip-ifname",
        "2001:db8::/126%eth0",
        "-N",
        "fe80::1%eth0",
        "--neighbor",
        " * ",
        "--neighbor",
        "192.0.2.9",
        "--path-id",
        "+7",
        "--debounce",
        "--execute",
        "a",
        "--execute",
        "b",
        "-sF",
        "local3",
    ])
    .unwrap_or_default();
    assert_eq!(options.interval, Duration::from_millis(500));
    assert_eq!(options.fast_interval, Duration::from_millis(100));
    assert_eq!((options.timeout, options.rise, options.fall), (2, 10, -2));
    assert_eq!(options.ips.len(), 2);
    assert_eq!(options.ip_ifnames.len(), 1);
    assert_eq!(
        options.next_hop.as_ref().map(|hop| hop.to_string()),
        Some("fe80::1%eth0".into())
    );
    assert_eq!(options.neighbors.first(), Some(&Neighbor::Every));
    assert_eq!(options.path_id, Some(7));
    assert_eq!(options.execute, ["a", "b"]);
    assert_eq!(options.syslog_facility, "local3");
    assert_eq!(options.emission(), Emission::StateChanges);
    let resend = run(&["--resend"]).map(|options| options.emission());
    assert_eq!(resend, Ok(Emission::EveryIteration));
}

#[test]
fn errors_match_exabgps() {
    let table: &[(&[&str], &str)] = &[
        (&["--rise", "x"], "argument --rise: invalid int value: 'x'"),
        (
            &["--interval", "x"],
            "argument --interval/-i: invalid float value: 'x'",
        ),
        (
            &["--ip", "1.2.3.4/24"],
            "argument --ip: invalid ip_network value: '1.2.3.4/24'",
        ),
        (
            &["--neighbor", "x"],
            "argument --neighbor: invalid neighbor_address value: 'x'",
        ),
        (
            &["--next-hop", "x"],
            "argument --next-hop/-N: invalid ip_address value: 'x'",
        ),
        (
            &["--community", "a\u{1}b"],
            "argument --community: 'a\\u{1}b' contains the control character '\\u{1}'",
        ),
        (
            &["--ip", "1.2.3.4", "--ip-ifname", "1.2.3.5%lo"],
            "No 'ip' parameter has been defined for the ip_ifname pair '1.2.3.5%lo'",
        ),
        (
            &["--ip", "1.2.3.4", "--ip-ifname", "1.2.3.4%bad/name"],
            "Expected NIC interface name but got 'bad/name'",
        ),
        (
            &["--ip-ifname", "1.2.3.4"],
            "Expected IP to IFNAME parameter: <ip_address>%<ifname>, got '1.2.3.4'",
        ),
        (
            &["--config", "/nowhere"],
            "argument --config/-F: can't open '/nowhere': [Errno 2] No such file or directory",
        ),
        // ferrobgp refuses at once what ExaBGP only fails on when it sleeps.
        (
            &["--interval", "-1"],
            "argument --interval/-i: a number of seconds, zero or more, is needed: '-1'",
        ),
    ];
    for (words, message) in table {
        assert_eq!(run(words), Err(message.to_string()), "{words:?}");
    }
    assert_eq!(
        run(&["--community", "a\tb"]).map(|options| options.community),
        Ok(Some("a\tb".into()))
    );
    assert_eq!(run(&["-h"]), Err("help".into()));
}

#[test]
fn configuration_file_then_command_line() {
    let file = |_: &str| -> Result<String, String> {
        Ok("# comment\nname = web\ninterval = 10\nip = 192.0.2.1\ncommand = test -e /tmp/x\nwithdraw-on-down\n".into())
    };
    let words: Vec<String> = ["--config", "f", "--interval", "2", "--ip", "192.0.2.2"]
        .iter()
        .map(|word| word.to_string())
        .collect();
    let Ok(Request::Run(options)) = parse(&words, &file) else {
        panic!("the configuration parses");
    };
    assert_eq!(options.name.as_deref(), Some("web"));
    // The command line comes after the file, so it wins and appends.
    assert_eq!(options.interval, Duration::from_secs(2));
    assert_eq!(options.ips.len(), 2);
    assert_eq!(options.command.as_deref(), Some("test -e /tmp/x"));
    assert!(options.withdraw_on_down);
}

#[test]
fn routes_deaggregate_and_rotate() {
    let networks: Vec<Network> = ["192.0.2.0/31", "198.51.100.1", "2001:db8::1"]
        .iter()
        .filter_map(|text| Network::parse(text))
        .collect();
    let texts = |routes: Result<Vec<Network>, String>| -> Vec<String> {
        routes
            .unwrap_or_default()
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    assert_eq!(
        texts(routes(&networks, false, 1)),
        ["198.51.100.1/32", "2001:db8::1/128", "192.0.2.0/31"]
    );
    assert_eq!(
        texts(routes(&networks, true, -1)),
        [
            "2001:db8::1/128",
            "192.0.2.0/32",
            "192.0.2.1/32",
            "198.51.100.1/32"
        ]
    );
    assert_eq!(
        texts(routes(&networks, false, 3)),
        texts(routes(&networks, false, 0))
    );
    let wide: Vec<Network> = Network::parse("10.0.0.0/8").into_iter().collect();
    assert!(routes(&wide, true, 0).is_err());
}

#[test]
fn python_numbers() {
    let table = [
        ("5", Some(5)),
        (" -5 ", Some(-5)),
        ("+5", Some(5)),
        ("1_000", Some(1000)),
        ("1__0", None),
        ("_1", None),
        ("", None),
        ("-", None),
        ("0x10", None),
        ("99999999999999999999", None),
    ];
    for (text, expected) in table {
        assert_eq!(python_integer(text), expected, "{text}");
    }
    assert_eq!(python_float(" 1e-1 "), Some(0.1));
}
