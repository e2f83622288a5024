#include "sip/sip_uri.h"

#include "sip/ascii.h"
#include "sip/osip_support.h"

namespace kemid {

std::optional<SipUri> SipUri::parse(std::string_view text) {
  sip::ensureOsipReady();
  std::string copy(text);
  osip_uri_t* raw = nullptr;
  if (osip_uri_init(&raw) != 0) return std::nullopt;
  sip::OsipUri uri(raw);
  if (osip_uri_parse(uri.get(), copy.c_str()) != 0) return std::nullopt;
  return sip::toSipUri(*uri);
}

std::string SipUri::toString() const {
  sip::OsipUri uri = sip::toOsipUri(*this);
  if (!uri) return {};
  return sip::printOsip(osip_uri_to_str, uri.get()).value_or(std::string());
}

std::string SipUri::hostPort() const {
  std::string out;
  bool ipv6 = host.find(':') != std::string::npos;
  if (ipv6) out += '[';
  out += host;
  if (ipv6) out += ']';
  if (port) {
    out += ':';
    out += std::to_string(*port);
  }
  return out;
}

std::optional<NextHop> SipUri::nextHop() const {
  bool secure = sip::iequals(scheme, "sips");
  if ((!secure && !sip::iequals(scheme, "sip")) || host.empty()) return std::nullopt;
  Transport transport = secure ? Transport::Tls : Transport::Udp;
  if (const SipParam* param = findParam(params, "transport"); param && param->value) {
    std::string name;
    for (char c : *param->value) name += sip::asciiLower(c);
    auto named = transportFromName(name);
    if (!named) return std::nullopt;
    // sips: over TCP means TLS (RFC 3261 §26.2.2).
    transport = (secure && *named == Transport::Tcp) ? Transport::Tls : *named;
  }
  return NextHop{transport, host, port.value_or(defaultPort(transport))};
}

std::string_view nameAddrUri(std::string_view nameAddr) {
  auto open = nameAddr.find('<');
  if (open == std::string_view::npos) return nameAddr;
  auto close = nameAddr.find('>', open);
  if (close == std::string_view::npos) return nameAddr.substr(open + 1);
  return nameAddr.substr(open + 1, close - open - 1);
}

}  // namespace kemid
