// SIP over TCP (RFC 3261 §18) end to end on loopback, with SIPp in its
// one-connection mode (-t t1) and a raw socket for what SIPp cannot send:
//   caller (5070) --> kemid (udp + tcp 127.0.0.1:5060) --> callee (5080)
// Kamailio 5.6 with the same config and script relays the same way: the
// replies go back on the connection the request came on, a request to a
// ";transport=tcp" next hop reuses one connection, the proxy's Via says TCP,
// and double Record-Route when the call changes transport.

#include <Poco/Net/DatagramSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>

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
const std::string kSourceDir = KEMID_SOURCE_DIR;
const std::string kScenarios = kSourceDir + "/tests/integration/scenarios/";
const std::string kProxy = "127.0.0.1:5060";
constexpr int kCallerPort = 5070;
constexpr int kCalleePort = 5080;
constexpr int kHttpPort = 9060;

// The seed script, relaying to the callee over `calleeTransport`, with
// Record-Route.
std::string relayScript(const std::string& calleeTransport) {
  return "function ksr_request_route()\n"
         "  if KSR.maxfwd.process_maxfwd(10) < 0 then\n"
         "    KSR.sl.send_reply(483, 'Too Many Hops'); return\n"
         "  end\n"
         "  KSR.pv.sets('$du', 'sip:127.0.0.1:5080;transport=" +
         calleeTransport +
         "')\n"
         "  if KSR.is_INVITE() then KSR.rr.record_route() end\n"
         "  if KSR.tm.t_relay() < 0 then KSR.sl.send_reply(500, 'Server error') end\n"
         "end\n";
}

class TcpTransportTest : public ::testing::Test {
 protected:
  void startKemid(const std::string& script, const std::string& extraCfg = "") {
    dir_.write("route.lua", script);
    auto cfg = dir_.write("kemid.cfg",
                          "#!KAMAILIO\n"
                          "listen=127.0.0.1:5060\n"  // no transport: UDP and TCP
                          "children=2\n"
                          "debug=2\n"
                          "loadmodule \"tm.so\"\n"
                          "loadmodule \"sl.so\"\n"
                          "loadmodule \"rr.so\"\n"
                          "loadmodule \"maxfwd.so\"\n"
                          "loadmodule \"pv.so\"\n"
                          "loadmodule \"app_lua.so\"\n"
                          "modparam(\"app_lua\", \"load\", \"route.lua\")\n" +
                              extraCfg + "cfgengine \"lua\"\n");
    kemid_ = test::startKemid(kKemid, cfg, dir_.path());
    ASSERT_TRUE(kemid_);
  }

  void TearDown() override { stopKemid(kemid_); }

  std::unique_ptr<BackgroundSipp> callee(const std::string& scenario, bool tcp) {
    SippOptions options = calleeOptions(scenario, kCalleePort);
    if (tcp) options.extra = {"-t", "t1"};
    return std::make_unique<BackgroundSipp>(options, dir_.path().string());
  }

  SippResult caller(const std::string& scenario, bool tcp, int calls, int rate) {
    SippOptions options = callerOptions(scenario, kProxy, kCallerPort, calls, rate);
    if (tcp) options.extra = {"-t", "t1"};
    return runSipp(options, dir_.path().string());
  }

  long long metric(const std::string& name) {
    return metricValue(httpRequest(kHttpPort, "GET", "/metrics").body, name);
  }

  TempDir dir_;
  std::unique_ptr<BackgroundProcess> kemid_;
};

