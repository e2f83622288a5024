#include "support/plugin_harness.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace kemid::test {

PluginHarness::PluginHarness(const ModuleDescriptor& descriptor) : descriptor_(descriptor) {
  host_.setNetwork(&network_);
}

PluginHarness::~PluginHarness() {
  shutdown();
}

void PluginHarness::setParam(std::string_view name, ParamValue value) {
  if (!nextParams_)
    nextParams_ = std::make_unique<ModuleParams>(descriptor_.name, descriptor_.params);
  nextParams_->set(ModuleParam{std::string(name), std::move(value), {}});
}

HookResult PluginHarness::init() {
  shutdown();
  // Kept until the next init: a module may keep what it read.
  params_ = nextParams_ ? std::move(nextParams_)
                        : std::make_unique<ModuleParams>(descriptor_.name, descriptor_.params);
  if (descriptor_.init != nullptr) {
    ModuleInitContext ctx{*params_, config_, host_, nullptr};
    HookResult result = descriptor_.init(ctx);
    if (!result.ok()) return result;
    state_ = std::move(ctx.state);
  }
  initialised_ = true;
  return HookResult::success();
}

void PluginHarness::shutdown() {
  if (!initialised_) return;
  initialised_ = false;
  if (descriptor_.shutdown != nullptr) descriptor_.shutdown(state_.get());
  host_.withdrawApis();
  state_.reset();
}

KemiValue PluginHarness::callKemi(std::string_view name, MessageContext* ctx,
                                  std::vector<KemiArg> args) {
  for (const KemiFunctionDef& def : descriptor_.kemi) {
    if (def.name != name) continue;
    EXPECT_EQ(def.paramCount(), args.size()) << name;
    KemiCall call{ctx, state_.get(), args};
    return def.handler(call);
  }
  ADD_FAILURE() << "no KEMI function " << descriptor_.name << "." << name;
  return {};
}

RpcOutcome PluginHarness::callRpc(std::string_view name, std::vector<Poco::Dynamic::Var> params) {
  RpcOutcome out;
  for (const RpcCommandDef& def : descriptor_.rpc) {
    if (def.name != name) continue;
    RpcCall call{state_.get(), params, &out.result, &out.fault};
    def.handler(call);
    return out;
  }
  ADD_FAILURE() << "no RPC command " << name;
  return out;
}

}  // namespace kemid::test
