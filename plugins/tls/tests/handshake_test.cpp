// Sessions in-process: a server and a client session over a socketpair,
// both non-blocking, driven in turn as the transport drives them.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>

#include "support/test_certificates.h"
#include "tls_attributes.h"
#include "tls_module.h"

namespace kemid::tls {
namespace {

using kemid::test::TestCertificates;

const TlsConnection kAccepted{
    .id = 7, .local = {"127.0.0.1", 5061}, .remote = {"127.0.0.1", 40000}, .targetHost = {}};
const TlsConnection kOpened{
    .id = 8, .local = {"127.0.0.1", 40000}, .remote = {"127.0.0.1", 5061}, .targetHost = {}};

class Socketpair {
 public:
  Socketpair() { ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds_.data()); }
  ~Socketpair() {
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  int server() const { return fds_[0]; }
  int client() const { return fds_[1]; }

 private:
  std::array<int, 2> fds_{-1, -1};
};

struct Outcome {
  TlsIo server = TlsIo::WantRead;
  TlsIo client = TlsIo::WantRead;
};

bool pending(TlsIo io) {
  return io == TlsIo::WantRead || io == TlsIo::WantWrite;
}

// Drives both handshakes until neither wants more.
Outcome handshake(TlsSession& server, TlsSession& client) {
  Outcome o;
  for (int round = 0; round < 100 && (pending(o.server) || pending(o.client)); ++round) {
    if (pending(o.client)) o.client = client.handshake();
    if (pending(o.server)) o.server = server.handshake();
  }
  return o;
}

class Handshake : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(certs_.ok()) << "openssl could not make the certificates"; }

  TlsModparams serverParams() const {
    TlsModparams m;
    m.method = "TLSv1.2+";
    m.configDir = certs_.dir().path().string();
    m.certificate = "server.pem";
    m.privateKey = "server.key";
    m.caList = "ca.pem";
    m.verifyCertificate = true;
    m.requireCertificate = true;
    return m;
  }
  TlsModparams clientParams(const std::string& name) const {
    TlsModparams m;
    m.method = "TLSv1.2+";
    m.configDir = certs_.dir().path().string();
    m.certificate = name.empty() ? "" : name + ".pem";
    m.privateKey = name.empty() ? "" : name + ".key";
    m.caList = "ca.pem";
    m.verifyCertificate = true;
    return m;
  }
  static std::unique_ptr<TlsModule> module(TlsModparams m) {
    return std::make_unique<TlsModule>(std::move(m), new Poco::JSON::Object, true);
  }

  TestCertificates certs_;
  Socketpair sockets_;
};

TEST_F(Handshake, RequiredCertificateMissingFails) {
  auto server = module(serverParams());
  auto client = module(clientParams(""));
  auto s = server->accepted(sockets_.server(), kAccepted);
  auto c = client->connecting(sockets_.client(), kOpened);
  ASSERT_TRUE(s && c);
  const Outcome o = handshake(*s, *c);
  EXPECT_EQ(o.server, TlsIo::Failed);
  EXPECT_NE(s->error().find("peer did not return a certificate"), std::string::npos) << s->error();
  EXPECT_FALSE(server->sessions().find(kAccepted.id)->established);
  s.reset();  // the transport closes the connection
  EXPECT_EQ(server->sessions().size(), 0u);
}

TEST_F(Handshake, UntrustedCertificateFails) {
  auto server = module(serverParams());
  auto client = module(clientParams("untrusted"));
  auto s = server->accepted(sockets_.server(), kAccepted);
  auto c = client->connecting(sockets_.client(), kOpened);
  const Outcome o = handshake(*s, *c);
  EXPECT_EQ(o.server, TlsIo::Failed);
  EXPECT_NE(s->error().find("certificate verify failed"), std::string::npos) << s->error();
  EXPECT_NE(s->error().find("self-signed certificate"), std::string::npos) << s->error();
}

