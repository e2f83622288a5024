#pragma once

#include <stdexcept>
#include <string>

#include "core/config.h"

namespace kemid {

// A configuration that cannot be used. what() reads "file:line:column: text",
// the form every frontend and the plugin loader report.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(SourceLocation where, const std::string& text)
      : std::runtime_error(where.file.empty() ? text : where.toString() + ": " + text),
        where_(std::move(where)),
        text_(text) {}

  const SourceLocation& where() const { return where_; }
  const std::string& text() const { return text_; }

 private:
  SourceLocation where_;
  std::string text_;
};

}  // namespace kemid
