#!/usr/bin/env bash
# CPU time a process spends per request during a 5 s wrk run: (utime + stime from /proc/PID/stat, before and
# after) / requests. Used for the "CPU per request" table in docs/benchmarks.md.
#
#   scripts/bench/cpu-per-request.sh PID URL LUA
#   e.g. scripts/bench/cpu-per-request.sh $(pgrep -f 'so-gateway serve') http://127.0.0.1:18090 ../shared/bench/contact.lua
# Prints: rps=<requests/s> cpu_us_per_req=<µs> non2xx=<count>. Needs wrk and API_KEY for the shared Lua scripts.
set -euo pipefail
pid=${1:?usage: cpu-per-request.sh PID URL LUA}
url=${2:?url}
lua=${3:?lua script}
ticks=$(getconf CLK_TCK)
t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
out=$(wrk -t1 -c32 -d5s -s "$lua" "$url")
t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
n=$(echo "$out" | awk '/requests in/ {print $1}')
rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
non=$(echo "$out" | awk '/Non-2xx/ {print $5}')
echo "rps=$rps cpu_us_per_req=$(python3 -c "print(round(($t1 - $t0) / $ticks * 1e6 / $n, 1))") non2xx=${non:-0}"
