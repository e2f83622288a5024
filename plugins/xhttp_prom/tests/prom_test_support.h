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
#include "core/log.h"
#include "core/module_abi.h"
#include "core/module_host.h"
#include "prom_module.h"
#include "support/plugin_harness.h"

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

using ::kemid::test::RpcOutcome;

class PromModuleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    logging::toStderr();
    logging::setLevel(static_cast<int>(LogLevel::Warn));
  }

  const ModuleDescriptor& descriptor() { return *kemid_module_descriptor(); }

  // Applies `params` as modparams and runs the init hook as the loader does.
  HookResult init(const std::vector<std::pair<std::string, ParamValue>>& params = {}) {
    for (const auto& [name, value] : params) plugin_.setParam(name, value);
    return plugin_.init();
  }

  PromModule& module() { return *static_cast<PromModule*>(plugin_.state()); }

  // Calls KSR.xhttp_prom.<name>(args...) through the descriptor's table.
  std::int64_t kemi(std::string_view name, std::vector<KemiArg> args) {
    return std::get<std::int64_t>(plugin_.callKemi(name, nullptr, std::move(args)));
  }

  // kemi() with the error log captured into `log`.
  std::int64_t kemiLogged(std::string_view name, std::vector<KemiArg> args, std::string& log) {
    ::testing::internal::CaptureStderr();
    const std::int64_t result = kemi(name, std::move(args));
    log = ::testing::internal::GetCapturedStderr();
    return result;
  }

  RpcOutcome rpc(std::string_view name, std::vector<Poco::Dynamic::Var> params = {}) {
    // Failures log an error; keep the test output quiet.
    ::testing::internal::CaptureStderr();
    RpcOutcome out = plugin_.callRpc(name, std::move(params));
    ::testing::internal::GetCapturedStderr();
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

  ::kemid::test::PluginHarness plugin_{*kemid_module_descriptor()};
  ModuleHost& host_ = plugin_.host();
};

}  // namespace kemid::xhttp_prom::testing
