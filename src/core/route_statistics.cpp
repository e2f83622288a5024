#include "core/route_statistics.h"

#include <chrono>
#include <unordered_map>

#include "core/text_hash.h"

namespace kemid {

namespace {

std::atomic<std::uint64_t> nextStatisticsId{1};

// One thread's resolved counters, for the RouteStatistics it last used.
struct ThreadRouteCache {
  std::uint64_t owner = 0;
  std::unordered_map<std::string, RouteCounters*, TextHash, std::equal_to<>> routes;
};

}  // namespace

RouteStatistics::RouteStatistics() : id_(nextStatisticsId.fetch_add(1)) {}

RouteCounters& RouteStatistics::forRoute(std::string_view name) {
  thread_local ThreadRouteCache cache;
  if (cache.owner != id_) {
    cache.routes.clear();
    cache.owner = id_;
  }
  if (auto it = cache.routes.find(name); it != cache.routes.end()) return *it->second;
  RouteCounters* counters = nullptr;
  {
    std::lock_guard lock(mutex_);
    auto it = routes_.find(name);
    if (it == routes_.end()) {
      it = routes_.emplace(std::string(name), std::make_unique<RouteCounters>()).first;
    }
    counters = it->second.get();
  }
  cache.routes.emplace(std::string(name), counters);
  return *counters;
}

void RouteStatistics::forEach(
    const std::function<void(const std::string&, const RouteCounters&)>& visit) const {
  std::lock_guard lock(mutex_);
  for (const auto& [name, counters] : routes_) visit(name, *counters);
}

template <class Call>
RouteOutcome MeasuredRouteEngine::measure(std::string_view name, Call&& call) {
  RouteCounters& counters = statistics_.forRoute(name);
  const auto start = std::chrono::steady_clock::now();
  const RouteOutcome outcome = call();
  counters.time.record(std::chrono::steady_clock::now() - start);
  if (outcome != RouteOutcome::Completed) counters.errors.fetch_add(1, std::memory_order_relaxed);
  return outcome;
}

RouteOutcome MeasuredRouteEngine::run(std::string_view name, MessageContext& ctx) {
  return measure(name, [&] { return engine_.run(name, ctx); });
}

RouteOutcome MeasuredRouteEngine::runEvent(std::string_view name, std::string_view eventName,
                                           MessageContext& ctx) {
  return measure(name, [&] { return engine_.runEvent(name, eventName, ctx); });
}

}  // namespace kemid