TEST_F(TcpTransportTest, CallsOverTcpCompleteOnOneConnectionEachWay) {
  startKemid(relayScript("tcp"));
  auto uas = callee("uas", /*tcp=*/true);
  auto uac = caller("uac", /*tcp=*/true, 200, 50);
  EXPECT_EQ(uac.successfulCalls, 200) << uac.output;
  EXPECT_EQ(uac.failedCalls, 0) << uac.output;
  // The proxy's Via and Record-Route say TCP; port 5060 is left out.
  EXPECT_THAT(uas->messages(), HasSubstr("Via: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bK"));
  EXPECT_THAT(uas->messages(), HasSubstr("Record-Route: <sip:127.0.0.1;transport=tcp;lr;ftag="));
  EXPECT_THAT(uas->messages(), Not(HasSubstr("r2=on")));
  EXPECT_THAT(uas->messages(), Not(HasSubstr("r2=on")));
  // The caller's connection carried every reply back; one connection to
  // the callee carried every request.
  EXPECT_EQ(metric("kemid_tcp_connections_accepted_total"), 1);
  EXPECT_EQ(metric("kemid_tcp_connections_opened_total"), 1);
  // INVITE, ACK, BYE from the caller and 100, 180, 200 for the INVITE and 200
  // for the BYE from the callee.
  EXPECT_EQ(metric("kemid_tcp_messages_received_total"), 200 * 3 + 200 * 3);
  EXPECT_EQ(metric("kemid_tcp_send_errors_total"), 0);
}

// SIPp's -t tn: a connection of its own for every call, on both sides.
// Each call's replies find their caller's connection among the others.
TEST_F(TcpTransportTest, AConnectionPerCallWorksToo) {
  startKemid(relayScript("tcp"));
  SippOptions calleeSide = calleeOptions("uas", kCalleePort);
  calleeSide.extra = {"-t", "tn", "-max_socket", "1000"};
  BackgroundSipp uas(calleeSide, dir_.path().string());
  SippOptions callerSide = callerOptions("uac", kProxy, kCallerPort, 100, 50);
  callerSide.extra = {"-t", "tn", "-max_socket", "1000"};
  auto uac = runSipp(callerSide, dir_.path().string());
  EXPECT_EQ(uac.successfulCalls, 100) << uac.output;
  EXPECT_EQ(uac.failedCalls, 0) << uac.output;
  EXPECT_EQ(metric("kemid_tcp_connections_accepted_total"), 100);
  EXPECT_EQ(metric("kemid_tcp_send_errors_total"), 0);
}

TEST_F(TcpTransportTest, AUdpCallerReachesATcpCalleeWithDoubleRecordRoute) {
  startKemid(relayScript("tcp"));
  auto uas = callee("uas", /*tcp=*/true);
  auto uac = caller("uac", /*tcp=*/false, 20, 20);
  EXPECT_EQ(uac.successfulCalls, 20) << uac.output;
  // The one facing the callee first (RFC 3261 §16.6 step 4; rr's enable_double_rr).
  EXPECT_THAT(
      uas->messages(),
      ::testing::ContainsRegex("Record-Route: <sip:127.0.0.1;transport=tcp;r2=on;lr;ftag=[^>]*>\r\n"
                               "Record-Route: <sip:127.0.0.1;r2=on;lr;ftag=[^>]*>\r\n"));
}

TEST_F(TcpTransportTest, ATcpCallerReachesAUdpCallee) {
  startKemid(relayScript("udp"));
  auto uas = callee("uas", /*tcp=*/false);
  auto uac = caller("uac", /*tcp=*/true, 20, 20);
  EXPECT_EQ(uac.successfulCalls, 20) << uac.output;
  EXPECT_THAT(uas->messages(), HasSubstr("Via: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK"));
}

