#pragma once
// The series of the metrics declared by prom_counter, prom_gauge and
// prom_histogram, updated by scripts and RPC from any thread and read by
// /metrics. Each metric has its own lock: updates of different metrics never
// wait for each other.

#include <prometheus/metric_family.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "metric_declaration.h"

namespace kemid::xhttp_prom {

using SteadyClock = std::chrono::steady_clock;
// Injectable so that tests can move time without sleeping.
using Clock = std::function<SteadyClock::time_point()>;
using LabelValues = std::span<const std::string_view>;

// An update's outcome: done, or why it was refused, without the metric's name
// ("declared with 2 labels (method, src), given 1 value").
struct UpdateResult {
  std::string refusal;
  bool ok() const { return refusal.empty(); }
};

class UserMetric;  // one declared metric and its series (user_metrics.cpp)

class UserMetrics {
 public:
  // A series untouched for longer than `timeout` is gone (xhttp_prom_timeout);
  // zero keeps series forever.
  explicit UserMetrics(
      std::chrono::minutes timeout, Clock clock = [] { return SteadyClock::now(); });
  ~UserMetrics();
  UserMetrics(const UserMetrics&) = delete;
  UserMetrics& operator=(const UserMetrics&) = delete;

  // At init only: the set of metrics is fixed before any update, which is why
  // finding a metric by name takes no lock. False when the name is taken.
  bool declare(MetricDeclaration declaration);
  const MetricDeclaration* find(std::string_view name) const;

  // Each update creates the series of `labels` when it does not exist (or has
  // expired), so that even adding 0 makes it visible, as in Kamailio. The
  // number of label values must be the declared number of labels, and none
  // may be empty.
  UpdateResult counterAdd(std::string_view name, std::uint64_t amount, LabelValues labels);
  UpdateResult counterReset(std::string_view name, LabelValues labels);
  UpdateResult gaugeSet(std::string_view name, double value, LabelValues labels);
  UpdateResult gaugeReset(std::string_view name, LabelValues labels);
  UpdateResult histogramObserve(std::string_view name, double value, LabelValues labels);

  // Drops the expired series, then appends one family per metric that still
  // has series, named prefix + declared name, in declaration order. Const as
  // to the set of metrics; their series change under their own locks.
  void collect(std::string_view prefix, std::vector<prometheus::MetricFamily>& out) const;

 private:
  // The metric `name` when it is a `kind` declared with labels.size() labels.
  UserMetric* resolve(std::string_view name, MetricKind kind, LabelValues labels,
                      UpdateResult& result) const;

  std::chrono::minutes timeout_;
  Clock clock_;
  std::vector<std::unique_ptr<UserMetric>> metrics_;  // declaration order
  std::map<std::string, UserMetric*, std::less<>> byName_;
};

}  // namespace kemid::xhttp_prom
