#pragma once
// Where transactions are found: by their server key (requests, §17.2.3) and
// by our branch (replies, §17.1.3). Sharded by the key's hash, a mutex per
// shard, held only for the map operation itself.

#include <array>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/text_hash.h"
#include "transaction.h"

namespace kemid::tm {

class TransactionTable {
 public:
  // Adds `t` under its key and its branch base unless a transaction with
  // the same key is there already; returns the one in the table and
  // whether it is `t`.
  std::pair<TransactionPtr, bool> insert(const TransactionPtr& t);

  TransactionPtr findByKey(std::string_view key) const;
  TransactionPtr findByBranchBase(std::string_view base) const;

  // Takes `t` out of both indexes (if it is still the one they hold).
  void remove(const Transaction& t);

  std::size_t size() const;
  // Every transaction in the table now, for the rare searches by another
  // key (tmx's t_reply_callid): copied shard by shard, so that no shard
  // stays locked while the caller looks inside them.
  std::vector<TransactionPtr> snapshot() const;

 private:
  using Index = std::unordered_map<std::string, TransactionPtr, TextHash, std::equal_to<>>;

  struct Shard {
    mutable std::mutex mutex;
    Index byKey;
    Index byBranch;
  };

  static constexpr std::size_t kShards = 64;

  Shard& shardFor(std::string_view text) const;

  mutable std::array<Shard, kShards> shards_;
};

}  // namespace kemid::tm
