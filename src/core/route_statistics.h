#pragma once
// How the routing script behaves, per callback: how long each run took and
// how many failed (ksr_request_route, ksr_reply_route, and tm's branch,
// onreply and failure routes by name), and how reloads went. Recorded by
// MeasuredRouteEngine around whichever engine cfgengine chose, and by the
// engine for its reloads; read by /metrics at scrape time.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/duration_histogram.h"
#include "core/route_engine.h"

namespace kemid {

struct RouteCounters {
  DurationHistogram time;
  std::atomic<std::uint64_t> errors{0};  // script errors, or the callback missing
};

class RouteStatistics {
 public:
  RouteStatistics();
  RouteStatistics(const RouteStatistics&) = delete;
  RouteStatistics& operator=(const RouteStatistics&) = delete;

  // The counters of the callback `name`, created on first use. Each thread
  // keeps the ones it resolved, so the shared map (and its lock) is touched
  // once per thread and callback, not per message.
  RouteCounters& forRoute(std::string_view name);

  // Every callback seen so far, by name.
  void forEach(const std::function<void(const std::string&, const RouteCounters&)>& visit) const;

  // A reload (SIGHUP or RPC) was accepted, or refused (the old script runs on).
  void recordReload(bool accepted) {
    (accepted ? reloadsAccepted_ : reloadsRefused_).fetch_add(1, std::memory_order_relaxed);
  }
  std::uint64_t reloadsAccepted() const { return reloadsAccepted_.load(std::memory_order_relaxed); }
  std::uint64_t reloadsRefused() const { return reloadsRefused_.load(std::memory_order_relaxed); }

 private:
  const std::uint64_t id_;  // tells the per-thread caches of two instances apart
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<RouteCounters>, std::less<>> routes_;
  std::atomic<std::uint64_t> reloadsAccepted_{0};
  std::atomic<std::uint64_t> reloadsRefused_{0};
};

// The engine the core and tm call: runs the chosen engine's callback and
// records its time and outcome.
class MeasuredRouteEngine final : public RouteEngine {
 public:
  MeasuredRouteEngine(RouteEngine& engine, RouteStatistics& statistics)
      : engine_(engine), statistics_(statistics) {}

  RouteOutcome run(std::string_view name, MessageContext& ctx) override;
  RouteOutcome runEvent(std::string_view name, std::string_view eventName,
                        MessageContext& ctx) override;
  bool defines(std::string_view name) override { return engine_.defines(name); }
  HookResult reload() override { return engine_.reload(); }
  void interrupt() override { engine_.interrupt(); }

 private:
  template <class Call>
  RouteOutcome measure(std::string_view name, Call&& call);

  RouteEngine& engine_;
  RouteStatistics& statistics_;
};

}  // namespace kemid
