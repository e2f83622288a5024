#!/usr/bin/env bash
# Registrations and calls at once, through kemid and through Kamailio 5.6
# with the same config and script (registrar.cfg, route.lua):
#   bench/registrar/run.sh [USERS] [REGISTER_RATE] [CALL_RATE] [SECONDS]
#   (default 1000 users re-registering at 100 REGISTER/s, i.e. each every
#   10 s, while 200 calls/s flow, for 30 s)
# USERS phones register first; then SIPp re-registers them in turn while
# another SIPp calls them (INVITE to a registered user, 200, ACK, BYE) and
# SIPp's uas on 127.0.0.1:5080 answers for every phone. Prints per proxy: REGISTERs and calls that succeeded and failed,
# the proxy's CPU microseconds per message exchange (REGISTER or call) and
# its PSS at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/bench/registrar"
users=${1:-1000}
reg_rate=${2:-100}
call_rate=${3:-200}
seconds=${4:-30}
work=$(mktemp -d)
trap 'pkill -P $$ 2>/dev/null || true; rm -rf "$work"' EXIT

[[ -x $root/build/kemid ]] || "$root/scripts/build.sh" "$root/build"
# shellcheck source=bench/measure.sh
source "$root/bench/measure.sh"

{
  echo SEQUENTIAL
  for ((i = 0; i < users; i++)); do printf 'user%05d\n' "$i"; done
} >"$work/users.csv"
# The callees, in random order.
{
  echo RANDOM
  tail -n +2 "$work/users.csv"
} >"$work/callees.csv"

sipp_run() {  # output file, scenario, injection file, calls, rate, port
  sipp -sf "$here/$2" -inf "$work/$3" 127.0.0.1:5060 -p "$6" -m "$4" -r "$5" \
    -nostdin -timeout 120 >"$work/$1" 2>&1 || true
}

run_one() {  # name, command...
  local name=$1
  shift
  sipp -sn uas 127.0.0.1 -p 5080 -nostdin >/dev/null 2>&1 &
  local uas=$!
  "$@" >"$work/$name.log" 2>&1 &
  local proxy=$!
  sleep 2
  sipp_run "$name.initial" register.xml users.csv "$users" 500 5070
  local pids before after
  pids=$(family "$proxy")
  before=$(cpu_ticks $pids)
  sipp_run "$name.reregister" register.xml users.csv $((reg_rate * seconds)) "$reg_rate" 5071 &
  local reregister=$!
  sipp_run "$name.calls" call.xml callees.csv $((call_rate * seconds)) "$call_rate" 5072
  wait "$reregister"
  pids=$(family "$proxy")
  after=$(cpu_ticks $pids)
  local pss
  pss=$(pss_kib $pids)
  kill "$proxy" "$uas" 2>/dev/null || true
  wait "$proxy" "$uas" 2>/dev/null || true
  local initial reg_ok reg_failed ok failed
  initial=$(sipp_calls "$work/$name.initial" Successful)
  reg_ok=$(sipp_calls "$work/$name.reregister" Successful)
  reg_failed=$(sipp_calls "$work/$name.reregister" Failed)
  ok=$(sipp_calls "$work/$name.calls" Successful)
  failed=$(sipp_calls "$work/$name.calls" Failed)
  local exchanges=$((${reg_ok:-0} + ${ok:-0}))
  local us=$(((after - before) * 1000000 / ticks / (exchanges > 0 ? exchanges : 1)))
  printf '%-10s %8s %9s %10s %8s %8s %12s %9s\n' "$name" "${initial:-?}" "${reg_ok:-?}" \
    "${reg_failed:-?}" "${ok:-?}" "${failed:-?}" "$us" "$pss"
}

echo "$users users re-registering at $reg_rate/s while $call_rate calls/s flow, ${seconds} s"
printf '%-10s %8s %9s %10s %8s %8s %12s %9s\n' proxy registered 'reg ok' 'reg failed' \
  'calls ok' failed 'CPU us/exch' 'PSS KiB'
cd "$root"
run_one kemid "$root/build/kemid" -DD -E -f "$here/registrar.cfg" -A "ROUTE_SCRIPT=\"$here/route.lua\""
run_one kamailio kamailio -DD -E -m 1024 -M 32 -f "$here/registrar.cfg" \
  -A "ROUTE_SCRIPT=\"$here/route.lua\""
