#pragma once
// What the transport registers in the core's statistics registry: its UDP
// counters and the depth of each worker thread's queue.

namespace kemid {

class StatisticsRegistry;
class WorkerPool;
struct TransportCounters;

// `counters` and `workers` must outlive the registration (until
// registry.clear()).
void registerTransportMetrics(StatisticsRegistry& registry, const TransportCounters& counters,
                              const WorkerPool& workers);

}  // namespace kemid
