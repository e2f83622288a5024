#pragma once
// A SipNetwork for tests: UDP sockets, and when asked one TCP socket
// (kTcpSocket), all advertised at one address, that record what is sent
// instead of sending it. Thread-safe: tm's timer
// threads send through it while a test waits.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/network.h"

namespace kemid {
class SipMessage;
}

namespace kemid::test {

struct Sent {
  int socket = 0;
  Endpoint to;
  std::string data;
  ConnectionId connection = 0;

  std::string firstLine() const { return data.substr(0, data.find("\r\n")); }
  // The sent text parsed; a parse failure is a test failure.
  std::unique_ptr<SipMessage> parse() const;
};

class FakeNetwork final : public SipNetwork {
 public:
  // `local`: the address of the proxy's one socket (advertised, myself).
  explicit FakeNetwork(Endpoint local = {"192.0.2.10", 5060}, bool withTcp = false)
      : local_(std::move(local)), withTcp_(withTcp) {}

  // The TCP socket's index; every other index is a UDP socket.
  static constexpr int kTcpSocket = 9;

  bool send(const Destination& to, std::string_view data) override;
  int socketFor(const Endpoint&, Transport transport) const override {
    if (transport == Transport::Udp) return 0;
    return transport == Transport::Tcp && withTcp_ ? kTcpSocket : -1;
  }
  Transport transportOf(int socketIndex) const override {
    return socketIndex == kTcpSocket ? Transport::Tcp : Transport::Udp;
  }
  const Endpoint& advertised(int) const override { return local_; }
  bool isMyself(std::string_view host, std::uint16_t port) const override {
    return host == local_.ip && port == local_.port;
  }
  bool isMyselfHost(std::string_view host) const override { return host == local_.ip; }

  std::vector<Sent> sent() const;
  std::size_t count() const;
  // Sent messages whose first line starts with `prefix` ("INVITE ", "SIP/2.0 100").
  std::vector<Sent> matching(std::string_view prefix) const;
  // Waits (generously) until `predicate` holds for what was sent.
  bool waitFor(const std::function<bool(const std::vector<Sent>&)>& predicate,
               std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  void clear();

  // Set: every send fails and nothing is recorded.
  bool failSends = false;

 private:
  const Endpoint local_;
  const bool withTcp_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<Sent> sent_;
};

}  // namespace kemid::test
