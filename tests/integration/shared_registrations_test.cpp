// Registrations shared through one redis-server (usrloc db_mode 3 over
// db_redis): a contact registered through one proxy is reached by an
// INVITE sent through another, for two kemids and for Kamailio 5.6's own
// db_redis next to kemid. The test starts its own redis-server (skipped,
// saying why, when it is not installed).

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "support/process.h"
#include "support/redis_server.h"
#include "support/sipp.h"

namespace kemid::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

const std::string kSourceDir = KEMID_SOURCE_DIR;
const std::string kScenarios = kSourceDir + "/tests/integration/scenarios/";
const std::string kKamailio = "/usr/sbin/kamailio";
const std::string kKamailioModules = "/usr/lib/x86_64-linux-gnu/kamailio/modules/";
const std::string kKamailioRedisSchema = "/usr/share/kamailio/db_redis/kamailio";

// Ports of their own (see the other integration tests).
const std::string kFirst = "127.0.0.1:5290";
const std::string kSecond = "127.0.0.1:5292";
const std::string kKamailioProxy = "127.0.0.1:5298";
constexpr int kRegistrarPort = 5294;  // the SIPp that registers
constexpr int kCalleePort = 5295;     // the registered contacts: a SIPp UAS
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

// REGISTERs [service]@example.com at the callee's port.
const std::string kRegister = R"(<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="register">
  <send retrans="500"><![CDATA[
REGISTER sip:example.com SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:[service]@example.com>;tag=[call_number]
To: <sip:[service]@example.com>
Call-ID: [call_id]
CSeq: 1 REGISTER
Contact: <sip:[service]@127.0.0.1:)" +
                              std::to_string(kCalleePort) +
                              R"(>
Expires: 3600
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200"/>
</scenario>
)";

// What both proxies load, Kamailio's db_redis keys included; `core` lines
// go before the modules, `params` after them.
std::string commonConfig(const std::string& listen, const std::string& dbUrl,
                         const std::string& core, const std::string& params) {
  return "#!KAMAILIO\n" + core + "listen=udp:" + listen +
         "\n"
         "children=2\n"
         "debug=2\n"
         "loadmodule \"tm.so\"\n"
         "loadmodule \"sl.so\"\n"
         "loadmodule \"pv.so\"\n"
         "loadmodule \"db_redis.so\"\n"
         "loadmodule \"usrloc.so\"\n"
         "loadmodule \"registrar.so\"\n"
         "loadmodule \"app_lua.so\"\n"
         "modparam(\"db_redis\", \"keys\", \"version=entry:table_name;location=entry:ruid"
         "&usrdom:username,domain&user:username&timer:partition,keepalive\")\n"
         "modparam(\"usrloc\", \"db_url\", \"" +
         dbUrl +
         "\")\n"
         "modparam(\"usrloc\", \"db_mode\", 3)\n"
         "modparam(\"usrloc\", \"preload\", \"location\")\n" +
         params + "cfgengine \"lua\"\n";
}

