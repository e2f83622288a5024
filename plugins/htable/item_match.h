#pragma once
// The match operators of sht_match_name, sht_rm_name & co: eq, ne, re
// (POSIX extended regex, found anywhere), sw (starts with); and "ends with",
// which only $shtcn / $shtcv have in 5.6.

#include <functional>
#include <optional>
#include <string_view>

#include "hash_table.h"

namespace kemid::htable {

enum class MatchOp { Eq, Ne, Re, Sw, Ew };

std::optional<MatchOp> parseMatchOp(std::string_view op);

// What an item's name (or its string value, `onValue`) must satisfy; nullopt
// when `pattern` is not a valid regex (logged). Integer values never match.
std::optional<std::function<bool(const Item&)>> itemMatcher(MatchOp op, std::string_view pattern,
                                                            bool onValue);

}  // namespace kemid::htable
