#include "transport/transport_metrics.h"

#include <string>
#include <vector>

#include "core/statistics_registry.h"
#include "transport/udp_transport.h"
#include "transport/worker_pool.h"

namespace kemid {

void registerTransportMetrics(StatisticsRegistry& registry, const TransportCounters& counters,
                              const WorkerPool& workers) {
  using Owner = StatisticsRegistry::Owner;
  auto counter = [&](std::string name, std::string help, const std::atomic<std::uint64_t>& value) {
    registry.addMetric(Owner::Core, std::move(name), std::move(help), MetricType::Counter,
                       [&value](std::vector<MetricSample>& out) {
                         out.push_back(MetricSample::unlabelled(
                             static_cast<double>(value.load(std::memory_order_relaxed))));
                       });
  };
  counter("kemid_udp_datagrams_received_total", "UDP datagrams received.", counters.datagramsIn);
  counter("kemid_udp_bytes_received_total", "UDP bytes received.", counters.bytesIn);
  counter("kemid_udp_datagrams_sent_total", "UDP datagrams sent.", counters.datagramsOut);
  counter("kemid_udp_bytes_sent_total", "UDP bytes sent.", counters.bytesOut);
  counter("kemid_udp_send_errors_total", "UDP datagrams the network refused.", counters.sendErrors);
  registry.addMetric(
      Owner::Core, "kemid_worker_queue_dropped_total",
      "Datagrams dropped because a worker queue was full, by kind.", MetricType::Counter,
      [&workers](std::vector<MetricSample>& out) {
        const auto& drops = workers.drops();
        for (auto [kind, value] :
             {std::pair{"out_of_dialog", &drops.outOfDialog}, std::pair{"other", &drops.other}}) {
          out.push_back(MetricSample::labelled(
              "kind", kind, static_cast<double>(value->load(std::memory_order_relaxed))));
        }
      });
  registry.addMetric(
      Owner::Core, "kemid_worker_queue_depth", "Datagrams waiting for a worker thread.",
      MetricType::Gauge, [&workers](std::vector<MetricSample>& out) {
        for (int i = 0; i < workers.size(); ++i) {
          out.push_back(MetricSample::labelled("worker", std::to_string(i),
                                               static_cast<double>(workers.queueDepth(i))));
        }
      });
}

}  // namespace kemid
