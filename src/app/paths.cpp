#include "app/paths.h"

#include <filesystem>

namespace kemid {

DefaultPaths defaultPaths(const std::string& executableDir) {
  namespace fs = std::filesystem;
  // A kemid started from its CMake build directory uses the plugins built
  // next to it and the example config of the source tree it was built from.
  if (fs::exists(fs::path(executableDir) / "CMakeCache.txt")) {
    return {KEMID_SOURCE_DIR "/etc/kemid.cfg", (fs::path(executableDir) / "modules").string()};
  }
  return {KEMID_CONFIG_FILE, KEMID_MODULE_DIR};
}

}  // namespace kemid
