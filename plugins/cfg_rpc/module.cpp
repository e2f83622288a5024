// cfg_rpc: Kamailio's cfg.* RPC commands over its runtime configuration
// framework. kemid has no such framework (its settings are read at start;
// the routing script reloads with app_lua.reload), so the module loads, so
// that a config written for Kamailio starts, and offers no commands.

#include "core/log.h"
#include "core/module_abi.h"

namespace kemid::cfg_rpc {
namespace {

constexpr Logger kLog{"cfg_rpc"};

HookResult init(ModuleInitContext&) {
  kLog.info("the cfg.* RPC commands are not provided: kemid reads its settings at start");
  return HookResult::success();
}

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "cfg_rpc",
    .init = &init,
};

}  // namespace
}  // namespace kemid::cfg_rpc

KEMID_MODULE(kemid::cfg_rpc::kDescriptor)
