#pragma once
// Digest credentials: the value of an Authorization or Proxy-Authorization
// header field (RFC 3261 §25.1 "credentials", RFC 2617 §3.2.2). Plain data,
// also read by modules using auth's API (auth/auth_api.h).

#include <optional>
#include <string>
#include <string_view>

namespace kemid::auth {

struct DigestCredentials {
  std::string username;  // as sent (may be "user@domain")
  std::string realm;
  std::string nonce;
  std::string uri;
  std::string response;
  std::string algorithm;  // "" when absent
  std::string cnonce;
  std::string opaque;
  std::string qop;  // "auth", "auth-int", other, or "" when absent
  std::string nc;

  // The user part of username (before an '@'), as Kamailio's
  // digest.username.user.
  std::string_view user() const {
    std::string_view name = username;
    return name.substr(0, name.find('@'));
  }
  // What digest authentication needs (Kamailio's check_dig_cred): username,
  // realm, nonce, uri and response, and cnonce and nc with qop auth or
  // auth-int.
  bool complete() const {
    if (username.empty() || realm.empty() || nonce.empty() || uri.empty() || response.empty()) {
      return false;
    }
    const bool withQop = qop == "auth" || qop == "auth-int";
    return !withQop || (!cnonce.empty() && !nc.empty());
  }
};

// The credentials in `value` when it is a Digest one ("Digest
// username=\"a\", realm=..."); nullopt for another scheme or a value that
// does not parse (a quoted string left open).
std::optional<DigestCredentials> parseDigestCredentials(std::string_view value);

}  // namespace kemid::auth
