#pragma once
// Kamailio's statistics (`group:name = value`) read from the counters where
// they live: the core pipeline's, sl's and tm's published APIs. Read on
// demand (an RPC, a scrape); nothing is added per message.

#include <cstdint>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kemid {

class ModuleHost;
class WorkerPool;
struct PipelineCounters;
struct TransportCounters;

// Where the counters are; any may be null (not running, not loaded).
struct StatisticsSources {
  const PipelineCounters* pipeline = nullptr;
  const TransportCounters* transport = nullptr;
  const WorkerPool* workers = nullptr;
  const ModuleHost* host = nullptr;  // sl and tm, through their APIs
};

struct Statistic {
  std::string group;  // "core", "sl", "tmx"
  std::string name;   // "rcv_requests"
  std::uint64_t value = 0;
};

class Statistics {
 public:
  explicit Statistics(StatisticsSources sources) : sources_(sources) {}

  const StatisticsSources& sources() const { return sources_; }

  // Every statistic, by group then name (Kamailio's order), with the
  // resets of stats.reset_statistics applied.
  std::vector<Statistic> collect() const;

  // Kamailio's selectors: "all", "group:" (the whole group), or a bare
  // statistic name ("rcv_requests"; "core:rcv_requests" matches nothing).
  static bool matches(const Statistic& statistic, std::string_view selector);
  // Whether any of `selectors` matches.
  static bool matchesAny(const Statistic& statistic, std::span<const std::string> selectors);

  // Resets the matching resettable statistics (the core group's; sl's and
  // tm's are computed by their modules and keep counting, as in Kamailio).
  void reset(std::span<const std::string> selectors);

 private:
  std::vector<Statistic> collectRaw() const;

  StatisticsSources sources_;
  mutable std::mutex mutex_;
  std::map<std::string, std::uint64_t, std::less<>> baselines_;  // "group:name" -> value at reset
};

}  // namespace kemid
