#include "config/yaml_scalar.h"

#include "config/text_util.h"

#include <array>
#include <charconv>
#include <limits>

namespace kemid::yaml {

namespace {

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isAlnum(char c) {
  return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// lower, Capitalised or UPPER spelling of `word` (given in lower case): the
// first letter alone may be upper case (".Inf").
bool spelledAs(std::string_view text, std::string_view word) {
  if (text.size() != word.size() || text.empty()) return false;
  auto upper = [](char c) { return static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c); };
  bool allLower = true;
  bool allUpper = true;
  bool capital = true;
  bool firstLetter = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char w = word[i];
    bool letter = w >= 'a' && w <= 'z';
    allLower &= text[i] == w;
    allUpper &= text[i] == upper(w);
    capital &= text[i] == (letter && firstLetter ? upper(w) : w);
    if (letter) firstLetter = false;
  }
  return allLower || allUpper || capital;
}

// Digits in `base` as a non-negative int64; false if not digits at all.
bool parseMagnitude(std::string_view digits, int base, PlainScalar& out) {
  if (digits.empty()) return false;
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
  if (end != digits.data() + digits.size()) return false;
  out.type = ScalarType::Int;
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (ec == std::errc::result_out_of_range || value > kMax) {
    out.outOfRange = true;
  } else {
    out.integer = static_cast<std::int64_t>(value);
  }
  return true;
}

std::size_t skipDigits(std::string_view text, std::size_t i) {
  while (i < text.size() && isDigit(text[i])) ++i;
  return i;
}

// YAML 1.2 core schema floats: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?,
// [-+]?.inf and .nan (in the three spellings).
bool isFloat(std::string_view text) {
  std::string_view unsigned_ = text;
  if (!unsigned_.empty() && (unsigned_.front() == '-' || unsigned_.front() == '+')) {
    unsigned_.remove_prefix(1);
  }
  if (spelledAs(unsigned_, ".inf") || (unsigned_ == text && spelledAs(text, ".nan"))) return true;
  std::size_t i = skipDigits(unsigned_, 0);
  bool digits = i > 0;
  if (i < unsigned_.size() && unsigned_[i] == '.') {
    std::size_t fraction = skipDigits(unsigned_, i + 1);
    digits |= fraction > i + 1;
    i = fraction;
  }
  if (!digits) return false;
  if (i < unsigned_.size() && (unsigned_[i] == 'e' || unsigned_[i] == 'E')) {
    std::size_t start = i + 1;
    if (start < unsigned_.size() && (unsigned_[start] == '-' || unsigned_[start] == '+')) ++start;
    i = skipDigits(unsigned_, start);
    if (i == start) return false;
  }
  return i == unsigned_.size();
}

}  // namespace

PlainScalar resolvePlain(std::string_view text) {
  PlainScalar out;
  if (text.empty() || text == "~" || spelledAs(text, "null")) {
    out.type = ScalarType::Null;
    return out;
  }
  for (std::string_view word : {"true", "yes", "on"}) {
    if (spelledAs(text, word)) {
      out.type = ScalarType::Bool;
      out.boolean = true;
      return out;
    }
  }
  for (std::string_view word : {"false", "no", "off"}) {
    if (spelledAs(text, word)) {
      out.type = ScalarType::Bool;
      return out;
    }
  }
  if (text.starts_with("0x") && parseMagnitude(text.substr(2), 16, out)) return out;
  if (text.starts_with("0o") && parseMagnitude(text.substr(2), 8, out)) return out;
  std::string_view digits = text;
  bool negative = false;
  if (digits.front() == '-' || digits.front() == '+') {
    negative = digits.front() == '-';
    digits.remove_prefix(1);
  }
  if (!digits.empty() && isDigit(digits.front()) && parseMagnitude(digits, 10, out)) {
    if (negative) out.integer = -out.integer;
    return out;
  }
  out = PlainScalar{};
  if (isFloat(text)) out.type = ScalarType::Float;
  return out;
}

std::string describeString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
  }
  return out + "\"";
}

std::string quoteString(std::string_view text, QuoteFor use) {
  std::string value;
  if (use == QuoteFor::Value) {
    // Every "${" becomes "$${", which the loader reads back as "${".
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') value += '$';
      value += text[i];
    }
  } else {
    value = std::string(text);
  }

  auto plainStart = [](char c) { return isAlnum(c) || c == '_' || c == '/' || c == '.'; };
  auto plainChar = [&](char c) {
    // Left out: flow indicators, quotes, '#', '?' (yaml-cpp takes it for a key in flow
    // context), and '\\' and '$', which read more clearly quoted.
    return plainStart(c) || std::string_view(":@+=-<>~*%!&()|;^").find(c) != std::string_view::npos;
  };
  bool plain = !value.empty() && plainStart(value.front()) && value.back() != ':' &&
               resolvePlain(value).type == ScalarType::String;
  for (char c : value) plain = plain && plainChar(c);
  if (plain) return value;

  return cfg::doubleQuoted(value);
}

}  // namespace kemid::yaml
