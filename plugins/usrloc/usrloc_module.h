#pragma once
// usrloc's runtime state: the location tables, the expiry timer and the
// statistics; published to registrar as UsrlocApi.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/module_abi.h"
#include "db/db_connection.h"
#include "location_db.h"
#include "location_table.h"
#include "usrloc_api.h"

namespace kemid {
class StatisticsRegistry;
}

namespace kemid::usrloc {

struct UsrlocSettings {
  std::vector<std::string> preload;  // tables to create at start
  bool useDomain = false;
  std::uint32_t natFlagMask = 0;
  MatchingMode matchingMode = MatchingMode::Contact;
  bool newestFirst = false;       // desc_time_order
  std::size_t shards = 1024;      // 2^hash_size
  int timerIntervalSeconds = 60;  // timer_interval; 0: no timer
  // 0 memory, 1 write-through, 2 write-back, 3 database only.
  int dbMode = 0;
  bool dbLoad = true;  // db_load: preload's tables read from the database at start
  LocationDbOptions database = {};
};

class UsrlocModule final : public ModuleState, public UsrlocApi {
 public:
  using Clock = std::function<std::int64_t()>;

  // `database` is the db_url's connection, null for db_mode 0.
  explicit UsrlocModule(UsrlocSettings settings, Clock clock = {},
                        std::unique_ptr<db::DbConnection> database = {});
  ~UsrlocModule() override;

  LocationTable* table(std::string_view name) override;
  bool useDomain() const override { return settings_.useDomain; }
  std::uint32_t natFlagMask() const override { return settings_.natFlagMask; }
  MatchingMode matchingMode() const override { return settings_.matchingMode; }
  std::int64_t now() const override { return clock_(); }
  std::string newRuid() override;

  // Every table, in name order (ul.dump).
  std::vector<LocationTable*> tables() override;

  // Starts / stops the expiry timer thread (timer_interval).
  void startTimer();
  void stopTimer();
  // One timer round: flushes cached changes (db_mode 2), then removes what
  // expired in every table (and its database rows).
  std::size_t expireNow();

  // db_mode 1, 2 with db_load: every table's rows not yet expired read
  // into memory; false when a table cannot be read (logged).
  bool loadFromDatabase();
  // Writes every table's cached changes (db_mode 2; ul.flush, shutdown);
  // false when some could not be written.
  bool flushAll();

  // usrloc's statistics: registered_users, and per table
  // <table>-users, <table>-contacts, <table>-expires.
  void registerStatistics(StatisticsRegistry& registry);

 private:
  UsrlocSettings settings_;
  Clock clock_;
  std::unique_ptr<db::DbConnection> database_;  // before the tables using it
  std::map<std::string, std::unique_ptr<LocationTable>, std::less<>> tables_;
  std::atomic<std::uint64_t> ruidCounter_{0};
  std::string ruidPrefix_;

  std::mutex timerLock_;
  std::condition_variable timerWake_;
  bool stopping_ = false;
  std::thread timer_;
};

}  // namespace kemid::usrloc
