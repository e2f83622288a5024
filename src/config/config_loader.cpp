#include "config/config_loader.h"

#include "config/cfg_parser.h"
#include "config/preprocessor.h"

namespace kemid {

Config loadConfigFile(const std::string& path, const ConfigLoadOptions& options) {
  Config config;
  config.sourceFile = path;
  cfg::Preprocessor tokens(options.defines);
  tokens.openMainFile(path);
  cfg::parseConfig(tokens, config);
  return config;
}

}  // namespace kemid
