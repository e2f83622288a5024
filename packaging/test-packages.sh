#!/usr/bin/env bash
# Tests the packages packaging/build-packages.sh put in dist/:
#  - .deb: lintian (errors fail), control fields, then installed on this
#    machine with dpkg -i: files, conffiles, the kemid user, kemid -c on the
#    packaged config, kemid started the way the unit's ExecStart does (as
#    the kemid user, from /), the SIPp seed flow through it, SIGHUP reload,
#    SIGTERM stop, a reinstall that keeps a local config edit, dpkg -r
#    (config kept) and dpkg -P (config gone, user kept);
#  - .rpm: layout, config files, requires/provides, scripts (rpm -qp).
# Needs root (dpkg -i), sipp, lintian, rpm. The last line is
# "N passed, N failed"; the exit status is 0 only when nothing failed.
# Usage: packaging/test-packages.sh [DIST_DIR]    (default: dist/)
# Environment: PORT_WAIT seconds to wait for busy SIP ports (default 300).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dist=$(cd "${1:-$root/dist}" && pwd)
work=$(mktemp -d /tmp/kemid-pkgtest.XXXXXX)
passed=0
failed=0

pass() { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }
# check NAME CMD...: one test; the command's output is shown only on failure.
check() {
  local name=$1
  shift
  if "$@" >"$work/check.out" 2>&1; then
    pass "$name"
  else
    fail "$name"
    sed 's/^/       /' "$work/check.out" | tail -20
  fi
}
finish() {
  echo "$passed passed, $failed failed"
  exit $((failed > 0))
}

pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  # Leave the machine as found: the package is only installed for the test.
  if dpkg-query -W -f='${Status}' kemid 2>/dev/null | grep -qv 'not-installed'; then
    dpkg -P kemid >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

deb=$(ls "$dist"/kemid_*.deb 2>/dev/null | head -1 || true)
rpm=$(ls "$dist"/kemid-*.rpm 2>/dev/null | head -1 || true)
[[ $(id -u) -eq 0 ]] || { echo "test-packages: needs root (dpkg -i)"; fail "running as root"; finish; }

# ---- .deb, before installing --------------------------------------------------
if [[ -z $deb ]]; then
  fail "a .deb in $dist"
else
  pass "a .deb in $dist: $(basename "$deb")"
  if command -v lintian >/dev/null; then
    # Warnings are shown but only errors fail (the issue's bar).
    lintian --info "$deb" >"$work/lintian.out" 2>&1 || true
    grep -E '^[EW]: ' "$work/lintian.out" | sed 's/^/       /' || true
    check "lintian reports no errors" bash -c "! grep -q '^E: ' '$work/lintian.out'"
  else
    fail "lintian is installed"
  fi
  dpkg-deb -f "$deb" Depends >"$work/depends"
  # dpkg-shlibdeps put the shared libraries' packages in Depends.
  check "Depends from the shared libraries (libc6, libpoco*, liblua5.4, libosip2)" \
    bash -c "grep -q 'libc6' '$work/depends' && grep -q 'libpoco' '$work/depends' &&
             grep -q 'liblua5.4' '$work/depends' && grep -q 'libosip2' '$work/depends'"
  check "Depends on adduser" grep -q 'adduser' "$work/depends"
  dpkg-deb -e "$deb" "$work/control"
  check "conffiles: kemid.cfg, route.lua, /etc/default/kemid" \
    bash -c "diff <(sort '$work/control/conffiles') <(printf '%s\n' /etc/default/kemid /etc/kemid/kemid.cfg /etc/kemid/route.lua)"
fi

# ---- .deb installed ---------------------------------------------------------
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
libdir=/usr/lib/$multiarch/kemid
unit=/lib/systemd/system/kemid.service

