// kemid stops within two seconds of SIGTERM whatever it is doing: with
// open and half-open HTTP connections, transactions waiting for a callee,
// a script stuck in a loop, and SIPp load running (issue: shutdown that
// hangs). Each test measures from the signal to the process's exit.

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "support/http_client.h"
#include "support/kemid_process.h"
#include "support/process.h"
#include "support/sipp.h"

namespace kemid::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

const std::string kKemid = KEMID_BINARY;
const std::string kSourceDir = KEMID_SOURCE_DIR;
const std::string kScenarios = kSourceDir + "/tests/integration/scenarios/";
constexpr int kHttpPort = 9062;
constexpr std::chrono::milliseconds kShutdownBound = 2000ms;

// The seed script's shape, relaying to the callee on 5080.
const char* kRelayScript = R"lua(
function ksr_request_route()
  if KSR.maxfwd.process_maxfwd(10) < 0 then
    KSR.sl.send_reply(483, "Too Many Hops")
    return
  end
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  KSR.tm.t_relay()
end
)lua";

class ShutdownTest : public ::testing::Test {
 protected:
  void start(const std::string& script, const std::string& extraCfg = "") {
    dir_.write("route.lua", script);
    auto cfg = dir_.write("kemid.cfg",
                          "#!KAMAILIO\n"
                          "listen=udp:127.0.0.1:5060\n"
                          "children=2\n"
                          "debug=2\n"
                          "http_listen=\"127.0.0.1:" +
                              std::to_string(kHttpPort) +
                              "\"\n"
                              "loadmodule \"tm.so\"\n"
                              "loadmodule \"sl.so\"\n"
                              "loadmodule \"maxfwd.so\"\n"
                              "loadmodule \"pv.so\"\n"
                              "loadmodule \"app_lua.so\"\n"
                              "modparam(\"app_lua\", \"load\", \"route.lua\")\n" +
                              extraCfg + "cfgengine \"lua\"\n");
    kemid_ = test::startKemid(kKemid, cfg, dir_.path());
    ASSERT_TRUE(kemid_);
  }

  // Sends SIGTERM and expects a clean exit (0) within the bound.
  void expectPromptExit() {
    ASSERT_TRUE(kemid_->running()) << kemid_->stderrText();
    const auto signalled = Clock::now();
    kemid_->signal(SIGTERM);
    auto code = kemid_->waitExit(10s);
    const auto took =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - signalled);
    EXPECT_EQ(code, 0) << kemid_->stderrText();
    EXPECT_LT(took, kShutdownBound) << kemid_->stderrText();
  }

  std::unique_ptr<BackgroundSipp> callee(const std::string& scenario) {
    return std::make_unique<BackgroundSipp>(calleeOptions(kScenarios + scenario, 5080),
                                            dir_.path().string());
  }

  TempDir dir_;
  std::unique_ptr<BackgroundProcess> kemid_;
};

TEST_F(ShutdownTest, WithIdleAndHalfSentHttpRequests) {
  start(kRelayScript);
  const Poco::Net::SocketAddress http("127.0.0.1", kHttpPort);
  Poco::Net::StreamSocket idle(http);
  Poco::Net::StreamSocket halfSent(http);
  const std::string part = "POST /RPC HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{";
  halfSent.sendBytes(part.data(), static_cast<int>(part.size()));
  // A served keep-alive connection, left open.
  ASSERT_EQ(httpRequest(kHttpPort, "GET", "/metrics").status, 200);
  expectPromptExit();
}

TEST_F(ShutdownTest, WithTransactionsWaitingForASilentCallee) {
  start(kRelayScript);
  auto silent = callee("uas_silent.xml");
  BackgroundSipp caller(callerOptions("uac", "127.0.0.1:5060", 5070, 20, 100),
                        dir_.path().string());
  // Wait until the callee has every INVITE: 20 transactions in flight.
  ASSERT_EQ(silent->waitForCount("INVITE sip:", 20, 10s), 20);
  expectPromptExit();
}

TEST_F(ShutdownTest, WithAScriptStuckInALoop) {
  // No instruction limit: only the shutdown can end the loop.
  start("function ksr_request_route()\n  while true do end\nend\n",
        "modparam(\"app_lua\", \"instruction_limit\", 0)\n");
  BackgroundSipp caller(callerOptions("uac", "127.0.0.1:5060", 5070, 2, 10), dir_.path().string());
  // Both workers are looping once each has taken an INVITE (and its
  // retransmissions wait in the queues).
  caller.waitForCount("INVITE sip:", 2, 10s);
  std::this_thread::sleep_for(200ms);  // the datagrams cross loopback to the workers
  expectPromptExit();
}

TEST_F(ShutdownTest, UnderSippLoad) {
  start(kRelayScript);
  auto answering = callee("uas_answer_invite_bye.xml");
  BackgroundSipp caller(
      callerOptions(kScenarios + "uac_invite_bye.xml", "127.0.0.1:5060", 5070, 100000, 1000),
      dir_.path().string());
  ASSERT_GE(answering->waitForCount("BYE sip:", 200, 10s), 200);
  expectPromptExit();
}

}  // namespace
}  // namespace kemid::test
