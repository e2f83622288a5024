#include "config/module_rules.h"

#include <algorithm>
#include <cctype>

namespace kemid::cfg {

std::string moduleNameOfPath(std::string_view path) {
  if (auto slash = path.rfind('/'); slash != std::string_view::npos) path.remove_prefix(slash + 1);
  if (path.ends_with(".so")) path.remove_suffix(3);
  return std::string(path);
}

std::string checkModuleNotLoaded(const Config& config, std::string_view name) {
  const ModuleEntry* loaded = config.findModule(name);
  if (loaded == nullptr) return {};
  return "module '" + std::string(name) + "' is already loaded (at " + loaded->where.file + ":" +
         std::to_string(loaded->where.line) + ")";
}

std::string cfgEngineName(std::string_view written) {
  std::string out(written);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string checkCfgEngine(std::string_view written, const Config& config,
                           std::string_view addAppLuaHint) {
  std::string engine = cfgEngineName(written);
  std::string quoted = "\"" + std::string(written) + "\"";
  if (engine == "native" || engine == "default") {
    return "cfgengine " + quoted +
           " is not supported: kemid routes with Lua; use cfgengine \"lua\"";
  }
  if (engine != "lua") return "unknown cfgengine " + quoted + ": kemid supports only \"lua\"";
  if (config.findModule("app_lua") == nullptr) {
    return "cfgengine \"lua\" needs module app_lua: " + std::string(addAppLuaHint);
  }
  return {};
}

}  // namespace kemid::cfg
