#include "sip_ping.h"

namespace kemid::nathelper {

PingKind pingKind(const usrloc::Binding& binding, const PingPolicy& policy) {
  const std::uint32_t flags = binding.cflags;
  if (policy.disableMask != 0 && (flags & policy.disableMask) != 0) return PingKind::None;
  // As usrloc's flag filter: every bit of the NAT mask set (none when unset).
  if (policy.natedOnly && (flags & policy.natMask) != policy.natMask) return PingKind::None;
  if (policy.sipMask != 0 && (!policy.natedOnly || (flags & policy.sipMask) != 0)) {
    return PingKind::Sip;
  }
  return PingKind::Udp;
}

std::string_view pingTargetUri(const usrloc::Binding& binding) {
  return binding.received.empty() ? std::string_view(binding.contact)
                                  : std::string_view(binding.received);
}

std::string buildSipPing(const SipPing& ping) {
  std::string text;
  text.reserve(256 + ping.uri.size() * 2 + ping.path.size());
  text.append(ping.method).append(" ").append(ping.uri).append(" SIP/2.0\r\n");
  text.append("Via: SIP/2.0/").append(ping.viaTransport).append(" ").append(ping.viaHostPort);
  text.append(";branch=z9hG4bK").append(ping.branch).append("\r\n");
  if (!ping.path.empty()) text.append("Route: ").append(ping.path).append("\r\n");
  text.append("From: ").append(ping.from).append(";tag=").append(ping.fromTag).append("\r\n");
  text.append("To: ").append(ping.uri).append("\r\n");
  text.append("Call-ID: ").append(ping.callId).append("\r\n");
  text.append("CSeq: 1 ").append(ping.method).append("\r\n");
  text.append("Content-Length: 0\r\n\r\n");
  return text;
}

}  // namespace kemid::nathelper
