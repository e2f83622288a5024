#pragma once
// The transport protocols of SIP (RFC 3261 §18) by the names Kamailio's
// configuration and SIP's Via and URI parameters use.

#include <optional>
#include <string_view>

namespace kemid {

enum class Transport { Udp, Tcp, Tls, Sctp, Any };

std::string_view transportName(Transport t);  // "udp", "tcp", "tls", "sctp", "*"
std::optional<Transport> transportFromName(std::string_view name);  // "udp".."sctp"
// As a Via writes it: "UDP", "TCP", "TLS", "SCTP"; Any has none
// (std::invalid_argument).
std::string_view viaTransportName(Transport t);

}  // namespace kemid
