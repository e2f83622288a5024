#pragma once
// What auth offers the modules that keep credentials (auth_db and the
// like, Kamailio's auth_api): digest authentication of the request being
// routed, where the caller only supplies the HA1 of a (user, realm), and
// the challenges. Found with
//   host.findApi<kemid::auth::AuthApi>()
// which is null when auth is not loaded. Header-only on the caller's side.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "auth/digest_credentials.h"

namespace kemid {
struct MessageContext;
}

namespace kemid::auth {

// Kamailio's auth return codes, as scripts see them.
enum class AuthResult : int {
  Ok = 1,
  Error = -1,            // bad or unusable credentials, unknown nonce, internal error
  InvalidPassword = -2,  // the response does not match
  UserUnknown = -3,      // no HA1 for the user (credential stores)
  StaleNonce = -4,       // expired nonce, failed auth_checks_*, nc replayed
  NoCredentials = -5,    // no credentials for the realm
  NonceReused = -6,      // one_time_nonce: nonce used before
  UserMismatch = -8,     // authentication user differs from From / To
};

// Which credentials a check reads, and which challenge answers them.
enum class CredentialsKind {
  Www,    // Authorization, challenged by 401 + WWW-Authenticate
  Proxy,  // Proxy-Authorization, challenged by 407 + Proxy-Authenticate
};

class AuthApi {
 public:
  static constexpr std::string_view kApiName = "auth";
  static constexpr std::uint32_t kApiVersion = 1;  // see VersionedApi (core/module_host.h)

  // The HA1 of the user the credentials name, in `realm` (the realm the
  // script gave, realm_prefix stripped); nullopt when the user is unknown.
  using Ha1Lookup = std::function<std::optional<std::string>(const DigestCredentials& credentials,
                                                             std::string_view realm)>;

  // Digest authentication of the request in ctx, as Kamailio's
  // pre_auth / check_response / post_auth: finds the credentials of kind
  // for realm, checks them and their nonce (replay protection included),
  // gets the HA1 from ha1For and compares the response computed for
  // `method` (the request's own when empty). On success the credentials
  // are marked for consumeCredentials() and, with add_authinfo_hdr, an
  // Authentication-Info line is added to the replies. ACK, CANCEL and
  // PRACK are Ok without checks.
  virtual AuthResult authenticate(MessageContext& ctx, std::string_view realm, CredentialsKind kind,
                                  const Ha1Lookup& ha1For, std::string_view method = {}) = 0;

  // auth_check's checks=1 (pv_auth_check): the authenticated user is the
  // From user (To user and From user for REGISTER and PUBLISH, domains too
  // with use_domain, the Request-URI user for PUBLISH). Ok or UserMismatch,
  // Error when there are no marked credentials or the URIs do not parse.
  virtual AuthResult checkUserIdentity(MessageContext& ctx) = 0;

  // HA1 of a plain password with the configured algorithm (calc_ha1).
  virtual std::string ha1(std::string_view username, std::string_view realm,
                          std::string_view password) const = 0;

  // Sends the 401 / 407 challenge for realm as KSR.auth.www_challenge /
  // proxy_challenge with flags (1 qop=auth, 2 qop=auth-int, 4 no 500 on
  // failure, 16 stale=true); false when it could not be sent.
  virtual bool challenge(MessageContext& ctx, std::string_view realm, std::int64_t flags,
                         CredentialsKind kind) = 0;

  // KSR.auth.consume_credentials: removes the credentials the last check
  // found from what is forwarded; false when there are none (or for ACK,
  // CANCEL and PRACK).
  virtual bool consumeCredentials(MessageContext& ctx) = 0;

  // The credentials the last check of this request found for its realm
  // (Kamailio's authorized credentials: marked once found, whatever the
  // check's result), or null (siputils' is_user, auth_db's identity checks).
  virtual const DigestCredentials* authorizedCredentials(const MessageContext& ctx) const = 0;

 protected:
  ~AuthApi() = default;  // owned by auth, never deleted through this
};

}  // namespace kemid::auth
