#!/usr/bin/env bash
# htable's event_callback: the function runs once with "htable:mod-init"
# before the first message, over Kamailio's made-up OPTIONS request, then
# with "htable:expired:<table>" for each item the timer (every second)
# removes; the caller waits for the expiries before its request.
# A config of its own because Kamailio runs the callback only when app_lua
# is loaded before htable (otherwise its Lua state does not exist yet and
# it logs an error); the shared configuration loads app_lua last.
# Usage: config.sh RUN_DIR CASE_DB.
set -euo pipefail
run_dir=$1
case_dir=$(cd "$(dirname "$0")" && pwd)
cat "$case_dir/../../../prelude.lua" "$case_dir/route.lua" >"$run_dir/route.lua"
cat >"$run_dir/proxy.cfg" <<CFG
#!KAMAILIO
listen=udp:127.0.0.1:5060
children=1
debug=2
log_stderror=yes
server_header="Server: conformance"
user_agent_header="User-Agent: conformance"
loadmodule "app_lua.so"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "corex.so"
loadmodule "htable.so"
modparam("htable", "htable", "boot=>size=4;")
modparam("htable", "htable", "a=>size=4;autoexpire=1;")
modparam("htable", "htable", "b=>size=4;autoexpire=2;")
modparam("htable", "timer_interval", 1)
modparam("htable", "event_callback", "ksr_htable_event")
modparam("app_lua", "load", "$run_dir/route.lua")
cfgengine "lua"
CFG
