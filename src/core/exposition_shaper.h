#pragma once
// How a module shapes the Prometheus exposition at /metrics without the
// HTTP layer knowing it (Kamailio's xhttp_prom): its own families first,
// then the Kamailio statistics it selects, under its prefix. Registered with
// StatisticsRegistry::setExpositionShaper. Header-only: only the HTTP layer
// and the shaping module need prometheus-cpp's headers.

#include <prometheus/metric_family.h>

#include <string>
#include <vector>

namespace kemid {

class ExpositionShaper {
 public:
  virtual ~ExpositionShaper() = default;

  // The prefix of every Kamailio-named statistic ("kamailio_" without a
  // shaper).
  virtual const std::string& prefix() const = 0;

  // Which Kamailio statistics /metrics shows: "" none, "all", "group:" or
  // one statistic name (statisticMatches selectors).
  virtual const std::string& statisticsSelector() const = 0;

  // Appends the families shown before everything else.
  virtual void collect(std::vector<prometheus::MetricFamily>& out) const = 0;
};

}  // namespace kemid