class SharedRegistrations : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    redis_ = RedisServer::start(why);
    if (!redis_) GTEST_SKIP() << why;
    route_ = dir_.write("route.lua", kRoute).string();
    register_ = dir_.write("register.xml", kRegister).string();
  }

  void TearDown() override {
    for (auto& proxy : proxies_) {
      if (proxy->running()) {
        proxy->signalGroup(SIGTERM);
        proxy->waitExit(10s);
      }
    }
  }

  BackgroundProcess& startKemid(const std::string& listen, int httpPort) {
    const std::string core = "http_listen=\"127.0.0.1:" + std::to_string(httpPort) + "\"\n";
    const std::string params = "modparam(\"app_lua\", \"load\", \"" + route_ + "\")\n";
    auto cfg = dir_.write("kemid-" + std::to_string(httpPort) + ".cfg",
                          commonConfig(listen, redis_->url(5), core, params));
    proxies_.push_back(std::make_unique<BackgroundProcess>(
        KEMID_BINARY, std::vector<std::string>{"-DD", "-E", "-f", cfg.string()},
        dir_.path().string(), BackgroundProcess::ProcessGroup::Own));
    EXPECT_TRUE(proxies_.back()->waitForStderr("started", 10s)) << proxies_.back()->stderrText();
    return *proxies_.back();
  }

  BackgroundProcess& startKamailio(const std::string& listen) {
    const std::string core = "log_stderror=yes\nmpath=\"" + kKamailioModules + "\"\n";
    const std::string params = "modparam(\"db_redis\", \"schema_path\", \"" + kKamailioRedisSchema +
                               "\")\nmodparam(\"app_lua\", \"load\", \"" + route_ + "\")\n";
    auto cfg = dir_.write("kamailio.cfg", commonConfig(listen, redis_->url(5), core, params));
    proxies_.push_back(std::make_unique<BackgroundProcess>(
        kKamailio,
        std::vector<std::string>{"-DD", "-E", "-f", cfg.string(), "-Y", dir_.path().string()},
        dir_.path().string(), BackgroundProcess::ProcessGroup::Own));
    EXPECT_TRUE(proxies_.back()->waitForStderr("SO_RCVBUF is finally", 10s))
        << proxies_.back()->stderrText();
    std::this_thread::sleep_for(300ms);  // the workers start right after
    return *proxies_.back();
  }

  // `user` registers through `proxy`, with the callee's address as contact.
  void registerThrough(const std::string& proxy, const std::string& user, BackgroundProcess& log) {
    SippOptions options = callerOptions(register_, proxy, kRegistrarPort, 1, 1);
    options.extra = {"-s", user};
    SippResult registered = runSipp(options, dir_.path().string(), 20s);
    ASSERT_EQ(registered.successfulCalls, 1)
        << registered.output << registered.messages << log.stderrText();
  }

  SippResult call(const std::string& proxy, const std::string& user) {
    SippOptions options =
        callerOptions(kScenarios + "uac_invite_bye.xml", proxy, kCallerPort, 1, 1);
    options.extra = {"-s", user};
    return runSipp(options, dir_.path().string(), 20s);
  }

  TempDir dir_;
  std::unique_ptr<RedisServer> redis_;
  std::string route_;
  std::string register_;
  std::vector<std::unique_ptr<BackgroundProcess>> proxies_;
};

TEST_F(SharedRegistrations, RegisteredThroughOneKemidReachedThroughTheOther) {
  BackgroundProcess& first = startKemid(kFirst, kFirstHttp);
  BackgroundProcess& second = startKemid(kSecond, kSecondHttp);
  BackgroundSipp bob(calleeOptions(kScenarios + "uas_answer_invite_bye.xml", kCalleePort),
                     dir_.path().string());
  registerThrough(kFirst, "bob", first);

  SippResult called = call(kSecond, "bob");
  EXPECT_EQ(called.successfulCalls, 1) << called.output << called.messages << second.stderrText();
  const std::string seen = bob.messages();
  EXPECT_THAT(seen, HasSubstr("INVITE sip:bob@127.0.0.1:" + std::to_string(kCalleePort)));
  EXPECT_THAT(seen, HasSubstr("BYE sip:"));

  // An unknown user is not found.
  SippResult unknown = call(kSecond, "carol");
  EXPECT_EQ(unknown.successfulCalls, 0);
  EXPECT_THAT(unknown.messages, HasSubstr("SIP/2.0 404 Not Found"));
}

// Kamailio's db_redis and kemid's read each other's location rows.
TEST_F(SharedRegistrations, KamailioAndKemidShareOneRedis) {
  if (!std::filesystem::exists(kKamailioModules + "db_redis.so")) {
    GTEST_SKIP() << "Kamailio's db_redis is not installed (kamailio-redis-modules)";
  }
  BackgroundProcess& kamailio = startKamailio(kKamailioProxy);
  BackgroundProcess& kemid = startKemid(kFirst, kFirstHttp);
  BackgroundSipp callee(calleeOptions(kScenarios + "uas_answer_invite_bye.xml", kCalleePort),
                        dir_.path().string());
  registerThrough(kKamailioProxy, "alice", kamailio);
  registerThrough(kFirst, "bob", kemid);

  SippResult alice = call(kFirst, "alice");
  EXPECT_EQ(alice.successfulCalls, 1) << alice.output << alice.messages << kemid.stderrText();
  SippResult bob = call(kKamailioProxy, "bob");
  EXPECT_EQ(bob.successfulCalls, 1) << bob.output << bob.messages << kamailio.stderrText();
  const std::string seen = callee.messages();
  EXPECT_THAT(seen, HasSubstr("INVITE sip:alice@127.0.0.1:" + std::to_string(kCalleePort)));
  EXPECT_THAT(seen, HasSubstr("INVITE sip:bob@127.0.0.1:" + std::to_string(kCalleePort)));
}

}  // namespace
}  // namespace kemid::test
