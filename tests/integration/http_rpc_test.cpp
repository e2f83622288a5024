// The HTTP listener end to end: kemid with http_listen on loopback, SIPp
// calls through it, then /metrics, /RPC and kemictl against what crossed
// the wire.

#include <Poco/Net/HTTPRequest.h>
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
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
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kKemid = KEMID_BINARY;
const std::string kKemictl = KEMICTL_BINARY;
const std::string kSourceDir = KEMID_SOURCE_DIR;
// Ports of their own, so that a kemid on 5060 (an installed one) does not
// get in the way; the seed script's next hop is moved to the callee's.
const std::string kProxy = "127.0.0.1:5160";
constexpr int kHttpPort = 9061;
const std::string kRpcUrl = "http://127.0.0.1:9061/RPC";
constexpr int kCallerPort = 5170;
constexpr int kCalleePort = 5180;

std::string seedScript() {
  std::string text = readFile(kSourceDir + "/lua/route.lua");
  const std::string hop = "127.0.0.1:5080";
  auto pos = text.find(hop);
  if (pos != std::string::npos) text.replace(pos, hop.size(), "127.0.0.1:5180");
  return text;
}

HttpResult httpRequest(const std::string& method, const std::string& path,
                       const std::string& body = "") {
  return kemid::test::httpRequest(kHttpPort, method, path, body);
}

HttpResult rpc(const std::string& body) {
  return httpRequest(Poco::Net::HTTPRequest::HTTP_POST, "/RPC", body);
}

// The seed configuration with the HTTP listener; `extra` goes after the
// modules it needs.
std::string proxyConfig(const std::string& extra = "") {
  return "#!KAMAILIO\n"
         "listen=udp:127.0.0.1:5160\n"
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
         "modparam(\"app_lua\", \"load\", \"lua/route.lua\")\n" +
         extra + "cfgengine \"lua\"\n";
}

class HttpRpcTest : public ::testing::Test {
 protected:
  void SetUp() override { start(seedScript(), proxyConfig()); }

  void start(const std::string& script, const std::string& config) {
    dir_.write("lua/route.lua", script);
    auto cfg = dir_.write("kemid.cfg", config);
    kemid_ = test::startKemid(kKemid, cfg, dir_.path());
    ASSERT_TRUE(kemid_);
  }

  void TearDown() override { stopKemid(kemid_); }

  ProcessResult kemictl(std::vector<std::string> args) {
    args.insert(args.begin(), {"-s", kRpcUrl});
    return runProcess(kKemictl, args, dir_.path().string());
  }

  TempDir dir_;
  std::unique_ptr<BackgroundProcess> kemid_;
};

