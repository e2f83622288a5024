#pragma once
// The stream side of kemid (RFC 3261 §18): the TCP and TLS listening
// sockets of `listen` (ListenAddress::serves), the connections accepted on
// them or opened to send, and one I/O thread that accepts, reads and cuts
// the streams into messages for the worker pool. A TLS connection is a TCP
// connection with a TlsSession of the tls module (core/tls.h) between the
// socket and the framing.
//
// Sending is done by the thread that sends (a worker, a timer), on the
// connection the destination names while it is open, else on any open
// connection to the destination's address, else on a new one (a blocking
// connect bounded by tcp_connect_timeout). The connection table's lock is
// held only to find or add a connection, never while connecting or
// writing; each connection has its own write lock so that messages do not
// interleave. A TLS session also has a lock of its own, held around each
// call into it only, so that the I/O thread reads while a sender waits for
// a full socket.

#include <sys/epoll.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/config.h"
#include "core/network.h"
#include "core/tls.h"
#include "transport/stream_framer.h"
#include "transport/worker_pool.h"

namespace kemid {

struct TcpCounters {
  std::atomic<std::uint64_t> messagesIn{0};
  std::atomic<std::uint64_t> messagesOut{0};
  std::atomic<std::uint64_t> accepted{0};
  std::atomic<std::uint64_t> connected{0};
  std::atomic<std::uint64_t> refused{0};       // beyond tcp_max_connections
  std::atomic<std::uint64_t> streamErrors{0};  // broken framing: the connection closed
  std::atomic<std::uint64_t> sendErrors{0};
  std::atomic<std::int64_t> open{0};     // TCP and TLS
  std::atomic<std::int64_t> tlsOpen{0};  // of them TLS
  std::atomic<std::uint64_t> tlsHandshakeErrors{0};
};

class TcpTransport {
 public:
  struct Listener {
    Transport transport = Transport::Tcp;  // or Tls
    int fd = -1;
    Endpoint local;
    Endpoint advertised;
    bool ipv6 = false;
  };

  // Binds every TCP, then every TLS listen address of `core`; throws
  // std::runtime_error naming the address when one cannot be bound.
  // `firstSocketIndex` is the network's index of the first listener (they
  // follow the UDP sockets).
  TcpTransport(const CoreSettings& core, int firstSocketIndex);
  ~TcpTransport();
  TcpTransport(const TcpTransport&) = delete;
  TcpTransport& operator=(const TcpTransport&) = delete;

  using KeyFn = std::function<std::size_t(std::string_view message)>;
  // True when a listener is TLS: start() then needs the tls module's provider.
  bool servesTls() const;
  // Starts the I/O thread (when there is a listener). `tls` makes the TLS
  // sessions; it must outlive stop().
  void start(WorkerPool& pool, KeyFn key, TlsProvider* tls);
  // Closes every connection and joins the I/O thread.
  void stop();

  // `listener` counts from 0 (the network's index minus firstSocketIndex).
  bool send(int listener, const Destination& to, std::string_view data);
  // Requests to the connection's peer address at `port` go on it while it
  // is open (SipNetwork::aliasConnection); at most kMaxAliases per
  // connection, as Kamailio.
  bool alias(ConnectionId connection, std::uint16_t port);
  static constexpr std::size_t kMaxAliases = 4;

  const std::vector<Listener>& listeners() const { return listeners_; }
  const TcpCounters& counters() const { return counters_; }

 private:
  struct Connection;
  using ConnectionPtr = std::shared_ptr<Connection>;

  void bindListener(const ListenAddress& address, Transport transport);
  void run(WorkerPool& pool, const KeyFn& key);
  void accept(int listener);
  void read(const ConnectionPtr& connection, WorkerPool& pool, const KeyFn& key);
  // Handshakes and reads a TLS connection's session.
  void readTls(const ConnectionPtr& connection, WorkerPool& pool, const KeyFn& key);
  void watchWritable(const ConnectionPtr& connection, bool writable);
  // Hands the whole messages buffered to the pool; false when the stream
  // broke and the connection was closed.
  bool dispatchMessages(const ConnectionPtr& connection, WorkerPool& pool, const KeyFn& key);
  // Adds a connection (numbered `id`, nextId()) to the table and the I/O
  // thread's epoll set.
  ConnectionPtr adopt(int fd, ConnectionId id, int listener, Endpoint remote, Endpoint local,
                      std::unique_ptr<TlsSession> tls, bool handshaking);
  ConnectionId nextId() { return nextId_.fetch_add(1, std::memory_order_relaxed); }
  // A client session for `fd`, its handshake done; null (logged) when it failed.
  std::unique_ptr<TlsSession> handshakeOut(int fd, ConnectionId id, const Endpoint& to,
                                           const Endpoint& local);
  void close(const ConnectionPtr& connection, std::string_view why);
  void closeIdle();
  ConnectionPtr find(int listener, const Destination& to);
  ConnectionPtr connect(int listener, const Endpoint& to);
  ConnectionPtr connectOnce(int listener, const Destination& to);
  bool write(const ConnectionPtr& connection, std::string_view data);
  // Write all of `data`, or say why not in `why`.
  bool writePlain(const ConnectionPtr& connection, std::string_view data, std::string& why);
  bool writeTls(const ConnectionPtr& connection, std::string_view data, std::string& why);

  const CoreSettings settings_;
  const int firstSocketIndex_;
  std::vector<Listener> listeners_;
  int epoll_ = -1;
  std::thread io_;
  std::atomic<bool> stopping_{false};
  TlsProvider* tls_ = nullptr;

  std::mutex tableMutex_;  // guards the maps below, never held across I/O
  std::unordered_map<ConnectionId, ConnectionPtr> byId_;
  std::unordered_map<std::string, ConnectionId> byRemote_;  // "tls:ip:port" of the peer
  // A connect under way, which other senders to its address wait for (it
  // ends within tcp_connect_timeout).
  struct PendingConnect {
    std::mutex mutex;
    std::condition_variable done;
    bool finished = false;
  };
  std::unordered_map<std::string, std::shared_ptr<PendingConnect>> connecting_;
  std::atomic<ConnectionId> nextId_{1};

  TcpCounters counters_;
};

}  // namespace kemid
