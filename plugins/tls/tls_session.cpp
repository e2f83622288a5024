#include "tls_session.h"

#include <arpa/inet.h>
#include <openssl/err.h>

#include <cerrno>
#include <cstring>

#include "socket_bio.h"

namespace kemid::tls {

std::unique_ptr<OpenSslSession> OpenSslSession::create(int fd, const TlsConnection& connection,
                                                       std::shared_ptr<const ContextSet> contexts,
                                                       const ProfileContext& profile,
                                                       std::shared_ptr<SessionRegistry> registry,
                                                       bool sendCloseNotify, std::string& error) {
  SSL* ssl = SSL_new(profile.ctx.get());
  BIO* socket = ssl != nullptr ? newSocketBio(fd) : nullptr;
  if (socket == nullptr) {
    error = "cannot create a TLS session: " + takeOpensslErrors();
    SSL_free(ssl);
    return nullptr;
  }
  SSL_set_bio(ssl, socket, socket);  // one BIO both ways, owned by ssl
  const bool server = profile.profile.role == TlsRole::Server;
  if (server) {
    SSL_set_accept_state(ssl);
  } else {
    SSL_set_connect_state(ssl);
    // SNI: the profile's server_name, else the target when it is a name.
    std::string name = profile.profile.serverName;
    in6_addr ignored{};
    const std::string& host = connection.targetHost;
    if (name.empty() && !host.empty() && inet_pton(AF_INET, host.c_str(), &ignored) != 1 &&
        inet_pton(AF_INET6, host.c_str(), &ignored) != 1 && host.front() != '[') {
      name = host;
    }
    if (!name.empty()) SSL_set_tlsext_host_name(ssl, name.c_str());
  }
  return std::unique_ptr<OpenSslSession>(new OpenSslSession(
      ssl, connection, std::move(contexts), profile, std::move(registry), sendCloseNotify));
}

OpenSslSession::OpenSslSession(SSL* ssl, const TlsConnection& connection,
                               std::shared_ptr<const ContextSet> contexts,
                               const ProfileContext& profile,
                               std::shared_ptr<SessionRegistry> registry, bool sendCloseNotify)
    : ssl_(ssl),
      connection_(connection),
      contexts_(std::move(contexts)),
      profile_(&profile),
      registry_(std::move(registry)),
      sendCloseNotify_(sendCloseNotify) {
  SSL_set_app_data(ssl_, this);
  auto opened = std::make_shared<SessionDetails>();
  opened->connection = connection_.id;
  opened->local = connection_.local;
  opened->remote = connection_.remote;
  opened->since = std::chrono::steady_clock::now();
  registry_->add(std::move(opened));
}

OpenSslSession::~OpenSslSession() {
  registry_->remove(connection_.id);
  SSL_free(ssl_);
}

int OpenSslSession::onServerName(SSL* ssl, int* alert, void* arg) {
  (void)alert, (void)arg;
  auto* session = static_cast<OpenSslSession*>(SSL_get_app_data(ssl));
  const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
  if (session == nullptr || name == nullptr) return SSL_TLSEXT_ERR_OK;
  const ProfileContext* chosen = session->contexts_->server(session->connection_.local, name);
  if (chosen == nullptr || chosen == session->profile_) return SSL_TLSEXT_ERR_OK;
  SSL_set_SSL_CTX(ssl, chosen->ctx.get());
  // The context's verification settings are copied to a session only when
  // it is made: take the new profile's.
  SSL_set_verify(ssl, SSL_CTX_get_verify_mode(chosen->ctx.get()),
                 SSL_CTX_get_verify_callback(chosen->ctx.get()));
  SSL_set_verify_depth(ssl, SSL_CTX_get_verify_depth(chosen->ctx.get()));
  session->profile_ = chosen;
  return SSL_TLSEXT_ERR_OK;
}

TlsIo OpenSslSession::outcome(int result) {
  const int code = SSL_get_error(ssl_, result);
  switch (code) {
    case SSL_ERROR_WANT_READ:
      return TlsIo::WantRead;
    case SSL_ERROR_WANT_WRITE:
      return TlsIo::WantWrite;
    case SSL_ERROR_ZERO_RETURN:
      return TlsIo::Closed;
    case SSL_ERROR_SYSCALL: {
      const int saved = errno;
      error_ = takeOpensslErrors();
      if (error_.empty() && saved == 0) return TlsIo::Closed;
      if (error_.empty()) error_ = std::strerror(saved);
      return TlsIo::Failed;
    }
    default:
      error_ = takeOpensslErrors();
      if (const long verify = SSL_get_verify_result(ssl_); verify != X509_V_OK) {
        error_ += std::string(error_.empty() ? "" : " (") + X509_verify_cert_error_string(verify) +
                  (error_.empty() ? "" : ")");
      }
      if (error_.empty()) error_ = "TLS error " + std::to_string(code);
      return TlsIo::Failed;
  }
}

TlsIo OpenSslSession::handshake() {
  if (established_) return TlsIo::Done;
  ERR_clear_error();
  errno = 0;
  const int result = SSL_do_handshake(ssl_);
  if (result != 1) return outcome(result);
  established_ = true;
  registry_->add(std::make_shared<const SessionDetails>(
      describeSession(ssl_, connection_.id, connection_.local, connection_.remote)));
  return TlsIo::Done;
}

TlsIo OpenSslSession::read(std::span<char> buffer, std::size_t& got) {
  ERR_clear_error();
  errno = 0;
  if (SSL_read_ex(ssl_, buffer.data(), buffer.size(), &got) == 1) return TlsIo::Done;
  return outcome(0);
}

TlsIo OpenSslSession::write(std::string_view data, std::size_t& written) {
  ERR_clear_error();
  errno = 0;
  if (SSL_write_ex(ssl_, data.data(), data.size(), &written) == 1) return TlsIo::Done;
  return outcome(0);
}

void OpenSslSession::shutdown() {
  if (!established_ || !sendCloseNotify_) return;
  ERR_clear_error();
  SSL_shutdown(ssl_);
  ERR_clear_error();
}

}  // namespace kemid::tls
