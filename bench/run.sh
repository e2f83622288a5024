#!/usr/bin/env bash
# The seed flow through kemid and through Kamailio 5.6 on this machine, with
# the same config and script, and what each proxy costs:
#   bench/run.sh [RATE] [CALLS]      (default 500 calls/s, 10000 calls)
# Prints per proxy: successful and failed calls, proxy CPU microseconds per
# call (utime+stime of all its threads and processes over the run, divided by
# the calls) and PSS (proportional set size, summed over its processes).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rate=${1:-500}
calls=${2:-10000}
work=$(mktemp -d)
trap 'pkill -P $$ 2>/dev/null || true; rm -rf "$work"' EXIT

[[ -x $root/build/kemid ]] || "$root/scripts/build.sh" "$root/build"
# shellcheck source=bench/measure.sh
source "$root/bench/measure.sh"

run_one() {  # name, command...
  local name=$1
  shift
  sipp -sn uas 127.0.0.1 -p 5080 -nostdin >/dev/null 2>&1 &
  local uas=$!
  "$@" >"$work/$name.log" 2>&1 &
  local proxy=$!
  sleep 2
  local pids
  pids=$(family "$proxy")
  local before
  before=$(cpu_ticks $pids)
  sipp -sn uac 127.0.0.1:5060 -p 5070 -m "$calls" -r "$rate" -nostdin >"$work/$name.uac" 2>&1 || true
  pids=$(family "$proxy")
  local after
  after=$(cpu_ticks $pids)
  local pss
  pss=$(pss_kib $pids)
  local ok failed
  ok=$(sipp_calls "$work/$name.uac" Successful)
  failed=$(sipp_calls "$work/$name.uac" Failed)
  kill "$proxy" "$uas" 2>/dev/null || true
  wait "$proxy" "$uas" 2>/dev/null || true
  local us_per_call=$(((after - before) * 1000000 / ticks / (ok > 0 ? ok : 1)))
  printf '%-10s %10s %8s %14s %10s\n' "$name" "${ok:-?}" "${failed:-?}" "$us_per_call" "$pss"
}

echo "seed flow: $calls calls at $rate calls/s"
printf '%-10s %10s %8s %14s %10s\n' proxy successful failed 'CPU us/call' 'PSS KiB'
cd "$root"
run_one kemid "$root/build/kemid" -DD -E -f etc/kemid.cfg
run_one kamailio kamailio -DD -E -m 1024 -M 32 -f bench/kamailio.cfg \
  -A "ROUTE_SCRIPT=\"$root/lua/route.lua\""
