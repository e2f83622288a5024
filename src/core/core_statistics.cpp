#include "core/core_statistics.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include "core/message_pipeline.h"
#include "core/route_statistics.h"
#include "core/statistics_registry.h"

namespace kemid {

namespace {

constexpr std::string_view kCoreGroup = "core";

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

double valueOf(const std::atomic<std::uint64_t>& counter) {
  return static_cast<double>(counter.load(std::memory_order_relaxed));
}

}  // namespace

void registerPipelineStatistics(StatisticsRegistry& registry, const PipelineCounters& c) {
  // Kamailio's core statistics; stats.reset_statistics resets these.
  auto add = [&](std::string name, const std::atomic<std::uint64_t>& counter) {
    registry.addStatistic(std::string(kCoreGroup), std::move(name), counter, true);
  };
  add("bad_msg_hdr", c.parseErrors);
  add("drop_replies", c.droppedReplies);
  add("drop_requests", c.droppedRequests);
  add("err_requests", c.routeErrors);
  add("rcv_replies", c.replies);
  for (int cls = 1; cls <= 6; ++cls) {
    add("rcv_replies_" + std::to_string(cls) + "xx", c.repliesByClass[cls]);
  }
  add("rcv_requests", c.requests);
  for (std::size_t i = 0; i < kCountedMethods.size(); ++i) {
    add("rcv_requests_" + lower(kCountedMethods[i]), c.requestsByMethod[i]);
  }

  registry.addMetric(StatisticsRegistry::Owner::Core, "kemid_parse_errors_total",
                     "Datagrams that did not parse as SIP.", MetricType::Counter,
                     [&c](std::vector<MetricSample>& out) {
                       out.push_back(MetricSample::unlabelled(valueOf(c.parseErrors)));
                     });
}

void registerRouteMetrics(StatisticsRegistry& registry, const RouteStatistics& routes) {
  using Owner = StatisticsRegistry::Owner;
  // Every script callback run so far (the core's and tm's), and the reloads.
  registry.addMetric(Owner::Core, "kemid_route_duration_seconds",
                     "Time spent in a routing script callback.", MetricType::Histogram,
                     [&routes](std::vector<MetricSample>& out) {
                       routes.forEach([&](const std::string& route, const RouteCounters& c) {
                         out.push_back(MetricSample::labelledHistogram("route", route, c.time));
                       });
                     });
  registry.addMetric(Owner::Core, "kemid_script_errors_total",
                     "Routing script callback runs that failed (script error or callback "
                     "missing).",
                     MetricType::Counter, [&routes](std::vector<MetricSample>& out) {
                       routes.forEach([&](const std::string& route, const RouteCounters& c) {
                         out.push_back(MetricSample::labelled("route", route, valueOf(c.errors)));
                       });
                     });
  registry.addMetric(Owner::Core, "kemid_script_reloads_total",
                     "Routing script reloads (SIGHUP or RPC) by result; a failed one keeps the "
                     "old script running.",
                     MetricType::Counter, [&routes](std::vector<MetricSample>& out) {
                       out.push_back(MetricSample::labelled(
                           "result", "success", static_cast<double>(routes.reloadsAccepted())));
                       out.push_back(MetricSample::labelled(
                           "result", "failure", static_cast<double>(routes.reloadsRefused())));
                     });
}

}  // namespace kemid
