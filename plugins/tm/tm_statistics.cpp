#include "tm_statistics.h"

#include <string>
#include <utility>
#include <vector>

#include "core/statistics_registry.h"
#include "tm_api.h"

namespace kemid::tm {

namespace {

std::uint64_t load(const std::atomic<std::uint64_t>& counter) {
  return counter.load(std::memory_order_relaxed);
}

// a - b, or 0: counters read one by one are not a snapshot.
std::uint64_t difference(std::uint64_t a, std::uint64_t b) {
  return a >= b ? a - b : 0;
}

// Replies sent upstream are relayed ones or local ones.
std::uint64_t relayed(const TmStats& s) {
  return difference(load(s.rplSent), load(s.rplGenerated));
}

void registerTmx(StatisticsRegistry& registry, const TmStats& s) {
  auto add = [&](std::string name, StatisticsRegistry::ValueReader read) {
    registry.addStatistic("tmx", std::move(name), std::move(read));
  };
  for (int cls = 2; cls <= 6; ++cls) {
    registry.addStatistic("tmx", std::to_string(cls) + "xx_transactions", s.completed[cls]);
  }
  registry.addStatistic("tmx", "UAC_transactions", s.totalLocal);
  add("UAS_transactions", [&s] { return difference(load(s.total), load(s.totalLocal)); });
  add("active_transactions", [&s] { return difference(load(s.current), load(s.waiting)); });
  registry.addStatistic("tmx", "inuse_transactions", s.current);
  // A received reply that was not relayed was absorbed (a 100, a
  // retransmission, a loser).
  add("rpl_absorbed", [&s] { return difference(load(s.rplReceived), relayed(s)); });
  registry.addStatistic("tmx", "rpl_generated", s.rplGenerated);
  registry.addStatistic("tmx", "rpl_received", s.rplReceived);
  add("rpl_relayed", [&s] { return relayed(s); });
  registry.addStatistic("tmx", "rpl_sent", s.rplSent);
}

// Transactions by RFC 3261 §17.2 state.
void registerTransactionStates(StatisticsRegistry& registry, const TmStats& s) {
  registry.addMetric(
      StatisticsRegistry::Owner::Module, "kemid_tm_transactions",
      "Transactions in tm's table by state: proceeding (no final reply yet), "
      "completed (negative INVITE reply retransmitted until the ACK), waiting "
      "(wt_timer before removal).",
      MetricType::Gauge, [&s](std::vector<MetricSample>& out) {
        const std::uint64_t current = load(s.current);
        const std::uint64_t waiting = load(s.waiting);
        const std::uint64_t awaitingAck = load(s.awaitingAck);
        const std::uint64_t proceeding = difference(current, waiting + awaitingAck);
        for (const auto& [state, value] :
             {std::pair{"proceeding", proceeding}, std::pair{"completed", awaitingAck},
              std::pair{"waiting", waiting}}) {
          out.push_back(MetricSample::labelled("state", state, static_cast<double>(value)));
        }
      });
}

}  // namespace

void registerTmStatistics(StatisticsRegistry& registry, const TmStats& stats) {
  registerTmx(registry, stats);
  registerTransactionStates(registry, stats);
  registry.addMetric(
      StatisticsRegistry::Owner::Module, "kemid_tm_refused_total",
      "New requests answered 503 because tm held max_transactions.", MetricType::Counter,
      [&stats](std::vector<MetricSample>& out) {
        out.push_back(MetricSample::unlabelled(static_cast<double>(load(stats.refusedOverload))));
      });
}

}  // namespace kemid::tm
