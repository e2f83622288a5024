#include "config/config_loader.h"

#include <algorithm>
#include <cctype>

#include "config/cfg_parser.h"
#include "config/preprocessor.h"
#include "config/yaml_loader.h"

namespace kemid {

namespace {

// .yaml and .yml (in any case) are YAML; everything else is kamailio.cfg.
bool isYamlFile(const std::string& path) {
  std::string extension;
  if (auto dot = path.rfind('.'); dot != std::string::npos && path.find('/', dot) == path.npos) {
    extension = path.substr(dot + 1);
  }
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == "yaml" || extension == "yml";
}

}  // namespace

Config loadConfigFile(const std::string& path, const ConfigLoadOptions& options) {
  if (isYamlFile(path)) return loadYamlConfigFile(path, options);
  Config config;
  config.sourceFile = path;
  cfg::Preprocessor tokens(options.defines);
  tokens.openMainFile(path);
  cfg::parseConfig(tokens, config);
  config.defines = tokens.definedValues();
  return config;
}

}  // namespace kemid
