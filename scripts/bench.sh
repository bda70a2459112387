#!/usr/bin/env bash
# One command for the side-by-side benchmark: builds the release binary, starts the gateway against the
# benchmark upstream, runs ../shared/bench/side-by-side.sh (gateway vs stock nginx doing the same job vs the
# bare upstream, in one run), and writes the table with its command line into docs/benchmarks.md.
#
#   scripts/bench.sh                 # ROUNDS=3 DURATION=8s CONNS=32 by default (side-by-side.sh's env)
#   NO_WRITE=1 scripts/bench.sh      # print only
#   SCRATCH_PATH=.build-rel scripts/bench.sh   # build in (and run from) another build folder
#   EXTRA_YAML='tracing: {...}' NO_WRITE=1 scripts/bench.sh   # more gateway.yml (scripts/bench-tracing.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# shellcheck source=scripts/lib/bench-gateway.sh
. "$root/scripts/lib/bench-gateway.sh"
shared=${SHARED_DIR:-$(cd "$root/.." && pwd)/shared}
[ -f "$shared/bench/side-by-side.sh" ] || { echo "no $shared/bench/side-by-side.sh: put the shared folder next to the repository or set SHARED_DIR" >&2; exit 2; }
for tool in nginx wrk; do
  command -v $tool >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx wrk >/dev/null; break; }
done

scratch=${SCRATCH_PATH:-.build}   # another build folder, e.g. one already holding a release build
bin=$(scripts/release-build.sh "$scratch" 2>/dev/null)   # the build the Dockerfile ships
export API_KEY=${API_KEY:-bench-key} UPSTREAM_PORT=${UPSTREAM_PORT:-18080}
port=${GATEWAY_PORT:-18090}
work=$(mktemp -d -t so-gateway-bench.XXXXXX)
# The same job as the nginx peer (../shared/bench/peer.nginx.conf): key check, credential and header
# injection, a per-client limit set so high it never triggers, the task cache, gzip to clients. The cache runs
# with everything on (issue 14): state-aware freshness (active_ttl 2s), invalidate_on_write, and the Redis bus.
# SHARED_STORE=on adds the shared tier (issue 16) on the same Redis, to show a local hit costs the same with it.
bus_port=${BUS_PORT:-16399}
shared_store=""
[ "${SHARED_STORE:-off}" = on ] && shared_store=", shared_store: \"redis://127.0.0.1:$bus_port\""
redis-server --port "$bus_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" >/dev/null &
redis_pid=$!
write_gateway_yml "$work/gateway.yml" "$port" "http://127.0.0.1:$UPSTREAM_PORT/Cust12345" benchmark-app-token \
  7T:benchmarkticket bench "$API_KEY" "{ ttl: 600s, active_ttl: 2s, invalidate_on_write: true, bus: \"redis://127.0.0.1:$bus_port\"$shared_store }" \
  "${EXTRA_YAML:-}"
"$bin" serve --config "$work/gateway.yml" >"$work/gateway.log" 2>&1 &
gateway_pid=$!
trap 'kill $gateway_pid $redis_pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.1
done

command_line="API_KEY=$API_KEY UPSTREAM_PORT=$UPSTREAM_PORT ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-8s} CONNS=${CONNS:-32} THREADS=${THREADS:-1} ../shared/bench/side-by-side.sh http://127.0.0.1:$port"
table=$(bash "$shared/bench/side-by-side.sh" "http://127.0.0.1:$port")
echo "$table"
rss_kb=$(ps -o rss= -p $gateway_pid | tr -d ' ')
echo "gateway RSS after the run: $((rss_kb / 1024)) MiB"

[ -n "${NO_WRITE:-}" ] && exit 0
{
  echo "<!-- bench:begin -->"
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), commit $(git rev-parse --short HEAD)."
  echo "Command: \`scripts/bench.sh\`, which runs \`$command_line\` against a release build."
  echo
  echo '```'
  echo "$table"
  echo "gateway RSS after the run: $((rss_kb / 1024)) MiB"
  echo '```'
  echo "<!-- bench:end -->"
} >"$work/section.md"
python3 - "$root/docs/benchmarks.md" "$work/section.md" <<'PY'
import sys, re, pathlib
doc, section = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]).read_text()
text = doc.read_text() if doc.exists() else "# Benchmarks\n\n<!-- bench:begin -->\n<!-- bench:end -->\n"
text = re.sub(r"<!-- bench:begin -->.*?<!-- bench:end -->\n?", section, text, flags=re.S)
doc.write_text(text)
PY
echo "wrote docs/benchmarks.md"
