#pragma once

#include <string>

namespace kemid {

// Where kemid looks for its config and plugins when not told: beside the
// build tree it was built in, or in its installed locations.
struct DefaultPaths {
  std::string configFile;
  std::string moduleDir;
};

// `executableDir` is the directory of the running kemid binary.
DefaultPaths defaultPaths(const std::string& executableDir);

}  // namespace kemid
