#include "core/rpc_registry.h"

#include <algorithm>
#include <stdexcept>

namespace kemid {

void RpcRegistry::add(std::span<const RpcCommandDef> commands, ModuleState* state) {
  // Checked before anything is added, so that a refused set leaves no trace.
  for (auto cmd = commands.begin(); cmd != commands.end(); ++cmd) {
    if (commands_.contains(cmd->name) ||
        std::any_of(commands.begin(), cmd, [&](const auto& c) { return c.name == cmd->name; })) {
      throw std::invalid_argument("RPC command '" + std::string(cmd->name) + "' registered twice");
    }
  }
  for (const auto& cmd : commands) commands_.emplace(std::string(cmd.name), Command{&cmd, state});
}

const RpcRegistry::Command* RpcRegistry::find(std::string_view name) const {
  auto it = commands_.find(name);
  return it == commands_.end() ? nullptr : &it->second;
}

std::vector<std::string> RpcRegistry::names() const {
  std::vector<std::string> out;
  out.reserve(commands_.size());
  for (const auto& [name, cmd] : commands_) out.push_back(name);
  return out;
}

}  // namespace kemid
