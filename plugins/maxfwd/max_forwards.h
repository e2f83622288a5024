#pragma once
// Max-Forwards handling of a proxy (RFC 3261 §16.3 step 2, §16.6 step 3),
// with the outcomes of Kamailio's maxfwd module. The Kamailio integers exist
// only at the KEMI boundary (maxfwd_kemi.cpp); here the outcomes are named.

#include <cstdint>

namespace kemid {
class SipMessage;
}

namespace kemid::maxfwd {

// The header values RFC 3261 §20.22 allows, and the range of a limit.
inline constexpr int kMaxValue = 255;

enum class ProcessOutcome {
  Decremented,   // the value was decremented (or capped to max_limit)
  Added,         // there was none: Max-Forwards: <limit> was added
  Exhausted,     // the value is 0: the request must not be forwarded (483)
  Malformed,     // the header is there but is not a number
  InvalidLimit,  // the limit is outside 0..255
};

// process_maxfwd(limit): a received value above maxLimit becomes maxLimit
// (not decremented further, as Kamailio); any other value above 0 is
// decremented; an absent header is added with `limit`.
ProcessOutcome processMaxForwards(SipMessage& request, std::int64_t limit, int maxLimit);

enum class CompareOutcome {
  Less,          // the value is below the limit
  NotLess,       // the value is at or above the limit
  Absent,        // no Max-Forwards header
  Malformed,     // the header is not a number
  InvalidLimit,  // the limit is outside 0..255
};

// is_maxfwd_lt(limit): compares the current value (after any
// process_maxfwd in the same route) with `limit`.
CompareOutcome compareMaxForwards(const SipMessage& request, std::int64_t limit);

// Kamailio's return values.
constexpr std::int64_t toKemi(ProcessOutcome outcome) {
  switch (outcome) {
    case ProcessOutcome::Decremented:
      return 1;
    case ProcessOutcome::Added:
      return 2;
    case ProcessOutcome::Exhausted:
    case ProcessOutcome::InvalidLimit:
      return -1;
    case ProcessOutcome::Malformed:
      return -2;
  }
  return -1;
}

constexpr std::int64_t toKemi(CompareOutcome outcome) {
  switch (outcome) {
    case CompareOutcome::Less:
      return 1;
    case CompareOutcome::NotLess:
    case CompareOutcome::InvalidLimit:
      return -1;
    case CompareOutcome::Absent:
      return -2;
    case CompareOutcome::Malformed:
      return -3;
  }
  return -1;
}

}  // namespace kemid::maxfwd
