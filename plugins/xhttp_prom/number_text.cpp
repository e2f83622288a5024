#include "number_text.h"

#include <array>
#include <charconv>
#include <cmath>

namespace kemid::xhttp_prom {

std::optional<double> parseFiniteNumber(std::string_view text) {
  // from_chars takes no leading '+', which strtod (and so Kamailio) accepts.
  if (text.size() > 1 && text.front() == '+' && text[1] != '-' && text[1] != '+') {
    text.remove_prefix(1);
  }
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string formatNumber(double value) {
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

}  // namespace kemid::xhttp_prom
