// The seed flow of the issue, end to end on loopback:
//   SIPp UAC (5070) --> kemid (udp 127.0.0.1:5060, lua/route.lua) --> SIPp UAS (5080)
// Each test asserts what crosses the wire, from SIPp's message traces.
// Reference behaviour was taken from Kamailio 5.6.3 with the same config and
// script (kamailio -DD -E -f ... on the same ports), as noted per test.

#include <Poco/Net/DatagramSocket.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "support/kemid_process.h"
#include "support/process.h"
#include "support/sipp.h"

namespace kemid::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kKemid = KEMID_BINARY;
const std::string kSourceDir = KEMID_SOURCE_DIR;
const std::string kScenarios = kSourceDir + "/tests/integration/scenarios/";
const std::string kProxy = "127.0.0.1:5060";
constexpr int kCallerPort = 5070;
constexpr int kCalleePort = 5080;

std::string seedScript() {
  return readFile(kSourceDir + "/lua/route.lua");
}

class SipFlowTest : public ::testing::Test {
 protected:
  // Starts kemid with the seed config (etc/kemid.cfg's modules) plus
  // `extraCfg`, and `script` as lua/route.lua.
  void startKemid(const std::string& script = seedScript(), const std::string& extraCfg = "") {
    dir_.write("lua/route.lua", script);
    auto cfg = dir_.write("kemid.cfg",
                          "#!KAMAILIO\n"
                          "listen=udp:127.0.0.1:5060\n"
                          "children=2\n"
                          "debug=2\n"
                          "loadmodule \"tm.so\"\n"
                          "loadmodule \"sl.so\"\n"
                          "loadmodule \"maxfwd.so\"\n"
                          "loadmodule \"pv.so\"\n"
                          "loadmodule \"app_lua.so\"\n"
                          "modparam(\"app_lua\", \"load\", \"lua/route.lua\")\n" +
                              extraCfg + "cfgengine \"lua\"\n");
    kemid_ = test::startKemid(kKemid, cfg, dir_.path());
    ASSERT_TRUE(kemid_);
  }

  // Starts kemid with a config file as shipped (etc/kemid.cfg or
  // etc/kemid.yaml) and the seed script as lua/route.lua.
  void startKemidWithFile(const std::string& file) {
    dir_.write("lua/route.lua", seedScript());
    kemid_ = test::startKemid(kKemid, file, dir_.path());
    ASSERT_TRUE(kemid_);
  }

  void TearDown() override { stopKemid(kemid_); }

  std::unique_ptr<BackgroundSipp> callee(const std::string& scenario) {
    return std::make_unique<BackgroundSipp>(calleeOptions(scenario, kCalleePort),
                                            dir_.path().string());
  }

