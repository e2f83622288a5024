#include "max_forwards.h"

#include <optional>

#include "core/log.h"
#include "sip/sip_message.h"

namespace kemid::maxfwd {
namespace {

constexpr Logger kLog{"maxfwd"};

bool validLimit(std::int64_t limit, std::string_view function) {
  if (limit >= 0 && limit <= kMaxValue) return true;
  kLog.err(function, ": invalid limit ", limit, " (0..", kMaxValue, ")");
  return false;
}

// The current value; nullopt with `present` set when the header is there
// but is not a number (parse() refuses those, a header added by the script
// may still be one).
std::optional<int> currentValue(const SipMessage& message, bool& present) {
  present = message.header("Max-Forwards").has_value();
  if (!present) return std::nullopt;
  auto value = message.maxForwards();
  if (!value) kLog.err("unable to parse the Max-Forwards value");
  return value;
}

}  // namespace

ProcessOutcome processMaxForwards(SipMessage& request, std::int64_t limit, int maxLimit) {
  if (!validLimit(limit, "process_maxfwd")) return ProcessOutcome::InvalidLimit;
  bool present = false;
  auto value = currentValue(request, present);
  if (!present) {
    // RFC 3261 §16.6 step 3: a proxy adds the header when the request has none.
    request.setMaxForwards(static_cast<int>(limit));
    return ProcessOutcome::Added;
  }
  if (!value) return ProcessOutcome::Malformed;
  if (*value == 0) return ProcessOutcome::Exhausted;
  // Kamailio caps an excessive value without decrementing it as well.
  request.setMaxForwards(*value > maxLimit ? maxLimit : *value - 1);
  return ProcessOutcome::Decremented;
}

CompareOutcome compareMaxForwards(const SipMessage& request, std::int64_t limit) {
  if (!validLimit(limit, "is_maxfwd_lt")) return CompareOutcome::InvalidLimit;
  bool present = false;
  auto value = currentValue(request, present);
  if (!present) return CompareOutcome::Absent;
  if (!value) return CompareOutcome::Malformed;
  return *value < limit ? CompareOutcome::Less : CompareOutcome::NotLess;
}

}  // namespace kemid::maxfwd
