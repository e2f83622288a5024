#pragma once
// What the xhttp_prom module publishes (ModuleHost::findApi<PromApi>())
// for the /metrics endpoint: its exposition settings and the series of the
// metrics the script declared by modparam (prom_counter, prom_gauge,
// prom_histogram). Without the module, /metrics shows every internal
// statistic under "kamailio_"; with it, its parameters decide, as in
// Kamailio.

#include <prometheus/metric_family.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kemid::xhttp_prom {

class PromApi {
 public:
  static constexpr std::string_view kApiName = "xhttp_prom";
  static constexpr std::uint32_t kApiVersion = 1;  // see VersionedApi (core/module_host.h)

  virtual ~PromApi() = default;

  // xhttp_prom_beginning: the prefix of every Kamailio-named metric.
  virtual const std::string& prefix() const = 0;

  // xhttp_prom_stats: which internal statistics /metrics shows: "" none,
  // "all", "group:" or one statistic name (Statistics::matches selectors).
  virtual const std::string& statisticsSelector() const = 0;

  // Appends one family per user metric that has at least one series, named
  // prefix + declared name, series in creation order. Drops series left
  // untouched longer than xhttp_prom_timeout first.
  virtual void collect(std::vector<prometheus::MetricFamily>& out) const = 0;
};

}  // namespace kemid::xhttp_prom
