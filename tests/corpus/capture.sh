#!/usr/bin/env bash
# capture.sh: regenerate tests/corpus from real BGP daemons on loopback.
#
# Starts BIRD, GoBGP, ExaBGP, FRR and OpenBGPD one at a time, each peering with one or more
# instances of tests/corpus/capture.py (a recording BGP speaker) on 127.0.x.y addresses and high
# ports, makes them announce, withdraw, refresh and shut down, then writes one corpus file per
# distinct message with `exabgp decode` output (capture.py emit).
#
# Usage: bash tests/corpus/capture.sh [source...]   (default: bird gobgp exabgp frr openbgpd)
# Needs root and scripts/install-test-tools. Only loopback is used. Every wait is bounded and
# every process started here is stopped at the end (also on error). KEEP=1 keeps the temp dir.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CORPUS="$REPO/tests/corpus"
CAPTURE="$CORPUS/capture.py"
EXABGP="$REPO/.venv/bin/exabgp"
PY=/usr/bin/python3
[ -x "$PY" ] || PY="$(command -v python3)"
[ -x "$EXABGP" ] || { echo "capture.sh: $EXABGP missing; run scripts/install-test-tools" >&2; exit 1; }

WORK="$(mktemp -d /tmp/ferrobgp-corpus.XXXXXX)"
RAW="$WORK/raw"
mkdir -p "$RAW"
PIDS=()

cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        # bounded wait for each process to go away
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    PIDS=()
    if [ "${KEEP:-0}" = 1 ]; then echo "capture.sh: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

say() { echo "capture.sh: $*" >&2; }

# stop_pids PID...: stop processes started by this script (bounded), and forget them.
stop_pids() {
    local pid keep=() p
    for pid in "$@"; do kill "$pid" 2>/dev/null || true; done
    for pid in "$@"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    for p in "${PIDS[@]}"; do
        case " $* " in *" $p "*) ;; *) keep+=("$p") ;; esac
    done
    PIDS=("${keep[@]}")
}

# record SOURCE SESSION "about" ASN4 ADDPATH -- capture.py args...
# starts a recorder in the background; its pid is in $LAST_PID.
record() {
    local source="$1" session="$2" about="$3" asn4="$4" addpath="$5" version="$6"
    shift 7
    mkdir -p "$RAW/$source"
    printf 'source: %s\nasn4: %s\nadd-path: %s\nabout: %s\n' "$version" "$asn4" "$addpath" "$about" \
        > "$RAW/$source/$session.meta"
    : > "$RAW/$source/$session.hex"
    "$PY" "$CAPTURE" --out "$RAW/$source/$session.hex" "$@" 2> "$RAW/$source/$session.log" &
    LAST_PID=$!
    PIDS+=("$LAST_PID")
}

# wait_lines FILE N SECONDS: wait until FILE has at least N messages (bounded).
wait_lines() {
    local i
    for i in $(seq $(( $3 * 10 ))); do
        [ "$(wc -l < "$1")" -ge "$2" ] && return 0
        sleep 0.1
    done
    say "timeout waiting for $2 messages in $(basename "$1")"
    return 0
}

