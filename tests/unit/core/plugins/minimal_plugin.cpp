// A plugin whose name comes from the build (KEMID_TEST_MODULE_NAME), so one
// source gives the several modules the search-path and ordering tests need.
// Its hooks record themselves; KSR.<name>.name() returns the module's name.

#include <Poco/Dynamic/Var.h>

#include <memory>

#include "core/module_abi.h"
#include "core/module_host.h"
#include "event_log.h"

namespace kemid::test::minimal {
namespace {

constexpr std::string_view kName = KEMID_TEST_MODULE_NAME;

UnloadRecorder unloadRecorder{kName};

class State : public ModuleState {
 public:
  explicit State(EventLog* log) : log_(log) {}
  ~State() override { record("destroy"); }

  void record(std::string_view what) const {
    if (log_ != nullptr) log_->add(what, kName);
  }

 private:
  EventLog* log_;
};

HookResult init(ModuleInitContext& ctx) {
  auto* log = ctx.host.findApi<EventLog>();
  unloadRecorder.log = log;
  auto state = std::make_unique<State>(log);
  state->record("init");
  ctx.state = std::move(state);
  return HookResult::success();
}

HookResult initWorker(ModuleState* state, int index) {
  static_cast<State*>(state)->record("worker " + std::to_string(index));
  return HookResult::success();
}

void shutdown(ModuleState* state) {
  static_cast<State*>(state)->record("shutdown");
}

KemiValue name(KemiCall&) {
  return std::string(kName);
}

void ping(RpcCall& call) {
  *call.result = std::string("pong");
}

constexpr KemiFunctionDef kKemi[] = {
    {.name = "name", .returns = KemiType::Str, .params = {}, .handler = &name},
};

constexpr RpcCommandDef kRpc[] = {
    {.name = KEMID_TEST_MODULE_NAME ".ping", .help = "Answers pong.", .handler = &ping},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = kName,
    .kemi = kKemi,
    .rpc = kRpc,
    .init = &init,
    .initWorker = &initWorker,
    .shutdown = &shutdown,
};

}  // namespace
}  // namespace kemid::test::minimal

extern "C" const kemid::ModuleDescriptor* kemid_module_descriptor() {
  return &kemid::test::minimal::kDescriptor;
}
