#pragma once
// The transactions t_suspend put aside, found again by their ids for
// t_continue. A transaction that ends meanwhile (CANCEL, lifetime) leaves
// an expired entry, dropped when the next transaction is suspended; so the
// map holds at most the suspended transactions plus those since gone.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "tm_api.h"
#include "transaction.h"

namespace kemid::tm {

class SuspendedTransactions {
 public:
  // A label for a transaction: unique, never 0 (the wrap-around aside).
  std::uint32_t newLabel();
  // The index tmx shows for t: its bucket, from the hash of its key.
  static std::uint32_t indexOf(const Transaction& t);

  void add(const TransactionId& id, const TransactionPtr& t);
  // Takes the transaction with these ids out; null when none is there.
  TransactionPtr take(const TransactionId& id);

 private:
  std::atomic<std::uint32_t> lastLabel_{0};
  std::mutex mutex_;  // held only for the map operations
  std::unordered_map<std::uint32_t, std::weak_ptr<Transaction>> byLabel_;
};

}  // namespace kemid::tm
