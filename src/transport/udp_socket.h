#pragma once

#include <Poco/Net/DatagramSocket.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/network.h"
#include "transport/datagram.h"

namespace kemid {

// One bound UDP socket of a `listen` line. Receiving is done by its own
// receiver thread; sending is thread-safe (one sendto per datagram).
class UdpSocket {
 public:
  // Datagrams taken by one receive() at most.
  static constexpr int kReceiveBatch = 16;

  // Binds host:port (port defaults to `defaultPort`); throws std::runtime_error
  // naming the address when it cannot. receive() waits at most
  // `receiveTimeoutMs` for a datagram.
  UdpSocket(const ListenAddress& address, int defaultPort, int receiveBufferSize,
            int receiveTimeoutMs);

  // Waits for a datagram, then takes those already queued behind it (one
  // recvmmsg, at most kReceiveBatch) and appends them to `out` with their
  // source and this socket's local address. Returns how many (0 when the
  // timeout passed). Called by one thread only: the buffers are the socket's.
  int receive(std::vector<Datagram>& out);

  bool send(const Endpoint& to, std::string_view data);

  const Endpoint& local() const { return local_; }
  const Endpoint& advertised() const { return advertised_; }
  bool isIpv6() const { return ipv6_; }

 private:
  // RFC 3261 §18.1.1: a UDP datagram is at most 65535 bytes.
  static constexpr std::size_t kMaxDatagram = 65535;

  struct ReceiveBuffers {
    // kReceiveBatch datagrams of kMaxDatagram, left uninitialised: only the
    // pages datagrams are written to become resident.
    std::unique_ptr<char[]> bytes;
    std::array<iovec, kReceiveBatch> iov{};
    std::array<sockaddr_storage, kReceiveBatch> sources{};
    std::array<mmsghdr, kReceiveBatch> headers{};
  };

  Poco::Net::DatagramSocket socket_;
  int fd_ = -1;
  Endpoint local_;
  Endpoint advertised_;
  bool ipv6_ = false;
  ReceiveBuffers buffers_;
};

}  // namespace kemid
