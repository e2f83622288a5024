// The module through its descriptor: modparams, the published provider,
// $tls_* through pv, KSR.tls.* and the tls.* RPC commands.

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>
#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <sstream>

#include "core/message_context.h"
#include "core/module_host.h"
#include "core/tls.h"
#include "pv/pv_api.h"
#include "support/plugin_harness.h"
#include "support/test_certificates.h"

namespace kemid::tls {
namespace {

using pv::PvValue;

// pv's side: the names tls provided, read directly.
class FakePv final : public pv::PvApi {
 public:
  std::optional<PvValue> get(std::string_view, MessageContext&) override { return std::nullopt; }
  std::optional<std::string> format(std::string_view format, MessageContext&) override {
    return std::string(format);
  }
  bool provideName(std::string_view name, Provider provider) override {
    return providers.emplace(std::string(name), std::move(provider)).second;
  }
  std::map<std::string, Provider> providers;
};

std::string json(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(value, out);
  return out.str();
}

class TlsModuleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(certs_.ok());
    plugin_.host().publishApi<pv::PvApi>(pv_);
    plugin_.config().sourceFile = certs_.path("kemid.cfg");
    plugin_.config().core.enableTls = true;
  }
  void configure() {
    plugin_.setParam("tls_method", std::string("TLSv1.2+"));
    plugin_.setParam("certificate", std::string("server.pem"));
    plugin_.setParam("private_key", std::string("server.key"));
    plugin_.setParam("ca_list", std::string("ca.pem"));
    plugin_.setParam("verify_certificate", std::int64_t{1});
  }
  TlsProvider* provider() { return plugin_.host().findApi<TlsProvider>(); }

  // One TLS connection from a client with the trusted certificate, through
  // the published provider.
  void connect() {
    int fds[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds), 0);
    server_fd_ = fds[0];
    client_fd_ = fds[1];
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_use_certificate_file(ctx, certs_.path("client.pem").c_str(), SSL_FILETYPE_PEM);
    SSL_CTX_use_PrivateKey_file(ctx, certs_.path("client.key").c_str(), SSL_FILETYPE_PEM);
    client_ = SSL_new(ctx);
    SSL_CTX_free(ctx);
    SSL_set_fd(client_, client_fd_);
    SSL_set_tlsext_host_name(client_, "localhost");
    session_ = provider()->accepted(
        server_fd_,
        {.id = 3, .local = {"127.0.0.1", 5061}, .remote = {"127.0.0.1", 41000}, .targetHost = {}});
    ASSERT_TRUE(session_);
    TlsIo io = TlsIo::WantRead;
    for (int i = 0; i < 100 && io != TlsIo::Done && io != TlsIo::Failed; ++i) {
      SSL_connect(client_);
      io = session_->handshake();
    }
    ASSERT_EQ(io, TlsIo::Done) << session_->error();
    ctx_.received.transport = Transport::Tls;
    ctx_.received.connection = 3;
  }
  void TearDown() override {
    session_.reset();
    if (client_ != nullptr) SSL_free(client_);
    if (server_fd_ >= 0) ::close(server_fd_);
    if (client_fd_ >= 0) ::close(client_fd_);
  }
  PvValue pv(const std::string& name) { return pv_.providers.at(name)("", std::nullopt, ctx_); }

  kemid::test::TestCertificates certs_;
  FakePv pv_;
  kemid::test::PluginHarness plugin_{*kemid_module_descriptor()};
  MessageContext ctx_;
  std::unique_ptr<TlsSession> session_;
  SSL* client_ = nullptr;
  int server_fd_ = -1;
  int client_fd_ = -1;
};

TEST_F(TlsModuleTest, AMissingCertificateStopsTheStartNamingIt) {
  plugin_.setParam("certificate", std::string("nothere.pem"));
  const HookResult result = plugin_.init();
  EXPECT_NE(result.error.find("tls: TLSs<default> (modparam): unable to load certificate file '" +
                              certs_.path("nothere.pem") + "'"),
            std::string::npos)
      << result.error;
  EXPECT_EQ(provider(), nullptr);
}

TEST_F(TlsModuleTest, ABadConfigFileStopsTheStartNamingItsLine) {
  configure();
  certs_.dir().write("tls.cfg", "[server:default]\nmethod = TLSv1.2+\nfoo = bar\n");
  plugin_.setParam("config", std::string("tls.cfg"));
  EXPECT_EQ(plugin_.init().error,
            "tls: " + certs_.path("tls.cfg") + ":3:1: unsupported option 'foo'");
}

