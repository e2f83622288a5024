#include "sip/via_header.h"

#include "sip/osip_support.h"

namespace kemid {

std::optional<ViaHeader> ViaHeader::parse(std::string_view text) {
  sip::ensureOsipReady();
  std::string copy(text);
  osip_via_t* raw = nullptr;
  if (osip_via_init(&raw) != 0) return std::nullopt;
  sip::OsipVia via(raw);
  if (osip_via_parse(via.get(), copy.c_str()) != 0) return std::nullopt;
  return sip::toViaHeader(*via);
}

std::string ViaHeader::toString() const {
  std::string out;
  out.reserve(64 + host.size() + branch.size());
  out += "SIP/2.0/";
  out += transport;
  out += ' ';
  bool ipv6 = host.find(':') != std::string::npos;
  if (ipv6) out += '[';
  out += host;
  if (ipv6) out += ']';
  if (port) {
    out += ':';
    out += std::to_string(*port);
  }
  if (!branch.empty()) {
    out += ";branch=";
    out += branch;
  }
  if (received) {
    out += ";received=";
    out += *received;
  }
  if (hasRport || rport) {
    out += ";rport";
    if (rport) {
      out += '=';
      out += std::to_string(*rport);
    }
  }
  for (const auto& param : otherParams) {
    out += ';';
    out += param.name;
    if (param.value) {
      out += '=';
      out += *param.value;
    }
  }
  return out;
}

}  // namespace kemid
