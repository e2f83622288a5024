#include "session_details.h"

#include <arpa/inet.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <memory>

namespace kemid::tls {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};

std::string bioText(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::string timeText(const ASN1_TIME* time) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!bio || time == nullptr || ASN1_TIME_print(bio.get(), time) != 1) return {};
  return bioText(bio.get());
}

std::string serialText(const ASN1_INTEGER* serial) {
  BIGNUM* number = ASN1_INTEGER_to_BN(serial, nullptr);
  if (number == nullptr) return {};
  char* text = BN_bn2dec(number);
  std::string result = text != nullptr ? text : "";
  OPENSSL_free(text);
  BN_free(number);
  return result;
}

std::optional<std::string> entry(X509_NAME* name, int nid) {
  const int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) return std::nullopt;
  ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int size = ASN1_STRING_to_UTF8(&utf8, data);
  if (size < 0) return std::nullopt;
  std::string text(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(size));
  OPENSSL_free(utf8);
  return text;
}

NameParts nameParts(X509_NAME* name) {
  if (name == nullptr) return {};
  return NameParts{entry(name, NID_commonName),
                   entry(name, NID_countryName),
                   entry(name, NID_stateOrProvinceName),
                   entry(name, NID_localityName),
                   entry(name, NID_organizationName),
                   entry(name, NID_organizationalUnitName),
                   entry(name, NID_userId)};
}

std::string ipText(const ASN1_OCTET_STRING* ip) {
  char text[INET6_ADDRSTRLEN] = {};
  const int size = ASN1_STRING_length(ip);
  const unsigned char* bytes = ASN1_STRING_get0_data(ip);
  if (size == 4) inet_ntop(AF_INET, bytes, text, sizeof text);
  if (size == 16) inet_ntop(AF_INET6, bytes, text, sizeof text);
  return text;
}

std::string ia5Text(const ASN1_IA5STRING* s) {
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<std::size_t>(ASN1_STRING_length(s)));
}

void readAltNames(X509* cert, CertificateDetails& details) {
  auto* names =
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  if (names == nullptr) return;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    if (name->type == GEN_EMAIL && !details.sanEmail)
      details.sanEmail = ia5Text(name->d.rfc822Name);
    if (name->type == GEN_DNS && !details.sanHostname)
      details.sanHostname = ia5Text(name->d.dNSName);
    if (name->type == GEN_URI && !details.sanUri) {
      details.sanUri = ia5Text(name->d.uniformResourceIdentifier);
    }
    if (name->type == GEN_IPADD && !details.sanIp) details.sanIp = ipText(name->d.iPAddress);
  }
  GENERAL_NAMES_free(names);
}

}  // namespace

CertificateDetails describeCertificate(X509* cert) {
  CertificateDetails d;
  d.version = std::to_string(X509_get_version(cert));
  d.serial = serialText(X509_get0_serialNumber(cert));
  d.notBefore = timeText(X509_get0_notBefore(cert));
  d.notAfter = timeText(X509_get0_notAfter(cert));
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (bio && PEM_write_bio_X509(bio.get(), cert) == 1) d.pem = bioText(bio.get());
  d.subject = nameParts(X509_get_subject_name(cert));
  d.issuer = nameParts(X509_get_issuer_name(cert));
  readAltNames(cert, d);
  return d;
}

SessionDetails describeSession(SSL* ssl, ConnectionId connection, const Endpoint& local,
                               const Endpoint& remote) {
  SessionDetails d;
  d.connection = connection;
  d.local = local;
  d.remote = remote;
  d.version = SSL_get_version(ssl);
  if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl)) {
    char text[256];
    d.description = SSL_CIPHER_description(cipher, text, sizeof text);
    d.cipher = SSL_CIPHER_get_name(cipher);
    d.bits = SSL_CIPHER_get_bits(cipher, nullptr);
  }
  // On the client side this would be the name kemid asked for, not the peer's.
  const char* serverName =
      SSL_is_server(ssl) ? SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name) : nullptr;
  if (serverName != nullptr) d.serverName = serverName;
  if (X509* peer = SSL_get1_peer_certificate(ssl)) {
    d.peer = describeCertificate(peer);
    X509_free(peer);
    const long result = SSL_get_verify_result(ssl);
    d.peerVerified = result == X509_V_OK;
    d.peerRevoked = result == X509_V_ERR_CERT_REVOKED;
    d.peerExpired = result == X509_V_ERR_CERT_HAS_EXPIRED;
    d.peerSelfSigned = result == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ||
                       result == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN;
  }
  if (X509* mine = SSL_get_certificate(ssl)) d.mine = describeCertificate(mine);
  d.established = true;
  d.since = std::chrono::steady_clock::now();
  return d;
}

}  // namespace kemid::tls
