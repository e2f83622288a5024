#pragma once
// ASCII helpers for SIP tokens: header and parameter names compare
// case-insensitively (RFC 3261 §7.3.1, §19.1.4), numbers are plain digits.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace kemid::sip {

constexpr char asciiLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (asciiLower(a[i]) != asciiLower(b[i])) return false;
  }
  return true;
}

constexpr bool istartsWith(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

// Linear white space of RFC 3261 §25.1, including the CRLF of a folded line.
constexpr bool isLws(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

constexpr std::string_view trimLws(std::string_view text) {
  while (!text.empty() && isLws(text.front())) text.remove_prefix(1);
  while (!text.empty() && isLws(text.back())) text.remove_suffix(1);
  return text;
}

// 1*DIGIT with a value no larger than `max`; nullopt for a sign, spaces, any
// other character or a value that does not fit.
constexpr std::optional<std::uint64_t> parseDigits(std::string_view text, std::uint64_t max) {
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    auto digit = static_cast<std::uint64_t>(c - '0');
    if (digit > max || value > (max - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

constexpr std::optional<std::uint16_t> parsePort(std::string_view text) {
  auto value = parseDigits(text, 65535);
  if (!value) return std::nullopt;
  return static_cast<std::uint16_t>(*value);
}

}  // namespace kemid::sip
