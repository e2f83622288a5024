#include "transport/udp_socket.h"

#include <Poco/Net/NetException.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <stdexcept>

#include "core/log.h"

namespace kemid {

namespace {

const Logger kLog{"transport"};
// A send that fails for one datagram (too long, no route) fails for many.
RateLimitedLog sendErrorLog{kLog, "failed sends"};

// "[::1]" -> "::1": IPv6 literals without brackets.
std::string_view bareHost(std::string_view host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    return host.substr(1, host.size() - 2);
  }
  return host;
}

// The socket address of an IP literal, without a resolver: the common case
// on every send. nullopt for a name.
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

socklen_t addressLength(const sockaddr_storage& address) {
  return address.ss_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
}

// The IPv6 side of a socket bound to "::" sees IPv4 peers as
// ::ffff:a.b.c.d, as Poco printed them before.
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

}  // namespace

UdpSocket::UdpSocket(const ListenAddress& address, int defaultPort, int receiveBufferSize,
                     int receiveTimeoutMs) {
  auto port = static_cast<std::uint16_t>(address.port.value_or(defaultPort));
  try {
    Poco::Net::SocketAddress bindTo(std::string(bareHost(address.host)), port);
    ipv6_ = bindTo.family() == Poco::Net::AddressFamily::IPv6;
    socket_ = Poco::Net::DatagramSocket(bindTo.family());
    socket_.bind(bindTo, /*reuseAddress=*/false);
    if (receiveBufferSize > 0) socket_.setReceiveBufferSize(receiveBufferSize);
    socket_.setReceiveTimeout(Poco::Timespan(receiveTimeoutMs * Poco::Timespan::MILLISECONDS));
    auto bound = socket_.address();
    local_ = {bound.host().toString(), bound.port()};
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("cannot listen on udp:" + address.host + ":" + std::to_string(port) +
                             ": " + e.displayText());
  }
  fd_ = socket_.impl()->sockfd();
  advertised_ = local_;
  if (!address.advertiseHost.empty()) {
    advertised_ = {address.advertiseHost,
                   static_cast<std::uint16_t>(address.advertisePort.value_or(local_.port))};
  } else if (ipv6_) {
    advertised_.ip = "[" + local_.ip + "]";
  }
  buffers_.bytes.reset(new char[kReceiveBatch * kMaxDatagram]);
  for (int i = 0; i < kReceiveBatch; ++i) {
    buffers_.iov[i] = {buffers_.bytes.get() + i * kMaxDatagram, kMaxDatagram};
  }
}

int UdpSocket::receive(std::vector<Datagram>& out) {
  for (int i = 0; i < kReceiveBatch; ++i) {
    msghdr& header = buffers_.headers[i].msg_hdr;
    header = {};
    header.msg_iov = &buffers_.iov[i];
    header.msg_iovlen = 1;
    header.msg_name = &buffers_.sources[i];
    header.msg_namelen = sizeof(sockaddr_storage);
  }
  // MSG_WAITFORONE: block (up to SO_RCVTIMEO) for the first datagram only.
  int n = ::recvmmsg(fd_, buffers_.headers.data(), kReceiveBatch, MSG_WAITFORONE, nullptr);
  if (n <= 0) {
    // EAGAIN is the timeout; ICMP errors of earlier sends (ECONNREFUSED)
    // surface here on Linux and are not fatal.
    if (n < 0 && errno != EAGAIN && errno != EINTR) {
      kLog.dbg("udp receive on ", local_.ip, ":", local_.port, ": ", std::strerror(errno));
    }
    return 0;
  }
  for (int i = 0; i < n; ++i) {
    Datagram& datagram = out.emplace_back();
    datagram.data.assign(static_cast<const char*>(buffers_.iov[i].iov_base),
                         buffers_.headers[i].msg_len);
    datagram.info.source = endpointOf(buffers_.sources[i]);
    datagram.info.local = local_;
  }
  return n;
}

bool UdpSocket::send(const Endpoint& to, std::string_view data) {
  std::optional<sockaddr_storage> target = literalAddress(to.ip, to.port);
  if (!target) {
    try {  // a host name: resolved here
      Poco::Net::SocketAddress resolved(std::string(bareHost(to.ip)), to.port);
      target.emplace();
      std::memcpy(&*target, resolved.addr(), resolved.length());
    } catch (const Poco::Exception& e) {
      sendErrorLog.err("udp send to ", to.ip, ":", to.port, " failed: ", e.displayText());
      return false;
    }
  }
  ssize_t sent = ::sendto(fd_, data.data(), data.size(), 0,
                          reinterpret_cast<const sockaddr*>(&*target), addressLength(*target));
  if (sent < 0) {
    sendErrorLog.err("udp send to ", to.ip, ":", to.port, " failed: ", std::strerror(errno));
    return false;
  }
  return static_cast<std::size_t>(sent) == data.size();
}

}  // namespace kemid
