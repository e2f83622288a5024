#include "suspended_transactions.h"

#include <functional>
#include <string_view>

namespace kemid::tm {
namespace {

// Kamailio's tm has 2^16 buckets; the index keeps that range.
constexpr std::uint32_t kBuckets = 1U << 16;

}  // namespace

std::uint32_t SuspendedTransactions::newLabel() {
  std::uint32_t label = lastLabel_.fetch_add(1, std::memory_order_relaxed) + 1;
  if (label == 0) label = lastLabel_.fetch_add(1, std::memory_order_relaxed) + 1;
  return label;
}

std::uint32_t SuspendedTransactions::indexOf(const Transaction& t) {
  return static_cast<std::uint32_t>(std::hash<std::string_view>{}(t.key) % kBuckets);
}

void SuspendedTransactions::add(const TransactionId& id, const TransactionPtr& t) {
  std::lock_guard lock(mutex_);
  std::erase_if(byLabel_, [](const auto& entry) { return entry.second.expired(); });
  byLabel_[id.label] = t;
}

TransactionPtr SuspendedTransactions::take(const TransactionId& id) {
  std::lock_guard lock(mutex_);
  auto found = byLabel_.find(id.label);
  if (found == byLabel_.end()) return nullptr;
  TransactionPtr t = found->second.lock();
  if (!t || indexOf(*t) != id.index) return nullptr;
  byLabel_.erase(found);
  return t;
}

}  // namespace kemid::tm
