#pragma once
// app_lua's module state: the engine, and the policy around it (modparams).

#include <cstdint>
#include <string>
#include <vector>

#include "app_lua_api.h"
#include "core/kemi_registry.h"
#include "core/module_abi.h"
#include "lua_engine.h"

namespace kemid::app_lua {

class AppLuaModule final : public ModuleState, public AppLuaApi {
 public:
  AppLuaModule(const KemiRegistry& registry, std::vector<std::string> scripts,
               LuaEngine::Options options);

  LuaEngine& engine() { return engine_; }

  // AppLuaApi.
  HookResult reload() override { return engine_.reload(); }

 private:
  LuaEngine engine_;
};

// The init hook: resolves and checks the `load` scripts, creates the module
// state and registers the engine ("lua") and the API ("app_lua").
HookResult initAppLua(ModuleInitContext& ctx);

}  // namespace kemid::app_lua
