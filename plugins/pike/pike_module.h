#pragma once
// pike's runtime state: the address tree, the timer that ends sampling
// units and removes idle addresses, and the blocked_ips statistic.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "core/log.h"
#include "core/module_abi.h"
#include "ip_tree.h"

namespace kemid {
class StatisticsRegistry;
}

namespace kemid::pike {

struct PikeSettings {
  std::int64_t samplingTimeUnit = 2;   // seconds
  std::uint32_t density = 30;          // reqs_density_per_unit
  std::int64_t removeLatency = 120;    // seconds
  LogLevel logLevel = LogLevel::Warn;  // pike_log_level
};

// The bytes of an IPv4 or IPv6 address in text form; nullopt if it is neither.
std::optional<std::vector<std::uint8_t>> addressBytes(std::string_view text);
// `bytes` (4 or 16) as text.
std::string addressText(std::span<const std::uint8_t> bytes);

class PikeModule final : public ModuleState {
 public:
  using Clock = std::function<std::int64_t()>;  // seconds, monotonic

  // Without a clock, the steady clock in seconds.
  explicit PikeModule(PikeSettings settings, Clock clock = {});
  ~PikeModule() override;

  // One request from `address` (4 or 16 bytes): logs and counts a newly
  // blocked address.
  Verdict check(std::span<const std::uint8_t> address);

  // What the timer does each second; the sampling unit ends every
  // sampling_time_unit seconds. Public for the tests.
  void tick();

  // Starts / stops the timer thread.
  void startTimer();
  void stopTimer();

  const IpTree& tree() const { return tree_; }
  std::int64_t now() const { return clock_(); }
  void registerStatistics(StatisticsRegistry& registry);

 private:
  PikeSettings settings_;
  Clock clock_;
  IpTree tree_;
  std::atomic<std::uint64_t> blockedIps_{0};
  std::int64_t ticks_ = 0;  // timer thread only

  std::mutex timerLock_;
  std::condition_variable timerWake_;
  bool stopping_ = false;
  std::thread timer_;
};

}  // namespace kemid::pike
