#!/usr/bin/env bash
# Where the two cores go during a 5 s wrk run: CPU µs per request of each named process, of wrk itself, and
# the machine's idle time per request (cpu-per-request.sh is its one-process form). It shows the whole box,
# which is what the side-by-side numbers depend on (every process shares the same cores).
#
#   scripts/bench/cpu-split.sh URL LUA NAME=PID [NAME=PID ...]
#   e.g. scripts/bench/cpu-split.sh http://127.0.0.1:18090 ../shared/bench/contact.lua \
#          gateway=$(pgrep -f 'so-gateway serve') upstream=<pid of the upstream nginx worker>
# Needs wrk, and API_KEY exported for the shared Lua scripts.
set -euo pipefail
url=${1:?usage: cpu-split.sh URL LUA NAME=PID...}
lua=${2:?lua script}
shift 2
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
declare -A before
for pair in "$@"; do before[$pair]=$(cpu "${pair#*=}"); done
idle0=$(awk '/^cpu / {print $5}' /proc/stat)
out=$(mktemp)
wrk -t1 -c32 -d5s -s "$lua" "$url" >"$out" &
wrk_pid=$!
sleep 4.9
wrk_cpu=$(cpu $wrk_pid)   # wrk's own CPU, read just before it exits
wait $wrk_pid
idle1=$(awk '/^cpu / {print $5}' /proc/stat)
n=$(awk '/requests in/ {print $1}' "$out")
per() { python3 -c "print(round($1 / $ticks * 1e6 / $n, 1))"; }
line="rps=$(awk '/Requests\/sec/ {print $2}' "$out")"
for pair in "$@"; do line+=" ${pair%%=*}=$(per "$(( $(cpu "${pair#*=}") - ${before[$pair]} ))")"; done
line+=" wrk=$(per "$wrk_cpu") idle=$(per "$((idle1 - idle0))") (µs per request)"
echo "$line"
grep -i 'non-2xx' "$out" || true
rm -f "$out"