TEST_F(HttpRpcTest, MetricsCountEveryMessageOfASippRun) {
  constexpr int kCalls = 50;
  BackgroundSipp uas(calleeOptions("uas", kCalleePort), dir_.path().string());
  SippResult uac =
      runSipp(callerOptions("uac", kProxy, kCallerPort, kCalls, 50), dir_.path().string());
  ASSERT_EQ(uac.successfulCalls, kCalls) << uac.output;
  ASSERT_EQ(uac.failedCalls, 0) << uac.output;

  // SIPp's uac sends INVITE, ACK, BYE per call; its uas answers the INVITE
  // with 180 and 200 and the BYE with 200: all of it crosses kemid.
  std::this_thread::sleep_for(200ms);  // the last 200 (BYE) is relayed after SIPp saw it
  HttpResult metrics = httpRequest(Poco::Net::HTTPRequest::HTTP_GET, "/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.contentType, "text/plain; version=0.0.4");
  const std::string& m = metrics.body;
  EXPECT_EQ(metricValue(m, "kamailio_core_rcv_requests"), 3 * kCalls) << m;
  EXPECT_EQ(metricValue(m, "kamailio_core_rcv_requests_invite"), kCalls);
  EXPECT_EQ(metricValue(m, "kamailio_core_rcv_requests_ack"), kCalls);
  EXPECT_EQ(metricValue(m, "kamailio_core_rcv_requests_bye"), kCalls);
  EXPECT_EQ(metricValue(m, "kamailio_core_rcv_requests_options"), 0);
  EXPECT_EQ(metricValue(m, "kamailio_core_rcv_replies"), 3 * kCalls);
  EXPECT_EQ(metricValue(m, "kamailio_core_rcv_replies_1xx"), kCalls);
  EXPECT_EQ(metricValue(m, "kamailio_core_rcv_replies_2xx"), 2 * kCalls);
  EXPECT_EQ(metricValue(m, "kamailio_core_rcv_replies_4xx"), 0);
  EXPECT_EQ(metricValue(m, "kamailio_core_bad_msg_hdr"), 0);
  EXPECT_EQ(metricValue(m, "kamailio_sl_sent_replies"), 0);
  EXPECT_EQ(metricValue(m, "kamailio_tmx_UAS_transactions"), 2 * kCalls);  // INVITE, BYE
  EXPECT_EQ(metricValue(m, "kamailio_tmx_2xx_transactions"), 2 * kCalls);
  // tm answers each INVITE with 100 itself and relays the callee's 180, 200
  // and the 200 to the BYE.
  EXPECT_EQ(metricValue(m, "kamailio_tmx_rpl_generated"), kCalls);
  EXPECT_EQ(metricValue(m, "kamailio_tmx_rpl_received"), 3 * kCalls);
  EXPECT_EQ(metricValue(m, "kamailio_tmx_rpl_relayed"), 3 * kCalls);
  EXPECT_EQ(metricValue(m, "kamailio_tmx_rpl_absorbed"), 0);
  EXPECT_EQ(metricValue(m, "kamailio_tmx_rpl_sent"), 4 * kCalls);
  EXPECT_EQ(metricValue(m, "kemid_parse_errors_total"), 0);
  EXPECT_EQ(metricValue(m, "kemid_udp_datagrams_received_total"), 6 * kCalls);
  EXPECT_GT(metricValue(m, "kemid_udp_bytes_received_total"), 0);
  EXPECT_GT(metricValue(m, "process_resident_memory_bytes"), 0);
  EXPECT_GT(metricValue(m, "process_open_fds"), 0);
  EXPECT_THAT(m, HasSubstr("kemid_worker_queue_depth{worker=\"0\"} 0"));
  // Every request ran ksr_request_route once, every reply ksr_reply_route.
  EXPECT_EQ(metricValue(m, "kemid_route_duration_seconds_count\\{route=\"ksr_request_route\"\\}"),
            3 * kCalls);
  EXPECT_EQ(
      metricValue(
          m, "kemid_route_duration_seconds_bucket\\{route=\"ksr_reply_route\",le=\"\\+Inf\"\\}"),
      3 * kCalls);
  // tm's callbacks by name: each reply matched a transaction (180 and 200
  // to the INVITE, 200 to the BYE) and ran the onreply route; nothing failed.
  EXPECT_EQ(
      metricValue(m, "kemid_route_duration_seconds_count\\{route=\"ksr_onreply_route_one\"\\}"),
      3 * kCalls);
  EXPECT_EQ(
      metricValue(m, "kemid_route_duration_seconds_count\\{route=\"ksr_branch_route_one\"\\}"),
      2 * kCalls);
  EXPECT_EQ(metricValue(m, "kemid_script_errors_total\\{route=\"ksr_request_route\"\\}"), 0);
  EXPECT_THAT(m, Not(HasSubstr("ksr_failure_route_one")));
  // Every call is answered positively: no transaction is still proceeding
  // or waiting for the ACK to a negative reply.
  EXPECT_EQ(metricValue(m, "kemid_tm_transactions\\{state=\"proceeding\"\\}"), 0);
  EXPECT_EQ(metricValue(m, "kemid_tm_transactions\\{state=\"completed\"\\}"), 0);
  EXPECT_THAT(m, HasSubstr("kemid_build_info{version=\""));

  // stats.get_statistics gives the same counters in Kamailio's form.
  HttpResult stats = rpc(R"({"jsonrpc":"2.0","method":"stats.get_statistics",)"
                         R"("params":["core:"],"id":1})");
  EXPECT_EQ(stats.status, 200);
  EXPECT_THAT(stats.body, HasSubstr("\"core:rcv_requests = " + std::to_string(3 * kCalls) + "\""));
  EXPECT_THAT(stats.body,
              HasSubstr("\"core:rcv_requests_invite = " + std::to_string(kCalls) + "\""));
  EXPECT_THAT(stats.body, Not(HasSubstr("sl:")));
  ProcessResult byName = kemictl({"stats.get_statistics", "rcv_replies_2xx"});
  EXPECT_EQ(byName.exitCode, 0) << byName.err;
  EXPECT_EQ(byName.out, "core:rcv_replies_2xx = " + std::to_string(2 * kCalls) + "\n");

  // stats.reset_statistics resets the core counters.
  EXPECT_EQ(kemictl({"stats.reset_statistics", "all"}).exitCode, 0);
  metrics = httpRequest(Poco::Net::HTTPRequest::HTTP_GET, "/metrics");
  EXPECT_EQ(metricValue(metrics.body, "kamailio_core_rcv_requests"), 0);
  EXPECT_EQ(metricValue(metrics.body, "kamailio_tmx_UAS_transactions"), 2 * kCalls);
}

TEST_F(HttpRpcTest, RpcAnswersInKamailiosFormat) {
  HttpResult version = rpc(R"({"jsonrpc":"2.0","method":"core.version","id":7})");
  EXPECT_EQ(version.status, 200);
  EXPECT_EQ(version.contentType, "application/json");
  EXPECT_THAT(version.body, ::testing::MatchesRegex("\\{\n\t\"jsonrpc\":\t\"2.0\",\n\t\"result\":"
                                                    "\t\"kemid [0-9.]+ \\(x86_64/linux\\) \",\n"
                                                    "\t\"id\":\t7\n\\}"));

  HttpResult methods = rpc(R"({"jsonrpc":"2.0","method":"system.listMethods","id":"x"})");
  EXPECT_EQ(methods.status, 200);
  for (const char* name : {"app_lua.reload", "core.psx", "core.uptime", "sl.stats",
                           "stats.get_statistics", "tm.stats"}) {
    EXPECT_THAT(methods.body, HasSubstr(std::string("\"") + name + "\"")) << methods.body;
  }
  EXPECT_THAT(methods.body, HasSubstr("\"id\":\t\"x\""));

  HttpResult uptime = rpc(R"({"jsonrpc":"2.0","method":"core.uptime","params":[],"id":1})");
  EXPECT_THAT(uptime.body, HasSubstr("\"uptime\":\t"));
  EXPECT_THAT(uptime.body, HasSubstr("\"up_since\":\t"));

  HttpResult runinfo = rpc(R"({"jsonrpc":"2.0","method":"core.runinfo","id":5})");
  EXPECT_THAT(runinfo.body, HasSubstr("\"uptime_secs\":\t"));
  HttpResult help = rpc(R"({"jsonrpc":"2.0","method":"system.methodHelp",)"
                        R"("params":["tm.stats"],"id":6})");
  EXPECT_EQ(help.status, 200);
  EXPECT_THAT(help.body, ::testing::ContainsRegex("\"result\":\t\"[^\"]+\""));
  HttpResult fetch = rpc(R"({"jsonrpc":"2.0","method":"stats.fetch",)"
                         R"("params":["rcv_requests"],"id":7})");
  EXPECT_THAT(fetch.body, HasSubstr("\"core.rcv_requests\":\t\"0\""));

  HttpResult tm = rpc(R"({"jsonrpc":"2.0","method":"tm.stats","id":2})");
  EXPECT_THAT(tm.body, HasSubstr("\"current\":\t0,"));

  // An object's params are taken positionally.
  HttpResult stats = rpc(R"({"jsonrpc":"2.0","method":"stats.get_statistics",)"
                         R"("params":{"which":"rcv_requests"},"id":3})");
  EXPECT_THAT(stats.body, HasSubstr("\"result\":\t[\"core:rcv_requests = 0\"]"));

  // Kamailio's quirk: no "jsonrpc":"2.0" answers an empty result.
  HttpResult noVersion = rpc(R"({"method":"core.version","id":4})");
  EXPECT_EQ(noVersion.status, 200);
  EXPECT_THAT(noVersion.body, HasSubstr("\"result\":\t{}"));
}

TEST_F(HttpRpcTest, RpcErrors) {
  HttpResult unknown = rpc(R"({"jsonrpc":"2.0","method":"no.such","id":3})");
  EXPECT_EQ(unknown.status, 500);
  EXPECT_EQ(unknown.reason, "Method Not Found");
  EXPECT_EQ(unknown.body,
            "{\n\t\"jsonrpc\":\t\"2.0\",\n\t\"error\":\t{\n\t\t\"code\":\t500,\n\t\t\"message\":"
            "\t\"Method Not Found\"\n\t},\n\t\"id\":\t3\n}");

  HttpResult missingArgument = rpc(R"({"jsonrpc":"2.0","method":"stats.get_statistics","id":1})");
  EXPECT_EQ(missingArgument.status, 400);
  // A parameter of the wrong type is the caller's mistake too (probe #18).
  for (const char* params : {R"([{"a":1}])", R"([[1,2]])"}) {
    HttpResult wrongType = rpc(std::string(R"({"jsonrpc":"2.0","method":"stats.get_statistics",)") +
                               R"("id":2,"params":)" + params + "}");
    EXPECT_EQ(wrongType.status, 400) << params;
    EXPECT_EQ(wrongType.reason, "Invalid Parameters") << params;
  }

  EXPECT_EQ(rpc("{not json").status, 400);
  EXPECT_EQ(rpc("").status, 400);
  EXPECT_EQ(rpc(std::string(1024 * 1024 + 10, ' ')).status, 400);
  EXPECT_EQ(httpRequest(Poco::Net::HTTPRequest::HTTP_GET, "/nowhere").status, 404);
  EXPECT_EQ(httpRequest(Poco::Net::HTTPRequest::HTTP_POST, "/metricsx", "{}").status, 404);
  EXPECT_EQ(httpRequest(Poco::Net::HTTPRequest::HTTP_GET, "/RPC").status, 405);

  // Still serving after all that.
  EXPECT_EQ(rpc(R"({"jsonrpc":"2.0","method":"core.version","id":1})").status, 200);
}

TEST_F(HttpRpcTest, KemictlPrintsAnswersAndFaults) {
  ProcessResult version = kemictl({"core.version"});
  EXPECT_EQ(version.exitCode, 0) << version.err;
  EXPECT_THAT(version.out, ::testing::MatchesRegex("kemid [0-9.]+ \\(x86_64/linux\\) \n"));

  ProcessResult uptime = kemictl({"core.uptime"});
  EXPECT_EQ(uptime.exitCode, 0);
  EXPECT_THAT(uptime.out, ::testing::MatchesRegex("now: .*\nup_since: .*\nuptime: [0-9]+\n"));

  ProcessResult json = kemictl({"--json", "tm.stats"});
  EXPECT_EQ(json.exitCode, 0);
  EXPECT_THAT(json.out, HasSubstr("\"result\":\t{\n\t\t\"current\":\t0,"));

  ProcessResult list = kemictl({"app_lua.list"});
  EXPECT_EQ(list.exitCode, 0);
  EXPECT_THAT(list.out, HasSubstr("0: ["));

  ProcessResult unknown = kemictl({"no.such"});
  EXPECT_NE(unknown.exitCode, 0);
  EXPECT_EQ(unknown.out, "");
  EXPECT_EQ(unknown.err, "error: 500 - Method Not Found\n");

  // A numeric argument is sent as a number: app_lua.reload refuses index 5.
  ProcessResult badIndex = kemictl({"app_lua.reload", "5"});
  EXPECT_NE(badIndex.exitCode, 0);
  EXPECT_THAT(badIndex.err, HasSubstr("Reload Failed"));

  // The refusal is counted.
  HttpResult metrics = httpRequest(Poco::Net::HTTPRequest::HTTP_GET, "/metrics");
  EXPECT_THAT(metrics.body,
              HasSubstr("kemid_rpc_calls_total{method=\"app_lua.reload\",result=\"fault\"} 1\n"));
  EXPECT_THAT(metrics.body,
              HasSubstr("kemid_rpc_calls_total{method=\"core.version\",result=\"ok\"} 1\n"));

  ProcessResult refused =
      runProcess(kKemictl, {"-s", "http://127.0.0.1:1/RPC", "core.version"}, dir_.path().string());
  EXPECT_NE(refused.exitCode, 0);
  EXPECT_THAT(refused.err, HasSubstr("error: cannot reach http://127.0.0.1:1/RPC"));
  EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1);

  ProcessResult usage = runProcess(kKemictl, {}, dir_.path().string());
  EXPECT_NE(usage.exitCode, 0);
}

