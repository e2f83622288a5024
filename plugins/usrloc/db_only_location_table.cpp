#include "db_only_location_table.h"

#include <functional>
#include <map>

#include "core/log.h"

namespace kemid::usrloc {

namespace {

constexpr Logger kLog{"usrloc"};

}  // namespace

DbOnlyLocationTable::DbOnlyLocationTable(std::string name, bool newestFirst, LocationDb database)
    : LocationTable(std::move(name)), newestFirst_(newestFirst), database_(std::move(database)) {}

std::mutex& DbOnlyLocationTable::writeOrderOf(std::string_view aor) {
  return writeOrder_[std::hash<std::string_view>{}(aor) % writeOrder_.size()];
}

std::vector<Binding> DbOnlyLocationTable::find(std::string_view aor, std::int64_t now) const {
  auto rows = database_.find(aor);
  if (!rows) {
    kLog.err("table ", name(), ": cannot look up ", aor, ": ", rows.error());
    return {};
  }
  std::vector<Binding> found = std::move(rows.value());
  std::erase_if(found, [now](const Binding& b) { return !b.validAt(now); });
  sortBindings(found, newestFirst_);
  return found;
}

int DbOnlyLocationTable::update(std::string_view aor, std::int64_t now, const Edit& edit) {
  std::lock_guard order(writeOrderOf(aor));
  auto rows = database_.find(aor);
  if (!rows) {
    kLog.err("table ", name(), ": cannot read ", aor, ": ", rows.error());
    return kDatabaseError;
  }
  std::vector<Binding> bindings = std::move(rows.value());
  std::erase_if(bindings, [now](const Binding& b) { return !b.validAt(now); });
  sortBindings(bindings, newestFirst_);
  std::map<std::string, Binding> before;
  for (const Binding& b : bindings) before.emplace(b.ruid, b);
  const int result = edit(bindings);
  for (const Binding& b : bindings) {
    auto it = before.find(b.ruid);
    const bool unchanged = it != before.end() && it->second == b;
    if (it != before.end()) before.erase(it);
    if (unchanged) continue;
    if (auto written = database_.write(aor, b); !written) {
      kLog.err("table ", name(), ": cannot write contact of ", aor, ": ", written.error());
      return kDatabaseError;
    }
  }
  for (const auto& [ruid, gone] : before) {
    if (auto removed = database_.removeRuid(ruid); !removed) {
      kLog.err("table ", name(), ": cannot remove contact of ", aor, ": ", removed.error());
      return kDatabaseError;
    }
  }
  return result;
}

bool DbOnlyLocationTable::removeAor(std::string_view aor) {
  std::lock_guard order(writeOrderOf(aor));
  auto removed = database_.removeAor(aor);
  if (!removed) {
    kLog.err("table ", name(), ": cannot remove ", aor, ": ", removed.error());
    return false;
  }
  return removed.value() > 0;
}

std::vector<AorBindings> DbOnlyLocationTable::snapshot() const {
  auto all = database_.loadAll();
  if (!all) {
    kLog.err("table ", name(), ": cannot read: ", all.error());
    return {};
  }
  for (AorBindings& record : all.value()) sortBindings(record.bindings, newestFirst_);
  return std::move(all.value());
}

std::size_t DbOnlyLocationTable::removeExpired(std::int64_t now) {
  auto removed = database_.removeExpired(now);
  if (!removed) {
    kLog.err("table ", name(), ": cannot remove expired contacts: ", removed.error());
    return 0;
  }
  expired_.fetch_add(removed.value(), std::memory_order_relaxed);
  return static_cast<std::size_t>(removed.value());
}

void DbOnlyLocationTable::clear() {
  if (auto gone = database_.removeAll(); !gone) {
    kLog.err("table ", name(), ": cannot empty: ", gone.error());
  }
}

std::size_t DbOnlyLocationTable::aorCount() const {
  auto count = database_.countAors();
  return count ? static_cast<std::size_t>(count.value()) : 0;
}

std::size_t DbOnlyLocationTable::bindingCount() const {
  auto count = database_.countRows();
  return count ? static_cast<std::size_t>(count.value()) : 0;
}

}  // namespace kemid::usrloc
