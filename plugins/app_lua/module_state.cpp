#include "module_state.h"

#include <memory>

#include "core/log.h"
#include "core/module_host.h"
#include "core/module_params.h"
#include "script_files.h"

namespace kemid::app_lua {
namespace {

constexpr Logger kLog{"app_lua"};

}  // namespace

AppLuaModule::AppLuaModule(const KemiRegistry& registry, std::vector<std::string> scripts,
                           LuaEngine::Options options)
    : engine_(registry, std::move(scripts), options) {}

HookResult initAppLua(ModuleInitContext& ctx) {
  ScriptFiles scripts = findScripts(ctx.params.getAll("load"), ctx.config.sourceFile);
  if (!scripts.error.empty()) return HookResult::failure(scripts.error);
  if (scripts.paths.empty())
    kLog.warn("no Lua script given with modparam(\"app_lua\", \"load\", ...)");
  // Checked before anything is registered, so that a refusal leaves nothing behind.
  if (ctx.host.routeEngine("lua") != nullptr) {
    return HookResult::failure("a route engine named \"lua\" is already registered");
  }
  if (ctx.host.findApi<AppLuaApi>() != nullptr) {
    return HookResult::failure("an API named \"app_lua\" is already published");
  }
  constexpr std::size_t kMiB = 1024 * 1024;
  LuaEngine::Options options{
      .logExports = (ctx.params.getInt("log_mode") & 1) != 0,
      .reloadAllowed = ctx.params.getInt("reload") != 0,
      .statistics = &ctx.host.routeStatistics(),
      .limits = {.instructions = static_cast<std::uint64_t>(ctx.params.getInt("instruction_limit")),
                 .memoryBytes = static_cast<std::size_t>(ctx.params.getInt("memory_limit")) * kMiB},
      .lua51Compat = ctx.params.getInt("lua51_compat") != 0};
  auto state = std::make_unique<AppLuaModule>(ctx.host.kemi(), std::move(scripts.paths), options);
  ctx.host.registerRouteEngine("lua", &state->engine());
  ctx.host.publishApi<AppLuaApi>(*state);
  ctx.state = std::move(state);
  return HookResult::success();
}

}  // namespace kemid::app_lua
