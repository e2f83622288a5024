#include "pv_cache.h"

#include <memory>
#include <string>
#include <unordered_map>

#include "core/log.h"
#include "core/text_hash.h"

namespace kemid::pv {

namespace {

constexpr Logger kLog{"pv"};

// An invalid name is cached too (as a null entry), so it is not parsed again.
using Cache =
    std::unordered_map<std::string, std::unique_ptr<const PvSpec>, TextHash, std::equal_to<>>;

}  // namespace

const PvSpec* lookupPvSpec(std::string_view text) {
  thread_local Cache cache;
  auto it = cache.find(text);
  if (it == cache.end()) {
    if (cache.size() >= kCacheLimit) cache.clear();
    std::string error;
    auto spec = parsePvSpec(text, error);
    std::unique_ptr<const PvSpec> entry;
    if (spec) {
      entry = std::make_unique<const PvSpec>(std::move(*spec));
    } else {
      kLog.err("invalid pv [", text, "]: ", error);
    }
    it = cache.emplace(std::string(text), std::move(entry)).first;
    return it->second.get();
  }
  if (!it->second) kLog.err("invalid pv [", text, "]");
  return it->second.get();
}

}  // namespace kemid::pv
