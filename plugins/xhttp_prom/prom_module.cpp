#include "prom_module.h"

#include <array>
#include <memory>
#include <utility>

#include "core/log.h"
#include "core/module_host.h"
#include "core/module_params.h"
#include "metric_declaration.h"

namespace kemid::xhttp_prom {
namespace {

constexpr Logger kLog{"xhttp_prom"};

}  // namespace

PromModule::PromModule(PromSettings settings, Clock clock)
    : settings_(std::move(settings)), metrics_(settings_.timeout, std::move(clock)) {}

void PromModule::collect(std::vector<prometheus::MetricFamily>& out) const {
  metrics_.collect(settings_.prefix, out);
}

HookResult initPromModule(ModuleInitContext& ctx) {
  PromSettings settings{
      .prefix = ctx.params.getString("xhttp_prom_beginning"),
      .statisticsSelector = ctx.params.getString("xhttp_prom_stats"),
      .timeout = std::chrono::minutes(ctx.params.getInt("xhttp_prom_timeout")),
  };
  // The loader has checked every value (the ParamDefs' checkString); checked
  // again here since the declarations are parsed anyway. Only duplicate names
  // need all the values to be seen.
  if (std::string why = checkPrefix(settings.prefix); !why.empty()) {
    return HookResult::failure("xhttp_prom_beginning " + why);
  }
  if (ctx.params.getInt("xhttp_prom_buf_size") != 0) {
    kLog.info("modparam xhttp_prom_buf_size is not used by kemid (the reply grows as needed)");
  }

  auto module = std::make_unique<PromModule>(std::move(settings));
  for (MetricKind kind : {MetricKind::Counter, MetricKind::Gauge, MetricKind::Histogram}) {
    for (const ParamValue& value : ctx.params.getAll(paramName(kind))) {
      const std::string& text = std::get<std::string>(value);
      DeclarationResult parsed = parseDeclaration(kind, text);
      const std::string param(paramName(kind));
      if (!parsed.ok()) return HookResult::failure(param + " " + parsed.error);
      const std::string name = parsed.declaration.name;
      if (!module->metrics().declare(std::move(parsed.declaration))) {
        return HookResult::failure(param + " \"" + text + "\": metric \"" + name +
                                   "\" is already declared (metric names must be unique)");
      }
    }
  }

  if (!ctx.host.publishApi<PromApi>(*module)) {
    return HookResult::failure("an API named \"xhttp_prom\" is already published");
  }
  if (!ctx.host.statistics().setExpositionShaper(module.get())) {
    return HookResult::failure("another module already shapes the /metrics exposition");
  }
  ctx.state = std::move(module);
  return HookResult::success();
}

}  // namespace kemid::xhttp_prom
