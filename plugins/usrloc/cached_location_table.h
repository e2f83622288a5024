#pragma once
// A location table kept in memory and in the database (usrloc db_mode 1
// write-through, 2 write-back). Reads (find, snapshot, lookups) only ever
// see memory, so a database that is down does not stop them. A change is
// made in memory first; what it changed (bindings added, refreshed,
// removed, found by ruid) is then written at once (write-through) or queued
// for flush() (write-back).
//
// No database call runs under the memory table's locks. Changes to the
// same AoR are written in the order they were made: a writer holds one of
// a few write-order locks (by AoR hash) from its memory change until its
// database write ends, which only writers of AoRs hashing alike wait for.

#include <array>
#include <map>
#include <mutex>
#include <optional>

#include "location_db.h"
#include "memory_location_table.h"

namespace kemid::usrloc {

enum class WriteMode { Through, Back };

class CachedLocationTable final : public LocationTable {
 public:
  CachedLocationTable(std::string name, MemoryLocationTable::Limits limits, bool newestFirst,
                      LocationDb database, WriteMode mode);

  // Loads the table's rows not expired at `now` into memory (preload);
  // false when the database cannot be read (logged).
  bool load(std::int64_t now);

  std::vector<Binding> find(std::string_view aor, std::int64_t now) const override;
  int update(std::string_view aor, std::int64_t now, const Edit& edit) override;
  bool removeAor(std::string_view aor) override;
  std::vector<AorBindings> snapshot() const override;
  std::vector<AorBindings> snapshotShare(std::size_t part, std::size_t parts) const override;
  // Memory, then the expired rows of the database.
  std::size_t removeExpired(std::int64_t now) override;
  void clear() override;
  bool flush() override;

  std::size_t aorCount() const override { return memory_.aorCount(); }
  std::size_t bindingCount() const override { return memory_.bindingCount(); }
  std::uint64_t expiredCount() const override { return memory_.expiredCount(); }

 private:
  // A queued write-back change of one binding: its new state, or removal.
  struct Pending {
    std::string aor;
    std::optional<Binding> binding;
  };
  using Changes = std::map<std::string, Pending>;  // by ruid

  std::mutex& writeOrderOf(std::string_view aor);
  // The changes from `before` to `after`, by ruid.
  static Changes diff(std::string_view aor, const std::vector<Binding>& before,
                      const std::vector<Binding>& after);
  // Writes `changes`; those that failed (or were not tried after a
  // failure) are returned.
  Changes write(Changes changes);

  MemoryLocationTable memory_;
  LocationDb database_;
  WriteMode mode_;
  std::array<std::mutex, 64> writeOrder_;

  std::mutex pendingLock_;  // never held across a database call
  Changes pending_;
  std::mutex flushLock_;  // one flush at a time, so queued changes keep their order
};

}  // namespace kemid::usrloc
