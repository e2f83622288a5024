#pragma once
// The location table in memory (usrloc db_mode 0): AoRs hashed over shards,
// each with its own lock, so that registrations of different users do not
// wait for each other. Bounded: past maxAors new AoRs are refused.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "location_table.h"

namespace kemid::usrloc {

class MemoryLocationTable final : public LocationTable {
 public:
  // What update() returns when a new AoR does not fit.
  static constexpr int kTableFull = -1000;

  struct Limits {
    std::size_t shards = 1024;      // usrloc's hash_size, as a count
    std::size_t maxAors = 1 << 22;  // AoRs the table accepts
  };

  MemoryLocationTable(std::string name, Limits limits, bool newestFirst);

  std::vector<Binding> find(std::string_view aor, std::int64_t now) const override;
  int update(std::string_view aor, std::int64_t now, const Edit& edit) override;
  bool removeAor(std::string_view aor) override;
  std::vector<AorBindings> snapshot() const override;
  std::vector<AorBindings> snapshotShare(std::size_t part, std::size_t parts) const override;
  std::size_t removeExpired(std::int64_t now) override;
  void clear() override;

  std::size_t aorCount() const override { return aors_.load(std::memory_order_relaxed); }
  std::size_t bindingCount() const override { return bindings_.load(std::memory_order_relaxed); }
  std::uint64_t expiredCount() const override { return expired_.load(std::memory_order_relaxed); }

 private:
  struct Shard {
    mutable std::mutex lock;
    std::map<std::string, std::vector<Binding>, std::less<>> records;
  };

  Shard& shardOf(std::string_view aor) const;

  std::size_t maxAors_;
  bool newestFirst_;
  std::unique_ptr<Shard[]> shards_;
  std::size_t shardCount_;
  std::atomic<std::size_t> aors_{0};
  std::atomic<std::size_t> bindings_{0};
  std::atomic<std::uint64_t> expired_{0};
};

}  // namespace kemid::usrloc
