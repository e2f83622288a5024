#pragma once
// The module's state: its settings and the user metrics. The same object is
// published as the PromApi and shapes the core's /metrics exposition.

#include <chrono>
#include <string>
#include <vector>

#include "core/module_abi.h"
#include "user_metrics.h"
#include "xhttp_prom_api.h"

namespace kemid::xhttp_prom {

struct PromSettings {
  std::string prefix;              // xhttp_prom_beginning
  std::string statisticsSelector;  // xhttp_prom_stats
  std::chrono::minutes timeout{60};
};

class PromModule final : public ModuleState, public PromApi {
 public:
  explicit PromModule(
      PromSettings settings, Clock clock = [] { return SteadyClock::now(); });

  const std::string& prefix() const override { return settings_.prefix; }
  const std::string& statisticsSelector() const override { return settings_.statisticsSelector; }
  void collect(std::vector<prometheus::MetricFamily>& out) const override;

  UserMetrics& metrics() { return metrics_; }
  const UserMetrics& metrics() const { return metrics_; }

 private:
  PromSettings settings_;
  UserMetrics metrics_;
};

// The init hook: reads the modparams, declares every metric (a bad
// declaration fails the start, quoting the modparam) and publishes the API.
HookResult initPromModule(ModuleInitContext& ctx);

}  // namespace kemid::xhttp_prom
