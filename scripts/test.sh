#!/usr/bin/env bash
# Sets everything up and runs every test: a normal build, the threaded
# parts under ThreadSanitizer, every test under AddressSanitizer +
# UndefinedBehaviorSanitizer, then a short run of each fuzzer.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/check-format.sh"
"$root/scripts/check-layers.sh"

"$root/scripts/build.sh" "$root/build"
# Tests that bind ports share the RESOURCE_LOCK kemid_udp_ports, so ctest
# runs them one at a time while the unit tests use every core.
(cd "$root/build" && ctest --output-on-failure -j"$(nproc)")

# ThreadSanitizer over what runs on several threads: tm (transactions shared
# by workers and the timer thread), the worker pool and the TCP connection
# table, app_lua's per-thread Lua states. A race fails the run.
cmake -S "$root" -B "$root/build-tsan" -DKEMID_TSAN=ON >/dev/null
cmake --build "$root/build-tsan" -j"$(nproc)" --target tm_tests transport_unit_tests app_lua_tests
for t in plugins/tm_tests tests/unit/transport/transport_unit_tests plugins/app_lua_tests; do
  TSAN_OPTIONS=halt_on_error=1 "$root/build-tsan/$t" --gtest_brief=1
done

"$root/scripts/build.sh" "$root/build-asan" -DKEMID_SANITIZE=ON
(cd "$root/build-asan" && ctest --output-on-failure -j"$(nproc)")

# Each libFuzzer harness (tests/fuzz) for 30 s from its seeds: a crash, a
# leak, a hang or a sanitizer report fails the run (docs/robustness.md).
"$root/scripts/fuzz.sh" 30
