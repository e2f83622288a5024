#include "tls_method.h"

#include <openssl/ssl.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace kemid::tls {
namespace {

struct NamedVersion {
  std::string_view name;
  int version;
};

constexpr std::array kVersions{
    NamedVersion{"TLSv1", TLS1_VERSION},
    NamedVersion{"TLSv1.0", TLS1_VERSION},
    NamedVersion{"TLSv1.1", TLS1_1_VERSION},
    NamedVersion{"TLSv1.2", TLS1_2_VERSION},
    // Not a keyword of Kamailio 5.6 (its newest is "TLSv1.2+"): a kemid extension.
    NamedVersion{"TLSv1.3", TLS1_3_VERSION},
};

}  // namespace

bool sameLetters(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<ProtocolRange> parseMethod(std::string_view name) {
  if (sameLetters(name, "SSLv23")) return ProtocolRange{};
  const bool orNewer = name.ends_with('+');
  if (orNewer) name.remove_suffix(1);
  for (const auto& known : kVersions) {
    if (sameLetters(known.name, name)) {
      return ProtocolRange{known.version, orNewer ? 0 : known.version};
    }
  }
  return std::nullopt;
}

}  // namespace kemid::tls
