#include "transport/udp_socket.h"

#include <Poco/Net/NetException.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <stdexcept>

#include "core/log.h"
#include "transport/socket_address.h"

namespace kemid {

namespace {

const Logger kLog{"transport"};
// A send that fails for one datagram (too long, no route) fails for many.
RateLimitedLog sendErrorLog{kLog, "failed sends"};

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
  std::optional<sockaddr_storage> target = resolvedAddress(to);
  if (!target) {
    sendErrorLog.err("udp send to ", to.ip, ":", to.port, " failed: no address");
    return false;
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
