#!/usr/bin/env bash
# Sets everything up, builds kemid and runs the seed flow on loopback:
#   SIPp UAC --> kemid (udp 127.0.0.1:5060, etc/kemid.cfg + lua/route.lua) --> SIPp UAS (5080)
# Usage: scripts/run-seed.sh [CALLS] [RATE]   (default 1000 calls at 200 calls/s)
# kemid's log goes to build/seed-kemid.log; the exit status is SIPp's
# (0: every call succeeded).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
calls=${1:-1000}
rate=${2:-200}
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build"
cd "$root"

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT
sipp -sn uas 127.0.0.1 -p 5080 -nostdin >/dev/null 2>&1 &
pids+=($!)
build/kemid -DD -E -f etc/kemid.cfg 2>build/seed-kemid.log &
pids+=($!)
for _ in $(seq 50); do
  grep -q started build/seed-kemid.log && break
  sleep 0.1
done
grep -q started build/seed-kemid.log || { cat build/seed-kemid.log; exit 1; }
echo "kemid is running (log: build/seed-kemid.log); $calls calls at $rate calls/s:"
status=0
sipp -sn uac 127.0.0.1:5060 -p 5070 -m "$calls" -r "$rate" -nostdin >build/seed-uac.log 2>&1 || status=$?
grep -E 'Successful call|Failed call' build/seed-uac.log
exit $status
