#pragma once
// The core's statistics registry. The core and the modules register what
// they count once, at init: Kamailio's statistics (`group:name = value`, for
// stats.* and /metrics) and kemid's own metrics (Prometheus families under
// kemid's names). Each entry is a reader of the counter where it lives
// (relaxed atomics), so nothing is added per message and the message path
// takes no lock; the registry's lock is taken only to register and to read
// (an RPC, a scrape). /metrics, the stats.* commands and kemictl read only
// this.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kemid {

class DurationHistogram;
class ExpositionShaper;

// One Kamailio statistic as read.
struct Statistic {
  std::string group;  // "core", "sl", "tmx"
  std::string name;   // "rcv_requests"
  std::uint64_t value = 0;
};

// Kamailio's selectors: "all", "group:" (the whole group), or a bare
// statistic name ("rcv_requests"; "core:rcv_requests" matches nothing).
bool statisticMatches(const Statistic& statistic, std::string_view selector);
// Whether any of `selectors` matches.
bool statisticMatchesAny(const Statistic& statistic, std::span<const std::string> selectors);

enum class MetricType { Counter, Gauge, Histogram };

// One series of a kemid metric, with at most one label.
struct MetricSample {
  std::string labelName;  // empty: no label
  std::string labelValue;
  double value = 0;                              // counters and gauges
  const DurationHistogram* histogram = nullptr;  // histograms

  static MetricSample unlabelled(double value) { return {{}, {}, value, nullptr}; }
  static MetricSample labelled(std::string name, std::string labelValue, double value) {
    return {std::move(name), std::move(labelValue), value, nullptr};
  }
  static MetricSample labelledHistogram(std::string name, std::string labelValue,
                                        const DurationHistogram& histogram) {
    return {std::move(name), std::move(labelValue), 0, &histogram};
  }
};

// A kemid metric as read: its family and its series now.
struct MetricReading {
  std::string name;
  std::string help;
  MetricType type = MetricType::Counter;
  std::vector<MetricSample> samples;
};

class StatisticsRegistry {
 public:
  using ValueReader = std::function<std::uint64_t()>;
  using SampleReader = std::function<void(std::vector<MetricSample>& out)>;

  // Who registered a metric: the core's are shown before the modules'.
  enum class Owner { Core, Module };

  // A Kamailio statistic read by `read`. `resettable`: stats.reset_statistics
  // may reset it (the core's; the modules' keep counting, as in Kamailio).
  void addStatistic(std::string group, std::string name, ValueReader read, bool resettable = false);
  // The same for a counter that outlives the registration.
  void addStatistic(std::string group, std::string name, const std::atomic<std::uint64_t>& counter,
                    bool resettable = false);

  // A metric under kemid's own name; `read` appends its series at read time.
  void addMetric(Owner owner, std::string name, std::string help, MetricType type,
                 SampleReader read);

  // Every statistic, by group then name (Kamailio's order), with the resets
  // of stats.reset_statistics applied.
  std::vector<Statistic> statistics() const;

  // Resets the matching resettable statistics.
  void reset(std::span<const std::string> selectors);

  // Every metric: the core's, then the modules' in registration order.
  std::vector<MetricReading> metrics() const;

  // The module that shapes the /metrics exposition (xhttp_prom), at most
  // one; false when another one already does.
  bool setExpositionShaper(const ExpositionShaper* shaper);
  const ExpositionShaper* expositionShaper() const;

  // Forgets everything registered: what the readers point at is going away.
  void clear();

 private:
  struct StatisticEntry {
    std::string group;
    std::string name;
    ValueReader read;
    bool resettable;
  };
  struct MetricEntry {
    Owner owner;
    std::string name;
    std::string help;
    MetricType type;
    SampleReader read;
  };

  std::vector<Statistic> readStatistics() const;  // without the resets; lock held

  mutable std::mutex mutex_;
  std::vector<StatisticEntry> statistics_;
  std::vector<MetricEntry> metrics_;
  std::map<std::string, std::uint64_t, std::less<>> baselines_;  // "group:name" -> value at reset
  const ExpositionShaper* shaper_ = nullptr;
};

}  // namespace kemid
