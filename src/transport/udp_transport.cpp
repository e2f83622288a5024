#include "transport/udp_transport.h"

#include <stdexcept>

#include "core/log.h"
#include "core/thread_name.h"

namespace kemid {

namespace {

const Logger kLog{"transport"};

constexpr int kReceiveTimeoutMs = 200;  // how quickly a receiver notices stop()

}  // namespace

UdpTransport::UdpTransport(const CoreSettings& core) {
  for (const auto& address : core.listen) {
    if (!address.serves(Transport::Udp, core)) continue;
    sockets_.push_back(
        std::make_unique<UdpSocket>(address, core.port, core.maxbuffer, kReceiveTimeoutMs));
    kLog.info("listening on udp:", sockets_.back()->local().ip, ":", sockets_.back()->local().port);
  }
}

UdpTransport::~UdpTransport() {
  stop();
}

void UdpTransport::start(WorkerPool& pool, KeyFn key) {
  for (int i = 0; i < static_cast<int>(sockets_.size()); ++i) {
    receivers_.emplace_back([this, i, &pool, key] { receiveLoop(i, pool, key); });
  }
}

void UdpTransport::stop() {
  stopping_ = true;
  for (auto& receiver : receivers_) {
    if (receiver.joinable()) receiver.join();
  }
  receivers_.clear();
}

void UdpTransport::receiveLoop(int socketIndex, WorkerPool& pool, const KeyFn& key) {
  nameThisThread("udp-recv-" + std::to_string(socketIndex));
  UdpSocket& socket = *sockets_[static_cast<std::size_t>(socketIndex)];
  std::vector<Datagram> batch;
  batch.reserve(UdpSocket::kReceiveBatch);
  while (!stopping_.load(std::memory_order_relaxed)) {
    batch.clear();
    if (socket.receive(batch) == 0) continue;
    counters_.datagramsIn.fetch_add(batch.size(), std::memory_order_relaxed);
    for (Datagram& datagram : batch) {
      counters_.bytesIn.fetch_add(datagram.data.size(), std::memory_order_relaxed);
      datagram.info.transport = Transport::Udp;
      datagram.info.socketIndex = socketIndex;
      std::size_t k = key(datagram.data);
      pool.dispatch(k, std::move(datagram));
    }
  }
}

bool UdpTransport::send(int socketIndex, const Endpoint& to, std::string_view data) {
  bool ok = sockets_[static_cast<std::size_t>(socketIndex)]->send(to, data);
  if (ok) {
    counters_.datagramsOut.fetch_add(1, std::memory_order_relaxed);
    counters_.bytesOut.fetch_add(data.size(), std::memory_order_relaxed);
  } else {
    counters_.sendErrors.fetch_add(1, std::memory_order_relaxed);
  }
  return ok;
}

int UdpTransport::socketFor(const Endpoint& to) const {
  bool wantV6 = to.ip.find(':') != std::string::npos;
  for (std::size_t i = 0; i < sockets_.size(); ++i) {
    if (sockets_[i]->isIpv6() == wantV6) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace kemid
