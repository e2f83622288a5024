#include "core/route_statistics.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <thread>
#include <vector>

#include "core/kemi_registry.h"
#include "core/message_context.h"
#include "core/module_host.h"
#include "core/rpc_registry.h"

namespace kemid {
namespace {

// Answers each callback name with a fixed outcome; unknown names are missing.
class ScriptedEngine final : public RouteEngine {
 public:
  std::map<std::string, RouteOutcome, std::less<>> outcomes;
  int runs = 0;

  RouteOutcome run(std::string_view name, MessageContext&) override {
    ++runs;
    auto it = outcomes.find(name);
    return it == outcomes.end() ? RouteOutcome::Missing : it->second;
  }
  RouteOutcome runEvent(std::string_view name, std::string_view event,
                        MessageContext& ctx) override {
    events.emplace_back(event);
    return run(name, ctx);
  }
  bool defines(std::string_view name) override { return outcomes.contains(name); }
  std::vector<std::string> events;
  HookResult reload() override { return HookResult::failure("not here"); }
  void interrupt() override { ++interrupts; }
  int interrupts = 0;
};

std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> snapshot(
    const RouteStatistics& statistics) {
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> out;  // runs, errors
  statistics.forEach([&](const std::string& name, const RouteCounters& c) {
    std::uint64_t runs = 0;
    for (std::size_t i = 0; i <= DurationHistogram::kBounds.size(); ++i)
      runs += c.time.bucketCount(i);
    out[name] = {runs, c.errors.load()};
  });
  return out;
}

TEST(RouteStatistics, CountsRunsAndFailuresPerCallback) {
  ScriptedEngine engine;
  engine.outcomes = {{"ksr_request_route", RouteOutcome::Completed},
                     {"MANAGE_FAILURE", RouteOutcome::Failed}};
  RouteStatistics statistics;
  MeasuredRouteEngine measured(engine, statistics);
  MessageContext ctx;
  EXPECT_EQ(measured.run("ksr_request_route", ctx), RouteOutcome::Completed);
  EXPECT_EQ(measured.run("ksr_request_route", ctx), RouteOutcome::Completed);
  EXPECT_EQ(measured.run("MANAGE_FAILURE", ctx), RouteOutcome::Failed);
  EXPECT_EQ(measured.run("ksr_nowhere", ctx), RouteOutcome::Missing);
  EXPECT_EQ(engine.runs, 4);

  auto seen = snapshot(statistics);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen["ksr_request_route"], std::make_pair(std::uint64_t{2}, std::uint64_t{0}));
  EXPECT_EQ(seen["MANAGE_FAILURE"], std::make_pair(std::uint64_t{1}, std::uint64_t{1}));
  EXPECT_EQ(seen["ksr_nowhere"], std::make_pair(std::uint64_t{1}, std::uint64_t{1}));
  EXPECT_TRUE(measured.defines("MANAGE_FAILURE"));
  EXPECT_FALSE(measured.reload().ok());  // forwarded to the engine
}

TEST(RouteStatistics, EventCallbacksAreCountedUnderTheirFunction) {
  ScriptedEngine engine;
  engine.outcomes = {{"ksr_htable_event", RouteOutcome::Completed}};
  RouteStatistics statistics;
  MeasuredRouteEngine measured(engine, statistics);
  MessageContext ctx;
  EXPECT_EQ(measured.runEvent("ksr_htable_event", "htable:mod-init", ctx), RouteOutcome::Completed);
  EXPECT_EQ(measured.runEvent("ksr_gone", "htable:expired:a", ctx), RouteOutcome::Missing);
  EXPECT_EQ(engine.events, (std::vector<std::string>{"htable:mod-init", "htable:expired:a"}));
  auto seen = snapshot(statistics);
  EXPECT_EQ(seen["ksr_htable_event"], (std::pair<std::uint64_t, std::uint64_t>{1, 0}));
  EXPECT_EQ(seen["ksr_gone"], (std::pair<std::uint64_t, std::uint64_t>{1, 1}));
}

TEST(RouteStatistics, ThreadsShareOneCounterPerCallback) {
  ScriptedEngine engine;
  engine.outcomes = {{"ksr_request_route", RouteOutcome::Completed}};
  RouteStatistics statistics;
  MeasuredRouteEngine measured(engine, statistics);
  auto work = [&] {
    MessageContext ctx;
    for (int i = 0; i < 100; ++i) measured.run("ksr_request_route", ctx);
  };
  std::thread a(work), b(work);
  a.join();
  b.join();
  EXPECT_EQ(snapshot(statistics)["ksr_request_route"].first, 200u);
}

TEST(RouteStatistics, AThreadsCacheDoesNotLeakIntoAnotherInstance) {
  ScriptedEngine engine;
  engine.outcomes = {{"r", RouteOutcome::Completed}};
  MessageContext ctx;
  RouteStatistics first;
  MeasuredRouteEngine(engine, first).run("r", ctx);
  RouteStatistics second;
  MeasuredRouteEngine(engine, second).run("r", ctx);
  MeasuredRouteEngine(engine, first).run("r", ctx);
  EXPECT_EQ(snapshot(first)["r"].first, 2u);
  EXPECT_EQ(snapshot(second)["r"].first, 1u);
}

TEST(RouteStatistics, ReloadResultsAreCounted) {
  RouteStatistics statistics;
  statistics.recordReload(true);
  statistics.recordReload(false);
  statistics.recordReload(false);
  EXPECT_EQ(statistics.reloadsAccepted(), 1u);
  EXPECT_EQ(statistics.reloadsRefused(), 2u);
}

TEST(RouteStatistics, TheHostMeasuresTheSelectedEngine) {
  KemiRegistry kemi;
  RpcRegistry rpc;
  ModuleHost host(kemi, rpc);
  EXPECT_EQ(host.routing(), nullptr);
  ScriptedEngine engine;
  engine.outcomes = {{"ksr_reply_route", RouteOutcome::Completed}};
  host.setRouting(&engine);
  MessageContext ctx;
  host.routing()->run("ksr_reply_route", ctx);
  EXPECT_EQ(snapshot(host.routeStatistics())["ksr_reply_route"].first, 1u);
  host.routing()->interrupt();  // reaches the engine behind the measuring one
  EXPECT_EQ(engine.interrupts, 1);
  host.withdrawApis();
  EXPECT_EQ(host.routing(), nullptr);
}

}  // namespace
}  // namespace kemid