// A busy callee and a cancelled call: the finals reach the caller over its
// connection, with no retransmission over TCP (RFC 3261 §17.1.1.2).
TEST_F(TcpTransportTest, BusyAndCancelledCallsEndOverTcp) {
  startKemid(relayScript("tcp"));
  {
    auto uas = callee(kScenarios + "uas_busy.xml", /*tcp=*/true);
    auto uac = caller(kScenarios + "uac_expect_final.xml", /*tcp=*/true, 1, 1);
    (void)uac;
  }
  auto uas = callee(kScenarios + "uas_ringing_cancelled.xml", /*tcp=*/true);
  auto uac = caller(kScenarios + "uac_cancel.xml", /*tcp=*/true, 10, 10);
  EXPECT_EQ(uac.successfulCalls, 10) << uac.output;
  EXPECT_EQ(uac.failedCalls, 0) << uac.output;
  EXPECT_EQ(countOccurrences(uac.messages, "SIP/2.0 487"), 10) << uac.messages;
}

// What SIPp cannot send: keep-alives and broken streams.
TEST_F(TcpTransportTest, KeepAlivesAreAnsweredAndBrokenStreamsClosed) {
  startKemid(relayScript("tcp"));
  Poco::Net::StreamSocket ping(Poco::Net::SocketAddress("127.0.0.1", 5060));
  ping.setReceiveTimeout(Poco::Timespan(5, 0));
  // RFC 5626 §4.4.1: a double CRLF gets a single one.
  ping.sendBytes("\r\n\r\n", 4);
  char pong[8] = {};
  ASSERT_EQ(ping.receiveBytes(pong, sizeof pong), 2);
  EXPECT_EQ(std::string(pong, 2), "\r\n");

  // RFC 3261 §18.3: without Content-Length a stream cannot be framed; as
  // Kamailio without tcp_accept_no_cl, kemid closes the connection.
  Poco::Net::StreamSocket broken(Poco::Net::SocketAddress("127.0.0.1", 5060));
  broken.setReceiveTimeout(Poco::Timespan(5, 0));
  std::string noLength =
      "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n"
      "Via: SIP/2.0/TCP 127.0.0.1:5099;branch=z9hG4bK1\r\n"
      "From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:bob@127.0.0.1>\r\n"
      "Call-ID: nolength\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n\r\n";
  broken.sendBytes(noLength.data(), static_cast<int>(noLength.size()));
  char buffer[512];
  EXPECT_EQ(broken.receiveBytes(buffer, sizeof buffer), 0);  // closed

  // A body larger than a message may be: closed too.
  Poco::Net::StreamSocket huge(Poco::Net::SocketAddress("127.0.0.1", 5060));
  huge.setReceiveTimeout(Poco::Timespan(5, 0));
  std::string header =
      "MESSAGE sip:bob@127.0.0.1 SIP/2.0\r\nCall-ID: huge\r\nContent-Length: 10000000\r\n\r\n";
  huge.sendBytes(header.data(), static_cast<int>(header.size()));
  EXPECT_EQ(huge.receiveBytes(buffer, sizeof buffer), 0);
  EXPECT_EQ(metric("kemid_tcp_stream_errors_total"), 2);
  EXPECT_THAT(kemid_->stderrText(), HasSubstr("closed: a message without Content-Length"));

  // The keep-alive connection is still open, and calls go on.
  ping.sendBytes("\r\n\r\n", 4);
  ASSERT_EQ(ping.receiveBytes(pong, sizeof pong), 2);
  auto uas = callee("uas", /*tcp=*/true);
  auto uac = caller("uac", /*tcp=*/true, 10, 10);
  EXPECT_EQ(uac.successfulCalls, 10) << uac.output;
}

