#pragma once
// auth's state and logic: challenges, digest checks of the credentials in
// requests, and the API other modules use (auth_api.h).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "auth_api.h"
#include "core/module_abi.h"
#include "digest_hash.h"
#include "nonce.h"

namespace kemid {
class ModuleHost;
}

namespace kemid::auth {

struct AuthSettings {
  // auth_checks_register / _no_dlg / _in_dlg: 1 Request-URI, 2 Call-ID,
  // 4 From tag, 8 source IP.
  std::int64_t checksRegister = 0;
  std::int64_t checksNoDialog = 0;
  std::int64_t checksInDialog = 0;
  std::string realmPrefix;
  bool useDomain = false;
  bool forceStatelessReply = false;
  bool addAuthInfo = false;
  DigestAlgorithm algorithm = DigestAlgorithm::Md5;
  bool algorithmInChallenge = false;  // the algorithm modparam was set
  std::string wwwHeader = "WWW-Authenticate";
  std::string proxyHeader = "Proxy-Authenticate";
  std::string challengeAttr = "$avp(digest_challenge)";  // as a pv name
};

// Bits of the pv_* functions' flags.
inline constexpr std::int64_t kPasswordIsHa1 = 1;
inline constexpr std::int64_t kStoreChallengeNoQop = 2;
inline constexpr std::int64_t kStoreChallengeQopAuth = 4;
inline constexpr std::int64_t kStoreChallengeQopAuthInt = 8;
inline constexpr std::int64_t kKeepNcOnFailure = 32;

class AuthModule final : public ModuleState, public AuthApi {
 public:
  // `clock` gives the time in seconds since the epoch (tests set it).
  AuthModule(ModuleHost& host, AuthSettings settings, NonceSettings nonces,
             std::function<std::int64_t()> clock);

  // ---- AuthApi ------------------------------------------------------------
  AuthResult authenticate(MessageContext& ctx, std::string_view realm, CredentialsKind kind,
                          const Ha1Lookup& ha1For, std::string_view method = {}) override;
  AuthResult checkUserIdentity(MessageContext& ctx) override;
  std::string ha1(std::string_view username, std::string_view realm,
                  std::string_view password) const override;
  bool challenge(MessageContext& ctx, std::string_view realm, std::int64_t flags,
                 CredentialsKind kind) override;
  bool consumeCredentials(MessageContext& ctx) override;
  const DigestCredentials* authorizedCredentials(const MessageContext& ctx) const override;

  // ---- the KEMI functions' logic -------------------------------------------
  // pv_www_authenticate / pv_proxy_authenticate with a password (or HA1,
  // flag 1) from the script; flags 2/4/8 store a challenge in
  // $avp(digest_challenge) on failure, 32 keeps the nc of a failed attempt.
  AuthResult pvAuthenticate(MessageContext& ctx, std::string_view realm, std::string_view password,
                            std::int64_t flags, CredentialsKind kind, std::string_view method = {});
  // pv_auth_check: Www for REGISTER, Proxy otherwise; checks bit 1 adds
  // checkUserIdentity().
  AuthResult pvAuthCheck(MessageContext& ctx, std::string_view realm, std::string_view password,
                         std::int64_t flags, std::int64_t checks);
  // has_credentials: whether Proxy-Authorization or Authorization has
  // Digest credentials for realm.
  bool hasCredentials(MessageContext& ctx, std::string_view realm) const;
  // The challenge header line ("WWW-Authenticate: Digest ...\r\n") for
  // realm and flags (1 qop=auth, 2 qop=auth-int, 16 stale=true); ctx may
  // be null (auth_get_www_authenticate: no auth_checks_* then).
  std::string challengeHeader(const MessageContext* ctx, std::string_view realm, std::int64_t flags,
                              CredentialsKind kind);
  // Sets the pseudo-variable `name` to value through pv's KSR.pv.sets
  // (pv publishes no setter); false, logged, when pv is not loaded.
  bool setPseudoVariable(MessageContext& ctx, std::string_view name, std::string_view value);

 private:
  AuthResult authenticateWith(MessageContext& ctx, std::string_view realm, CredentialsKind kind,
                              const Ha1Lookup& ha1For, std::string_view method, NcUpdate update);
  std::string strippedRealm(std::string_view realm) const;
  std::string checkedParts(const MessageContext* ctx) const;
  bool sendReply(MessageContext& ctx, int code, std::string_view reason);
  void storeChallenge(MessageContext& ctx, std::string_view realm, std::int64_t flags,
                      CredentialsKind kind);
  void addAuthenticationInfo(MessageContext& ctx, const DigestCredentials& credentials,
                             std::string_view ha1);

  ModuleHost& host_;
  AuthSettings settings_;
  Nonces nonces_;
  std::function<std::int64_t()> clock_;
};

}  // namespace kemid::auth
