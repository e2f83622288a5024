#include "shared_vars.h"

namespace kemid::pv {

PvValue SharedVars::get(std::string_view name) {
  std::lock_guard lock(mutex_);
  auto it = values_.find(name);
  if (it == values_.end()) it = values_.emplace(std::string(name), PvValue::integer(0)).first;
  return it->second;
}

void SharedVars::set(std::string_view name, PvValue value) {
  if (value.isNull()) value = PvValue::string({});
  std::lock_guard lock(mutex_);
  auto it = values_.find(name);
  if (it == values_.end()) {
    values_.emplace(std::string(name), std::move(value));
  } else {
    it->second = std::move(value);
  }
}

}  // namespace kemid::pv