  SippResult caller(const std::string& scenario, int calls = 1, int rate = 10) {
    return runSipp(callerOptions(scenario, kProxy, kCallerPort, calls, rate), dir_.path().string());
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

  TempDir dir_;
  std::unique_ptr<BackgroundProcess> kemid_;
};

TEST_F(SipFlowTest, SeedFlowCompletesEveryCall) {
  startKemid();
  auto uas = callee("uas");
  auto uac = caller("uac", 500, 200);
  EXPECT_EQ(uac.successfulCalls, 500) << uac.output;
  EXPECT_EQ(uac.failedCalls, 0) << uac.output;
  EXPECT_EQ(uac.exitCode, 0);
  EXPECT_THAT(kemid_->stderrText(), HasSubstr("===== request - from kamailio lua script"));
}

// The seed flow once with each frontend: etc/kemid.cfg and etc/kemid.yaml as
// shipped run the same proxy.
class SeedConfigTest : public SipFlowTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(SeedConfigTest, SeedFlowCompletesEveryCall) {
  startKemidWithFile(kSourceDir + "/" + GetParam());
  auto uas = callee("uas");
  auto uac = caller("uac", 200, 100);
  EXPECT_EQ(uac.successfulCalls, 200) << uac.output;
  EXPECT_EQ(uac.failedCalls, 0) << uac.output;
}

INSTANTIATE_TEST_SUITE_P(Frontends, SeedConfigTest,
                         ::testing::Values("etc/kemid.cfg", "etc/kemid.yaml"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           return std::string(info.param).ends_with(".yaml") ? "yaml" : "cfg";
                         });

// Kamailio: "SIP/2.0 483 Too Many Hops" from sl, with its To-tag.
// log_prefix as Kamailio's stock example sets it: evaluated for each
// received message and written before the module tag; lines written
// outside message processing (start-up) have none.
// Each call's messages are handled in the order they arrived, however many
// calls run at once (Kamailio, whose processes share the socket, relays a
// 180 after its 200 at 3000 calls/s). SIPp's uas sends 180 and 200 back to
// back; the caller fails a call that sees them the other way round.
TEST_F(SipFlowTest, RepliesOfEachCallKeepTheirOrderUnderLoad) {
  startKemid();
  auto uas = callee("uas");
  auto uac = caller(kScenarios + "uac_ringing_then_ok.xml", 2000, 500);
  EXPECT_EQ(uac.successfulCalls, 2000) << uac.output;
  EXPECT_EQ(uac.failedCalls, 0) << uac.output;
}

// http_listen="" turns /metrics and /RPC off; SIP is served as before.
TEST_F(SipFlowTest, EmptyHttpListenServesNoHttp) {
  startKemid(seedScript(), "http_listen=\"\"\n");
  auto uas = callee("uas");
  EXPECT_EQ(caller("uac").successfulCalls, 1);
  EXPECT_THAT(kemid_->stderrText(), Not(HasSubstr("HTTP listening")));
  Poco::Net::StreamSocket http;
  EXPECT_THROW(http.connect(Poco::Net::SocketAddress("127.0.0.1", 9060)),
               Poco::Net::ConnectionRefusedException);
}

// `top -H` and `ps -L` show what each thread is, as an operator sees it.
TEST_F(SipFlowTest, ThreadsAreNamedForWhatTheyDo) {
  startKemid();
  auto uas = callee("uas");
  ASSERT_EQ(caller("uac").successfulCalls, 1);  // tm's timer thread starts with the first call
  std::vector<std::string> names;
  const std::string tasks = "/proc/" + std::to_string(kemid_->pid()) + "/task";
  for (const auto& task : std::filesystem::directory_iterator(tasks)) {
    std::string name = readFile(task.path().string() + "/comm");
    names.push_back(name.substr(0, name.find('\n')));
  }
  EXPECT_THAT(names, ::testing::IsSupersetOf(
                         {"worker-0", "worker-1", "udp-recv-0", "tm-timer", "http-watchdog"}));
}

TEST_F(SipFlowTest, LogPrefixIsEvaluatedForEachReceivedMessage) {
  startKemid(
      "function ksr_request_route()\n"
      "  KSR.info(\"routing the request\\n\")\n"
      "  KSR.sl.sl_send_reply(100, \"Trying\")\n"
      "  KSR.sl.sl_send_reply(404, \"Not Here\")\n"
      "end\n",
      "log_prefix=\"LUA {$rm $hdr(CSeq)}: \"\n");
  auto uac = caller(expectFinal(404));
  EXPECT_EQ(uac.successfulCalls, 1) << uac.output;
  const std::string log = kemid_->stderrText();
  EXPECT_THAT(log, ::testing::ContainsRegex(" INFO: LUA \\{INVITE 1 INVITE\\}: <[a-z]+> "
                                            "[^\n]*routing the request\n"))
      << log;
  EXPECT_THAT(log, HasSubstr(" INFO: <transport> listening on udp:127.0.0.1:5060\n"));
  EXPECT_THAT(log, Not(HasSubstr("{$rm")));
}

// KSR.pv exists without pv.so, as in Kamailio, where it is the core's:
// every variable is then unknown, and each function answers as Kamailio
// 5.6 does for one (measured).
TEST_F(SipFlowTest, KsrPvWithoutThePvModuleAnswersAsKamailio) {
  dir_.write("lua/no_pv.lua",
             "function ksr_request_route()\n"
             "  local seen = {tostring(KSR.pv.get('$ru')), KSR.pv.getw('$ru'),\n"
             "    '[' .. KSR.pv.gete('$ru') .. ']', KSR.pv.getvs('$ru', 'dflt'),\n"
             "    tostring(KSR.pv.getvn('$ru', 7)), tostring(KSR.pv.geti('$ru')),\n"
             "    tostring(KSR.pv.is_null('$ru')), tostring(KSR.pv.sets('$ru', 'sip:x@y')),\n"
             "    tostring(KSR.pv.seti('$var(x)', 1)), tostring(KSR.pv.unset('$var(x)'))}\n"
             "  KSR.sl.sl_send_reply(100, 'Trying')\n"
             "  KSR.sl.sl_send_reply(404, table.concat(seen, ' '))\n"
             "end\n");
  auto cfg = dir_.write("no_pv.cfg",
                        "listen=udp:127.0.0.1:5060\n"
                        "debug=2\n"
                        "loadmodule \"sl.so\"\n"
                        "loadmodule \"app_lua.so\"\n"
                        "modparam(\"app_lua\", \"load\", \"lua/no_pv.lua\")\n"
                        "cfgengine \"lua\"\n");
  startKemidWithFile(cfg.string());
  auto uac = caller(expectFinal(404));
  EXPECT_EQ(uac.successfulCalls, 1) << uac.output << kemid_->stderrText();
  EXPECT_THAT(uac.messages,
              HasSubstr("SIP/2.0 404 nil <null> [] dflt 7 0 true false false false\r\n"));
  EXPECT_THAT(kemid_->stderrText(), HasSubstr("cannot get pv spec for [$var(x)]"));
}

TEST_F(SipFlowTest, MaxForwardsZeroIsAnswered483) {
  startKemid();
  auto uas = callee("uas");
  auto uac = caller(kScenarios + "uac_maxfwd0.xml");
  EXPECT_EQ(uac.successfulCalls, 1) << uac.output;
  EXPECT_THAT(uac.messages, HasSubstr("SIP/2.0 483 Too Many Hops"));
  EXPECT_THAT(uas->messages(), Not(HasSubstr("INVITE sip:")));
}

// Kamailio: the INVITE reaches the callee with Max-Forwards: 69; the BYE,
// sent without one, with Max-Forwards: 10 (process_maxfwd(10)).
TEST_F(SipFlowTest, MaxForwardsIsDecrementedOrAdded) {
  startKemid();
  auto uas = callee(kScenarios + "uas_answer_invite_bye.xml");
  auto uac = caller(kScenarios + "uac_invite_bye.xml");
  EXPECT_EQ(uac.successfulCalls, 1) << uac.output;
  std::string seen = uas->messages();
  auto invite = seen.find("INVITE sip:");
  auto bye = seen.find("BYE sip:");
  ASSERT_NE(invite, std::string::npos);
  ASSERT_NE(bye, std::string::npos);
  EXPECT_THAT(seen.substr(invite, bye - invite), HasSubstr("Max-Forwards: 69"));
  EXPECT_THAT(seen.substr(bye), HasSubstr("Max-Forwards: 10"));
  // The proxy's own Via is on top of what the callee sees.
  EXPECT_THAT(seen.substr(invite), HasSubstr("Via: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK"));
}

// Kamailio: 486 relayed to the caller; the callee gets an ACK from the
// proxy (hop by hop), the caller's ACK is absorbed.
TEST_F(SipFlowTest, BusyCalleeReachesCallerAndGetsAckFromProxy) {
  startKemid();
  auto uas = callee(kScenarios + "uas_busy.xml");
  auto uac = caller(expectFinal(486));
  EXPECT_EQ(uac.successfulCalls, 1) << uac.output;
  EXPECT_THAT(uac.messages, HasSubstr("SIP/2.0 486 Busy Here"));
  std::this_thread::sleep_for(300ms);
  std::string seen = uas->messages();
  EXPECT_EQ(countOccurrences(seen, "ACK sip:"), 1) << seen;
  EXPECT_THAT(seen.substr(seen.find("ACK sip:")), HasSubstr("Via: SIP/2.0/UDP 127.0.0.1;branch="));
  EXPECT_THAT(kemid_->stderrText(), HasSubstr("===== failure route - from kamailio lua script"));
}

// Kamailio: 100 Trying at once, then 408 Request Timeout when fr_timer
// expires without any reply from the callee; the failure route runs.
TEST_F(SipFlowTest, SilentCalleeGives100Then408) {
  startKemid(seedScript(), "modparam(\"tm\", \"fr_timer\", 1500)\n");
  auto uas = callee(kScenarios + "uas_silent.xml");
  auto start = std::chrono::steady_clock::now();
  auto uac = caller(expectFinal(408));
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(uac.successfulCalls, 1) << uac.output;
  EXPECT_THAT(uac.messages, HasSubstr("SIP/2.0 100 "));
  EXPECT_THAT(uac.messages, HasSubstr("SIP/2.0 408 "));
  EXPECT_GE(elapsed, 1400ms) << "408 came before fr_timer expired";
  EXPECT_THAT(kemid_->stderrText(), HasSubstr("===== failure route - from kamailio lua script"));
  // The callee saw the INVITE retransmitted (T1 = 500 ms) while silent.
  EXPECT_GE(countOccurrences(uas->messages(), "INVITE sip:"), 2);
}

// Kamailio keeps AVPs in the transaction: the failure route that tm's timer
// runs after fr_timer sees what the request route stored.
TEST_F(SipFlowTest, FailureRouteOnTimeoutSeesAvpsOfTheRequestRoute) {
  std::string script = seedScript();
  script.replace(script.find("    KSR.pv.sets(\"$du\""), 0,
                 "    KSR.pv.sets(\"$avp(caller)\", KSR.pv.get(\"$fU\"))\n");
  script.replace(script.find("function ksr_failure_route_one()\n"), 33,
                 "function ksr_failure_route_one()\n"
                 "    KSR.info(\"failure for \" .. KSR.pv.gete(\"$avp(caller)\") .. \" code \" .."
                 " KSR.pv.get(\"$T_reply_code\") .. \"\\n\")\n");
  startKemid(script, "modparam(\"tm\", \"fr_timer\", 1000)\n");
  auto uas = callee(kScenarios + "uas_silent.xml");
  auto uac = caller(expectFinal(408));
  EXPECT_EQ(uac.successfulCalls, 1) << uac.output;
  EXPECT_THAT(kemid_->stderrText(), HasSubstr("failure for sipp code 408"));
}

// Kamailio: 200 for the CANCEL from the proxy, CANCEL forwarded to the
// ringing callee, whose 487 reaches the caller.
TEST_F(SipFlowTest, CancelOfRingingCall) {
  startKemid();
  auto uas = callee(kScenarios + "uas_ringing_cancelled.xml");
  auto uac = caller(kScenarios + "uac_cancel.xml");
  EXPECT_EQ(uac.successfulCalls, 1) << uac.output;
  EXPECT_THAT(uac.messages, HasSubstr("SIP/2.0 487 "));
  std::this_thread::sleep_for(300ms);
  std::string seen = uas->messages();
  EXPECT_EQ(countOccurrences(seen, "CANCEL sip:"), 1) << seen;
  EXPECT_EQ(countOccurrences(seen, "ACK sip:"), 1) << seen;
}

// Kamailio: header changes are pending patches applied when the request is
// sent; reads in the same route still see the request as received.
TEST_F(SipFlowTest, HeaderChangesArePendingUntilSent) {
  std::string script = seedScript();
  script.replace(
      script.find("    KSR.pv.sets(\"$du\""), 0,
      "    if KSR.is_INVITE() then\n"
      "        KSR.hdr.append(\"X-Appended: 1\\r\\n\")\n"
      "        KSR.hdr.insert(\"X-Inserted: 2\\r\\n\")\n"
      "        KSR.hdr.remove(\"Subject\")\n"
      "        KSR.info(\"appended read: \" .. KSR.hdr.is_present(\"X-Appended\") ..\n"
      "                 \" subject read: \" .. KSR.hdr.is_present(\"Subject\") .. \"\\n\")\n"
      "    end\n");
  startKemid(script);
  auto uas = callee(kScenarios + "uas_answer_invite_bye.xml");
  auto uac = caller(kScenarios + "uac_invite_bye.xml");
  EXPECT_EQ(uac.successfulCalls, 1) << uac.output;
  EXPECT_THAT(kemid_->stderrText(), HasSubstr("appended read: -1 subject read: 1"));
  std::string seen = uas->messages();
  std::string invite = seen.substr(seen.find("INVITE sip:"));
  invite = invite.substr(0, invite.find("\r\n\r\n") + 4);
  // Inserted before the first field, so above the proxy's own Via.
  EXPECT_THAT(invite, HasSubstr(" SIP/2.0\r\nX-Inserted: 2\r\nVia: SIP/2.0/UDP 127.0.0.1;"));
  EXPECT_THAT(invite, HasSubstr("\r\nX-Appended: 1\r\n\r\n"));
  EXPECT_THAT(invite, Not(HasSubstr("Subject:")));
}

// Kamailio: a retransmitted INVITE gets the 100 again and is not forwarded
// a second time.
TEST_F(SipFlowTest, RetransmittedInviteIsAbsorbed) {
  startKemid();
  auto uas = callee(kScenarios + "uas_trying_then_busy.xml");
  auto uac = caller(kScenarios + "uac_retransmit.xml");
  EXPECT_EQ(uac.successfulCalls, 1) << uac.output;
  EXPECT_GE(countOccurrences(uac.messages, "SIP/2.0 100 "), 2) << uac.messages;
  EXPECT_EQ(countOccurrences(uas->messages(), "INVITE sip:"), 1) << uas->messages();
}

// A UDP client on loopback for hand-made datagrams.
class RawClient {
 public:
  RawClient() : socket_(Poco::Net::SocketAddress("127.0.0.1", 5075)) {}
  void send(const std::string& data) {
    socket_.sendTo(data.data(), static_cast<int>(data.size()),
                   Poco::Net::SocketAddress("127.0.0.1", 5060));
  }
  // The next datagram, or "" after `timeout`.
  std::string receive(std::chrono::milliseconds timeout) {
    if (!socket_.poll(Poco::Timespan(timeout.count() * 1000), Poco::Net::Socket::SELECT_READ)) {
      return {};
    }
    std::string buffer(65535, '\0');
    Poco::Net::SocketAddress from;
    int n = socket_.receiveFrom(buffer.data(), static_cast<int>(buffer.size()), from);
    buffer.resize(static_cast<std::size_t>(std::max(n, 0)));
    return buffer;
  }

