#pragma once
// One OpenSSL context per profile, built together from the profiles of a
// load (start or tls.reload) and shared by the sessions opened with them:
// a reload makes a new set; open sessions keep the old one alive.

#include <openssl/ssl.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tls_settings.h"

namespace kemid::tls {

struct SslCtxFree {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxFree>;

struct ProfileContext {
  ResolvedProfile profile;
  SslCtxPtr ctx;
};

// The text of OpenSSL's queued errors (emptied), "" when none.
std::string takeOpensslErrors();

class ContextSet {
 public:
  // Builds every profile's context; throws std::runtime_error naming the
  // profile and the file that could not be used.
  static std::shared_ptr<const ContextSet> build(std::vector<ResolvedProfile> profiles);

  // The server profile for a connection accepted on `local`: the one of
  // that IP:PORT, else "any", else the default one; with `serverName` (SNI)
  // one of those whose server_name matches, when there is one.
  const ProfileContext* server(const Endpoint& local, std::string_view serverName = {}) const;
  // The client profile for a connection to `remote`; with a `serverId`
  // (KSR.tls.set_connect_server_id) the profile with that server_id first.
  const ProfileContext* client(const Endpoint& remote, std::string_view serverId = {}) const;

  const std::vector<std::unique_ptr<ProfileContext>>& profiles() const { return profiles_; }

 private:
  std::vector<std::unique_ptr<ProfileContext>> profiles_;
};

}  // namespace kemid::tls
