#pragma once
// Helpers of the YAML frontend's tests: YAML files in a TempConfigDir.

#include <stdlib.h>

#include <string>

#include "config/config_loader.h"
#include "temp_config.h"

namespace kemid::testing {

// Writes kemid.yaml (or `name`) and loads it.
inline Config loadYaml(const TempConfigDir& dir, const std::string& text,
                       const ConfigLoadOptions& options = {},
                       const std::string& name = "kemid.yaml") {
  return loadConfigFile(dir.write(name, text), options);
}

// Writes kemid.yaml and returns the error of loading it, paths relative to
// the directory ("kemid.yaml:3:5: core.children: ..."), or "no error".
inline std::string yamlError(const TempConfigDir& dir, const std::string& text,
                             const ConfigLoadOptions& options = {}) {
  return dir.errorOfFile(dir.write("kemid.yaml", text), options);
}

// Sets an environment variable for the life of the object.
class ScopedEnv {
 public:
  ScopedEnv(std::string name, const std::string& value) : name_(std::move(name)) {
    ::setenv(name_.c_str(), value.c_str(), 1);
  }
  ~ScopedEnv() { ::unsetenv(name_.c_str()); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
};

}  // namespace kemid::testing