 private:
  Poco::Net::DatagramSocket socket_;
};

std::string malformedInvite() {
  // A Content-Length larger than the body (RFC 3261 §18.3: refused over UDP).
  return "INVITE sip:bob@127.0.0.1 SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 127.0.0.1:5075;branch=z9hG4bK-junk-1\r\n"
         "From: <sip:alice@127.0.0.1>;tag=a1\r\n"
         "To: <sip:bob@127.0.0.1>\r\n"
         "Call-ID: junk-1@127.0.0.1\r\n"
         "CSeq: 1 INVITE\r\n"
         "Max-Forwards: 70\r\n"
         "Content-Length: 500\r\n\r\nv=0\r\n";
}

TEST_F(SipFlowTest, JunkIsRefusedAndTheNextCallIsRelayed) {
  startKemid();
  RawClient client;
  client.send(malformedInvite());
  std::string answer = client.receive(3s);
  EXPECT_THAT(answer, HasSubstr("SIP/2.0 400 Bad Request"));
  EXPECT_THAT(answer, HasSubstr("Call-ID: junk-1@127.0.0.1"));

  client.send(std::string(1, '\0'));
  client.send("\x01\x02\x03 not sip at all");
  client.send(std::string(60000, 'A'));
  client.send("INVITE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5075\r\n");
  client.send("SIP/2.0 200 OK\r\nCall-ID: x\r\n\r\n");
  const std::string tortureDir = kSourceDir + "/tests/data/rfc4475";
  ASSERT_TRUE(std::filesystem::is_directory(tortureDir)) << tortureDir << " is absent";
  for (const auto& entry : std::filesystem::directory_iterator(tortureDir)) {
    if (entry.path().extension() == ".dat") client.send(readFile(entry.path()));
  }

  auto uas = callee("uas");
  auto uac = caller("uac", 20, 20);
  EXPECT_EQ(uac.successfulCalls, 20) << uac.output;
  EXPECT_EQ(uac.failedCalls, 0);
}

// Kamailio logs "error from Lua: ...route.lua:N: ..." and sends nothing for
// that request; the next ones are routed as usual.
TEST_F(SipFlowTest, ScriptRuntimeErrorIsLoggedWithFileAndLineAndKemidKeepsServing) {
  std::string script = seedScript();
  script.replace(script.find("function ksr_request_route()\n"), 29,
                 "function ksr_request_route()\n"
                 "    if KSR.is_OPTIONS() then local t = nil; return t.field end\n");
  startKemid(script);
  RawClient client;
  client.send(
      "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 127.0.0.1:5075;branch=z9hG4bK-opt-1\r\n"
      "From: <sip:alice@127.0.0.1>;tag=a1\r\n"
      "To: <sip:bob@127.0.0.1>\r\n"
      "Call-ID: options-1@127.0.0.1\r\n"
      "CSeq: 1 OPTIONS\r\n"
      "Max-Forwards: 70\r\n"
      "Content-Length: 0\r\n\r\n");
  EXPECT_TRUE(kemid_->waitForStderr("route.lua:3:", 5s)) << kemid_->stderrText();
  EXPECT_EQ(client.receive(500ms), "");  // no reply for that request, as Kamailio

  auto uas = callee("uas");
  auto uac = caller("uac", 5, 10);
  EXPECT_EQ(uac.successfulCalls, 5) << uac.output;
}

}  // namespace
}  // namespace kemid::test
