#include "regex_substring.h"

#include "posix_regex.h"

namespace kemid::textops {
namespace {

RegexSubstring invalid(std::string why) {
  return {RegexSubstring::Outcome::Invalid, std::move(why)};
}

}  // namespace

RegexSubstring regexSubstring(std::string_view text, std::string_view pattern, std::int64_t index,
                              std::int64_t count) {
  if (index < 0 || index >= count) {
    return invalid("matched_index cannot be bigger than match_count");
  }
  std::string error;
  auto regex = PosixRegex::compile(pattern, REG_EXTENDED, error);
  if (!regex) return invalid("regular expression could not be compiled: " + error);
  // Kamailio does not search an empty text.
  auto spans = text.empty() ? std::nullopt : regex->submatches(text);
  if (!spans) return {RegexSubstring::Outcome::NoMatch, {}};
  const auto i = static_cast<std::size_t>(index);
  if (i >= spans->size() || !(*spans)[i]) {
    return invalid("invalid offset for regular expression result");
  }
  const auto [offset, length] = *(*spans)[i];
  if (length == 0) return invalid("matched string is empty");
  return {RegexSubstring::Outcome::Found, std::string(text.substr(offset, length))};
}

}  // namespace kemid::textops
