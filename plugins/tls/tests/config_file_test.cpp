// tls.cfg and the modparams: the profiles they make, and what a bad file
// is told.

#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <filesystem>

#include "core/config_error.h"
#include "support/process.h"
#include "tls_config_file.h"
#include "tls_method.h"
#include "tls_settings.h"

namespace kemid::tls {
namespace {

std::string errorOf(std::string_view text) {
  try {
    parseTlsConfig(text, "tls.cfg");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(TlsMethod, KamailioNamesAndRanges) {
  EXPECT_EQ(parseMethod("SSLv23"), (ProtocolRange{0, 0}));
  EXPECT_EQ(parseMethod("TLSv1"), (ProtocolRange{TLS1_VERSION, TLS1_VERSION}));
  EXPECT_EQ(parseMethod("TLSv1.0+"), (ProtocolRange{TLS1_VERSION, 0}));
  EXPECT_EQ(parseMethod("TLSv1.1"), (ProtocolRange{TLS1_1_VERSION, TLS1_1_VERSION}));
  EXPECT_EQ(parseMethod("TLSv1.2+"), (ProtocolRange{TLS1_2_VERSION, 0}));
  EXPECT_EQ(parseMethod("TLSv1.3"), (ProtocolRange{TLS1_3_VERSION, TLS1_3_VERSION}));
  EXPECT_FALSE(parseMethod("SSLv3"));
  EXPECT_FALSE(parseMethod("SSLv2"));
  EXPECT_EQ(parseMethod("tlsv1.2+"), (ProtocolRange{TLS1_2_VERSION, 0}));  // any letter case
}

TEST(TlsConfigFile, ReadsSectionsAndKeys) {
  const auto profiles = parseTlsConfig(R"(# kemid test
[server:default]
method = TLSv1.2+
verify_certificate = yes
require_certificate = no   # a comment after a value
private_key = server.key
certificate = "server.pem"
ca_list = ./ca.pem
verify_depth = 3
cipher_list = HIGH

[client:127.0.0.1:5061]
verify_client = on
server_name = sip.example.org
server_name_mode = 1
server_id = peer1

[server:[::1]:5061]
crl = /etc/crl.pem
[client:any]
)",
                                       "tls.cfg");
  ASSERT_EQ(profiles.size(), 4u);
  const TlsProfile& server = profiles[0];
  EXPECT_EQ(server.role, TlsRole::Server);
  EXPECT_EQ(server.scope, ProfileScope::Default);
  EXPECT_EQ(server.where, "tls.cfg:2");
  EXPECT_EQ(server.method, "TLSv1.2+");
  EXPECT_EQ(server.verifyCertificate, true);
  EXPECT_EQ(server.requireCertificate, false);
  EXPECT_EQ(server.privateKey, "server.key");
  EXPECT_EQ(server.certificate, "server.pem");
  EXPECT_EQ(server.caList, "./ca.pem");
  EXPECT_EQ(server.verifyDepth, 3);
  EXPECT_EQ(server.cipherList, "HIGH");
  EXPECT_FALSE(server.crl);

  const TlsProfile& client = profiles[1];
  EXPECT_EQ(client.role, TlsRole::Client);
  EXPECT_EQ(client.scope, ProfileScope::Address);
  EXPECT_EQ(client.address, (Endpoint{"127.0.0.1", 5061}));
  EXPECT_EQ(client.name(), "TLSc<127.0.0.1:5061>");
  EXPECT_EQ(client.verifyCertificate, true);
  EXPECT_EQ(client.requireCertificate, true);
  EXPECT_EQ(client.serverName, "sip.example.org");
  EXPECT_EQ(client.serverNameMode, ServerNameMode::DomainAndSubdomains);
  EXPECT_EQ(client.serverId, "peer1");

  EXPECT_EQ(profiles[2].address, (Endpoint{"::1", 5061}));
  EXPECT_EQ(profiles[2].name(), "TLSs<[::1]:5061>");
  EXPECT_EQ(profiles[2].crl, "/etc/crl.pem");
  EXPECT_EQ(profiles[3].scope, ProfileScope::Any);
}

TEST(TlsConfigFile, ErrorsNameFileLineAndWhatWasExpected) {
  EXPECT_EQ(errorOf("[server:default]\n\nbogus_key = 1\n"),
            "tls.cfg:3:1: unsupported option 'bogus_key'");
  EXPECT_EQ(errorOf("[server:default]\nmethod = TLSv9\n"),
            "tls.cfg:2:10: unsupported method 'TLSv9', expected SSLv23, TLSv1, TLSv1.1, TLSv1.2 or "
            "TLSv1.3, with or without '+'");
  EXPECT_EQ(errorOf("[server:default]\nverify_certificate = maybe\n"),
            "tls.cfg:2:22: invalid option value 'maybe', boolean expected");
  EXPECT_EQ(errorOf("[server:default]\nverify_depth = deep\n"),
            "tls.cfg:2:16: expected a number, got \"deep\"");
  EXPECT_EQ(errorOf("method = TLSv1\n"),
            "tls.cfg:1:1: expected a section such as [server:default] first");
  EXPECT_EQ(errorOf("[proxy:default]\n"),
            "tls.cfg:1:2: expected \"server\" or \"client\", got \"proxy\"");
  EXPECT_EQ(errorOf("[server:default\n"),
            "tls.cfg:1:1: expected ']' at the end of the section name");
  EXPECT_EQ(errorOf("[server:10.0.0.1]\n"),
            "tls.cfg:1:9: expected default, any, IP:PORT or [IPv6]:PORT");
  EXPECT_EQ(errorOf("[server:default]\ncertificate\n"), "tls.cfg:2:1: expected key = value");
  EXPECT_EQ(errorOf("[server:localhost:5061]\n"),
            "tls.cfg:1:9: invalid IP address 'localhost' (a profile names an address, not a host "
            "name)");
  EXPECT_EQ(errorOf("[server:default]\n; comment\n"), "tls.cfg:2:1: expected key = value");
}

// As Kamailio: names, sections and values in any letter case; booleans in
// its spellings.
TEST(TlsConfigFile, LetterCaseAndBooleans) {
  const auto profiles = parseTlsConfig(
      "[Server:Default]\nMethod = tlsv1.2+\nVERIFY_CERTIFICATE = Enabled\nrequire_cert=off\n"
      "[CLIENT:ANY]\nverify_client = optional_no_ca\n",
      "tls.cfg");
  ASSERT_EQ(profiles.size(), 2u);
  EXPECT_EQ(profiles[0].role, TlsRole::Server);
  EXPECT_EQ(profiles[0].method, "tlsv1.2+");
  EXPECT_EQ(profiles[0].verifyCertificate, true);
  EXPECT_EQ(profiles[0].requireCertificate, false);
  EXPECT_EQ(profiles[1].scope, ProfileScope::Any);
  EXPECT_EQ(profiles[1].acceptAnyCa, true);
}

TEST(TlsSettings, ProfilesTakeTheModparamsAndResolvePaths) {
  kemid::test::TempDir dir;
  dir.write("tls.cfg",
            "[server:127.0.0.1:5061]\ncertificate = a.pem\n[client:default]\nmethod = TLSv1.2\n");
  TlsModparams m;
  m.configDir = dir.path().string();
  m.config = "tls.cfg";
  m.caList = "/etc/ca.pem";
  m.verifyCertificate = true;
  m.serverName = "modparam.example";
  const auto profiles = loadProfiles(m);
  ASSERT_EQ(profiles.size(), 3u);  // the file's two and the modparams' server:default
  EXPECT_EQ(profiles[0].name, "TLSs<127.0.0.1:5061>");
  EXPECT_EQ(profiles[0].certificate, m.configDir + "/a.pem");
  EXPECT_EQ(profiles[0].privateKey, m.configDir + "/cert.pem");
  EXPECT_EQ(profiles[0].caList, "/etc/ca.pem");
  EXPECT_TRUE(profiles[0].verifyCertificate);
  EXPECT_EQ(profiles[0].method, "TLSv1.0+");  // a file profile's default, not tls_method
  EXPECT_EQ(profiles[0].serverName, "");      // server_name is per profile
  EXPECT_EQ(profiles[1].name, "TLSc<default>");
  EXPECT_EQ(profiles[1].protocols, (ProtocolRange{TLS1_2_VERSION, TLS1_2_VERSION}));
  EXPECT_EQ(profiles[1].certificate, m.configDir + "/cert.pem");  // a file profile inherits it
  EXPECT_TRUE(profiles[1].certificateOptional);
  EXPECT_EQ(profiles[2].name, "TLSs<default>");
  EXPECT_EQ(profiles[2].where, "modparam");
  EXPECT_EQ(profiles[2].method, "TLSv1");
  EXPECT_EQ(profiles[2].serverName, "modparam.example");
}

TEST(TlsSettings, PathRules) {
  EXPECT_EQ(resolvePath("/abs/cert.pem", "/etc/kemid"), "/abs/cert.pem");
  EXPECT_EQ(resolvePath("./cert.pem", "/etc/kemid"), "./cert.pem");
  EXPECT_EQ(resolvePath("tls/cert.pem", "/etc/kemid"), "/etc/kemid/tls/cert.pem");
  EXPECT_EQ(resolvePath("", "/etc/kemid"), "");
}

TEST(TlsSettings, AMissingFileIsAnError) {
  kemid::test::TempDir dir;
  TlsModparams m;
  m.configDir = dir.path().string();
  m.config = "missing.cfg";
  try {
    loadProfiles(m);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot read the TLS config file " + m.configDir + "/missing.cfg");
  }
}

// A profile declared again replaces the first, as in Kamailio; the same
// address with another server_name is another profile.
TEST(TlsSettings, TheLastDeclarationOfAProfileWins) {
  kemid::test::TempDir dir;
  dir.write("twice.cfg",
            "[server:default]\ncertificate = a.pem\n[server:default]\nserver_name = a.example\n"
            "[server:default]\ncertificate = b.pem\n");
  TlsModparams m;
  m.configDir = dir.path().string();
  m.config = "twice.cfg";
  const auto profiles = loadProfiles(m);
  ASSERT_EQ(profiles.size(), 3u);
  EXPECT_EQ(profiles[0].serverName, "a.example");
  EXPECT_EQ(profiles[1].certificate, m.configDir + "/b.pem");
  EXPECT_EQ(profiles[1].where, m.configDir + "/twice.cfg:5");
  EXPECT_EQ(profiles[2].name, "TLSc<default>");
  // The client default made beside a config file: no certificate, TLS 1.0+.
  EXPECT_EQ(profiles[2].certificate, "");
  EXPECT_EQ(profiles[2].method, "TLSv1.0+");
}

// `config` naming a directory: its files in name order.
TEST(TlsSettings, AConfigDirectoryIsReadFileByFile) {
  kemid::test::TempDir dir;
  std::filesystem::create_directory(dir.path() / "tls.d");
  dir.write("tls.d/20-client.cfg", "[client:default]\nmethod = TLSv1.2\n");
  dir.write("tls.d/10-server.cfg", "[server:default]\nmethod = TLSv1.2+\n");
  TlsModparams m;
  m.configDir = dir.path().string();
  m.config = "tls.d";
  const auto profiles = loadProfiles(m);
  ASSERT_EQ(profiles.size(), 2u);
  EXPECT_EQ(profiles[0].name, "TLSs<default>");
  EXPECT_EQ(profiles[0].method, "TLSv1.2+");
  EXPECT_EQ(profiles[1].name, "TLSc<default>");
  EXPECT_EQ(profiles[1].where, m.configDir + "/tls.d/20-client.cfg:1");
}

}  // namespace
}  // namespace kemid::tls
