#pragma once
// A small KEMI world for the app_lua tests: core functions, a module "fake"
// with every argument and return type, and minimal "pv" and "hdr". Handlers
// record what they were called with in a per-thread list.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/kemi_registry.h"
#include "core/message_context.h"

namespace kemid::app_lua::testing {

// What the handlers of the calling thread recorded, in call order. Arguments
// are rendered "i:<int>" and "s:<text>" ("s:<null>" for Kamailio's NULL str).
std::vector<std::string>& recorded();

// Registers "" (core), "fake", "pv" and "hdr" in `registry`.
void registerFakeModules(KemiRegistry& registry);

// A function the fake module's "reenter" calls back: runs a route from
// inside a KEMI call.
using ReenterHook = void (*)(std::string_view name, MessageContext& ctx);
void setReenterHook(ReenterHook hook);

// Lua source of a helper script defining show(...), which records
// "type:value" of each argument as one entry via KSR.fake.record.
inline constexpr std::string_view kShowHelper = R"lua(
function show(...)
  local parts = {}
  for i = 1, select('#', ...) do
    local v = select(i, ...)
    parts[#parts + 1] = type(v) .. ":" .. tostring(v)
  end
  KSR.fake.record(table.concat(parts, " "))
end
)lua";

// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `text` to path()/name (creating subdirectories); returns the path.
  std::string write(const std::string& name, std::string_view text) const;

 private:
  std::filesystem::path path_;
};

}  // namespace kemid::app_lua::testing
