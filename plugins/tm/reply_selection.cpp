#include "reply_selection.h"

namespace kemid::tm {

int replyPriority(int code) {
  int detail = code % 100;
  switch (code / 100) {
    case 2:
      return detail;
    case 6:
      return 1000 + detail;
    case 3:
      return 3000 + detail;
    case 4:
      switch (code) {
        case 401:
        case 407:
        case 415:
        case 420:
        case 484:
          return 4000 + detail;
        default:
          return 4100 + detail;
      }
    case 5:
      return 5000 + detail;
    default:
      return 10000 + code;  // not a final reply
  }
}

std::optional<std::size_t> pickBestBranch(std::span<const Branch> branches) {
  std::optional<std::size_t> best;
  int bestPriority = 0;
  for (std::size_t i = 0; i < branches.size(); ++i) {
    const Branch& branch = branches[i];
    if (branch.finalCode == 0 || branch.ignored) continue;  // no final to choose
    int priority = replyPriority(branch.finalCode);
    if (!best || priority < bestPriority) {
      best = i;
      bestPriority = priority;
    }
  }
  return best;
}

}  // namespace kemid::tm
