#!/usr/bin/env bash
# What tracing costs: scripts/bench.sh twice, without a `tracing` block and with `sample_ratio: 1.0` exporting to a
# local OTLP/HTTP sink (nginx answering 200 to POST /v1/traces, as a collector that keeps up would), and the
# contact row (uncached GET, the path every span is made on) of both written into docs/benchmarks.md.
#
#   scripts/bench-tracing.sh               # ROUNDS/DURATION/CONNS as scripts/bench.sh
#   NO_WRITE=1 scripts/bench-tracing.sh    # print only
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
sink_port=${SINK_PORT:-14318}
work=$(mktemp -d -t so-gateway-bench-tracing.XXXXXX)
cat >"$work/sink.conf" <<NGINX
daemon off;
worker_processes 1;
pid $work/sink.pid;
error_log $work/sink-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work;
  server {
    listen 127.0.0.1:$sink_port;
    location = /v1/traces { default_type application/x-protobuf; return 200 ""; }
  }
}
NGINX
nginx -p "$work" -c "$work/sink.conf" &
sink_pid=$!
trap 'kill $sink_pid 2>/dev/null || true; rm -rf "$work"' EXIT

off=$(NO_WRITE=1 scripts/bench.sh)
on=$(NO_WRITE=1 EXTRA_YAML="tracing: { otlp_endpoint: \"http://127.0.0.1:$sink_port\", sample_ratio: 1.0 }" scripts/bench.sh)
row() { # label, bench output -> the contact row: gateway r/s, nginx r/s, gateway/nginx, gateway p99 ms
  local rates p99
  rates=$(echo "$2" | awk '$1=="contact" {print $4, $3, $5; exit}')
  p99=$(echo "$2" | awk '/^p99/ {p=1; next} p && $1=="contact" {print $4; exit}')
  read -r gw ng ratio <<<"$rates"
  printf '%-18s %12s %12s %14s %14s\n' "$1" "$gw" "$ng" "$ratio" "$p99"
}
table=$(
  printf '%-18s %12s %12s %14s %14s\n' "contact" "gateway r/s" "nginx r/s" "gateway/nginx" "gateway p99 ms"
  row "tracing off" "$off"
  row "sample_ratio 1.0" "$on"
)
echo "$table"
[ -n "${NO_WRITE:-}" ] && exit 0
{
  echo "<!-- bench-tracing:begin -->"
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), commit $(git rev-parse --short HEAD)."
  echo "Command: \`scripts/bench-tracing.sh\` (scripts/bench.sh twice: without \`tracing\`, then with \`tracing: { otlp_endpoint: http://127.0.0.1:$sink_port, sample_ratio: 1.0 }\` and an nginx OTLP sink on that port)."
  echo
  echo '```'
  echo "$table"
  echo
  echo "tracing off, whole table:"
  echo "$off"
  echo
  echo "sample_ratio 1.0, whole table:"
  echo "$on"
  echo '```'
  echo "<!-- bench-tracing:end -->"
} >"$work/section.md"
python3 - "$root/docs/benchmarks.md" "$work/section.md" <<'PY'
import sys, re, pathlib
doc, section = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]).read_text()
text = doc.read_text()
if "<!-- bench-tracing:begin -->" not in text:
    text += "\n## Tracing (`scripts/bench-tracing.sh`)\n\n<!-- bench-tracing:begin -->\n<!-- bench-tracing:end -->\n"
text = re.sub(r"<!-- bench-tracing:begin -->.*?<!-- bench-tracing:end -->\n?", section, text, flags=re.S)
doc.write_text(text)
PY
echo "wrote docs/benchmarks.md"
