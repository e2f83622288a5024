// failinit: its init hook creates a state and then fails, as a module that
// cannot reach its database would.

#include <cstdlib>
#include <memory>

#include "core/module_abi.h"
#include "core/module_host.h"
#include "event_log.h"

namespace kemid::test::failinit {
namespace {

constexpr std::string_view kName = "failinit";

class State : public ModuleState {
 public:
  explicit State(EventLog* log) : log_(log) {}
  ~State() override {
    if (log_ != nullptr) log_->add("destroy", kName);
  }

 private:
  EventLog* log_;
};

HookResult init(ModuleInitContext& ctx) {
  auto* log = ctx.host.findApi<EventLog>();
  if (log != nullptr) log->add("init", kName);
  ctx.state = std::make_unique<State>(log);
  return HookResult::failure("database unreachable");
}

// Never to be called: the module did not initialise.
void shutdown(ModuleState*) {
  std::abort();
}

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = kName,
    .init = &init,
    .shutdown = &shutdown,
};

}  // namespace
}  // namespace kemid::test::failinit

extern "C" const kemid::ModuleDescriptor* kemid_module_descriptor() {
  return &kemid::test::failinit::kDescriptor;
}
