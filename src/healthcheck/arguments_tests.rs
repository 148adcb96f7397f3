//! Tables for the argparse-compatible command line reader.

use super::*;

fn words(text: &[&str]) -> Vec<String> {
    text.iter().map(|word| word.to_string()).collect()
}

fn pairs(text: &[&str]) -> Result<Vec<(Flag, Option<String>)>, String> {
    parse(&words(text)).map(|given| {
        given
            .into_iter()
            .map(|option| (option.flag, option.value))
            .collect()
    })
}

#[test]
fn spellings_argparse_accepts() {
    let five = Some("5".to_string());
    type Row<'a> = (&'a [&'a str], Vec<(Flag, Option<String>)>);
    let table: &[Row] = &[
        (&["--interval", "5"], vec![(Flag::Interval, five.clone())]),
        (&["--interval=5"], vec![(Flag::Interval, five.clone())]),
        (&["-i", "5"], vec![(Flag::Interval, five.clone())]),
        (&["-i5"], vec![(Flag::Interval, five.clone())]),
        (&["-i=5"], vec![(Flag::Interval, five.clone())]),
        (&["--inter", "5"], vec![(Flag::Interval, five.clone())]),
        (
            &["--cm", "true"],
            vec![(Flag::Command, Some("true".into()))],
        ),
        (
            &["--cmd", "true"],
            vec![(Flag::Command, Some("true".into()))],
        ),
        (&["-c", "true"], vec![(Flag::Command, Some("true".into()))]),
        (&["--r", "2"], vec![(Flag::Rise, Some("2".into()))]),
        (
            &["--up-metric", "-5"],
            vec![(Flag::UpMetric, Some("-5".into()))],
        ),
        (
            &["--as-path", "-1 2"],
            vec![(Flag::AsPath, Some("-1 2".into()))],
        ),
        (&["-ds"], vec![(Flag::Debug, None), (Flag::Silent, None)]),
        (&["-sF"], vec![(Flag::SyslogFacility, None)]),
        (
            &["-sF", "local0"],
            vec![(Flag::SyslogFacility, Some("local0".into()))],
        ),
        (
            &["-sF", "-d"],
            vec![(Flag::SyslogFacility, None), (Flag::Debug, None)],
        ),
        (
            &["--no-ack", "-a"],
            vec![(Flag::NoAck, None), (Flag::NoAck, None)],
        ),
        (
            &["-N", "192.0.2.1"],
            vec![(Flag::NextHop, Some("192.0.2.1".into()))],
        ),
        (&["--resend"], vec![(Flag::Resend, None)]),
        (
            &["--execute=echo $STATE"],
            vec![(Flag::Execute, Some("echo $STATE".into()))],
        ),
        (
            &["--as-path", "-x y"],
            vec![(Flag::AsPath, Some("-x y".into()))],
        ),
    ];
    for (input, expected) in table {
        assert_eq!(pairs(input).as_ref(), Ok(expected), "{input:?}");
    }
}

#[test]
fn errors_argparse_reports() {
    let table: &[(&[&str], &str)] = &[
        (
            &["--co", "x"],
            "ambiguous option: --co could match --config, --command, --community",
        ),
        (
            &["--dis", "x"],
            "ambiguous option: --dis could match --disable, --disabled-metric, --disabled-community, --disabled-as-path, --disabled-execute",
        ),
        (
            &["--interval"],
            "argument --interval/-i: expected one argument",
        ),
        (
            &["--interval", "--debug"],
            "argument --interval/-i: expected one argument",
        ),
        (&["--bogus"], "unrecognized arguments: --bogus"),
        (&["stray"], "unrecognized arguments: stray"),
        (
            &["--debug=1"],
            "argument --debug/-d: ignored explicit argument '1'",
        ),
        (
            &["--silent", "--no-syslog"],
            "argument --no-syslog: not allowed with argument --silent/-s",
        ),
        // ferrobgp's own options are never matched by a prefix.
        (&["--res"], "unrecognized arguments: --res"),
    ];
    for (input, message) in table {
        assert_eq!(pairs(input), Err(message.to_string()), "{input:?}");
    }
}

#[test]
fn configuration_files() {
    let text = "# a comment\n\ndebug\nname = haproxy\ninterval=10\n  fast-interval = 1  \ncommand = curl -sf http://127.0.0.1/healthcheck?a=b\n";
    assert_eq!(
        configuration_words(text),
        words(&[
            "--debug",
            "--name",
            "haproxy",
            "--interval",
            "10",
            "--fast-interval",
            "1",
            "--command",
            "curl -sf http://127.0.0.1/healthcheck?a=b",
        ])
    );
    assert_eq!(
        pairs(
            &configuration_words(text)
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
        )
        .map(|given| given.len()),
        Ok(5)
    );
}

#[test]
fn help_lists_every_option() {
    let text = help();
    for entry in SPECIFICATIONS {
        for name in entry.names {
            assert!(text.contains(name), "{name}");
        }
    }
}

proptest::proptest! {
    #[test]
    fn never_panics(input in proptest::collection::vec("[-=a-z0-9 ]{0,12}", 0..8)) {
        let _ = parse(&input);
        let _ = configuration_words(&input.join("\n"));
    }
}
