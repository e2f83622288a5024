#pragma once
// The RPC commands of Kamailio's core and kex that kemid answers itself:
// system.listMethods, core.*, stats.*, with Kamailio 5.6's answers.

#include <chrono>
#include <span>

#include "core/module_abi.h"

namespace kemid {

class RpcRegistry;
class StatisticsRegistry;

class CoreRpcState : public ModuleState {
 public:
  CoreRpcState(const RpcRegistry& registry, StatisticsRegistry& statistics)
      : registry_(registry), statistics_(statistics), started_(std::chrono::system_clock::now()) {}

  const RpcRegistry& registry() const { return registry_; }
  StatisticsRegistry& statistics() const { return statistics_; }
  std::chrono::system_clock::time_point started() const { return started_; }

 private:
  const RpcRegistry& registry_;
  StatisticsRegistry& statistics_;
  std::chrono::system_clock::time_point started_;
};

std::span<const RpcCommandDef> coreRpcCommands();

// "kemid 0.1.0 (x86_64/linux) " as core.version prints it (Kamailio's
// trailing space included).
std::string coreVersionText();

}  // namespace kemid
