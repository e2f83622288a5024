#pragma once
// The `load` modparam values as the engine runs them.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"

namespace kemid::app_lua {

struct ScriptFiles {
  // Absolute paths in Kamailio's order: the last declared `load` is index 0
  // and runs first, as in Kamailio.
  std::vector<std::string> paths;
  std::string error;  // empty when every file was found and compiles
};

// Resolves every `load` value and checks that each file compiles. A relative
// path is looked up as given (relative to the process's working directory),
// then relative to the directory of the main config file `configFile`; the
// absolute path found is kept, so a later chdir() or reload does not change
// which file is meant. The error names the file and, for a syntax error,
// carries Lua's "path:line: message".
ScriptFiles findScripts(std::span<const ParamValue> loads, std::string_view configFile);

// One path resolved as findScripts does; nullopt when not found.
std::optional<std::string> resolveScriptPath(std::string_view given, std::string_view configFile);

}  // namespace kemid::app_lua
