#include "config/env_substitution.h"

#include <stdexcept>

namespace kemid::yaml {

namespace {

bool isNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isNameChar(char c) {
  return isNameStart(c) || (c >= '0' && c <= '9');
}

class Substitution {
 public:
  Substitution(std::string_view text, const VariableLookup& lookup)
      : text_(text), lookup_(lookup) {}

  std::string run() { return text(false, true); }

 private:
  // Text up to the end, or (inside a default) up to its closing '}'. A
  // default that is not used is only checked (`evaluate` false): its
  // variables need not be set.
  std::string text(bool inDefault, bool evaluate) {
    std::string out;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (inDefault && c == '}') return out;
      if (text_.substr(pos_, 3) == "$${") {
        out += "${";
        pos_ += 3;
      } else if (text_.substr(pos_, 2) == "${") {
        out += variable(evaluate);
      } else {
        out += c;
        ++pos_;
      }
    }
    if (inDefault) throw std::invalid_argument("missing '}' to close '${'");
    return out;
  }

  std::string variable(bool evaluate) {
    pos_ += 2;
    std::size_t start = pos_;
    while (pos_ < text_.size() && isNameChar(text_[pos_])) ++pos_;
    std::string name(text_.substr(start, pos_ - start));
    if (name.empty() || !isNameStart(name.front())) {
      std::string found = pos_ < text_.size() ? "'" + std::string(1, text_[pos_]) + "'" : "the end";
      if (!name.empty()) found = "'" + name + "'";
      throw std::invalid_argument("expected a variable name after '${', found " + found +
                                  " (write $${ for a literal ${)");
    }
    std::optional<std::string> value = evaluate ? lookup_(name) : std::string();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      if (!value) {
        throw std::invalid_argument("variable '" + name + "' is not set (write ${" + name +
                                    ":-default} to give a default)");
      }
      return *value;
    }
    if (text_.substr(pos_, 2) == ":-") {
      pos_ += 2;
      bool useDefault = evaluate && (!value || value->empty());
      std::string fallback = text(true, useDefault);
      ++pos_;  // the '}'
      return useDefault ? fallback : *value;
    }
    if (pos_ >= text_.size()) throw std::invalid_argument("missing '}' to close '${" + name + "'");
    throw std::invalid_argument("expected '}' or ':-' after '${" + name + "', found '" +
                                std::string(1, text_[pos_]) + "'");
  }

  std::string_view text_;
  const VariableLookup& lookup_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string substituteVariables(std::string_view text, const VariableLookup& lookup) {
  if (text.find('$') == std::string_view::npos) return std::string(text);
  return Substitution(text, lookup).run();
}

}  // namespace kemid::yaml