// Issue 5's reload test: calls run continuously while the script changes
// and is reloaded through the RPC; none fails, each version's behaviour
// shows on the wire, and a script that does not compile is refused with
// its file and line while the running one keeps routing.
TEST_F(HttpRpcTest, ReloadUnderLoadLosesNoCall) {
  const std::string original = seedScript();
  const std::string marker = "    KSR.pv.sets(\"$du\", \"sip:127.0.0.1:5180\")\n";
  ASSERT_NE(original.find(marker), std::string::npos);
  auto version = [&](int n) {
    std::string text = original;
    text.insert(text.find(marker),
                "    KSR.hdr.append(\"X-Script-Version: " + std::to_string(n) + "\\r\\n\")\n");
    return text;
  };

  BackgroundSipp uas(calleeOptions("uas", kCalleePort), dir_.path().string());
  SippResult uac;
  std::thread caller([&] {
    uac = runSipp(callerOptions("uac", kProxy, kCallerPort, 400, 100), dir_.path().string());
  });

  // Scraped while the calls run: the counters move between scrapes.
  long long requestsSeen = 0;
  for (int n = 1; n <= 3; ++n) {
    std::this_thread::sleep_for(700ms);
    const long long requests =
        metricValue(httpRequest(Poco::Net::HTTPRequest::HTTP_GET, "/metrics").body,
                    "kamailio_core_rcv_requests");
    EXPECT_GT(requests, requestsSeen) << "scrape " << n;
    requestsSeen = requests;
    dir_.write("lua/route.lua", version(n));
    HttpResult reload = rpc(R"({"jsonrpc":"2.0","method":"app_lua.reload","id":1})");
    EXPECT_EQ(reload.status, 200) << reload.body;
  }
  std::this_thread::sleep_for(500ms);
  dir_.write("lua/route.lua", version(4) + "\nfunction broken(\n");
  HttpResult refused = rpc(R"({"jsonrpc":"2.0","method":"app_lua.reload","id":2})");
  EXPECT_EQ(refused.status, 500);
  EXPECT_THAT(refused.body, ::testing::ContainsRegex("route\\.lua:[0-9]+"));
  caller.join();

  EXPECT_EQ(uac.successfulCalls, 400) << uac.output;
  EXPECT_EQ(uac.failedCalls, 0) << uac.output;
  const std::string wire = uas.messages();
  for (int n = 1; n <= 3; ++n) {
    EXPECT_THAT(wire, HasSubstr("X-Script-Version: " + std::to_string(n) + "\r\n")) << n;
  }
  EXPECT_THAT(wire, Not(HasSubstr("X-Script-Version: 4")));
  HttpResult metrics = httpRequest(Poco::Net::HTTPRequest::HTTP_GET, "/metrics");
  EXPECT_THAT(metrics.body,
              HasSubstr("kemid_rpc_calls_total{method=\"app_lua.reload\",result=\"fault\"} 1\n"));
  EXPECT_THAT(metrics.body,
              HasSubstr("kemid_rpc_calls_total{method=\"app_lua.reload\",result=\"ok\"} 3\n"));
  EXPECT_THAT(metrics.body, HasSubstr("kemid_script_reloads_total{result=\"success\"} 3\n"));
  EXPECT_THAT(metrics.body, HasSubstr("kemid_script_reloads_total{result=\"failure\"} 1\n"));
}

