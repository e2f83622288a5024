#include "tls_contexts.h"

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include <filesystem>

#include <stdexcept>
#include "core/log.h"
#include "tls_session.h"

namespace kemid::tls {
namespace {

constexpr Logger kLog{"tls"};

bool serverNameMatches(const ResolvedProfile& p, std::string_view name) {
  if (p.serverName.empty()) return false;
  const std::string_view wanted = p.serverName;
  const bool exact = name == wanted;
  const bool subdomain = name.size() > wanted.size() && name.ends_with(wanted) &&
                         name[name.size() - wanted.size() - 1] == '.';
  switch (p.serverNameMode) {
    case ServerNameMode::Exact:
      return exact;
    case ServerNameMode::DomainAndSubdomains:
      return exact || subdomain;
    case ServerNameMode::SubdomainsOnly:
      return subdomain;
  }
  return false;
}

[[noreturn]] void fail(const ResolvedProfile& p, const std::string& what) {
  std::string why = takeOpensslErrors();
  throw std::runtime_error(p.name + " (" + p.where + "): " + what +
                           (why.empty() ? "" : ": " + why));
}

void loadCertificate(SSL_CTX* ctx, const ResolvedProfile& p) {
  if (p.certificate.empty()) return;
  if (p.certificateOptional && !std::filesystem::exists(p.certificate)) return;
  if (SSL_CTX_use_certificate_chain_file(ctx, p.certificate.c_str()) != 1) {
    fail(p, "unable to load certificate file '" + p.certificate + "'");
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, p.privateKey.c_str(), SSL_FILETYPE_PEM) != 1) {
    fail(p, "unable to load private key file '" + p.privateKey + "'");
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    fail(p, "the private key " + p.privateKey + " does not match the certificate " + p.certificate);
  }
}

void loadTrust(SSL_CTX* ctx, const ResolvedProfile& p) {
  if (!p.caList.empty() || !p.caPath.empty()) {
    if (SSL_CTX_load_verify_locations(ctx, p.caList.empty() ? nullptr : p.caList.c_str(),
                                      p.caPath.empty() ? nullptr : p.caPath.c_str()) != 1) {
      fail(p, "cannot load the CA list " + (p.caList.empty() ? p.caPath : p.caList));
    }
  }
  // A server names the CAs it trusts in its certificate request.
  if (p.role == TlsRole::Server && !p.caList.empty()) {
    if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(p.caList.c_str())) {
      SSL_CTX_set_client_CA_list(ctx, names);
    }
  }
  if (!p.crl.empty()) {
    X509_STORE* store = SSL_CTX_get_cert_store(ctx);
    X509_LOOKUP* lookup = X509_STORE_add_lookup(store, X509_LOOKUP_file());
    if (lookup == nullptr || X509_load_crl_file(lookup, p.crl.c_str(), X509_FILETYPE_PEM) <= 0) {
      fail(p, "cannot load the CRL file " + p.crl);
    }
    X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
  }
}

// verify_client = optional_no_ca: the chain is checked (the session's
// verify result and $tls_peer_verified say how it went) but never refused.
int acceptAnyCertificate(int, X509_STORE_CTX*) {
  return 1;
}