# ------------------------------------------------------------------------------------ BIRD
capture_bird() {
    local d="$WORK/bird" v
    mkdir -p "$d"
    v="bird $(bird --version 2>&1 | awk '{print $3}')"
    cat > "$d/bird.conf" <<EOF
router id 127.0.0.10;
log "$d/bird.log" all;
protocol device {}
ipv4 table mc4;
ipv6 table mc6;
ipv4 table lab4;
ipv6 table lab6;
vpn4 table vpntab4;
vpn6 table vpntab6;
flow4 table flowtab4;
flow6 table flowtab6;

protocol static s4 {
  ipv4;
  route 10.1.0.0/24 blackhole;
  route 10.1.1.0/24 blackhole { bgp_origin = ORIGIN_INCOMPLETE; bgp_med = 10; bgp_path.prepend(65010); bgp_path.prepend(4200000001);
     bgp_community.add((65010,100)); bgp_community.add((65535,65281)); bgp_community.add((65535,65282)); bgp_community.add((65535,666));
     bgp_large_community.add((4200000001,1,2)); bgp_large_community.add((65010,3,4));
     bgp_ext_community.add((rt, 65010, 100)); bgp_ext_community.add((ro, 65010, 200)); bgp_ext_community.add((rt, 192.0.2.1, 5)); bgp_ext_community.add((rt, 4200000001, 7)); bgp_ext_community.add((generic, 0x03000000, 0x00000005)); };
  route 10.1.2.0/24 blackhole { bgp_origin = ORIGIN_EGP; };
  route 10.2.0.0/24 blackhole; route 10.2.1.0/24 blackhole; route 10.2.2.0/24 blackhole; route 10.2.3.0/24 blackhole;
  route 10.2.4.0/25 blackhole; route 10.2.5.0/26 blackhole; route 10.2.6.0/27 blackhole; route 10.2.7.7/32 blackhole;
  route 172.16.0.0/12 blackhole; route 0.0.0.0/0 blackhole;
}
protocol static s6 {
  ipv6;
  route 2001:db8:1::/48 blackhole;
  route 2001:db8:1:1::/64 blackhole { bgp_med = 20; bgp_path.prepend(65010); bgp_community.add((65010,600)); bgp_large_community.add((65010,6,6)); bgp_ext_community.add((rt, 65010, 600)); };
  route 2001:db8:2::/56 blackhole; route 2001:db8:2:100::/56 blackhole; route 2001:db8:ffff::1/128 blackhole; route ::/0 blackhole;
}
protocol static sw4 { ipv4; route 10.3.0.0/24 blackhole; route 10.3.1.0/24 blackhole; }
protocol static sw6 { ipv6; route 2001:db8:3::/48 blackhole; }
protocol static s4b { ipv4; route 10.1.0.0/24 blackhole { bgp_med = 99; bgp_path.prepend(65099); }; }
protocol static s6b { ipv6; route 2001:db8:1::/48 blackhole { bgp_med = 99; }; }
protocol static smc4 { ipv4 { table mc4; }; route 232.1.0.0/16 blackhole; route 10.40.0.0/24 blackhole; }
protocol static smc6 { ipv6 { table mc6; }; route ff3e::/32 blackhole; }
protocol static slab4 { ipv4 { table lab4; }; route 10.50.0.0/24 blackhole; }
protocol static slab6 { ipv6 { table lab6; }; route 2001:db8:50::/48 blackhole; }
protocol static svpn4 { vpn4 { table vpntab4; }; route 65010:1 10.60.0.0/24 blackhole; route 192.0.2.1:7 10.61.0.0/24 blackhole { bgp_ext_community.add((rt, 65010, 1)); }; }
protocol static svpn6 { vpn6 { table vpntab6; }; route 65010:1 2001:db8:60::/48 blackhole; }
protocol static sflow4 {
  flow4 { table flowtab4; };
  route flow4 { dst 10.70.0.0/24; src 10.71.0.0/16; proto = 6; port > 1000 && < 2000 || = 8080; dport = 80; sport > 1024; icmp type 8; icmp code 0; tcp flags 0x02/0x12; length > 64 && < 1500; dscp = 46; fragment is_fragment; } { bgp_ext_community.add((generic, 0x80060000, 0x00000000)); };
  route flow4 { dst 10.72.0.0/16; proto = 17; dport = 53; } { bgp_ext_community.add((generic, 0x80060000, 0x4479ec00)); bgp_ext_community.add((generic, 0x80080000 + 65010, 100)); bgp_ext_community.add((generic, 0x80090000, 0x0000002e)); bgp_ext_community.add((generic, 0x80070000, 0x00000003)); };
}
protocol static sflow6 {
  flow6 { table flowtab6; };
  route flow6 { dst 2001:db8:70::/48; src 2001:db8:71::/48 offset 8; next header = 6; port = 443; tcp flags 0x1/0x1; length > 100; dscp = 10; fragment !is_fragment; } { bgp_ext_community.add((generic, 0x80060000, 0x00000000)); };
}

protocol bgp bird_ebgp {
  local 127.0.0.10 port 17910 as 65010; neighbor 127.0.1.1 as 65100; multihop; passive on; strict bind yes;
  enable route refresh on; enable extended messages on; graceful restart on;
  ipv4 { import all; export filter { if net = 10.1.1.0/24 then bgp_med = 10; if net = 10.1.2.0/24 then bgp_med = 0; accept; }; next hop address 192.0.2.1; };
  ipv6 { import all; export all; next hop address 2001:db8::1; };
  ipv4 multicast { table mc4; import none; export all; next hop address 192.0.2.1; };
  ipv6 multicast { table mc6; import none; export all; next hop address 2001:db8::1; };
  ipv4 mpls { table lab4; import none; export all; next hop address 192.0.2.1; };
  ipv6 mpls { table lab6; import none; export all; next hop address 2001:db8::1; };
  vpn4 mpls { table vpntab4; import none; export all; next hop address 192.0.2.1; };
  vpn6 mpls { table vpntab6; import none; export all; next hop address 2001:db8::1; };
  flow4 { table flowtab4; import none; export all; };
  flow6 { table flowtab6; import none; export all; };
}
protocol bgp bird_ibgp_rr {
  local 127.0.0.10 port 17910 as 65010; neighbor 127.0.1.2 as 65010; multihop; passive on; strict bind yes;
  rr client; rr cluster id 10.10.10.10;
  ipv4 { import none; export filter { if net = 10.1.0.0/24 then { bgp_originator_id = 10.9.9.9; bgp_cluster_list.add(10.8.8.8); bgp_local_pref = 250; } accept; }; next hop address 192.0.2.1; };
  ipv6 { import none; export all; next hop address 2001:db8::1; };
}
protocol bgp bird_addpath {
  local 127.0.0.10 port 17910 as 65010; neighbor 127.0.1.3 as 65101; multihop; passive on; strict bind yes;
  ipv4 { import none; export all; add paths tx; next hop address 192.0.2.1; };
  ipv6 { import none; export all; add paths tx; next hop address 2001:db8::1; };
}
protocol bgp bird_as2 {
  local 127.0.0.10 port 17910 as 4200000001; neighbor 127.0.1.4 as 65102; multihop; passive on; strict bind yes;
  local role provider;
  ipv4 { import none; export filter { if net = 10.1.1.0/24 then { bgp_path.prepend(4200000002); bgp_path.prepend(65001); } accept; }; next hop address 192.0.2.1; };
}
EOF
    bird -p -c "$d/bird.conf"
    timeout 120 bird -f -c "$d/bird.conf" -s "$d/bird.ctl" -P "$d/bird.pid" &
    local bird_pid=$!
    PIDS+=("$bird_pid")
    for _ in $(seq 50); do [ -S "$d/bird.ctl" ] && break; sleep 0.1; done
    local B="birdc -s $d/bird.ctl"
    local poke
    poke() { for _ in $(seq "$1"); do $B show status >/dev/null 2>&1 || true; sleep 0.1; done; }

    record bird ebgp "eBGP, BIRD AS65010 -> recorder AS65100, channels ipv4/ipv6 unicast+multicast, ipv4/ipv6 mpls, vpn4/vpn6 mpls, flow4/flow6" \
        true false "$v" -- --connect 127.0.0.10:17910 --bind 127.0.1.1 --as 65100 --router-id 127.0.1.1 --refresh-after 4 --duration 60
    local r1=$LAST_PID
    record bird ibgp-rr "iBGP, BIRD AS65010 -> recorder AS65010 as route-reflector client, ORIGINATOR_ID/CLUSTER_LIST set by export filter" \
        true false "$v" -- --connect 127.0.0.10:17910 --bind 127.0.1.2 --as 65010 --router-id 127.0.1.2 --duration 60
    local r2=$LAST_PID
    record bird addpath "eBGP with ADD-PATH, BIRD 'add paths tx' -> recorder AS65101 (ADD-PATH send/receive ipv4/ipv6 unicast)" \
        true true "$v" -- --connect 127.0.0.10:17910 --bind 127.0.1.3 --as 65101 --router-id 127.0.1.3 --addpath --duration 60
    local r3=$LAST_PID
    record bird as2 "eBGP, BIRD local AS 4200000001 with 'local role provider' -> recorder AS65102 without the 4-octet AS capability (AS_TRANS, AS4_PATH, OTC)" \
        false false "$v" -- --connect 127.0.0.10:17910 --bind 127.0.1.4 --as 65102 --router-id 127.0.1.4 --no-asn4 --duration 60
    local r4=$LAST_PID

    for _ in $(seq 150); do
        [ "$($B show protocols 2>/dev/null | grep -c Established)" -ge 4 ] && break
        sleep 0.1
    done
    $B show protocols | grep -E '^bird_' >&2 || true
    # BIRD holds back its last UPDATE and the End-of-RIB for up to ~3 s unless poked.
    poke 40
    $B reload in bird_ebgp >/dev/null        # ROUTE-REFRESH from BIRD
    poke 30                                   # recorder's own ROUTE-REFRESH -> BoRR, updates, EoRR
    for p in sw4 sw6 sflow6 s4b s6b svpn6; do $B disable "$p" >/dev/null; done   # withdrawals
    poke 30
    $B disable bird_ebgp '"going down for maintenance"' >/dev/null   # Cease/shutdown with RFC 9003 message
    $B restart bird_addpath >/dev/null                               # Cease/administrative reset
    $B disable bird_ibgp_rr >/dev/null                               # Cease/shutdown, no message
    poke 20
    wait_lines "$RAW/bird/ebgp.hex" 5 5
    stop_pids "$r1" "$r2" "$r3" "$r4" "$bird_pid"
}

