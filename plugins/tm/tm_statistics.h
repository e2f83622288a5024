#pragma once
// What tm registers in the core's statistics registry: Kamailio's tmx group
// (tm itself registers none) and kemid's transactions by state.

namespace kemid {
class StatisticsRegistry;
}

namespace kemid::tm {

struct TmStats;

// `stats` must outlive the registration (until registry.clear()).
void registerTmStatistics(StatisticsRegistry& registry, const TmStats& stats);

}  // namespace kemid::tm