// SIGHUP reloads as the RPC does, and is counted the same way.
TEST_F(HttpRpcTest, SighupReloadIsAppliedAndCounted) {
  const std::string original = seedScript();
  const std::string marker = "    KSR.pv.sets(\"$du\", \"sip:127.0.0.1:5180\")\n";
  std::string changed = original;
  changed.insert(changed.find(marker), "    KSR.hdr.append(\"X-Reloaded: sighup\\r\\n\")\n");
  BackgroundSipp uas(calleeOptions("uas", kCalleePort), dir_.path().string());

  dir_.write("lua/route.lua", changed);
  kemid_->signal(SIGHUP);
  ASSERT_TRUE(kemid_->waitForStderr("SIGHUP: routing script reload scheduled", 5s))
      << kemid_->stderrText();
  SippResult first =
      runSipp(callerOptions("uac", kProxy, kCallerPort, 5, 50), dir_.path().string());
  EXPECT_EQ(first.successfulCalls, 5) << first.output;
  EXPECT_EQ(uas.waitForCount("X-Reloaded: sighup\r\n", 15, 2s), 15);  // INVITE, ACK, BYE

  dir_.write("lua/route.lua", "function ksr_request_route(\n");
  kemid_->signal(SIGHUP);
  ASSERT_TRUE(kemid_->waitForStderr("SIGHUP: routing script reload refused", 5s))
      << kemid_->stderrText();
  EXPECT_THAT(kemid_->stderrText(), ::testing::ContainsRegex("route\\.lua:[0-9]+"));
  SippResult second =
      runSipp(callerOptions("uac", kProxy, kCallerPort, 5, 50), dir_.path().string());
  EXPECT_EQ(second.successfulCalls, 5) << second.output;  // the previous script routes on
  EXPECT_EQ(uas.waitForCount("X-Reloaded: sighup\r\n", 30, 2s), 30);

  HttpResult metrics = httpRequest(Poco::Net::HTTPRequest::HTTP_GET, "/metrics");
  EXPECT_THAT(metrics.body, HasSubstr("kemid_script_reloads_total{result=\"success\"} 1\n"));
  EXPECT_THAT(metrics.body, HasSubstr("kemid_script_reloads_total{result=\"failure\"} 1\n"));
}

