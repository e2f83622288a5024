// Every transaction ends with a final response and is freed after its
// timers, whatever the callee does: answers, is busy, rings and vanishes,
// never answers, is canceled, or echoes a broken Via list.
//   SIPp UAC (5070) --> kemid (udp 127.0.0.1:5060, lua/route.lua) --> SIPp UAS (5080)
// Kamailio 5.6 relays a 487 whose Via list held only its own Via and the
// caller's call ends; kemid answers with the Vias of the request it received
// (RFC 3261 §16.7 steps 3 and 9).

#include <Poco/Net/HTTPRequest.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
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
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kKemid = KEMID_BINARY;
const std::string kSourceDir = KEMID_SOURCE_DIR;
const std::string kScenarios = kSourceDir + "/tests/integration/scenarios/";
const std::string kProxy = "127.0.0.1:5060";
constexpr int kCallerPort = 5070;
constexpr int kCalleePort = 5080;
constexpr int kHttpPort = 9062;

class TransactionLifetimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write("lua/route.lua", readFile(kSourceDir + "/lua/route.lua"));
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
                              "modparam(\"tm\", \"fr_timer\", 1000)\n"
                              "modparam(\"tm\", \"fr_inv_timer\", 1500)\n"
                              "modparam(\"tm\", \"wt_timer\", 1000)\n"
                              "modparam(\"app_lua\", \"load\", \"lua/route.lua\")\n"
                              "cfgengine \"lua\"\n");
    kemid_ = test::startKemid(kKemid, cfg, dir_.path());
    ASSERT_TRUE(kemid_);
  }

  void TearDown() override { stopKemid(kemid_); }

  // Runs `calls` calls of `callerScenario` against a callee playing
  // `calleeScenario`; returns the caller's result and the callee's trace.
  SippResult call(const std::string& calleeScenario, const std::string& callerScenario,
                  int calls = 1, std::string* calleeTrace = nullptr) {
    BackgroundSipp uas(calleeOptions(calleeScenario, kCalleePort), dir_.path().string());
    SippResult uac = runSipp(callerOptions(callerScenario, kProxy, kCallerPort, calls, 20),
                             dir_.path().string());
    if (calleeTrace != nullptr) *calleeTrace = uas.messages();
    return uac;
  }

  // A copy of uac_expect_final.xml expecting `code` as the final reply.
  std::string expectFinal(int code) {
    std::string text = readFile(kScenarios + "uac_expect_final.xml");
    for (auto pos = text.find("FINAL_CODE"); pos != std::string::npos;
         pos = text.find("FINAL_CODE")) {
      text.replace(pos, 10, std::to_string(code));
    }
    return dir_.write("uac_expect_" + std::to_string(code) + ".xml", text).string();
  }

  // Transactions in each state, from /metrics.
  long long transactions(const std::string& state) {
    HttpResult metrics = httpRequest(kHttpPort, Poco::Net::HTTPRequest::HTTP_GET, "/metrics");
    return metricValue(metrics.body, "kemid_tm_transactions\\{state=\"" + state + "\"\\}");
  }

  // True once no transaction is left in any state, polling for `timeout`.
  bool waitForNoTransaction(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    do {
      if (transactions("proceeding") == 0 && transactions("completed") == 0 &&
          transactions("waiting") == 0) {
        return true;
      }
      std::this_thread::sleep_for(100ms);
    } while (std::chrono::steady_clock::now() < deadline);
    return false;
  }

  TempDir dir_;
  std::unique_ptr<BackgroundProcess> kemid_;
};

// The part of a SIPp trace from the first `start` on.
std::string from(const std::string& trace, const std::string& start) {
  auto pos = trace.find(start);
  return pos == std::string::npos ? std::string() : trace.substr(pos);
}

