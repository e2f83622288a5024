#!/usr/bin/env bash
# Kamailio's stock KEMI example, kamailio-basic-kemi.cfg with its Lua
# script as Debian's kamailio package installs them, run with WITH_AUTH and
# WITH_USRLOCDB on SQLite. Usage: config.sh RUN_DIR CASE_DB [DBURL]; writes
# RUN_DIR/proxy.cfg and RUN_DIR/kamailio-local.cfg. A mysql:// DBURL keeps
# the example's db_mysql (tests/integration/stock_example_test.cpp). The
# only edits:
# - the features whose modules kemid does not have yet are off: WITH_NAT
#   (rtpproxy) and WITH_ACCDB (acc's database backend); WITH_IPAUTH
#   (permissions, its address and trusted tables empty) and WITH_ANTIFLOOD
#   (htable, pike; the callers are local, so the script skips both) stay on;
# - db_sqlite.so is loaded in place of db_mysql.so, for SQLite;
# - app_lua loads the script from where Debian installs it;
# - kamailio-local.cfg, the example's own hook, picks Lua (WITH_CFGLUA),
#   sets DBURL to the case's database, listens on 127.0.0.1:5060 only and
#   keeps the proxies' names off the wire (fixed Server and User-Agent).
set -euo pipefail
run_dir=$1
db_url=${3:-sqlite://$2}
db_module=db_mysql.so
[[ $db_url == sqlite://* ]] && db_module=db_sqlite.so
examples=/usr/share/doc/kamailio/examples/kemi
if [[ ! -r $examples/kamailio-basic-kemi.cfg || ! -r $examples/kamailio-basic-kemi-lua.lua ]]; then
  echo "config.sh: Kamailio's KEMI examples are not in $examples (package kamailio)" >&2
  exit 1
fi
sed -e '/^#!define WITH_\(NAT\|ACCDB\)$/d' \
  -e "s|^loadmodule \"db_mysql.so\"\$|loadmodule \"$db_module\"|" \
  -e "s|\"/usr/local/etc/kamailio/kamailio-basic-kemi-lua.lua\"|\"$examples/kamailio-basic-kemi-lua.lua\"|" \
  "$examples/kamailio-basic-kemi.cfg" >"$run_dir/proxy.cfg"
cat >"$run_dir/kamailio-local.cfg" <<LOCAL
#!define WITH_CFGLUA
#!define DBURL "$db_url"
listen=udp:127.0.0.1:5060
server_header="Server: conformance"
user_agent_header="User-Agent: conformance"
LOCAL
