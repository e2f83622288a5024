#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/module_abi.h"

namespace kemid {

// The parameter values of one module: its ParamDef defaults, overridden (or,
// for repeatable parameters, appended to) by the config's modparams. Values
// are type-checked against the module's table when they are set.
class ModuleParams {
 public:
  ModuleParams(std::string_view moduleName, std::span<const ParamDef> defs);

  // Applies one modparam; throws ConfigError (at param.where) for an unknown
  // name, a value of the wrong type or out of the declared range.
  void set(const ModuleParam& param);

  // Last value of an int / string parameter. The name must be declared with
  // that type (a module asking for an undeclared name is a programming error,
  // reported with std::logic_error).
  std::int64_t getInt(std::string_view name) const;
  const std::string& getString(std::string_view name) const;
  // Every value of a repeatable parameter, in config order (empty when the
  // config gave none).
  std::span<const ParamValue> getAll(std::string_view name) const;

 private:
  struct Slot {
    const ParamDef* def;
    std::vector<ParamValue> values;
  };
  const Slot& slot(std::string_view name, ParamType type) const;

  std::string moduleName_;
  std::map<std::string, Slot, std::less<>> slots_;
};

}  // namespace kemid
