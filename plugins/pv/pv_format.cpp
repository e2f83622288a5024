#include "pv_format.h"

#include "pv_access.h"

namespace kemid::pv {

namespace {

bool isWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The index just past the ')' matching the '(' at `open`; npos when unclosed.
std::size_t pastClosing(std::string_view text, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')' && --depth == 0) return i + 1;
  }
  return std::string_view::npos;
}

// The length of the pseudo-variable starting at text[0] == '$': "$(...)",
// or a name with an optional "(inner)". A dotted name ("$ruri.user") is
// taken only when it is a known one, so that "$ru." ends at the dot.
std::size_t pvLength(std::string_view text, std::string& error) {
  if (text.size() > 1 && text[1] == '(') {
    std::size_t end = pastClosing(text, 1);
    if (end == std::string_view::npos) error = "unterminated $(...)";
    return end;
  }
  if (text.size() > 1 && text[1] == '?') return 2;
  std::size_t end = 1;
  while (end < text.size() && isWordChar(text[end])) ++end;
  while (end + 1 < text.size() && text[end] == '.' && isWordChar(text[end + 1])) {
    std::size_t longer = end + 1;
    while (longer < text.size() && isWordChar(text[longer])) ++longer;
    std::string ignored;
    if (!parsePvSpec(text.substr(0, longer), ignored)) break;
    end = longer;
  }
  if (end == 1) {
    error = "no pseudo-variable name after '$'";
    return std::string_view::npos;
  }
  if (end < text.size() && text[end] == '(') {
    end = pastClosing(text, end);
    if (end == std::string_view::npos) error = "non-closing inner-name parenthesis";
  }
  return end;
}

}  // namespace

std::optional<std::vector<FormatPart>> parseFormat(std::string_view format, std::string& error) {
  std::vector<FormatPart> parts(1);
  while (!format.empty()) {
    std::size_t dollar = format.find('$');
    parts.back().literal.append(format.substr(0, dollar));
    if (dollar == std::string_view::npos) break;
    format.remove_prefix(dollar);
    if (format.starts_with("$$")) {
      parts.back().literal.push_back('$');
      format.remove_prefix(2);
      continue;
    }
    std::size_t length = pvLength(format, error);
    if (length == std::string_view::npos) return std::nullopt;
    auto spec = parsePvSpec(format.substr(0, length), error);
    if (!spec) {
      error = "\"" + std::string(format.substr(0, length)) + "\": " + error;
      return std::nullopt;
    }
    parts.back().pv = std::move(*spec);
    parts.emplace_back();
    format.remove_prefix(length);
  }
  return parts;
}

std::string evaluateFormat(const std::vector<FormatPart>& parts, MessageContext& ctx,
                           PvModule& module) {
  std::string text;
  for (const FormatPart& part : parts) {
    text += part.literal;
    if (!part.pv) continue;
    PvValue value = readPv(*part.pv, ctx, module);
    text += value.isNull() ? std::string("<null>") : value.toText();
  }
  return text;
}

}  // namespace kemid::pv
