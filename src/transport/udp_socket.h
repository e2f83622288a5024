#pragma once

#include <Poco/Net/DatagramSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <string>
#include <string_view>

#include "core/config.h"
#include "core/network.h"

namespace kemid {

// One bound UDP socket of a `listen` line. Receiving is done by its own
// receiver thread; sending is thread-safe (one sendto per datagram).
class UdpSocket {
 public:
  // Binds host:port (port defaults to `defaultPort`); throws std::runtime_error
  // naming the address when it cannot.
  UdpSocket(const ListenAddress& address, int defaultPort, int receiveBufferSize);

  // Waits up to `timeoutMs` for one datagram; returns its size (0 on timeout)
  // and fills `source`.
  int receive(char* buffer, int capacity, Endpoint& source, int timeoutMs);

  bool send(const Endpoint& to, std::string_view data);

  const Endpoint& local() const { return local_; }
  const Endpoint& advertised() const { return advertised_; }
  bool isIpv6() const { return ipv6_; }

 private:
  Poco::Net::DatagramSocket socket_;
  Endpoint local_;
  Endpoint advertised_;
  bool ipv6_ = false;
};

}  // namespace kemid
