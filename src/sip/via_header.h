#pragma once
// One Via header field value (RFC 3261 §20.42, §18.2.1; rport: RFC 3581).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sip/sip_param.h"

namespace kemid {

struct ViaHeader {
  std::string transport = "UDP";      // as sent: "UDP", "TCP", "TLS", "SCTP", ...
  std::string host;                   // sent-by host; IPv6 without brackets
  std::optional<std::uint16_t> port;  // nullopt: sent-by has no port
  std::string branch;                 // empty when absent
  std::optional<std::string> received;
  bool hasRport = false;               // rport present, with or without a value
  std::optional<std::uint16_t> rport;  // its value, when it has one
  std::vector<SipParam> otherParams;   // every other parameter, in order

  // nullopt when the text is not a Via value, or its port or rport is not a
  // port number. Only the first value of a comma-separated list is read.
  static std::optional<ViaHeader> parse(std::string_view text);

  // "SIP/2.0/UDP host:port;branch=..;received=..;rport=..;other..": the
  // protocol is always SIP/2.0, the parameters come in this order.
  std::string toString() const;

  bool operator==(const ViaHeader&) const = default;
};

}  // namespace kemid
