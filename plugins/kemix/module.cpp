// kemix: KSR.kx.* (getters of message, network and config data).

#include <memory>

#include "core/config.h"
#include "core/module_abi.h"
#include "kemix_kemi.h"

namespace kemid::kemix {
namespace {

HookResult init(ModuleInitContext& ctx) {
  ctx.state = std::make_unique<KemixModule>(ctx.host, ctx.config.defines);
  return HookResult::success();
}

const ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "kemix",
    .kemi = kemixFunctions(),
    .kemiModule = "kx",
    .init = &init,
};

}  // namespace
}  // namespace kemid::kemix

KEMID_MODULE(kemid::kemix::kDescriptor)
