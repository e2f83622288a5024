#pragma once
// A location table that lives only in the database (usrloc db_mode 3): no
// memory cache, every lookup reads the table. A change reads the AoR's
// rows, edits them and writes back what changed (by ruid); writers of AoRs
// hashing alike wait for each other (a write-order lock, not held by
// readers), so two REGISTERs of one AoR do not lose each other's change.

#include <array>
#include <atomic>
#include <mutex>

#include "location_db.h"

namespace kemid::usrloc {

class DbOnlyLocationTable final : public LocationTable {
 public:
  DbOnlyLocationTable(std::string name, bool newestFirst, LocationDb database);

  // A database that cannot be read finds nothing (logged).
  std::vector<Binding> find(std::string_view aor, std::int64_t now) const override;
  int update(std::string_view aor, std::int64_t now, const Edit& edit) override;
  bool removeAor(std::string_view aor) override;
  std::vector<AorBindings> snapshot() const override;
  std::size_t removeExpired(std::int64_t now) override;
  void clear() override;

  // Counted in the database (0 when it cannot be read).
  std::size_t aorCount() const override;
  std::size_t bindingCount() const override;
  std::uint64_t expiredCount() const override { return expired_.load(std::memory_order_relaxed); }

 private:
  std::mutex& writeOrderOf(std::string_view aor);

  bool newestFirst_;
  mutable LocationDb database_;  // const reads still query
  std::array<std::mutex, 64> writeOrder_;
  std::atomic<std::uint64_t> expired_{0};
};

}  // namespace kemid::usrloc
