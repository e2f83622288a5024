#include "transport/sip_transports.h"

#include <strings.h>

#include <stdexcept>

#include "core/log.h"

namespace kemid {

namespace {

const Logger kLog{"transport"};

constexpr std::uint16_t kSipPort = 5060;

bool sameHost(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool isIpv6(const std::string& ip) {
  return ip.find(':') != std::string::npos;
}

}  // namespace

SipTransports::SipTransports(const CoreSettings& core)
    : udp_(core),
      udpCount_(static_cast<int>(udp_.sockets().size())),
      tcp_(core, udpCount_),
      udpMtu_(static_cast<std::size_t>(core.udpMtu)),
      udpMtuTryProto_(core.udpMtuTryProto) {
  for (const auto& address : core.listen) {
    if (address.transport == Transport::Sctp) {
      kLog.warn("listen ", address.describe(core.port), ": SCTP is not served; ignored");
    } else if (address.transport == Transport::Tls && !address.serves(Transport::Tls, core)) {
      kLog.warn("listen ", address.describe(core.tlsPort), ": ignored, ",
                core.disableTcp ? "disable_tcp is set" : "enable_tls is not set");
    }
  }
  if (socketCount() == 0) throw std::runtime_error("no listen address is configured");
  for (const auto& alias : core.aliases) {
    try {
      auto parsed = parseListenAddress(alias);
      aliases_.push_back({parsed.host, static_cast<std::uint16_t>(parsed.port.value_or(0))});
    } catch (const std::invalid_argument& e) {
      kLog.warn("alias ignored: ", e.what());
    }
  }
}

void SipTransports::start(WorkerPool& pool, const KeyFn& key, TlsProvider* tls) {
  udp_.start(pool, key);
  tcp_.start(pool, key, tls);
}

void SipTransports::stop() {
  udp_.stop();
  tcp_.stop();
}

bool SipTransports::send(const Destination& to, std::string_view data) {
  if (to.socketIndex >= udpCount_) return tcp_.send(to.socketIndex - udpCount_, to, data);
  int socket = to.socketIndex >= 0 ? to.socketIndex : udp_.socketFor(to.endpoint);
  if (socket < 0) return false;
  return udp_.send(socket, to.endpoint, data);
}

int SipTransports::socketFor(const Endpoint& to, Transport transport) const {
  if (transport == Transport::Udp) return udp_.socketFor(to);
  const auto& listeners = tcp_.listeners();
  for (std::size_t i = 0; i < listeners.size(); ++i) {
    if (listeners[i].transport == transport && listeners[i].ipv6 == isIpv6(to.ip)) {
      return udpCount_ + static_cast<int>(i);
    }
  }
  return -1;
}

Transport SipTransports::transportOf(int socketIndex) const {
  if (socketIndex < udpCount_) return Transport::Udp;
  return tcp_.listeners()[static_cast<std::size_t>(socketIndex - udpCount_)].transport;
}

bool SipTransports::aliasConnection(ConnectionId connection, std::uint16_t port) {
  return tcp_.alias(connection, port);
}

Transport SipTransports::udpFallback(std::size_t size) const {
  return udpMtu_ != 0 && size > udpMtu_ ? udpMtuTryProto_ : Transport::Udp;
}

SipTransports::Addresses SipTransports::addressesOf(int socketIndex) const {
  if (socketIndex >= udpCount_) {
    const auto& listener = tcp_.listeners()[static_cast<std::size_t>(socketIndex - udpCount_)];
    return {&listener.local, &listener.advertised};
  }
  const auto& socket = *udp_.sockets()[static_cast<std::size_t>(socketIndex)];
  return {&socket.local(), &socket.advertised()};
}

const Endpoint& SipTransports::advertised(int socketIndex) const {
  return *addressesOf(socketIndex).advertised;
}

bool SipTransports::isMyself(std::string_view host, std::uint16_t port) const {
  if (port == 0) port = kSipPort;
  for (int i = 0; i < socketCount(); ++i) {
    auto [local, advertised] = addressesOf(i);
    bool hostMatches = sameHost(host, local->ip) || sameHost(host, advertised->ip);
    if (hostMatches && (port == local->port || port == advertised->port)) return true;
  }
  for (const auto& alias : aliases_) {
    if (sameHost(host, alias.host) && (alias.port == 0 || alias.port == port)) return true;
  }
  return false;
}

bool SipTransports::isMyselfHost(std::string_view host) const {
  for (int i = 0; i < socketCount(); ++i) {
    auto [local, advertised] = addressesOf(i);
    if (sameHost(host, local->ip) || sameHost(host, advertised->ip)) return true;
  }
  for (const auto& alias : aliases_) {
    if (sameHost(host, alias.host)) return true;
  }
  return false;
}

std::string SipTransports::describe() const {
  std::string text;
  for (int i = 0; i < socketCount(); ++i) {
    const Endpoint& local = *addressesOf(i).local;
    if (!text.empty()) text += ", ";
    text += transportName(transportOf(i));
    text += ":" + local.ip + ":" + std::to_string(local.port);
  }
  return text;
}

}  // namespace kemid
