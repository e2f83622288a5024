#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz with clang (ASan + UBSan) and
# runs each for SECONDS (default 30) from its seeds: tests/fuzz/corpus/<name>
# plus the project's own RFC 4475 messages and configs. New inputs go to a
# temporary directory; a crash, a leak or a sanitizer report fails the run
# and leaves the input in build-fuzz/findings/ (reproduce it with
# `build-fuzz/tests/fuzz/<name> <file>`).
# Usage: scripts/fuzz.sh [SECONDS [NAME...]]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-30}
shift || true
build=$root/build-fuzz
all=(sip_datagram_fuzzer cfg_fuzzer yaml_fuzzer jsonrpc_fuzzer)
names=("${@:-${all[@]}}")
[[ $# -gt 0 ]] || names=("${all[@]}")

cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DKEMID_FUZZ=ON -DKEMID_BUILD_TESTS=OFF \
  >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${names[@]}"

# Seeds beyond tests/fuzz/corpus, read and never written.
seeds() {
  case $1 in
    sip_datagram_fuzzer) echo "$root/tests/data/rfc4475" ;;
    cfg_fuzzer) echo "$root/etc" "$root/tests/unit/config/data" ;;
    yaml_fuzzer) echo "$root/etc" "$root/tests/unit/config/data" ;;
  esac
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$build/findings"
status=0
for name in "${names[@]}"; do
  corpus=$work/$name
  mkdir -p "$corpus"
  # shellcheck disable=SC2046
  if ! "$build/tests/fuzz/$name" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$build/findings/$name-" "$corpus" "$root/tests/fuzz/corpus/${name%_fuzzer}" \
    $(seeds "$name") >"$work/$name.log" 2>&1; then
    echo "fuzz: $name FAILED; its input is in $build/findings/" >&2
    tail -60 "$work/$name.log" >&2
    status=1
    continue
  fi
  echo "fuzz: $name ok: $(grep -E 'stat::number_of_executed_units' "$work/$name.log" | awk '{print $2}') runs" \
    "in $seconds s, $(grep -Eo 'cov: [0-9]+' "$work/$name.log" | tail -1)"
done
exit $status
