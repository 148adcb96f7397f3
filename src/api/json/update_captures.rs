//! `exabgp decode` (5.0.15) and `exabgp --decode` (4.2.25) output for UPDATE messages built
//! by hand, captured verbatim (test data for `update_tests.rs`).
//!
//! Session of each capture: `Asn4` = `exabgp decode HEX` (4-octet AS, no ADD-PATH);
//! `AddPath` = `exabgp decode -i HEX` (ADD-PATH receive in every family); `Asn2` = a
//! configuration with `capability { asn4 disable; }`; `Aigp` = one with `aigp enable;`.
//! `exabgp4` is `None` where 4.2.25 crashed or printed nothing (see `update_tests.rs`).

use super::{Capture, Session};

pub(super) const CAPTURES: &[Capture] = &[
    Capture {
        name: "attributes_classic",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff007a020000005f4001010040021402020000fde90000fdea010200000001000000024003040a0000018004040000000a40050400000064400600c007080000fde90a000001c0080cfde90064ffffff01fde900018009040a000009800a080a0000080a000007180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654386.0270808, "host" : "vm", "pid" : 26636, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001, 65002]}, "1": {"element": "as-set", "value": [1, 2]}}, "med": 10, "local-preference": 100, "atomic-aggregate": true, "aggregator": "65001:10.0.0.1", "community": [ [ 65001, 1 ], [ 65001, 100 ], [ 65535, 65281 ] ], "originator-id": "10.0.0.9", "cluster-list": [ "10.0.0.8", "10.0.0.7" ] }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654386.6935854, "host" : "vm", "pid" : 26637, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001, 65002 ], "as-set": [ 1, 2 ], "confederation-path": [], "med": 10, "local-preference": 100, "atomic-aggregate": true, "aggregator": "65001:10.0.0.1", "community": [ [ 65001, 100 ], [ 65535, 65281 ], [ 65001, 1 ] ], "originator-id": "10.0.0.9", "cluster-list": [ "10.0.0.8", "10.0.0.7" ] }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "confederation",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff0049020000002e4001010040022003020000fde90000fdea04010000fdeb020100000001010200000003000000024003040a000001180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654386.9611099, "host" : "vm", "pid" : 26640, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001, 65002]}, "1": {"element": "as-sequence", "value": [65003]}, "2": {"element": "as-sequence", "value": [1]}, "3": {"element": "as-set", "value": [3, 2]}} }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654387.6579857, "host" : "vm", "pid" : 26641, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 1 ], "as-set": [ 3, 2 ], "confederation-path": [ 65001, 65002 ], "confederation-set": [ 65003 ] }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "empty_as_path",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff00300200000015400101004002004003040a00000140050400000064180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654387.9391778, "host" : "vm", "pid" : 26644, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "local-preference": 100 }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654388.638428, "host" : "vm", "pid" : 26645, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "local-preference": 100 }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "origin_egp_incomplete",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff002f02000000144001010240020602010000fde94003040a000001180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654388.9044597, "host" : "vm", "pid" : 26648, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "incomplete", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654389.57798, "host" : "vm", "pid" : 26649, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "incomplete", "as-path": [ 65001 ], "confederation-path": [] }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "as4_merge",
        session: Session::Asn2,
        hex: "ffffffffffffffffffffffffffffffff005002000000354001010040020602025ba0fde94003040a000001c007065ba00a000001c0110a0202fa56ea000000fde9c01208fa56ea000a000001180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654389.7633433, "host" : "vm", "pid" : 26652, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [4200000000, 65001]}}, "aggregator": "4200000000:10.0.0.1" }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654390.3702986, "host" : "vm", "pid" : 26653, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 4200000000, 65001 ], "confederation-path": [], "aggregator": "23456:10.0.0.1", "aggregator": "64086:10.0.0.1" }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "as2_plain",
        session: Session::Asn2,
        hex: "ffffffffffffffffffffffffffffffff0038020000001d4001010040020602020001fde94003040a000001c00706fde90a000001180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654390.5178444, "host" : "vm", "pid" : 26656, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [1, 65001]}}, "aggregator": "65001:10.0.0.1" }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654391.273132, "host" : "vm", "pid" : 26657, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 1, 65001 ], "confederation-path": [], "aggregator": "65001:10.0.0.1" }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "extended_communities",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff00d202000000b74001010040020602010000fde94003040a000001c010a00002fde90000000a01020102030400050202fa56ea0000010003fde90000000a01030102030400050203fa56ea0000018006000000000000800600004cbebc2080070000000000038008fde80000006481080102030400648208fa56ea000064800900000000002e0800000000000000030c00000000000c800a130000050dc04004fde94cbebc200001fde90000000a0601000000000000ff01020304050607180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654391.4139209, "host" : "vm", "pid" : 26660, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}}, "extended-community": [ { "value": 560652145917962, "string": "" }, { "value": 842127122628618, "string": "target:65001:10" }, { "value": 1123602099339274, "string": "origin:65001:0.0.0.10" }, { "value": 72621652143505413, "string": "target:1.2.3.4:5" }, { "value": 72903127120216069, "string": "origin:5:1.2.3.4" }, { "value": 144953389229277185, "string": "target:4200000000:1" }, { "value": 145234864205987841, "string": "origin:4200000000:1" }, { "value": 219550481834311692, "string": "encap:VXLAN-GPE" }, { "value": 432627039204278272, "string": "" }, { "value": 576460752303423488, "string": "redirect-to-nexthop" }, { "value": 4613091096791006240, "string": "" }, { "value": 9225060886715039744, "string": "rate-limit:0" }, { "value": 9225060888002608160, "string": "rate-limit:100000000" }, { "value": 9225342361691750403, "string": "action sample-terminal" }, { "value": 9225903009542701156, "string": "redirect:65000:100" }, { "value": 9225905311645171758, "string": "mark 46" }, { "value": 9226207677343141312, "string": "l2info:19:0:5:3520" }, { "value": 9297682538858545252, "string": "" }, { "value": 9370014275944317028, "string": "0x8208FA56EA000064" }, { "value": 18374970166623929863, "string": "" } ] }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: None,
    },
    Capture {
        name: "ipv6_extended_communities",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff006e02000000534001010040020602010000fde94003040a000001c0193c000220010db8000000000000000000000001000a000b20010db8000000000000000000000001000b004220010db8000000000000000000000001000c180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654392.2564, "host" : "vm", "pid" : 26664, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}}, "extended-community-ipv6": [ { "value": 47389442064591062288541496103088308189462538, "string": "" }, { "value": 248096148851366670562362960556923561743286283, "string": "0x000B20010DB8000000000000000000000001000B" }, { "value": 1474637134770550943346827465552583444572209164, "string": "" } ] }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: None,
    },
    Capture {
        name: "large_communities",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff0056020000003b4001010040020602010000fde94003040a000001c020240000fde9000000020000000300000001000000010000000100000001000000020000000a180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654393.0376532, "host" : "vm", "pid" : 26668, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}}, "large-community": [ [ 1, 1 , 1 ], [ 1, 2 , 10 ], [ 65001, 2 , 3 ] ] }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654393.7765536, "host" : "vm", "pid" : 26669, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [], "large-community": [ [ 65001, 2 , 3 ], [ 1, 1 , 1 ], [ 1, 2 , 10 ] ] }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "unknown_transitive",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff003e02000000234001010040020602010000fde94003040a000001c0c80301020380c90101e0ca02aabb180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654393.9172823, "host" : "vm", "pid" : 26672, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}}, "attribute-0xC8-0xE0": "0x010203", "attribute-0xCA-0xE0": "0xaabb" }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654394.681245, "host" : "vm", "pid" : 26673, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [], "attribute-0xC8-0xE0": "0x010203", "attribute-0xCA-0xE0": "0xaabb" }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "communities_sorted",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff0059020000003e4001010040020602010000fde94003040a000001c0080cffffff02fde90064000a0001c0201800000003000000010000000100000001000000020000000a180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654394.8353267, "host" : "vm", "pid" : 26676, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}}, "community": [ [ 10, 1 ], [ 65001, 100 ], [ 65535, 65282 ] ], "large-community": [ [ 1, 2 , 10 ], [ 3, 1 , 1 ] ] }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654395.5115142, "host" : "vm", "pid" : 26677, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [], "community": [ [ 65535, 65282 ], [ 65001, 100 ], [ 10, 1 ] ], "large-community": [ [ 3, 1 , 1 ], [ 1, 2 , 10 ] ] }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "treat_as_withdraw_med",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff0035020000001a4001010040020602010000fde94003040a000001800403000000180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654395.6575909, "host" : "vm", "pid" : 26680, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}}, "error": "treat-as-withdraw" }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: None,
    },
    Capture {
        name: "treat_as_withdraw_zero_med",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff003202000000174001010040020602010000fde94003040a000001800400180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654396.4148726, "host" : "vm", "pid" : 26684, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}}, "error": "treat-as-withdraw due to med" }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654397.111996, "host" : "vm", "pid" : 26685, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [], "error": "treat-as-withdraw due to med" }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "discard_aggregator",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff0038020000001d4001010040020602010000fde94003040a000001c00706fde90a000001180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654397.2558475, "host" : "vm", "pid" : 26688, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}}, "error": "discard" }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654397.8910663, "host" : "vm", "pid" : 26689, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [], "aggregator": "4259908096:10.0.0.1" }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "discard_and_withdraw",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff003e02000000234001010040020602010000fde94003040a000001800403000000c00706fde90a000001180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654398.0478237, "host" : "vm", "pid" : 26702, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}}, "error": "discard", "error": "treat-as-withdraw" }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: None,
    },
    Capture {
        name: "treat_as_withdraw_framing",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff003002000000194001010040020602010000fde94003040a000001c00805fde9",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654398.8386319, "host" : "vm", "pid" : 26706, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}}, "error": "treat-as-withdraw" } } } } }"#,
        exabgp4: None,
    },
    Capture {
        name: "treat_as_withdraw_mp",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff004702000000304001010040020602010000fde9800403000000800e1a0002011020010db8000000000000000000000001002020010db8",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654399.6855786, "host" : "vm", "pid" : 26734, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}}, "error": "treat-as-withdraw" }, "announce": { "ipv6 unicast": { "2001:db8::1": [ { "nlri": "2001:db8::/32" } ] } } } } } }"#,
        exabgp4: None,
    },
    Capture {
        name: "treat_as_withdraw_community",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff00370200020818001a4001010040020602010000fde94003040a000001c00803fde900180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654400.614238, "host" : "vm", "pid" : 26747, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}}, "error": "treat-as-withdraw" }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } }, "withdraw": { "ipv4 unicast": [ { "nlri": "24.0.0.0/8" } ] } } } } }"#,
        exabgp4: None,
    },
    Capture {
        name: "duplicate_attribute",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff003d02000000224001010040020602010000fde94003040a0000018004040000000a8004040000000b180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654401.525816, "host" : "vm", "pid" : 26770, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}}, "med": 10 }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654402.185772, "host" : "vm", "pid" : 26771, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [], "med": 10 }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "missing_origin",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff002b020000001040020602010000fde94003040a000001180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654402.4478018, "host" : "vm", "pid" : 27037, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654403.1878188, "host" : "vm", "pid" : 27038, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "as-path": [ 65001 ], "confederation-path": [] }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "as4_path_on_asn4",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff0038020000001d4001010040020602010000fde94003040a000001c011060201fa56ea00180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654403.4785674, "host" : "vm", "pid" : 27114, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [4200000000]}} }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654404.157818, "host" : "vm", "pid" : 27115, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 4200000000 ], "confederation-path": [] }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "ipv4_unicast_two",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff003402000000144001010040020602010000fde94003040a000001180a0100200a020001",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654404.4814854, "host" : "vm", "pid" : 27118, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" }, { "nlri": "10.2.0.1/32" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654405.1804247, "host" : "vm", "pid" : 27119, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" }, { "nlri": "10.2.0.1/32" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "ipv4_unicast_addpath",
        session: Session::AddPath,
        hex: "ffffffffffffffffffffffffffffffff004302000800000001180a030000144001010040020602010000fde94003040a00000100000000180a010000000002180a0200",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654405.4507775, "host" : "vm", "pid" : 27122, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24", "path-information": "0.0.0.0" }, { "nlri": "10.2.0.0/24", "path-information": "0.0.0.2" } ] } }, "withdraw": { "ipv4 unicast": [ { "nlri": "10.3.0.0/24", "path-information": "0.0.0.1" } ] } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654406.1723526, "host" : "vm", "pid" : 27123, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24", "path-information": "0.0.0.0" }, { "nlri": "10.2.0.0/24", "path-information": "0.0.0.2" } ] } }, "withdraw": { "ipv4 unicast": [ { "nlri": "10.3.0.0/24", "path-information": "0.0.0.1" } ] } } } } }"#,
        ),
    },
    Capture {
        name: "ipv6_unicast",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff004802000000314001010040020602010000fde9800e210002011020010db8000000000000000000000001002020010db83020010db80001",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654406.452675, "host" : "vm", "pid" : 27126, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "announce": { "ipv6 unicast": { "2001:db8::1": [ { "nlri": "2001:db8::/32" }, { "nlri": "2001:db8:1::/48" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654407.133607, "host" : "vm", "pid" : 27127, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] }, "announce": { "ipv6 unicast": { "2001:db8::1": [ { "nlri": "2001:db8::/32" }, { "nlri": "2001:db8:1::/48" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "ipv6_unicast_link_local",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff005802000000414001010040020602010000fde9800e310002012020010db8000000000000000000000001fe800000000000000000000000000001002020010db83020010db80001",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654407.4305658, "host" : "vm", "pid" : 27137, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "announce": { "ipv6 unicast": { "2001:db8::1": [ { "nlri": "2001:db8::/32" }, { "nlri": "2001:db8:1::/48" } ], "fe80::1": [ { "nlri": "2001:db8::/32" }, { "nlri": "2001:db8:1::/48" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654408.0985012, "host" : "vm", "pid" : 27138, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] }, "announce": { "ipv6 unicast": { "2001:db8::1": [ { "nlri": "2001:db8::/32" }, { "nlri": "2001:db8:1::/48" } ], "fe80::1": [ { "nlri": "2001:db8::/32" }, { "nlri": "2001:db8:1::/48" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "ipv6_unicast_link_local_one",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff0051020000003a4001010040020602010000fde9800e2a0002012020010db8000000000000000000000001fe800000000000000000000000000001002020010db8",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654408.3868718, "host" : "vm", "pid" : 27166, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "announce": { "ipv6 unicast": { "2001:db8::1": [ { "nlri": "2001:db8::/32" } ], "fe80::1": [ { "nlri": "2001:db8::/32" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654409.0890374, "host" : "vm", "pid" : 27167, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] }, "announce": { "ipv6 unicast": { "2001:db8::1": [ { "nlri": "2001:db8::/32" } ], "fe80::1": [ { "nlri": "2001:db8::/32" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "ipv6_unicast_addpath",
        session: Session::AddPath,
        hex: "ffffffffffffffffffffffffffffffff0045020000002e4001010040020602010000fde9800e1e0002011020010db800000000000000000000000100000000012020010db8",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654409.3804517, "host" : "vm", "pid" : 27172, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "announce": { "ipv6 unicast": { "2001:db8::1": [ { "nlri": "2001:db8::/32", "path-information": "0.0.0.1" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654410.1165097, "host" : "vm", "pid" : 27173, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] }, "announce": { "ipv6 unicast": { "2001:db8::1": [ { "nlri": "2001:db8::/32", "path-information": "0.0.0.1" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "ipv6_withdraw",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff00290200000012800f0f0002012020010db83020010db80001",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654410.373953, "host" : "vm", "pid" : 27250, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "withdraw": { "ipv6 unicast": [ { "nlri": "2001:db8::/32" }, { "nlri": "2001:db8:1::/48" } ] } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654411.112082, "host" : "vm", "pid" : 27251, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "withdraw": { "ipv6 unicast": [ { "nlri": "2001:db8::/32" }, { "nlri": "2001:db8:1::/48" } ] } } } } }"#,
        ),
    },
    Capture {
        name: "ipv6_withdraw_with_attributes",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff002f02000000184001010040020602010000fde9800f080002012020010db8",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654411.4363825, "host" : "vm", "pid" : 27327, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "withdraw": { "ipv6 unicast": [ { "nlri": "2001:db8::/32" } ] } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654412.1647875, "host" : "vm", "pid" : 27328, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] }, "withdraw": { "ipv6 unicast": [ { "nlri": "2001:db8::/32" } ] } } } } }"#,
        ),
    },
    Capture {
        name: "ipv4_multicast",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff0033020000001c4001010040020602010000fde9800e0c000102040a00000100100a02",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654412.4702377, "host" : "vm", "pid" : 27336, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "announce": { "ipv4 multicast": { "10.0.0.1": [ { "nlri": "10.2.0.0/16" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654413.1787086, "host" : "vm", "pid" : 27337, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] }, "announce": { "ipv4 multicast": { "10.0.0.1": [ { "nlri": "10.2.0.0/16" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "ipv4_multicast_withdraw",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff00200200000009800f06000102100a02",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654413.4685316, "host" : "vm", "pid" : 27348, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "withdraw": { "ipv4 multicast": [ { "nlri": "10.2.0.0/16" } ] } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654414.1877642, "host" : "vm", "pid" : 27349, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "withdraw": { "ipv4 multicast": [ { "nlri": "10.2.0.0/16" } ] } } } } }"#,
        ),
    },
    Capture {
        name: "ipv6_multicast",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff0041020000002a4001010040020602010000fde9800e1a0002021020010db8000000000000000000000001002020010db8",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654414.5510454, "host" : "vm", "pid" : 27363, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "announce": { "ipv6 multicast": { "2001:db8::1": [ { "nlri": "2001:db8::/32" } ] } } } } } }"#,
        exabgp4: None,
    },
    Capture {
        name: "ipv6_multicast_withdraw",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff0022020000000b800f080002022020010db8",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654415.616272, "host" : "vm", "pid" : 27401, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "withdraw": { "ipv6 multicast": [ { "nlri": "2001:db8::/32" } ] } } } } }"#,
        exabgp4: None,
    },
    Capture {
        name: "ipv4_labelled",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff0041020000002a4001010040020602010000fde9800e1a000104040102030400300006410a000048000640000c810a0001",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654416.548073, "host" : "vm", "pid" : 27414, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "announce": { "ipv4 nlri-mpls": { "1.2.3.4": [ { "nlri": "10.0.0.0/24", "label": [ [100] ] }, { "nlri": "10.0.1.0/24", "label": [ [100], [200] ] } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654417.2056649, "host" : "vm", "pid" : 27415, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] }, "announce": { "ipv4 nlri-mpls": { "1.2.3.4": [ { "nlri": "10.0.0.0/24", "label": [ [100] ] }, { "nlri": "10.0.1.0/24", "label": [ [100], [200] ] } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "ipv4_labelled_addpath",
        session: Session::AddPath,
        hex: "ffffffffffffffffffffffffffffffff003b02000000244001010040020602010000fde9800e1400010404010203040000000005300006410a0000",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654417.477431, "host" : "vm", "pid" : 27427, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "announce": { "ipv4 nlri-mpls": { "1.2.3.4": [ { "nlri": "10.0.0.0/24", "path-information": "0.0.0.5", "label": [ [100] ] } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654418.1518977, "host" : "vm", "pid" : 27428, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] }, "announce": { "ipv4 nlri-mpls": { "1.2.3.4": [ { "nlri": "10.0.0.0/24", "path-information": "0.0.0.5", "label": [ [100] ] } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "ipv4_labelled_withdraw",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff0025020000000e800f0b000104388000000a000001",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654418.4242399, "host" : "vm", "pid" : 27440, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "withdraw": { "ipv4 nlri-mpls": [ { "nlri": "10.0.0.1/32", "label": [ [524288] ] } ] } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654419.109136, "host" : "vm", "pid" : 27441, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "withdraw": { "ipv4 nlri-mpls": [ { "nlri": "10.0.0.1/32", "label": [ [524288] ] } ] } } } } }"#,
        ),
    },
    Capture {
        name: "ipv6_labelled",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff0044020000002d4001010040020602010000fde9800e1d0002041020010db8000000000000000000000001003800064120010db8",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654419.3873603, "host" : "vm", "pid" : 27444, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "announce": { "ipv6 nlri-mpls": { "2001:db8::1": [ { "nlri": "2001:db8::/32", "label": [ [100] ] } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654420.0683827, "host" : "vm", "pid" : 27445, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] }, "announce": { "ipv6 nlri-mpls": { "2001:db8::1": [ { "nlri": "2001:db8::/32", "label": [ [100] ] } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "ipv6_labelled_withdraw",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff0025020000000e800f0b0002043800000120010db8",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654420.3578215, "host" : "vm", "pid" : 27451, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "withdraw": { "ipv6 nlri-mpls": [ { "nlri": "2001:db8::/32", "label": [ [0] ] } ] } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654421.0255, "host" : "vm", "pid" : 27452, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "withdraw": { "ipv6 nlri-mpls": [ { "nlri": "2001:db8::/32", "label": [ [0] ] } ] } } } } }"#,
        ),
    },
    Capture {
        name: "ipv4_vpn",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff007002000000594001010040020602010000fde9c010080002fde900000001800e3e0001800c00000000000000000102030400700006410000fde9000000010a0000700006410002fa56ea0000010a00017000064100010102030400050a0002",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654421.3220358, "host" : "vm", "pid" : 27455, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}}, "extended-community": [ { "value": 842127122628609, "string": "target:65001:1" } ] }, "announce": { "ipv4 mpls-vpn": { "1.2.3.4": [ { "nlri": "10.0.0.0/24", "label": [ [100] ], "rd": "65001:1" }, { "nlri": "10.0.1.0/24", "label": [ [100] ], "rd": "4200000000:1" }, { "nlri": "10.0.2.0/24", "label": [ [100] ], "rd": "1.2.3.4:5" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654421.9842837, "host" : "vm", "pid" : 27456, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [], "extended-community": [ { "value": 842127122628609, "string": "target:65001:1" } ] }, "announce": { "ipv4 mpls-vpn": { "1.2.3.4": [ { "nlri": "10.0.0.0/24", "label": [ [100] ], "rd": "65001:1" }, { "nlri": "10.0.1.0/24", "label": [ [100] ], "rd": "4200000000:1" }, { "nlri": "10.0.2.0/24", "label": [ [100] ], "rd": "1.2.3.4:5" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "ipv4_vpn_addpath",
        session: Session::AddPath,
        hex: "ffffffffffffffffffffffffffffffff004b02000000344001010040020602010000fde9800e240001800c0000000000000000010203040000000007700006410000fde9000000010a0000",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654422.2371004, "host" : "vm", "pid" : 27465, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "announce": { "ipv4 mpls-vpn": { "1.2.3.4": [ { "nlri": "10.0.0.0/24", "path-information": "0.0.0.7", "label": [ [100] ], "rd": "65001:1" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654422.8897758, "host" : "vm", "pid" : 27466, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] }, "announce": { "ipv4 mpls-vpn": { "1.2.3.4": [ { "nlri": "10.0.0.0/24", "path-information": "0.0.0.7", "label": [ [100] ], "rd": "65001:1" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "ipv4_vpn_withdraw",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff002c0200000015800f12000180708000000000fde9000000010a0000",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654423.1511555, "host" : "vm", "pid" : 27469, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "withdraw": { "ipv4 mpls-vpn": [ { "nlri": "10.0.0.0/24", "label": [ [524288] ], "rd": "65001:1" } ] } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654423.7884715, "host" : "vm", "pid" : 27470, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "withdraw": { "ipv4 mpls-vpn": [ { "nlri": "10.0.0.0/24", "label": [ [524288] ], "rd": "65001:1" } ] } } } } }"#,
        ),
    },
    Capture {
        name: "ipv6_vpn",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff0054020000003d4001010040020602010000fde9800e2d00028018000000000000000020010db800000000000000000000000100780006410000fde90000000120010db8",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654424.069765, "host" : "vm", "pid" : 27473, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "announce": { "ipv6 mpls-vpn": { "2001:db8::1": [ { "nlri": "2001:db8::/32", "label": [ [100] ], "rd": "65001:1" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654424.8566895, "host" : "vm", "pid" : 27474, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] }, "announce": { "ipv6 mpls-vpn": { "2001:db8::1": [ { "nlri": "2001:db8::/32", "label": [ [100] ], "rd": "65001:1" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "ipv6_vpn_withdraw",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff002d0200000016800f13000280788000000000fde90000000120010db8",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654425.2186642, "host" : "vm", "pid" : 27489, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "withdraw": { "ipv6 mpls-vpn": [ { "nlri": "2001:db8::/32", "label": [ [524288] ], "rd": "65001:1" } ] } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654425.9898303, "host" : "vm", "pid" : 27490, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "withdraw": { "ipv6 mpls-vpn": [ { "nlri": "2001:db8::/32", "label": [ [524288] ], "rd": "65001:1" } ] } } } } }"#,
        ),
    },
    Capture {
        name: "ipv4_flow",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff005c02000000454001010040020602010000fde9c010088006000000000000800e2a0001850000240118c00002030106811104030054ff07810808810009011280020a9205dc0b812e0c8109",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654426.2937431, "host" : "vm", "pid" : 27493, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}}, "extended-community": [ { "value": 9225060886715039744, "string": "rate-limit:0" } ] }, "announce": { "ipv4 flow": { "no-nexthop": [ { "destination-ipv4": [ "192.0.2.0/24" ], "protocol": [ "=tcp", "=udp" ], "port": [ ">=0&<65287", "=8" ], "icmp-code": [ "=0" ], "tcp-flags": [ "=syn+ack", "syn" ], "packet-length": [ ">1500" ], "dscp": [ "=46" ], "fragment": [ "=dont-fragment+last-fragment" ], "string": "flow destination-ipv4 192.0.2.0/24 protocol [ =tcp =udp ] port [ >=0&<65287 =8 ] icmp-code =0 tcp-flags [ =syn+ack syn ] packet-length >1500 dscp =46 fragment =dont-fragment+last-fragment" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654427.1022484, "host" : "vm", "pid" : 27494, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [], "extended-community": [ { "value": 9225060886715039744, "string": "rate-limit:0" } ] }, "announce": { "ipv4 flow": { "no-nexthop": [ { "destination-ipv4": [ "192.0.2.0/24" ], "protocol": [ "=tcp", "=udp" ], "port": [ ">=0&<65287", "=8" ], "icmp-code": [ "=0" ], "tcp-flags": [ "=syn+ack", "syn" ], "packet-length": [ ">1500" ], "dscp": [ "=46" ], "fragment": [ "=dont-fragment+last-fragment" ], "string": "flow destination-ipv4 192.0.2.0/24 protocol [ =tcp =udp ] port [ >=0&<65287 =8 ] icmp-code =0 tcp-flags [ =syn+ack syn ] packet-length >1500 dscp =46 fragment =dont-fragment+last-fragment" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "ipv4_flow_two",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff004002000000294001010040020602010000fde9800e1900018500000a090112400480020c8000080387060541508050",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654427.4380293, "host" : "vm", "pid" : 27500, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "announce": { "ipv4 flow": { "no-nexthop": [ { "tcp-flags": [ "=syn+ack&rst", "syn" ], "fragment": [ "" ], "string": "flow tcp-flags [ =syn+ack&rst syn ] fragment " }, { "protocol": [ "true" ], "destination-port": [ "=80", "false" ], "string": "flow protocol true destination-port [ =80 false ]" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654428.185406, "host" : "vm", "pid" : 27501, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] }, "announce": { "ipv4 flow": { "no-nexthop": [ { "tcp-flags": [ "=syn+ack&rst", "syn" ], "fragment": [ "not-a-fragment" ], "string": "flow tcp-flags [ =syn+ack&rst syn ] fragment not-a-fragment" }, { "protocol": [ "true" ], "destination-port": [ "&=80", "false" ], "string": "flow protocol true destination-port [ &=80 false ]" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "ipv4_flow_redirect_nexthop",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff0041020000002a4001010040020602010000fde9c010080800000000000000800e0f000185040a000001000501180a0000",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654428.4595828, "host" : "vm", "pid" : 27516, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}}, "extended-community": [ { "value": 576460752303423488, "string": "redirect-to-nexthop" } ] }, "announce": { "ipv4 flow": { "10.0.0.1": [ { "destination-ipv4": [ "10.0.0.0/24" ], "next-hop": "10.0.0.1", "string": "flow destination-ipv4 10.0.0.0/24 next-hop 10.0.0.1" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654429.204011, "host" : "vm", "pid" : 27517, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [], "extended-community": [ { "value": 576460752303423488, "string": "redirect-to-nexthop" } ] }, "announce": { "ipv4 flow": { "10.0.0.1": [ { "destination-ipv4": [ "10.0.0.0/24" ], "next-hop": "10.0.0.1", "string": "flow destination-ipv4 10.0.0.0/24 next-hop 10.0.0.1" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "ipv4_flow_withdraw",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff003002000000194001010040020602010000fde9800f090001850501180a0000",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654429.4932935, "host" : "vm", "pid" : 27529, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "withdraw": { "ipv4 flow": [ { "destination-ipv4": [ "10.0.0.0/24" ], "string": "flow destination-ipv4 10.0.0.0/24" } ] } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654430.2973802, "host" : "vm", "pid" : 27530, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] }, "withdraw": { "ipv4 flow": [ { "destination-ipv4": [ "10.0.0.0/24" ], "string": "flow destination-ipv4 10.0.0.0/24" } ] } } } } }"#,
        ),
    },
    Capture {
        name: "ipv4_flow_withdraw_bare",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff0023020000000c800f090001850501180a0000",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654430.581506, "host" : "vm", "pid" : 27542, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "withdraw": { "ipv4 flow": [ { "destination-ipv4": [ "10.0.0.0/24" ], "string": "flow destination-ipv4 10.0.0.0/24" } ] } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654431.791804, "host" : "vm", "pid" : 27543, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "withdraw": { "ipv4 flow": [ { "destination-ipv4": [ "10.0.0.0/24" ], "string": "flow destination-ipv4 10.0.0.0/24" } ] } } } } }"#,
        ),
    },
    Capture {
        name: "ipv6_flow",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff004b02000000344001010040020602010000fde9800e2400028500001e016840123456789a02200020010db80381110b812e0c80020da100012345",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654432.0877323, "host" : "vm", "pid" : 27589, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "announce": { "ipv6 flow": { "no-nexthop": [ { "destination-ipv6": [ "::1234:5678:9a00:0/104/64" ], "source-ipv6": [ "2001:db8::/32/0" ], "next-header": [ "=udp" ], "traffic-class": [ "=46" ], "fragment": [ "is-fragment" ], "flow-label": [ "=74565" ], "string": "flow destination-ipv6 ::1234:5678:9a00:0/104/64 source-ipv6 2001:db8::/32/0 next-header =udp traffic-class =46 fragment is-fragment flow-label =74565" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654432.8004026, "host" : "vm", "pid" : 27590, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] } } } } }"#,
        ),
    },
    Capture {
        name: "ipv6_flow_withdraw",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff00280200000011800f0e0002850a01200020010db8038106",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654432.956919, "host" : "vm", "pid" : 27614, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "withdraw": { "ipv6 flow": [ { "destination-ipv6": [ "2001:db8::/32/0" ], "next-header": [ "=tcp" ], "string": "flow destination-ipv6 2001:db8::/32/0 next-header =tcp" } ] } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654433.794386, "host" : "vm", "pid" : 27615, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "withdraw": { "ipv6 flow": [ { "destination-ipv6": [ "2001:db8::/32/0" ], "next-header": [ "=tcp" ], "string": "flow destination-ipv6 2001:db8::/32/0 next-header =tcp" } ] } } } } }"#,
        ),
    },
    Capture {
        name: "ipv4_flow_vpn",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff003802000000214001010040020602010000fde9800e1100018600000b0000fde90000000101080a",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654433.965156, "host" : "vm", "pid" : 27639, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "announce": { "ipv4 flow-vpn": { "no-nexthop": [ { "destination-ipv4": [ "10.0.0.0/8" ], "rd": "65001:1", "string": "flow destination-ipv4 10.0.0.0/8 rd 65001:1" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654435.1756709, "host" : "vm", "pid" : 27640, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] }, "announce": { "ipv4 flow-vpn": { "no-nexthop": [ { "destination-ipv4": [ "10.0.0.0/8" ], "rd": "65001:1", "string": "flow destination-ipv4 10.0.0.0/8 rd 65001:1" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "ipv4_flow_vpn_withdraw",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff00290200000012800f0f0001860b0000fde90000000101080a",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654435.362262, "host" : "vm", "pid" : 27683, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "withdraw": { "ipv4 flow-vpn": [ { "destination-ipv4": [ "10.0.0.0/8" ], "rd": "65001:1", "string": "flow destination-ipv4 10.0.0.0/8 rd 65001:1" } ] } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654436.0114076, "host" : "vm", "pid" : 27684, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "withdraw": { "ipv4 flow-vpn": [ { "destination-ipv4": [ "10.0.0.0/8" ], "rd": "65001:1", "string": "flow destination-ipv4 10.0.0.0/8 rd 65001:1" } ] } } } } }"#,
        ),
    },
    Capture {
        name: "ipv6_flow_vpn",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff003c02000000254001010040020602010000fde9800e1500028600000f0000fde90000000101200020010db8",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654436.1644654, "host" : "vm", "pid" : 27687, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "announce": { "ipv6 flow-vpn": { "no-nexthop": [ { "destination-ipv6": [ "2001:db8::/32/0" ], "rd": "65001:1", "string": "flow destination-ipv6 2001:db8::/32/0 rd 65001:1" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654437.1451993, "host" : "vm", "pid" : 27688, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] }, "announce": { "ipv6 flow-vpn": { "no-nexthop": [ { "destination-ipv6": [ "2001:db8::/32/0" ], "rd": "65001:1", "string": "flow destination-ipv6 2001:db8::/32/0 rd 65001:1" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "vpls",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff0043020000002c4001010040020602010000fde9800e1c00194104010203040000110001010203040005000300010008400011",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654437.376542, "host" : "vm", "pid" : 27711, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "announce": { "l2vpn vpls": { "1.2.3.4": [ { "rd": "1.2.3.4:5", "endpoint": 3, "base": 262145, "offset": 1, "size": 8 } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654438.2948368, "host" : "vm", "pid" : 27712, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] }, "announce": { "l2vpn vpls": { "1.2.3.4": [ { "rd": "1.2.3.4:5", "endpoint": 3, "base": 262145, "offset": 1, "size": 8 } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "vpls_withdraw",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff00300200000019800f1600194100110001010203040005000300010008400011",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654438.4835482, "host" : "vm", "pid" : 27739, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "withdraw": { "l2vpn vpls": [ { "rd": "1.2.3.4:5", "endpoint": 3, "base": 262145, "offset": 1, "size": 8 } ] } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654439.159613, "host" : "vm", "pid" : 27740, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "withdraw": { "l2vpn vpls": [ { "rd": "1.2.3.4:5", "endpoint": 3, "base": 262145, "offset": 1, "size": 8 } ] } } } } }"#,
        ),
    },
    Capture {
        name: "mixed_order",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff004d020004180a0900002e4001010040020602010000fde94003040a000001800f080002012020010db8800e0c000102040a00000200100a02180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654439.320291, "host" : "vm", "pid" : 27760, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] }, "ipv4 multicast": { "10.0.0.2": [ { "nlri": "10.2.0.0/16" } ] } }, "withdraw": { "ipv4 unicast": [ { "nlri": "10.9.0.0/24" } ], "ipv6 unicast": [ { "nlri": "2001:db8::/32" } ] } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654440.0157814, "host" : "vm", "pid" : 27761, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] }, "ipv4 multicast": { "10.0.0.2": [ { "nlri": "10.2.0.0/16" } ] } }, "withdraw": { "ipv4 unicast": [ { "nlri": "10.9.0.0/24" } ], "ipv6 unicast": [ { "nlri": "2001:db8::/32" } ] } } } } }"#,
        ),
    },
    Capture {
        name: "eor_ipv4_unicast",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff00170200000000",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654440.1654053, "host" : "vm", "pid" : 27764, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "eor": { "afi" : "ipv4", "safi" : "unicast" } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654440.8533933, "host" : "vm", "pid" : 27765, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "eor": { "afi" : "ipv4", "safi" : "unicast" } } } }"#,
        ),
    },
    Capture {
        name: "eor_ipv6_unicast",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff001d0200000006800f03000201",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654441.053706, "host" : "vm", "pid" : 27768, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "eor": { "afi" : "ipv6", "safi" : "unicast" } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654441.698572, "host" : "vm", "pid" : 27769, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "eor": { "afi" : "ipv6", "safi" : "unicast" } } } }"#,
        ),
    },
    Capture {
        name: "eor_ipv4_flow",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff001d0200000006800f03000185",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654441.8716486, "host" : "vm", "pid" : 27772, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "eor": { "afi" : "ipv4", "safi" : "flow" } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654442.5612457, "host" : "vm", "pid" : 27773, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "eor": { "afi" : "ipv4", "safi" : "flow" } } } }"#,
        ),
    },
    Capture {
        name: "eor_l2vpn_vpls",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff001d0200000006800f03001941",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654442.7565606, "host" : "vm", "pid" : 27779, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "eor": { "afi" : "l2vpn", "safi" : "vpls" } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654443.4244435, "host" : "vm", "pid" : 27780, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "eor": { "afi" : "l2vpn", "safi" : "vpls" } } } }"#,
        ),
    },
    Capture {
        name: "eor_ipv4_mpls_vpn",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff001d0200000006800f03000180",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654443.620288, "host" : "vm", "pid" : 27837, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "eor": { "afi" : "ipv4", "safi" : "mpls-vpn" } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654444.2326517, "host" : "vm", "pid" : 27838, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "eor": { "afi" : "ipv4", "safi" : "mpls-vpn" } } } }"#,
        ),
    },
    Capture {
        name: "eor_l2vpn_evpn",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff001d0200000006800f03001946",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654444.517319, "host" : "vm", "pid" : 27843, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "eor": { "afi" : "l2vpn", "safi" : "evpn" } } } }"#,
        exabgp4: None,
    },
    Capture {
        name: "unreach_empty_with_attributes",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff002a02000000134001010040020602010000fde9800f03000201",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654445.5548275, "host" : "vm", "pid" : 27905, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654446.56206, "host" : "vm", "pid" : 27906, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] } } } } }"#,
        ),
    },
    Capture {
        name: "attributes_only",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff002b02000000144001010040020602010000fde94003040a000001",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654446.9472697, "host" : "vm", "pid" : 27943, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654447.8278718, "host" : "vm", "pid" : 27944, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] } } } } }"#,
        ),
    },
    Capture {
        name: "aigp",
        session: Session::Aigp,
        hex: "ffffffffffffffffffffffffffffffff003d02000000224001010040020602010000fde94003040a000001801a0b01000b000000000000000a180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654447.9772382, "host" : "vm", "pid" : 28191, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}}, "aigp": "0x000000000000000a" }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654448.6396117, "host" : "vm", "pid" : 28192, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "prefix_sid",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff004d02000000324001010040020602010000fde94003040a000001c0281b0100070000000000012c03000e0000003e80000064007d000000c8180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654448.7824697, "host" : "vm", "pid" : 28199, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}}, "bgp-prefix-sid": { "sr-label-index": 300, "sr-srgbs": [[16000, 100], [32000, 200]] } }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654449.617182, "host" : "vm", "pid" : 28200, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [], "bgp-prefix-sid": { "sr-label-index": 300, "sr-srgbs": [[16000, 100], [32000, 200]] } }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "prefix_sid_other",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff004102000000264001010040020602010000fde94003040a000001c0280f0100070000000000012c0700020102180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654449.9401767, "host" : "vm", "pid" : 28289, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}}, "bgp-prefix-sid": { "sr-label-index": 300, "attribute-not-implemented-7": "0x0102" } }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: None,
    },
    Capture {
        name: "next_hop_only_withdraw",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff0022020004180a090000074003040a000001",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654450.9223113, "host" : "vm", "pid" : 28327, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": {  }, "withdraw": { "ipv4 unicast": [ { "nlri": "10.9.0.0/24" } ] } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654451.7306752, "host" : "vm", "pid" : 28328, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": {  }, "withdraw": { "ipv4 unicast": [ { "nlri": "10.9.0.0/24" } ] } } } } }"#,
        ),
    },
    Capture {
        name: "communities_duplicate",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff006102000000464001010040020602010000fde94003040a000001c00808fde90064fde90064c02024000000030000000100000001000000010000000200000003000000030000000100000001180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654452.006981, "host" : "vm", "pid" : 28384, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}}, "community": [ [ 65001, 100 ], [ 65001, 100 ] ], "large-community": [ [ 1, 2 , 3 ], [ 3, 1 , 1 ] ] }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654452.8062036, "host" : "vm", "pid" : 28385, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [], "community": [ [ 65001, 100 ], [ 65001, 100 ] ], "large-community": [ [ 3, 1 , 1 ], [ 1, 2 , 3 ] ] }, "announce": { "ipv4 unicast": { "10.0.0.1": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        ),
    },
    Capture {
        name: "classic_without_next_hop",
        session: Session::Asn4,
        hex: "ffffffffffffffffffffffffffffffff0028020000000d4001010040020602010000fde9180a0100",
        exabgp5: r#"{ "exabgp": "5.0.0", "time": 1795654454.0715113, "host" : "vm", "pid" : 28527, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, "router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}} }, "announce": { "ipv4 unicast": { "no-nexthop": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        exabgp4: Some(
            r#"{ "exabgp": "4.0.1", "time": 1795654454.906798, "host" : "vm", "pid" : 28528, "ppid" : 26595, "counter": 1, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 } , "direction": "in", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001 ], "confederation-path": [] }, "announce": { "ipv4 unicast": { "no-nexthop": [ { "nlri": "10.1.0.0/24" } ] } } } } } }"#,
        ),
    },
];
