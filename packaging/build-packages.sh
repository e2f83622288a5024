#!/usr/bin/env bash
# Builds the kemid .deb and .rpm into dist/ (CPack, settings in
# packaging/packaging.cmake).
# Usage: packaging/build-packages.sh [deb] [rpm]   (default: both)
# Both formats share one Release build directory (build-packages/). The
# binary embeds its module directory, which differs between the two
# (/usr/lib/<multiarch>/kemid/modules vs /usr/lib64/kemid/modules); only
# src/app sees that path, so re-configuring for the second format rebuilds
# the kemid executable alone, not every module.
# Environment: JOBS (default 2), KEMID_SKIP_SETUP=1 to skip scripts/setup.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dist="$root/dist"
jobs=${JOBS:-2}
formats=("$@")
((${#formats[@]})) || formats=(deb rpm)

if [[ ${KEMID_SKIP_SETUP:-0} != 1 && -x "$root/scripts/setup.sh" ]]; then
  "$root/scripts/setup.sh"
fi
for tool in dpkg-architecture dpkg-buildflags dpkg-shlibdeps rpmbuild cpack; do
  command -v "$tool" >/dev/null || { echo "build-packages: $tool is missing (apt-get install dpkg-dev rpm cmake)" >&2; exit 1; }
done

# Debian's hardening flags (lintian checks them). CMake ignores CPPFLAGS, so
# _FORTIFY_SOURCE goes in with CXXFLAGS. GCC 12 reports a false -Wrestrict in
# std::string's operator+ at -O3 (GCC PR 105329); -Werror must not turn it
# into a failed package build.
eval "$(dpkg-buildflags --export=sh)"
export CXXFLAGS="${CPPFLAGS:-} ${CXXFLAGS:-} -Wno-error=restrict"
export LDFLAGS="${LDFLAGS:-}"

mkdir -p "$dist"
dir="$root/build-packages"
for format in "${formats[@]}"; do
  case $format in
    deb) libdir="lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)" ;;
    rpm) libdir=lib64 ;;
    *) echo "build-packages: unknown format '$format' (deb or rpm)" >&2; exit 2 ;;
  esac
  cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=Release -DKEMID_BUILD_TESTS=OFF \
    -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_INSTALL_SYSCONFDIR=/etc \
    -DCMAKE_INSTALL_LIBDIR="$libdir" -DKEMID_PACKAGE_FORMAT="$format"
  cmake --build "$dir" -j"$jobs"
  # A stale package of an older version must not be picked up below.
  rm -rf "$dir/cpack"
  (cd "$dir" && cpack -G "${format^^}")
  rm -f "$dist"/kemid[-_]*."$format"
  cp "$dir"/cpack/kemid[-_]*."$format" "$dist/"
done
ls -l "$dist"
