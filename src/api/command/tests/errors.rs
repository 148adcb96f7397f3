//! Bad lines and the exact error each gives: byte range, message, hint. Among them the lines
//! ExaBGP misreads (reference §1.5, §8.7) and that are errors here on purpose.

use super::*;

type Expected = (
    &'static str,
    usize,
    usize,
    &'static str,
    Option<&'static str>,
);

const COMMANDS_LIST: &str = "expected one of: announce, withdraw, teardown, show, flush, clear, shutdown, reload, restart, reset, version, help, enable-ack, disable-ack, silence-ack";

fn table() -> Vec<Expected> {
    vec![
        // the line itself
        (
            "",
            0,
            0,
            "empty line",
            Some("write a command, or `# …` for a comment"),
        ),
        (
            "   ",
            0,
            3,
            "empty line",
            Some("write a command, or `# …` for a comment"),
        ),
        ("version\nversion", 7, 8, "a newline inside the line", None),
        (
            "ver\0sion",
            3,
            4,
            "control character U+0000 in the line",
            None,
        ),
        ("debug", 0, 5, "`debug` needs a message to log", None),
        // unknown commands
        (
            "VERSION",
            0,
            7,
            "unknown command `VERSION`",
            Some("commands are lower case: did you mean `version`?"),
        ),
        (
            "anounce route 1.0.0.0/24 next-hop 1.1.1.1",
            0,
            7,
            "unknown command `anounce`",
            Some("did you mean `announce`?"),
        ),
        (
            "nonsense command here",
            0,
            8,
            "unknown command `nonsense`",
            Some(COMMANDS_LIST),
        ),
        (
            "\"announce\" route",
            0,
            10,
            "unknown command `\"announce\"`",
            Some("command words are not quoted"),
        ),
        (
            "crash",
            0,
            5,
            "`crash` is ExaBGP's test aid and is not supported",
            None,
        ),
        // daemon-wide commands: nothing after them, no selector (ExaBGP: `version extra` and
        // `neighbor 1.2.3.4 shutdown` work; `help json` makes ExaBGP 5.0 exit)
        (
            "version extra",
            8,
            13,
            "unexpected `extra` after `version`",
            None,
        ),
        (
            "help json",
            5,
            9,
            "`help` has no JSON output",
            Some("remove `json`"),
        ),
        (
            "neighbor 1.2.3.4 version",
            0,
            16,
            "`version` takes no neighbor selector",
            Some("it applies to the whole daemon: remove the selector"),
        ),
        (
            "neighbor 1.2.3.4 shutdown",
            0,
            16,
            "`shutdown` takes no neighbor selector",
            Some("it applies to the whole daemon: remove the selector"),
        ),
        // teardown (ExaBGP: `teardown 4` answers done and tears nothing down; 300 is accepted)
        (
            "teardown 4",
            0,
            8,
            "`teardown` needs a neighbor selector",
            Some("e.g. neighbor 192.0.2.1 teardown 2, or neighbor * teardown 2 for every peer"),
        ),
        (
            "neighbor 127.0.0.1 teardown",
            27,
            27,
            "`teardown` needs a Cease subcode",
            Some("e.g. teardown 2 (administrative shutdown) or 4 (administrative reset)"),
        ),
        (
            "neighbor 127.0.0.1 teardown x",
            28,
            29,
            "the Cease subcode must be a number from 0 to 255, found `x`",
            None,
        ),
        (
            "neighbor 127.0.0.1 teardown 300",
            28,
            31,
            "the Cease subcode must be a number from 0 to 255, found `300`",
            None,
        ),
        (
            "neighbor 127.0.0.1 teardown 6 bye",
            30,
            33,
            "a teardown message needs subcode 2 (administrative shutdown) or 4 (administrative reset)",
            None,
        ),
        (
            "neighbor 127.0.0.1 teardown 2 going down",
            36,
            40,
            "unexpected `down` after `teardown <subcode> <message>`",
            Some("quote a message of several words: teardown 2 \"going down\""),
        ),
        (
            "neighbor 127.0.0.1 teardown 2 don't",
            33,
            34,
            "a quote in the middle of a word",
            Some("quote the whole value, e.g. \"going down\""),
        ),
        // selectors
        ("neighbor", 8, 8, "`neighbor` needs a value", None),
        (
            "neighbor 127.0.0.2",
            18,
            18,
            "the selector is not followed by a command",
            Some("e.g. neighbor 192.0.2.1 announce route …"),
        ),
        (
            "neighbor 127.0.0.2 bogus 1 announce route 10.0.12.0/24 next-hop 1.1.1.1",
            19,
            24,
            "unknown selector key or command `bogus`",
            Some(COMMANDS_LIST),
        ),
        (
            "neighbor 127.0.0.2 peer_as 1 announce route 10.0.12.0/24 next-hop 1.1.1.1",
            19,
            26,
            "unknown selector key or command `peer_as`",
            Some("did you mean `peer-as`?"),
        ),
        (
            "neighbor 300.0.0.1 announce route 1.0.0.0/24 next-hop 1.1.1.1",
            9,
            18,
            "`neighbor` needs an IP address or `*`, found `300.0.0.1`",
            None,
        ),
        (
            "neighbor 1.2.3.4 local-as x announce route 1.0.0.0/24 next-hop 1.1.1.1",
            26,
            27,
            "`local-as` needs an AS number (0 to 4294967295), found `x`",
            None,
        ),
        (
            "neighbor 1.2.3.4 local-as 1 local-as 2 announce route 1.0.0.0/24 next-hop 1.1.1.1",
            28,
            36,
            "`local-as` given twice in one selector",
            Some("give each key once per selector"),
        ),
        (
            "neighbor 1.2.3.4 neighbor 1.2.3.5 announce route 1.0.0.0/24 next-hop 1.1.1.1",
            17,
            25,
            "`neighbor` given twice in one selector",
            Some("separate selectors with a comma: neighbor <ip>, neighbor <ip> …"),
        ),
        (
            "neighbor 1.2.3.4, announce route 1.0.0.0/24 next-hop 1.1.1.1",
            18,
            26,
            "a selector starts with `neighbor`, found `announce`",
            Some("write neighbor <ip> after the comma"),
        ),
        (
            "neighbor 1.2.3.4,",
            17,
            17,
            "a `,` must be followed by another selector",
            Some("write neighbor <ip> after the comma"),
        ),
        (
            "neighbor 1.2.3.4 family-allowed ipv4-foo announce route 1.0.0.0/24 next-hop 1.1.1.1",
            32,
            40,
            "unknown family `ipv4-foo` in `family-allowed`",
            Some("write in-open, or families as ipv4-unicast/ipv6-unicast"),
        ),
        (
            "neighbor 1.2.3.4 router-id 1 announce route 1.0.0.0/24 next-hop 1.1.1.1",
            27,
            28,
            "`router-id` needs an IPv4 address, found `1`",
            None,
        ),
        (
            "neighbor 1.2.3.4 local-ip",
            25,
            25,
            "`local-ip` needs a value",
            None,
        ),
        (
            "neighbor 10.0.0.1 # comment",
            18,
            19,
            "a comment must start the line",
            Some("write the comment on a line of its own: # …"),
        ),
        // route text: the route grammar's errors, placed in the whole line
        (
            "announce route 300.1.1.1/32 next-hop 1.1.1.1",
            15,
            27,
            "`300.1.1.1/32` is not a valid prefix",
            Some("write <ip>/<length>, e.g. 192.0.2.0/24 or 2001:db8::/32"),
        ),
        (
            "neighbor 127.0.0.1 announce route 10.0.0.0/24 med x next-hop 1.1.1.1",
            50,
            51,
            "med must be a decimal number, not `x`",
            None,
        ),
        (
            "announce route 10.1.0.0/24 next-hop 10.0.0.1 as-path [ 65001 ( 65020 65021 ) ]",
            61,
            62,
            "a segment inside a segment is the ExaBGP 4 as-path syntax",
            Some("write the segments one after the other: as-path [ 65001 ] ( 65020 65021 )"),
        ),
        (
            "announce ipv4 mup mup-isd 10.0.1.0/24 rd 100:100 next-hop 2001::1",
            14,
            17,
            "ipv4 mup routes are not supported",
            Some("ferrobgp does not originate MUP or MCAST-VPN routes yet"),
        ),
        (
            "announce route 10.0.0.0/24",
            15,
            26,
            "the route to 10.0.0.0/24 has no next-hop",
            Some("add next-hop <ip> or next-hop self (only a withdrawal may leave it out)"),
        ),
        ("withdraw route", 14, 14, "`route` needs a prefix", None),
        // announce / withdraw
        (
            "announce",
            8,
            8,
            "`announce` needs what to announce",
            Some(
                "expected one of: route, attribute, attributes, ipv4, ipv6, flow, vpls, watchdog, eor, route-refresh, operational",
            ),
        ),
        (
            "announce foo",
            9,
            12,
            "cannot announce `foo`",
            Some("did you mean `flow`?"),
        ),
        (
            "withdraw eor",
            9,
            12,
            "there is no `withdraw eor`",
            Some("write announce eor"),
        ),
        (
            "announce eor ipv4",
            17,
            17,
            "`ipv4` needs a safi after it",
            Some("e.g. ipv4 unicast"),
        ),
        (
            "announce eor ipv4 unicast extra",
            26,
            31,
            "unexpected `extra` after `eor <afi> <safi>`",
            None,
        ),
        (
            "announce eor ipv7 unicast",
            13,
            17,
            "unknown afi `ipv7`",
            Some("did you mean `ipv4`?"),
        ),
        (
            "announce route-refresh",
            22,
            22,
            "`route-refresh` needs a family",
            Some("e.g. announce route-refresh ipv4 unicast"),
        ),
        (
            "announce watchdog a b",
            20,
            21,
            "unexpected `b` after `watchdog <name>`",
            None,
        ),
        // operational (ExaBGP: an unknown kind answers done and sends nothing)
        (
            "announce operational foo",
            21,
            24,
            "unknown operational message `foo`",
            Some("expected one of: asm, adm, rpcq, apcq, lpcq, rpcp, apcp, lpcp"),
        ),
        (
            "announce operational",
            20,
            20,
            "`operational` needs a message kind",
            Some("expected one of: asm, adm, rpcq, apcq, lpcq, rpcp, apcp, lpcp"),
        ),
        (
            "announce operational asm afi ipv4 safi unicast",
            46,
            46,
            "`asm` needs `advisory`",
            Some("write asm afi <afi> safi <safi> advisory <advisory>"),
        ),
        (
            "announce operational asm safi unicast afi ipv4 advisory x",
            25,
            29,
            "expected `afi`, found `safi`",
            Some("write asm afi <afi> safi <safi> advisory <advisory>"),
        ),
        (
            "announce operational rpcq afi ipv4 safi unicast sequence 4294967296",
            57,
            67,
            "`sequence` needs a number from 0 to 4294967295, found `4294967296`",
            None,
        ),
        (
            "announce operational asm afi ipv4 safi unicast advisory \"hello",
            56,
            62,
            "the quote \" is never closed",
            Some("end the quoted value with \""),
        ),
        (
            "announce operational rpcp afi ipv4 safi unicast sequence 1 counter 2 extra 3",
            69,
            74,
            "unexpected `extra` after the rpcp message",
            None,
        ),
        // show / flush / clear
        (
            "show",
            4,
            4,
            "`show` needs what to show",
            Some("expected one of: neighbor, adj-rib"),
        ),
        (
            "show neighbour",
            5,
            14,
            "cannot show `neighbour`",
            Some("did you mean `neighbor`?"),
        ),
        (
            "show neighbor summary extensive",
            22,
            31,
            "choose one of summary, extensive, configuration",
            None,
        ),
        (
            "show neighbor foo",
            14,
            17,
            "expected a peer address or a flag, found `foo`",
            Some("expected one of: summary, extensive, configuration, json"),
        ),
        (
            "show neighbor 10.0.0.1 10.0.0.2",
            23,
            31,
            "only one peer address can be given",
            Some("use a selector for several: neighbor <ip>, neighbor <ip> show …"),
        ),
        (
            "show adj-rib",
            12,
            12,
            "`adj-rib` needs `in` or `out`",
            None,
        ),
        (
            "show adj-rib sideways",
            13,
            21,
            "expected `in` or `out`, found `sideways`",
            None,
        ),
        (
            "show adj-rib in json json",
            21,
            25,
            "`json` given twice",
            None,
        ),
        (
            "show adj-rib in flow inet",
            21,
            25,
            "choose one of inet, flow, l2vpn",
            None,
        ),
        (
            "flush adj-rib in",
            14,
            16,
            "only the Adj-RIB-Out can be flushed, found `in`",
            Some("write flush adj-rib out"),
        ),
        (
            "flush",
            5,
            5,
            "`flush` needs `adj-rib`",
            Some("write flush adj-rib out"),
        ),
        ("flush adj-rib", 13, 13, "`flush adj-rib` needs `out`", None),
        (
            "clear adj-rib both",
            14,
            18,
            "expected `in` or `out`, found `both`",
            None,
        ),
        (
            "clear rib",
            6,
            9,
            "expected `adj-rib` after `clear`, found `rib`",
            Some("write clear adj-rib in|out"),
        ),
    ]
}

