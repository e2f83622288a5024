#pragma once
// The Prometheus exposition at /metrics: Kamailio's statistics named as
// xhttp_prom names them (kamailio_<group>_<name>), kemid's own transport
// and worker metrics, and process metrics. Everything is read at scrape
// time from the counters where they live.

#include <prometheus/collectable.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>
#include <vector>

namespace kemid {

class Statistics;

class MetricsCollector : public prometheus::Collectable {
 public:
  explicit MetricsCollector(const Statistics& statistics) : statistics_(statistics) {}
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const Statistics& statistics_;
};

class Metrics {
 public:
  explicit Metrics(const Statistics& statistics);

  // Metrics kept by the HTTP layer itself (registered on its registry).
  prometheus::Registry& registry() { return *registry_; }

  // The text exposition format, version 0.0.4.
  std::string render() const;

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<MetricsCollector> collector_;
};

}  // namespace kemid
