// goodmod: every kind of parameter, KEMI functions computed from them, an RPC
// command, and all three hooks, each recorded in the tests' EventLog.

#include <Poco/Dynamic/Var.h>

#include <memory>
#include <string>
#include <vector>

#include "core/module_abi.h"
#include "core/module_host.h"
#include "core/module_params.h"
#include "event_log.h"

namespace kemid::test::goodmod {
namespace {

constexpr std::string_view kName = "goodmod";

UnloadRecorder unloadRecorder{kName};

class State : public ModuleState {
 public:
  explicit State(EventLog* log) : log_(log) {}
  ~State() override { record("destroy"); }

  void record(std::string_view what) const {
    if (log_ != nullptr) log_->add(what, kName);
  }

  std::string greeting;
  std::int64_t count = 0;
  std::vector<std::string> loads;
  std::int64_t maxWorkers = 0;
  bool refuseStart = false;

 private:
  EventLog* log_;
};

State& stateOf(ModuleState* state) {
  return static_cast<State&>(*state);
}

HookResult init(ModuleInitContext& ctx) {
  auto* log = ctx.host.findApi<EventLog>();
  unloadRecorder.log = log;
  auto state = std::make_unique<State>(log);
  state->record("init");
  state->greeting = ctx.params.getString("greeting");
  state->count = ctx.params.getInt("count");
  for (const auto& value : ctx.params.getAll("load")) {
    state->loads.push_back(std::get<std::string>(value));
  }
  state->maxWorkers = ctx.params.getInt("max_workers");
  state->refuseStart = ctx.params.getInt("refuse_start") != 0;
  ctx.state = std::move(state);
  return HookResult::success();
}

HookResult initWorker(ModuleState* s, int index) {
  State& state = stateOf(s);
  if (index >= state.maxWorkers) {
    return HookResult::failure("worker " + std::to_string(index) + " exceeds max_workers " +
                               std::to_string(state.maxWorkers));
  }
  state.record("worker " + std::to_string(index));
  return HookResult::success();
}

HookResult start(ModuleState* s) {
  State& state = stateOf(s);
  if (state.refuseStart) return HookResult::failure("refuse_start is set");
  state.record("start");
  return HookResult::success();
}

void shutdown(ModuleState* s) {
  stateOf(s).record("shutdown");
}

// KSR.goodmod.greet("bob") -> "hi hi, bob" with greeting "hi" and count 2.
KemiValue greet(KemiCall& call) {
  const State& state = stateOf(call.state);
  std::string out;
  for (std::int64_t i = 0; i < state.count; ++i) {
    if (i > 0) out += ' ';
    out += state.greeting;
  }
  return out + ", " + std::string(call.strArg(0));
}

KemiValue add(KemiCall& call) {
  return stateOf(call.state).count + call.intArg(0);
}

KemiValue loads(KemiCall& call) {
  std::string out;
  for (const auto& file : stateOf(call.state).loads) out += (out.empty() ? "" : ",") + file;
  return out;
}

void info(RpcCall& call) {
  if (!call.params.empty()) {
    *call.fault = {400, "no parameters expected"};
    return;
  }
  *call.result = stateOf(call.state).count;
}

constexpr ParamDef kParams[] = {
    {.name = "greeting", .type = ParamType::Str, .strDefault = "hello"},
    {.name = "count", .type = ParamType::Int, .intDefault = 1, .minValue = 0, .maxValue = 255},
    {.name = "load", .type = ParamType::Str, .repeatable = true},
    {.name = "max_workers", .type = ParamType::Int, .intDefault = 8, .minValue = 1},
    {.name = "refuse_start", .type = ParamType::Int, .intDefault = 0, .minValue = 0, .maxValue = 1},
};

constexpr KemiFunctionDef kKemi[] = {
    {.name = "greet", .returns = KemiType::Str, .params = {KemiType::Str}, .handler = &greet},
    {.name = "add", .returns = KemiType::Int, .params = {KemiType::Int}, .handler = &add},
    {.name = "loads", .returns = KemiType::Str, .params = {}, .handler = &loads},
};

constexpr RpcCommandDef kRpc[] = {
    {.name = "goodmod.info", .help = "The configured count.", .handler = &info},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = kName,
    .params = kParams,
    .kemi = kKemi,
    .rpc = kRpc,
    .init = &init,
    .initWorker = &initWorker,
    .start = &start,
    .shutdown = &shutdown,
};

}  // namespace
}  // namespace kemid::test::goodmod

extern "C" const kemid::ModuleDescriptor* kemid_module_descriptor() {
  return &kemid::test::goodmod::kDescriptor;
}
