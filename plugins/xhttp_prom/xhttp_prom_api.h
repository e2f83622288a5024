#pragma once
// What the xhttp_prom module publishes (ModuleHost::findApi<PromApi>()):
// its exposition settings and the series of the metrics the script declared
// by modparam (prom_counter, prom_gauge, prom_histogram). The same object
// shapes the core's /metrics exposition (StatisticsRegistry::
// setExpositionShaper): without the module, /metrics shows every internal
// statistic under "kamailio_"; with it, its parameters decide, as in
// Kamailio.

#include <cstdint>
#include <string_view>

#include "core/exposition_shaper.h"

namespace kemid::xhttp_prom {

// prefix(): xhttp_prom_beginning. statisticsSelector(): xhttp_prom_stats.
// collect(): one family per user metric that has at least one series, named
// prefix + declared name, series in creation order; series left untouched
// longer than xhttp_prom_timeout are dropped first.
class PromApi : public ExpositionShaper {
 public:
  static constexpr std::string_view kApiName = "xhttp_prom";
  static constexpr std::uint32_t kApiVersion = 1;  // see VersionedApi (core/module_host.h)
};

}  // namespace kemid::xhttp_prom
