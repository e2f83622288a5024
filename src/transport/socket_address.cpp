#include "transport/socket_address.h"

#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <arpa/inet.h>

#include <cstring>
#include <string>

namespace kemid {

std::string_view bareHost(std::string_view host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    return host.substr(1, host.size() - 2);
  }
  return host;
}

std::optional<sockaddr_storage> literalAddress(std::string_view host, std::uint16_t port) {
  char text[INET6_ADDRSTRLEN];
  host = bareHost(host);
  if (host.size() >= sizeof text) return std::nullopt;
  std::memcpy(text, host.data(), host.size());
  text[host.size()] = '\0';
  sockaddr_storage address{};
  auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
  if (::inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    return address;
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
  if (::inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    return address;
  }
  return std::nullopt;
}

std::optional<sockaddr_storage> resolvedAddress(const Endpoint& to) {
  if (auto literal = literalAddress(to.ip, to.port)) return literal;
  try {
    Poco::Net::SocketAddress resolved(std::string(bareHost(to.ip)), to.port);
    sockaddr_storage address{};
    std::memcpy(&address, resolved.addr(), resolved.length());
    return address;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

socklen_t addressLength(const sockaddr_storage& address) {
  return address.ss_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
}

Endpoint endpointOf(const sockaddr_storage& address) {
  char text[INET6_ADDRSTRLEN] = "";
  Endpoint endpoint;
  if (address.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    ::inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    endpoint.port = ntohs(v6.sin6_port);
  } else {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
    ::inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    endpoint.port = ntohs(v4.sin_port);
  }
  endpoint.ip = text;
  return endpoint;
}

}  // namespace kemid
