#pragma once
// The $tls_* attributes of a TLS session, by Kamailio's names: read by the
// pseudo-variables and by KSR.tls.cget.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "session_details.h"

namespace kemid::tls {

// Every attribute name ("tls_version"...), in Kamailio's order.
const std::vector<std::string>& attributeNames();
bool isAttribute(std::string_view name);

// The value of attribute `name` of `session` as Kamailio formats it;
// nullopt where Kamailio's variable is null (no peer certificate, a
// component the certificate lacks, the full subject and issuer names).
std::optional<std::string> attribute(std::string_view name, const SessionDetails& session);

// Kamailio's URL encoding of a PEM certificate ($tls_peer_urlencoded_cert).
std::string urlEncode(std::string_view text);

}  // namespace kemid::tls
