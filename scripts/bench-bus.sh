#!/usr/bin/env bash
# Cache-bus propagation between two replicas (issue 14): starts redis-server, the bundled stand-in and two gateway
# processes sharing `cache.bus`, sends N admin purges through replica A, and reads how long each took from publish
# (A's wall clock in the message) to applied on replica B from B's so_gateway_cache_bus_propagation_seconds
# histogram. Prints count, p50 and p99 (linear within the histogram bucket).
#
#   scripts/bench-bus.sh                    # N=1000, the release binary in .build-rel (built when missing)
#   BIN=.build/debug/so-gateway scripts/bench-bus.sh
set -euo pipefail
cd "$(dirname "$0")/.."
n=${N:-1000}
bin=${BIN:-$(scripts/release-build.sh .build-rel 2>/dev/null)}
. scripts/lib/replica-bench.sh
admin_key=bench-admin-key-0123456789abcdefghij
admin_hash=$(printf %s "$admin_key" | sha256sum | cut -d' ' -f1)
partner_hash=$(printf %s bench-partner-key | sha256sum | cut -d' ' -f1)
for replica in a b; do
  port=$(free_port); admin=$(free_port)
  echo "$port $admin" >"$work/$replica.ports"
  cat >"$work/$replica.yml" <<YML
listen: { host: 127.0.0.1, port: $port }
upstream: { url: "http://127.0.0.1:$standin_port/Cust12345", app_token: demo-app-token, credentials: { ticket: "7T:alice-ticket" } }
clients: [ { name: bench, api_keys_sha256: [ "$partner_hash" ] } ]
cache: { ttl: 60s, bus: "redis://127.0.0.1:$redis_port" }
admin: { listen: { host: 127.0.0.1, port: $admin }, api_keys_sha256: [ "$admin_hash" ] }
logging: { level: warning, access_log: false }
YML
  "$bin" serve --config "$work/$replica.yml" >"$work/$replica.log" 2>&1 &
  pids+=($!)
done
read -r _ admin_a <"$work/a.ports"; read -r _ admin_b <"$work/b.ports"
wait_http "http://127.0.0.1:$admin_a/healthz"; wait_http "http://127.0.0.1:$admin_b/healthz"
metric() { curl -s -H "X-API-Key: $admin_key" "http://127.0.0.1:$1/metrics" | awk -v name="$2" '$1 == name { print $2 }'; }
for _ in $(seq 200); do
  [ "$(metric "$admin_a" so_gateway_cache_bus_subscribed)" = 1 ] && [ "$(metric "$admin_b" so_gateway_cache_bus_subscribed)" = 1 ] && break
  sleep 0.05
done

# One purge at a time, each of one associate, so every message is measured on its own.
for i in $(seq "$n"); do
  curl -s -o /dev/null -X POST -H "X-API-Key: $admin_key" "http://127.0.0.1:$admin_a/cache/purge?associate=$i"
done
for _ in $(seq 200); do
  [ "$(metric "$admin_b" so_gateway_cache_bus_propagation_seconds_count)" = "$n" ] && break
  sleep 0.05
done
curl -s -H "X-API-Key: $admin_key" "http://127.0.0.1:$admin_b/metrics" | python3 -c '
import sys
buckets = []
count = 0
for line in sys.stdin:
    if line.startswith("so_gateway_cache_bus_propagation_seconds_bucket"):
        le = line.split("le=\"")[1].split("\"")[0]
        buckets.append((float("inf") if le == "+Inf" else float(le), float(line.split()[-1])))
    elif line.startswith("so_gateway_cache_bus_propagation_seconds_count"):
        count = float(line.split()[-1])
buckets.sort()
def quantile(q):
    target, lower, below = q * count, 0.0, 0.0
    for upper, cumulative in buckets:
        if cumulative >= target:
            if upper == float("inf"): return lower
            return lower + (upper - lower) * (target - below) / max(cumulative - below, 1)
        lower, below = upper, cumulative
    return lower
print(f"invalidations applied on replica B: {int(count)}")
print(f"p50: {quantile(0.5) * 1e3:.3f} ms   p99: {quantile(0.99) * 1e3:.3f} ms")
'
