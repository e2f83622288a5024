#pragma once
// What the core registers in the statistics registry: Kamailio's "core"
// group and kemid's parse errors from the message pipeline's counters, and
// the routing script's times, errors and reloads.

namespace kemid {

class RouteStatistics;
class StatisticsRegistry;
struct PipelineCounters;

// `counters` must outlive the registration (until registry.clear()).
void registerPipelineStatistics(StatisticsRegistry& registry, const PipelineCounters& counters);

void registerRouteMetrics(StatisticsRegistry& registry, const RouteStatistics& routes);

}  // namespace kemid
