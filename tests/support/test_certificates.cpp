#include "support/test_certificates.h"

#include <cstdlib>

namespace kemid::test {
namespace {

constexpr const char* kKey = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";

bool run(const std::string& command) {
  return std::system((command + " >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace

TestCertificates::TestCertificates() {
  const std::string d = dir_.path().string() + "/";
  dir_.write("server.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  dir_.write("client.ext",
             "subjectAltName=DNS:client.example.com,URI:sip:alice@example.com,"
             "email:alice@example.com\n");
  dir_.write("other.ext", "subjectAltName=DNS:sip.example.org\n");
  const auto signedBy = [&](const std::string& name, const std::string& subject, int serial) {
    return run("openssl req " + std::string(kKey) + " -keyout " + d + name + ".key -out " + d +
               name + ".csr -subj '" + subject + "'") &&
           run("openssl x509 -req -in " + d + name + ".csr -CA " + d + "ca.pem -CAkey " + d +
               "ca.key -set_serial " + std::to_string(serial) + " -days 30 -out " + d + name +
               ".pem -extfile " + d + name + ".ext");
  };
  ok_ = run("openssl req -x509 " + std::string(kKey) + " -keyout " + d + "ca.key -out " + d +
            "ca.pem -days 30 -subj '/C=DE/O=KemidTest/CN=Test CA'") &&
        signedBy("server", "/C=DE/ST=Berlin/L=Berlin/O=KemidTest/OU=Proxy/CN=localhost", 4097) &&
        signedBy("client", "/C=US/ST=CA/L=SF/O=ClientOrg/OU=Phones/CN=alice", 255) &&
        signedBy("other", "/C=DE/O=KemidTest/CN=sip.example.org", 77) &&
        run("openssl req -x509 " + std::string(kKey) + " -keyout " + d + "untrusted.key -out " + d +
            "untrusted.pem -days 30 -subj '/CN=mallory'");
}

}  // namespace kemid::test