// The script's own metrics (xhttp_prom): declared by modparam, counted by
// KSR.xhttp_prom.* during a SIPp run and over RPC, shown with the module's
// prefix next to the internal statistics it selects.
// http_allow: /RPC from an address outside the list is refused; /metrics
// stays open. A listener beyond loopback without any check is warned about.
class RpcAllowListTest : public HttpRpcTest {
 protected:
  void SetUp() override {
    std::string config = proxyConfig("http_allow=\"10.0.0.0/8, 192.0.2.1\"\n");
    start(seedScript(), config);
  }
};

TEST_F(RpcAllowListTest, RefusesAddressesOutsideTheList) {
  HttpResult refused = rpc(R"({"jsonrpc":"2.0","method":"stats.reset_statistics","id":1})");
  EXPECT_EQ(refused.status, 403);
  EXPECT_THAT(refused.body, HasSubstr("http_allow"));
  EXPECT_THAT(kemid_->stderrText(), HasSubstr("RPC from 127.0.0.1 refused: not in http_allow"));
  EXPECT_EQ(httpRequest(Poco::Net::HTTPRequest::HTTP_GET, "/metrics").status, 200);
  EXPECT_THAT(kemid_->stderrText(), Not(HasSubstr("reachable beyond loopback")));
}

TEST_F(RpcAllowListTest, ListenerBeyondLoopbackWithoutChecksIsWarnedAbout) {
  TearDown();
  std::string config = proxyConfig();
  const std::string loopback = "http_listen=\"127.0.0.1:";
  config.replace(config.find(loopback), loopback.size(), "http_listen=\"0.0.0.0:");
  start(seedScript(), config);
  EXPECT_THAT(kemid_->stderrText(),
              HasSubstr("is reachable beyond loopback and /RPC has neither http_allow nor "
                        "http_token"));
}

