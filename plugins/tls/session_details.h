#pragma once
// What a finished handshake established, copied once so that the script's
// $tls_* reads and the RPC answers never touch the live TLS session.

#include <openssl/ssl.h>

#include <chrono>
#include <optional>
#include <string>

#include "core/network.h"

namespace kemid::tls {

// The parts of a certificate's subject or issuer name ($tls_peer_subject_cn...).
struct NameParts {
  std::optional<std::string> commonName;
  std::optional<std::string> country;
  std::optional<std::string> state;
  std::optional<std::string> locality;
  std::optional<std::string> organization;
  std::optional<std::string> unit;
  std::optional<std::string> uid;
};

struct CertificateDetails {
  std::string version;    // the X.509 version field as is: "2" for a v3 certificate
  std::string serial;     // decimal
  std::string notBefore;  // "Dec  8 01:06:12 2026 GMT"
  std::string notAfter;
  std::string pem;  // with its final newline
  NameParts subject;
  NameParts issuer;
  // The first subjectAltName entry of each kind.
  std::optional<std::string> sanEmail;
  std::optional<std::string> sanHostname;
  std::optional<std::string> sanIp;
  std::optional<std::string> sanUri;
};

struct SessionDetails {
  ConnectionId connection = 0;
  Endpoint local;
  Endpoint remote;
  // False until the handshake completes: only the addresses and the time
  // are known then (tls.list's "pre-init").
  bool established = false;
  std::chrono::steady_clock::time_point since;  // of the connection, then of the handshake
  std::string version;                          // "TLSv1.3"
  std::string description;                      // OpenSSL's cipher description, with its newline
  std::string cipher;                           // "TLS_AES_256_GCM_SHA384"
  int bits = 0;
  std::optional<std::string> serverName;  // the SNI the client sent (server side)
  std::optional<CertificateDetails> peer;
  std::optional<CertificateDetails> mine;
  bool peerVerified = false;
  bool peerRevoked = false;
  bool peerExpired = false;
  bool peerSelfSigned = false;
};

// The details of `ssl`'s completed handshake.
SessionDetails describeSession(SSL* ssl, ConnectionId connection, const Endpoint& local,
                               const Endpoint& remote);
CertificateDetails describeCertificate(X509* cert);

}  // namespace kemid::tls
