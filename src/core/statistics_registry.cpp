#include "core/statistics_registry.h"

#include <algorithm>

namespace kemid {

namespace {

std::string key(std::string_view group, std::string_view name) {
  std::string out(group);
  out += ':';
  out += name;
  return out;
}

}  // namespace

bool statisticMatches(const Statistic& statistic, std::string_view selector) {
  if (selector == "all") return true;
  if (!selector.empty() && selector.back() == ':') {
    return selector.substr(0, selector.size() - 1) == statistic.group;
  }
  return selector == statistic.name;
}

bool statisticMatchesAny(const Statistic& statistic, std::span<const std::string> selectors) {
  return std::any_of(selectors.begin(), selectors.end(), [&](const std::string& selector) {
    return statisticMatches(statistic, selector);
  });
}

void StatisticsRegistry::addStatistic(std::string group, std::string name, ValueReader read,
                                      bool resettable) {
  std::lock_guard lock(mutex_);
  statistics_.push_back({std::move(group), std::move(name), std::move(read), resettable});
}

void StatisticsRegistry::addStatistic(std::string group, std::string name,
                                      const std::atomic<std::uint64_t>& counter, bool resettable) {
  addStatistic(
      std::move(group), std::move(name),
      [&counter] { return counter.load(std::memory_order_relaxed); }, resettable);
}

void StatisticsRegistry::addMetric(Owner owner, std::string name, std::string help, MetricType type,
                                   SampleReader read) {
  std::lock_guard lock(mutex_);
  metrics_.push_back({owner, std::move(name), std::move(help), type, std::move(read)});
}

std::vector<Statistic> StatisticsRegistry::readStatistics() const {
  std::vector<Statistic> out;
  out.reserve(statistics_.size());
  for (const StatisticEntry& entry : statistics_) {
    out.push_back({entry.group, entry.name, entry.read()});
  }
  std::stable_sort(out.begin(), out.end(), [](const Statistic& a, const Statistic& b) {
    return a.group != b.group ? a.group < b.group : a.name < b.name;
  });
  return out;
}

std::vector<Statistic> StatisticsRegistry::statistics() const {
  std::lock_guard lock(mutex_);
  std::vector<Statistic> out = readStatistics();
  if (baselines_.empty()) return out;
  for (Statistic& s : out) {
    auto it = baselines_.find(key(s.group, s.name));
    if (it != baselines_.end()) s.value = s.value >= it->second ? s.value - it->second : 0;
  }
  return out;
}

void StatisticsRegistry::reset(std::span<const std::string> selectors) {
  std::lock_guard lock(mutex_);
  for (const StatisticEntry& entry : statistics_) {
    if (!entry.resettable) continue;
    Statistic s{entry.group, entry.name, entry.read()};
    if (statisticMatchesAny(s, selectors)) baselines_[key(s.group, s.name)] = s.value;
  }
}

std::vector<MetricReading> StatisticsRegistry::metrics() const {
  std::lock_guard lock(mutex_);
  std::vector<MetricReading> out;
  for (Owner owner : {Owner::Core, Owner::Module}) {
    for (const MetricEntry& entry : metrics_) {
      if (entry.owner != owner) continue;
      MetricReading reading{entry.name, entry.help, entry.type, {}};
      entry.read(reading.samples);
      out.push_back(std::move(reading));
    }
  }
  return out;
}

bool StatisticsRegistry::setExpositionShaper(const ExpositionShaper* shaper) {
  std::lock_guard lock(mutex_);
  if (shaper_ != nullptr && shaper != nullptr) return false;
  shaper_ = shaper;
  return true;
}

const ExpositionShaper* StatisticsRegistry::expositionShaper() const {
  std::lock_guard lock(mutex_);
  return shaper_;
}

void StatisticsRegistry::clear() {
  std::lock_guard lock(mutex_);
  statistics_.clear();
  metrics_.clear();
  baselines_.clear();
  shaper_ = nullptr;
}

}  // namespace kemid
