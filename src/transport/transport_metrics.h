#pragma once
// What the transport registers in the core's statistics registry: its UDP
// and TCP counters and the depth of each worker thread's queue.

namespace kemid {

class StatisticsRegistry;
class WorkerPool;
struct TcpCounters;
struct TransportCounters;

// The counters and `workers` must outlive the registration (until
// registry.clear()).
void registerTransportMetrics(StatisticsRegistry& registry, const TransportCounters& counters,
                              const TcpCounters& tcp, const WorkerPool& workers);

}  // namespace kemid
