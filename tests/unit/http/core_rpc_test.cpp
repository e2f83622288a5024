#include "http/core_rpc.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/core_statistics.h"
#include "core/message_pipeline.h"
#include "core/rpc_registry.h"
#include "core/statistics_registry.h"
#include "http/json_rpc.h"

namespace kemid {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

class CoreRpcTest : public ::testing::Test {
 protected:
  CoreRpcTest() {
    registerPipelineStatistics(statistics_, counters_);
    counters_.requests = 20;
    counters_.repliesByClass[2] = 7;
    registry_.add(coreRpcCommands(), &state_);
  }
  HttpAnswer call(std::string_view method, std::string_view params = "[]") {
    return JsonRpcDispatcher(registry_).handle(R"({"jsonrpc":"2.0","method":")" +
                                               std::string(method) + R"(","params":)" +
                                               std::string(params) + R"(,"id":1})");
  }

  PipelineCounters counters_;
  StatisticsRegistry statistics_;
  RpcRegistry registry_;
  CoreRpcState state_{registry_, statistics_};
};

TEST_F(CoreRpcTest, MethodHelpGivesTheCommandsText) {
  auto a = call("system.methodHelp", R"(["core.uptime"])");
  EXPECT_EQ(a.status, 200);
  EXPECT_THAT(a.body, HasSubstr(R"("result":	"Returns uptime of SIP server.")"));
  EXPECT_EQ(call("system.methodHelp", R"(["no.such"])").status, 400);
  EXPECT_THAT(call("system.methodHelp").body, HasSubstr("Method name expected"));
}

TEST_F(CoreRpcTest, MethodSignatureIsNotImplemented) {
  auto a = call("system.methodSignature", R"(["core.uptime"])");
  EXPECT_EQ(a.status, 500);
  EXPECT_THAT(a.body, HasSubstr("Not Implemented Yet"));
}

TEST_F(CoreRpcTest, RuninfoHasKamailiosFields) {
  auto a = call("core.runinfo");
  EXPECT_EQ(a.status, 200);
  for (const char* field : {"name", "version", "sourceid", "compiler", "compiled", "time_now",
                            "time_started", "uptime_secs"}) {
    EXPECT_THAT(a.body, HasSubstr("\"" + std::string(field) + "\":\t")) << field;
  }
  EXPECT_THAT(a.body, HasSubstr("\"name\":\t\"kemid\""));
  EXPECT_THAT(a.body, MatchesRegex(R"((.|\n)*"utime_days":	"0d 0h 0m [0-9]+s"(.|\n)*)"));
}

TEST_F(CoreRpcTest, FetchGivesGroupDotNameKeys) {
  auto strings = call("stats.fetch", R"(["rcv_requests", "rcv_replies_2xx"])");
  EXPECT_EQ(strings.status, 200);
  EXPECT_THAT(strings.body, HasSubstr("\"core.rcv_requests\":\t\"20\""));
  EXPECT_THAT(strings.body, HasSubstr("\"core.rcv_replies_2xx\":\t\"7\""));
  EXPECT_THAT(strings.body, ::testing::Not(HasSubstr("rcv_replies_3xx")));

  auto numbers = call("stats.fetchn", R"(["core:"])");
  EXPECT_THAT(numbers.body, HasSubstr("\"core.rcv_requests\":\t20"));
  EXPECT_THAT(numbers.body, HasSubstr("\"core.rcv_replies_3xx\":\t0"));

  EXPECT_EQ(call("stats.fetch").status, 400);
}

}  // namespace
}  // namespace kemid
