#pragma once
// The Prometheus exposition at /metrics: what the statistics registry holds
// (Kamailio's statistics named as xhttp_prom names them,
// kamailio_<group>_<name>, and kemid's own metrics), shaped by the module
// that registered itself for it, and process metrics. Everything is read at
// scrape time from the counters where they live.

#include <prometheus/collectable.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>
#include <vector>

namespace kemid {

class StatisticsRegistry;

class MetricsCollector : public prometheus::Collectable {
 public:
  explicit MetricsCollector(const StatisticsRegistry& registry) : registry_(registry) {}
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const StatisticsRegistry& registry_;
};

class Metrics {
 public:
  explicit Metrics(const StatisticsRegistry& statistics);

  // Metrics kept by the HTTP layer itself (registered on its registry).
  prometheus::Registry& registry() { return *registry_; }

  // The text exposition format, version 0.0.4.
  std::string render() const;

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<MetricsCollector> collector_;
};

}  // namespace kemid
