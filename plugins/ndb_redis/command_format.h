#pragma once
// The words of a Redis command from redis_cmd's text and parameters, as
// hiredis formats them for Kamailio: spaces separate words, each "%s" is
// replaced by the next parameter (spaces and all, so a parameter is one
// word, or part of one: "key:%s"; an empty one is an empty word) and "%%"
// is a "%".

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kemid::ndb_redis {

using CommandWords = std::vector<std::string>;

// nullopt with `error` when there are more "%s" than parameters or no
// word at all.
std::optional<CommandWords> formatCommand(std::string_view text,
                                          std::span<const std::string_view> params,
                                          std::string& error);

// Whether the text has an argument specifier ("%s", "%b"): redis_cmd without
// parameters refuses such a command, as Kamailio does.
bool hasArgumentSpecifier(std::string_view text);

}  // namespace kemid::ndb_redis
