#include "transport/udp_socket.h"

#include <Poco/Net/NetException.h>
#include <sys/socket.h>

#include <stdexcept>

#include "core/log.h"

namespace kemid {

namespace {

const Logger kLog{"transport"};
// A send that fails for one datagram (too long, no route) fails for many.
RateLimitedLog sendErrorLog{kLog, "failed sends"};

// "[::1]" -> "::1": Poco wants IPv6 literals without brackets.
std::string bareHost(const std::string& host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    return host.substr(1, host.size() - 2);
  }
  return host;
}

}  // namespace

UdpSocket::UdpSocket(const ListenAddress& address, int defaultPort, int receiveBufferSize) {
  auto port = static_cast<std::uint16_t>(address.port.value_or(defaultPort));
  try {
    Poco::Net::SocketAddress bindTo(bareHost(address.host), port);
    ipv6_ = bindTo.family() == Poco::Net::AddressFamily::IPv6;
    socket_ = Poco::Net::DatagramSocket(bindTo.family());
    socket_.bind(bindTo, /*reuseAddress=*/false);
    if (receiveBufferSize > 0) socket_.setReceiveBufferSize(receiveBufferSize);
    auto bound = socket_.address();
    local_ = {bound.host().toString(), bound.port()};
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("cannot listen on udp:" + address.host + ":" + std::to_string(port) +
                             ": " + e.displayText());
  }
  advertised_ = local_;
  if (!address.advertiseHost.empty()) {
    advertised_ = {address.advertiseHost,
                   static_cast<std::uint16_t>(address.advertisePort.value_or(local_.port))};
  } else if (ipv6_) {
    advertised_.ip = "[" + local_.ip + "]";
  }
}

int UdpSocket::receive(char* buffer, int capacity, Endpoint& source, int timeoutMs) {
  if (!socket_.poll(Poco::Timespan(timeoutMs * 1000), Poco::Net::Socket::SELECT_READ)) return 0;
  Poco::Net::SocketAddress from;
  int n = 0;
  try {
    n = socket_.receiveFrom(buffer, capacity, from);
  } catch (const Poco::Exception& e) {
    // ICMP errors of earlier sends surface here on Linux; they are not fatal.
    kLog.dbg("udp receive on ", local_.ip, ":", local_.port, ": ", e.displayText());
    return 0;
  }
  source.ip = from.host().toString();
  source.port = from.port();
  return n;
}

bool UdpSocket::send(const Endpoint& to, std::string_view data) {
  try {
    Poco::Net::SocketAddress target(bareHost(to.ip), to.port);
    int sent = socket_.sendTo(data.data(), static_cast<int>(data.size()), target);
    return sent == static_cast<int>(data.size());
  } catch (const Poco::Exception& e) {
    sendErrorLog.err("udp send to ", to.ip, ":", to.port, " failed: ", e.displayText());
    return false;
  }
}

}  // namespace kemid
