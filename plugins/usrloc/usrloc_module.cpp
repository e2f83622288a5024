#include "usrloc_module.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "cached_location_table.h"
#include "core/log.h"
#include "core/statistics_registry.h"
#include "core/thread_name.h"
#include "db_only_location_table.h"
#include "memory_location_table.h"

namespace kemid::usrloc {

namespace {

constexpr Logger kLog{"usrloc"};

std::int64_t systemNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

UsrlocModule::UsrlocModule(UsrlocSettings settings, Clock clock,
                           std::unique_ptr<db::DbConnection> database)
    : settings_(std::move(settings)),
      clock_(clock ? std::move(clock) : Clock(&systemNow)),
      database_(std::move(database)) {
  const MemoryLocationTable::Limits limits{.shards = settings_.shards};
  for (const std::string& name : settings_.preload) {
    if (tables_.contains(name)) continue;
    std::unique_ptr<LocationTable> table;
    if (settings_.dbMode == 0 || !database_) {
      table = std::make_unique<MemoryLocationTable>(name, limits, settings_.newestFirst);
    } else if (settings_.dbMode == 3) {
      table = std::make_unique<DbOnlyLocationTable>(
          name, settings_.newestFirst, LocationDb(*database_, name, settings_.database));
    } else {
      table = std::make_unique<CachedLocationTable>(
          name, limits, settings_.newestFirst, LocationDb(*database_, name, settings_.database),
          settings_.dbMode == 1 ? WriteMode::Through : WriteMode::Back);
    }
    tables_.emplace(name, std::move(table));
  }
  // Kamailio's ruid: "uloc-<start time>-<pid>-<counter>", unique across
  // restarts and processes.
  char prefix[48];
  std::snprintf(prefix, sizeof prefix, "uloc-%llx-%x-", static_cast<unsigned long long>(clock_()),
                static_cast<unsigned>(getpid()));
  ruidPrefix_ = prefix;
}

UsrlocModule::~UsrlocModule() {
  stopTimer();
}

LocationTable* UsrlocModule::table(std::string_view name) {
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : it->second.get();
}

std::string UsrlocModule::newRuid() {
  return ruidPrefix_ + std::to_string(ruidCounter_.fetch_add(1, std::memory_order_relaxed) + 1);
}

std::vector<LocationTable*> UsrlocModule::tables() {
  std::vector<LocationTable*> all;
  for (auto& [name, table] : tables_) all.push_back(table.get());
  return all;
}

bool UsrlocModule::loadFromDatabase() {
  if (!settings_.dbLoad) return true;
  bool loaded = true;
  for (auto& [name, table] : tables_) {
    if (auto* cached = dynamic_cast<CachedLocationTable*>(table.get())) {
      loaded = cached->load(now()) && loaded;
    }
  }
  return loaded;
}

bool UsrlocModule::flushAll() {
  bool flushed = true;
  for (auto& [name, table] : tables_) flushed = table->flush() && flushed;
  return flushed;
}

std::size_t UsrlocModule::expireNow() {
  flushAll();
  const std::int64_t at = now();
  std::size_t removed = 0;
  for (auto& [name, table] : tables_) removed += table->removeExpired(at);
  if (removed > 0) kLog.dbg("removed ", removed, " expired contacts");
  return removed;
}

void UsrlocModule::startTimer() {
  if (settings_.timerIntervalSeconds <= 0 || timer_.joinable()) return;
  timer_ = std::thread([this] {
    nameThisThread("usrloc-timer");
    std::unique_lock guard(timerLock_);
    const auto interval = std::chrono::seconds(settings_.timerIntervalSeconds);
    while (!timerWake_.wait_for(guard, interval, [this] { return stopping_; })) {
      guard.unlock();
      expireNow();
      guard.lock();
    }
  });
}

void UsrlocModule::stopTimer() {
  {
    std::lock_guard guard(timerLock_);
    stopping_ = true;
  }
  timerWake_.notify_all();
  if (timer_.joinable()) timer_.join();
}

void UsrlocModule::registerStatistics(StatisticsRegistry& registry) {
  registry.addStatistic("usrloc", "registered_users", [this] {
    std::uint64_t users = 0;
    for (auto& [name, table] : tables_) users += table->aorCount();
    return users;
  });
  for (auto& [name, table] : tables_) {
    LocationTable* t = table.get();
    registry.addStatistic("usrloc", name + "_users", [t] { return std::uint64_t{t->aorCount()}; });
    registry.addStatistic("usrloc", name + "_contacts",
                          [t] { return std::uint64_t{t->bindingCount()}; });
    registry.addStatistic("usrloc", name + "_expires", [t] { return t->expiredCount(); });
  }
}

}  // namespace kemid::usrloc
