//! The `ferrobgp decode` command as a user runs it: output, exit codes and error messages.

use std::process::Command;

const BIRD_UPDATE: &str = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0097020000007C4001010240020E02030000FDF2FA56EA010000FDF2400304C00002018004040000000AC00810FDF20064FFFF029AFFFFFF01FFFFFF02C010280002FDF2000000640003FDF2000000C80102C000020100050202FA56EA0100070300000000000005C020180000FDF20000000300000004FA56EA010000000100000002180A0101";

fn ferrobgp(arguments: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_ferrobgp"))
        .args(arguments)
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_readme_example_prints_exabgp_json() {
    let (code, stdout, _) = ferrobgp(&["decode", BIRD_UPDATE]);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(stdout.trim()).expect("one JSON line");
    assert_eq!(value["exabgp"], "5.0.0");
    assert_eq!(value["type"], "update");
    let update = &value["neighbor"]["message"]["update"];
    assert_eq!(update["attribute"]["med"], 10);
    assert_eq!(
        update["attribute"]["large-community"],
        serde_json::json!([[65010, 3, 4], [4200000001u32, 1, 2]])
    );
    assert_eq!(
        update["announce"]["ipv4 unicast"]["192.0.2.1"][0]["nlri"],
        "10.1.1.0/24"
    );
}

#[test]
fn text_and_json_version_options() {
    let (code, stdout, _) = ferrobgp(&["decode", "--text", BIRD_UPDATE]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains(
            "neighbor 127.0.0.1 in update announced 10.1.1.0/24 next-hop 192.0.2.1 origin incomplete as-path ( 65010 4200000001 65010 ) med 10"
        ),
        "{stdout}"
    );
    let (code, stdout, _) = ferrobgp(&["decode", "--json-version", "4", BIRD_UPDATE]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("{ \"exabgp\": \"4.0.1\""), "{stdout}");
}

#[test]
fn bad_input_gets_a_clear_error_and_a_failing_exit_code() {
    let (code, stdout, stderr) = ferrobgp(&["decode", "FFZZ"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(
        stderr.contains("'Z' is not a hexadecimal digit"),
        "{stderr}"
    );

    // A KEEPALIVE with a body: RFC 4271 §6.1 Bad Message Length.
    let (code, _, stderr) = ferrobgp(&["decode", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00140400"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("NOTIFICATION 1/2"), "{stderr}");

    let (code, _, stderr) = ferrobgp(&["decode", "--family", "ipv4 nonsense", "00"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown family \"ipv4 nonsense\""),
        "{stderr}"
    );

    let (code, _, stderr) = ferrobgp(&["decode", "--bogus"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown decode option '--bogus'"),
        "{stderr}"
    );
}
