#!/usr/bin/env bash
# The seed flow through kemid, Kamailio 5.6 and a blind UDP relay (the floor)
# on this machine, with the same config and script (bench/proxy.cfg,
# lua/route.lua), and what each costs:
#   bench/run.sh                  the table at 1000 and 3000 calls/s, then the
#                                 rate search
#   bench/run.sh rates R [R...]   the table at these rates only
#   bench/run.sh search           the rate search only
#   bench/run.sh soak [RATE] [MINUTES]
#                                 kemid alone at a steady rate (default 800
#                                 calls/s for 10 minutes), its memory every
#                                 30 s, then 60 s idle
# Environment: BENCH_SECONDS (length of each measured run, default 10),
# BENCH_PROXIES (default "kemid kamailio floor"), BENCH_TRANSPORT (udp,
# or tcp: SIPp's caller and callee each on one TCP connection, the proxies
# relaying over TCP; the floor is UDP only and left out).
# A row: calls SIPp counted as successful and failed, the rate SIPp reached,
# its retransmissions (a proxy falling behind makes SIPp retransmit), the
# calls whose 180 Ringing did not come before their 200 OK (SIPp's uas sends
# both, 180 first: a proxy that reorders a call's replies, or a 180 lost in
# a full socket buffer on a saturated machine), the proxy's CPU
# time (utime+stime of all its threads and processes over the run) per
# successful call, and its PSS at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${BENCH_SECONDS:-10}
transport=${BENCH_TRANSPORT:-udp}
work=$(mktemp -d)
trap 'pkill -P $$ 2>/dev/null || true; [[ -n ${BENCH_KEEP:-} ]] || rm -rf "$work"' EXIT
route_script=$root/lua/route.lua
sipp_transport=()
proxy_defines=()
case $transport in
  udp) proxies=${BENCH_PROXIES:-kemid kamailio floor} ;;
  tcp)
    proxies=${BENCH_PROXIES:-kemid kamailio}
    sipp_transport=(-t t1)
    proxy_defines=(-A WITH_TCP)
    # The seed script, relaying to the callee over TCP.
    route_script=$work/route_tcp.lua
    sed 's|sip:127.0.0.1:5080"|sip:127.0.0.1:5080;transport=tcp"|' "$root/lua/route.lua" >"$route_script"
    grep -q 'transport=tcp' "$route_script"
    ;;
  *)
    echo "BENCH_TRANSPORT must be udp or tcp" >&2
    exit 2
    ;;
esac

[[ -x $root/build/kemid ]] || "$root/scripts/build.sh" "$root/build"
g++ -O2 -o "$work/floor_relay" "$root/bench/floor_relay.cpp"
# shellcheck source=bench/measure.sh
source "$root/bench/measure.sh"
cd "$root"

start_proxy() {  # name: starts it in the background, its pid in $proxy
  local script=ROUTE_SCRIPT=\""$route_script"\"
  case $1 in
    kemid)
      "$root/build/kemid" -DD -E -f bench/proxy.cfg -A "$script" "${proxy_defines[@]}" \
        >"$work/$1.log" 2>&1 &
      ;;
    kamailio)
      kamailio -DD -E -m 1024 -M 32 -f bench/proxy.cfg -A "$script" "${proxy_defines[@]}" \
        >"$work/$1.log" 2>&1 &
      ;;
    floor) "$work/floor_relay" 5060 5080 >"$work/$1.log" 2>&1 & ;;
  esac
  proxy=$!
  sleep 2
}

stop_proxy() {
  kill "$proxy" 2>/dev/null || true
  wait "$proxy" 2>/dev/null || true
  # Kamailio's workers can outlive a killed main process for a moment.
  while ss -lun | grep -q '127.0.0.1:5060 ' || ss -ltn | grep -q '127.0.0.1:5060 '; do
    sleep 0.2
  done
}

row_format='%-9s %7s %9s %8s %8s %9s %9s %9s %11s %9s\n'

