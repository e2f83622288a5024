#include "script_files.h"

#include <filesystem>
#include <system_error>

#include "lua_state.h"

namespace kemid::app_lua {
namespace fs = std::filesystem;

namespace {

std::string absoluteText(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  return (ec ? p : abs).lexically_normal().string();
}

bool pathExists(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p, ec);
}

}  // namespace

std::optional<std::string> resolveScriptPath(std::string_view given, std::string_view configFile) {
  const fs::path path(given);
  if (pathExists(path)) return absoluteText(path);
  if (path.is_relative() && !configFile.empty()) {
    const fs::path besideConfig = fs::path(configFile).parent_path() / path;
    if (pathExists(besideConfig)) return absoluteText(besideConfig);
  }
  return std::nullopt;
}

ScriptFiles findScripts(std::span<const ParamValue> loads, std::string_view configFile) {
  ScriptFiles result;
  for (auto it = loads.rbegin(); it != loads.rend(); ++it) {
    const auto* given = std::get_if<std::string>(&*it);
    if (given == nullptr || given->empty()) {
      result.error = "the load parameter needs a Lua file name";
      return result;
    }
    auto path = resolveScriptPath(*given, configFile);
    if (!path) {
      std::error_code ec;
      result.error = "Lua script '" + *given + "' not found (looked relative to " +
                     absoluteText(fs::current_path(ec)) +
                     (configFile.empty() || fs::path(*given).is_absolute()
                          ? std::string()
                          : " and to " + absoluteText(fs::path(configFile).parent_path())) +
                     ")";
      return result;
    }
    if (auto error = LuaState::checkFile(*path)) {
      result.error = "cannot load Lua script '" + *given + "': " + *error;
      return result;
    }
    result.paths.push_back(std::move(*path));
  }
  return result;
}

}  // namespace kemid::app_lua