// The callee's 487 carries only the proxy's Via (the CANCEL's, as SIPp's
// [last_Via:] gives it): the caller still gets its 487, with its own Via.
TEST_F(TransactionLifetimeTest, CallerGets487WhenCalleeEchoesTheCancelsVia) {
  std::string calleeTrace;
  SippResult uac = call(kScenarios + "uas_cancelled_echoing_cancel_via.xml",
                        kScenarios + "uac_cancel.xml", 1, &calleeTrace);
  EXPECT_EQ(uac.successfulCalls, 1) << uac.output << kemid_->stderrText();
  std::string reply = from(uac.messages, "SIP/2.0 487 ");
  ASSERT_FALSE(reply.empty()) << uac.messages;
  EXPECT_THAT(reply, HasSubstr("Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-cancel-"));
  EXPECT_THAT(reply.substr(0, reply.find("\r\n\r\n")),
              Not(HasSubstr("Via: SIP/2.0/UDP 127.0.0.1:5060")));
  // The callee's 487 was ACKed by the proxy (§17.1.1.3).
  EXPECT_THAT(from(calleeTrace, "SIP/2.0 487 "), HasSubstr("ACK sip:"));
  EXPECT_TRUE(waitForNoTransaction(10s));
}

// A 486 with the caller's Via dropped reaches the caller with it restored.
TEST_F(TransactionLifetimeTest, CallerGetsBusyWhenCalleeDropsItsVia) {
  SippResult uac = call(kScenarios + "uas_busy_own_via_only.xml", expectFinal(486));
  EXPECT_EQ(uac.successfulCalls, 1) << uac.output << kemid_->stderrText();
  EXPECT_THAT(from(uac.messages, "SIP/2.0 486 "), HasSubstr("Via: SIP/2.0/UDP 127.0.0.1:5070;"));
  EXPECT_TRUE(waitForNoTransaction(10s));
}

// Every way a call can end, one after another: afterwards no transaction is
// left once the wait timer has run.
TEST_F(TransactionLifetimeTest, NoTransactionOutlivesItsTimersAfterAMixedRun) {
  SippResult answered = call("uas", "uac", 20);
  EXPECT_EQ(answered.successfulCalls, 20) << answered.output;
  SippResult busy = call(kScenarios + "uas_busy.xml", expectFinal(486), 5);
  EXPECT_EQ(busy.successfulCalls, 5) << busy.output;
  SippResult brokenVia = call(kScenarios + "uas_busy_own_via_only.xml", expectFinal(486), 5);
  EXPECT_EQ(brokenVia.successfulCalls, 5) << brokenVia.output;
  SippResult canceled =
      call(kScenarios + "uas_ringing_cancelled.xml", kScenarios + "uac_cancel.xml", 5);
  EXPECT_EQ(canceled.successfulCalls, 5) << canceled.output;
  SippResult sloppyCancel =
      call(kScenarios + "uas_cancelled_echoing_cancel_via.xml", kScenarios + "uac_cancel.xml", 5);
  EXPECT_EQ(sloppyCancel.successfulCalls, 5) << sloppyCancel.output;
  // fr_timer (1 s) ends a call nobody answers, fr_inv_timer (1.5 s) one that
  // rang and went away: both with 408.
  SippResult silent = call(kScenarios + "uas_silent.xml", expectFinal(408), 3);
  EXPECT_EQ(silent.successfulCalls, 3) << silent.output;
  SippResult gone = call(kScenarios + "uas_ringing_then_gone.xml", expectFinal(408), 3);
  EXPECT_EQ(gone.successfulCalls, 3) << gone.output;
  // A callee that is not there at all (nothing listens on its port).
  SippResult absent =
      runSipp(callerOptions(expectFinal(408), kProxy, kCallerPort, 3, 20), dir_.path().string());
  EXPECT_EQ(absent.successfulCalls, 3) << absent.output;

  EXPECT_TRUE(waitForNoTransaction(10s))
      << "proceeding " << transactions("proceeding") << ", completed " << transactions("completed")
      << ", waiting " << transactions("waiting");
  HttpResult stats = httpRequest(kHttpPort, Poco::Net::HTTPRequest::HTTP_POST, "/RPC",
                                 R"({"jsonrpc":"2.0","method":"tm.stats","id":1})");
  EXPECT_THAT(stats.body, ContainsRegex("\"current\":\\s*0,"));
}

}  // namespace
}  // namespace kemid::test
