#pragma once
// Parsed pseudo-variable names, per thread, so that KSR.pv.get("$ru")
// parses "$ru" once per worker thread rather than on every call (Kamailio
// caches per process). No locking: each thread has its own cache.

#include <string_view>

#include "pv_spec.h"

namespace kemid::pv {

// The parsed form of `text`, or null when it is not a valid name (logged,
// as Kamailio logs a parse error on every use). The pointer stays valid
// until the calling thread looks up another kCacheLimit distinct names.
const PvSpec* lookupPvSpec(std::string_view text);

// Names kept per thread before the cache starts over; scripts that build
// names on the fly ("$var(" .. i .. ")") cannot make it grow without bound.
inline constexpr std::size_t kCacheLimit = 4096;

}  // namespace kemid::pv
