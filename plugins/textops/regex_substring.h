#pragma once
// regex_substring(itext, regexp, mindex, mcount, dpv): one group of the
// first match of a case-sensitive POSIX extended expression.

#include <cstdint>
#include <string>
#include <string_view>

namespace kemid::textops {

struct RegexSubstring {
  enum class Outcome {
    Found,    // token holds the group
    NoMatch,  // the expression does not match (Kamailio's -2)
    Invalid,  // a bad expression or index, or the group is absent or empty
  };
  Outcome outcome = Outcome::Invalid;
  std::string token;  // when Found; otherwise why it is Invalid
};

// Group `index` (0: the whole match) of the first match of `pattern` in
// `text`; `count` is how many groups the caller expects, which index must
// stay below.
RegexSubstring regexSubstring(std::string_view text, std::string_view pattern, std::int64_t index,
                              std::int64_t count);

}  // namespace kemid::textops
