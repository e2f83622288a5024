// ndb_redis end to end: a script counts every OPTIONS in Redis while SIPp
// keeps sending them; the private redis-server is stalled (SIGSTOP) and
// then killed mid-run. Every request is still answered within a second
// (cmd_timeout is 200 ms: the command fails with -1 and the script goes
// on), and counting resumes once Redis is back, on the same connections'
// replacements.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "support/process.h"
#include "support/redis_server.h"
#include "support/sipp.h"

namespace kemid::test {
namespace {

using namespace std::chrono_literals;

const std::string kKemid = KEMID_BINARY;
// Ports of their own (other integration tests use 5160-5380, 9061-9064).
const std::string kProxy = "127.0.0.1:5400";
constexpr int kCallerPort = 5410;

// The reason phrase tells the caller whether Redis counted the request.
constexpr std::string_view kScript = R"lua(
function ksr_request_route()
  local rc = KSR.ndb_redis.redis_cmd("srv", "INCR requests", "r")
  KSR.info("counted rc=" .. rc .. "\n")
  if rc == 0 then
    KSR.sl.sl_send_reply(200, "Counted")
  else
    KSR.sl.sl_send_reply(200, "Not Counted")
  end
end
)lua";

// OPTIONS answered with 200 within one second, or the call fails.
constexpr std::string_view kOptions = R"(<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="options answered within a second">
  <send><![CDATA[
OPTIONS sip:[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:load@127.0.0.1>;tag=[call_number]
To: <sip:[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 OPTIONS
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200" timeout="1000"/>
</scenario>
)";

std::string config(std::uint16_t redisPort) {
  return "#!KAMAILIO\n"
         "listen=udp:127.0.0.1:5400\n"
         "children=4\n"
         "debug=2\n"
         "loadmodule \"sl.so\"\n"
         "loadmodule \"pv.so\"\n"
         "loadmodule \"ndb_redis.so\"\n"
         "modparam(\"ndb_redis\", \"server\", \"name=srv;addr=127.0.0.1;port=" +
         std::to_string(redisPort) +
         "\")\n"
         "modparam(\"ndb_redis\", \"cmd_timeout\", 200)\n"
         "modparam(\"ndb_redis\", \"connect_timeout\", 200)\n"
         "loadmodule \"app_lua.so\"\n"
         "modparam(\"app_lua\", \"load\", \"route.lua\")\n"
         "cfgengine \"lua\"\n";
}

TEST(NdbRedisOutage, RequestsAreAnsweredWhileRedisStallsAndIsDown) {
  std::string why;
  auto redis = RedisServer::start(why);
  if (!redis) GTEST_SKIP() << why;
  TempDir dir;
  dir.write("route.lua", std::string(kScript));
  const auto scenario = dir.write("options.xml", std::string(kOptions)).string();
  const auto cfg = dir.write("kemid.cfg", config(redis->port()));
  BackgroundProcess kemid(kKemid, {"-DD", "-E", "-f", cfg.string()}, dir.path().string());
  ASSERT_TRUE(kemid.waitForStderr("started", 10s)) << kemid.stderrText();

  // 10 requests a second for 15 seconds: Redis is up, stalled, up, down,
  // up. Stalled, each command holds its worker for cmd_timeout: 4 workers
  // keep up with 10 a second.
  constexpr int kRequests = 150;
  auto load = std::async(std::launch::async, [&] {
    return runSipp(callerOptions(scenario, kProxy, kCallerPort, kRequests, 10), dir.path().string(),
                   60s);
  });
  std::this_thread::sleep_for(3s);
  redis->pause();
  std::this_thread::sleep_for(3s);
  redis->resume();
  std::this_thread::sleep_for(3s);
  redis->stop();
  std::this_thread::sleep_for(3s);
  ASSERT_TRUE(redis->restart(why)) << why;

  SippResult result = load.get();
  EXPECT_EQ(result.successfulCalls, kRequests) << result.output;
  EXPECT_EQ(result.failedCalls, 0) << result.output;

  const std::string log = kemid.stderrText();
  EXPECT_NE(log.find("no reply within 200 ms"), std::string::npos) << log;  // the stall
  EXPECT_NE(log.find("Connection refused"), std::string::npos) << log;      // the kill
  EXPECT_GT(countOccurrences(log, "counted rc=-1"), 0) << log;
  // Counting resumed after the restart: the last requests were counted.
  const auto lastLine = log.rfind("counted rc=");
  ASSERT_NE(lastLine, std::string::npos);
  EXPECT_EQ(log.substr(lastLine, 13), "counted rc=0\n") << log;

  kemid.signal(SIGTERM);
  EXPECT_EQ(kemid.waitExit(10s), 0) << kemid.stderrText();
}

}  // namespace
}  // namespace kemid::test
