// SIP over TLS (RFC 3261 §26.2.1) end to end on loopback. SIPp speaks no
// TLS here, so socat carries its TCP into TLS on each side:
//   SIPp caller -t t1 (5070) -> socat 5071 == TLS, client cert ==> kemid tls:5061
//   kemid ==TLS, kemid's client cert==> socat 5081 -> SIPp callee -t t1 (5080)
// and a Poco client shows what the script sees of a connection. Kamailio
// 5.6 writes the same Via and Record-Route (measured: a TLS socket's port
// is written unless it is 5060).

#include <Poco/Net/Context.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "support/http_client.h"
#include "support/kemid_process.h"
#include "support/loopback_port.h"
#include "support/process.h"
#include "support/sipp.h"
#include "support/test_certificates.h"

namespace kemid::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

const std::string kKemid = KEMID_BINARY;
constexpr int kCallerPort = 5070;
constexpr int kCallerBridge = 5071;
constexpr int kCalleePort = 5080;
constexpr int kCalleeBridge = 5081;
constexpr int kHttpPort = 9060;

// Relays to the callee's TLS bridge with Record-Route; an OPTIONS to
// "vars" is answered with what the script sees of its connection.
const std::string kScript = R"(
function ksr_request_route()
  if KSR.is_OPTIONS() and KSR.pv.get('$rU') == 'vars' then
    KSR.hdr.append_to_reply('X-Tls: ' .. KSR.pv.gete('$tls_version') .. ' ' ..
      KSR.pv.gete('$tls_peer_subject_cn') .. ' ' .. KSR.pv.gete('$tls_peer_verified') .. ' ' ..
      KSR.pv.get('$proto') .. ' ' .. tostring(KSR.is_TLS()) .. ' ' ..
      KSR.tls.is_peer_verified() .. '\r\n')
    KSR.sl.send_reply(200, 'Seen')
    return
  end
  KSR.pv.sets('$du', 'sip:127.0.0.1:5081;transport=tls')
  if KSR.is_INVITE() then KSR.rr.record_route() end
  if KSR.tm.t_relay() < 0 then KSR.sl.send_reply(500, 'Not Relayed') end
end
)";

class TlsTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Poco::Net::initializeSSL();
    ASSERT_TRUE(certificates_.ok());
  }

  // kemid with the tls module: its server profile checks clients'
  // certificates against the test CA (and requires one unless told not
  // to); its client profile shows kemid's own certificate and checks the
  // server's.
  void start(bool requireCertificate = true) {
    dir_.write("route.lua", kScript);
    const std::string ca = "ca_list = " + certificates_.path("ca.pem") + "\n";
    dir_.write("tls.cfg", "[server:default]\nmethod = TLSv1.2+\n" + profileFiles("server") + ca +
                              "verify_certificate = yes\nrequire_certificate = " +
                              (requireCertificate ? "yes" : "no") +
                              "\n\n[client:default]\nmethod = TLSv1.2+\n" + profileFiles("client") +
                              ca + "verify_certificate = yes\n");
    auto cfg = dir_.write("kemid.cfg",
                          "#!KAMAILIO\n"
                          "enable_tls=yes\n"
                          "listen=udp:127.0.0.1:5060\n"
                          "listen=tls:127.0.0.1:5061\n"
                          "children=2\n"
                          "debug=2\n"
                          "loadmodule \"tls.so\"\n"
                          "modparam(\"tls\", \"config\", \"tls.cfg\")\n"
                          "loadmodule \"tm.so\"\n"
                          "loadmodule \"sl.so\"\n"
                          "loadmodule \"rr.so\"\n"
                          "loadmodule \"pv.so\"\n"
                          "loadmodule \"app_lua.so\"\n"
                          "modparam(\"app_lua\", \"load\", \"route.lua\")\n"
                          "cfgengine \"lua\"\n");
    kemid_ = test::startKemid(kKemid, cfg, dir_.path());
    ASSERT_TRUE(kemid_);
  }

  std::string profileFiles(const std::string& who) const {
    return "certificate = " + certificates_.path(who + ".pem") +
           "\nprivate_key = " + certificates_.path(who + ".key") + "\n";
  }

  void TearDown() override {
    Poco::Net::uninitializeSSL();
    stopKemid(kemid_);
  }

  // socat listening on `port` (`listen` says how) and carrying each
  // connection to `to`, in a child of its own.
  std::unique_ptr<BackgroundProcess> bridge(int port, const std::string& listen,
                                            const std::string& to) {
    auto process = std::make_unique<BackgroundProcess>(
        "socat",
        std::vector<std::string>{
            "-d",
            listen + ":" + std::to_string(port) + ",bind=127.0.0.1,reuseaddr,fork" +
                (listen == "OPENSSL-LISTEN" ? "," + tlsOptions("server") + ",verify=1"
                                            : std::string()),
            to},
        dir_.path().string());
    for (int i = 0; i < 50 && !listensOnLoopback(static_cast<std::uint16_t>(port)); ++i) {
      std::this_thread::sleep_for(100ms);
    }
    return process;
  }

  std::string tlsOptions(const std::string& who) const {
    return "cert=" + certificates_.path(who + ".pem") + ",key=" + certificates_.path(who + ".key") +
           ",cafile=" + certificates_.path("ca.pem");
  }

  long long metric(const std::string& name) {
    return metricValue(httpRequest(kHttpPort, "GET", "/metrics").body, name);
  }

  std::string rpc(const std::string& method) {
    return httpRequest(kHttpPort, "POST", "/RPC",
                       R"({"jsonrpc":"2.0","method":")" + method + R"(","id":1})")
        .body;
  }

  // The SIPp pair through both bridges, `calls` calls at `rate`; the
  // callee and the bridges stay until the test ends.
  SippResult callThroughBridges(int calls, int rate) {
    SippOptions calleeSide = calleeOptions("uas", kCalleePort);
    calleeSide.extra = {"-t", "t1"};
    uas_ = std::make_unique<BackgroundSipp>(calleeSide, dir_.path().string());
    // The callee's bridge checks kemid's client certificate (verify=1),
    // the caller's kemid's server certificate (CN=localhost).
    calleeBridge_ =
        bridge(kCalleeBridge, "OPENSSL-LISTEN", "TCP:127.0.0.1:" + std::to_string(kCalleePort));
    callerBridge_ =
        bridge(kCallerBridge, "TCP-LISTEN",
               "OPENSSL:127.0.0.1:5061,commonname=localhost," + tlsOptions("client") + ",verify=1");
    SippOptions callerSide = callerOptions("uac", "127.0.0.1:" + std::to_string(kCallerBridge),
                                           kCallerPort, calls, rate);
    callerSide.extra = {"-t", "t1"};
    return runSipp(callerSide, dir_.path().string());
  }

  // A TLS connection to kemid; its certificate names `serverName`.
  Poco::Net::SecureStreamSocket connectTo(Poco::Net::Context::Ptr context,
                                          const std::string& serverName) {
    Poco::Net::SecureStreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", 5061), serverName,
                                         context);
    socket.setReceiveTimeout(Poco::Timespan(5, 0));
    return socket;
  }

  // An OPTIONS to "vars" over `socket`; the reply.
  std::string askVars(Poco::Net::SecureStreamSocket& socket) {
    std::string request =
        "OPTIONS sip:vars@127.0.0.1:5061 SIP/2.0\r\n"
        "Via: SIP/2.0/TLS 127.0.0.1:5099;branch=z9hG4bKvars\r\n"
        "From: <sip:alice@127.0.0.1>;tag=1\r\nTo: <sip:vars@127.0.0.1>\r\n"
        "Call-ID: vars\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    socket.sendBytes(request.data(), static_cast<int>(request.size()));
    char buffer[2048];
    int got = socket.receiveBytes(buffer, sizeof buffer);
    return std::string(buffer, static_cast<std::size_t>(std::max(got, 0)));
  }

  // The same on a connection of its own; `serverCommonName` gets the CN of
  // the certificate kemid showed.
  std::string askVars(Poco::Net::Context::Ptr context, const std::string& serverName = "localhost",
                      std::string* serverCommonName = nullptr) {
    Poco::Net::SecureStreamSocket socket = connectTo(context, serverName);
    if (serverCommonName != nullptr) *serverCommonName = socket.peerCertificate().commonName();
    return askVars(socket);
  }

  Poco::Net::Context::Ptr clientContext(const std::string& who) const {
    return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE,
                                  who.empty() ? "" : certificates_.path(who + ".key"),
                                  who.empty() ? "" : certificates_.path(who + ".pem"),
                                  certificates_.path("ca.pem"), Poco::Net::Context::VERIFY_RELAXED);
  }

  TestCertificates certificates_;
  TempDir dir_;
  std::unique_ptr<BackgroundProcess> kemid_;
  std::unique_ptr<BackgroundSipp> uas_;
  std::unique_ptr<BackgroundProcess> calleeBridge_, callerBridge_;
};