# Other test suites on this machine use the same SIP ports: wait for them.
# /proc/net: ports in hex, 5060=13C4 5070=13CE 5080=13D8, tcp 9060=2364.
ports_busy() {
  pgrep -x sipp >/dev/null && return 0
  grep -qE ':(13C4|13CE|13D8) ' /proc/net/udp /proc/net/udp6 2>/dev/null && return 0
  grep -qE ':2364 [0-9A-F:]+ 0A ' /proc/net/tcp /proc/net/tcp6 2>/dev/null && return 0
  return 1
}
wait_for_ports() {
  local waited=0
  while ports_busy; do
    ((waited >= ${PORT_WAIT:-300})) && return 1
    ((waited == 0)) && echo "       SIP ports busy (sipp running or UDP 5060/5070/5080, TCP 9060 bound); waiting"
    sleep 5
    waited=$((waited + 5))
  done
}

# The unit's Exec line with ${CFGFILE} and $EXTRA_OPTIONS expanded as
# systemd does (braced: one word; unbraced: split on whitespace).
unit_command() {
  local key=$1 word extra
  local -a words
  read -ra words <<<"$(sed -n "s/^$key=//p" "$unit")"
  cmd=()
  for word in "${words[@]}"; do
    case $word in
      '${CFGFILE}') cmd+=("$CFGFILE") ;;
      '$EXTRA_OPTIONS') read -ra extra <<<"$EXTRA_OPTIONS"; cmd+=("${extra[@]}") ;;
      *) cmd+=("$word") ;;
    esac
  done
}
# As User=kemid Group=kemid NoNewPrivileges=yes WorkingDirectory=/ would.
as_kemid() { (cd / && exec setpriv --reuid=kemid --regid=kemid --init-groups --no-new-privs -- "$@"); }


