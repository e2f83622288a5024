#include "cached_location_table.h"

#include <functional>

#include "core/log.h"

namespace kemid::usrloc {

namespace {

constexpr Logger kLog{"usrloc"};

}  // namespace

CachedLocationTable::CachedLocationTable(std::string name, MemoryLocationTable::Limits limits,
                                         bool newestFirst, LocationDb database, WriteMode mode)
    : LocationTable(name),
      memory_(std::move(name), limits, newestFirst),
      database_(std::move(database)),
      mode_(mode) {}

bool CachedLocationTable::load(std::int64_t now) {
  auto rows = database_.loadAll();
  if (!rows) {
    kLog.err("cannot preload table ", this->name(), ": ", rows.error());
    return false;
  }
  std::size_t loaded = 0;
  for (AorBindings& record : rows.value()) {
    std::erase_if(record.bindings, [now](const Binding& b) { return !b.validAt(now); });
    if (record.bindings.empty()) continue;
    loaded += record.bindings.size();
    memory_.update(record.aor, now, [&](std::vector<Binding>& bs) {
      bs = std::move(record.bindings);
      return 0;
    });
  }
  kLog.info("table ", this->name(), ": ", loaded, " contacts loaded from the database");
  return true;
}

std::mutex& CachedLocationTable::writeOrderOf(std::string_view aor) {
  return writeOrder_[std::hash<std::string_view>{}(aor) % writeOrder_.size()];
}

CachedLocationTable::Changes CachedLocationTable::diff(std::string_view aor,
                                                       const std::vector<Binding>& before,
                                                       const std::vector<Binding>& after) {
  Changes changes;
  std::map<std::string_view, const Binding*> old;
  for (const Binding& b : before) old.emplace(b.ruid, &b);
  for (const Binding& b : after) {
    auto it = old.find(b.ruid);
    if (it == old.end() || !(*it->second == b)) {
      changes[b.ruid] = Pending{std::string(aor), b};
    }
    if (it != old.end()) old.erase(it);
  }
  for (const auto& [ruid, binding] : old) {
    changes[std::string(ruid)] = Pending{std::string(aor), std::nullopt};
  }
  return changes;
}

CachedLocationTable::Changes CachedLocationTable::write(Changes changes) {
  Changes failed;
  bool down = false;
  for (auto& [ruid, change] : changes) {
    // Past the first failure the database is taken as down: each further
    // call would wait its whole timeout.
    if (!down) {
      auto written = change.binding ? database_.write(change.aor, *change.binding)
                                    : database_.removeRuid(ruid);
      if (written) continue;
      kLog.err("table ", name(), ": cannot write contact of ", change.aor, ": ", written.error());
      down = true;
    }
    failed.emplace(ruid, std::move(change));
  }
  return failed;
}

std::vector<Binding> CachedLocationTable::find(std::string_view aor, std::int64_t now) const {
  return memory_.find(aor, now);
}

int CachedLocationTable::update(std::string_view aor, std::int64_t now, const Edit& edit) {
  std::lock_guard order(writeOrderOf(aor));
  std::vector<Binding> before;
  std::vector<Binding> after;
  const int result = memory_.update(aor, now, [&](std::vector<Binding>& bindings) {
    before = bindings;
    const int edited = edit(bindings);
    after = bindings;
    return edited;
  });
  if (result == MemoryLocationTable::kTableFull) return result;
  Changes changes = diff(aor, before, after);
  if (changes.empty()) return result;
  if (mode_ == WriteMode::Back) {
    std::lock_guard guard(pendingLock_);
    for (auto& [ruid, change] : changes) pending_.insert_or_assign(ruid, std::move(change));
    return result;
  }
  if (write(std::move(changes)).empty()) return result;
  // Undone: a contact whose save was answered 500 is not found (Kamailio
  // drops a new AoR's contact so too).
  memory_.update(aor, now, [&](std::vector<Binding>& bindings) {
    bindings = before;
    return 0;
  });
  return kDatabaseError;
}

bool CachedLocationTable::removeAor(std::string_view aor) {
  std::lock_guard order(writeOrderOf(aor));
  std::vector<Binding> removed;
  memory_.update(aor, 0, [&](std::vector<Binding>& bindings) {
    removed = std::move(bindings);
    bindings.clear();
    return 0;
  });
  if (mode_ == WriteMode::Back) {
    std::lock_guard guard(pendingLock_);
    for (const Binding& b : removed) {
      pending_.insert_or_assign(b.ruid, Pending{std::string(aor), std::nullopt});
    }
  } else if (auto gone = database_.removeAor(aor); !gone) {
    kLog.err("table ", name(), ": cannot remove ", aor, ": ", gone.error());
  }
  return !removed.empty();
}

std::vector<AorBindings> CachedLocationTable::snapshot() const {
  return memory_.snapshot();
}

std::vector<AorBindings> CachedLocationTable::snapshotShare(std::size_t part,
                                                            std::size_t parts) const {
  return memory_.snapshotShare(part, parts);
}

std::size_t CachedLocationTable::removeExpired(std::int64_t now) {
  const std::size_t removed = memory_.removeExpired(now);
  if (auto gone = database_.removeExpired(now); !gone) {
    kLog.err("table ", name(), ": cannot remove expired contacts: ", gone.error());
  }
  return removed;
}

void CachedLocationTable::clear() {
  memory_.clear();
  {
    std::lock_guard guard(pendingLock_);
    pending_.clear();
  }
  if (auto gone = database_.removeAll(); !gone) {
    kLog.err("table ", name(), ": cannot empty: ", gone.error());
  }
}

bool CachedLocationTable::flush() {
  std::lock_guard one(flushLock_);
  Changes queued;
  {
    std::lock_guard guard(pendingLock_);
    queued.swap(pending_);
  }
  if (queued.empty()) return true;
  Changes failed = write(std::move(queued));
  if (failed.empty()) return true;
  std::lock_guard guard(pendingLock_);
  // A change made since the swap is newer than the failed one.
  for (auto& [ruid, change] : failed) pending_.try_emplace(ruid, std::move(change));
  return false;
}

}  // namespace kemid::usrloc
