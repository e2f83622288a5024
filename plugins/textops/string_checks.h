#pragma once
// textops' string helpers (cmp_str, starts_with, in_list, ...), with
// Kamailio's results: 1 for yes; a no is -1 or -2 as listed.

#include <cstdint>
#include <string_view>

namespace kemid::textops {

// cmp_str / cmp_istr: 1 equal, -1 when a sorts after b, -2 before.
std::int64_t compareStrings(std::string_view a, std::string_view b, bool ignoreCase);
// starts_with / ends_with: 1, or as compareStrings the start (end) of
// `text` against `part`; -1 when `text` is shorter.
std::int64_t startsWith(std::string_view text, std::string_view part);
std::int64_t endsWith(std::string_view text, std::string_view part);
// str_find / str_ifind: the position of `needle` plus one, -1 when absent.
std::int64_t findIn(std::string_view text, std::string_view needle, bool ignoreCase);
// in_list / in_list_prefix: whether `subject` is (starts with) one of the
// `separator`-separated items of `list`, white space around items ignored.
bool inList(std::string_view subject, std::string_view list, char separator, bool prefix);

}  // namespace kemid::textops
