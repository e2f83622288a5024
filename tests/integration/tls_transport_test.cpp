// SIP over TLS end to end: kemid with the tls module on 127.0.0.1:5061 and
// an OpenSSL client with or without a certificate the CA signed. The reply
// comes back on the TLS connection and carries what the script read of it
// ($tls_*, KSR.tls.is_peer_verified); tls.list over /RPC lists it.

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>

#include "support/http_client.h"
#include "support/process.h"

namespace kemid::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

const std::string kKemid = KEMID_BINARY;
constexpr int kTlsPort = 5061;
constexpr int kHttpPort = 9060;

const char* const kScript = R"(function ksr_request_route()
  KSR.hdr.append_to_reply("X-TLS: " .. tostring(KSR.pv.get("$tls_version")) .. " " ..
    tostring(KSR.pv.get("$tls_peer_subject_cn")) .. " " .. KSR.tls.is_peer_verified() .. "\r\n")
  KSR.sl.send_reply(200, "OK")
end
)";

bool run(const std::string& command) {
  return std::system((command + " >/dev/null 2>&1").c_str()) == 0;
}

class TlsTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string d = dir_.path().string() + "/";
    const std::string key = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes ";
    ASSERT_TRUE(run("openssl req -x509" + key + "-keyout " + d + "ca.key -out " + d +
                    "ca.pem -days 2 -subj '/CN=Test CA'"));
    for (const std::string name : {"server", "client"}) {
      ASSERT_TRUE(run("openssl req" + key + "-keyout " + d + name + ".key -out " + d + name +
                      ".csr -subj '/CN=" + (name == "server" ? "localhost" : "alice") + "'"));
      ASSERT_TRUE(run("openssl x509 -req -in " + d + name + ".csr -CA " + d + "ca.pem -CAkey " + d +
                      "ca.key -set_serial 7 -days 2 -out " + d + name + ".pem"));
    }
  }

  // kemid with the tls modparams and `extra` ones.
  void startKemid(const std::string& extra = "") {
    dir_.write("route.lua", kScript);
    auto cfg = dir_.write("kemid.cfg",
                          "#!KAMAILIO\n"
                          "listen=udp:127.0.0.1:5060\n"
                          "listen=tls:127.0.0.1:5061\n"
                          "enable_tls=yes\n"
                          "children=2\n"
                          "debug=2\n"
                          "loadmodule \"sl.so\"\n"
                          "loadmodule \"pv.so\"\n"
                          "loadmodule \"tls.so\"\n"
                          "modparam(\"tls\", \"tls_method\", \"TLSv1.2+\")\n"
                          "modparam(\"tls\", \"certificate\", \"server.pem\")\n"
                          "modparam(\"tls\", \"private_key\", \"server.key\")\n"
                          "modparam(\"tls\", \"ca_list\", \"ca.pem\")\n"
                          "modparam(\"tls\", \"verify_certificate\", 1)\n" +
                              extra +
                              "loadmodule \"app_lua.so\"\n"
                              "modparam(\"app_lua\", \"load\", \"route.lua\")\n"
                              "cfgengine \"lua\"\n");
    kemid_ = std::make_unique<BackgroundProcess>(
        kKemid, std::vector<std::string>{"-DD", "-E", "-f", cfg.string()}, dir_.path().string());
    ASSERT_TRUE(kemid_->waitForStderr("started", 10s)) << kemid_->stderrText();
  }

  void TearDown() override {
    if (client_ != nullptr) SSL_free(client_);
    if (fd_ >= 0) ::close(fd_);
    if (ctx_ != nullptr) SSL_CTX_free(ctx_);
    if (!kemid_) return;
    ASSERT_TRUE(kemid_->running()) << "kemid died:\n" << kemid_->stderrText();
    kemid_->signal(SIGTERM);
    EXPECT_EQ(kemid_->waitExit(10s), 0) << kemid_->stderrText();
  }

  // A blocking TLS connection to kemid, presenting `certificate` unless empty.
  bool connect(const std::string& certificate) {
    ctx_ = SSL_CTX_new(TLS_client_method());
    SSL_CTX_load_verify_locations(ctx_, (dir_.path() / "ca.pem").c_str(), nullptr);
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
    if (!certificate.empty()) {
      SSL_CTX_use_certificate_file(ctx_, (dir_.path() / (certificate + ".pem")).c_str(),
                                   SSL_FILETYPE_PEM);
      SSL_CTX_use_PrivateKey_file(ctx_, (dir_.path() / (certificate + ".key")).c_str(),
                                  SSL_FILETYPE_PEM);
    }
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(kTlsPort);
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) return false;
    timeval timeout{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    client_ = SSL_new(ctx_);
    SSL_set_fd(client_, fd_);
    SSL_set_tlsext_host_name(client_, "localhost");
    return SSL_connect(client_) == 1;
  }

  // Sends one OPTIONS over the connection and returns the reply's text.
  std::string options() {
    const std::string request =
        "OPTIONS sip:127.0.0.1:5061;transport=tls SIP/2.0\r\n"
        "Via: SIP/2.0/TLS 127.0.0.1:40000;branch=z9hG4bK-tls-1\r\n"
        "From: <sip:alice@127.0.0.1>;tag=1\r\n"
        "To: <sip:127.0.0.1>\r\n"
        "Call-ID: tls-test-1\r\n"
        "CSeq: 1 OPTIONS\r\n"
        "Max-Forwards: 70\r\n"
        "Content-Length: 0\r\n\r\n";
    if (SSL_write(client_, request.data(), static_cast<int>(request.size())) <= 0) return "";
    std::string reply;
    char buffer[4096];
    while (reply.find("\r\n\r\n") == std::string::npos) {
      const int got = SSL_read(client_, buffer, sizeof buffer);
      if (got <= 0) break;
      reply.append(buffer, static_cast<std::size_t>(got));
    }
    return reply;
  }

  TempDir dir_;
  std::unique_ptr<BackgroundProcess> kemid_;
  SSL_CTX* ctx_ = nullptr;
  SSL* client_ = nullptr;
  int fd_ = -1;
};

