#pragma once
// The protocol versions a `method` / `tls_method` value allows.

#include <optional>
#include <string_view>

namespace kemid::tls {

// OpenSSL protocol version numbers (TLS1_2_VERSION...); 0 = no bound.
struct ProtocolRange {
  int min = 0;
  int max = 0;
  bool operator==(const ProtocolRange&) const = default;
};

// "TLSv1.2" exactly that version, "TLSv1.2+" that one or newer, "SSLv23"
// any, in any letter case; nullopt for a name Kamailio does not know (SSLv2
// and SSLv3, which OpenSSL 3 cannot speak, included).
std::optional<ProtocolRange> parseMethod(std::string_view name);

// True when a and b differ at most in letter case.
bool sameLetters(std::string_view a, std::string_view b);

}  // namespace kemid::tls
