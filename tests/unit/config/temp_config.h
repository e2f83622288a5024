#pragma once
// Config files for tests: written to a private temporary directory that is
// removed with the TempConfigDir.

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "config/config_loader.h"
#include "core/config_error.h"

namespace kemid::testing {

class TempConfigDir {
 public:
  TempConfigDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "kemid-cfg-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
  }
  ~TempConfigDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TempConfigDir(const TempConfigDir&) = delete;
  TempConfigDir& operator=(const TempConfigDir&) = delete;

  // The full path of `name` inside the directory.
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // Writes `text` to `name` (creating subdirectories) and returns its full path.
  std::string write(const std::string& name, const std::string& text) const {
    std::filesystem::path file = dir_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
  }

  // Writes kemid.cfg and loads it.
  Config load(const std::string& text, const ConfigLoadOptions& options = {}) const {
    return loadConfigFile(write("kemid.cfg", text), options);
  }

  // Loads `file` (a path inside the directory) and returns the ConfigError's
  // message with the directory removed from every path in it
  // ("kemid.cfg:3:9: ..."), or "no error" when the file loads.
  std::string errorOfFile(const std::string& file, const ConfigLoadOptions& options = {}) const {
    try {
      loadConfigFile(file, options);
    } catch (const ConfigError& e) {
      std::string message = e.what();
      std::string prefix = dir_.string() + "/";
      for (auto at = message.find(prefix); at != std::string::npos; at = message.find(prefix)) {
        message.erase(at, prefix.size());
      }
      return message;
    }
    return "no error";
  }

  // Writes kemid.cfg and returns the error of loading it (see errorOfFile).
  std::string error(const std::string& text, const ConfigLoadOptions& options = {}) const {
    return errorOfFile(write("kemid.cfg", text), options);
  }

 private:
  std::filesystem::path dir_;
};

}  // namespace kemid::testing
