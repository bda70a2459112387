#!/usr/bin/env bash
# Issue 15's outside check: times every partner-connection limit of a TLS gateway (h2 offered by ALPN,
# limits {header_timeout: 2s, body_timeout: 2s, idle_timeout: 3s, max_connections: 4}) with Python's standard
# library as the client and as the upstream: silent TCP, a trickled ClientHello, a handshake without a request,
# idle HTTP/2, an HTTP/2 stream without its body, rapid reset, a CONTINUATION flood (with the gateway's RSS),
# and four silent sockets against max_connections. Prints one line per case and PASS/FAIL.
#
#   scripts/check-connection-limits.sh                    # builds the release binary (.build-rel)
#   BIN=.build/debug/so-gateway scripts/check-connection-limits.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-$(scripts/release-build.sh .build-rel)}
exec python3 scripts/lib/connection_limits_check.py "$bin"