TEST_F(TlsTransportTest, CallsGoOverTlsOnOneConnectionEachWay) {
  start();
  auto uac = callThroughBridges(100, 50);
  EXPECT_EQ(uac.successfulCalls, 100) << uac.output << kemid_->stderrText();
  EXPECT_EQ(uac.failedCalls, 0) << uac.output;

  // The proxy's Via and Record-Route name the TLS socket with its port.
  EXPECT_THAT(uas_->messages(), HasSubstr("Via: SIP/2.0/TLS 127.0.0.1:5061;branch=z9hG4bK"));
  EXPECT_THAT(uas_->messages(),
              HasSubstr("Record-Route: <sip:127.0.0.1:5061;transport=tls;lr;ftag="));
  EXPECT_EQ(metric("kemid_tcp_connections_accepted_total"), 1);
  EXPECT_EQ(metric("kemid_tcp_connections_opened_total"), 1);
  // The caller's connection ends with SIPp (socat closes it a moment
  // later); the one to the callee stays.
  for (int i = 0; i < 50 && metric("kemid_tls_connections") != 1; ++i) {
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(metric("kemid_tls_connections"), 1);
  EXPECT_EQ(metric("kemid_tls_handshake_errors_total"), 0);
  // INVITE, ACK, BYE from the caller; 100, 180, 200 and the BYE's 200 from the callee.
  EXPECT_EQ(metric("kemid_tcp_messages_received_total"), 100 * 3 + 100 * 3);
}

TEST_F(TlsTransportTest, TheScriptSeesTheConnectionAndTheClientsCertificate) {
  start();
  Poco::Net::SecureStreamSocket socket = connectTo(clientContext("client"), "localhost");
  std::string reply = askVars(socket);
  EXPECT_THAT(reply, HasSubstr("SIP/2.0 200 Seen\r\n"));
  EXPECT_THAT(reply, HasSubstr("X-Tls: TLSv1.3 alice 1 tls true 1\r\n"));

  // tls.list shows the connection while it is open: src is the peer, dst
  // kemid's socket (as Kamailio); the answer without its tabs and newlines.
  std::string list = rpc("tls.list");
  std::erase_if(list, [](char c) { return c == '\t' || c == '\n'; });
  EXPECT_THAT(list, HasSubstr(R"("dst_ip":"127.0.0.1","dst_port":5061,"cipher":"TLS_AES_)"));
  EXPECT_THAT(list, HasSubstr(R"("state":"established"})"));
}

TEST_F(TlsTransportTest, WithoutRequireCertificateAClientWithoutOneIsServedUnverified) {
  start(/*requireCertificate=*/false);
  Poco::Net::SecureStreamSocket socket = connectTo(clientContext(""), "localhost");
  std::string reply = askVars(socket);
  EXPECT_THAT(reply, HasSubstr("SIP/2.0 200 Seen\r\n"));
  EXPECT_THAT(reply, HasSubstr("X-Tls: TLSv1.3  0 tls true -1\r\n"));
}

TEST_F(TlsTransportTest, ClientsWithoutATrustedCertificateAreRefusedAndOthersServed) {
  start();
  // TLS 1.3 finishes the client's side of the handshake before the server
  // checks its certificate: the refusal comes as an alert on the first read.
  for (const std::string who : {"", "untrusted"}) {
    EXPECT_ANY_THROW(askVars(clientContext(who))) << "client certificate: " << who;
  }
  EXPECT_EQ(metric("kemid_tls_handshake_errors_total"), 2);
  EXPECT_THAT(kemid_->stderrText(), HasSubstr("peer did not return a certificate"));
  EXPECT_THAT(kemid_->stderrText(), HasSubstr("certificate verify failed"));
  EXPECT_THAT(askVars(clientContext("client")), HasSubstr("SIP/2.0 200 Seen\r\n"));
}

// tls.reload under load: the certificate files change on disk, the
// connections open keep their sessions and carry every call, and a new
// connection gets the new certificate.
TEST_F(TlsTransportTest, AReloadUnderLoadLosesNoCallAndNewConnectionsGetTheNewCertificate) {
  start();
  SippResult uac;
  std::thread load([&] { uac = callThroughBridges(300, 50); });
  std::this_thread::sleep_for(2s);
  std::filesystem::copy_file(certificates_.path("other.pem"), certificates_.path("server.pem"),
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(certificates_.path("other.key"), certificates_.path("server.key"),
                             std::filesystem::copy_options::overwrite_existing);
  EXPECT_THAT(rpc("tls.reload"), HasSubstr("TLS configuration reloaded")) << kemid_->stderrText();
  std::string presented;
  EXPECT_THAT(askVars(clientContext("client"), "sip.example.org", &presented),
              HasSubstr("SIP/2.0 200 Seen\r\n"));
  EXPECT_EQ(presented, "sip.example.org");
  load.join();
  EXPECT_EQ(uac.successfulCalls, 300) << uac.output << kemid_->stderrText();
  EXPECT_EQ(uac.failedCalls, 0) << uac.output;

  // A broken file is refused and the configuration in force stays.
  std::filesystem::resize_file(certificates_.path("server.pem"), 10);
  EXPECT_THAT(rpc("tls.reload"), HasSubstr("\"error\""));
  EXPECT_THAT(askVars(clientContext("client"), "sip.example.org"),
              HasSubstr("SIP/2.0 200 Seen\r\n"));
}

}  // namespace
}  // namespace kemid::test
