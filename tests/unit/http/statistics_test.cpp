#include "http/statistics.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/message_pipeline.h"

namespace kemid {
namespace {

std::uint64_t valueOf(const Statistics& stats, const std::string& name) {
  for (const auto& s : stats.collect()) {
    if (s.group + ":" + s.name == name) return s.value;
  }
  ADD_FAILURE() << name << " missing";
  return 0;
}

TEST(Statistics, SelectorsAsKamailio) {
  Statistic s{"core", "rcv_requests", 1};
  EXPECT_TRUE(Statistics::matches(s, "all"));
  EXPECT_TRUE(Statistics::matches(s, "core:"));
  EXPECT_TRUE(Statistics::matches(s, "rcv_requests"));
  EXPECT_FALSE(Statistics::matches(s, "core:rcv_requests"));
  EXPECT_FALSE(Statistics::matches(s, "sl:"));
}

TEST(Statistics, CoreCountersPerMethodAndClass) {
  PipelineCounters counters;
  counters.requests = 5;
  counters.requestsByMethod[countedMethodIndex("INVITE")] = 3;
  counters.requestsByMethod[countedMethodIndex("PUBLISH")] = 2;
  counters.repliesByClass[4] = 7;
  Statistics stats(StatisticsSources{&counters, nullptr, nullptr, nullptr});
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

}  // namespace
}  // namespace kemid
