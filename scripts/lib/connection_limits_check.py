#!/usr/bin/env python3
"""Times every partner-connection limit of a TLS gateway from outside (issue 15, "How it is checked").

Python's standard library only, so nothing of the gateway's own test code is involved: it makes a certificate
with openssl, plays the upstream itself (a small HTTP/1.1 server that counts the requests reaching it), starts
`so-gateway serve` with listen.tls (h2 offered by ALPN) and
limits {header_timeout: 2s, body_timeout: 2s, idle_timeout: 3s, max_connections: 4}, and then times each case
with its own sockets, TLS and hand-written HTTP/2 frames. Prints one line per case and PASS/FAIL.

    python3 scripts/lib/connection_limits_check.py BIN
"""
import hashlib
import http.server
import json
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HEADER, BODY, IDLE = 2.0, 2.0, 3.0
KEY = "partner-a-key-0123456789abcdefghijklmnop"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Upstream(http.server.ThreadingHTTPServer):
    """The SuperOffice stand-in for this check: answers every call with a contact and counts the calls."""

    daemon_threads = True

    def __init__(self, port):
        self.count = 0
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", port), UpstreamHandler)


class UpstreamHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def handle_any(self):
        with self.server.lock:
            self.server.count += 1
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = json.dumps({"ContactId": 5, "Name": "Contact"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_PUT = do_POST = handle_any

    def log_message(self, *args):
        pass


# --- HTTP/2 frames, written by hand -------------------------------------------------------------------------

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"


def frame(kind, flags=0, stream=0, payload=b""):
    return len(payload).to_bytes(3, "big") + bytes([kind, flags]) + stream.to_bytes(4, "big") + payload


def hpack(fields):
    """Literal header fields without indexing, new names, no Huffman (lengths < 127)."""
    out = b""
    for name, value in fields:
        out += b"\x00" + bytes([len(name)]) + name.encode() + bytes([len(value)]) + value.encode()
    return out


def request(method, path, extra=()):
    return [(":method", method), (":scheme", "https"), (":path", path), (":authority", "127.0.0.1"),
            ("x-api-key", KEY)] + list(extra)


def headers(stream, fields, end_stream, end_headers=True):
    return frame(0x1, (0x1 if end_stream else 0) | (0x4 if end_headers else 0), stream, hpack(fields))


def frames(data):
    out, i = [], 0
    while len(data) - i >= 9:
        length = int.from_bytes(data[i:i + 3], "big")
        if len(data) - i - 9 < length:
            break
        out.append((data[i + 3], data[i + 4], int.from_bytes(data[i + 5:i + 9], "big") & 0x7FFFFFFF,
                    data[i + 9:i + 9 + length]))
        i += 9 + length
    return out


def goaway_code(data):
    for kind, _, _, payload in frames(data):
        if kind == 0x7:
            return int.from_bytes(payload[4:8], "big")
    return None


# --- connections --------------------------------------------------------------------------------------------

CLIENT_TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
CLIENT_TLS.check_hostname = False
CLIENT_TLS.verify_mode = ssl.CERT_NONE


def tls_connect(port, alpn):
    raw = socket.create_connection(("127.0.0.1", port))
    started = time.monotonic()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.set_alpn_protocols([alpn])
    conn = context.wrap_socket(raw)
    assert conn.selected_alpn_protocol() == alpn, conn.selected_alpn_protocol()
    return conn, started


def read_until_closed(sock, timeout, collect=None, stop=None):
    """Reads until the peer closes (returns the time it closed) or `timeout` passes (returns None)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            return None
        except (ConnectionResetError, BrokenPipeError, ssl.SSLError, OSError):
            return time.monotonic()
        if not chunk:
            return time.monotonic()
        if collect is not None:
            collect.extend(chunk)
            if stop and stop(bytes(collect)):
                return None
    return None


def send_until_cut(conn, batches):
    """Sends each batch until the gateway cuts the connection off; returns how many batches went out."""
    sent = 0
    try:
        for batch in batches:
            conn.sendall(batch)
            sent += 1
    except OSError:
        pass
    return sent


def settled(upstream):
    """The upstream's request count once none has arrived for 300 ms (5 s at most): late requests still count."""
    deadline = time.monotonic() + 5
    last, since = upstream.count, time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - since < 0.3:
        time.sleep(0.02)
        if upstream.count != last:
            last, since = upstream.count, time.monotonic()
    return upstream.count


def open_connections(admin_port):
    metrics = urllib.request.urlopen(f"http://127.0.0.1:{admin_port}/metrics", timeout=5).read().decode()
    for line in metrics.splitlines():
        if line.startswith("so_gateway_open_connections "):
            return int(float(line.split()[-1]))
    return None


def rss(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


# --- the cases ----------------------------------------------------------------------------------------------

def silent_tcp(port, **_):
    sock = socket.create_connection(("127.0.0.1", port))
    started = time.monotonic()
    closed = read_until_closed(sock, 10)
    sock.close()
    return closed and closed - started, HEADER + 1, ""


def trickled_client_hello(port, **_):
    # A real ClientHello from Python's TLS, written one byte every 100 ms.
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = CLIENT_TLS.wrap_bio(incoming, outgoing)
    try:
        obj.do_handshake()
    except ssl.SSLWantReadError:
        pass
    hello = outgoing.read()
    sock = socket.create_connection(("127.0.0.1", port))
    started = time.monotonic()
    closed = None
    for i in range(len(hello)):
        try:
            sock.sendall(hello[i:i + 1])
        except OSError:
            closed = time.monotonic()
            break
        closed = read_until_closed(sock, 0.1)
        if closed:
            break
    closed = closed or read_until_closed(sock, 10)
    sock.close()
    return closed and closed - started, HEADER + 1, f"ClientHello of {len(hello)} bytes, 1 byte / 100 ms"


def handshake_no_request(alpn):
    def case(port, **_):
        conn, started = tls_connect(port, alpn)
        closed = read_until_closed(conn, 10)
        conn.close()
        return closed and closed - started, HEADER + 1, f"ALPN {alpn}"
    return case


def idle_h2(port, **_):
    conn, started = tls_connect(port, "h2")
    conn.sendall(PREFACE + frame(0x4) + frame(0x4, 0x1))
    received = bytearray()
    closed = read_until_closed(conn, 10, received)
    conn.close()
    return closed and closed - started, IDLE + 1, f"GOAWAY code {goaway_code(bytes(received))}"


def idle_h2_after_stream(port, **_):
    conn, _ = tls_connect(port, "h2")
    conn.sendall(PREFACE + frame(0x4) + frame(0x4, 0x1) + headers(1, request("GET", "/api/v1/Contact/5"), True))
    received = bytearray()
    read_until_closed(conn, 5, received, stop=lambda d: any(k == 0x1 and s == 1 for k, _, s, _ in frames(d)))
    answered = time.monotonic()
    closed = read_until_closed(conn, 10, received)
    conn.close()
    return closed and closed - answered, IDLE + 1, f"after an answered stream; GOAWAY code {goaway_code(bytes(received))}"


def stream_without_body(port, upstream, **_):
    before = upstream.count
    conn, _ = tls_connect(port, "h2")
    conn.sendall(PREFACE + frame(0x4) + frame(0x4, 0x1))
    sent = time.monotonic()
    conn.sendall(headers(1, request("PUT", "/api/v1/Contact/5", [("content-type", "application/json"),
                                                                  ("content-length", "60")]), False))
    received = bytearray()
    read_until_closed(conn, 10, received, stop=lambda d: any(k == 0x3 and s == 1 for k, _, s, _ in frames(d)))
    ended = time.monotonic()
    reset = [int.from_bytes(p[:4], "big") for k, _, s, p in frames(bytes(received)) if k == 0x3 and s == 1]
    conn.close()
    reached = settled(upstream) - before
    ok_time = ended - sent if reset else None
    return ok_time, BODY + 1, f"RST_STREAM code {reset[0] if reset else None}; reached upstream: {reached}", reached == 0


def rapid_reset(port, upstream, **_):
    before = upstream.count
    conn, _ = tls_connect(port, "h2")
    conn.sendall(PREFACE + frame(0x4) + frame(0x4, 0x1))
    started = time.monotonic()
    def batches():
        for first in range(1, 10_000, 200):  # 50 batches of 100 requests, each reset at once (CANCEL)
            yield b"".join(headers(stream, request("GET", "/api/v1/Contact/5"), True) + frame(0x3, 0, stream, (8).to_bytes(4, "big"))
                           for stream in range(first, first + 200, 2))
    sent = send_until_cut(conn, batches()) * 100
    received = bytearray()
    closed = read_until_closed(conn, 5, received)
    conn.close()
    reached = settled(upstream) - before
    code = goaway_code(bytes(received))
    detail = f"{sent} sent before the cut, GOAWAY code {code}, {reached} of 5,000 reached upstream ({reached / 50:.1f} %)"
    return closed and closed - started, None, detail, code is not None and reached < 500


def continuation_flood(port, pid, **_):
    before = rss(pid)
    total_sent = 0
    detail = []
    for _ in range(3):
        conn, started = tls_connect(port, "h2")
        conn.sendall(PREFACE + frame(0x4) + frame(0x4, 0x1) + headers(1, request("GET", "/api/v1/Contact/5"), True, False))
        one = frame(0x9, 0, 1, b"A" * 126)  # 135 bytes
        sent = send_until_cut(conn, [one * 1000] * 100) * 1000
        received = bytearray()
        closed = read_until_closed(conn, 5, received)
        conn.close()
        total_sent += sent
        detail.append(f"cut after <= {sent} frames ({sent * 135 / 1e6:.2f} MB) in {(closed or 0) - started:.2f} s, GOAWAY {goaway_code(bytes(received))}")
    time.sleep(0.5)
    grown = rss(pid) - before
    return None, None, "; ".join(detail) + f"; RSS {before / 2**20:.1f} -> {(before + grown) / 2**20:.1f} MiB, grew {grown / 2**20:.2f} MiB", grown < 8 * 2**20 and total_sent < 300_000


def silent_sockets_and_slots(port, admin_port, **_):
    silent = [socket.create_connection(("127.0.0.1", port)) for _ in range(4)]
    started = time.monotonic()
    # The gateway registers each socket on its own event loop: wait until all four hold their slots.
    while open_connections(admin_port) != 4 and time.monotonic() - started < 1:
        time.sleep(0.01)
    held = time.monotonic()
    fifth = socket.create_connection(("127.0.0.1", port))
    refused = read_until_closed(fifth, 1)
    fifth.close()
    served_at = None
    while time.monotonic() - started < 10:
        try:
            conn, _ = tls_connect(port, "http/1.1")
            conn.sendall(f"GET /api/v1/Contact/5 HTTP/1.1\r\nHost: x\r\nX-API-Key: {KEY}\r\nConnection: close\r\n\r\n".encode())
            answer = bytearray()
            read_until_closed(conn, 3, answer)
            conn.close()
            if answer.startswith(b"HTTP/1.1 200"):
                served_at = time.monotonic()
                break
        except (OSError, AssertionError, ssl.SSLError):
            pass
        time.sleep(0.05)
    for sock in silent:
        sock.close()
    detail = f"slots held after {held - started:.3f} s; fifth connection refused {refused - held:.3f} s after connecting" if refused else "fifth connection NOT refused"
    kept_out = served_at is not None and served_at - started >= HEADER - 0.3  # not served before the deadline
    return served_at and served_at - started, HEADER + 1, detail + "; first partner request served (time shown) after the silent sockets' connect", bool(refused) and kept_out


CASES = [
    ("silent TCP", silent_tcp),
    ("trickled ClientHello", trickled_client_hello),
    ("handshake, no request (http/1.1)", handshake_no_request("http/1.1")),
    ("handshake, no request (h2)", handshake_no_request("h2")),
    ("idle h2 connection", idle_h2),
    ("idle h2 connection after a stream", idle_h2_after_stream),
    ("h2 stream without its body", stream_without_body),
    ("rapid reset", rapid_reset),
    ("CONTINUATION flood x3", continuation_flood),
    ("4 silent sockets, then a partner", silent_sockets_and_slots),
]


def main():
    binary = sys.argv[1]
    work = tempfile.mkdtemp(prefix="so-gw-limits-")
    cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=gateway",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    upstream_port, port, admin_port = free_port(), free_port(), free_port()
    upstream = Upstream(upstream_port)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    config = os.path.join(work, "gateway.yml")
    with open(config, "w") as f:
        f.write(f"""listen: {{ host: 127.0.0.1, port: {port}, tls: {{ cert_file: "{cert}", key_file: "{key}", http2: true }} }}
upstream:
  url: http://127.0.0.1:{upstream_port}/Cust12345
  app_token: demo-app-token
  time_zone: UTC
  timeout: 5s
  credentials: {{ ticket: "7T:alice-ticket" }}
clients:
  - name: partner-a
    api_keys_sha256: [ "{hashlib.sha256(KEY.encode()).hexdigest()}" ]
limits: {{ header_timeout: 2s, body_timeout: 2s, idle_timeout: 3s, max_connections: 4 }}
admin: {{ listen: {{ host: 127.0.0.1, port: {admin_port} }} }}
logging: {{ level: warning, access_log: false }}
""")
    log = open(os.path.join(work, "gateway.log"), "w")
    gateway = subprocess.Popen([binary, "serve", "--config", config], stdout=log, stderr=log)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port)).close()
                break
            except OSError:
                time.sleep(0.05)
        time.sleep(HEADER + 0.5)  # let the readiness probe connection above expire
        failed = False
        for name, case in CASES:
            result = case(port, upstream=upstream, pid=gateway.pid, admin_port=admin_port)
            elapsed, bound, detail = result[:3]
            ok = result[3] if len(result) > 3 else True
            if bound is not None:
                ok = ok and elapsed is not None and elapsed < bound
            failed |= not ok
            timing = f"{elapsed:6.3f} s" if elapsed is not None else "   -    "
            limit = f"(bound {bound:.0f} s)" if bound is not None else "          "
            print(f"{'PASS' if ok else 'FAIL'}  {name:38} {timing} {limit}  {detail}", flush=True)
            time.sleep(HEADER + 0.5)  # connections of one case never hold slots in the next
        metrics = urllib.request.urlopen(f"http://127.0.0.1:{admin_port}/metrics", timeout=5).read().decode()
        for line in metrics.splitlines():
            if line.startswith(("so_gateway_connections_", "so_gateway_h2_streams_reset_total")):
                print("   ", line)
        print("FAIL" if failed else "PASS")
        return 1 if failed else 0
    finally:
        gateway.terminate()
        gateway.wait(10)
        upstream.shutdown()


if __name__ == "__main__":
    sys.exit(main())
