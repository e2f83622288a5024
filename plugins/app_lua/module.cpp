// app_lua: runs the Lua routing scripts (cfgengine "lua") with the KSR API.

#include <array>

#include "app_lua_kemi.h"
#include "core/module_abi.h"
#include "lua_engine.h"
#include "module_state.h"
#include "rpc_commands.h"

namespace kemid::app_lua {
namespace {

constexpr std::array kParams{
    // A Lua script to load into every routing state; may be given several times
    // (the last one given runs first). A relative path is looked up in the
    // working directory, then beside the main config file.
    ParamDef{.name = "load", .type = ParamType::Str, .repeatable = true},
    // 1: app_lua.reload is allowed.
    ParamDef{
        .name = "reload", .type = ParamType::Int, .intDefault = 1, .minValue = 0, .maxValue = 1},
    // Bit 1: log every KEMI export at debug level while building the KSR tables.
    ParamDef{.name = "log_mode", .type = ParamType::Int, .intDefault = 0, .minValue = 0},
    // kemid's own: Lua instructions one route callback (or a script's top
    // level) may run before it is aborted with an error; 0: no limit. The
    // default is some tenths of a second of pure Lua.
    ParamDef{.name = "instruction_limit",
             .type = ParamType::Int,
             .intDefault = 100'000'000,
             .minValue = 0},
    // kemid's own: 1 gives scripts the Lua 5.1 names Kamailio's Debian build
    // has (unpack, loadstring, table.getn, ...; lua51_compat.h); 0: plain 5.4.
    ParamDef{.name = "lua51_compat",
             .type = ParamType::Int,
             .intDefault = 1,
             .minValue = 0,
             .maxValue = 1},
    // kemid's own: MiB each Lua state may hold; 0: no limit.
    ParamDef{.name = "memory_limit",
             .type = ParamType::Int,
             .intDefault = 256,
             .minValue = 0,
             .maxValue = 1024 * 1024},
};

constexpr auto S = KemiType::Str;

constexpr std::array kKemi{
    KemiFunctionDef{
        .name = "dofile", .returns = KemiType::Int, .params = {S}, .handler = &kemiDoFile},
    KemiFunctionDef{
        .name = "dostring", .returns = KemiType::Int, .params = {S}, .handler = &kemiDoString},
    KemiFunctionDef{
        .name = "runstring", .returns = KemiType::Int, .params = {S}, .handler = &kemiRunString},
    KemiFunctionDef{.name = "run", .returns = KemiType::Int, .params = {S}, .handler = &kemiRun},
    KemiFunctionDef{
        .name = "run_p1", .returns = KemiType::Int, .params = {S, S}, .handler = &kemiRun},
    KemiFunctionDef{
        .name = "run_p2", .returns = KemiType::Int, .params = {S, S, S}, .handler = &kemiRun},
    KemiFunctionDef{
        .name = "run_p3", .returns = KemiType::Int, .params = {S, S, S, S}, .handler = &kemiRun},
};

constexpr std::array kRpc{
    RpcCommandDef{.name = "app_lua.reload",
                  .help = "Reload the Lua scripts (all, or the one at the given index).",
                  .handler = &rpcReload},
    RpcCommandDef{
        .name = "app_lua.list", .help = "List the loaded Lua scripts.", .handler = &rpcList},
    RpcCommandDef{.name = "app_lua.api_list",
                  .help = "List the KEMI functions available to Lua scripts.",
                  .handler = &rpcApiList},
};

HookResult init(ModuleInitContext& ctx) {
  return initAppLua(ctx);
}

// Kamailio's child_init: each worker builds its state before taking traffic,
// so a script that fails at load time stops the start.
HookResult initWorker(ModuleState* state, int) {
  return static_cast<AppLuaModule*>(state)->engine().prepareThread();
}

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "app_lua",
    .params = kParams,
    .kemi = kKemi,
    .rpc = kRpc,
    .init = &init,
    .initWorker = &initWorker,
};

}  // namespace
}  // namespace kemid::app_lua

KEMID_MODULE(kemid::app_lua::kDescriptor)
