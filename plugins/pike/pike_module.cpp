#include "pike_module.h"

#include <arpa/inet.h>

#include <array>
#include <chrono>
#include <string>

#include "core/statistics_registry.h"
#include "core/thread_name.h"

namespace kemid::pike {
namespace {

const Logger kLog{"pike"};

std::int64_t steadySeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::optional<std::vector<std::uint8_t>> addressBytes(std::string_view text) {
  const std::string zeroEnded(text);
  std::array<std::uint8_t, 16> bytes{};
  if (inet_pton(AF_INET, zeroEnded.c_str(), bytes.data()) == 1) {
    return std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 4);
  }
  if (inet_pton(AF_INET6, zeroEnded.c_str(), bytes.data()) == 1) {
    return std::vector<std::uint8_t>(bytes.begin(), bytes.end());
  }
  return std::nullopt;
}

std::string addressText(std::span<const std::uint8_t> bytes) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  const int family = bytes.size() == 4 ? AF_INET : AF_INET6;
  if (bytes.size() != 4 && bytes.size() != 16) return {};
  if (inet_ntop(family, bytes.data(), text.data(), text.size()) == nullptr) return {};
  return text.data();
}

PikeModule::PikeModule(PikeSettings settings, Clock clock)
    : settings_(settings),
      clock_(clock ? std::move(clock) : Clock(&steadySeconds)),
      tree_(settings.density, settings.removeLatency) {}

PikeModule::~PikeModule() {
  stopTimer();
}

Verdict PikeModule::check(std::span<const std::uint8_t> address) {
  const Verdict verdict = tree_.hit(address, clock_());
  if (verdict == Verdict::NewlyBlocked) {
    kLog.log(settings_.logLevel, "PIKE - BLOCKing ip ", addressText(address));
    blockedIps_.fetch_add(1, std::memory_order_relaxed);
  }
  return verdict;
}

void PikeModule::tick() {
  ++ticks_;
  tree_.removeExpired(clock_());
  if (settings_.samplingTimeUnit > 0 && ticks_ % settings_.samplingTimeUnit == 0) {
    tree_.endSamplingUnit([this](std::span<const std::uint8_t> address) {
      kLog.log(settings_.logLevel, "PIKE - UNBLOCKing ip ", addressText(address));
    });
  }
}

void PikeModule::startTimer() {
  if (timer_.joinable()) return;
  timer_ = std::thread([this] {
    nameThisThread("pike-timer");
    std::unique_lock guard(timerLock_);
    auto next = std::chrono::steady_clock::now();
    for (;;) {
      next += std::chrono::seconds(1);
      if (timerWake_.wait_until(guard, next, [this] { return stopping_; })) return;
      guard.unlock();
      tick();
      guard.lock();
    }
  });
}

void PikeModule::stopTimer() {
  {
    std::lock_guard guard(timerLock_);
    stopping_ = true;
  }
  timerWake_.notify_all();
  if (timer_.joinable()) timer_.join();
}

void PikeModule::registerStatistics(StatisticsRegistry& registry) {
  registry.addStatistic("pike", "blocked_ips", blockedIps_);
}

}  // namespace kemid::pike