// The script's connection flags (core KEMI): set_reply_close closes the
// connection after sl's reply; set_forward_no_connect relays only on a
// connection already open.
TEST_F(TcpTransportTest, TheScriptsConnectionFlagsAreHonoured) {
  startKemid(
      "function ksr_request_route()\n"
      "  if KSR.hdr.get('X-Case') == 'close' then\n"
      "    KSR.set_reply_close(); KSR.sl.send_reply(200, 'Closing'); return\n"
      "  end\n"
      "  KSR.set_forward_no_connect()\n"
      "  KSR.pv.sets('$du', 'sip:127.0.0.1:5080;transport=tcp')\n"
      "  if KSR.tm.t_relay() < 0 then KSR.sl.send_reply(500, 'Not Relayed') end\n"
      "end\n");
  auto message = [](const std::string& callId, const std::string& header) {
    return "MESSAGE sip:bob@127.0.0.1 SIP/2.0\r\n"
           "Via: SIP/2.0/TCP 127.0.0.1:5099;branch=z9hG4bK" +
           callId +
           "\r\n"
           "From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:bob@127.0.0.1>\r\n"
           "Call-ID: " +
           callId + "\r\nCSeq: 1 MESSAGE\r\nMax-Forwards: 70\r\n" + header +
           "Content-Length: 0\r\n\r\n";
  };
  auto exchange = [](Poco::Net::StreamSocket& socket, const std::string& request) {
    socket.setReceiveTimeout(Poco::Timespan(5, 0));
    socket.sendBytes(request.data(), static_cast<int>(request.size()));
    char buffer[2048];
    int got = socket.receiveBytes(buffer, sizeof buffer);
    return std::string(buffer, static_cast<std::size_t>(std::max(got, 0)));
  };

  Poco::Net::StreamSocket closing(Poco::Net::SocketAddress("127.0.0.1", 5060));
  EXPECT_THAT(exchange(closing, message("close", "X-Case: close\r\n")),
              HasSubstr("SIP/2.0 200 Closing\r\n"));
  char buffer[64];
  EXPECT_EQ(closing.receiveBytes(buffer, sizeof buffer), 0);  // closed after the reply

  // The callee listens, but kemid has no connection to it: not relayed.
  auto uas = callee("uas", /*tcp=*/true);
  Poco::Net::StreamSocket caller(Poco::Net::SocketAddress("127.0.0.1", 5060));
  EXPECT_THAT(exchange(caller, message("noconnect", "")), HasSubstr("SIP/2.0 500 Not Relayed\r\n"));
  EXPECT_EQ(metric("kemid_tcp_connections_opened_total"), 0);
  EXPECT_THAT(kemid_->stderrText(), HasSubstr("the script asked not to open one"));
}

TEST_F(TcpTransportTest, ConnectionsBeyondTheLimitAreRefused) {
  startKemid(relayScript("tcp"), "tcp_max_connections=2\n");
  Poco::Net::StreamSocket first(Poco::Net::SocketAddress("127.0.0.1", 5060));
  Poco::Net::StreamSocket second(Poco::Net::SocketAddress("127.0.0.1", 5060));
  first.sendBytes("\r\n\r\n", 4);
  second.sendBytes("\r\n\r\n", 4);
  char pong[8] = {};
  second.setReceiveTimeout(Poco::Timespan(5, 0));
  ASSERT_EQ(second.receiveBytes(pong, sizeof pong), 2);
  Poco::Net::StreamSocket third(Poco::Net::SocketAddress("127.0.0.1", 5060));
  third.setReceiveTimeout(Poco::Timespan(5, 0));
  EXPECT_EQ(third.receiveBytes(pong, sizeof pong), 0);  // accepted, then closed
  EXPECT_EQ(metric("kemid_tcp_connections_refused_total"), 1);
  EXPECT_EQ(metric("kemid_tcp_connections"), 2);
}

TEST_F(TcpTransportTest, DisableTcpListensOnUdpOnly) {
  startKemid(relayScript("udp"), "disable_tcp=yes\n");
  EXPECT_THAT(kemid_->stderrText(), HasSubstr("workers on udp:127.0.0.1:5060\n"));
  EXPECT_THROW(Poco::Net::StreamSocket(Poco::Net::SocketAddress("127.0.0.1", 5060)),
               Poco::Exception);
}

