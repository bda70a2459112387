#!/usr/bin/env bash
# What this machine and SwiftNIO allow a proxy on the side-by-side benchmark, with no gateway logic at all:
# runs ../shared/bench/side-by-side.sh against the two variants of Benchmarks/Benchmarks/CeilingProxy
# (NIO's HTTP/1 codecs; header bytes only), built with the same flags as the gateway (scripts/release-build.sh).
# Only the contact row means something: the ceiling proxies have no cache, so their task row is a pass-through.
#
#   scripts/bench/ceiling.sh        # ROUNDS, DURATION, CONNS as side-by-side.sh reads them
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
shared=${SHARED_DIR:-$(cd "$root/.." && pwd)/shared}
[ -f "$shared/bench/side-by-side.sh" ] || { echo "no $shared/bench/side-by-side.sh: put the shared folder next to the repository or set SHARED_DIR" >&2; exit 2; }
scratch=${SCRATCH_PATH:-$root/.build-ceiling}
bin=$(PACKAGE_PATH=Benchmarks PRODUCT=ceiling-proxy scripts/release-build.sh "$scratch" 2>/dev/null)
export API_KEY=${API_KEY:-bench-key} UPSTREAM_PORT=${UPSTREAM_PORT:-18080}
for variant in codec bytes; do
  port=$([ $variant = codec ] && echo 18095 || echo 18096)
  "$bin" $variant $port "$UPSTREAM_PORT" >/dev/null &
  pid=$!
  sleep 0.5
  echo "== ceiling-proxy $variant (API_KEY=$API_KEY UPSTREAM_PORT=$UPSTREAM_PORT ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-8s} CONNS=${CONNS:-32} ../shared/bench/side-by-side.sh http://127.0.0.1:$port)"
  bash "$shared/bench/side-by-side.sh" "http://127.0.0.1:$port" || true
  kill $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
done
