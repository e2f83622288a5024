#include "user_metrics.h"

#include <algorithm>
#include <limits>
#include <list>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace kemid::xhttp_prom {

namespace {

// One label combination of one metric. Only the members of the metric's kind
// are used.
struct Series {
  std::string key;  // seriesKey(labelValues)
  std::vector<std::string> labelValues;
  SteadyClock::time_point touched;
  std::uint64_t counter = 0;
  double gauge = 0;
  std::vector<std::uint64_t> buckets;  // per bound, not cumulative; the last is above every bound
  double sum = 0;
};

// Label values may hold any character: each is prefixed with its length so
// that no two combinations share a key.
std::string seriesKey(LabelValues labels) {
  std::string key;
  for (std::string_view value : labels) {
    key += std::to_string(value.size());
    key += ':';
    key += value;
  }
  return key;
}

prometheus::MetricType familyType(MetricKind kind) {
  switch (kind) {
    case MetricKind::Counter:
      return prometheus::MetricType::Counter;
    case MetricKind::Gauge:
      return prometheus::MetricType::Gauge;
    case MetricKind::Histogram:
      return prometheus::MetricType::Histogram;
  }
  return prometheus::MetricType::Untyped;
}

std::string labelList(const std::vector<std::string>& labels) {
  std::string out;
  for (const auto& label : labels) out += (out.empty() ? "" : ", ") + label;
  return out;
}

}  // namespace

class UserMetric {
 public:
  explicit UserMetric(MetricDeclaration declaration) : declaration_(std::move(declaration)) {}

  const MetricDeclaration& declaration() const { return declaration_; }

  // Runs `update` on the series of `labels`, creating it first if needed.
  template <class Update>
  void apply(LabelValues labels, SteadyClock::time_point now, std::chrono::minutes timeout,
             Update&& update) {
    std::lock_guard lock(mutex_);
    update(seriesFor(labels, now, timeout));
  }

  void collect(std::string_view prefix, SteadyClock::time_point now, std::chrono::minutes timeout,
               std::vector<prometheus::MetricFamily>& out) {
    std::lock_guard lock(mutex_);
    for (auto it = series_.begin(); it != series_.end();) {
      if (expired(*it, now, timeout)) {
        index_.erase(it->key);
        it = series_.erase(it);
      } else {
        ++it;
      }
    }
    if (series_.empty()) return;
    prometheus::MetricFamily family;
    family.name = std::string(prefix) + declaration_.name;
    family.help = "User defined " + std::string(kindName(declaration_.kind));
    family.type = familyType(declaration_.kind);
    for (const Series& series : series_) family.metric.push_back(sample(series));
    out.push_back(std::move(family));
  }

 private:
  static bool expired(const Series& series, SteadyClock::time_point now,
                      std::chrono::minutes timeout) {
    return timeout.count() > 0 && now - series.touched > timeout;
  }

  Series& seriesFor(LabelValues labels, SteadyClock::time_point now, std::chrono::minutes timeout) {
    std::string key = seriesKey(labels);
    if (auto found = index_.find(key); found != index_.end()) {
      if (!expired(*found->second, now, timeout)) {
        found->second->touched = now;
        return *found->second;
      }
      // Expired but not collected yet: it is gone, so the update starts a
      // new series, last in creation order.
      series_.erase(found->second);
      index_.erase(found);
    }
    Series series;
    series.key = key;
    series.labelValues.assign(labels.begin(), labels.end());
    series.touched = now;
    if (declaration_.kind == MetricKind::Histogram) {
      series.buckets.assign(declaration_.buckets.size() + 1, 0);
    }
    series_.push_back(std::move(series));
    index_.emplace(std::move(key), std::prev(series_.end()));
    return series_.back();
  }

  prometheus::ClientMetric sample(const Series& series) const {
    prometheus::ClientMetric m;
    for (std::size_t i = 0; i < declaration_.labels.size(); ++i) {
      m.label.push_back({declaration_.labels[i], series.labelValues[i]});
    }
    switch (declaration_.kind) {
      case MetricKind::Counter:
        m.counter.value = static_cast<double>(series.counter);
        break;
      case MetricKind::Gauge:
        m.gauge.value = series.gauge;
        break;
      case MetricKind::Histogram: {
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i < series.buckets.size(); ++i) {
          cumulative += series.buckets[i];
          const double bound = i < declaration_.buckets.size()
                                   ? declaration_.buckets[i]
                                   : std::numeric_limits<double>::infinity();
          m.histogram.bucket.push_back({cumulative, bound});
        }
        m.histogram.sample_count = cumulative;
        m.histogram.sample_sum = series.sum;
        break;
      }
    }
    return m;
  }

  const MetricDeclaration declaration_;
  std::mutex mutex_;
  // Creation order, as the exposition lists them; index_ finds a series by key.
  std::list<Series> series_;
  std::unordered_map<std::string, std::list<Series>::iterator> index_;
};