if [[ -n $deb ]]; then
  # A leftover from an earlier run would hide what this install does.
  dpkg -P kemid >/dev/null 2>&1 || true
  check "dpkg -i" dpkg -i "$deb"
  check "installed: /usr/sbin/kemid" test -x /usr/sbin/kemid
  # Every plugin of the source tree (one folder each under plugins/).
  for m in $(cd "$root/plugins" && ls -d */ | tr -d /); do
    check "installed: $libdir/modules/$m.so" test -f "$libdir/modules/$m.so"
  done
  for lib in libkemid_core.so libkemid_sip.so; do
    check "installed: $libdir/$lib" test -f "$libdir/$lib"
  done
  check "kemid finds its shared libraries (ldd)" bash -c "! ldd /usr/sbin/kemid | grep -q 'not found'"
  # kemid -c names each module's file: proves the compiled-in module dir.
  check "kemid loads its modules from $libdir/modules" \
    bash -c "/usr/sbin/kemid -c -f /etc/kemid/kemid.cfg 2>&1 | grep -qF '$libdir/modules/tm.so'"
  for f in /etc/kemid/kemid.cfg /etc/kemid/route.lua /etc/default/kemid "$unit" \
    /usr/share/man/man8/kemid.8.gz /usr/share/doc/kemid/README.md /usr/share/doc/kemid/copyright \
    /usr/share/doc/kemid/examples/kemid.cfg /usr/share/doc/kemid/examples/route.lua; do
    check "installed: $f" test -f "$f"
  done
  if dpkg -L kemid | grep -qx /usr/bin/kemictl; then
    check "installed: /usr/bin/kemictl" test -x /usr/bin/kemictl
    check "installed: /usr/share/man/man8/kemictl.8.gz" test -f /usr/share/man/man8/kemictl.8.gz
  else
    echo "skip - /usr/bin/kemictl: not in this build (no kemictl target)"
  fi
  check "/etc/default/kemid sets CFGFILE and EXTRA_OPTIONS" \
    bash -c "grep -q '^CFGFILE=/etc/kemid/kemid.cfg' /etc/default/kemid && grep -q '^EXTRA_OPTIONS=' /etc/default/kemid"
  check "packaged config loads /etc/kemid/route.lua" grep -q '"/etc/kemid/route.lua"' /etc/kemid/kemid.cfg
  check "dpkg lists the conffiles" \
    bash -c "dpkg-query -W -f='\${Conffiles}' kemid | grep -c -E '/etc/(kemid/kemid.cfg|kemid/route.lua|default/kemid) ' | grep -qx 3"
  check "state directory /var/lib/kemid (kemid:kemid, 0750)" \
    bash -c "[[ \$(stat -c '%U:%G %a' /var/lib/kemid) == 'kemid:kemid 750' ]]"
  if [[ -x /usr/bin/kemictl ]]; then
    check "sudo kemictl db init: the default database belongs to kemid" \
      bash -c "/usr/bin/kemictl db init >/dev/null && [[ \$(stat -c %U /var/lib/kemid/kemid.sqlite) == kemid ]]"
    check "kemid's user writes it (kemictl subscriber add as kemid)" \
      as_kemid /usr/bin/kemictl subscriber add test@example.com secret
  fi
  check "system user kemid (group kemid, no login shell)" \
    bash -c "getent passwd kemid | grep -qE ':/usr/sbin/nologin$' && id -gn kemid | grep -qx kemid && [[ \$(id -u kemid) -lt 1000 ]]"
  check "unit: Type, User, ExecStartPre check, ExecReload, Restart, hardening" \
    bash -c "for l in Type=simple User=kemid Group=kemid RuntimeDirectory=kemid StateDirectory=kemid Restart=on-failure \
      NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes \
      AmbientCapabilities=CAP_NET_BIND_SERVICE 'ExecReload=/bin/kill -HUP \$MAINPID' \
      'ExecStartPre=/usr/sbin/kemid -c -f \${CFGFILE}' 'ExecStart=/usr/sbin/kemid -DD -E -f \${CFGFILE}' \
      EnvironmentFile=-/etc/default/kemid; do grep -qF \"\$l\" '$unit' || { echo \"missing: \$l\"; exit 1; }; done"
  if command -v systemd-analyze >/dev/null; then
    # Without a running systemd the verifier still parses the unit; only
    # lines about kemid.service count.
    systemd-analyze verify "$unit" >"$work/verify.out" 2>&1 || true
    check "systemd-analyze verify kemid.service" bash -c "! grep -i 'kemid.service' '$work/verify.out'"
  fi
  check "kemid -c -f /etc/kemid/kemid.cfg" /usr/sbin/kemid -c -f /etc/kemid/kemid.cfg

  # Run it as the unit does: defaults, then the EnvironmentFile, then
  # RuntimeDirectory=kemid, ExecStartPre, ExecStart.
  CFGFILE=/etc/kemid/kemid.cfg
  EXTRA_OPTIONS=
  set -a
  # shellcheck disable=SC1091
  . /etc/default/kemid
  set +a
  install -d -o kemid -g kemid -m 0750 /run/kemid
  unit_command ExecStartPre
  check "ExecStartPre as kemid: ${cmd[*]}" as_kemid "${cmd[@]}"
  unit_command ExecStart
  start_cmd=("${cmd[@]}")
  if ! wait_for_ports; then
    fail "SIP ports free within ${PORT_WAIT:-300}s"
  else
    log="$work/kemid.log"
    # One subshell that execs: $! is kemid itself, so the signals below reach it.
    (cd / && exec setpriv --reuid=kemid --regid=kemid --init-groups --no-new-privs -- \
      "${start_cmd[@]}") >/dev/null 2>"$log" </dev/null &
    kemid_pid=$!
    pids+=("$kemid_pid")
    for _ in $(seq 100); do
      grep -q ' started' "$log" && break
      kill -0 "$kemid_pid" 2>/dev/null || break
      sleep 0.1
    done
    check "ExecStart as kemid: ${start_cmd[*]}" grep -q ' started' "$log"
    check "runs as user kemid" bash -c "[[ \$(ps -o user= -p $kemid_pid) == kemid ]]"
    check "PID file /run/kemid/kemid.pid" bash -c "[[ \$(cat /run/kemid/kemid.pid) == $kemid_pid ]]"

    sipp -sn uas 127.0.0.1 -p 5080 -nostdin >/dev/null 2>&1 </dev/null &
    pids+=($!)
    sleep 0.5
    sipp -sn uac 127.0.0.1:5060 -p 5070 -m 100 -r 50 -nostdin -timeout 60s >"$work/uac.log" 2>&1 || true
    check "SIPp seed flow: 100 of 100 calls successful" bash -c "[[ \$(grep 'Successful call' '$work/uac.log' | awk '{print \$NF}' | tail -1) == 100 ]]"

    if [[ -x /usr/bin/kemictl ]]; then
      # The packaged config's http_listen is kemictl's default endpoint.
      check "kemictl core.version against the installed kemid" \
        bash -c "out=\$(/usr/bin/kemictl core.version) && [[ -n \$out ]] && echo \"\$out\""
    fi

    # ExecReload.
    kill -HUP "$kemid_pid"
    for _ in $(seq 50); do grep -q 'reload' "$log" && break; sleep 0.1; done
    check "SIGHUP (ExecReload) reloads the routing script" grep -q 'reload scheduled' "$log"
    sipp -sn uac 127.0.0.1:5060 -p 5070 -m 20 -r 20 -nostdin -timeout 30s >"$work/uac2.log" 2>&1 || true
    check "20 of 20 calls successful after the reload" bash -c "[[ \$(grep 'Successful call' '$work/uac2.log' | awk '{print \$NF}' | tail -1) == 20 ]]"

    kill -TERM "$kemid_pid"
    status=0
    wait "$kemid_pid" || status=$?
    check "SIGTERM stops kemid with status 0" bash -c "[[ $status == 0 ]] && grep -q 'kemid stopped' '$log'"
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    pids=()
    if ((failed)); then
      echo "       kemid log (last lines):"
      tail -15 "$log" | sed 's/^/       /'
    fi
  fi

  # Conffiles survive a reinstall (upgrade path) and a remove.
  echo '# local edit by test-packages' >>/etc/kemid/kemid.cfg
  check "dpkg -i again (reinstall)" bash -c "dpkg -i '$deb' </dev/null"
  check "reinstall keeps the local edit of kemid.cfg" grep -q 'local edit by test-packages' /etc/kemid/kemid.cfg
  check "dpkg -r" dpkg -r kemid
  for f in /usr/sbin/kemid "$libdir" "$unit" /usr/share/doc/kemid /usr/share/man/man8/kemid.8.gz; do
    check "removed: $f" test ! -e "$f"
  done
  check "remove keeps /etc/kemid/kemid.cfg with the local edit" grep -q 'local edit by test-packages' /etc/kemid/kemid.cfg
  check "remove keeps /etc/kemid/route.lua and /etc/default/kemid" test -f /etc/kemid/route.lua -a -f /etc/default/kemid
  check "dpkg status after remove: config-files" bash -c "dpkg-query -W -f='\${Status}' kemid | grep -q 'config-files'"
  check "dpkg -P" dpkg -P kemid
  check "purged: /etc/kemid and /etc/default/kemid" test ! -e /etc/kemid -a ! -e /etc/default/kemid
  check "purged: /run/kemid" test ! -e /run/kemid
  check "purged: /var/lib/kemid" test ! -e /var/lib/kemid
  # Debian practice: system users stay on purge (files elsewhere may still
  # be theirs; a reused uid would inherit them).
  check "purge keeps the kemid user" getent passwd kemid
  check "dpkg: kemid not installed" bash -c "! dpkg-query -W -f='\${Status}' kemid 2>/dev/null | grep -q installed"
