#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/module_abi.h"

namespace kemid {

// One exported KEMI function: KSR.<module>.<name>, or KSR.<name> for the core
// (module ""). Route engines resolve these once, when they build their KSR
// tables, and then call by index or pointer; nothing is looked up per call.
struct KemiExport {
  std::string module;
  const KemiFunctionDef* def;
  ModuleState* state;
};

class KemiRegistry {
 public:
  // Registers every function of `module`. Throws std::invalid_argument for a
  // module registered twice or a function name that repeats.
  void addModule(std::string_view module, std::span<const KemiFunctionDef> functions,
                 ModuleState* state);

  const KemiExport* find(std::string_view module, std::string_view name) const;
  bool hasModule(std::string_view module) const;

  // All exports in registration order; indices are stable once all modules
  // are initialised.
  const std::vector<KemiExport>& all() const { return exports_; }
  // Module names, registration order ("" for the core when registered).
  const std::vector<std::string>& modules() const { return modules_; }

 private:
  std::vector<KemiExport> exports_;
  std::vector<std::string> modules_;
  std::map<std::pair<std::string, std::string>, std::size_t, std::less<>> index_;
};

}  // namespace kemid
