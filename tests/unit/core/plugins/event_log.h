#pragma once
// Shared by the test plugins and the loader tests: the plugins' hooks append
// what they did, the tests read it back. The tests publish it through
// ModuleHost, the way a module publishes its API for others.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kemid::test {

struct EventLog {
  static constexpr std::string_view kApiName = "test.events";
  static constexpr std::uint32_t kApiVersion = 1;

  std::vector<std::string> events;

  void add(std::string_view what, std::string_view module) {
    events.push_back(std::string(what) + " " + std::string(module));
  }
};

// Records the unloading of the plugin that holds it: its destructor runs at
// dlclose, which is how the tests see that the host destroyed the module's
// state first and really unloaded the .so. A plugin-wide object by nature.
struct UnloadRecorder {
  std::string_view module;
  EventLog* log = nullptr;

  ~UnloadRecorder() {
    if (log != nullptr) log->add("unload", module);
  }
};

}  // namespace kemid::test
