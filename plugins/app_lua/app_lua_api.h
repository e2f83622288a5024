#pragma once
// What app_lua offers the application (SIGHUP) and other modules. Found with
//   host.findApi<kemid::app_lua::AppLuaApi>()
// which is null when app_lua is not loaded.

#include <cstdint>
#include <string_view>

#include "core/module_abi.h"

namespace kemid::app_lua {

struct AppLuaApi {
  static constexpr std::string_view kApiName = "app_lua";
  static constexpr std::uint32_t kApiVersion = 1;  // see VersionedApi (core/module_host.h)

  // Schedules a reload of every loaded script, as the RPC app_lua.reload
  // without an index: each file is compiled first and on a syntax error
  // nothing changes and the error carries Lua's "path:line: message". Also
  // refused when modparam reload=0 or no script is loaded. Threads pick the
  // new code up before their next message. Thread-safe.
  virtual HookResult reload() = 0;

 protected:
  ~AppLuaApi() = default;  // owned by app_lua, never deleted through this
};

}  // namespace kemid::app_lua
