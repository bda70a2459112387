#!/usr/bin/env bash
# The shared cache tier through several replicas (issue 16): starts redis-server, the bundled stand-in and four
# gateway processes (compose_by_associate on, ttl 600s), then
#   1. plays a seeded trace of 2,400 task calls over 625 distinct associate sets (of 240 associates whose tasks are
#      all finished, so answers keep the ttl) round-robin through replicas 1-3 (REPLICAS=1: replica 1 only)
#      and counts upstream calls (so_gateway_cache_upstream_calls_total), checking every answer against upstream;
#   2. sends 600 calls of the same partners through replica 4, which starts empty;
#   3. measures a shared-tier hit against a local hit (2,000 keys filled through replica 1, each read twice
#      through replica 2: first from Redis, then from its memory).
# Run once with the shared tier (default) and once without (SHARED=off) to compare.
#
#   scripts/bench-shared.sh                      # the release binary in .build-rel (built when missing)
#   SHARED=off scripts/bench-shared.sh
#   BIN=.build/debug/so-gateway scripts/bench-shared.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-$(scripts/release-build.sh .build-rel 2>/dev/null)}
shared=${SHARED:-on}
. scripts/lib/replica-bench.sh
admin_hash=$(printf %s bench-admin-key-0123456789abcdefghij | sha256sum | cut -d' ' -f1)
partner_hash=$(printf %s bench-partner-key | sha256sum | cut -d' ' -f1)
store_line=""
[ "$shared" = on ] && store_line=", shared_store: \"redis://127.0.0.1:$redis_port\""
ports=(); admins=()
for replica in 1 2 3 4; do
  port=$(free_port); admin=$(free_port)
  ports+=("$port"); admins+=("$admin")
  cat >"$work/$replica.yml" <<YML
listen: { host: 127.0.0.1, port: $port }
upstream: { url: "http://127.0.0.1:$standin_port/Cust12345", app_token: demo-app-token, credentials: { ticket: "7T:alice-ticket" } }
clients: [ { name: bench, api_keys_sha256: [ "$partner_hash" ] } ]
cache: { ttl: 600s, compose_by_associate: true$store_line }
admin: { listen: { host: 127.0.0.1, port: $admin }, api_keys_sha256: [ "$admin_hash" ] }
logging: { level: warning, access_log: false }
YML
  "$bin" serve --config "$work/$replica.yml" >"$work/$replica.log" 2>&1 &
  pids+=($!)
done
for admin in "${admins[@]}"; do wait_http "http://127.0.0.1:$admin/healthz"; done
upstream="http://127.0.0.1:$standin_port/Cust12345"
echo "shared tier: $shared"
if [ "${REPLICAS:-3}" = 1 ]; then
  echo -n "trace, 1 replica:       "
  python3 scripts/lib/shared_trace.py trace --replicas "${ports[0]}" --admins "${admins[0]}" --upstream "$upstream"
  exit 0
fi
echo -n "trace, 3 replicas:      "
python3 scripts/lib/shared_trace.py trace --replicas "${ports[0]},${ports[1]},${ports[2]}" --admins "${admins[0]},${admins[1]},${admins[2]}" --upstream "$upstream"
echo -n "replica 4, first 600:   "
python3 scripts/lib/shared_trace.py warm --calls 600 --replicas "${ports[3]}" --admins "${admins[3]}" --upstream "$upstream"
echo -n "shared hit vs local hit: "
python3 scripts/lib/shared_trace.py latency --fill "${ports[0]}" --probe "${ports[1]}" --upstream "$upstream"
