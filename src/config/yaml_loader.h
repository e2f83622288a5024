#pragma once
// The YAML frontend (docs/config.md): reads kemid.yaml into the one Config
// model, with the same parameter names, types and checks as the
// kamailio.cfg frontend (core_params.h, module_rules.h).

#include <string>

#include "config/config_loader.h"
#include "core/config.h"

namespace kemid {

// Reads `path` and the files it includes. `options.defines` (-A NAME=VALUE)
// are variables for ${NAME} that win over the environment; -A NAME without
// a value sets NAME to the empty string. Throws ConfigError naming the file,
// line, column and schema path (`modules[2].tm.fr_timer`) of any error.
Config loadYamlConfigFile(const std::string& path, const ConfigLoadOptions& options = {});

}  // namespace kemid
