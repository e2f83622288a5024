#include "sip/transport.h"

#include <stdexcept>

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

std::string_view viaTransportName(Transport t) {
  switch (t) {
    case Transport::Udp:
      return "UDP";
    case Transport::Tcp:
      return "TCP";
    case Transport::Tls:
      return "TLS";
    case Transport::Sctp:
      return "SCTP";
    case Transport::Any:
      break;
  }
  throw std::invalid_argument("a Via needs a concrete transport");
}

}  // namespace kemid
