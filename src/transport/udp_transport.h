#pragma once
// The UDP side of kemid: the bound sockets of `listen` (udp:, or no
// transport) and one receiver thread per socket.

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

class UdpTransport {
 public:
  // Binds every UDP (or any-transport) listen address of `core`; throws
  // std::runtime_error naming the address when one cannot be bound.
  explicit UdpTransport(const CoreSettings& core);
  ~UdpTransport();

  // Starts one receiver thread per socket, handing each datagram to `pool`
  // keyed by `key(datagram)` (the Call-ID hash).
  using KeyFn = std::function<std::size_t(std::string_view datagram)>;
  void start(WorkerPool& pool, KeyFn key);
  void stop();

  bool send(int socketIndex, const Endpoint& to, std::string_view data);
  // The first socket of `to`'s address family; -1 when there is none.
  int socketFor(const Endpoint& to) const;

  const std::vector<std::unique_ptr<UdpSocket>>& sockets() const { return sockets_; }
  const TransportCounters& counters() const { return counters_; }

 private:
  void receiveLoop(int socketIndex, WorkerPool& pool, const KeyFn& key);

  std::vector<std::unique_ptr<UdpSocket>> sockets_;
  std::vector<std::thread> receivers_;
  std::atomic<bool> stopping_{false};
  TransportCounters counters_;
};

}  // namespace kemid
