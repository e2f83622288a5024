#pragma once
// The hashes of HTTP digest authentication (RFC 2617 §3.2.2, RFC 7616 §3.4,
// RFC 8760 for SIP): HA1, the request's response and rspauth, in lowercase
// hex, with MD5 or SHA-256.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kemid::auth {

enum class DigestAlgorithm { Md5, Sha256 };

// "MD5" / "SHA-256" (as the algorithm parameter spells them); nullopt for
// any other name.
std::optional<DigestAlgorithm> digestAlgorithmNamed(std::string_view name);
std::string_view digestAlgorithmName(DigestAlgorithm algorithm);
// How many hex digits a hash of `algorithm` has (32, 64).
std::size_t digestHexLength(DigestAlgorithm algorithm);

// H(text), lowercase hex.
std::string digestHex(DigestAlgorithm algorithm, std::string_view text);

// HA1 = H(username ":" realm ":" password).
std::string computeHa1(DigestAlgorithm algorithm, std::string_view username, std::string_view realm,
                       std::string_view password);

// What the response (or rspauth, with an empty method) is computed from.
struct ResponseInput {
  std::string_view ha1;
  std::string_view nonce;
  std::string_view nc;      // with qop only
  std::string_view cnonce;  // with qop only
  std::string_view qop;     // "", "auth" or "auth-int"
  std::string_view method;  // "" for rspauth (RFC 2617 §3.2.3)
  std::string_view uri;
  std::string_view body;  // hashed into HA2 for qop=auth-int
};

// H(HA1 ":" nonce ":" HA2) without qop, H(HA1 ":" nonce ":" nc ":" cnonce
// ":" qop ":" HA2) with it; HA2 = H(method ":" uri [":" H(body)]).
std::string computeResponse(DigestAlgorithm algorithm, const ResponseInput& input);

}  // namespace kemid::auth