// verify_client = optional_no_ca: any certificate is let in, and the
// variables say it did not verify.
TEST_F(Handshake, OptionalNoCaLetsAnUntrustedCertificateIn) {
  TlsModparams m = serverParams();
  m.requireCertificate = false;
  m.acceptAnyCa = true;
  auto server = module(m);
  auto client = module(clientParams("untrusted"));
  auto s = server->accepted(sockets_.server(), kAccepted);
  auto c = client->connecting(sockets_.client(), kOpened);
  ASSERT_EQ(handshake(*s, *c).server, TlsIo::Done) << s->error();
  auto details = server->sessions().find(kAccepted.id);
  EXPECT_EQ(attribute("tls_peer_verified", *details), "0");
  EXPECT_EQ(attribute("tls_peer_selfsigned", *details), "1");
  EXPECT_EQ(attribute("tls_peer_subject_cn", *details), "mallory");
  EXPECT_EQ(attribute("tls_peer_issuer_cn", *details), "mallory");
}

TEST_F(Handshake, TrustedCertificateIsVerifiedAndDescribed) {
  auto server = module(serverParams());
  auto client = module(clientParams("client"));
  auto s = server->accepted(sockets_.server(), kAccepted);
  auto c = client->connecting(sockets_.client(), kOpened);
  EXPECT_FALSE(server->sessions().find(kAccepted.id)->established);  // tls.list's pre-init
  const Outcome o = handshake(*s, *c);
  ASSERT_EQ(o.server, TlsIo::Done) << s->error();
  ASSERT_EQ(o.client, TlsIo::Done) << c->error();

  auto details = server->sessions().find(kAccepted.id);
  ASSERT_TRUE(details);
  const auto value = [&](std::string_view name) { return attribute(name, *details); };
  EXPECT_EQ(value("tls_version"), "TLSv1.3");
  EXPECT_EQ(value("tls_cipher_info"), "TLS_AES_256_GCM_SHA384");
  EXPECT_EQ(value("tls_cipher_bits"), "256");
  EXPECT_TRUE(value("tls_description")->starts_with("TLS_AES_256_GCM_SHA384 "));
  EXPECT_TRUE(value("tls_description")->ends_with("Mac=AEAD\n"));
  EXPECT_EQ(value("tls_peer_verified"), "1");
  EXPECT_EQ(value("tls_peer_selfsigned"), "0");
  EXPECT_EQ(value("tls_peer_version"), "2");
  EXPECT_EQ(value("tls_peer_serial"), "255");
  EXPECT_EQ(value("tls_peer_subject"), std::nullopt);  // null in Kamailio 5.6
  EXPECT_EQ(value("tls_peer_subject_cn"), "alice");
  EXPECT_EQ(value("tls_peer_subject_organization"), "ClientOrg");
  EXPECT_EQ(value("tls_peer_subject_unit"), "Phones");
  EXPECT_EQ(value("tls_peer_subject_uid"), std::nullopt);
  EXPECT_EQ(value("tls_peer_issuer_cn"), "Test CA");
  EXPECT_EQ(value("tls_peer_issuer_unit"), std::nullopt);
  EXPECT_EQ(value("tls_peer_san_email"), "alice@example.com");
  EXPECT_EQ(value("tls_peer_san_hostname"), "client.example.com");
  EXPECT_EQ(value("tls_peer_san_uri"), "sip:alice@example.com");
  EXPECT_EQ(value("tls_peer_san_ip"), std::nullopt);
  EXPECT_TRUE(value("tls_peer_notAfter")->ends_with(" GMT"));
  EXPECT_TRUE(value("tls_peer_raw_cert")->starts_with("-----BEGIN CERTIFICATE-----\n"));
  EXPECT_EQ(value("tls_peer_server_name"), std::nullopt);  // the client sent no SNI
  EXPECT_EQ(value("tls_my_subject_cn"), "localhost");
  EXPECT_EQ(value("tls_my_serial"), "4097");
  EXPECT_EQ(value("tls_my_san_ip"), "127.0.0.1");
  EXPECT_EQ(value("tls_my_subject"), std::nullopt);

  // Data both ways.
  const std::string request = "OPTIONS sip:localhost SIP/2.0\r\n\r\n";
  std::size_t written = 0;
  ASSERT_EQ(c->write(request, written), TlsIo::Done);
  EXPECT_EQ(written, request.size());
  std::array<char, 256> buffer{};
  std::size_t got = 0;
  ASSERT_EQ(s->read(buffer, got), TlsIo::Done) << s->error();
  EXPECT_EQ(std::string(buffer.data(), got), request);
  EXPECT_EQ(s->read(buffer, got), TlsIo::WantRead);

  // close_notify (send_close_notify on): the peer reads Closed.
  c->shutdown();
  EXPECT_EQ(s->read(buffer, got), TlsIo::Closed);
  s.reset();
  EXPECT_EQ(server->sessions().size(), 0u);  // a session ends with its connection
}

