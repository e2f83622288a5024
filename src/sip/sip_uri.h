#pragma once
// A URI as SIP carries it (RFC 3261 §19.1): parsed by libosip2 into a value
// type, for $ru/$rU/$rd/$rp and for the next hop of a destination ($du).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sip/next_hop.h"
#include "sip/sip_param.h"

namespace kemid {

struct SipUri {
  std::string scheme;  // as written: "sip", "sips", "tel", ...
  // sip: and sips: URIs. user, password and parameter values are unescaped
  // (libosip2 does, RFC 3261 §19.1.4 compares them so); toString() escapes
  // them again where needed.
  std::string user;  // empty when absent
  std::string password;
  std::string host;  // IPv6 without brackets
  std::optional<std::uint16_t> port;
  std::vector<SipParam> params;
  std::vector<SipParam> headers;  // "?name=value&..."
  // Every other scheme: the text after "scheme:", kept as is.
  std::string opaque;

  // nullopt when libosip2 refuses the text, when a sip/sips URI has no host
  // or when its port is not a port number.
  static std::optional<SipUri> parse(std::string_view text);

  std::string toString() const;

  // "host" or "host:port", IPv6 in brackets.
  std::string hostPort() const;

  // Where a request for this URI goes, without DNS (RFC 3263 resolution is
  // the caller's): the transport parameter (default UDP, TLS for sips:) and
  // the port (default per transport). nullopt for non-SIP schemes and
  // transports kemid does not speak.
  std::optional<NextHop> nextHop() const;

  bool operator==(const SipUri&) const = default;
};

// The URI of a name-addr as written: "<sip:p.example.com;lr>" (a display
// name before it allowed) gives "sip:p.example.com;lr"; text without '<'
// is taken as the URI itself (a Route or Record-Route entry, RFC 3261 §20.34).
std::string_view nameAddrUri(std::string_view nameAddr);

}  // namespace kemid
