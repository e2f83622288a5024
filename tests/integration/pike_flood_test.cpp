// pike under SIPp load: one source floods kemid while another keeps calling.
// Loopback offers every 127.0.0.x address, so each SIPp is a distinct source.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "support/kemid_process.h"
#include "support/process.h"
#include "support/sipp.h"

namespace kemid::test {
namespace {

using namespace std::chrono_literals;

const std::string kKemid = KEMID_BINARY;
const std::string kProxy = "127.0.0.1:5060";

// Refuses what pike reports as flooding, answers the rest.
constexpr const char* kScript = R"(
function ksr_request_route()
  if KSR.pike.pike_check_req() < 0 then
    KSR.sl.sl_send_reply(503, "Flooding")
    return
  end
  KSR.sl.sl_send_reply(200, "OK")
end
)";

// One OPTIONS per call; a 503 fails the call.
constexpr const char* kOptions = R"(<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="OPTIONS expecting 200">
  <send>
    <![CDATA[

      OPTIONS sip:[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:caller@[local_ip]>;tag=[call_number]
      To: <sip:[remote_ip]>
      Call-ID: [call_id]
      CSeq: 1 OPTIONS
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
  <recv response="200"/>
</scenario>
)";

class PikeFloodTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write("route.lua", kScript);
    scenario_ = dir_.write("options.xml", kOptions).string();
    // A one-second unit and a density of 20: 5 requests a second are
    // welcome, 500 are a flood.
    auto cfg = dir_.write("kemid.cfg",
                          "#!KAMAILIO\n"
                          "listen=udp:127.0.0.1:5060\n"
                          "children=2\n"
                          "debug=2\n"
                          "loadmodule \"sl.so\"\n"
                          "loadmodule \"pv.so\"\n"
                          "loadmodule \"pike.so\"\n"
                          "modparam(\"pike\", \"sampling_time_unit\", 1)\n"
                          "modparam(\"pike\", \"reqs_density_per_unit\", 20)\n"
                          "modparam(\"pike\", \"remove_latency\", 10)\n"
                          "loadmodule \"app_lua.so\"\n"
                          "modparam(\"app_lua\", \"load\", \"route.lua\")\n"
                          "cfgengine \"lua\"\n");
    kemid_ = test::startKemid(kKemid, cfg, dir_.path());
    ASSERT_TRUE(kemid_);
  }

  void TearDown() override { stopKemid(kemid_); }

  SippResult call(const std::string& fromIp, int port, int calls, int rate) {
    SippOptions options = callerOptions(scenario_, kProxy, port, calls, rate);
    options.extra = {"-i", fromIp};
    return runSipp(options, dir_.path().string());
  }

  TempDir dir_;
  std::string scenario_;
  std::unique_ptr<BackgroundProcess> kemid_;
};

TEST_F(PikeFloodTest, BlocksAFloodFromOneSourceWhileOthersKeepCalling) {
  auto steady = std::async(std::launch::async, [this] { return call("127.0.0.3", 5072, 25, 5); });
  std::this_thread::sleep_for(500ms);
  SippResult flood = call("127.0.0.2", 5070, 1500, 500);
  SippResult calm = steady.get();

  EXPECT_GT(flood.failedCalls, 1000) << flood.output;
  EXPECT_GT(flood.successfulCalls, 0) << flood.output;
  // The flood's calls failed on the script's 503, the other source never saw one.
  EXPECT_GT(countOccurrences(flood.messages, "SIP/2.0 503 Flooding"), 0);
  EXPECT_EQ(countOccurrences(calm.messages, "SIP/2.0 503"), 0);
  EXPECT_EQ(calm.successfulCalls, 25) << calm.output;
  EXPECT_EQ(calm.failedCalls, 0) << calm.output;
  EXPECT_NE(kemid_->stderrText().find("PIKE - BLOCKing ip 127.0.0.2"), std::string::npos)
      << kemid_->stderrText();
  EXPECT_EQ(kemid_->stderrText().find("BLOCKing ip 127.0.0.3"), std::string::npos);

  // Refused until it calms down: two quiet units later it is welcome again.
  std::this_thread::sleep_for(3s);
  SippResult after = call("127.0.0.2", 5070, 5, 5);
  EXPECT_EQ(after.successfulCalls, 5) << after.output;
  EXPECT_NE(kemid_->stderrText().find("PIKE - UNBLOCKing ip 127.0.0.2"), std::string::npos);
}

}  // namespace
}  // namespace kemid::test
