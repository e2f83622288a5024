#pragma once
// Drives xhttp_prom as the host does: modparams, the init hook, then KEMI
// functions and RPC commands by name through the module's descriptor; and
// renders what /metrics would show of the user metrics.

#include <Poco/Dynamic/Var.h>
#include <gtest/gtest.h>
#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>

#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/config.h"
#include "core/kemi_registry.h"
#include "core/log.h"
#include "core/module_abi.h"
#include "core/module_host.h"
#include "core/module_params.h"
#include "core/rpc_registry.h"
#include "prom_module.h"

namespace kemid::xhttp_prom::testing {

// The lines of the text exposition of `families`.
inline std::vector<std::string> renderLines(const std::vector<prometheus::MetricFamily>& families) {
  std::ostringstream text;
  prometheus::TextSerializer().Serialize(text, families);
  std::vector<std::string> lines;
  std::istringstream in(text.str());
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The same without the "# HELP" and "# TYPE" lines.
inline std::vector<std::string> sampleLines(const std::vector<prometheus::MetricFamily>& families) {
  std::vector<std::string> samples;
  for (std::string& line : renderLines(families)) {
    if (!line.starts_with("#")) samples.push_back(std::move(line));
  }
  return samples;
}

struct RpcOutcome {
  Poco::Dynamic::Var result;
  RpcFault fault{0, {}};
};

class PromModuleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    logging::toStderr();
    logging::setLevel(static_cast<int>(LogLevel::Warn));
  }

  const ModuleDescriptor& descriptor() { return *kemid_module_descriptor(); }

  // Applies `params` as modparams and runs the init hook as the loader does.
  HookResult init(const std::vector<std::pair<std::string, ParamValue>>& params = {}) {
    params_ = std::make_unique<ModuleParams>("xhttp_prom", descriptor().params);
    for (const auto& [name, value] : params) params_->set({name, value, {}});
    ModuleInitContext ctx{*params_, config_, host_, nullptr};
    HookResult result = descriptor().init(ctx);
    if (result.ok()) state_ = std::move(ctx.state);
    return result;
  }

  PromModule& module() { return *static_cast<PromModule*>(state_.get()); }

  // Calls KSR.xhttp_prom.<name>(args...) through the descriptor's table.
  std::int64_t kemi(std::string_view name, std::vector<KemiArg> args) {
    for (const KemiFunctionDef& def : descriptor().kemi) {
      if (def.name != name) continue;
      EXPECT_EQ(def.paramCount(), args.size()) << name;
      KemiCall call{nullptr, state_.get(), args};
      return std::get<std::int64_t>(def.handler(call));
    }
    ADD_FAILURE() << "no KEMI function " << name;
    return 0;
  }

  // kemi() with the error log captured into `log`.
  std::int64_t kemiLogged(std::string_view name, std::vector<KemiArg> args, std::string& log) {
    ::testing::internal::CaptureStderr();
    const std::int64_t result = kemi(name, std::move(args));
    log = ::testing::internal::GetCapturedStderr();
    return result;
  }

  RpcOutcome rpc(std::string_view name, std::vector<Poco::Dynamic::Var> params = {}) {
    RpcOutcome out;
    for (const RpcCommandDef& def : descriptor().rpc) {
      if (def.name != name) continue;
      RpcCall call{state_.get(), params, &out.result, &out.fault};
      // Failures log an error; keep the test output quiet.
      ::testing::internal::CaptureStderr();
      def.handler(call);
      ::testing::internal::GetCapturedStderr();
      return out;
    }
    ADD_FAILURE() << "no RPC command " << name;
    return out;
  }

  // The user metrics as /metrics shows them (through the published API).
  std::vector<std::string> samples() {
    auto* api = host_.findApi<PromApi>();
    EXPECT_NE(api, nullptr);
    std::vector<prometheus::MetricFamily> families;
    if (api != nullptr) api->collect(families);
    return sampleLines(families);
  }

  KemiRegistry registry_;
  RpcRegistry rpcRegistry_;
  ModuleHost host_{registry_, rpcRegistry_};
  Config config_;
  std::unique_ptr<ModuleParams> params_;
  std::unique_ptr<ModuleState> state_;
};

}  // namespace kemid::xhttp_prom::testing
