#!/usr/bin/env bash
# What can be checked about the container without a container engine: the static release binary needs
# only the shared libraries that debian:bookworm-slim + zlib1g + libxml2 + ca-certificates provide, starts with an
# empty environment, answers its own `healthcheck` and /healthz, and exits 0 on SIGTERM.
#
#   scripts/check-runtime.sh                      # builds into .build
#   SCRATCH=/tmp/so-gw-release scripts/check-runtime.sh
#   BIN=path/to/so-gateway scripts/check-runtime.sh   # check an already built binary, no build
set -euo pipefail
cd "$(dirname "$0")/.."

SCRATCH=${SCRATCH:-.build}
fail() { echo "FAIL: $*" >&2; exit 1; }

if [ -n "${BIN:-}" ]; then
  bin=$BIN
  echo "== checking $bin (no build)"
else
  echo "== build: scripts/release-build.sh $SCRATCH (what the Dockerfile runs)"
  bin=$(scripts/release-build.sh "$SCRATCH" 2> >(tail -n 3 >&2))
fi
[ -x "$bin" ] || fail "no binary at $bin"
ls -l "$bin" | awk '{print "binary:", $5, "bytes"}'

echo "== ldd so-gateway"
ldd "$bin" | sed 's/ (0x[0-9a-f]*)//'
# Libraries the runtime image has: glibc's (libc, libm, libpthread, libdl, librt, libutil, ld-linux),
# libstdc++ and libgcc_s (in bookworm-slim), libz (zlib1g), the kernel's vDSO, and libxml2 with what it needs
# (libicuuc, libicudata, liblzma): the stand-in that `demo` and `stand-in` run reads XML with FoundationXML.
allowed='^(linux-vdso\.so|libc\.so|libm\.so|libpthread\.so|libdl\.so|librt\.so|libutil\.so|libstdc\+\+\.so|libgcc_s\.so|libz\.so|libxml2\.so|libicuuc\.so|libicudata\.so|liblzma\.so|ld-linux-x86-64\.so|ld-linux-aarch64\.so|/lib64/ld-linux-x86-64\.so|/lib/ld-linux-aarch64\.so)'
unexpected=$(ldd "$bin" | awk '{print $1}' | grep -Ev "$allowed" || true)
[ -z "$unexpected" ] || fail "needs libraries the runtime image does not have: $unexpected"
if ldd "$bin" | grep -q 'not found'; then fail "unresolved libraries"; fi
if ldd "$bin" | grep -Eq 'libswift|libFoundation|libdispatch|libssl|libcrypto'; then
  fail "Swift runtime, Foundation or OpenSSL linked dynamically"
fi
echo "ok: only glibc, libstdc++, libgcc_s, libz and libxml2 (with libicu and liblzma) are needed"

work=$(mktemp -d -t so-gw-runtime.XXXXXX)
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Two loopback ports nobody listens on (checked, not assumed).
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
base=$((20000 + RANDOM % 20000))
while ! port_free "$base" || ! port_free $((base + 1)); do base=$((base + 2)); done
port=$base; admin=$((base + 1))

cat >"$work/gateway.yml" <<EOF
listen: { host: 127.0.0.1, port: $port }
upstream:
  url: http://127.0.0.1:9/Cust12345
  credentials: { ticket: "7T:check-runtime" }
clients:
  - name: check
    api_keys_sha256: [ "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" ]
admin:
  listen: { host: 127.0.0.1, port: $admin }
shutdown: { drain_timeout: 5s }
EOF

echo "== env -i so-gateway serve (listen :$port, admin :$admin)"
env -i "$bin" serve --config "$work/gateway.yml" >"$work/log" 2>&1 &
pid=$!

healthy=""
for _ in $(seq 100); do
  if env -i "$bin" healthcheck --config "$work/gateway.yml" --timeout 1 >"$work/hc" 2>&1; then healthy=yes; break; fi
  kill -0 "$pid" 2>/dev/null || { cat "$work/log"; fail "gateway exited during startup"; }
  sleep 0.1
done
[ -n "$healthy" ] || { cat "$work/log"; fail "healthcheck never succeeded: $(cat "$work/hc")"; }
echo "ok: so-gateway healthcheck exit 0 ($(cat "$work/hc"))"

# The healthcheck subcommand exits 0 only on a 200 from the admin /healthz; show the raw answer too,
# with bash's /dev/tcp (no curl in the runtime image, none needed here).
exec 3<>"/dev/tcp/127.0.0.1/$admin"
printf 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
status_line=$(head -n 1 <&3 | tr -d '\r')
exec 3<&-
echo "admin /healthz: $status_line"
[[ "$status_line" == "HTTP/1.1 200"* ]] || fail "/healthz did not answer 200"

echo "== SIGTERM"
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
pid=""
echo "exit status: $rc"
echo "-- gateway log --"
cat "$work/log"
[ "$rc" = 0 ] || fail "exit status $rc after SIGTERM"
echo "PASS: static binary runs with the runtime image's libraries, answers healthcheck and /healthz, exits 0 on SIGTERM"