# ------------------------------------------------------------------------------------ GoBGP
capture_gobgp() {
    local d="$WORK/gobgp" v
    mkdir -p "$d"
    v="gobgp $(gobgpd --version 2>&1 | awk '{print $3}')"
    cat > "$d/gobgpd.toml" <<'EOF'
[global.config]
  as = 4200000001
  router-id = "127.0.0.20"
  port = 17920
  local-address-list = ["127.0.0.20"]
[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.2.1"
    peer-as = 65200
  [neighbors.transport.config]
    passive-mode = true
    local-address = "127.0.0.20"
  [neighbors.graceful-restart.config]
    enabled = true
    restart-time = 120
  [neighbors.ebgp-multihop.config]
    enabled = true
    multihop-ttl = 2
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-labelled-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-labelled-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
    [neighbors.afi-safis.config]
      afi-safi-name = "l3vpn-ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
    [neighbors.afi-safis.config]
      afi-safi-name = "l3vpn-ipv6-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-flowspec"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-flowspec"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
    [neighbors.afi-safis.config]
      afi-safi-name = "l3vpn-ipv4-flowspec"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
    [neighbors.afi-safis.config]
      afi-safi-name = "l3vpn-ipv6-flowspec"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
    [neighbors.afi-safis.config]
      afi-safi-name = "l2vpn-evpn"
[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.2.2"
    peer-as = 4200000001
  [neighbors.transport.config]
    passive-mode = true
    local-address = "127.0.0.20"
  [neighbors.graceful-restart.config]
    enabled = true
    restart-time = 120
  [neighbors.route-reflector.config]
    route-reflector-client = true
    route-reflector-cluster-id = "10.20.20.20"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.2.3"
    peer-as = 65201
  [neighbors.transport.config]
    passive-mode = true
    local-address = "127.0.0.20"
  [neighbors.graceful-restart.config]
    enabled = true
    restart-time = 120
  # addpath
  [neighbors.ebgp-multihop.config]
    enabled = true
    multihop-ttl = 2
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
    [neighbors.afi-safis.add-paths.config]
      send-max = 8
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
    [neighbors.afi-safis.add-paths.config]
      send-max = 8
[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.2.4"
    peer-as = 65202
  [neighbors.transport.config]
    passive-mode = true
    local-address = "127.0.0.20"
  [neighbors.graceful-restart.config]
    enabled = true
    restart-time = 120
  [neighbors.ebgp-multihop.config]
    enabled = true
    multihop-ttl = 2
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
EOF
    gobgpd -f "$d/gobgpd.toml" -d > /dev/null
    timeout 120 gobgpd -f "$d/gobgpd.toml" -p --api-hosts=127.0.0.1:50920 --pprof-disable > "$d/gobgpd.log" 2>&1 &
    local g_pid=$!
    PIDS+=("$g_pid")
    local G="gobgp -p 50920"
    for _ in $(seq 50); do $G global >/dev/null 2>&1 && break; sleep 0.1; done

    # Routes first, so that the initial feed carries them.
    local add=(timeout 10 $G global rib add)
    "${add[@]}" -a ipv4 10.20.0.0/24 nexthop 192.0.2.20 origin egp aspath "65030 65031 {65040,65041}" med 20 \
        community 65020:1,planned-shut,accept-own,blackhole,no-peer large-community 4200000001:1:2,65020:3:4 \
        aigp metric 150 aggregator 4200000001:192.0.2.9
    "${add[@]}" -a ipv4 10.20.1.0/24 nexthop 192.0.2.20 identifier 1 med 1
    "${add[@]}" -a ipv4 10.20.1.0/24 nexthop 192.0.2.21 identifier 2 med 2 aspath 65032
    "${add[@]}" -a ipv4 10.20.2.0/24 nexthop 192.0.2.20 local-pref 300 origin incomplete
    "${add[@]}" -a ipv6 2001:db8:20::/48 nexthop 2001:db8::20 community 65020:6 origin incomplete
    "${add[@]}" -a ipv6 2001:db8:21::/48 nexthop fe80::1
    "${add[@]}" -a ipv4-mpls 10.21.0.0/24 100/200 nexthop 192.0.2.20
    "${add[@]}" -a ipv6-mpls 2001:db8:22::/48 300 nexthop 2001:db8::20
    "${add[@]}" -a vpnv4 10.23.0.0/24 label 1000 rd 65020:100 rt 65020:100 nexthop 192.0.2.20
    "${add[@]}" -a vpnv4 10.23.1.0/24 label 1001 rd 192.0.2.1:5 rt 192.0.2.1:5 nexthop 192.0.2.20
    "${add[@]}" -a vpnv4 10.23.2.0/24 label 1002 rd 4200000001:7 nexthop 192.0.2.20
    "${add[@]}" -a vpnv6 2001:db8:23::/48 label 2000 rd 65020:200 rt 65020:200 nexthop 2001:db8::20
    "${add[@]}" -a ipv4-flowspec match destination 10.24.0.0/24 source 10.25.0.0/16 protocol tcp port '>=1024&<=2048' \
        destination-port ==80 ==443 source-port '>1024' tcp-flags S '!=A' packet-length '<1500' dscp 46 fragment is-fragment \
        then rate-limit 1000 as 65020
    "${add[@]}" -a ipv4-flowspec match destination 10.24.1.0/24 protocol udp icmp-type 8 icmp-code 0 then discard
    "${add[@]}" -a ipv4-flowspec match destination 10.24.2.0/24 then redirect 65020:666 mark 10 action sample-terminal
    "${add[@]}" -a ipv6-flowspec match destination 2001:db8:24::/48 0 source 2001:db8:25::/48 8 protocol tcp label 12345 \
        destination-port ==22 then discard
    "${add[@]}" -a ipv6-flowspec match destination 2001:db8:26::/64 then redirect 2001:db8::1:100 rate-limit 0
    "${add[@]}" -a ipv4-l3vpn-flowspec rd 65020:9 match destination 10.27.0.0/24 then discard rt 65020:9
    "${add[@]}" -a evpn macadv aa:bb:cc:dd:ee:ff 10.28.0.1 etag 0 label 3000 rd 65020:300 rt 65020:300 encap vxlan
    "${add[@]}" -a evpn multicast 10.28.0.2 etag 0 rd 65020:301 rt 65020:301 encap vxlan pmsi ingress-repl 3001 10.28.0.2
    "${add[@]}" -a evpn prefix 10.29.0.0/24 gw 10.29.0.1 etag 0 label 3002 rd 65020:302 rt 65020:302 router-mac aa:bb:cc:00:00:01
    "${add[@]}" -a evpn esi 10.28.0.3 esi MAC aa:bb:cc:dd:ee:01 1 rd 65020:303 rt 65020:303
    "${add[@]}" -a evpn a-d esi LACP aa:bb:cc:dd:ee:02 2 etag 0 label 3003 rd 65020:304 rt 65020:304

    record gobgp ebgp "eBGP, GoBGP AS4200000001 -> recorder AS65200, ipv4/ipv6 unicast, labelled, l3vpn, flowspec, l3vpn-flowspec, evpn" \
        true false "$v" -- --connect 127.0.0.20:17920 --bind 127.0.2.1 --as 65200 --router-id 127.0.2.1 --duration 60
    local r1=$LAST_PID
    record gobgp ibgp "iBGP, GoBGP AS4200000001 -> recorder AS4200000001 as route-reflector client" \
        true false "$v" -- --connect 127.0.0.20:17920 --bind 127.0.2.2 --as 4200000001 --router-id 127.0.2.2 --duration 60
    local r2=$LAST_PID
    record gobgp addpath "eBGP with ADD-PATH (GoBGP send-max 8) -> recorder AS65201" \
        true true "$v" -- --connect 127.0.0.20:17920 --bind 127.0.2.3 --as 65201 --router-id 127.0.2.3 --addpath --duration 60
    local r3=$LAST_PID
    record gobgp as2 "eBGP, GoBGP AS4200000001 -> recorder AS65202 without the 4-octet AS capability (AS_TRANS, AS4_PATH, AS4_AGGREGATOR)" \
        false false "$v" -- --connect 127.0.0.20:17920 --bind 127.0.2.4 --as 65202 --router-id 127.0.2.4 --no-asn4 --duration 60
    local r4=$LAST_PID

    for _ in $(seq 150); do
        [ "$($G neighbor 2>/dev/null | grep -c Establ)" -ge 4 ] && break
        sleep 0.1
    done
    $G neighbor >&2 || true
    sleep 3
    # withdrawals in several families
    local del=(timeout 10 $G global rib del)
    "${del[@]}" -a ipv4 10.20.2.0/24 || true
    "${del[@]}" -a ipv4 10.20.1.0/24 identifier 2 || true
    "${del[@]}" -a ipv6 2001:db8:21::/48 || true
    "${del[@]}" -a vpnv4 10.23.2.0/24 label 1002 rd 4200000001:7 || true
    "${del[@]}" -a ipv4-flowspec match destination 10.24.1.0/24 protocol udp icmp-type 8 icmp-code 0 || true
    "${del[@]}" -a evpn multicast 10.28.0.2 etag 0 rd 65020:301 || true
    sleep 2
    timeout 10 $G neighbor 127.0.2.1 softresetin || true                           # ROUTE-REFRESH
    timeout 10 $G neighbor 127.0.2.3 softresetin -a ipv6 || true
    sleep 2
    timeout 10 $G neighbor 127.0.2.1 shutdown --reason "maintenance window 42" || true  # Cease/shutdown with message
    timeout 10 $G neighbor 127.0.2.2 reset || true                                     # Cease/reset
    sleep 2
    stop_pids "$r1" "$r2" "$r3" "$r4" "$g_pid"
}

# ------------------------------------------------------------------------------------ ExaBGP
capture_exabgp() {
    local d="$WORK/exabgp" v
    mkdir -p "$d"
    v="exabgp $("$EXABGP" version 2>/dev/null | sed -n 's/^ExaBGP *: *//p')"
    cat > "$d/exabgp.conf" <<EOF
process api {
    run $PY $d/api.py;
    encoder text;
}
neighbor 127.0.3.1 {
  router-id 127.0.0.30; local-address 127.0.0.30; connect 17930; hold-time 90;
  local-as 65030; peer-as 65300;
  capability { route-refresh; graceful-restart 120; extended-message enable; }
  family { ipv4 unicast; ipv6 unicast; ipv4 multicast; ipv4 nlri-mpls; ipv6 nlri-mpls; ipv4 mpls-vpn; ipv6 mpls-vpn; ipv4 flow; ipv6 flow; ipv4 flow-vpn; l2vpn vpls; }
  api { processes [ api ]; }
  static {
    route 10.30.0.0/24 { next-hop 192.0.2.30; origin egp; as-path [ 65030 65031 ] ( 65040 65041 ); med 30; community [ 65030:1 no-export no-advertise 65535:666 ]; large-community [ 65030:1:2 4200000001:3:4 ]; extended-community [ target:65030:1 origin:65030:2 target:192.0.2.30:3 ]; atomic-aggregate; aggregator ( 65030:192.0.2.30 ); aigp 1000; attribute [ 0x63 0xC0 0x0102 ]; }
    route 10.30.1.0/24 { next-hop 192.0.2.30; as-path [ 4200000001 65030 ]; }
    route 10.30.2.0/24 { next-hop 192.0.2.30; label [ 100 ]; }
    route 10.30.3.0/24 { next-hop 192.0.2.30; label [ 200 ]; rd 65030:3; extended-community [ target:65030:3 ]; }
    route 10.30.4.0/24 { next-hop 192.0.2.30; label [ 300 ]; bgp-prefix-sid [ 55, [ ( 16000,1000 ) ] ]; }
    route 10.30.5.0/24 { next-hop 192.0.2.30; label [ 301 302 ]; }
    route 224.1.0.0/16 { next-hop 192.0.2.30; }
    route 2001:db8:30::/48 { next-hop 2001:db8::30; community [ 65030:6 ]; }
    route 2001:db8:31::/48 { next-hop 2001:db8::30; label [ 400 ]; rd 65030:31; }
    route 2001:db8:32::/48 { next-hop 2001:db8::30; label [ 500 ]; }
  }
  flow {
    route f1 {
      match { source 10.31.0.0/24; destination 10.32.0.0/24; protocol [ tcp udp ]; destination-port [ =80 >8080&<8088 ]; source-port [ >1024 ]; packet-length [ >200&<300 ]; fragment [ is-fragment ]; tcp-flags [ syn ]; icmp-type [ 8 ]; dscp [ 46 ]; }
      then { rate-limit 9600; community [ 65030:99 ]; }
    }
    route f2 { match { destination 10.33.0.0/24; } then { discard; } }
    route f3 { match { destination 10.34.0.0/24; } then { redirect 65030:10; mark 10; action sample-terminal; } }
    route f4 { match { destination 10.35.0.0/24; } then { redirect 192.0.2.99; } }
    route f5 { match { destination 2001:db8:36::/48/0; source 2001:db8:37::/48/0; next-header [ 6 ]; flow-label [ 12345 ]; traffic-class [ 10 ]; destination-port [ =443 ]; } then { discard; } }
    route f6 { rd 65030:6; match { destination 10.38.0.0/24; } then { discard; } }
  }
  announce {
    ipv4 { nlri-mpls 10.30.6.0/24 next-hop 192.0.2.30 label [ 600 ]; }
    ipv6 { nlri-mpls 2001:db8:33::/48 next-hop 2001:db8::30 label [ 700 ]; }
  }
  l2vpn {
    vpls site1 { endpoint 5; base 10702; offset 1; size 8; rd 192.0.2.30:123; next-hop 192.0.2.30; extended-community [ target:65030:7 ]; }
  }
}
neighbor 127.0.3.2 {
  router-id 127.0.0.30; local-address 127.0.0.30; connect 17930; hold-time 90;
  local-as 65030; peer-as 65030;
  family { ipv4 unicast; ipv6 unicast; }
  static {
    route 10.30.10.0/24 { next-hop 192.0.2.30; local-preference 200; originator-id 10.0.0.9; cluster-list [ 10.0.0.8 10.0.0.7 ]; med 7; }
    route 10.30.11.0/24 { next-hop 192.0.2.30; as-path [ 65101 65102 ]; local-preference 50; origin incomplete; }
    route 2001:db8:40::/48 { next-hop 2001:db8::30; local-preference 300; }
  }
}
neighbor 127.0.3.3 {
  router-id 127.0.0.30; local-address 127.0.0.30; connect 17930; hold-time 90;
  local-as 4200000001; peer-as 65302;
  capability { asn4 enable; }
  family { ipv4 unicast; }
  static {
    route 10.30.20.0/24 { next-hop 192.0.2.30; as-path [ 4200000002 65001 ]; aggregator ( 4200000001:192.0.2.30 ); atomic-aggregate; }
    route 10.30.21.0/24 { next-hop 192.0.2.30; as-path [ 65001 ] ( 4200000003 65002 ); }
  }
}
neighbor 127.0.3.4 {
  router-id 127.0.0.30; local-address 127.0.0.30; connect 17930; hold-time 90;
  local-as 65030; peer-as 65303;
  capability { add-path send; }
  family { ipv4 unicast; ipv6 unicast; }
  static {
    route 10.30.30.0/24 { next-hop 192.0.2.30; path-information 1; }
    route 10.30.30.0/24 { next-hop 192.0.2.31; path-information 2; med 20; }
    route 10.30.31.0/24 { next-hop 192.0.2.30; path-information 0.0.0.7; }
    route 2001:db8:50::/48 { next-hop 2001:db8::30; path-information 9; }
  }
}
EOF
    cat > "$d/api.py" <<'EOF'
import sys
import time

def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()

time.sleep(4)
say("neighbor 127.0.3.1 withdraw route 10.30.1.0/24 next-hop 192.0.2.30")
say("neighbor 127.0.3.1 withdraw route 2001:db8:30::/48 next-hop 2001:db8::30")
say("neighbor 127.0.3.1 withdraw route 10.30.2.0/24 next-hop 192.0.2.30 label [ 100 ]")
say("neighbor 127.0.3.1 withdraw route 10.30.3.0/24 next-hop 192.0.2.30 label [ 200 ] rd 65030:3")
say("neighbor 127.0.3.1 withdraw flow route destination 10.33.0.0/24 discard")
say("neighbor 127.0.3.1 announce route 10.30.9.0/24 next-hop 192.0.2.30 med 5 community [ 65030:9 ]")
say("neighbor 127.0.3.1 announce route-refresh ipv4 unicast")
say("neighbor 127.0.3.1 announce eor ipv6 unicast")
time.sleep(3)
say("neighbor 127.0.3.1 teardown 2")
for _ in sys.stdin:
    pass
EOF
    "$EXABGP" validate "$d/exabgp.conf" > "$d/validate.log" 2>&1 || { cat "$d/validate.log" >&2; return 1; }

    record exabgp ebgp "eBGP, ExaBGP AS65030 -> recorder AS65300, static routes with every attribute, flow, flow-vpn, vpls, labelled, mpls-vpn, multicast, API withdrawals" \
        true false "$v" -- --listen 127.0.3.1:17930 --as 65300 --router-id 127.0.3.1 --duration 60
    local r1=$LAST_PID
    record exabgp ibgp "iBGP, ExaBGP AS65030 -> recorder AS65030 (LOCAL_PREF, ORIGINATOR_ID, CLUSTER_LIST); the recorder sends a message of type 9 after 3 s to provoke a NOTIFICATION" \
        true false "$v" -- --listen 127.0.3.2:17930 --as 65030 --router-id 127.0.3.2 --bad-type-after 3 --duration 60
    local r2=$LAST_PID
    record exabgp as2 "eBGP, ExaBGP local AS 4200000001 -> recorder AS65302 without the 4-octet AS capability (AS_TRANS, AS4_PATH)" \
        false false "$v" -- --listen 127.0.3.3:17930 --as 65302 --router-id 127.0.3.3 --no-asn4 --duration 60
    local r3=$LAST_PID
    record exabgp addpath "eBGP with ADD-PATH, ExaBGP 'add-path send' and path-information -> recorder AS65303" \
        true true "$v" -- --listen 127.0.3.4:17930 --as 65303 --router-id 127.0.3.4 --addpath --duration 60
    local r4=$LAST_PID
    sleep 0.5

    env exabgp.tcp.bind=127.0.0.30 exabgp.tcp.port=17939 exabgp.daemon.user=root exabgp.api.cli=false \
        exabgp.log.destination="$d/exabgp.log" exabgp.daemon.drop=false \
        timeout 60 "$EXABGP" server "$d/exabgp.conf" > "$d/run.log" 2>&1 &
    local e_pid=$!
    PIDS+=("$e_pid")
    wait_lines "$RAW/exabgp/ebgp.hex" 3 15
    # the API helper withdraws after 4 s and tears the ebgp session down after 7 s
    for _ in $(seq 120); do grep -q "^FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF....03" "$RAW/exabgp/ebgp.hex" && break; sleep 0.1; done
    sleep 1
    # SIGTERM: ExaBGP sends a Cease NOTIFICATION on the remaining sessions
    stop_pids "$e_pid"
    sleep 0.5
    stop_pids "$r1" "$r2" "$r3" "$r4"
}

# ------------------------------------------------------------------------------------ FRR
capture_frr() {
    local d="$WORK/frr" v
    mkdir -p "$d"
    v="frr $(/usr/lib/frr/bgpd --version 2>&1 | head -1 | awk '{print $3}')"
    cat > "$d/bgpd.conf" <<EOF
frr defaults traditional
hostname corpusfrr
log file $d/bgpd.log
!
route-map RICH permit 10
 set community 65040:1 65040:2 graceful-shutdown additive
 set large-community 65040:1:2 4200000001:3:4
 set extcommunity rt 65040:100 192.0.2.40:7
 set extcommunity soo 65040:9
 set metric 40
 set origin egp
 set as-path prepend 65040 4200000001
 set local-preference 200
 set atomic-aggregate
 set aggregator as 65040 192.0.2.40
exit
!
router bgp 65040
 bgp router-id 127.0.0.40
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor 127.0.4.1 remote-as 65400
 neighbor 127.0.4.1 passive
 neighbor 127.0.4.1 update-source 127.0.0.40
 neighbor 127.0.4.1 disable-connected-check
 neighbor 127.0.4.1 capability extended-nexthop
 address-family ipv4 unicast
  network 10.40.0.0/24
  network 10.40.1.0/24 route-map RICH
  network 10.41.1.0/24
  network 10.41.2.0/24
  aggregate-address 10.41.0.0/16 as-set summary-only
 exit-address-family
 address-family ipv6 unicast
  network 2001:db8:40::/48
  network 2001:db8:41::/48 route-map RICH
  neighbor 127.0.4.1 activate
 exit-address-family
exit
EOF
    /usr/lib/frr/bgpd -C -f "$d/bgpd.conf" -Z -S >/dev/null
    record frr ebgp "eBGP, FRR AS65040 -> recorder AS65400, ipv4/ipv6 unicast with route-map attributes and an as-set aggregate" \
        true false "$v" -- --connect 127.0.0.40:17940 --bind 127.0.4.1 --as 65400 --router-id 127.0.4.1 --duration 40
    local r1=$LAST_PID
    timeout 60 /usr/lib/frr/bgpd -f "$d/bgpd.conf" -i "$d/bgpd.pid" --vty_socket "$d" -Z -S -p 17940 -l 127.0.0.40 -P 0 \
        > "$d/bgpd.out" 2>&1 &
    local f_pid=$!
    PIDS+=("$f_pid")
    wait_lines "$RAW/frr/ebgp.hex" 6 20
    sleep 4
    timeout 10 vtysh -H /dev/null --vty_socket "$d" -d bgpd -c 'clear bgp 127.0.4.1 soft in' >/dev/null 2>&1 || true
    sleep 1
    timeout 10 vtysh -H /dev/null --vty_socket "$d" -d bgpd -c 'configure terminal' -c 'router bgp 65040' \
        -c 'neighbor 127.0.4.1 shutdown message "frr maintenance"' >/dev/null 2>&1 || true
    sleep 1
    stop_pids "$r1" "$f_pid"
    rm -rf "/var/tmp/frr/bgpd.$f_pid" 2>/dev/null || true
}

# ------------------------------------------------------------------------------------ OpenBGPD
capture_openbgpd() {
    local d="$WORK/openbgpd" v
    mkdir -p "$d"
    v="openbgpd $(dpkg-query -W -f='${Version}' openbgpd 2>/dev/null | cut -d- -f1)"
    cat > "$d/bgpd.conf" <<EOF
AS 65050
router-id 127.0.0.50
fib-update no
listen on 127.0.0.50 port 17950
socket "$d/bgpd.sock"
network 10.50.0.0/24 set { community 65050:1 large-community 65050:1:2 med 50 ext-community rt 65050:7 }
network 10.50.1.0/24 set { community GRACEFUL_SHUTDOWN prepend-self 2 origin egp }
network 2001:db8:50::/48 set { community 65050:6 }
neighbor 127.0.5.1 {
  remote-as 65500
  local-address 127.0.0.50
  passive
  multihop 2
  announce IPv6 unicast
}
allow from any
allow to any
EOF
    chmod 600 "$d/bgpd.conf"
    bgpd -n -f "$d/bgpd.conf" >/dev/null
    record openbgpd ebgp "eBGP, OpenBGPD AS65050 -> recorder AS65500, ipv4/ipv6 unicast with communities" \
        true false "$v" -- --connect 127.0.0.50:17950 --bind 127.0.5.1 --as 65500 --router-id 127.0.5.1 --duration 40
    local r1=$LAST_PID
    # bgpd chroots to /run/openbgpd: give it a private tmpfs /run in its own mount namespace
    timeout 60 unshare -m --propagation private sh -c \
        'mount -t tmpfs tmpfs /run && mkdir -p /run/openbgpd && exec bgpd -d -f "$0"' "$d/bgpd.conf" > "$d/bgpd.log" 2>&1 &
    local o_pid=$!
    PIDS+=("$o_pid")
    wait_lines "$RAW/openbgpd/ebgp.hex" 6 20
    sleep 3
    timeout 10 bgpctl -s "$d/bgpd.sock" neighbor 127.0.5.1 refresh >/dev/null 2>&1 || true
    sleep 1
    timeout 10 bgpctl -s "$d/bgpd.sock" neighbor 127.0.5.1 down "openbgpd maintenance" >/dev/null 2>&1 || true
    sleep 1
    stop_pids "$r1" "$o_pid"
}

SOURCES=("$@")
[ ${#SOURCES[@]} -gt 0 ] || SOURCES=(bird gobgp exabgp frr openbgpd)
for s in "${SOURCES[@]}"; do
    say "capturing from $s"
    "capture_$s"
done

say "decoding with $EXABGP and writing $CORPUS/<source>/"
for s in "${SOURCES[@]}"; do
    [ -s "$(ls "$RAW/$s"/*.hex 2>/dev/null | head -1)" ] || say "WARNING: nothing recorded from $s"
done
"$PY" "$CAPTURE" emit "$RAW" "$CORPUS" "$EXABGP"
