#pragma once
// $shv(name): variables shared by every worker thread (Kamailio: shared
// memory across processes). A mutex-protected map: scripts use $shv for
// configuration-like values, not on the hot path.

#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "pv_value.h"

namespace kemid::pv {

class SharedVars {
 public:
  // The value of `name`; a name never used before is created as the integer 0.
  PvValue get(std::string_view name);
  // Stores `value`; null stores the empty string (Kamailio's unset).
  void set(std::string_view name, PvValue value);

 private:
  std::mutex mutex_;
  std::map<std::string, PvValue, std::less<>> values_;
};

}  // namespace kemid::pv
