#pragma once
// The UDP side of kemid: the bound sockets of `listen`, one receiver thread
// per socket, and the SipNetwork that routing and plugins send through.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/config.h"
#include "core/network.h"
#include "transport/udp_socket.h"
#include "transport/worker_pool.h"

namespace kemid {

struct TransportCounters {
  std::atomic<std::uint64_t> datagramsIn{0};
  std::atomic<std::uint64_t> bytesIn{0};
  std::atomic<std::uint64_t> datagramsOut{0};
  std::atomic<std::uint64_t> bytesOut{0};
  std::atomic<std::uint64_t> sendErrors{0};
};

class UdpTransport : public SipNetwork {
 public:
  // Binds every UDP (or any-transport) listen address of `core`; throws
  // std::runtime_error when one cannot be bound or there is none.
  explicit UdpTransport(const CoreSettings& core);
  ~UdpTransport() override;

  // Starts one receiver thread per socket, handing each datagram to `pool`
  // keyed by `key(datagram)` (the Call-ID hash).
  using KeyFn = std::function<std::size_t(std::string_view datagram)>;
  void start(WorkerPool& pool, KeyFn key);
  void stop();

  bool send(int socketIndex, const Endpoint& to, std::string_view data) override;
  int socketFor(const Endpoint& to) const override;
  const Endpoint& advertised(int socketIndex) const override;
  bool isMyself(std::string_view host, std::uint16_t port) const override;
  bool isMyselfHost(std::string_view host) const override;

  const std::vector<std::unique_ptr<UdpSocket>>& sockets() const { return sockets_; }
  const TransportCounters& counters() const { return counters_; }

 private:
  void receiveLoop(int socketIndex, WorkerPool& pool, const KeyFn& key);

  struct Alias {
    std::string host;
    std::uint16_t port = 0;  // 0: any port
  };

  std::vector<std::unique_ptr<UdpSocket>> sockets_;
  std::vector<Alias> aliases_;
  std::vector<std::thread> receivers_;
  std::atomic<bool> stopping_{false};
  TransportCounters counters_;
};

}  // namespace kemid
