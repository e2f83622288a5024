#include "http/metrics.h"

#include <prometheus/text_serializer.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <utility>

#include "core/message_pipeline.h"
#include "core/module_host.h"
#include "http/statistics.h"
#include "tm/tm_api.h"
#include "transport/udp_transport.h"
#include "transport/worker_pool.h"
#include "xhttp_prom/xhttp_prom_api.h"

#ifndef KEMID_VERSION
#define KEMID_VERSION "0.0.0"
#endif

namespace kemid {

namespace {

constexpr std::string_view kDefaultPrefix = "kamailio_";  // xhttp_prom_beginning's default

prometheus::MetricFamily family(std::string name, std::string help, prometheus::MetricType type) {
  prometheus::MetricFamily f;
  f.name = std::move(name);
  f.help = std::move(help);
  f.type = type;
  return f;
}

// Appends one sample (counter, gauge or untyped, as the family's type) with
// at most one label.
void addSample(prometheus::MetricFamily& f, double value, std::string labelName = {},
               std::string labelValue = {}) {
  prometheus::ClientMetric m;
  if (!labelName.empty()) m.label.push_back({std::move(labelName), std::move(labelValue)});
  switch (f.type) {
    case prometheus::MetricType::Counter:
      m.counter.value = value;
      break;
    case prometheus::MetricType::Gauge:
      m.gauge.value = value;
      break;
    default:
      m.untyped.value = value;
      break;
  }
  f.metric.push_back(std::move(m));
}

prometheus::MetricFamily single(std::string name, std::string help, prometheus::MetricType type,
                                double value) {
  auto f = family(std::move(name), std::move(help), type);
  addSample(f, value);
  return f;
}

// Kamailio's name: prefix + group + "_" + name with '-' turned into '_'.
std::string kamailioName(std::string_view prefix, const Statistic& s) {
  std::string name = std::string(prefix) + s.group + "_" + s.name;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

void addHistogram(prometheus::MetricFamily& f, std::string route, const DurationHistogram& h) {
  prometheus::ClientMetric m;
  m.label.push_back({"route", std::move(route)});
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= DurationHistogram::kBounds.size(); ++i) {
    cumulative += h.bucketCount(i);
    double bound = i < DurationHistogram::kBounds.size() ? DurationHistogram::kBounds[i]
                                                         : std::numeric_limits<double>::infinity();
    m.histogram.bucket.push_back({cumulative, bound});
  }
  m.histogram.sample_count = cumulative;
  m.histogram.sample_sum = h.sumSeconds();
  f.metric.push_back(std::move(m));
}

// Every script callback run so far (the core's and tm's), and the reloads.
void addRouting(const RouteStatistics& routes, std::vector<prometheus::MetricFamily>& out) {
  using prometheus::MetricType;
  auto times = family("kemid_route_duration_seconds", "Time spent in a routing script callback.",
                      MetricType::Histogram);
  auto errors = family("kemid_script_errors_total",
                       "Routing script callback runs that failed (script error or callback "
                       "missing).",
                       MetricType::Counter);
  routes.forEach([&](const std::string& route, const RouteCounters& counters) {
    addHistogram(times, route, counters.time);
    addSample(errors, static_cast<double>(counters.errors.load(std::memory_order_relaxed)), "route",
              route);
  });
  out.push_back(std::move(times));
  out.push_back(std::move(errors));
  auto reloads = family("kemid_script_reloads_total",
                        "Routing script reloads (SIGHUP or RPC) by result; a failed one keeps the "
                        "old script running.",
                        MetricType::Counter);
  for (const auto& [result, value] : {std::pair{"success", routes.reloadsAccepted()},
                                      std::pair{"failure", routes.reloadsRefused()}}) {
    addSample(reloads, static_cast<double>(value), "result", result);
  }
  out.push_back(std::move(reloads));
}

// tm's transactions by RFC 3261 §17.2 state. The counters are read one by
// one, not as a snapshot, so a difference is clamped at 0.
void addTransactions(const tm::TmStats& tm, std::vector<prometheus::MetricFamily>& out) {
  const std::uint64_t current = tm.current.load(std::memory_order_relaxed);
  const std::uint64_t waiting = tm.waiting.load(std::memory_order_relaxed);
  const std::uint64_t awaitingAck = tm.awaitingAck.load(std::memory_order_relaxed);
  const std::uint64_t proceeding =
      current > waiting + awaitingAck ? current - waiting - awaitingAck : 0;
  auto f = family("kemid_tm_transactions",
                  "Transactions in tm's table by state: proceeding (no final reply yet), "
                  "completed (negative INVITE reply retransmitted until the ACK), waiting "
                  "(wt_timer before removal).",
                  prometheus::MetricType::Gauge);
  for (const auto& [state, value] :
       {std::pair{"proceeding", proceeding}, std::pair{"completed", awaitingAck},
        std::pair{"waiting", waiting}}) {
    addSample(f, static_cast<double>(value), "state", state);
  }
  out.push_back(std::move(f));
}

void addTransport(const StatisticsSources& sources, std::vector<prometheus::MetricFamily>& out) {
  using prometheus::MetricType;
  if (sources.pipeline != nullptr) {
    out.push_back(single("kemid_parse_errors_total", "Datagrams that did not parse as SIP.",
                         MetricType::Counter,
                         static_cast<double>(sources.pipeline->parseErrors.load())));
  }
  if (const TransportCounters* t = sources.transport) {
    out.push_back(single("kemid_udp_datagrams_received_total", "UDP datagrams received.",
                         MetricType::Counter, static_cast<double>(t->datagramsIn.load())));
    out.push_back(single("kemid_udp_bytes_received_total", "UDP bytes received.",
                         MetricType::Counter, static_cast<double>(t->bytesIn.load())));
    out.push_back(single("kemid_udp_datagrams_sent_total", "UDP datagrams sent.",
                         MetricType::Counter, static_cast<double>(t->datagramsOut.load())));
    out.push_back(single("kemid_udp_bytes_sent_total", "UDP bytes sent.", MetricType::Counter,
                         static_cast<double>(t->bytesOut.load())));
    out.push_back(single("kemid_udp_send_errors_total", "UDP datagrams the network refused.",
                         MetricType::Counter, static_cast<double>(t->sendErrors.load())));
  }
  if (const WorkerPool* pool = sources.workers) {
    auto depth = family("kemid_worker_queue_depth", "Datagrams waiting for a worker thread.",
                        MetricType::Gauge);
    for (int i = 0; i < pool->size(); ++i) {
      addSample(depth, static_cast<double>(pool->queueDepth(i)), "worker", std::to_string(i));
    }
    out.push_back(std::move(depth));
  }
}

// Process metrics as the Prometheus client libraries name them, from /proc.
void addProcess(std::vector<prometheus::MetricFamily>& out) {
  using prometheus::MetricType;
  const double pageSize = static_cast<double>(::sysconf(_SC_PAGESIZE));
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  {
    std::ifstream statm("/proc/self/statm");
    double size = 0, resident = 0;
    if (statm >> size >> resident) {
      out.push_back(single("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                           MetricType::Gauge, size * pageSize));
      out.push_back(single("process_resident_memory_bytes", "Resident memory size in bytes.",
                           MetricType::Gauge, resident * pageSize));
    }
  }
  {
    std::ifstream statFile("/proc/self/stat");
    std::string text((std::istreambuf_iterator<char>(statFile)), std::istreambuf_iterator<char>());
    // Fields after the command name (which may hold spaces) start at ')'.
    auto close = text.rfind(')');
    if (close != std::string::npos) {
      std::istringstream fields(text.substr(close + 2));
      std::vector<std::string> f;
      for (std::string word; fields >> word;) f.push_back(word);
      // f[0] is field 3 (state): utime = 14, stime = 15, starttime = 22.
      if (f.size() > 19) {
        const double cpu = (std::stod(f[11]) + std::stod(f[12])) / ticks;
        out.push_back(single("process_cpu_seconds_total",
                             "Total user and system CPU time spent in seconds.",
                             MetricType::Counter, cpu));
        std::ifstream uptimeFile("/proc/uptime");
        double uptime = 0;
        if (uptimeFile >> uptime) {
          const double sinceBoot = std::stod(f[19]) / ticks;
          const double now = static_cast<double>(std::time(nullptr));
          out.push_back(single("process_start_time_seconds",
                               "Start time of the process since unix epoch in seconds.",
                               MetricType::Gauge, now - uptime + sinceBoot));
        }
      }
    }
  }
  std::error_code ec;
  double fds = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++fds;
  }
  out.push_back(
      single("process_open_fds", "Number of open file descriptors.", MetricType::Gauge, fds));
  auto build = family("kemid_build_info", "kemid's version.", MetricType::Gauge);
  addSample(build, 1, "version", KEMID_VERSION);
  out.push_back(std::move(build));
}

}  // namespace

std::vector<prometheus::MetricFamily> MetricsCollector::Collect() const {
  std::vector<prometheus::MetricFamily> out;
  const ModuleHost* host = statistics_.sources().host;
  // With xhttp_prom loaded its parameters decide, as in Kamailio: the
  // script's own metrics first, then the internal statistics it selects
  // under its prefix. Without it, every statistic under "kamailio_".
  const auto* prom = host != nullptr ? host->findApi<xhttp_prom::PromApi>() : nullptr;
  if (prom != nullptr) prom->collect(out);
  const std::string_view prefix = prom != nullptr ? prom->prefix() : kDefaultPrefix;
  // Kamailio's statistics are plain unsigned values (xhttp_prom prints no
  // type); untyped keeps their names exactly.
  for (const Statistic& s : statistics_.collect()) {
    if (prom != nullptr && !Statistics::matches(s, prom->statisticsSelector())) continue;
    out.push_back(single(kamailioName(prefix, s), "Kamailio statistic " + s.group + ":" + s.name,
                         prometheus::MetricType::Untyped, static_cast<double>(s.value)));
  }
  addTransport(statistics_.sources(), out);
  if (host != nullptr) {
    addRouting(host->routeStatistics(), out);
    if (const auto* tm = host->findApi<tm::TmApi>()) addTransactions(tm->stats(), out);
  }
  addProcess(out);
  return out;
}

Metrics::Metrics(const Statistics& statistics)
    : registry_(std::make_shared<prometheus::Registry>()),
      collector_(std::make_shared<MetricsCollector>(statistics)) {}

std::string Metrics::render() const {
  std::vector<prometheus::MetricFamily> families = collector_->Collect();
  for (auto& f : registry_->Collect()) families.push_back(std::move(f));
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, families);
  return out.str();
}

}  // namespace kemid
