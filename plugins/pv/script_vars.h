#pragma once
// $var(x) / $vn(x): script variables private to the worker thread that
// routes the message. Kamailio keeps them per process and they survive from
// one message to the next in that process; kemid's workers are threads, so
// here they are per thread and survive from one message to the next that
// thread handles. Messages of one call go to one thread at a time, but not
// always the same thread: do not rely on $var to carry state between the
// messages of a call (Kamailio gives no such guarantee across processes
// either).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/text_hash.h"
#include "pv_value.h"

namespace kemid::pv {

using NamedValue = std::pair<std::string, PvValue>;

class ScriptVars {
 public:
  // The calling thread's variables for the module instance `owner`, seeded
  // from `initial` (modparam varset) the first time the thread asks, and
  // again after the module was reloaded (another owner).
  static ScriptVars& forThread(std::uint64_t owner, std::span<const NamedValue> initial);

  // null when never set.
  const PvValue* find(std::string_view name) const;
  void set(std::string_view name, PvValue value);

 private:
  std::unordered_map<std::string, PvValue, TextHash, std::equal_to<>> values_;
  std::uint64_t owner_ = 0;
};

}  // namespace kemid::pv
