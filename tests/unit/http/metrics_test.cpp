#include "http/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/core_statistics.h"
#include "core/exposition_shaper.h"
#include "core/kemi_registry.h"
#include "core/message_context.h"
#include "core/message_pipeline.h"
#include "core/module_host.h"
#include "core/rpc_registry.h"
#include "tm/tm_api.h"
#include "tm/tm_statistics.h"

namespace kemid {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class FakeProm final : public ExpositionShaper {
 public:
  FakeProm(std::string prefix, std::string selector)
      : prefix_(std::move(prefix)), selector_(std::move(selector)) {}
  const std::string& prefix() const override { return prefix_; }
  const std::string& statisticsSelector() const override { return selector_; }
  void collect(std::vector<prometheus::MetricFamily>& out) const override {
    prometheus::MetricFamily f;
    f.name = prefix_ + "calls_total";
    f.help = "User defined metric";
    f.type = prometheus::MetricType::Counter;
    prometheus::ClientMetric m;
    m.label.push_back({"method", "INVITE"});
    m.counter.value = 3;
    f.metric.push_back(m);
    out.push_back(f);
  }

 private:
  std::string prefix_;
  std::string selector_;
};

class MetricsTest : public ::testing::Test {
 protected:
  MetricsTest() : host_(kemi_, rpc_) {
    counters_.requests = 4;
    counters_.droppedRequests = 1;
    registerPipelineStatistics(host_.statistics(), counters_);
    registerRouteMetrics(host_.statistics(), host_.routeStatistics());
  }
  std::string render() { return Metrics(host_.statistics()).render(); }

  KemiRegistry kemi_;
  RpcRegistry rpc_;
  ModuleHost host_;
  PipelineCounters counters_;
};

TEST_F(MetricsTest, EveryStatisticUnderKamailioWithoutXhttpProm) {
  const std::string text = render();
  EXPECT_THAT(text, HasSubstr("\nkamailio_core_rcv_requests 4\n"));
  EXPECT_THAT(text, HasSubstr("\nkamailio_core_drop_requests 1\n"));
  EXPECT_THAT(text, HasSubstr("\nkemid_script_reloads_total{result=\"success\"} 0\n"));
}

TEST_F(MetricsTest, XhttpPromDecidesPrefixAndSelection) {
  FakeProm prom("sip_", "rcv_requests");
  host_.statistics().setExpositionShaper(&prom);
  const std::string text = render();
  EXPECT_THAT(text, HasSubstr("\nsip_calls_total{method=\"INVITE\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("\nsip_core_rcv_requests 4\n"));
  EXPECT_THAT(text, Not(HasSubstr("drop_requests")));
  EXPECT_THAT(text, Not(HasSubstr("kamailio_")));
  // kemid's own metrics keep their names.
  EXPECT_THAT(text, HasSubstr("\nprocess_open_fds "));
}

TEST_F(MetricsTest, XhttpPromWithoutStatsShowsNoInternalStatistics) {
  FakeProm prom("kamailio_", "");
  host_.statistics().setExpositionShaper(&prom);
  EXPECT_THAT(render(), Not(HasSubstr("kamailio_core_")));
}

TEST_F(MetricsTest, TransactionsByState) {
  tm::TmStats stats;
  stats.current = 9;
  stats.waiting = 4;
  stats.awaitingAck = 2;
  tm::registerTmStatistics(host_.statistics(), stats);
  const std::string text = render();
  EXPECT_THAT(text, HasSubstr("\nkemid_tm_transactions{state=\"proceeding\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("\nkemid_tm_transactions{state=\"completed\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("\nkemid_tm_transactions{state=\"waiting\"} 4\n"));
}

TEST_F(MetricsTest, RouteTimesErrorsAndReloads) {
  class Failing final : public RouteEngine {
    RouteOutcome run(std::string_view, MessageContext&) override { return RouteOutcome::Failed; }
    RouteOutcome runEvent(std::string_view, std::string_view, MessageContext&) override {
      return RouteOutcome::Failed;
    }
    bool defines(std::string_view) override { return true; }
    HookResult reload() override { return {}; }
    void interrupt() override {}
  } engine;
  host_.setRouting(&engine);
  MessageContext ctx;
  host_.routing()->run("MANAGE_FAILURE", ctx);
  host_.routeStatistics().recordReload(false);
  const std::string text = render();
  EXPECT_THAT(text,
              HasSubstr("\nkemid_route_duration_seconds_count{route=\"MANAGE_FAILURE\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("\nkemid_script_errors_total{route=\"MANAGE_FAILURE\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("\nkemid_script_reloads_total{result=\"failure\"} 1\n"));
}

}  // namespace
}  // namespace kemid