SslCtxPtr makeContext(const ResolvedProfile& p) {
  SslCtxPtr ctx(SSL_CTX_new(p.role == TlsRole::Server ? TLS_server_method() : TLS_client_method()));
  if (!ctx) fail(p, "cannot create an OpenSSL context");
  SSL_CTX_set_min_proto_version(ctx.get(), p.protocols.min);
  SSL_CTX_set_max_proto_version(ctx.get(), p.protocols.max);
  // A peer closing the socket without close_notify ends the session as
  // Closed, not as an error.
  SSL_CTX_set_options(
      ctx.get(), SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_IGNORE_UNEXPECTED_EOF);
  // The transport may retry a write with a moved buffer after WantWrite.
  SSL_CTX_set_mode(ctx.get(), SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_ENABLE_PARTIAL_WRITE);
  if (!p.cipherList.empty() && SSL_CTX_set_cipher_list(ctx.get(), p.cipherList.c_str()) != 1) {
    fail(p, "no usable cipher in cipher_list \"" + p.cipherList + "\"");
  }
  loadCertificate(ctx.get(), p);
  loadTrust(ctx.get(), p);
  int mode = SSL_VERIFY_NONE;
  if (p.verifyCertificate) {
    mode = SSL_VERIFY_PEER;
    if (p.requireCertificate && p.role == TlsRole::Server) mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
  }
  SSL_CTX_set_verify(ctx.get(), mode, p.acceptAnyCa ? &acceptAnyCertificate : nullptr);
  SSL_CTX_set_verify_depth(ctx.get(), p.verifyDepth);
  if (p.role == TlsRole::Server) {
    SSL_CTX_set_tlsext_servername_callback(ctx.get(), &OpenSslSession::onServerName);
  }
  return ctx;
}

// What the profile asks of the peer's certificate, for the start-up log.
std::string verificationText(const ResolvedProfile& p) {
  if (p.role == TlsRole::Client) {
    return p.verifyCertificate ? "the server must present a valid certificate"
                               : "the server's certificate is not checked";
  }
  if (!p.verifyCertificate) return "no client certificate is asked for";
  if (p.acceptAnyCa) return "a client certificate is asked for and never refused";
  if (p.requireCertificate) return "a client must present a valid certificate";
  return "a client certificate, when given, must be valid";
}

bool addressMatches(const ResolvedProfile& p, const Endpoint& endpoint) {
  return p.scope == ProfileScope::Address && p.address == endpoint;
}

}  // namespace

std::string takeOpensslErrors() {
  std::string text;
  while (unsigned long code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    if (!text.empty()) text += "; ";
    text += buffer;
  }
  return text;
}

std::shared_ptr<const ContextSet> ContextSet::build(std::vector<ResolvedProfile> profiles) {
  auto set = std::make_shared<ContextSet>();
  for (ResolvedProfile& p : profiles) {
    SslCtxPtr ctx = makeContext(p);
    kLog.info(p.name, ": method ", p.method, ", certificate '", p.certificate, "', ",
              verificationText(p));
    set->profiles_.push_back(
        std::make_unique<ProfileContext>(ProfileContext{std::move(p), std::move(ctx)}));
  }
  return set;
}

const ProfileContext* ContextSet::server(const Endpoint& local, std::string_view serverName) const {
  // Most specific first: the address, then "any", then the default.
  for (ProfileScope scope : {ProfileScope::Address, ProfileScope::Any, ProfileScope::Default}) {
    const ProfileContext* plain = nullptr;
    const ProfileContext* named = nullptr;
    for (const auto& pc : profiles_) {
      const ResolvedProfile& p = pc->profile;
      if (p.role != TlsRole::Server || p.scope != scope) continue;
      if (scope == ProfileScope::Address && !addressMatches(p, local)) continue;
      if (!serverName.empty() && named == nullptr && serverNameMatches(p, serverName))
        named = pc.get();
      if (plain == nullptr) plain = pc.get();
    }
    if (named != nullptr) return named;
    if (plain != nullptr && serverName.empty()) return plain;
  }
  // An SNI no profile names: the profile the address alone chooses.
  return serverName.empty() ? nullptr : server(local);
}

const ProfileContext* ContextSet::client(const Endpoint& remote, std::string_view serverId) const {
  if (!serverId.empty()) {
    for (const auto& pc : profiles_) {
      if (pc->profile.role == TlsRole::Client && pc->profile.serverId == serverId) return pc.get();
    }
  }
  for (ProfileScope scope : {ProfileScope::Address, ProfileScope::Any, ProfileScope::Default}) {
    for (const auto& pc : profiles_) {
      const ResolvedProfile& p = pc->profile;
      if (p.role != TlsRole::Client || p.scope != scope) continue;
      if (scope == ProfileScope::Address && !addressMatches(p, remote)) continue;
      return pc.get();
    }
  }
  return nullptr;
}

}  // namespace kemid::tls
