// htable end to end: a source banned through the htable.sets RPC is refused
// (403) from its very next call while another source keeps calling under
// load; htable.delete lifts the ban. As Kamailio's WITH_ANTIFLOOD: the
// script checks $sht(ipban=>$si).

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>

#include "support/http_client.h"
#include "support/kemid_process.h"
#include "support/process.h"
#include "support/sipp.h"

namespace kemid::test {
namespace {

using namespace std::chrono_literals;

const std::string kKemid = KEMID_BINARY;
const std::string kScenarios = std::string(KEMID_SOURCE_DIR) + "/tests/integration/scenarios/";
// Ports of their own (other integration tests use 5160-5296, 9061-9063).
const std::string kProxy = "127.0.0.1:5360";
constexpr int kHttpPort = 9064;
constexpr int kLoadCallerPort = 5370;
constexpr int kBannedCallerPort = 5371;
constexpr int kCalleePort = 5380;
// The source the test bans; the load comes from 127.0.0.1.
const std::string kBannedSource = "127.0.0.2";

constexpr std::string_view kScript = R"lua(
function ksr_request_route()
  if KSR.pv.get("$sht(ipban=>$si)") ~= nil then
    KSR.sl.sl_send_reply(403, "Forbidden")
    return
  end
  KSR.setdsturi("sip:127.0.0.1:5380")
  KSR.tm.t_relay()
end
)lua";

constexpr std::string_view kConfig =
    "#!KAMAILIO\n"
    "listen=udp:127.0.0.1:5360\n"
    "children=4\n"
    "debug=2\n"
    "http_listen=\"127.0.0.1:9064\"\n"
    "loadmodule \"tm.so\"\n"
    "loadmodule \"sl.so\"\n"
    "loadmodule \"pv.so\"\n"
    "loadmodule \"htable.so\"\n"
    "modparam(\"htable\", \"htable\", \"ipban=>size=8;autoexpire=300;\")\n"
    "loadmodule \"app_lua.so\"\n"
    "modparam(\"app_lua\", \"load\", \"route.lua\")\n"
    "cfgengine \"lua\"\n";

class HtableBanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write("route.lua", std::string(kScript));
    auto cfg = dir_.write("kemid.cfg", std::string(kConfig));
    kemid_ = test::startKemid(kKemid, cfg, dir_.path());
    ASSERT_TRUE(kemid_);
  }

  void TearDown() override { stopKemid(kemid_); }

  std::string rpc(const std::string& method, const std::string& params) {
    return httpRequest(kHttpPort, "POST", "/RPC",
                       R"({"jsonrpc":"2.0","method":")" + method + R"(","params":)" + params +
                           R"(,"id":1})")
        .body;
  }

  // One call from the banned source, expecting `code` as its final reply.
  SippResult callFromBannedSource(int code) {
    std::string text = readFile(kScenarios + "uac_expect_final.xml");
    for (auto pos = text.find("FINAL_CODE"); pos != std::string::npos;
         pos = text.find("FINAL_CODE")) {
      text.replace(pos, 10, std::to_string(code));
    }
    // The script refuses statelessly: no 100 Trying comes first.
    const std::string trying = R"(<recv response="100"/>)";
    if (auto pos = text.find(trying); pos != std::string::npos) {
      text.replace(pos, trying.size(), R"(<recv response="100" optional="true"/>)");
    }
    auto scenario = dir_.write("uac_expect_" + std::to_string(code) + ".xml", text).string();
    SippOptions options =
        callerOptions(code == 403 ? scenario : "uac", kProxy, kBannedCallerPort, 1, 10);
    options.extra = {"-i", kBannedSource};
    return runSipp(options, dir_.path().string(), 30s);
  }

  TempDir dir_;
  std::unique_ptr<BackgroundProcess> kemid_;
};

TEST_F(HtableBanTest, AnRpcBanTakesEffectOnTheNextCallAndDeleteLiftsIt) {
  constexpr int kLoadCalls = 3000;
  BackgroundSipp uas(calleeOptions("uas", kCalleePort), dir_.path().string());
  auto load = std::async(std::launch::async, [this] {
    return runSipp(callerOptions("uac", kProxy, kLoadCallerPort, kLoadCalls, 500),
                   dir_.path().string());
  });

  SippResult before = callFromBannedSource(200);
  EXPECT_EQ(before.successfulCalls, 1) << before.output;

  EXPECT_NE(rpc("htable.sets", R"(["ipban",")" + kBannedSource + R"(","1"])")
                .find("Ok. Key set to new value."),
            std::string::npos);
  SippResult banned = callFromBannedSource(403);
  EXPECT_EQ(banned.successfulCalls, 1) << banned.output;
  EXPECT_NE(rpc("htable.get", R"(["ipban",")" + kBannedSource + R"("])").find("\"value\""),
            std::string::npos);

  EXPECT_NE(
      rpc("htable.delete", R"(["ipban",")" + kBannedSource + R"("])").find("Ok. Key deleted."),
      std::string::npos);
  SippResult lifted = callFromBannedSource(200);
  EXPECT_EQ(lifted.successfulCalls, 1) << lifted.output;

  SippResult others = load.get();
  EXPECT_EQ(others.successfulCalls, kLoadCalls) << others.output;
  EXPECT_EQ(others.failedCalls, 0) << others.output;
}

}  // namespace
}  // namespace kemid::test
