//! UPDATE messages and the text ExaBGP prints for them, captured by running ExaBGP's own text
//! encoder (`Text('5.0').update(…)` of 5.0.15 and `Text('4.0.1')` of 4.2.25 on the decoded
//! message, as received, with the raw header and body). Test-only data.
//!
//! The first cases rebuild the messages behind the 5.0.13 lines of exabgp-api reference §4
//! (same lines byte for byte). `add_path`: the message was decoded with ADD-PATH for every
//! family. `exabgp_4` is `None` where ExaBGP 4.2 failed on the message or mis-decoded it.

pub(super) struct Case {
    pub name: &'static str,
    pub add_path: bool,
    pub message: &'static str,
    pub exabgp_5: &'static str,
    pub exabgp_4: Option<&'static str>,
}

pub(super) const CASES: &[Case] = &[
    Case {
        name: "lab_all",
        add_path: true,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF008B020000006C4001010040020A02020000FDE90000FDF24003040A0000018004040000000A400600C007080000FDE90A000001C00808FDE90064FFFFFF018009040A000009800A080A0000080A000007C010100002FDE90000000A0103010203040005C0200C0000FDE9000000010000000200000000180A0100",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.1.0.0/24 path-information 0.0.0.0 next-hop 10.0.0.1 origin igp as-path ( 65001 65010 ) med 10 atomic-aggregate aggregator ( 65001:10.0.0.1 ) community [ 65001:100 no-export ] originator-id 10.0.0.9 cluster-list [ 10.0.0.8 10.0.0.7 ] extended-community [ target:65001:10 origin:5:1.2.3.4 ] large-community 65001:1:2
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF008B02 body 0x0000006C4001010040020A02020000FDE90000FDF24003040A0000018004040000000A400600C007080000FDE90A000001C00808FDE90064FFFFFF018009040A000009800A080A0000080A000007C010100002FDE90000000A0103010203040005C0200C0000FDE9000000010000000200000000180A0100
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.1.0.0/24 path-information 0.0.0.0 next-hop 10.0.0.1 origin igp as-path [ 65001 65010 ] med 10 atomic-aggregate aggregator ( 65001:10.0.0.1 ) community [ 65001:100 no-export ] originator-id 10.0.0.9 cluster-list [ 10.0.0.8 10.0.0.7 ] extended-community [ target:65001:10 origin:5:1.2.3.4 ] large-community 65001:1:2
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF008B02 body 0x0000006C4001010040020A02020000FDE90000FDF24003040A0000018004040000000A400600C007080000FDE90A000001C00808FDE90064FFFFFF018009040A000009800A080A0000080A000007C010100002FDE90000000A0103010203040005C0200C0000FDE9000000010000000200000000180A0100
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    Case {
        name: "as_set",
        add_path: true,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003D020000001E4001010040021002010000FDE901020000FDFC0000FDFD4003040A00000100000000180A0100",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.1.0.0/24 path-information 0.0.0.0 next-hop 10.0.0.1 origin igp as-path ( 65001 ) [ 65020 65021 ]
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003D02 body 0x0000001E4001010040021002010000FDE901020000FDFC0000FDFD4003040A00000100000000180A0100
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.1.0.0/24 path-information 0.0.0.0 next-hop 10.0.0.1 origin igp as-path [ 65001 ( 65020 65021 ) ]
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003D02 body 0x0000001E4001010040021002010000FDE901020000FDFC0000FDFD4003040A00000100000000180A0100
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    Case {
        name: "unknown",
        add_path: true,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003802000000194001010040020602010000FDE94003040A000001C06302010200000000180A0800",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.8.0.0/24 path-information 0.0.0.0 next-hop 10.0.0.1 origin igp as-path ( 65001 ) attribute [ 0x63 0xE0 0x0102 ]
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003802 body 0x000000194001010040020602010000FDE94003040A000001C06302010200000000180A0800
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.8.0.0/24 path-information 0.0.0.0 next-hop 10.0.0.1 origin igp as-path [ 65001 ] attribute [ 0x63 0xE0 0x0102 ]
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003802 body 0x000000194001010040020602010000FDE94003040A000001C06302010200000000180A0800
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    Case {
        name: "flow_withdrawn",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002B0200000014800F110001850D02200A00000205120400D407D0",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update withdrawn flow source-ipv4 10.0.0.2/32 destination-port [ >1024&<2000 ]
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002B02 body 0x00000014800F110001850D02200A00000205120400D407D0
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update withdrawn flow source-ipv4 10.0.0.2/32 destination-port [ >1024&<2000 ]
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002B02 body 0x00000014800F110001850D02200A00000205120400D407D0
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    Case {
        name: "eor_vpls",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001D0200000006800F03001941",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update route eor 25/65 (l2vpn vpls)
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001D02 body 0x00000006800F03001941
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update route eor 25/65 (l2vpn vpls)
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001D02 body 0x00000006800F03001941
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    Case {
        name: "flow",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF004A02000000334001010040020602010000FDE9C010088006000000000000800E180001850000120118C0000202200A00000103810605910050",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced flow destination-ipv4 192.0.2.0/24 source-ipv4 10.0.0.1/32 protocol =tcp destination-port =80 origin igp as-path ( 65001 ) extended-community rate-limit:0
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF004A02 body 0x000000334001010040020602010000FDE9C010088006000000000000800E180001850000120118C0000202200A00000103810605910050
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced flow destination-ipv4 192.0.2.0/24 source-ipv4 10.0.0.1/32 protocol =tcp destination-port =80 origin igp as-path [ 65001 ] extended-community rate-limit:0
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF004A02 body 0x000000334001010040020602010000FDE9C010088006000000000000800E180001850000120118C0000202200A00000103810605910050
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    Case {
        name: "vpls",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0043020000002C4001010040020602010000FDE9800E1C001941040A0000010000110001C0A8C901007B000500010008029CE1",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced vpls rd 192.168.201.1:123 endpoint 5 base 10702 offset 1 size 8 next-hop 10.0.0.1 origin igp as-path ( 65001 )
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF004302 body 0x0000002C4001010040020602010000FDE9800E1C001941040A0000010000110001C0A8C901007B000500010008029CE1
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced vpls rd 192.168.201.1:123 endpoint 5 base 10702 offset 1 size 8 next-hop 10.0.0.1 origin igp as-path [ 65001 ]
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF004302 body 0x0000002C4001010040020602010000FDE9800E1C001941040A0000010000110001C0A8C901007B000500010008029CE1
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    Case {
        name: "withdrawn",
        add_path: true,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001F0200080000000018C000020000",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update withdrawn 192.0.2.0/24 path-information 0.0.0.0
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001F02 body 0x00080000000018C000020000
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update withdrawn 192.0.2.0/24 path-information 0.0.0.0
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001F02 body 0x00080000000018C000020000
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    Case {
        name: "vpls_withdrawn",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00300200000019800F1600194100110001C0A8C901007B000500010008029CE1",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update withdrawn vpls rd 192.168.201.1:123 endpoint 5 base 10702 offset 1 size 8 
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003002 body 0x00000019800F1600194100110001C0A8C901007B000500010008029CE1
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update withdrawn vpls rd 192.168.201.1:123 endpoint 5 base 10702 offset 1 size 8 
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003002 body 0x00000019800F1600194100110001C0A8C901007B000500010008029CE1
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    Case {
        name: "vpn",
        add_path: true,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0056020000003F4001010040020602010000FDE9C010080002FDE900000001800E240001800C00000000000000000A0000010000000000700006410000FDE9000000010A0600",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.6.0.0/24 path-information 0.0.0.0 label 100 next-hop 10.0.0.1 rd 65001:1 origin igp as-path ( 65001 ) extended-community target:65001:1
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF005602 body 0x0000003F4001010040020602010000FDE9C010080002FDE900000001800E240001800C00000000000000000A0000010000000000700006410000FDE9000000010A0600
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.6.0.0/24 path-information 0.0.0.0 label 100 next-hop 10.0.0.1 rd 65001:1 origin igp as-path [ 65001 ] extended-community target:65001:1
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF005602 body 0x0000003F4001010040020602010000FDE9C010080002FDE900000001800E240001800C00000000000000000A0000010000000000700006410000FDE9000000010A0600
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    Case {
        name: "attrs2",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF009402000000754001010240021002010000FDE9030200000064000000C84003040A00000140050400000064C00808FFFFFF02FDE90064800A040A000008C01914000220010DB80000000000000000000000010064C020240000FDE900000003000000040000FDE900000001000000020000FDE90000000100000002180A0100180A0200",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.1.0.0/24 next-hop 10.0.0.1 origin incomplete as-path ( 65001 ) {( 100 200 )} local-preference 100 community [ 65001:100 no-advertise ] cluster-list [ 10.0.0.8 ] extended-community-ipv6 0x000220010DB80000000000000000000000010064 large-community [ 65001:1:2 65001:3:4 ]
neighbor 127.0.0.1 receive update announced 10.2.0.0/24 next-hop 10.0.0.1 origin incomplete as-path ( 65001 ) {( 100 200 )} local-preference 100 community [ 65001:100 no-advertise ] cluster-list [ 10.0.0.8 ] extended-community-ipv6 0x000220010DB80000000000000000000000010064 large-community [ 65001:1:2 65001:3:4 ]
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF009402 body 0x000000754001010240021002010000FDE9030200000064000000C84003040A00000140050400000064C00808FFFFFF02FDE90064800A040A000008C01914000220010DB80000000000000000000000010064C020240000FDE900000003000000040000FDE900000001000000020000FDE90000000100000002180A0100180A0200
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.1.0.0/24 next-hop 10.0.0.1 origin incomplete as-path [ 65001 ][ 100 200 ] local-preference 100 community [ 65001:100 no-advertise ] cluster-list [ 10.0.0.8 ] attribute [ 0x19 0xC0 0x220010DB80000000000000000000000010064 ] large-community [ 65001:1:2 65001:3:4 ]
neighbor 127.0.0.1 receive update announced 10.2.0.0/24 next-hop 10.0.0.1 origin incomplete as-path [ 65001 ][ 100 200 ] local-preference 100 community [ 65001:100 no-advertise ] cluster-list [ 10.0.0.8 ] attribute [ 0x19 0xC0 0x220010DB80000000000000000000000010064 ] large-community [ 65001:1:2 65001:3:4 ]
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF009402 body 0x000000754001010240021002010000FDE9030200000064000000C84003040A00000140050400000064C00808FFFFFF02FDE90064800A040A000008C01914000220010DB80000000000000000000000010064C020240000FDE900000003000000040000FDE900000001000000020000FDE90000000100000002180A0100180A0200
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    // ExaBGP 5.0 shows AIGP only with "aigp enable" (as captured here); 4.2 never decodes it
    // (its AIGP decoder is broken), so there is no 4.x line to compare with.
    Case {
        name: "attrs3",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF004C02000000314001010140020A01020000FDE90000FDEA4003040A000001C010080002FDE90000000A801A0B01000B0000000000000064180A0100",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.1.0.0/24 next-hop 10.0.0.1 origin egp as-path [ 65001 65002 ] extended-community target:65001:10 aigp 0x0000000000000064
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF004C02 body 0x000000314001010140020A01020000FDE90000FDEA4003040A000001C010080002FDE90000000A801A0B01000B0000000000000064180A0100
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: None,
    },
    Case {
        name: "multicast4",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0034020000001D4001010040020602010000FDE9800E0D000102040A0000010018C00002",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 192.0.2.0/24 next-hop 10.0.0.1 origin igp as-path ( 65001 )
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003402 body 0x0000001D4001010040020602010000FDE9800E0D000102040A0000010018C00002
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 192.0.2.0/24 next-hop 10.0.0.1 origin igp as-path [ 65001 ]
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003402 body 0x0000001D4001010040020602010000FDE9800E0D000102040A0000010018C00002
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    // Deliberate difference: ExaBGP (5.0 and 4.2) prints every NLRI twice, the second time
    // "next-hop fe80::1" (one line per next-hop address); we print each once with the global
    // address.
    Case {
        name: "ipv6ll",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF005802000000414001010040020602010000FDE9800E310002012020010DB8000000000000000000000001FE800000000000000000000000000001002020010DB83020010DB80001",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 2001:db8::/32 next-hop 2001:db8::1 origin igp as-path ( 65001 )
neighbor 127.0.0.1 receive update announced 2001:db8:1::/48 next-hop 2001:db8::1 origin igp as-path ( 65001 )
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF005802 body 0x000000414001010040020602010000FDE9800E310002012020010DB8000000000000000000000001FE800000000000000000000000000001002020010DB83020010DB80001
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 2001:db8::/32 next-hop 2001:db8::1 origin igp as-path [ 65001 ]
neighbor 127.0.0.1 receive update announced 2001:db8:1::/48 next-hop 2001:db8::1 origin igp as-path [ 65001 ]
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF005802 body 0x000000414001010040020602010000FDE9800E310002012020010DB8000000000000000000000001FE800000000000000000000000000001002020010DB83020010DB80001
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    Case {
        name: "ipv6mc",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0041020000002A4001010040020602010000FDE9800E1A0002021020010DB8000000000000000000000001002020010DB8",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 2001:db8::/32 next-hop 2001:db8::1 origin igp as-path ( 65001 )
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF004102 body 0x0000002A4001010040020602010000FDE9800E1A0002021020010DB8000000000000000000000001002020010DB8
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: None,
    },
    Case {
        name: "tawmed",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0035020000001A4001010040020602010000FDE94003040A000001800403000001180A0100",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update withdrawn 10.1.0.0/24 next-hop 10.0.0.1
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003502 body 0x0000001A4001010040020602010000FDE94003040A000001800403000001180A0100
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: None,
    },
    Case {
        name: "tawmp",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003A02000000234001010040020602010000FDE9800403000001800E0D000101040A0000010018C00002",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update withdrawn 192.0.2.0/24 next-hop 10.0.0.1
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003A02 body 0x000000234001010040020602010000FDE9800403000001800E0D000101040A0000010018C00002
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: None,
    },
    // Deliberate difference: ExaBGP 5.0 appends " error discard" and then drops the whole
    // UPDATE; we keep the route without the malformed AGGREGATOR (RFC 7606 §2 "attribute
    // discard") and print nothing for it. ExaBGP 4.2 misreads the short AGGREGATOR.
    Case {
        name: "discard",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0036020000001B4001010040020602010000FDE94003040A000001C007040000FDE9180A0100",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.1.0.0/24 next-hop 10.0.0.1 origin igp as-path ( 65001 )
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003602 body 0x0000001B4001010040020602010000FDE94003040A000001C007040000FDE9180A0100
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: None,
    },
    Case {
        name: "mixed",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF004D020000002E4001010040020602010000FDE94003040A000001800F0700010118C00003800E0D000101040A0000020018C00004180A0100180A0200",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.1.0.0/24 next-hop 10.0.0.1 origin igp as-path ( 65001 )
neighbor 127.0.0.1 receive update announced 10.2.0.0/24 next-hop 10.0.0.1 origin igp as-path ( 65001 )
neighbor 127.0.0.1 receive update withdrawn 192.0.3.0/24
neighbor 127.0.0.1 receive update announced 192.0.4.0/24 next-hop 10.0.0.2 origin igp as-path ( 65001 )
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF004D02 body 0x0000002E4001010040020602010000FDE94003040A000001800F0700010118C00003800E0D000101040A0000020018C00004180A0100180A0200
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.1.0.0/24 next-hop 10.0.0.1 origin igp as-path [ 65001 ]
neighbor 127.0.0.1 receive update announced 10.2.0.0/24 next-hop 10.0.0.1 origin igp as-path [ 65001 ]
neighbor 127.0.0.1 receive update withdrawn 192.0.3.0/24
neighbor 127.0.0.1 receive update announced 192.0.4.0/24 next-hop 10.0.0.2 origin igp as-path [ 65001 ]
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF004D02 body 0x0000002E4001010040020602010000FDE94003040A000001800F0700010118C00003800E0D000101040A0000020018C00004180A0100180A0200
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    Case {
        name: "flowredir",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0041020000002A4001010040020602010000FDE9C01008800800010000000A800E0F000185040A000001000501180A0000",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced flow destination-ipv4 10.0.0.0/24 next-hop 10.0.0.1 origin igp as-path ( 65001 ) extended-community redirect:1:10
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF004102 body 0x0000002A4001010040020602010000FDE9C01008800800010000000A800E0F000185040A000001000501180A0000
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced flow destination-ipv4 10.0.0.0/24 next-hop 10.0.0.1 origin igp as-path [ 65001 ] extended-community redirect:1:10
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF004102 body 0x0000002A4001010040020602010000FDE9C01008800800010000000A800E0F000185040A000001000501180A0000
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    Case {
        name: "flowvpn",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003802000000214001010040020602010000FDE9800E1100018600000B0000FDE90000000101080A",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced flow destination-ipv4 10.0.0.0/8 rd 65001:1 origin igp as-path ( 65001 )
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003802 body 0x000000214001010040020602010000FDE9800E1100018600000B0000FDE90000000101080A
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced flow destination-ipv4 10.0.0.0/8 rd 65001:1 origin igp as-path [ 65001 ]
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003802 body 0x000000214001010040020602010000FDE9800E1100018600000B0000FDE90000000101080A
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    // ExaBGP 4.2 prints no line for this IPv6 flow (its decoder drops the NLRI).
    Case {
        name: "flow6",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF004B02000000344001010040020602010000FDE9800E2400028500001E016840123456789A02200020010DB80381110B812E0C80020DA100012345",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced flow destination-ipv6 ::1234:5678:9a00:0/104/64 source-ipv6 2001:db8::/32/0 next-header =udp traffic-class =46 fragment is-fragment flow-label =74565 origin igp as-path ( 65001 )
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF004B02 body 0x000000344001010040020602010000FDE9800E2400028500001E016840123456789A02200020010DB80381110B812E0C80020DA100012345
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: None,
    },
    Case {
        name: "lbl_w",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0025020000000E800F0B000104388000000A000001",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update withdrawn 10.0.0.1/32 label 524288
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002502 body 0x0000000E800F0B000104388000000A000001
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update withdrawn 10.0.0.1/32 label 524288
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002502 body 0x0000000E800F0B000104388000000A000001
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    Case {
        name: "vpn_w",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002C0200000015800F12000180700000000000FDE9000000010A0600",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update withdrawn 10.6.0.0/24 label 0 rd 65001:1
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002C02 body 0x00000015800F12000180700000000000FDE9000000010A0600
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update withdrawn 10.6.0.0/24 label 0 rd 65001:1
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002C02 body 0x00000015800F12000180700000000000FDE9000000010A0600
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    Case {
        name: "eor_v6",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001D0200000006800F03000201",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update route eor 2/1 (ipv6 unicast)
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001D02 body 0x00000006800F03000201
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update route eor 2/1 (ipv6 unicast)
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001D02 body 0x00000006800F03000201
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    Case {
        name: "prefixsid_srgb",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0037020000001C400101004002004003040A000001C0280B0300080000003E80001F40180A0100",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.1.0.0/24 next-hop 10.0.0.1 origin igp bgp-prefix-sid [ [ ( 16000,8000 ) ] ]
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003702 body 0x0000001C400101004002004003040A000001C0280B0300080000003E80001F40180A0100
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.1.0.0/24 next-hop 10.0.0.1 origin igp bgp-prefix-sid [ None, [ ( 16000,8000 ) ] ]
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003702 body 0x0000001C400101004002004003040A000001C0280B0300080000003E80001F40180A0100
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    Case {
        name: "prefixsid_other",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00310200000016400101004002004003040A000001C028050900020102180A0100",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.1.0.0/24 next-hop 10.0.0.1 origin igp bgp-prefix-sid [ Attribute with code [ 9 ] not implemented ]
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003102 body 0x00000016400101004002004003040A000001C028050900020102180A0100
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: None,
    },
    Case {
        name: "unknown_nontransitive",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0038020000001D4001010040020602010000FDE94003040A0000018063020102E06401AB180A0100",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.1.0.0/24 next-hop 10.0.0.1 origin igp as-path ( 65001 ) attribute [ 0x64 0xE0 0xab ]
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003802 body 0x0000001D4001010040020602010000FDE94003040A0000018063020102E06401AB180A0100
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.1.0.0/24 next-hop 10.0.0.1 origin igp as-path [ 65001 ] attribute [ 0x64 0xE0 0xab ]
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003802 body 0x0000001D4001010040020602010000FDE94003040A0000018063020102E06401AB180A0100
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    Case {
        name: "ext_single_unnamed",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003A020000001F4001010040020602010000FDE94003040A000001C010081234567812345678180A0100",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.1.0.0/24 next-hop 10.0.0.1 origin igp as-path ( 65001 ) extended-community 0x1234567812345678
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003A02 body 0x0000001F4001010040020602010000FDE94003040A000001C010081234567812345678180A0100
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.1.0.0/24 next-hop 10.0.0.1 origin igp as-path [ 65001 ] extended-community 0x1234567812345678
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003A02 body 0x0000001F4001010040020602010000FDE94003040A000001C010081234567812345678180A0100
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    Case {
        name: "community_single",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0036020000001B4001010040020602010000FDE94003040A000001C00804FDE90064180A0100",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.1.0.0/24 next-hop 10.0.0.1 origin igp as-path ( 65001 ) community 65001:100
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003602 body 0x0000001B4001010040020602010000FDE94003040A000001C00804FDE90064180A0100
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update announced 10.1.0.0/24 next-hop 10.0.0.1 origin igp as-path [ 65001 ] community 65001:100
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003602 body 0x0000001B4001010040020602010000FDE94003040A000001C00804FDE90064180A0100
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    Case {
        name: "eor_ipv4",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170200000000",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update route eor 1/1 (ipv4 unicast)
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001702 body 0x00000000
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
neighbor 127.0.0.1 receive update route eor 1/1 (ipv4 unicast)
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001702 body 0x00000000
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
    Case {
        name: "attrs_only",
        add_path: false,
        message: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002B02000000144001010040020602010000FDE94003040A000001",
        exabgp_5: r#"neighbor 127.0.0.1 receive update start
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002B02 body 0x000000144001010040020602010000FDE94003040A000001
neighbor 127.0.0.1 receive update end
"#,
        exabgp_4: Some(
            r#"neighbor 127.0.0.1 receive update start
 header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002B02 body 0x000000144001010040020602010000FDE94003040A000001
neighbor 127.0.0.1 receive update end
"#,
        ),
    },
];
