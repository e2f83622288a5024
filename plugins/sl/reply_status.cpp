#include "reply_status.h"

#include <charconv>

namespace kemid::sl {

std::optional<ReplyStatus> forwardedStatus(const ReplyStatus& current, std::string_view newCode,
                                           std::string_view newReason) {
  ReplyStatus status = current;
  if (!newCode.empty()) {
    int code = 0;
    auto [end, error] = std::from_chars(newCode.data(), newCode.data() + newCode.size(), code);
    if (error != std::errc() || end != newCode.data() + newCode.size() || code < 100 ||
        code > 699 || code / 100 != current.code / 100) {
      return std::nullopt;
    }
    status.code = code;
  }
  if (!newReason.empty()) status.reason = std::string(newReason);
  return status;
}

}  // namespace kemid::sl