// http_token: /RPC wants "Authorization: Bearer <token>"; kemictl sends it
// from -t or KEMID_RPC_TOKEN.
class RpcTokenTest : public HttpRpcTest {
 protected:
  void SetUp() override {
    start(seedScript(), proxyConfig("http_allow=\"127.0.0.0/8 ::1\"\nhttp_token=\"s3cret\"\n"));
  }
};

TEST_F(RpcTokenTest, OnlyTheBearerOfTheTokenIsServed) {
  HttpResult anonymous = rpc(R"({"jsonrpc":"2.0","method":"core.version","id":1})");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(httpRequest(Poco::Net::HTTPRequest::HTTP_GET, "/metrics").status, 200);

  ProcessResult withToken = kemictl({"-t", "s3cret", "core.version"});
  EXPECT_EQ(withToken.exitCode, 0) << withToken.err;
  EXPECT_THAT(withToken.out, HasSubstr("kemid "));

  ProcessResult fromEnvironment =
      runProcess("/usr/bin/env", {"KEMID_RPC_TOKEN=s3cret", kKemictl, "-s", kRpcUrl, "core.uptime"},
                 dir_.path().string());
  EXPECT_EQ(fromEnvironment.exitCode, 0) << fromEnvironment.err;

  ProcessResult wrong = kemictl({"-t", "s3cre", "core.version"});
  EXPECT_NE(wrong.exitCode, 0);
  EXPECT_EQ(wrong.err, "error: 401 - Unauthorized (not a JSON-RPC answer)\n");
  EXPECT_THAT(kemid_->stderrText(), HasSubstr("refused: missing or wrong bearer token"));
}

