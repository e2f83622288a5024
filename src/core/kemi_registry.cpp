#include "core/kemi_registry.h"

#include <algorithm>
#include <stdexcept>

namespace kemid {

void KemiRegistry::addModule(std::string_view module, std::span<const KemiFunctionDef> functions,
                             ModuleState* state) {
  if (hasModule(module)) {
    throw std::invalid_argument("KEMI module '" + std::string(module) + "' registered twice");
  }
  // Checked before anything is added, so that a refused module leaves no trace.
  for (auto fn = functions.begin(); fn != functions.end(); ++fn) {
    if (std::any_of(functions.begin(), fn, [&](const auto& f) { return f.name == fn->name; })) {
      throw std::invalid_argument("KEMI function '" + std::string(module) + "." +
                                  std::string(fn->name) + "' declared twice");
    }
  }
  for (const auto& fn : functions) {
    index_.emplace(std::make_pair(std::string(module), std::string(fn.name)), exports_.size());
    exports_.push_back({std::string(module), &fn, state});
  }
  modules_.emplace_back(module);
}

const KemiExport* KemiRegistry::find(std::string_view module, std::string_view name) const {
  auto it = index_.find(std::make_pair(std::string(module), std::string(name)));
  return it == index_.end() ? nullptr : &exports_[it->second];
}

bool KemiRegistry::hasModule(std::string_view module) const {
  return std::find(modules_.begin(), modules_.end(), module) != modules_.end();
}

}  // namespace kemid