// Connection reuse (RFC 5923; Kamailio's tcp aliases): a client's
// connection also carries the requests for its Via's port when that Via says
// ";alias" (tcp_accept_aliases) or the script adds the alias
// (KSR.add_tcp_alias). Nothing listens on those ports: only the alias
// reaches the client.
TEST_F(TcpTransportTest, AliasedConnectionsCarryTheRequestsForTheirPorts) {
  startKemid(
      "function ksr_request_route()\n"
      "  if KSR.is_OPTIONS() then\n"
      "    local port = KSR.hdr.get('X-Alias-Port')\n"
      "    if port then KSR.add_tcp_alias(tonumber(port)) end\n"
      "    KSR.sl.send_reply(200, 'Aliased'); return\n"
      "  end\n"
      "  KSR.pv.sets('$du', 'sip:127.0.0.1:' .. KSR.hdr.get('X-To-Port') .. ';transport=tcp')\n"
      "  if KSR.tm.t_relay() < 0 then KSR.sl.send_reply(500, 'Not Relayed') end\n"
      "end\n",
      "tcp_accept_aliases=yes\n");
  auto request = [](const std::string& method, const std::string& via, int n,
                    const std::string& header) {
    return method + " sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/" + via + ";branch=z9hG4bKa" +
           std::to_string(n) +
           "\r\nFrom: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:bob@127.0.0.1>\r\nCall-ID: alias-" +
           std::to_string(n) + "\r\nCSeq: 1 " + method + "\r\nMax-Forwards: 70\r\n" + header +
           "Content-Length: 0\r\n\r\n";
  };
  Poco::Net::StreamSocket client(Poco::Net::SocketAddress("127.0.0.1", 5060));
  client.setReceiveTimeout(Poco::Timespan(5, 0));
  char buffer[4096];
  auto receive = [&] {
    int got = client.receiveBytes(buffer, sizeof buffer);
    return std::string(buffer, static_cast<std::size_t>(std::max(got, 0)));
  };
  auto send = [&](const std::string& text) {
    client.sendBytes(text.data(), static_cast<int>(text.size()));
  };
  send(request("OPTIONS", "TCP 127.0.0.1:5099;alias", 1, ""));
  EXPECT_THAT(receive(), HasSubstr("SIP/2.0 200 Aliased\r\n"));
  send(request("OPTIONS", "TCP 127.0.0.1:5097", 2, "X-Alias-Port: 5098\r\n"));
  EXPECT_THAT(receive(), HasSubstr("SIP/2.0 200 Aliased\r\n"));

  Poco::Net::DatagramSocket udp(Poco::Net::SocketAddress("127.0.0.1", 0));
  udp.setReceiveTimeout(Poco::Timespan(5, 0));
  const Poco::Net::SocketAddress proxy("127.0.0.1", 5060);
  auto viaUdp = "UDP 127.0.0.1:" + std::to_string(udp.address().port());
  for (int port : {5099, 5098}) {
    std::string message =
        request("MESSAGE", viaUdp, port, "X-To-Port: " + std::to_string(port) + "\r\n");
    udp.sendTo(message.data(), static_cast<int>(message.size()), proxy);
    EXPECT_THAT(receive(), HasSubstr("Call-ID: alias-" + std::to_string(port) + "\r\n"));
  }
  // Port 5097 came without ";alias": kemid connects to it and finds nothing.
  std::string message = request("MESSAGE", viaUdp, 5097, "X-To-Port: 5097\r\n");
  udp.sendTo(message.data(), static_cast<int>(message.size()), proxy);
  Poco::Net::SocketAddress from;
  int got = udp.receiveFrom(buffer, sizeof buffer, from);
  EXPECT_THAT(std::string(buffer, static_cast<std::size_t>(std::max(got, 0))),
              ::testing::StartsWith("SIP/2.0 5"));
  EXPECT_THAT(kemid_->stderrText(), HasSubstr("tcp connect to 127.0.0.1:5097 failed"));
  EXPECT_EQ(metric("kemid_tcp_connections_opened_total"), 0);
}

}  // namespace
}  // namespace kemid::test