TEST_F(TlsTransportTest, AVerifiedClientIsSeenByTheScript) {
  startKemid();
  ASSERT_TRUE(connect("client"));
  const std::string reply = options();
  EXPECT_THAT(reply, HasSubstr("SIP/2.0 200 OK\r\n"));
  EXPECT_THAT(reply, HasSubstr("X-TLS: TLSv1.3 alice 1\r\n"));

  // The connection in tls.list (the answer without its layout's tabs and newlines).
  std::string list =
      httpRequest(kHttpPort, "POST", "/RPC", R"({"jsonrpc":"2.0","method":"tls.list","id":1})")
          .body;
  std::erase_if(list, [](char c) { return c == '\t' || c == '\n'; });
  EXPECT_THAT(
      list, HasSubstr(R"("dst_ip":"127.0.0.1","dst_port":5061,"cipher":"TLS_AES_256_GCM_SHA384 )"));
  EXPECT_THAT(list, HasSubstr(R"("flags":2,"state":"established"})"));
}

TEST_F(TlsTransportTest, AClientWithoutCertificateIsNotVerified) {
  startKemid();
  ASSERT_TRUE(connect(""));
  const std::string reply = options();
  EXPECT_THAT(reply, HasSubstr("SIP/2.0 200 OK\r\n"));
  EXPECT_THAT(reply, HasSubstr("X-TLS: TLSv1.3 nil -1\r\n"));
}

// require_certificate: a client without one gets no answer, and kemid
// logs why the handshake failed.
TEST_F(TlsTransportTest, ARequiredCertificateMissingEndsTheConnection) {
  startKemid("modparam(\"tls\", \"require_certificate\", 1)\n");
  connect("");  // TLS 1.3: the client's side may complete before the server refuses
  EXPECT_EQ(options(), "");
  EXPECT_TRUE(kemid_->waitForStderr("peer did not return a certificate", 5s))
      << kemid_->stderrText();
}

}  // namespace
}  // namespace kemid::test
