#include "sip/transport.h"

namespace kemid {

std::string_view transportName(Transport t) {
  switch (t) {
    case Transport::Udp:
      return "udp";
    case Transport::Tcp:
      return "tcp";
    case Transport::Tls:
      return "tls";
    case Transport::Sctp:
      return "sctp";
    case Transport::Any:
      return "*";
  }
  return "?";
}

std::optional<Transport> transportFromName(std::string_view name) {
  if (name == "udp") return Transport::Udp;
  if (name == "tcp") return Transport::Tcp;
  if (name == "tls") return Transport::Tls;
  if (name == "sctp") return Transport::Sctp;
  return std::nullopt;
}

}  // namespace kemid
