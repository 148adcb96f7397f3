#!/usr/bin/env python3
"""Minimal recording BGP speaker used to build tests/corpus (Python 3 stdlib only).

It opens ONE BGP session at a time with a real daemon on loopback, either by connecting to it
(--connect) or by waiting for it (--listen), sends an OPEN with a wide capability set, answers
with KEEPALIVEs, and appends every message it RECEIVES (OPEN, UPDATE, NOTIFICATION, KEEPALIVE,
ROUTE-REFRESH), as one uppercase hex line per message, to --out. It never sends routes.

It runs until --duration seconds have passed (hard bound), then exits. After a session ends
(NOTIFICATION or TCP close) it tries again until the duration ends. SIGTERM stops it cleanly.

Only loopback addresses are accepted.

Second mode, `capture.py emit RAWDIR CORPUSDIR EXABGP`: for every RAWDIR/<source>/<session>.hex
(written by the recorder) and its <session>.meta (key: value lines: source, asn4, add-path, about),
keep each distinct message once per source, run `EXABGP decode` on it and write
CORPUSDIR/<source>/<session>-NN-<kind>.txt in the corpus format described in README.md.
"""
import argparse
import glob
import ipaddress
import os
import subprocess
import tempfile
import select
import signal
import socket
import struct
import sys
import time

MARKER = b"\xff" * 16
OPEN, UPDATE, NOTIFICATION, KEEPALIVE, ROUTE_REFRESH = 1, 2, 3, 4, 5
AS_TRANS = 23456

# (afi, safi) advertised with the multiprotocol capability.
FAMILIES = [
    (1, 1), (2, 1),  # ipv4/ipv6 unicast
    (1, 2), (2, 2),  # ipv4/ipv6 multicast
    (1, 4), (2, 4),  # ipv4/ipv6 nlri-mpls (labelled unicast)
    (1, 128), (2, 128),  # ipv4/ipv6 mpls-vpn
    (1, 133), (2, 133),  # ipv4/ipv6 flow
    (1, 134), (2, 134),  # ipv4/ipv6 flow-vpn
    (25, 65),  # l2vpn vpls
    (25, 70),  # l2vpn evpn
]

stopping = False


def on_term(_signum, _frame):
    global stopping
    stopping = True


def log(msg):
    sys.stderr.write("capture: %s\n" % msg)
    sys.stderr.flush()


def loopback(text):
    if not ipaddress.ip_address(text).is_loopback:
        raise SystemExit("capture: refusing non-loopback address %s" % text)
    return text


def capability(code, value):
    return struct.pack("!BB", code, len(value)) + value


def build_open(args):
    caps = []
    for afi, safi in FAMILIES:
        caps.append(capability(1, struct.pack("!HBB", afi, 0, safi)))
    caps.append(capability(2, b""))  # route refresh
    caps.append(capability(70, b""))  # enhanced route refresh
    caps.append(capability(6, b""))  # extended message
    gr = struct.pack("!H", 120)  # restart flags 0, restart time 120 s
    for afi, safi in ((1, 1), (2, 1)):
        gr += struct.pack("!HBB", afi, safi, 0x80)
    caps.append(capability(64, gr))
    if args.asn4:
        caps.append(capability(65, struct.pack("!I", args.asn)))
    if args.addpath:
        caps.append(capability(69, struct.pack("!HBB", 1, 1, 3) + struct.pack("!HBB", 2, 1, 3)))
    params = b"".join(struct.pack("!BB", 2, len(c)) + c for c in caps)
    my_as = args.asn if args.asn <= 0xFFFF else AS_TRANS
    if not args.asn4 and args.asn > 0xFFFF:
        raise SystemExit("capture: a 4-octet AS needs the asn4 capability")
    body = struct.pack("!BHH4sB", 4, my_as, args.hold, socket.inet_aton(args.router_id), len(params)) + params
    return message(OPEN, body)


def message(kind, body):
    return MARKER + struct.pack("!HB", 19 + len(body), kind) + body


def route_refresh(afi, safi):
    return message(ROUTE_REFRESH, struct.pack("!HBB", afi, 0, safi))


