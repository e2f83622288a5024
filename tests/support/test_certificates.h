#pragma once
// Certificates for the TLS tests (the tls module's and the integration
// tests'), made with the `openssl` command in a
// temporary directory: a CA, a server and a client certificate it signed,
// and a self-signed client certificate nobody trusts.

#include <string>

#include "support/process.h"

namespace kemid::test {

class TestCertificates {
 public:
  // Fails the calling test (ASSERT) when openssl cannot make them.
  TestCertificates();

  std::string path(const std::string& name) const { return (dir_.path() / name).string(); }
  const TempDir& dir() const { return dir_; }

  // ca.pem; server.pem/.key (CN=localhost, serial 4097);
  // client.pem/.key (CN=alice, serial 255); other.pem/.key (CN=sip.example.org,
  // signed by the CA); untrusted.pem/.key (self-signed, CN=mallory).
  bool ok() const { return ok_; }

 private:
  TempDir dir_;
  bool ok_ = false;
};

}  // namespace kemid::test
