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
};

class UsrlocModule final : public ModuleState, public UsrlocApi {
 public:
  using Clock = std::function<std::int64_t()>;

  explicit UsrlocModule(UsrlocSettings settings, Clock clock = {});
  ~UsrlocModule() override;

  LocationTable* table(std::string_view name) override;
  bool useDomain() const override { return settings_.useDomain; }
  std::uint32_t natFlagMask() const override { return settings_.natFlagMask; }
  MatchingMode matchingMode() const override { return settings_.matchingMode; }
  std::int64_t now() const override { return clock_(); }
  std::string newRuid() override;

  // Every table, in name order (ul.dump).
  std::vector<LocationTable*> tables();

  // Starts / stops the expiry timer thread (timer_interval).
  void startTimer();
  void stopTimer();
  // One timer round: removes what expired in every table.
  std::size_t expireNow();

  // usrloc's statistics: registered_users, and per table
  // <table>-users, <table>-contacts, <table>-expires.
  void registerStatistics(StatisticsRegistry& registry);

 private:
  UsrlocSettings settings_;
  Clock clock_;
  std::map<std::string, std::unique_ptr<LocationTable>, std::less<>> tables_;
  std::atomic<std::uint64_t> ruidCounter_{0};
  std::string ruidPrefix_;

  std::mutex timerLock_;
  std::condition_variable timerWake_;
  bool stopping_ = false;
  std::thread timer_;
};

}  // namespace kemid::usrloc
