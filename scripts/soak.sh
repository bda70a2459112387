#!/usr/bin/env bash
# Memory soak (issue 7, item 3): under a mixed load over 10k distinct associate sets, the gateway's RSS must
# stay within 64 MiB + cache.max_bytes, and must not grow after the load stops.
#
# Builds the release binary (scratch path .build-bench-rel) unless BIN= names one, starts the bundled
# stand-in and a gateway in front of it on loopback, runs wrk with scripts/bench/soak-mixed.lua for DURATION,
# samples VmRSS from /proc/PID/status every INTERVAL seconds during the load and for AFTER seconds after it,
# and prints peak RSS, RSS at the end of the load, RSS AFTER seconds later, the bound and PASS/FAIL:
#   FAIL when peak > 64 MiB + max_bytes, or when the last sample after the load exceeds the end-of-load
#   sample by more than 5 %.
# The result and the command line are written into docs/benchmarks.md between the soak markers.
#
#   scripts/soak.sh                          # DURATION=300 (s), CACHE_MAX_BYTES=32MiB, SETS=10000
#   DURATION=30 AFTER=15 NO_WRITE=1 scripts/soak.sh
#   BIN=/path/to/so-gateway scripts/soak.sh
# Env: BIN, DURATION (300), AFTER (60), INTERVAL (5), CACHE_MAX_BYTES (32MiB, a gateway.yml size),
#      SETS (10000), CONNS (32), THREADS (1), GATEWAY_PORT (18190), STANDIN_PORT (18181), ADMIN_PORT (18191),
#      GATEWAY_ENV (extra environment for the gateway, e.g. "MALLOC_ARENA_MAX=2"), NO_WRITE (print only),
#      COMMIT (the commit BIN was built from, for the record; default HEAD).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# shellcheck source=scripts/lib/bench-gateway.sh
. "$root/scripts/lib/bench-gateway.sh"

duration=${DURATION:-300}
after=${AFTER:-60}
interval=${INTERVAL:-5}
max_bytes_text=${CACHE_MAX_BYTES:-32MiB}
sets=${SETS:-10000}
conns=${CONNS:-32}
threads=${THREADS:-1}
port=${GATEWAY_PORT:-18190}
standin_port=${STANDIN_PORT:-18181}
admin_port=${ADMIN_PORT:-18191}
gateway_env=${GATEWAY_ENV:-}
export API_KEY=${API_KEY:-soak-key}

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

# Bytes of a gateway.yml size (`32MiB`, `512KiB`, `1GB`, plain bytes).
size_bytes() {
  python3 - "$1" <<'PY'
import re, sys
m = re.fullmatch(r"\s*(\d+)\s*([KMG]i?B|B)?\s*", sys.argv[1])
if not m: sys.exit(f"bad size {sys.argv[1]!r}")
units = {None: 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}
print(int(m.group(1)) * units[m.group(2)])
PY
}
max_bytes=$(size_bytes "$max_bytes_text")
bound_kb=$(( (64 << 10) + max_bytes / 1024 ))

BIN_GIVEN=${BIN:-}
if [ -z "${BIN:-}" ]; then
  BIN=$("$root/scripts/release-build.sh" "$root/.build-bench-rel" 2>/dev/null)
fi
bin=$BIN

