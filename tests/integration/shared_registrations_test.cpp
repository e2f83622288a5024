// Two kemids sharing registrations through one redis-server (usrloc
// db_mode 3 over db_redis): a contact registered through kemid #1 is
// reached by an INVITE sent through kemid #2. The test starts its own
// redis-server (skipped, saying why, when it is not installed).

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <memory>
#include <string>

#include "support/process.h"
#include "support/redis_server.h"
#include "support/sipp.h"

namespace kemid::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

const std::string kSourceDir = KEMID_SOURCE_DIR;
const std::string kScenarios = kSourceDir + "/tests/integration/scenarios/";

// Ports of their own (see the other integration tests).
const std::string kFirst = "127.0.0.1:5290";
const std::string kSecond = "127.0.0.1:5292";
constexpr int kRegistrarPort = 5294;  // the SIPp that registers bob
constexpr int kCalleePort = 5295;     // bob's registered contact, a SIPp UAS
constexpr int kCallerPort = 5296;
constexpr int kFirstHttp = 9066;
constexpr int kSecondHttp = 9067;

const std::string kRoute = R"lua(
function ksr_request_route()
  if KSR.is_method("REGISTER") then
    KSR.registrar.save("location", 0)
    return
  end
  if KSR.registrar.lookup("location") < 0 then
    KSR.sl.sl_send_reply(404, "Not Found")
    return
  end
  KSR.tm.t_relay()
end
)lua";

std::string registerScenario() {
  return R"(<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="register bob">
  <send retrans="500"><![CDATA[
REGISTER sip:example.com SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:bob@example.com>;tag=[call_number]
To: <sip:bob@example.com>
Call-ID: [call_id]
CSeq: 1 REGISTER
Contact: <sip:bob@127.0.0.1:)" +
         std::to_string(kCalleePort) + R"(>
Expires: 3600
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200"/>
</scenario>
)";
}

class SharedRegistrations : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    redis_ = RedisServer::start(why);
    if (!redis_) GTEST_SKIP() << why;
    dir_.write("route.lua", kRoute);
  }

  void TearDown() override {
    for (auto& kemid : kemids_) {
      if (kemid->running()) {
        kemid->signal(SIGTERM);
        kemid->waitExit(10s);
      }
    }
  }

  BackgroundProcess& start(const std::string& listen, int httpPort) {
    const std::string name = "kemid-" + listen.substr(listen.find(':') + 1) + ".cfg";
    auto cfg = dir_.write(name,
                          "#!KAMAILIO\n"
                          "listen=udp:" +
                              listen +
                              "\n"
                              "children=2\n"
                              "debug=2\n"
                              "http_listen=\"127.0.0.1:" +
                              std::to_string(httpPort) +
                              "\"\n"
                              "loadmodule \"tm.so\"\n"
                              "loadmodule \"sl.so\"\n"
                              "loadmodule \"pv.so\"\n"
                              "loadmodule \"db_redis.so\"\n"
                              "loadmodule \"usrloc.so\"\n"
                              "loadmodule \"registrar.so\"\n"
                              "loadmodule \"app_lua.so\"\n"
                              "modparam(\"db_redis\", \"keys\", \"location=entry:ruid"
                              "&usrdom:username,domain&user:username\")\n"
                              "modparam(\"usrloc\", \"db_url\", \"" +
                              redis_->url(5) +
                              "\")\n"
                              "modparam(\"usrloc\", \"db_mode\", 3)\n"
                              "modparam(\"usrloc\", \"preload\", \"location\")\n"
                              "modparam(\"app_lua\", \"load\", \"route.lua\")\n"
                              "cfgengine \"lua\"\n");
    kemids_.push_back(std::make_unique<BackgroundProcess>(
        KEMID_BINARY, std::vector<std::string>{"-DD", "-E", "-f", cfg.string()},
        dir_.path().string()));
    EXPECT_TRUE(kemids_.back()->waitForStderr("started", 10s)) << kemids_.back()->stderrText();
    return *kemids_.back();
  }

  TempDir dir_;
  std::unique_ptr<RedisServer> redis_;
  std::vector<std::unique_ptr<BackgroundProcess>> kemids_;
};

TEST_F(SharedRegistrations, RegisteredThroughOneKemidReachedThroughTheOther) {
  BackgroundProcess& first = start(kFirst, kFirstHttp);
  BackgroundProcess& second = start(kSecond, kSecondHttp);
  BackgroundSipp bob(calleeOptions(kScenarios + "uas_answer_invite_bye.xml", kCalleePort),
                     dir_.path().string());

  auto scenario = dir_.write("register.xml", registerScenario());
  SippResult registered = runSipp(callerOptions(scenario.string(), kFirst, kRegistrarPort, 1, 1),
                                  dir_.path().string(), 20s);
  ASSERT_EQ(registered.successfulCalls, 1)
      << registered.output << registered.messages << first.stderrText();

  SippOptions call = callerOptions(kScenarios + "uac_invite_bye.xml", kSecond, kCallerPort, 1, 1);
  call.extra = {"-s", "bob"};
  SippResult called = runSipp(call, dir_.path().string(), 20s);
  EXPECT_EQ(called.successfulCalls, 1) << called.output << called.messages << second.stderrText();
  const std::string seen = bob.messages();
  EXPECT_THAT(seen, HasSubstr("INVITE sip:bob@127.0.0.1:" + std::to_string(kCalleePort)));
  EXPECT_THAT(seen, HasSubstr("BYE sip:"));

  // An unknown user is not found through either.
  call.extra = {"-s", "carol"};
  SippResult unknown = runSipp(call, dir_.path().string(), 20s);
  EXPECT_EQ(unknown.successfulCalls, 0);
  EXPECT_THAT(unknown.messages, HasSubstr("SIP/2.0 404 Not Found"));
}

}  // namespace
}  // namespace kemid::test
