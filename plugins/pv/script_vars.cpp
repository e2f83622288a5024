#include "script_vars.h"

namespace kemid::pv {

ScriptVars& ScriptVars::forThread(std::uint64_t owner, std::span<const NamedValue> initial) {
  thread_local ScriptVars vars;
  if (vars.owner_ != owner) {
    vars.values_.clear();
    for (const auto& [name, value] : initial) vars.values_.insert_or_assign(name, value);
    vars.owner_ = owner;
  }
  return vars;
}

const PvValue* ScriptVars::find(std::string_view name) const {
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

void ScriptVars::set(std::string_view name, PvValue value) {
  auto it = values_.find(name);
  if (it == values_.end()) {
    values_.emplace(std::string(name), std::move(value));
  } else {
    it->second = std::move(value);
  }
}

}  // namespace kemid::pv
