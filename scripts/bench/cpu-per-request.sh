#!/usr/bin/env bash
# CPU time one process spends per request during a 5 s wrk run: (utime + stime from /proc/PID/stat, before and
# after) / requests. Used for the "CPU per request" table in docs/benchmarks.md; cpu-split.sh does the
# measuring, this is its one-process form.
#
#   scripts/bench/cpu-per-request.sh PID URL LUA
#   e.g. scripts/bench/cpu-per-request.sh $(pgrep -f 'so-gateway serve') http://127.0.0.1:18090 ../shared/bench/contact.lua
# Prints: rps=<requests/s> process=<µs> wrk=<µs> idle=<µs> (µs per request). Needs wrk and API_KEY for the
# shared Lua scripts.
set -euo pipefail
pid=${1:?usage: cpu-per-request.sh PID URL LUA}
exec "$(dirname "$0")/cpu-split.sh" "${2:?url}" "${3:?lua script}" "process=$pid"
