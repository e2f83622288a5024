#include "string_checks.h"

#include <algorithm>

#include "sip/ascii.h"

namespace kemid::textops {

std::int64_t compareStrings(std::string_view a, std::string_view b, bool ignoreCase) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    char x = ignoreCase ? sip::asciiLower(a[i]) : a[i];
    char y = ignoreCase ? sip::asciiLower(b[i]) : b[i];
    if (x != y) return static_cast<unsigned char>(x) > static_cast<unsigned char>(y) ? -1 : -2;
  }
  if (a.size() == b.size()) return 1;
  return a.size() > b.size() ? -1 : -2;
}

std::int64_t startsWith(std::string_view text, std::string_view part) {
  if (text.size() < part.size()) return -1;
  return compareStrings(text.substr(0, part.size()), part, false);
}

std::int64_t endsWith(std::string_view text, std::string_view part) {
  if (text.size() < part.size()) return -1;
  return compareStrings(text.substr(text.size() - part.size()), part, false);
}

std::int64_t findIn(std::string_view text, std::string_view needle, bool ignoreCase) {
  auto equal = [&](char x, char y) {
    return ignoreCase ? sip::asciiLower(x) == sip::asciiLower(y) : x == y;
  };
  auto at = std::search(text.begin(), text.end(), needle.begin(), needle.end(), equal);
  if (at == text.end()) return -1;
  return static_cast<std::int64_t>(at - text.begin()) + 1;
}

bool inList(std::string_view subject, std::string_view list, char separator, bool prefix) {
  while (true) {
    const std::size_t end = std::min(list.find(separator), list.size());
    std::string_view item = sip::trimLws(list.substr(0, end));
    if (!item.empty() && (prefix ? subject.starts_with(item) : subject == item)) return true;
    if (end == list.size()) return false;
    list.remove_prefix(end + 1);
  }
}

}  // namespace kemid::textops