fi

# ---- .rpm ---------------------------------------------------------------
if [[ -z $rpm ]]; then
  fail "an .rpm in $dist"
elif ! command -v rpm >/dev/null; then
  fail "rpm is installed"
else
  pass "an .rpm in $dist: $(basename "$rpm")"
  rpm -qpl "$rpm" >"$work/rpm.files" 2>/dev/null
  for f in /usr/sbin/kemid /usr/lib64/kemid/libkemid_core.so /usr/lib64/kemid/libkemid_sip.so \
    /usr/lib64/kemid/modules/tm.so \
    /usr/lib64/kemid/modules/sl.so /usr/lib64/kemid/modules/maxfwd.so /usr/lib64/kemid/modules/pv.so \
    /usr/lib64/kemid/modules/app_lua.so /usr/lib64/kemid/modules/xhttp_prom.so /etc/kemid/kemid.cfg /etc/kemid/route.lua /etc/sysconfig/kemid \
    /usr/lib/systemd/system/kemid.service /usr/share/man/man8/kemid.8.gz /usr/share/doc/kemid/README.md \
    /usr/share/doc/kemid/examples/kemid.cfg; do
    check "rpm contains $f" grep -qx "$f" "$work/rpm.files"
  done
  if grep -qx /usr/bin/kemictl "$work/rpm.files"; then
    check "rpm contains /usr/share/man/man8/kemictl.8.gz" grep -qx /usr/share/man/man8/kemictl.8.gz "$work/rpm.files"
  fi
  # Directories of the filesystem package must not be claimed.
  check "rpm owns no system directories" bash -c "! grep -qxE '/etc|/usr|/usr/sbin|/usr/bin|/usr/lib64|/usr/lib/systemd/system|/etc/sysconfig' '$work/rpm.files'"
  check "rpm: config files (noreplace)" \
    bash -c "diff <(rpm -qpc '$rpm' 2>/dev/null | sort) <(printf '%s\n' /etc/kemid/kemid.cfg /etc/kemid/route.lua /etc/sysconfig/kemid)"
  rpm -qp --requires "$rpm" >"$work/rpm.requires" 2>/dev/null
  check "rpm requires the shared libraries (libc, Poco, Lua, osip2)" \
    bash -c "grep -q '^libc.so.6' '$work/rpm.requires' && grep -q '^libPocoFoundation' '$work/rpm.requires' &&
             grep -q '^liblua5.4' '$work/rpm.requires' && grep -q '^libosipparser2' '$work/rpm.requires'"
  check "rpm provides its private libkemid_core.so (self-satisfied requirement)" \
    bash -c "rpm -qp --provides '$rpm' 2>/dev/null | grep -q '^libkemid_core.so'"
  check "rpm %pre creates the kemid user" bash -c "rpm -qp --scripts '$rpm' 2>/dev/null | grep -q 'useradd -r -g kemid'"
  check "rpm %post creates /var/lib/kemid for kemid" \
    bash -c "rpm -qp --scripts '$rpm' 2>/dev/null | grep -q 'install -d -o kemid -g kemid -m 0750 /var/lib/kemid'"
  mkdir -p "$work/rpmroot"
  rpm2archive - <"$rpm" | tar -xzf - -C "$work/rpmroot"
  check "rpm unit reads /etc/sysconfig/kemid" grep -qF 'EnvironmentFile=-/etc/sysconfig/kemid' "$work/rpmroot/usr/lib/systemd/system/kemid.service"
  # The extracted binary runs with its own libkemid_core.so; it looks for
  # the plugins where an RPM install puts them, and says so.
  check "rpm binary looks for plugins in /usr/lib64/kemid/modules" \
    bash -c "LD_LIBRARY_PATH='$work/rpmroot/usr/lib64/kemid' '$work/rpmroot/usr/sbin/kemid' -c \
      -f '$work/rpmroot/etc/kemid/kemid.cfg' 2>&1 | grep -qF /usr/lib64/kemid/modules"
  check "rpm /etc/sysconfig/kemid sets CFGFILE and EXTRA_OPTIONS" \
    bash -c "grep -q '^CFGFILE=' '$work/rpmroot/etc/sysconfig/kemid' && grep -q '^EXTRA_OPTIONS=' '$work/rpmroot/etc/sysconfig/kemid'"
fi

finish
