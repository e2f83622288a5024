#include "transport/transport_metrics.h"

#include <string>
#include <vector>

#include "core/statistics_registry.h"
#include "transport/tcp_transport.h"
#include "transport/udp_transport.h"
#include "transport/worker_pool.h"

namespace kemid {

void registerTransportMetrics(StatisticsRegistry& registry, const TransportCounters& counters,
                              const TcpCounters& tcp, const WorkerPool& workers) {
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
  counter("kemid_tcp_messages_received_total", "SIP messages received over TCP.", tcp.messagesIn);
  counter("kemid_tcp_messages_sent_total", "SIP messages sent over TCP.", tcp.messagesOut);
  counter("kemid_tcp_send_errors_total",
          "SIP messages that could not be sent over TCP (no connection, or it failed).",
          tcp.sendErrors);
  counter("kemid_tcp_connections_accepted_total", "TCP connections accepted.", tcp.accepted);
  counter("kemid_tcp_connections_opened_total", "TCP connections opened to send.", tcp.connected);
  counter("kemid_tcp_connections_refused_total",
          "TCP connections refused because tcp_max_connections were open.", tcp.refused);
  counter("kemid_tcp_stream_errors_total",
          "TCP connections closed because their stream was not SIP (no or a bad "
          "Content-Length, a message over the size limit).",
          tcp.streamErrors);
  counter("kemid_tls_handshake_errors_total",
          "TLS connections closed because their handshake failed (a refused certificate, a "
          "client that does not speak TLS).",
          tcp.tlsHandshakeErrors);
  auto gauge = [&](std::string name, std::string help, const std::atomic<std::int64_t>& value) {
    registry.addMetric(Owner::Core, std::move(name), std::move(help), MetricType::Gauge,
                       [&value](std::vector<MetricSample>& out) {
                         out.push_back(MetricSample::unlabelled(
                             static_cast<double>(value.load(std::memory_order_relaxed))));
                       });
  };
  gauge("kemid_tcp_connections", "Open TCP connections, TLS ones included.", tcp.open);
  gauge("kemid_tls_connections", "Open TLS connections.", tcp.tlsOpen);
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
