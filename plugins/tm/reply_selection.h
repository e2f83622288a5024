#pragma once
// Which branch's final reply answers the caller once every branch has one
// (RFC 3261 §16.7 step 6).

#include <optional>
#include <span>
#include <string>

#include "transaction.h"

namespace kemid::tm {

// Lower is better: 2xx, then 6xx (§16.7 step 6: a 6xx beats the other
// classes), then 3xx, 4xx, 5xx. Within 4xx, the replies a caller can act on
// (401/407 credentials, 415/420 extensions, 484 more digits) come first,
// as Kamailio ranks them; otherwise the lower code wins.
int replyPriority(int code);

// The index of the best completed branch not ignored by failure_reply_mode;
// the first one wins a tie. nullopt when there is none.
std::optional<std::size_t> pickBestBranch(std::span<const Branch> branches);

// The branch whose final answers the caller once every branch has one.
struct Winner {
  std::size_t index = 0;
  int code = 0;
  std::string onFailure;  // the failure route to run first, if any
};

}  // namespace kemid::tm
