#!/usr/bin/env bash
# A real Prometheus server (Debian's prometheus) scrapes kemid's /metrics
# while SIPp places calls through it; its query API must then return
# kemid's series with the counts SIPp produced.
#   prometheus_scrape_test.sh KEMID_BINARY SOURCE_DIR
set -euo pipefail
kemid=$1
source_dir=$2
calls=20
work=$(mktemp -d)
pids=()
cleanup() {
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

passed=0
failed=0
check() {  # name, command...
  local name=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $name"
  fi
}

# The seed script, relaying to this test's callee port.
sed 's/127.0.0.1:5080/127.0.0.1:5280/' "$source_dir/lua/route.lua" >"$work/route.lua"
cat >"$work/kemid.cfg" <<CFG
listen=udp:127.0.0.1:5260
children=2
debug=1
http_listen="127.0.0.1:9062"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "maxfwd.so"
loadmodule "pv.so"
loadmodule "app_lua.so"
modparam("app_lua", "load", "$work/route.lua")
cfgengine "lua"
CFG
cat >"$work/prometheus.yml" <<PROM
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: kemid
    static_configs:
      - targets: ["127.0.0.1:9062"]
PROM

"$kemid" -DD -E -f "$work/kemid.cfg" 2>"$work/kemid.log" &
pids+=($!)
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address=127.0.0.1:9095 >"$work/prometheus.log" 2>&1 &
pids+=($!)
sipp -sn uas 127.0.0.1 -p 5280 -nostdin >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  curl -sf http://127.0.0.1:9095/-/ready >/dev/null && curl -sf http://127.0.0.1:9062/metrics >/dev/null && break
  sleep 0.2
done

sipp -sn uac 127.0.0.1:5260 -p 5270 -m "$calls" -r 20 -nostdin >"$work/uac.log" 2>&1 || true
check "SIPp completed $calls calls" grep -Eq "Successful call +\| +[0-9]+ +\| +$calls " "$work/uac.log"

# Prometheus' value of a query once it has scraped after the calls ended.
query() {
  curl -sf "http://127.0.0.1:9095/api/v1/query" --data-urlencode "query=$1" |
    python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "none")'
}
invites=none
for _ in $(seq 50); do
  invites=$(query 'kamailio_core_rcv_requests_invite{job="kemid"}')
  [[ $invites == "$calls" ]] && break
  sleep 0.2
done
check "Prometheus sees $calls INVITEs (saw $invites)" test "$invites" = "$calls"
byes=$(query 'kamailio_core_rcv_requests_bye{job="kemid"}')
check "Prometheus sees $calls BYEs (saw $byes)" test "$byes" = "$calls"
# The route histogram is ingested as a histogram: its count is every
# request (INVITE, ACK, BYE) and a quantile can be computed from it.
routed=$(query 'kemid_route_duration_seconds_count{job="kemid",route="ksr_request_route"}')
check "Prometheus sees $((3 * calls)) request route runs (saw $routed)" test "$routed" = "$((3 * calls))"
p99=$(query 'histogram_quantile(0.99, kemid_route_duration_seconds_bucket{job="kemid",route="ksr_request_route"})')
check "a p99 of the request route time (saw $p99)" python3 -c "import sys; v=float(sys.argv[1]); sys.exit(0 if 0 < v < 1 else 1)" "$p99"
up=$(query 'up{job="kemid"}')
check "the kemid target is up (saw $up)" test "$up" = "1"

echo "$passed passed, $failed failed"
((failed == 0))