def family_of(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def open_session(args, deadline):
    """Return a connected socket, or None when the deadline passes."""
    if args.listen:
        host, port = args.listen.rsplit(":", 1)
        srv = socket.socket(family_of(host), socket.SOCK_STREAM)
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind((host, int(port)))
        srv.listen(1)
        try:
            while not stopping and time.monotonic() < deadline:
                ready, _, _ = select.select([srv], [], [], 0.2)
                if ready:
                    conn, peer = srv.accept()
                    if not ipaddress.ip_address(peer[0]).is_loopback:
                        conn.close()
                        continue
                    log("accepted %s:%s" % peer[:2])
                    return conn
        finally:
            srv.close()
        return None
    host, port = args.connect.rsplit(":", 1)
    while not stopping and time.monotonic() < deadline:
        s = socket.socket(family_of(host), socket.SOCK_STREAM)
        s.settimeout(2)
        try:
            if args.bind:
                s.bind((args.bind, 0))
            s.connect((host, int(port)))
            s.settimeout(None)
            log("connected to %s:%s" % (host, port))
            return s
        except OSError:
            s.close()
            time.sleep(0.3)
    return None


def run_session(sock, args, out, deadline):
    sock.sendall(build_open(args))
    buf = b""
    hold = args.hold
    last_keepalive = 0.0
    established = None
    refresh_sent = False
    bad_sent = False
    while not stopping and time.monotonic() < deadline:
        now = time.monotonic()
        if established is not None and now - last_keepalive > max(1, hold // 3):
            sock.sendall(message(KEEPALIVE, b""))
            last_keepalive = now
        if (established is not None and args.refresh_after is not None and not refresh_sent
                and now - established >= args.refresh_after):
            for afi, safi in ((1, 1), (2, 1)):
                sock.sendall(route_refresh(afi, safi))
            refresh_sent = True
            log("sent ROUTE-REFRESH for ipv4/ipv6 unicast")
        if (established is not None and args.bad_type_after is not None and not bad_sent
                and now - established >= args.bad_type_after):
            # a message of an undefined type: the peer must answer NOTIFICATION 1/3 (Bad Message Type)
            sock.sendall(message(9, b""))
            bad_sent = True
            log("sent a message of type 9")
        ready, _, _ = select.select([sock], [], [], 0.2)
        if not ready:
            continue
        data = sock.recv(65536)
        if not data:
            log("peer closed the connection")
            return
        buf += data
        while len(buf) >= 19:
            if buf[:16] != MARKER:
                log("bad marker, closing")
                return
            length, kind = struct.unpack("!HB", buf[16:19])
            if length < 19:
                log("bad length, closing")
                return
            if len(buf) < length:
                break
            msg, buf = buf[:length], buf[length:]
            out.write(msg.hex().upper() + "\n")
            out.flush()
            if kind == OPEN:
                peer_hold = struct.unpack("!H", msg[22:24])[0]
                hold = min(hold, peer_hold) if peer_hold else hold
                sock.sendall(message(KEEPALIVE, b""))
                last_keepalive = time.monotonic()
            elif kind == KEEPALIVE and established is None:
                established = time.monotonic()
                log("established")
            elif kind == NOTIFICATION:
                log("NOTIFICATION received (code %d subcode %d)" % (msg[19], msg[20] if len(msg) > 20 else 0))
                return


# ---------------------------------------------------------------------------- emit mode

FAMILY_NAMES = {
    (1, 1): "ipv4 unicast", (2, 1): "ipv6 unicast", (1, 2): "ipv4 multicast", (2, 2): "ipv6 multicast",
    (1, 4): "ipv4 nlri-mpls", (2, 4): "ipv6 nlri-mpls", (1, 128): "ipv4 mpls-vpn", (2, 128): "ipv6 mpls-vpn",
    (1, 133): "ipv4 flow", (2, 133): "ipv6 flow", (1, 134): "ipv4 flow-vpn", (2, 134): "ipv6 flow-vpn",
    (25, 65): "l2vpn vpls", (25, 70): "l2vpn evpn", (1, 5): "ipv4 mcast-vpn", (2, 5): "ipv6 mcast-vpn",
    (16388, 71): "bgp-ls bgp-ls", (1, 73): "ipv4 rtc", (1, 85): "ipv4 mup", (2, 85): "ipv6 mup",
    (1, 132): "ipv4 rtc",
}
NOTIFY_CODES = {1: "header", 2: "open", 3: "update", 4: "hold-timer", 5: "fsm", 6: "cease", 7: "route-refresh"}


def update_info(msg):
    """(kind, families) of an UPDATE: kind is update, withdraw or eor."""
    body = msg[19:]
    wlen = struct.unpack("!H", body[0:2])[0]
    alen = struct.unpack("!H", body[2 + wlen:4 + wlen])[0]
    attrs = body[4 + wlen:4 + wlen + alen]
    nlri = body[4 + wlen + alen:]
    families = []
    reach = unreach = False
    unreach_empty = False
    i = 0
    while i + 3 <= len(attrs):
        flags, code = attrs[i], attrs[i + 1]
        if flags & 0x10:
            length = struct.unpack("!H", attrs[i + 2:i + 4])[0]
            value = attrs[i + 4:i + 4 + length]
            i += 4 + length
        else:
            length = attrs[i + 2]
            value = attrs[i + 3:i + 3 + length]
            i += 3 + length
        if code in (14, 15) and len(value) >= 3:
            fam = (struct.unpack("!H", value[0:2])[0], value[2])
            if fam not in families:
                families.append(fam)
            if code == 14:
                reach = True
            else:
                unreach = True
                unreach_empty = len(value) == 3
    if wlen or nlri:
        if (1, 1) not in families:
            families.insert(0, (1, 1))
    if not families:
        families = [(1, 1)]
    if len(body) == 4:
        return "eor", families
    if unreach_empty and not reach and not wlen and not nlri and alen == len(attrs) and len(attrs) <= 7:
        return "eor", families
    if (wlen or unreach) and not (reach or nlri):
        return "withdraw", families
    return "update", families


def family_slug(families):
    return "+".join(FAMILY_NAMES.get(f, "afi%d-safi%d" % f).replace(" ", "-") for f in families)


def exabgp_decode(exabgp, hexa, family, addpath, asn4):
    cmd = [exabgp, "decode"]
    shown = "exabgp decode"
    conf = None
    if not asn4:
        # `exabgp decode` assumes 4-octet AS numbers; a configuration with asn4 disabled is the only
        # way to make it parse a 2-octet AS_PATH.
        fams = family.split() if family != "-" else ["ipv4", "unicast"]
        famtext = "; ".join(" ".join(fams[n:n + 2]) for n in range(0, len(fams), 2))
        text = ("neighbor 127.0.0.1 {\n router-id 10.0.0.2;\n local-address 127.0.0.1;\n local-as 65533;\n"
                " peer-as 65533;\n family { %s; }\n capability { asn4 disable; %s}\n}\n"
                % (famtext, "add-path send/receive; " if addpath else ""))
        fd, conf = tempfile.mkstemp(suffix=".conf")
        with os.fdopen(fd, "w") as f:
            f.write(text)
        cmd += ["-c", conf]
        shown += " -c <neighbor with: family { %s; } capability { asn4 disable;%s }>" % (
            famtext, " add-path send/receive;" if addpath else "")
    else:
        if family != "-":
            cmd += ["-f", family]
            shown += ' -f "%s"' % family
        if addpath:
            cmd += ["-i"]
            shown += " -i"
    cmd.append(hexa)
    shown += " HEX"
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        out = " | ".join(line.strip() for line in res.stdout.splitlines() if line.strip())
        if res.returncode != 0 and not out:
            out = "(exit %d) %s" % (res.returncode, res.stderr.strip().splitlines()[-1:] or "")
    finally:
        if conf:
            os.unlink(conf)
    return shown, out


def read_meta(path):
    meta = {}
    with open(path) as f:
        for line in f:
            if ":" in line:
                k, v = line.split(":", 1)
                meta[k.strip()] = v.strip()
    return meta


def emit(rawdir, corpusdir, exabgp):
    total = 0
    for srcdir in sorted(glob.glob(os.path.join(rawdir, "*"))):
        if not os.path.isdir(srcdir):
            continue
        source = os.path.basename(srcdir)
        outdir = os.path.join(corpusdir, source)
        os.makedirs(outdir, exist_ok=True)
        for old in glob.glob(os.path.join(outdir, "*.txt")):
            os.unlink(old)
        seen = set()
        count = 0
        for hexfile in sorted(glob.glob(os.path.join(srcdir, "*.hex"))):
            session = os.path.basename(hexfile)[:-4]
            meta = read_meta(hexfile[:-4] + ".meta")
            asn4 = meta.get("asn4", "true") == "true"
            addpath = meta.get("add-path", "false") == "true"
            n = 0
            with open(hexfile) as f:
                lines = [line.strip() for line in f if line.strip()]
            for hexa in lines:
                # KEEPALIVE and ROUTE-REFRESH do not depend on the session: keep them once per source
                key = hexa if bytes.fromhex(hexa[36:38])[0] in (KEEPALIVE, ROUTE_REFRESH) else (hexa, asn4, addpath)
                if key in seen:
                    continue
                seen.add(key)
                msg = bytes.fromhex(hexa)
                kind = msg[18]
                family = "-"
                if kind == OPEN:
                    name, what = "open", "OPEN"
                elif kind == KEEPALIVE:
                    name, what = "keepalive", "KEEPALIVE"
                elif kind == NOTIFICATION:
                    code = NOTIFY_CODES.get(msg[19], "code%d" % msg[19])
                    name, what = "notification-%s-%d" % (code, msg[20]), "NOTIFICATION %s subcode %d" % (code, msg[20])
                elif kind == ROUTE_REFRESH:
                    afi, sub, safi = struct.unpack("!HBB", msg[19:23])
                    fam = FAMILY_NAMES.get((afi, safi), "afi%d-safi%d" % (afi, safi))
                    subname = {0: "route-refresh", 1: "borr", 2: "eorr"}.get(sub, "refresh-subtype%d" % sub)
                    name = "%s-%s" % (subname, fam.replace(" ", "-"))
                    what = "ROUTE-REFRESH (%s) %s" % (subname, fam)
                elif kind == UPDATE:
                    ukind, fams = update_info(msg)
                    family = " ".join(FAMILY_NAMES.get(f, "afi%d safi%d" % f) for f in fams)
                    name = "%s-%s" % (ukind, family_slug(fams))
                    what = {"eor": "End-of-RIB UPDATE", "withdraw": "withdrawal UPDATE", "update": "UPDATE"}[ukind]
                    what += " " + family
                else:
                    name, what = "type%d" % kind, "message type %d" % kind
                n += 1
                shown, decoded = exabgp_decode(exabgp, hexa, family, addpath, asn4)
                if family != "-" and decoded.endswith("invalid payload") and kind == UPDATE:
                    # e.g. "ipv6 multicast" is not accepted in ExaBGP's family section: retry with all families
                    retry_shown, retry = exabgp_decode(exabgp, hexa, "-", addpath, asn4)
                    if not retry.endswith("invalid payload"):
                        what += " (ExaBGP rejects -f \"%s\", decoded without -f)" % family
                        family, shown, decoded = "-", retry_shown, retry
                path = os.path.join(outdir, "%s-%02d-%s.txt" % (session, n, name))
                with open(path, "w") as out:
                    out.write("# %s from %s session %s; %s. Recorded by tests/corpus/capture.py, decoded with `%s`.\n"
                              % (what, source, session, meta.get("about", ""), shown))
                    out.write("source: %s\n" % meta.get("source", source))
                    out.write("family: %s\n" % family)
                    out.write("add-path: %s\n" % ("true" if addpath else "false"))
                    out.write("asn4: %s\n" % ("true" if asn4 else "false"))
                    out.write("hex: %s\n" % hexa)
                    out.write("exabgp: %s\n" % decoded)
                count += 1
        log("%s: %d messages" % (source, count))
        total += count
    log("total: %d messages" % total)
    return 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "emit":
        if len(sys.argv) != 5:
            raise SystemExit("usage: capture.py emit RAWDIR CORPUSDIR EXABGP")
        return emit(sys.argv[2], sys.argv[3], sys.argv[4])
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--listen", metavar="ADDR:PORT", help="wait for the daemon on this loopback address")
    mode.add_argument("--connect", metavar="ADDR:PORT", help="connect to the daemon at this loopback address")
    p.add_argument("--bind", metavar="ADDR", help="local loopback address for --connect")
    p.add_argument("--as", dest="asn", type=int, required=True)
    p.add_argument("--router-id", required=True)
    p.add_argument("--hold", type=int, default=90)
    p.add_argument("--no-asn4", dest="asn4", action="store_false", help="do not send capability 65")
    p.add_argument("--addpath", action="store_true", help="ADD-PATH send/receive for ipv4/ipv6 unicast")
    p.add_argument("--refresh-after", type=float, help="send ROUTE-REFRESH N seconds after Established")
    p.add_argument("--bad-type-after", type=float,
                   help="send a message of undefined type 9 N seconds after Established (provokes a NOTIFICATION)")
    p.add_argument("--duration", type=float, default=30, help="hard bound on the run time (seconds)")
    p.add_argument("--out", required=True, help="file to append received messages to (hex lines)")
    args = p.parse_args()
    for addr in (args.listen, args.connect):
        if addr:
            loopback(addr.rsplit(":", 1)[0].strip("[]"))
    if args.bind:
        loopback(args.bind)
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    deadline = time.monotonic() + args.duration
    with open(args.out, "a") as out:
        while not stopping and time.monotonic() < deadline:
            sock = open_session(args, deadline)
            if sock is None:
                break
            try:
                run_session(sock, args, out, deadline)
            except OSError as exc:
                log("session error: %s" % exc)
            finally:
                sock.close()
            time.sleep(0.5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
