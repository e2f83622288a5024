// dispatcher end to end: three SIPp callees behind ds_select_dst round
// robin; one is killed while calls flow. Its calls fail over in the failure
// route (ds_next_dst), OPTIONS probing marks it inactive (dispatcher.list
// over HTTP RPC), and once it is back probing makes it active again. No
// call is lost beyond those in flight to it when it died.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "support/http_client.h"
#include "support/kemid_process.h"
#include "support/process.h"
#include "support/sipp.h"

namespace kemid::test {
namespace {

using namespace std::chrono_literals;

const std::string kKemid = KEMID_BINARY;
const std::string kKemictl = KEMICTL_BINARY;
const std::string kScenarios = std::string(KEMID_SOURCE_DIR) + "/tests/integration/scenarios/";
// Ports of their own (5400-5420, 9070), outside the other tests' ranges.
const std::string kProxy = "127.0.0.1:5400";
constexpr int kHttpPort = 9070;
constexpr int kCallerPort = 5401;
constexpr int kCalleePorts[] = {5411, 5412, 5413};
const std::string kVictim = "sip:127.0.0.1:5412";

constexpr std::string_view kList =
    "1 sip:127.0.0.1:5411\n"
    "1 sip:127.0.0.1:5412\n"
    "1 sip:127.0.0.1:5413\n";

constexpr std::string_view kScript = R"lua(
function ksr_request_route()
  if KSR.is_ACK() or KSR.is_BYE() then
    KSR.tm.t_relay()
    return
  end
  if KSR.dispatcher.ds_select_dst(1, 4) < 0 then
    KSR.sl.sl_send_reply(503, "No Destination")
    return
  end
  KSR.tm.t_on_failure("ksr_failure_route")
  KSR.tm.t_relay()
end

function ksr_dispatcher_event(evname)
  KSR.info("dispatcher event: " .. evname .. " " .. KSR.pv.get("$ru") .. "\n")
end

function ksr_failure_route()
  if KSR.tm.t_is_canceled() > 0 then return end
  local code = KSR.pv.get("$T_reply_code")
  if code == 408 or (code >= 500 and code < 600) then
    KSR.dispatcher.ds_mark_dst()
    if KSR.dispatcher.ds_next_dst() > 0 then
      KSR.tm.t_on_failure("ksr_failure_route")
      KSR.tm.t_relay()
    end
  end
end
)lua";

constexpr std::string_view kConfig =
    "#!KAMAILIO\n"
    "listen=udp:127.0.0.1:5400\n"
    "children=4\n"
    "debug=2\n"
    "http_listen=\"127.0.0.1:9070\"\n"
    "loadmodule \"tm.so\"\n"
    "loadmodule \"tmx.so\"\n"
    "loadmodule \"sl.so\"\n"
    "loadmodule \"pv.so\"\n"
    "modparam(\"tm\", \"fr_timer\", 1000)\n"
    "loadmodule \"dispatcher.so\"\n"
    "modparam(\"dispatcher\", \"list_file\", \"dispatcher.list\")\n"
    "modparam(\"dispatcher\", \"flags\", 2)\n"
    "modparam(\"dispatcher\", \"ds_ping_interval\", 1)\n"
    "modparam(\"dispatcher\", \"ds_probing_mode\", 1)\n"
    "modparam(\"dispatcher\", \"event_callback\", \"ksr_dispatcher_event\")\n"
    "loadmodule \"app_lua.so\"\n"
    "modparam(\"app_lua\", \"load\", \"route.lua\")\n"
    "cfgengine \"lua\"\n";

class DispatcherFailoverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write("dispatcher.list", std::string(kList));
    dir_.write("route.lua", std::string(kScript));
    auto cfg = dir_.write("kemid.cfg", std::string(kConfig));
    kemid_ = test::startKemid(kKemid, cfg, dir_.path());
    ASSERT_TRUE(kemid_);
  }

  void TearDown() override { stopKemid(kemid_); }

  std::unique_ptr<BackgroundSipp> callee(int port) {
    return std::make_unique<BackgroundSipp>(
        calleeOptions(kScenarios + "uas_options_and_calls.xml", port), dir_.path().string());
  }

  std::string list() {
    return httpRequest(kHttpPort, "POST", "/RPC",
                       R"({"jsonrpc":"2.0","method":"dispatcher.list","id":1})")
        .body;
  }

  // The FLAGS dispatcher.list shows for `uri` ("" when it is not listed).
  std::string flagsOf(const std::string& uri) {
    const std::string body = list();
    const auto at = body.find("\"" + uri + "\"");
    if (at == std::string::npos) return "";
    const auto flags = body.find("\"FLAGS\"", at);
    const auto open = body.find('"', body.find(':', flags) + 1);
    return body.substr(open + 1, body.find('"', open + 1) - open - 1);
  }

  bool waitForFlags(const std::string& uri, const std::string& flags,
                    std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (flagsOf(uri) == flags) return true;
      std::this_thread::sleep_for(200ms);
    }
    return false;
  }

  TempDir dir_;
  std::unique_ptr<BackgroundProcess> kemid_;
};

TEST_F(DispatcherFailoverTest, ADeadCalleeIsFailedOverProbedDownAndBackUp) {
  std::unique_ptr<BackgroundSipp> callees[3];
  for (int i = 0; i < 3; ++i) callees[i] = callee(kCalleePorts[i]);
  // Probing keeps every destination "AP" while it answers.
  for (int port : kCalleePorts) {
    EXPECT_TRUE(waitForFlags("sip:127.0.0.1:" + std::to_string(port), "AP", 5s)) << list();
  }

  constexpr int kCalls = 400;
  auto load = std::async(std::launch::async, [this] {
    return runSipp(
        callerOptions(kScenarios + "uac_call_to_contact.xml", kProxy, kCallerPort, kCalls, 20),
        dir_.path().string(), 90s);
  });
  std::this_thread::sleep_for(4s);

  callees[1].reset();  // killed mid-run
  EXPECT_TRUE(waitForFlags(kVictim, "IP", 10s)) << list();
  EXPECT_NE(httpRequest(kHttpPort, "GET", "/metrics")
                .body.find("kemid_dispatcher_destination_up{destination=\"1 " + kVictim + "\"} 0"),
            std::string::npos);
  std::this_thread::sleep_for(3s);  // calls go to the two others meanwhile

  callees[1] = callee(kCalleePorts[1]);
  EXPECT_TRUE(waitForFlags(kVictim, "AP", 10s)) << list();
  // The probe that brought it back ran event_callback over a made-up
  // request to it.
  EXPECT_TRUE(kemid_->waitForStderr("dispatcher event: dispatcher:dst-up " + kVictim, 5s));

  SippResult calls = load.get();
  EXPECT_EQ(calls.successfulCalls + calls.failedCalls, kCalls) << calls.output;
  // Only calls already answered by the dead callee lose their BYE; every
  // INVITE it did not answer was relayed to another one.
  EXPECT_LE(calls.failedCalls, 3) << calls.output;
  // Back in the rotation: the new callee got calls again.
  EXPECT_GT(callees[1]->waitForCount("INVITE sip:", 1, 5s), 0);

  // kamctl's "dispatcher show" through kemictl.
  ProcessResult shown = runProcess(
      kKemictl, {"-s", "http://127.0.0.1:9070/RPC", "dispatcher", "show"}, dir_.path().string());
  EXPECT_EQ(shown.exitCode, 0) << shown.err;
  EXPECT_NE(shown.out.find(kVictim), std::string::npos) << shown.out;
}

}  // namespace
}  // namespace kemid::test
