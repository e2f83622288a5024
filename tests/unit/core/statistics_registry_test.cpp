#include "core/statistics_registry.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

#include "core/core_statistics.h"
#include "core/message_pipeline.h"

namespace kemid {
namespace {

std::uint64_t valueOf(const StatisticsRegistry& stats, const std::string& name) {
  for (const auto& s : stats.statistics()) {
    if (s.group + ":" + s.name == name) return s.value;
  }
  ADD_FAILURE() << name << " missing";
  return 0;
}

TEST(Statistics, SelectorsAsKamailio) {
  Statistic s{"core", "rcv_requests", 1};
  EXPECT_TRUE(statisticMatches(s, "all"));
  EXPECT_TRUE(statisticMatches(s, "core:"));
  EXPECT_TRUE(statisticMatches(s, "rcv_requests"));
  EXPECT_FALSE(statisticMatches(s, "core:rcv_requests"));
  EXPECT_FALSE(statisticMatches(s, "sl:"));
}

TEST(Statistics, CoreCountersPerMethodAndClass) {
  PipelineCounters counters;
  counters.requests = 5;
  counters.requestsByMethod[countedMethodIndex("INVITE")] = 3;
  counters.requestsByMethod[countedMethodIndex("PUBLISH")] = 2;
  counters.repliesByClass[4] = 7;
  StatisticsRegistry stats;
  registerPipelineStatistics(stats, counters);
  EXPECT_EQ(valueOf(stats, "core:rcv_requests"), 5u);
  EXPECT_EQ(valueOf(stats, "core:rcv_requests_invite"), 3u);
  EXPECT_EQ(valueOf(stats, "core:rcv_requests_publish"), 2u);
  EXPECT_EQ(valueOf(stats, "core:rcv_replies_4xx"), 7u);
  EXPECT_EQ(countedMethodIndex("invite"), kCountedMethods.size());  // case-sensitive

  std::vector<std::string> all{"rcv_requests"};
  stats.reset(all);
  EXPECT_EQ(valueOf(stats, "core:rcv_requests"), 0u);
  EXPECT_EQ(valueOf(stats, "core:rcv_requests_invite"), 3u);
  counters.requests += 2;
  EXPECT_EQ(valueOf(stats, "core:rcv_requests"), 2u);
}

TEST(Statistics, ModulesStatisticsKeepCountingAfterAReset) {
  std::atomic<std::uint64_t> sent{4};
  StatisticsRegistry stats;
  stats.addStatistic("sl", "sent_replies", sent);
  stats.addStatistic(
      "core", "rcv_requests", [] { return std::uint64_t{9}; }, true);
  std::vector<std::string> all{"all"};
  stats.reset(all);
  EXPECT_EQ(valueOf(stats, "sl:sent_replies"), 4u);
  EXPECT_EQ(valueOf(stats, "core:rcv_requests"), 0u);
  // Kamailio's order: by group, then name.
  EXPECT_EQ(stats.statistics().front().group, "core");
}

TEST(Statistics, TheCoresMetricsComeBeforeTheModules) {
  StatisticsRegistry stats;
  auto one = [](std::vector<MetricSample>& out) { out.push_back(MetricSample::unlabelled(1)); };
  stats.addMetric(StatisticsRegistry::Owner::Module, "kemid_module_metric", "", MetricType::Gauge,
                  one);
  stats.addMetric(StatisticsRegistry::Owner::Core, "kemid_core_metric", "", MetricType::Counter,
                  one);
  auto metrics = stats.metrics();
  ASSERT_EQ(metrics.size(), 2u);
  EXPECT_EQ(metrics[0].name, "kemid_core_metric");
  EXPECT_EQ(metrics[1].name, "kemid_module_metric");
  EXPECT_EQ(metrics[1].samples.at(0).value, 1);
  stats.clear();
  EXPECT_TRUE(stats.metrics().empty());
}

}  // namespace
}  // namespace kemid