#[test]
fn bad_lines() {
    for (line, start, end, message, hint) in table() {
        let expected = CommandError::new(start, end, message, hint.map(str::to_string));
        assert_eq!(parse_command(line), Err(expected), "{line:?}");
    }
}

#[test]
fn line_length_cap() {
    let mut line = "# ".to_string();
    line.push_str(&"x".repeat(MAX_LINE_LENGTH - 2));
    assert_eq!(line.len(), MAX_LINE_LENGTH);
    assert!(parse_command(&line).is_ok(), "exactly 1 MiB is accepted");
    line.push('x');
    assert_eq!(
        parse_command(&line),
        Err(CommandError::new(
            0,
            MAX_LINE_LENGTH + 1,
            "the line is 1048577 bytes, longer than the limit of 1048576 bytes (1 MiB)",
            Some("split the routes over several lines".into()),
        ))
    );
}

#[test]
fn long_values() {
    let advisory = "a".repeat(2049);
    let line = format!("announce operational asm afi ipv4 safi unicast advisory {advisory}");
    assert_eq!(
        parse_command(&line),
        Err(CommandError::new(
            56,
            56 + 2049,
            "the advisory is 2049 bytes, longer than 2048",
            None
        ))
    );
    let message = "m".repeat(256);
    let line = format!("neighbor * teardown 2 {message}");
    assert_eq!(
        parse_command(&line),
        Err(CommandError::new(
            22,
            22 + 256,
            "the teardown message is 256 bytes, longer than 255",
            None
        ))
    );
}