UserMetrics::UserMetrics(std::chrono::minutes timeout, Clock clock)
    : timeout_(timeout), clock_(std::move(clock)) {}

UserMetrics::~UserMetrics() = default;

bool UserMetrics::declare(MetricDeclaration declaration) {
  if (byName_.contains(declaration.name)) return false;
  std::string name = declaration.name;
  metrics_.push_back(std::make_unique<UserMetric>(std::move(declaration)));
  byName_.emplace(std::move(name), metrics_.back().get());
  return true;
}

const MetricDeclaration* UserMetrics::find(std::string_view name) const {
  auto it = byName_.find(name);
  return it == byName_.end() ? nullptr : &it->second->declaration();
}

UserMetric* UserMetrics::resolve(std::string_view name, MetricKind kind, LabelValues labels,
                                 UpdateResult& result) const {
  auto it = byName_.find(name);
  if (it == byName_.end()) {
    result.refusal = "not declared by modparam " + std::string(paramName(kind));
    return nullptr;
  }
  const MetricDeclaration& d = it->second->declaration();
  if (d.kind != kind) {
    result.refusal =
        "declared by " + std::string(paramName(d.kind)) + ", not " + std::string(paramName(kind));
    return nullptr;
  }
  if (d.labels.size() != labels.size()) {
    result.refusal = d.labels.empty()
                         ? std::string("declared without labels")
                         : "declared with " + std::to_string(d.labels.size()) + " label" +
                               (d.labels.size() == 1 ? "" : "s") + " (" + labelList(d.labels) + ")";
    result.refusal += ", given " + std::to_string(labels.size()) + " label value" +
                      (labels.size() == 1 ? "" : "s");
    return nullptr;
  }
  // As Kamailio: Prometheus reads an empty label value as "no such label".
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i].empty()) {
      result.refusal = "empty value for label " + d.labels[i];
      return nullptr;
    }
  }
  return it->second;
}

UpdateResult UserMetrics::counterAdd(std::string_view name, std::uint64_t amount,
                                     LabelValues labels) {
  UpdateResult result;
  if (UserMetric* m = resolve(name, MetricKind::Counter, labels, result)) {
    m->apply(labels, clock_(), timeout_, [&](Series& s) { s.counter += amount; });
  }
  return result;
}

UpdateResult UserMetrics::counterReset(std::string_view name, LabelValues labels) {
  UpdateResult result;
  if (UserMetric* m = resolve(name, MetricKind::Counter, labels, result)) {
    m->apply(labels, clock_(), timeout_, [](Series& s) { s.counter = 0; });
  }
  return result;
}

UpdateResult UserMetrics::gaugeSet(std::string_view name, double value, LabelValues labels) {
  UpdateResult result;
  if (UserMetric* m = resolve(name, MetricKind::Gauge, labels, result)) {
    m->apply(labels, clock_(), timeout_, [&](Series& s) { s.gauge = value; });
  }
  return result;
}

UpdateResult UserMetrics::gaugeReset(std::string_view name, LabelValues labels) {
  return gaugeSet(name, 0, labels);
}

UpdateResult UserMetrics::histogramObserve(std::string_view name, double value,
                                           LabelValues labels) {
  UpdateResult result;
  if (UserMetric* m = resolve(name, MetricKind::Histogram, labels, result)) {
    const auto& bounds = m->declaration().buckets;
    // Prometheus' buckets are "less than or equal": the first bound >= value.
    const auto bucket = static_cast<std::size_t>(
        std::lower_bound(bounds.begin(), bounds.end(), value) - bounds.begin());
    m->apply(labels, clock_(), timeout_, [&](Series& s) {
      ++s.buckets[bucket];
      s.sum += value;
    });
  }
  return result;
}

void UserMetrics::collect(std::string_view prefix,
                          std::vector<prometheus::MetricFamily>& out) const {
  const SteadyClock::time_point now = clock_();
  for (const auto& metric : metrics_) metric->collect(prefix, now, timeout_, out);
}

}  // namespace kemid::xhttp_prom
