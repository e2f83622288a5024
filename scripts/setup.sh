#!/usr/bin/env bash
# Installs what kemid needs to build, test and benchmark on Debian 12.
set -euo pipefail

packages=(
  build-essential cmake pkg-config clang-format clang libclang-rt-14-dev
  liblua5.4-dev libyaml-cpp-dev libosip2-dev libpoco-dev prometheus-cpp-dev
  libmariadb-dev                  # Poco::DataMySQL links the MariaDB client (db_mysql)
  mariadb-server                  # db_mysql's tests start a private mariadbd
  redis-server                    # db_redis's tests and shared registrations start a private one
  kamailio-sqlite-modules         # Kamailio's SQLite schema and module (db_sqlite, auth_db cases)
  kamailio-mysql-modules          # Kamailio's MySQL schema, compared with db_mysql's
  kamailio-redis-modules          # Kamailio's db_redis, sharing registrations with kemid (test)
  kamailio-tls-modules            # Kamailio's tls module (conformance case tls/over_udp)
  sqlite3                         # conformance cases fill their database from setup.sql
  libgtest-dev libgmock-dev
  sip-tester                      # SIPp, for the integration tests
  baresip-core                    # a real SIP phone (headless) for tests/integration/real_client_test
  libssl-dev openssl              # the tls module (OpenSSL 3); its tests make certificates
  socat                           # carries SIPp's TCP into TLS in tests/integration/tls_transport_test
  kamailio kamailio-lua-modules   # the reference behaviour, for comparisons and bench/
  dpkg-dev fakeroot rpm lintian   # packaging/: build the .deb and .rpm, check them
  prometheus curl                 # a real Prometheus scraping kemid in the tests
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# The Debian kamailio package starts a service on install; kemid's tests
# need its ports.
if command -v systemctl >/dev/null && systemctl is-active --quiet kamailio 2>/dev/null; then
  systemctl stop kamailio || true
fi
