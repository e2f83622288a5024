#include "memory_location_table.h"

#include <algorithm>
#include <functional>

namespace kemid::usrloc {

void sortBindings(std::vector<Binding>& bindings, bool newestFirst) {
  if (newestFirst) {
    std::stable_sort(bindings.begin(), bindings.end(), [](const Binding& a, const Binding& b) {
      return a.lastModified > b.lastModified;
    });
    return;
  }
  std::stable_sort(bindings.begin(), bindings.end(),
                   [](const Binding& a, const Binding& b) { return a.q > b.q; });
}

MemoryLocationTable::MemoryLocationTable(std::string name, Limits limits, bool newestFirst)
    : LocationTable(std::move(name)),
      maxAors_(limits.maxAors),
      newestFirst_(newestFirst),
      shards_(std::make_unique<Shard[]>(std::max<std::size_t>(limits.shards, 1))),
      shardCount_(std::max<std::size_t>(limits.shards, 1)) {}

MemoryLocationTable::Shard& MemoryLocationTable::shardOf(std::string_view aor) const {
  return shards_[std::hash<std::string_view>{}(aor) % shardCount_];
}

std::vector<Binding> MemoryLocationTable::find(std::string_view aor, std::int64_t now) const {
  Shard& shard = shardOf(aor);
  std::vector<Binding> found;
  std::lock_guard guard(shard.lock);
  auto it = shard.records.find(aor);
  if (it == shard.records.end()) return found;
  for (const Binding& binding : it->second) {
    if (binding.validAt(now)) found.push_back(binding);
  }
  return found;
}

int MemoryLocationTable::update(std::string_view aor, std::int64_t now, const Edit& edit) {
  Shard& shard = shardOf(aor);
  std::lock_guard guard(shard.lock);
  auto it = shard.records.find(aor);
  std::vector<Binding> bindings;
  std::size_t before = 0;
  if (it != shard.records.end()) {
    before = it->second.size();
    for (Binding& binding : it->second) {
      if (binding.validAt(now)) bindings.push_back(std::move(binding));
    }
    expired_.fetch_add(before - bindings.size(), std::memory_order_relaxed);
  }
  const int result = edit(bindings);
  if (bindings.empty()) {
    if (it != shard.records.end()) {
      shard.records.erase(it);
      aors_.fetch_sub(1, std::memory_order_relaxed);
    }
    bindings_.fetch_sub(before, std::memory_order_relaxed);
    return result;
  }
  if (it == shard.records.end()) {
    if (aors_.load(std::memory_order_relaxed) >= maxAors_) return kTableFull;
    it = shard.records.emplace(std::string(aor), std::vector<Binding>{}).first;
    aors_.fetch_add(1, std::memory_order_relaxed);
  }
  sortBindings(bindings, newestFirst_);
  bindings_.fetch_add(bindings.size(), std::memory_order_relaxed);
  bindings_.fetch_sub(before, std::memory_order_relaxed);
  it->second = std::move(bindings);
  return result;
}

bool MemoryLocationTable::removeAor(std::string_view aor) {
  Shard& shard = shardOf(aor);
  std::lock_guard guard(shard.lock);
  auto it = shard.records.find(aor);
  if (it == shard.records.end()) return false;
  bindings_.fetch_sub(it->second.size(), std::memory_order_relaxed);
  aors_.fetch_sub(1, std::memory_order_relaxed);
  shard.records.erase(it);
  return true;
}

std::vector<AorBindings> MemoryLocationTable::snapshot() const {
  std::vector<AorBindings> all;
  for (std::size_t i = 0; i < shardCount_; ++i) {
    std::lock_guard guard(shards_[i].lock);
    for (const auto& [aor, bindings] : shards_[i].records) all.push_back({aor, bindings});
  }
  return all;
}

std::vector<AorBindings> MemoryLocationTable::snapshotShare(std::size_t part,
                                                            std::size_t parts) const {
  std::vector<AorBindings> share;
  for (std::size_t i = 0; i < shardCount_; ++i) {
    std::lock_guard guard(shards_[i].lock);
    for (const auto& [aor, bindings] : shards_[i].records) {
      if (aorShare(aor, parts) == part) share.push_back({aor, bindings});
    }
  }
  return share;
}

std::size_t MemoryLocationTable::removeExpired(std::int64_t now) {
  std::size_t removed = 0;
  for (std::size_t i = 0; i < shardCount_; ++i) {
    Shard& shard = shards_[i];
    std::lock_guard guard(shard.lock);
    for (auto it = shard.records.begin(); it != shard.records.end();) {
      auto& bindings = it->second;
      const std::size_t before = bindings.size();
      std::erase_if(bindings, [now](const Binding& b) { return !b.validAt(now); });
      removed += before - bindings.size();
      if (bindings.empty()) {
        it = shard.records.erase(it);
        aors_.fetch_sub(1, std::memory_order_relaxed);
      } else {
        ++it;
      }
    }
  }
  bindings_.fetch_sub(removed, std::memory_order_relaxed);
  expired_.fetch_add(removed, std::memory_order_relaxed);
  return removed;
}

void MemoryLocationTable::clear() {
  for (std::size_t i = 0; i < shardCount_; ++i) {
    std::lock_guard guard(shards_[i].lock);
    for (const auto& [aor, bindings] : shards_[i].records) {
      bindings_.fetch_sub(bindings.size(), std::memory_order_relaxed);
      aors_.fetch_sub(1, std::memory_order_relaxed);
    }
    shards_[i].records.clear();
  }
}

}  // namespace kemid::usrloc
