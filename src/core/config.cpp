#include "core/config.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace kemid {

std::string SourceLocation::toString() const {
  std::string out = file + ":" + std::to_string(line);
  if (column > 0) out += ":" + std::to_string(column);
  return out;
}

namespace {

// Splits "host[:port]" (host possibly "[v6]") and checks the port.
void splitHostPort(std::string_view spec, std::string_view whole, std::string& host,
                   std::optional<int>& port) {
  auto fail = [&](const std::string& why) {
    throw std::invalid_argument("bad address '" + std::string(whole) + "': " + why);
  };
  std::string_view portText;
  if (!spec.empty() && spec.front() == '[') {
    auto close = spec.find(']');
    if (close == std::string_view::npos) fail("missing ']'");
    host = std::string(spec.substr(0, close + 1));
    spec.remove_prefix(close + 1);
    if (!spec.empty()) {
      if (spec.front() != ':') fail("expected ':' after ']'");
      portText = spec.substr(1);
      if (portText.empty()) fail("missing port after ':'");
    }
  } else if (auto colon = spec.rfind(':'); colon != std::string_view::npos) {
    host = std::string(spec.substr(0, colon));
    portText = spec.substr(colon + 1);
    if (portText.empty()) fail("missing port after ':'");
  } else {
    host = std::string(spec);
  }
  if (host.empty()) fail("no host");
  if (host.find(':') != std::string::npos && host.front() != '[') {
    fail("an IPv6 address must be written in brackets, as [::1]");
  }
  if (portText.empty()) return;
  int value = 0;
  auto [end, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), value);
  if (ec != std::errc() || end != portText.data() + portText.size()) {
    fail("port '" + std::string(portText) + "' is not a number");
  }
  if (value < 1 || value > 65535) fail("port " + std::string(portText) + " is not in 1..65535");
  port = value;
}

}  // namespace

ListenAddress parseListenAddress(std::string_view text) {
  ListenAddress address;
  address.transport = Transport::Any;
  std::string_view rest = text;
  if (auto colon = rest.find(':'); colon != std::string_view::npos) {
    if (auto transport = transportFromName(rest.substr(0, colon))) {
      address.transport = *transport;
      rest.remove_prefix(colon + 1);
    }
  }
  std::string_view advertise;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    advertise = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  splitHostPort(rest, text, address.host, address.port);
  if (!advertise.empty()) {
    splitHostPort(advertise, text, address.advertiseHost, address.advertisePort);
  }
  return address;
}

std::string ListenAddress::describe(int defaultPort) const {
  std::string out = std::string(transportName(transport)) + ": " + host + ":" +
                    std::to_string(port.value_or(defaultPort));
  if (!name.empty()) out += " name " + name;
  if (!advertiseHost.empty()) {
    out += " advertise " + advertiseHost;
    if (advertisePort) out += ":" + std::to_string(*advertisePort);
  }
  return out;
}

bool ListenAddress::serves(Transport served, const CoreSettings& core) const {
  if (served == Transport::Tls && (!core.enableTls || core.disableTcp)) return false;
  if (transport != Transport::Any) return transport == served;
  return served == Transport::Udp || (served == Transport::Tcp && !core.disableTcp) ||
         served == Transport::Tls;
}

int ListenAddress::portFor(Transport served, const CoreSettings& core) const {
  if (served != Transport::Tls) return port.value_or(core.port);
  if (!port) return core.tlsPort;
  return transport == Transport::Any ? *port + 1 : *port;
}

bool ListenAddress::operator==(const ListenAddress& o) const {
  return transport == o.transport && host == o.host && port == o.port &&
         advertiseHost == o.advertiseHost && advertisePort == o.advertisePort && name == o.name;
}

std::string_view paramValueTypeName(const ParamValue& v) {
  return std::holds_alternative<std::int64_t>(v) ? "int" : "string";
}

namespace {
constexpr const char* kProduct = "kemid (" KEMID_VERSION " (x86_64/linux))";
}

std::string serverHeaderLine(const CoreSettings& core) {
  if (!core.serverSignature) return {};
  return core.serverHeader.empty() ? std::string("Server: ") + kProduct : core.serverHeader;
}

const ModuleEntry* Config::findModule(std::string_view name) const {
  auto it = std::find_if(modules.begin(), modules.end(),
                         [&](const ModuleEntry& m) { return m.name == name; });
  return it == modules.end() ? nullptr : &*it;
}

}  // namespace kemid
