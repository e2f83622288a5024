#include "address_of_record.h"

#include "sip/ascii.h"
#include "sip/sip_uri.h"

namespace kemid::registrar {

std::optional<std::string> addressOfRecord(std::string_view uri, bool useDomain,
                                           const RegistrarSettings& settings) {
  auto parsed = SipUri::parse(uri);
  if (!parsed) return std::nullopt;
  std::string aor = parsed->user;
  if (useDomain) {
    std::string_view host = parsed->host;
    // realm_prefix: "sip.example.com" registers as "example.com".
    if (!settings.realmPrefix.empty() && host.starts_with(settings.realmPrefix) &&
        host.size() > settings.realmPrefix.size()) {
      host.remove_prefix(settings.realmPrefix.size());
    }
    aor.append("@").append(host);
  }
  if (!settings.caseSensitive) {
    for (char& c : aor) c = sip::asciiLower(c);
  }
  return aor;
}

}  // namespace kemid::registrar