// Without enable_tls nothing is loaded (a missing certificate is no
// error) and the functions answer as for a message not over TLS.
TEST_F(TlsModuleTest, WithoutEnableTlsNothingIsLoaded) {
  plugin_.config().core.enableTls = false;
  plugin_.setParam("certificate", std::string("nothere.pem"));
  ASSERT_TRUE(plugin_.init().ok());
  EXPECT_EQ(plugin_.callKemi("is_peer_verified", &ctx_), KemiValue{std::int64_t{-1}});
  EXPECT_EQ(json(plugin_.callRpc("tls.info").result),
            R"({"max_connections":2048,"opened_connections":0,"clear_text_write_queued_bytes":0})");
}

// A server profile for an address kemid has no TLS socket on stops the
// start; a listen serving TLS there makes it fine.
TEST_F(TlsModuleTest, AnAddressProfileNeedsATlsListener) {
  configure();
  certs_.dir().write("tls.cfg", "[server:127.0.0.1:5061]\n");
  plugin_.setParam("config", std::string("tls.cfg"));
  EXPECT_EQ(plugin_.init().error, "tls: TLSs<127.0.0.1:5061> (" + certs_.path("tls.cfg") +
                                      ":1): no listening TLS socket found");
  // A listen without a transport serves TLS on its port + 1, as Kamailio.
  plugin_.config().core.listen.push_back(parseListenAddress("127.0.0.1:5060"));
  configure();
  plugin_.setParam("config", std::string("tls.cfg"));
  EXPECT_TRUE(plugin_.init().ok());
}

TEST_F(TlsModuleTest, PublishesTheProviderAndTheVariables) {
  configure();
  ASSERT_TRUE(plugin_.init().ok());
  ASSERT_NE(provider(), nullptr);
  EXPECT_EQ(pv_.providers.size(), 57u);
  // A message that did not come over TLS: every variable is null.
  EXPECT_TRUE(pv("tls_version").isNull());
  EXPECT_TRUE(pv("tls_peer_verified").isNull());

  connect();
  EXPECT_EQ(pv("tls_version"), PvValue::string("TLSv1.3"));
  EXPECT_EQ(pv("tls_cipher_bits"), PvValue::string("256"));
  EXPECT_EQ(pv("tls_peer_verified"), PvValue::string("1"));
  EXPECT_EQ(pv("tls_peer_subject_cn"), PvValue::string("alice"));
  EXPECT_TRUE(pv("tls_peer_subject").isNull());
  EXPECT_EQ(pv("tls_peer_server_name"), PvValue::string("localhost"));
  EXPECT_EQ(pv("tls_my_issuer_organization"), PvValue::string("KemidTest"));
}

// tls loaded before pv (as Kamailio's docs advise): the variables are
// provided when every module is initialised.
TEST_F(TlsModuleTest, VariablesWaitForPvLoadedAfterTls) {
  kemid::test::PluginHarness first{*kemid_module_descriptor()};
  first.config().sourceFile = certs_.path("kemid.cfg");
  first.config().core.enableTls = true;
  first.setParam("certificate", std::string("server.pem"));
  first.setParam("private_key", std::string("server.key"));
  ASSERT_TRUE(first.init().ok());
  FakePv later;
  first.host().publishApi<pv::PvApi>(later);
  ASSERT_TRUE(first.descriptor().start(first.state()).ok());
  EXPECT_EQ(later.providers.size(), 57u);
}

TEST_F(TlsModuleTest, KemiFunctions) {
  configure();
  ASSERT_TRUE(plugin_.init().ok());
  EXPECT_EQ(plugin_.callKemi("is_peer_verified", &ctx_), KemiValue{std::int64_t{-1}});  // UDP
  EXPECT_EQ(plugin_.callKemi("cget", &ctx_, {std::string_view("tls_version")}),
            KemiValue{std::string()});
  connect();
  EXPECT_EQ(plugin_.callKemi("is_peer_verified", &ctx_), KemiValue{std::int64_t{1}});
  EXPECT_EQ(plugin_.callKemi("cget", &ctx_, {std::string_view("tls_version")}),
            KemiValue{std::string("TLSv1.3")});
  EXPECT_EQ(plugin_.callKemi("cget", &ctx_, {std::string_view("version")}),
            KemiValue{std::string()});
  EXPECT_EQ(plugin_.callKemi("cget", &ctx_, {std::string_view("tls_cipher_bits")}),
            KemiValue{std::string("256")});
  // Kamailio 5.6 answers "" for every certificate attribute.
  EXPECT_EQ(plugin_.callKemi("cget", &ctx_, {std::string_view("tls_peer_subject_cn")}),
            KemiValue{std::string()});
  EXPECT_EQ(plugin_.callKemi("set_connect_server_id", &ctx_, {std::string_view("peer1")}),
            KemiValue{std::int64_t{1}});
}

