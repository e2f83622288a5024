#pragma once
// Where to send a message: an address, a port and a transport.

#include <cstdint>
#include <string>

#include "sip/transport.h"

namespace kemid {

struct NextHop {
  Transport transport = Transport::Udp;
  std::string host;  // IP address or host name; IPv6 without brackets
  std::uint16_t port = 5060;

  bool operator==(const NextHop&) const = default;
};

// RFC 3261 §18.2.2 and §19.1.2: 5061 for TLS, 5060 for the other transports.
constexpr std::uint16_t defaultPort(Transport transport) {
  return transport == Transport::Tls ? 5061 : 5060;
}

}  // namespace kemid
