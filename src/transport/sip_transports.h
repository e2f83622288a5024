#pragma once
// Every transport kemid serves behind the one SipNetwork that routing and
// plugins send through. Socket indexes: the UDP sockets first, then the
// TCP listeners, then the TLS ones, in the order of `listen`.

#include <memory>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/network.h"
#include "transport/tcp_transport.h"
#include "transport/udp_transport.h"
#include "transport/worker_pool.h"

namespace kemid {

class SipTransports final : public SipNetwork {
 public:
  // Binds every `listen` address; throws std::runtime_error naming the
  // address when one cannot be bound, or when there is none.
  explicit SipTransports(const CoreSettings& core);

  using KeyFn = std::function<std::size_t(std::string_view message)>;
  // Starts receiving: each message goes to `pool` keyed by `key(message)`.
  // `tls` (the tls module's) makes the sessions of the TLS listeners.
  void start(WorkerPool& pool, const KeyFn& key, TlsProvider* tls);
  // No message is received after it.
  void stop();

  bool send(const Destination& to, std::string_view data) override;
  int socketFor(const Endpoint& to, Transport transport) const override;
  Transport transportOf(int socketIndex) const override;
  Transport udpFallback(std::size_t size) const override;
  bool aliasConnection(ConnectionId connection, std::uint16_t port) override;
  const Endpoint& advertised(int socketIndex) const override;
  bool isMyself(std::string_view host, std::uint16_t port) const override;
  bool isMyselfHost(std::string_view host) const override;

  const UdpTransport& udp() const { return udp_; }
  const TcpTransport& tcp() const { return tcp_; }
  int socketCount() const { return udpCount_ + static_cast<int>(tcp_.listeners().size()); }
  // "udp:127.0.0.1:5060, tcp:127.0.0.1:5060, tls:127.0.0.1:5061", for the
  // startup line.
  std::string describe() const;

 private:
  struct Alias {
    std::string host;
    std::uint16_t port = 0;  // 0: any port
  };
  // A socket's local and advertised address.
  struct Addresses {
    const Endpoint* local;
    const Endpoint* advertised;
  };
  Addresses addressesOf(int socketIndex) const;

  UdpTransport udp_;
  const int udpCount_;
  TcpTransport tcp_;
  std::vector<Alias> aliases_;
  const std::size_t udpMtu_;  // 0: no limit
  const Transport udpMtuTryProto_;
};

}  // namespace kemid