TEST_F(TlsModuleTest, RpcAnswers) {
  configure();
  certs_.dir().write("tls.cfg",
                     "[server:default]\ncertificate = server.pem\nprivate_key = server.key\n");
  plugin_.setParam("config", std::string("tls.cfg"));
  ASSERT_TRUE(plugin_.init().ok());
  EXPECT_EQ(json(plugin_.callRpc("tls.list").result), "[]");
  // A connection whose handshake has not begun.
  int idle[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, idle), 0);
  auto waiting = provider()->accepted(
      idle[0],
      {.id = 9, .local = {"127.0.0.1", 5061}, .remote = {"127.0.0.1", 42000}, .targetHost = {}});
  EXPECT_EQ(
      json(plugin_.callRpc("tls.list").result),
      R"([{"id":9,"timeout":600,"src_ip":"127.0.0.1","src_port":42000,"dst_ip":"127.0.0.1",)"
      R"("dst_port":5061,"cipher":"unknown","ct_wq_size":0,"enc_rd_buf":0,"flags":0,"state":"pre-init"}])");
  waiting.reset();
  ::close(idle[0]);
  ::close(idle[1]);
  EXPECT_EQ(json(plugin_.callRpc("tls.info").result),
            R"({"max_connections":2048,"opened_connections":0,"clear_text_write_queued_bytes":0})");
  const std::string dir = certs_.dir().path().string();
  EXPECT_EQ(
      json(plugin_.callRpc("tls.options").result),
      R"({"force_run":0,"method":"TLSv1.2+","verify_certificate":1,"verify_depth":9,)"
      R"("require_certificate":0,"verify_client":"off","private_key":")" +
          dir + R"(/server.key","ca_list":")" + dir + R"(/ca.pem","certificate":")" + dir +
          R"(/server.pem","cipher_list":null,"session_cache":0,"session_id":"kamailio-tls-5.x.y",)"
          R"("config":")" +
          dir +
          R"(/tls.cfg","log":3,"debug":3,"connection_timeout":600,"disable_compression":1,)"
          R"("ssl_release_buffers":-1,"ssl_freelist_max":-1,"ssl_max_send_fragment":-1,)"
          R"("ssl_read_ahead":0,"send_close_notify":0,"low_mem_threshold1":-1,)"
          R"("low_mem_threshold2":-1,"ct_wq_max":10485760,"con_ct_wq_max":65536,"ct_wq_blk_size":4096})");

  connect();
  const std::string list = json(plugin_.callRpc("tls.list").result);
  EXPECT_TRUE(
      list.starts_with(R"([{"id":3,"timeout":600,"src_ip":"127.0.0.1","src_port":41000,)"
                       R"("dst_ip":"127.0.0.1","dst_port":5061,"cipher":"TLS_AES_256_GCM_SHA384 )"))
      << list;
  EXPECT_TRUE(list.ends_with(
      R"(Mac=AEAD","ct_wq_size":0,"enc_rd_buf":0,"flags":2,"state":"established"}])"))
      << list;
  EXPECT_EQ(json(plugin_.callRpc("tls.info").result),
            R"({"max_connections":2048,"opened_connections":1,"clear_text_write_queued_bytes":0})");

  EXPECT_EQ(plugin_.callRpc("tls.reload").result.toString(), "Ok. TLS configuration reloaded.");
  certs_.dir().write("tls.cfg", "[server:default]\nverify_certificate = maybe\n");
  kemid::test::RpcOutcome broken = plugin_.callRpc("tls.reload");
  EXPECT_EQ(broken.fault.code, 500);
  EXPECT_EQ(broken.fault.message,
            "Error while loading TLS configuration file (consult server log)");
  certs_.dir().write("tls.cfg", "[server:default]\ncertificate = gone.pem\n");
  broken = plugin_.callRpc("tls.reload");
  EXPECT_EQ(broken.fault.message, "Error while fixing TLS configuration (consult server log)");
}

TEST_F(TlsModuleTest, ReloadWithoutAConfigFile) {
  configure();
  ASSERT_TRUE(plugin_.init().ok());
  const auto answer = plugin_.callRpc("tls.reload");
  EXPECT_EQ(answer.fault.code, 500);
  EXPECT_EQ(answer.fault.message, "No TLS configuration file configured");
}

}  // namespace
}  // namespace kemid::tls
