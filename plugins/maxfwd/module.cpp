// maxfwd: Max-Forwards handling (RFC 3261 §16.3 step 2, §16.6 step 3).

#include <array>
#include <memory>

#include "core/module_abi.h"
#include "core/module_params.h"
#include "max_forwards.h"
#include "maxfwd_kemi.h"

namespace kemid::maxfwd {
namespace {

constexpr std::array kParams{
    // Upper bound applied to a received Max-Forwards value.
    ParamDef{.name = "max_limit",
             .type = ParamType::Int,
             .intDefault = 70,
             .minValue = 0,
             .maxValue = kMaxValue},
};

HookResult init(ModuleInitContext& ctx) {
  ctx.state = std::make_unique<MaxfwdState>(static_cast<int>(ctx.params.getInt("max_limit")));
  return HookResult::success();
}

constexpr std::array<KemiType, kMaxKemiParams> kInt{KemiType::Int};

constexpr std::array kKemi{
    KemiFunctionDef{"process_maxfwd", KemiType::Int, kInt, &kemiProcessMaxfwd},
    KemiFunctionDef{"is_maxfwd_lt", KemiType::Int, kInt, &kemiIsMaxfwdLt},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "maxfwd",
    .params = kParams,
    .kemi = kKemi,
    .init = &init,
};

}  // namespace
}  // namespace kemid::maxfwd

KEMID_MODULE(kemid::maxfwd::kDescriptor)