// A peer gone: the write fails, without SIGPIPE (which would end kemid).
TEST_F(Handshake, AWriteToAPeerGoneFailsWithoutSignal) {
  auto server = module(serverParams());
  auto client = module(clientParams("client"));
  auto s = server->accepted(sockets_.server(), kAccepted);
  auto c = client->connecting(sockets_.client(), kOpened);
  ASSERT_EQ(handshake(*s, *c).server, TlsIo::Done) << s->error();
  ::shutdown(sockets_.client(), SHUT_RD);
  std::size_t written = 0;
  EXPECT_EQ(s->write(std::string(1000, 'x'), written), TlsIo::Failed);
  EXPECT_EQ(s->error(), "Broken pipe");
}

TEST_F(Handshake, ServerNameChoosesTheProfile) {
  certs_.dir().write("tls.cfg",
                     "[server:default]\ncertificate = server.pem\nprivate_key = server.key\n"
                     "[server:default]\nserver_name = sip.example.org\n"
                     "certificate = other.pem\nprivate_key = other.key\n");
  TlsModparams m = serverParams();
  m.config = "tls.cfg";
  m.verifyCertificate = m.requireCertificate = false;
  auto server = module(m);
  auto client = module(clientParams(""));
  TlsConnection opened = kOpened;
  opened.targetHost = "sip.example.org";
  auto s = server->accepted(sockets_.server(), kAccepted);
  auto c = client->connecting(sockets_.client(), opened);
  const Outcome o = handshake(*s, *c);
  ASSERT_EQ(o.server, TlsIo::Done) << s->error();
  ASSERT_EQ(o.client, TlsIo::Done) << c->error();
  auto details = server->sessions().find(kAccepted.id);
  ASSERT_TRUE(details);
  EXPECT_EQ(attribute("tls_peer_server_name", *details), "sip.example.org");
  EXPECT_EQ(attribute("tls_my_subject_cn", *details), "sip.example.org");
  EXPECT_EQ(attribute("tls_peer_verified", *details), "0");
  // The client side verified the server it reached by name.
  EXPECT_EQ(attribute("tls_peer_verified", *client->sessions().find(kOpened.id)), "1");
}

TEST_F(Handshake, ReloadKeepsTheOldProfilesWhenTheNewOnesAreBroken) {
  certs_.dir().write("tls.cfg",
                     "[server:default]\ncertificate = server.pem\nprivate_key = server.key\n");
  TlsModparams m = serverParams();
  m.config = "tls.cfg";
  auto server = module(m);
  auto before = server->contexts();

  certs_.dir().write("tls.cfg", "[server:default]\ncertificat = server.pem\n");
  auto result = server->reload();
  EXPECT_EQ(result.stage, TlsModule::ReloadStage::ReadingFile);
  EXPECT_EQ(result.error, certs_.path("tls.cfg") + ":2:1: unsupported option 'certificat'");
  EXPECT_EQ(server->contexts(), before);

  certs_.dir().write("tls.cfg", "[server:default]\ncertificate = missing.pem\n");
  result = server->reload();
  EXPECT_EQ(result.stage, TlsModule::ReloadStage::BuildingContexts);
  EXPECT_NE(result.error.find("TLSs<default> (" + certs_.path("tls.cfg") +
                              ":1): unable to load certificate file '" +
                              certs_.path("missing.pem") + "'"),
            std::string::npos)
      << result.error;
  EXPECT_EQ(server->contexts(), before);

  // A session opened before a good reload keeps the contexts it began with.
  auto s = server->accepted(sockets_.server(), kAccepted);
  certs_.dir().write("tls.cfg",
                     "[server:default]\ncertificate = other.pem\nprivate_key = other.key\n");
  EXPECT_TRUE(server->reload().ok());
  EXPECT_NE(server->contexts(), before);
  auto client = module(clientParams("client"));
  auto c = client->connecting(sockets_.client(), kOpened);
  ASSERT_EQ(handshake(*s, *c).server, TlsIo::Done) << s->error();
  EXPECT_EQ(attribute("tls_my_subject_cn", *server->sessions().find(kAccepted.id)), "localhost");
}

}  // namespace
}  // namespace kemid::tls