// Slow and greedy HTTP clients (slowloris, probe #4) cannot keep /metrics
// and /RPC from being served, and a request that never completes is cut.
class SlowClientTest : public HttpRpcTest {
 protected:
  ~SlowClientTest() override {
    for (int fd : clients_) ::close(fd);
  }

  // A TCP connection from `source` (any 127/8 address) that sends the start
  // of a request and never its end; -1 when it cannot connect.
  int slowClient(const char* source) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    ::inet_pton(AF_INET, source, &local.sin_addr);
    sockaddr_in server{};
    server.sin_family = AF_INET;
    server.sin_port = htons(kHttpPort);
    ::inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
        ::connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof server) != 0) {
      ::close(fd);
      return -1;
    }
    const std::string start = "GET /metrics HTTP/1.1\r\nHost: kemid\r\n";
    EXPECT_EQ(::send(fd, start.data(), start.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(start.size()));
    clients_.push_back(fd);
    return fd;
  }

  // Whether the server closed fd (a read gives end of file) within `wait`.
  static bool closedByServer(int fd, std::chrono::seconds wait) {
    timeval timeout{static_cast<time_t>(wait.count()), 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    char buf[256];
    for (;;) {
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n == 0) return true;
      if (n < 0) return errno == ECONNRESET;  // else the wait ended: still open
    }
  }

  std::vector<int> clients_;
};

TEST_F(SlowClientTest, TricklingClientsDoNotStarveAScrape) {
  // More slow connections from one address than kemid has HTTP threads.
  for (int i = 0; i < 12; ++i) ASSERT_GE(slowClient("127.0.0.2"), 0) << i;
  std::this_thread::sleep_for(300ms);  // all accepted and dispatched
  HttpResult scrape = httpRequest(Poco::Net::HTTPRequest::HTTP_GET, "/metrics");
  EXPECT_EQ(scrape.status, 200);
  EXPECT_EQ(rpc(R"({"jsonrpc":"2.0","method":"core.version","id":1})").status, 200);
  EXPECT_THAT(kemid_->stderrText(), HasSubstr("HTTP connection from 127.0.0.2 refused"));
}

TEST_F(SlowClientTest, ARequestThatNeverCompletesIsCut) {
  int fd = slowClient("127.0.0.3");
  ASSERT_GE(fd, 0);
  // Trickle a header line every second, as slowloris does: no read waits
  // long enough for the idle timeout, and the request never ends.
  bool closed = false;
  for (int i = 0; i < 20 && !closed; ++i) {
    ::send(fd, "X-a: b\r\n", 8, MSG_NOSIGNAL);
    closed = closedByServer(fd, 1s);
  }
  EXPECT_TRUE(closed);
  EXPECT_THAT(kemid_->stderrText(), HasSubstr("closed: no complete request within 10000 ms"));
  EXPECT_EQ(httpRequest(Poco::Net::HTTPRequest::HTTP_GET, "/metrics").status, 200);
}

class XhttpPromTest : public HttpRpcTest {
 protected:
  static constexpr const char* kModule =
      "loadmodule \"xhttp_prom.so\"\n"
      "modparam(\"xhttp_prom\", \"xhttp_prom_beginning\", \"sip_\")\n"
      "modparam(\"xhttp_prom\", \"xhttp_prom_stats\", \"core:\")\n"
      "modparam(\"xhttp_prom\", \"prom_counter\", \"name=requests_total; label=method\")\n"
      "modparam(\"xhttp_prom\", \"prom_gauge\", \"name=last_code\")\n"
      "modparam(\"xhttp_prom\", \"prom_histogram\", \"name=reply_size; buckets=300:10000\")\n";