work=$(mktemp -d -t so-gateway-soak.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" stand-in --port "$standin_port" >"$work/stand-in.log" 2>&1 &
pids+=($!)
write_gateway_yml "$work/gateway.yml" "$port" "http://127.0.0.1:$standin_port/Cust12345" demo-app-token \
  7T:alice-ticket soak "$API_KEY" "{ ttl: 600s, max_bytes: $max_bytes }" \
  "admin: { listen: { host: 127.0.0.1, port: $admin_port } }"
# shellcheck disable=SC2086 # GATEWAY_ENV is a list of NAME=VALUE words.
env $gateway_env "$bin" serve --config "$work/gateway.yml" >"$work/gateway.log" 2>&1 &
gateway_pid=$!
pids+=($gateway_pid)
wait_ready "http://127.0.0.1:$port/api/v1/Contact/1" "$API_KEY" \
  || { echo "gateway not ready"; cat "$work/gateway.log" "$work/stand-in.log"; exit 1; }

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$gateway_pid/status"; }
cache_gauge() { # metric name -> value, or "?" when the admin listener does not answer
  curl -s "http://127.0.0.1:$admin_port/metrics" | awk -v name="$1" '$1 == name {printf "%d", $2; found=1} END {if (!found) printf "?"}'
}
sample() { # phase elapsed-seconds
  local rss; rss=$(rss_kb)
  printf '%-6s %5ss  rss %7d KiB  cache %10s B  entries %6s\n' "$1" "$2" "$rss" \
    "$(cache_gauge so_gateway_cache_stored_bytes)" "$(cache_gauge so_gateway_cache_entries)" >>"$work/samples.txt"
  echo "$1 $rss" >>"$work/rss.txt"
  tail -1 "$work/samples.txt"
}

start_rss=$(rss_kb)
echo "gateway pid $gateway_pid, RSS before the load: $start_rss KiB; bound $bound_kb KiB (64 MiB + $max_bytes_text)"
wrk -t"$threads" -c"$conns" -d"${duration}s" --timeout 10s -s "$root/scripts/bench/soak-mixed.lua" \
  "http://127.0.0.1:$port" >"$work/wrk.txt" 2>&1 &
wrk_pid=$!
pids+=($wrk_pid)
begin=$(date +%s)
while kill -0 "$wrk_pid" 2>/dev/null; do
  sleep "$interval"
  kill -0 "$wrk_pid" 2>/dev/null || break
  sample load $(( $(date +%s) - begin ))
done
wait "$wrk_pid" || true
sample end $(( $(date +%s) - begin ))
stop=$(date +%s)
while [ $(( $(date +%s) - stop )) -lt "$after" ]; do
  sleep "$interval"
  sample after $(( $(date +%s) - stop ))
done
cat "$work/wrk.txt"

peak_kb=$(awk '{ if ($2 > max) max = $2 } END { print max }' "$work/rss.txt")
end_kb=$(awk '$1 == "end" { print $2 }' "$work/rss.txt")
after_kb=$(tail -1 "$work/rss.txt" | awk '{ print $2 }')
verdict=PASS
reasons=()
if [ "$peak_kb" -gt "$bound_kb" ]; then verdict=FAIL; reasons+=("peak $peak_kb KiB > bound $bound_kb KiB"); fi
if [ $(( after_kb * 100 )) -gt $(( end_kb * 105 )) ]; then
  verdict=FAIL; reasons+=("RSS ${after}s after the load ($after_kb KiB) is more than 5 % above the end of the load ($end_kb KiB)")
fi
requests=$(awk '/requests in/ { print $1 }' "$work/wrk.txt")
rate=$(awk '/^Requests\/sec/ { print $2 }' "$work/wrk.txt")
errors=$(awk '/Non-2xx|Socket errors/' "$work/wrk.txt")

summary=$(cat <<TXT
RSS before the load:        $(( start_rss / 1024 )) MiB ($start_rss KiB)
peak RSS:                   $(( peak_kb / 1024 )) MiB ($peak_kb KiB)
RSS at the end of the load: $(( end_kb / 1024 )) MiB ($end_kb KiB)
RSS ${after}s after the load:    $(( after_kb / 1024 )) MiB ($after_kb KiB)
bound (64 MiB + max_bytes): $(( bound_kb / 1024 )) MiB ($bound_kb KiB)
load: ${requests:-?} requests in ${duration}s (${rate:-?} req/s), $conns connections, $sets associate sets${errors:+; $errors}
verdict: $verdict${reasons:+ (${reasons[*]})}
TXT
)
echo
echo "$summary"

command_line="${BIN_GIVEN:+BIN=$BIN_GIVEN }${COMMIT:+COMMIT=$COMMIT }DURATION=$duration AFTER=$after INTERVAL=$interval CACHE_MAX_BYTES=$max_bytes_text SETS=$sets CONNS=$conns THREADS=$threads${gateway_env:+ GATEWAY_ENV=\"$gateway_env\"} scripts/soak.sh"
if [ -z "${NO_WRITE:-}" ]; then
  {
    echo "<!-- soak:begin -->"
    echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, release build of commit ${COMMIT:-$(git rev-parse --short HEAD)}."
    echo "Command: \`$command_line\` (wrk \`-t$threads -c$conns -d${duration}s -s scripts/bench/soak-mixed.lua\`)."
    echo
    echo '```'
    echo "$summary"
    echo '```'
    echo
    echo "<details><summary>samples (every ${interval}s: RSS, cache stored bytes and entries from /metrics)</summary>"
    echo
    echo '```'
    cat "$work/samples.txt"
    echo '```'
    echo "</details>"
    echo "<!-- soak:end -->"
  } >"$work/section.md"
  python3 - "$root/docs/benchmarks.md" "$work/section.md" <<'PY'
import sys, re, pathlib
doc, section = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]).read_text()
text = doc.read_text()
if "<!-- soak:begin -->" not in text:
    text = text.rstrip("\n") + "\n\n## Memory soak (`scripts/soak.sh`)\n\n<!-- soak:begin -->\n<!-- soak:end -->\n"
text = re.sub(r"<!-- soak:begin -->.*?<!-- soak:end -->\n?", lambda _: section, text, flags=re.S)
doc.write_text(text)
PY
  echo "wrote docs/benchmarks.md"
fi
[ "$verdict" = PASS ]
