# Sourced by scripts/bench.sh and scripts/soak.sh: the gateway.yml both measure with, and the readiness wait.

# write_gateway_yml FILE PORT UPSTREAM_URL APP_TOKEN TICKET CLIENT KEY CACHE_YAML [EXTRA_YAML]
# One client with KEY (stored hashed), a rate limit so high it never triggers, and logging as quiet as the nginx
# peer's (`access_log off`): the same job as ../shared/bench/peer.nginx.conf.
write_gateway_yml() {
  local file=$1 port=$2 upstream=$3 app_token=$4 ticket=$5 client=$6 key=$7 cache=$8 extra=${9:-}
  local hash
  hash=$(printf %s "$key" | sha256sum | cut -d' ' -f1)
  cat >"$file" <<YAML
listen: { host: 127.0.0.1, port: $port }
upstream:
  url: $upstream
  app_token: $app_token
  time_zone: UTC
  timeout: 30s
  credentials: { ticket: "$ticket" }
clients:
  - name: $client
    api_keys_sha256: [ "$hash" ]
    rate_limit: { requests_per_second: 1000000, burst: 1000000 }
cache: $cache
logging: { level: warning, access_log: false }
$extra
YAML
}

# wait_ready URL KEY: until URL answers 200 to KEY (20 s at most); returns 1 if it never does.
wait_ready() {
  local code
  for _ in $(seq 200); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-API-Key: $2" "$1" || true)
    [ "$code" = 200 ] && return 0
    sleep 0.1
  done
  return 1
}
