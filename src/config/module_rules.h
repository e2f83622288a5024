#pragma once
// What both frontends check when a config loads modules and selects the
// cfgengine, so a .cfg and a .yaml are refused for the same reasons.

#include <string>
#include <string_view>

#include "core/config.h"

namespace kemid::cfg {

// The module a loadmodule path names: "tm" for "tm", "tm.so" and
// "/usr/lib/kemid/modules/tm.so".
std::string moduleNameOfPath(std::string_view path);

// Why module `name` cannot be added to `config` (it is already loaded), or
// an empty string.
std::string checkModuleNotLoaded(const Config& config, std::string_view name);

// The engine `written` selects, in lower case: "lua".
std::string cfgEngineName(std::string_view written);

// Why `cfgengine written` cannot be used with the modules of `config`, or an
// empty string: kemid routes with Lua only, which needs app_lua;
// `addAppLuaHint` says how to load it in the frontend's syntax.
std::string checkCfgEngine(std::string_view written, const Config& config,
                           std::string_view addAppLuaHint);

}  // namespace kemid::cfg
