#!/usr/bin/env bash
# The one test command (README, CI): installs what the tests need when missing, starts redis-server for
# the rate-limit tests, runs the whole Swift test suite, and stops redis-server again.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -f /usr/include/zlib.h ] || need+=(zlib1g-dev)
# FoundationXML (the stand-in's XML) links libxml2.
[ -e /usr/lib/x86_64-linux-gnu/libxml2.so ] || [ -e /usr/lib/aarch64-linux-gnu/libxml2.so ] || need+=(libxml2-dev)
command -v redis-server >/dev/null || need+=(redis-server)
command -v openssl >/dev/null || need+=(openssl)
# The status page's browser test (headless Chromium) and the alert rules' check (promtool).
command -v chromium >/dev/null || need+=(chromium)
command -v promtool >/dev/null || need+=(prometheus)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# A private redis-server on its own port and folder, so tests never touch a real one.
REDIS_PORT=${SO_TEST_REDIS_PORT:-6391}
redis_dir=$(mktemp -d -t so-gateway-redis.XXXXXX)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$redis_dir" \
  --daemonize yes --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log"
stop_redis() {
  if [ -f "$redis_dir/redis.pid" ]; then kill "$(cat "$redis_dir/redis.pid")" 2>/dev/null || true; fi
  rm -rf "$redis_dir"
}
trap stop_redis EXIT
for _ in $(seq 50); do
  redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
  sleep 0.1
done
export SO_TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
export SO_TEST_REDIS_PORT="$REDIS_PORT"
export SO_TEST_REDIS_SERVER="$(command -v redis-server)"

swift build --build-tests "$@"
# Serially: many tests start servers and measure timeouts, and 2 cores cannot run them all at once honestly.
swift test --skip-build --no-parallel "$@"
