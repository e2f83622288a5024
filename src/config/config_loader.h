#pragma once
// Entry point of the configuration frontends: reads a file into the one
// Config model (core/config.h).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/config.h"

namespace kemid {

// A preprocessor define from the command line (-A NAME or -A NAME=VALUE).
struct PreprocessorDefine {
  std::string name;
  std::optional<std::string> value;
};

struct ConfigLoadOptions {
  std::vector<PreprocessorDefine> defines;
};

// Reads `path` (kamailio.cfg syntax; YAML comes with its own frontend) and
// returns the Config. Throws ConfigError with file:line:column on any error.
Config loadConfigFile(const std::string& path, const ConfigLoadOptions& options = {});

}  // namespace kemid
