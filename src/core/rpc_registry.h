#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/module_abi.h"

namespace kemid {

// RPC commands by name ("tm.stats"), from the core and from every module.
// The JSON-RPC endpoint (src/http) dispatches through it.
class RpcRegistry {
 public:
  struct Command {
    const RpcCommandDef* def;
    ModuleState* state;
  };

  // Throws std::invalid_argument when a name is already registered.
  void add(std::span<const RpcCommandDef> commands, ModuleState* state);

  const Command* find(std::string_view name) const;
  std::vector<std::string> names() const;  // sorted, as system.listMethods

 private:
  std::map<std::string, Command, std::less<>> commands_;
};

}  // namespace kemid
