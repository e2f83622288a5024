#include "transaction_table.h"

namespace kemid::tm {

TransactionTable::Shard& TransactionTable::shardFor(std::string_view text) const {
  return shards_[TextHash{}(text) % kShards];
}

std::pair<TransactionPtr, bool> TransactionTable::insert(const TransactionPtr& t) {
  {
    Shard& shard = shardFor(t->key);
    std::lock_guard lock(shard.mutex);
    auto [it, added] = shard.byKey.try_emplace(t->key, t);
    if (!added) return {it->second, false};
  }
  // Branch bases are unique (sip::generateBranch), so this cannot collide.
  Shard& shard = shardFor(t->branchBase);
  std::lock_guard lock(shard.mutex);
  shard.byBranch.emplace(t->branchBase, t);
  return {t, true};
}

TransactionPtr TransactionTable::findByKey(std::string_view key) const {
  Shard& shard = shardFor(key);
  std::lock_guard lock(shard.mutex);
  auto it = shard.byKey.find(key);
  return it == shard.byKey.end() ? nullptr : it->second;
}

TransactionPtr TransactionTable::findByBranchBase(std::string_view base) const {
  Shard& shard = shardFor(base);
  std::lock_guard lock(shard.mutex);
  auto it = shard.byBranch.find(base);
  return it == shard.byBranch.end() ? nullptr : it->second;
}

void TransactionTable::remove(const Transaction& t) {
  // The shared_ptrs taken out are released after the shard lock: the last
  // one destroys the transaction.
  TransactionPtr byKey;
  TransactionPtr byBranch;
  {
    Shard& shard = shardFor(t.key);
    std::lock_guard lock(shard.mutex);
    auto it = shard.byKey.find(t.key);
    if (it != shard.byKey.end() && it->second.get() == &t) {
      byKey = std::move(it->second);
      shard.byKey.erase(it);
    }
  }
  Shard& shard = shardFor(t.branchBase);
  std::lock_guard lock(shard.mutex);
  auto it = shard.byBranch.find(t.branchBase);
  if (it != shard.byBranch.end() && it->second.get() == &t) {
    byBranch = std::move(it->second);
    shard.byBranch.erase(it);
  }
}

std::size_t TransactionTable::size() const {
  std::size_t total = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.byKey.size();
  }
  return total;
}

std::vector<TransactionPtr> TransactionTable::snapshot() const {
  std::vector<TransactionPtr> all;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    for (const auto& [key, t] : shard.byKey) all.push_back(t);
  }
  return all;
}

}  // namespace kemid::tm