  void SetUp() override {
    std::string script = seedScript();
    const std::string requestRoute = "function ksr_request_route()\n";
    script.insert(
        script.find(requestRoute) + requestRoute.size(),
        "    KSR.xhttp_prom.counter_inc_l1(\"requests_total\", 1, KSR.pv.get(\"$rm\"))\n");
    const std::string onReply = "function ksr_onreply_route_one()\n";
    script.insert(script.find(onReply) + onReply.size(),
                  "    KSR.xhttp_prom.gauge_set_l0(\"last_code\", KSR.pv.get(\"$rs\"))\n"
                  "    KSR.xhttp_prom.histogram_observe_l0(\"reply_size\", "
                  "tostring(KSR.pv.get(\"$ml\")))\n");
    start(script, proxyConfig(kModule));
  }
};

TEST_F(XhttpPromTest, ScriptMetricsCountASippRun) {
  constexpr int kCalls = 20;
  BackgroundSipp uas(calleeOptions("uas", kCalleePort), dir_.path().string());
  SippResult uac =
      runSipp(callerOptions("uac", kProxy, kCallerPort, kCalls, 50), dir_.path().string());
  ASSERT_EQ(uac.successfulCalls, kCalls) << uac.output;
  std::this_thread::sleep_for(200ms);

  const std::string m = httpRequest(Poco::Net::HTTPRequest::HTTP_GET, "/metrics").body;
  for (const char* method : {"INVITE", "ACK", "BYE"}) {
    EXPECT_EQ(metricValue(m, "sip_requests_total\\{method=\"" + std::string(method) + "\"\\}"),
              kCalls)
        << method << "\n"
        << m;
  }
  EXPECT_THAT(m, HasSubstr("# TYPE sip_requests_total counter\n"));
  // The onreply route saw 180 and 200 to each INVITE and 200 to each BYE.
  EXPECT_EQ(metricValue(m, "sip_last_code"), 200);
  EXPECT_EQ(metricValue(m, "sip_reply_size_count"), 3 * kCalls);
  EXPECT_EQ(metricValue(m, "sip_reply_size_bucket\\{le=\"300\"\\}"), 0);
  EXPECT_EQ(metricValue(m, "sip_reply_size_bucket\\{le=\"\\+Inf\"\\}"), 3 * kCalls);
  // xhttp_prom_stats "core:" selects that group, under the module's prefix.
  EXPECT_EQ(metricValue(m, "sip_core_rcv_requests"), 3 * kCalls);
  EXPECT_THAT(m, Not(HasSubstr("kamailio_")));
  EXPECT_THAT(m, Not(HasSubstr("sip_tmx_")));
  EXPECT_THAT(m, HasSubstr("kemid_route_duration_seconds_count{route=\"ksr_request_route\"}"));

  // The same counters over RPC, and RPC's errors.
  ProcessResult add = kemictl({"xhttp_prom.counter_inc", "requests_total", "5", "OPTIONS"});
  EXPECT_EQ(add.exitCode, 0) << add.err;
  ProcessResult unknown = kemictl({"xhttp_prom.counter_inc", "nosuch", "1"});
  EXPECT_NE(unknown.exitCode, 0);
  EXPECT_THAT(unknown.err, HasSubstr("nosuch"));
  ProcessResult list = kemictl({"xhttp_prom.metric_list_print"});
  EXPECT_EQ(list.exitCode, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("sip_requests_total{method=\"OPTIONS\"} 5"));
  EXPECT_EQ(metricValue(httpRequest(Poco::Net::HTTPRequest::HTTP_GET, "/metrics").body,
                        "sip_requests_total\\{method=\"OPTIONS\"\\}"),
            5);
}

TEST_F(XhttpPromTest, BadDeclarationIsAConfigError) {
  auto cfg = dir_.write("bad.cfg", proxyConfig("loadmodule \"xhttp_prom.so\"\n"
                                               "modparam(\"xhttp_prom\", \"prom_counter\", "
                                               "\"name=x; lable=a\")\n"));
  ProcessResult check = runProcess(kKemid, {"-c", "-f", cfg.string()}, dir_.path().string());
  EXPECT_NE(check.exitCode, 0);
  EXPECT_THAT(check.err, HasSubstr("lable"));
  EXPECT_THAT(check.err, HasSubstr("bad.cfg"));
}

}  // namespace
}  // namespace kemid::test
