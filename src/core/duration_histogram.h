#pragma once
// A histogram of durations kept in atomics: recording is a bucket search
// over a constexpr table and two relaxed increments, no lock and no
// allocation, so it can sit on the message path. The metrics endpoint reads
// it at scrape time.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace kemid {

class DurationHistogram {
 public:
  // Upper bounds in seconds (Prometheus "le"), then +Inf.
  static constexpr std::array<double, 10> kBounds{0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                                  0.005,  0.01,    0.025,  0.05,  0.1};

  void record(std::chrono::nanoseconds elapsed) {
    double seconds = std::chrono::duration<double>(elapsed).count();
    std::size_t bucket = 0;
    while (bucket < kBounds.size() && seconds > kBounds[bucket]) ++bucket;
    counts_[bucket].fetch_add(1, std::memory_order_relaxed);
    sumNs_.fetch_add(static_cast<std::uint64_t>(elapsed.count()), std::memory_order_relaxed);
  }

  // Observations in bucket i alone (not cumulative); i == kBounds.size() is +Inf.
  std::uint64_t bucketCount(std::size_t i) const {
    return counts_[i].load(std::memory_order_relaxed);
  }
  double sumSeconds() const {
    return static_cast<double>(sumNs_.load(std::memory_order_relaxed)) / 1e9;
  }

 private:
  std::array<std::atomic<std::uint64_t>, kBounds.size() + 1> counts_{};
  std::atomic<std::uint64_t> sumNs_{0};
};

}  // namespace kemid
