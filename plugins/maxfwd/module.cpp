// maxfwd: Max-Forwards handling (RFC 3261 §16.3 step 2, §16.6 step 3).

#include <array>
#include <memory>

#include "core/message_context.h"
#include "core/module_abi.h"
#include "core/module_params.h"
#include "max_forwards.h"

namespace kemid::maxfwd {
namespace {

class MaxfwdState : public ModuleState {
 public:
  explicit MaxfwdState(int maxLimit) : maxLimit_(maxLimit) {}
  int maxLimit() const { return maxLimit_; }

 private:
  int maxLimit_;
};

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

KemiValue processMaxfwd(KemiCall& call) {
  if (call.context == nullptr || call.context->message == nullptr) return std::int64_t{-1};
  const int maxLimit = call.state ? static_cast<MaxfwdState*>(call.state)->maxLimit() : 70;
  return toKemi(processMaxForwards(*call.context->message, call.intArg(0), maxLimit));
}

KemiValue isMaxfwdLt(KemiCall& call) {
  if (call.context == nullptr || call.context->message == nullptr) return std::int64_t{-1};
  return toKemi(compareMaxForwards(*call.context->message, call.intArg(0)));
}

constexpr std::array<KemiType, kMaxKemiParams> kInt{KemiType::Int};

constexpr std::array kKemi{
    KemiFunctionDef{"process_maxfwd", KemiType::Int, kInt, &processMaxfwd},
    KemiFunctionDef{"is_maxfwd_lt", KemiType::Int, kInt, &isMaxfwdLt},
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

extern "C" __attribute__((visibility("default"))) const kemid::ModuleDescriptor*
kemid_module_descriptor() {
  return &kemid::maxfwd::kDescriptor;
}
