#pragma once
// A location table (Kamailio's usrloc domain, "location"): the bindings of
// each address of record. An interface, so that the memory table (db_mode
// 0) and a database-backed one can stand behind the same calls. Every call
// is thread-safe; none runs foreign code while a lock is held except the
// edit callback of update(), which must only change the vector it gets.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "binding.h"

namespace kemid::usrloc {

// What LocationTable::update returns when the database refused to store
// the change (db_mode 1, 3; logged): nothing was changed.
inline constexpr int kDatabaseError = -1001;

// The bindings of one address of record, best first (q order).
struct AorBindings {
  std::string aor;
  std::vector<Binding> bindings;
};

class LocationTable {
 public:
  virtual ~LocationTable() = default;

  const std::string& name() const { return name_; }

  // The bindings of `aor` valid at `now`, best first; empty when none.
  virtual std::vector<Binding> find(std::string_view aor, std::int64_t now) const = 0;

  // Runs `edit` on the bindings of `aor` (expired ones already dropped;
  // empty for a new AoR) under the record's lock and stores the result,
  // sorted best first; an AoR left without bindings is removed. Returns
  // what edit returned.
  using Edit = std::function<int(std::vector<Binding>& bindings)>;
  virtual int update(std::string_view aor, std::int64_t now, const Edit& edit) = 0;

  // Removes the AoR with all its bindings; false when it had none.
  virtual bool removeAor(std::string_view aor) = 0;

  // Every AoR with its bindings (expired ones included, as ul.dump shows
  // them until the timer removes them), in no particular order.
  virtual std::vector<AorBindings> snapshot() const = 0;

  // The part of snapshot() whose AoRs fall in share `part` of `parts`
  // (aorShare): what nathelper pings in one second of its interval, so that
  // one call copies only that share. The default filters snapshot().
  // Inline, as every member here: LocationTable has no key function, so
  // each plugin has its vtable and type info (UBSan's vptr check in
  // registrar needs them; usrloc.so does not export its own).
  virtual std::vector<AorBindings> snapshotShare(std::size_t part, std::size_t parts) const;

  // Removes the bindings expired at `now`; returns how many.
  virtual std::size_t removeExpired(std::int64_t now) = 0;

  // Removes everything (ul.flush in db_mode 0 has nothing to write; kemid's
  // tests and ul.rm use it).
  virtual void clear() = 0;

  // Writes cached changes to the database (db_mode 2; ul.flush, the timer,
  // shutdown); false when some could not be written (they stay queued).
  virtual bool flush() { return true; }

  virtual std::size_t aorCount() const = 0;
  virtual std::size_t bindingCount() const = 0;
  // Bindings removed by expiry since start (usrloc's location_expires).
  virtual std::uint64_t expiredCount() const = 0;

 protected:
  explicit LocationTable(std::string name) : name_(std::move(name)) {}

 private:
  std::string name_;
};

// Which of `parts` shares (0 .. parts-1) the AoR falls in.
inline std::size_t aorShare(std::string_view aor, std::size_t parts) {
  return parts <= 1 ? 0 : std::hash<std::string_view>{}(aor) % parts;
}

inline std::vector<AorBindings> LocationTable::snapshotShare(std::size_t part,
                                                             std::size_t parts) const {
  std::vector<AorBindings> share = snapshot();
  std::erase_if(share, [&](const AorBindings& r) { return aorShare(r.aor, parts) != part; });
  return share;
}

// Sorts bindings best first (higher q first, a binding without q last),
// keeping the order of equal ones; with `newestFirst` (usrloc's
// desc_time_order) the most recently modified come first instead.
void sortBindings(std::vector<Binding>& bindings, bool newestFirst);

}  // namespace kemid::usrloc
