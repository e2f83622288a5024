#pragma once
// A TlsSession (core/tls.h) over OpenSSL on the transport's non-blocking
// socket. It keeps the context set it was made with, so a tls.reload does
// not change an open connection.

#include <openssl/ssl.h>

#include <memory>
#include <string>

#include "core/tls.h"
#include "session_registry.h"
#include "tls_contexts.h"

namespace kemid::tls {

class OpenSslSession final : public TlsSession {
 public:
  // Null (with `error` set) when OpenSSL cannot make the session.
  static std::unique_ptr<OpenSslSession> create(int fd, const TlsConnection& connection,
                                                std::shared_ptr<const ContextSet> contexts,
                                                const ProfileContext& profile,
                                                std::shared_ptr<SessionRegistry> registry,
                                                bool sendCloseNotify, std::string& error);
  ~OpenSslSession() override;

  TlsIo handshake() override;
  TlsIo read(std::span<char> buffer, std::size_t& got) override;
  TlsIo write(std::string_view data, std::size_t& written) override;
  // Sends close_notify when send_close_notify is set (Kamailio's default
  // closes the socket without it).
  void shutdown() override;
  std::string error() const override { return error_; }

  const ProfileContext& profile() const { return *profile_; }

  // The server name (SNI) callback of the server contexts: moves the
  // session to the profile whose server_name matches.
  static int onServerName(SSL* ssl, int* alert, void* arg);

 private:
  OpenSslSession(SSL* ssl, const TlsConnection& connection,
                 std::shared_ptr<const ContextSet> contexts, const ProfileContext& profile,
                 std::shared_ptr<SessionRegistry> registry, bool sendCloseNotify);
  // The outcome of a failed OpenSSL call `result`.
  TlsIo outcome(int result);

  SSL* ssl_;
  TlsConnection connection_;
  std::shared_ptr<const ContextSet> contexts_;
  const ProfileContext* profile_;
  std::shared_ptr<SessionRegistry> registry_;
  bool sendCloseNotify_;  // the send_close_notify modparam
  bool established_ = false;
  std::string error_;
};

}  // namespace kemid::tls
