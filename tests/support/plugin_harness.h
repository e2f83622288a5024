#pragma once
// One plugin driven the way the module loader drives it, without dlopen
// (a plugin's tests compile its module.cpp in): its descriptor, the
// modparams a config would give, its init hook, then its KEMI functions and
// RPC commands called by name, with a FakeNetwork as the host's network.

#include <Poco/Dynamic/Var.h>

#include <memory>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/kemi_registry.h"
#include "core/module_abi.h"
#include "core/module_host.h"
#include "core/module_params.h"
#include "core/rpc_registry.h"
#include "support/fake_network.h"

namespace kemid::test {

struct RpcOutcome {
  Poco::Dynamic::Var result;
  RpcFault fault{0, {}};
};

class PluginHarness {
 public:
  // Usually `*kemid_module_descriptor()`, the plugin's own.
  explicit PluginHarness(const ModuleDescriptor& descriptor);
  // Runs the shutdown hook when init succeeded.
  ~PluginHarness();

  PluginHarness(const PluginHarness&) = delete;
  PluginHarness& operator=(const PluginHarness&) = delete;

  // Applies one modparam for the next init(); throws ConfigError as the
  // loader's would.
  void setParam(std::string_view name, ParamValue value);

  // Runs the init hook with the modparams set since the last init (after
  // shutdown() when it ran before) and keeps the module's state. The KEMI
  // and RPC registries stay as the test fills them: callKemi and callRpc
  // use the descriptor.
  HookResult init();
  // Runs the shutdown hook and forgets the state and every published API.
  void shutdown();

  // KSR.<module>.<name>(args...) through the descriptor's table, as app_lua
  // calls it; `ctx` is null outside message processing. An unknown name or
  // a wrong number of arguments is a test failure.
  KemiValue callKemi(std::string_view name, MessageContext* ctx, std::vector<KemiArg> args = {});
  // The RPC command `name` ("sl.stats") with `params`.
  RpcOutcome callRpc(std::string_view name, std::vector<Poco::Dynamic::Var> params = {});

  const ModuleDescriptor& descriptor() const { return descriptor_; }
  ModuleState* state() const { return state_.get(); }
  Config& config() { return config_; }
  ModuleHost& host() { return host_; }
  KemiRegistry& kemi() { return kemi_; }
  RpcRegistry& rpc() { return rpc_; }
  FakeNetwork& network() { return network_; }

 private:
  const ModuleDescriptor& descriptor_;
  Config config_;
  KemiRegistry kemi_;
  RpcRegistry rpc_;
  ModuleHost host_{kemi_, rpc_};
  FakeNetwork network_;
  std::unique_ptr<ModuleParams> nextParams_;  // what setParam filled
  std::unique_ptr<ModuleParams> params_;      // what the last init read
  std::unique_ptr<ModuleState> state_;
  bool initialised_ = false;
};

}  // namespace kemid::test
