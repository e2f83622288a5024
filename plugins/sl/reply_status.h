#pragma once
// The status line sl_forward_reply gives its copy of a reply.

#include <optional>
#include <string>
#include <string_view>

namespace kemid::sl {

struct ReplyStatus {
  int code = 0;
  std::string reason;
};

// `newCode` "" keeps `current`'s code, else it must be a three-digit code
// of the same class (Kamailio 5.6 refuses to change the class); `newReason`
// "" keeps the reason. nullopt when newCode is refused.
std::optional<ReplyStatus> forwardedStatus(const ReplyStatus& current, std::string_view newCode,
                                           std::string_view newReason);

}  // namespace kemid::sl
