#!/usr/bin/env bash
# Sets everything up and runs every test: a normal build, then the same
# tests under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/check-format.sh"
"$root/scripts/check-layers.sh"

"$root/scripts/build.sh" "$root/build"
(cd "$root/build" && ctest --output-on-failure)

"$root/scripts/build.sh" "$root/build-asan" -DKEMID_SANITIZE=ON
(cd "$root/build-asan" && ctest --output-on-failure)
