# Sourced by the multi-replica benchmarks (bench-bus.sh, bench-shared.sh): a work folder cleaned up on exit, the
# processes started in `pids` stopped with it, and a private redis-server and the bundled stand-in on free ports
# (`redis_port`, `standin_port`). Needs `bin` (the so-gateway binary) set before sourcing.
work=$(mktemp -d -t so-gateway-replicas.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 200); do curl -s -o /dev/null "$1" && return 0; sleep 0.05; done; echo "not answering: $1" >&2; exit 1; }

redis_port=$(free_port); standin_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" >/dev/null &
pids+=($!)
"$bin" stand-in --port "$standin_port" >"$work/standin.log" 2>&1 &
pids+=($!)