# One measured run of `rate` calls/s for $seconds; prints a row and answers
# whether it was clean (0): every call completed, at 95 % of the rate or
# better, without retransmissions.
measure() {  # name rate
  local name=$1 rate=$2
  local calls=$((rate * seconds))
  sipp -sn uas 127.0.0.1 -p 5080 "${sipp_transport[@]}" -nostdin >/dev/null 2>&1 &
  local uas=$!
  start_proxy "$name"
  local pids before after pss
  read -r -a pids <<<"$(family "$proxy")"
  before=$(cpu_ticks "${pids[@]}")
  # A proxy that falls far behind is given up on (SIGINT: SIPp still prints
  # its counts).
  timeout -s INT $((seconds * 3 + 30)) \
    sipp -sn uac 127.0.0.1:5060 -p 5070 "${sipp_transport[@]}" -m "$calls" -r "$rate" -rp 1000 \
    -nostdin >"$work/uac" 2>&1 || true
  read -r -a pids <<<"$(family "$proxy")"
  after=$(cpu_ticks "${pids[@]}")
  pss=$(pss_kib "${pids[@]}")
  stop_proxy
  kill "$uas" 2>/dev/null || true
  wait "$uas" 2>/dev/null || true
  local ok failed reached retrans ringing
  ok=$(sipp_calls "$work/uac" Successful)
  failed=$(sipp_calls "$work/uac" Failed)
  reached=$(sipp_rate "$work/uac")
  retrans=$(sipp_retransmissions "$work/uac")
  ringing=$(sipp_messages "$work/uac" 180)
  local us=$(((after - before) * 1000000 / ticks / (${ok:-0} > 0 ? ok : 1)))
  # shellcheck disable=SC2059
  printf "$row_format" "$name" "$rate" "$calls" "${ok:-?}" "${failed:-?}" "${reached:-?}" \
    "${retrans:-?}" $((calls - ${ringing:-0})) "$us" "$pss"
  [[ ${ok:-0} == "$calls" && ${failed:-1} == 0 && ${retrans:-1} == 0 ]] &&
    awk -v got="${reached:-0}" -v want="$rate" 'BEGIN { exit !(got >= 0.95 * want) }'
}

header() {
  # shellcheck disable=SC2059
  printf "$row_format" proxy 'calls/s' calls ok failed reached retrans 'late 180' 'CPU us/call' \
    'PSS KiB'
}

table() {  # rates...
  echo "seed flow over $transport, ${seconds} s per run; $(nproc) cores; kemid $(git describe --always --dirty)"
  header
  for rate in "$@"; do
    for name in $proxies; do measure "$name" "$rate" || true; done
  done
}

# The highest rate at which each proxy's runs are clean (see measure), from
# 500 calls/s up.
search() {
  echo "rate search: ${seconds} s per step"
  header
  for name in $proxies; do
    local best=0 rate
    for rate in 500 1000 2000 3000 4000 5000 6000 7000 8000 10000 12000 15000; do
      measure "$name" "$rate" || break
      best=$rate
    done
    echo "$name: highest clean rate $best calls/s"
  done
}

# kemid alone at a steady rate: resident memory every 30 s under load, then
# every 10 s for a minute of idle (where idle memory goes back to the system).
soak() {  # rate minutes
  local rate=$1 minutes=$2
  local calls=$((rate * minutes * 60))
  sipp -sn uas 127.0.0.1 -p 5080 -nostdin >/dev/null 2>&1 &
  local uas=$!
  start_proxy kemid
  echo "soak: kemid at $rate calls/s for $minutes min, then 60 s idle"
  echo "| time | phase | INVITEs received | RSS MiB |"
  echo "|---|---|---|---|"
  sample() {  # time phase
    local rss invites
    rss=$(awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$proxy/status")
    invites=$(curl -s http://127.0.0.1:9060/metrics |
      awk '/^kamailio_core_rcv_requests_invite / {printf "%d", $2}')
    echo "| $1 s | $2 | $invites | $rss |"
  }
  sipp -sn uac 127.0.0.1:5060 -p 5070 -m "$calls" -r "$rate" -rp 1000 -nostdin \
    >"$work/uac" 2>&1 &
  local uac=$! t=0
  sample 0 start
  while kill -0 "$uac" 2>/dev/null; do
    sleep 30
    t=$((t + 30))
    sample "$t" load
  done
  wait "$uac" || true
  for ((i = 1; i <= 6; i++)); do
    sleep 10
    sample $((t + i * 10)) idle
  done
  stop_proxy
  kill "$uas" 2>/dev/null || true
  echo "SIPp: $(sipp_calls "$work/uac" Successful) successful, $(sipp_calls "$work/uac" Failed) failed"
}

case ${1:-all} in
  all)
    table 1000 3000
    echo
    search
    ;;
  rates)
    shift
    table "$@"
    ;;
  search) search ;;
  soak) soak "${2:-800}" "${3:-10}" ;;
  *)
    sed -n '2,19p' "$0" >&2
    exit 2
    ;;
esac
