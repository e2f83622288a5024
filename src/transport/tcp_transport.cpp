#include "transport/tcp_transport.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>

#include "core/log.h"
#include "core/thread_name.h"
#include "transport/socket_address.h"

namespace kemid {

namespace {

const Logger kLog{"transport"};
RateLimitedLog streamErrorLog{kLog, "TCP stream errors"};
RateLimitedLog sendErrorLog{kLog, "failed TCP sends"};

constexpr int kListenBacklog = 1024;  // Kamailio's tcp_listen_backlog default
constexpr int kWaitMs = 200;          // how quickly the I/O thread notices stop()
constexpr std::size_t kReadChunk = 65536;
constexpr int kReadChunksPerWakeUp = 16;
// epoll data of a listener: this bit and its index; of a connection: its id.
constexpr std::uint64_t kListenerBit = std::uint64_t{1} << 63;

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string remoteKey(const Endpoint& endpoint) {
  return endpoint.ip + ":" + std::to_string(endpoint.port);
}

Endpoint localEndpointOf(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return {};
  return endpointOf(address);
}

// SIP messages go out whole: no Nagle delay. Keep-alive probes (the
// system's timing) find peers that vanished without a FIN.
void setOptions(int fd, bool keepalive) {
  int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  if (keepalive) ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
}

// Waits up to `timeoutMs` for `events` on fd; false on timeout or error.
bool waitFor(int fd, short events, int timeoutMs) {
  pollfd one{.fd = fd, .events = events, .revents = 0};
  int ready = 0;
  do {
    ready = ::poll(&one, 1, timeoutMs);
  } while (ready < 0 && errno == EINTR);
  return ready > 0;
}

}  // namespace

struct TcpTransport::Connection {
  Connection(int fd, ConnectionId id, int listener, Endpoint remote, Endpoint local,
             StreamFramer::Limits limits)
      : fd(fd),
        id(id),
        listener(listener),
        remote(std::move(remote)),
        local(std::move(local)),
        framer(limits),
        lastActiveMs(nowMs()) {}
  ~Connection() { ::close(fd); }

  const int fd;
  const ConnectionId id;
  const int listener;
  const Endpoint remote;
  const Endpoint local;
  StreamFramer framer;  // the I/O thread's only
  std::mutex writeMutex;
  std::atomic<std::int64_t> lastActiveMs;
  std::atomic<bool> closed{false};
};

TcpTransport::TcpTransport(const CoreSettings& core, int firstSocketIndex)
    : settings_(core), firstSocketIndex_(firstSocketIndex) {
  for (const auto& address : core.listen) {
    if (!address.serves(Transport::Tcp, core.disableTcp)) continue;
    auto port = static_cast<std::uint16_t>(address.port.value_or(core.port));
    std::string name = "tcp:" + address.host + ":" + std::to_string(port);
    if (address.transport == Transport::Tcp && core.disableTcp) {
      throw std::runtime_error("cannot listen on " + name + ": disable_tcp is set");
    }
    auto bindTo = resolvedAddress(Endpoint{address.host, port});
    if (!bindTo) throw std::runtime_error("cannot listen on " + name + ": no such address");
    Listener listener;
    listener.ipv6 = bindTo->ss_family == AF_INET6;
    listener.fd = ::socket(bindTo->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int on = 1;
    // A restart must not wait for the old connections' TIME_WAIT.
    if (listener.fd >= 0) ::setsockopt(listener.fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (listener.fd < 0 ||
        ::bind(listener.fd, reinterpret_cast<const sockaddr*>(&*bindTo), addressLength(*bindTo)) !=
            0 ||
        ::listen(listener.fd, kListenBacklog) != 0) {
      std::string why = std::strerror(errno);
      if (listener.fd >= 0) ::close(listener.fd);
      for (auto& made : listeners_) ::close(made.fd);
      throw std::runtime_error("cannot listen on " + name + ": " + why);
    }
    listener.local = localEndpointOf(listener.fd);
    listener.advertised = listener.local;
    if (!address.advertiseHost.empty()) {
      listener.advertised = {
          address.advertiseHost,
          static_cast<std::uint16_t>(address.advertisePort.value_or(listener.local.port))};
    } else if (listener.ipv6) {
      listener.advertised.ip = "[" + listener.local.ip + "]";
    }
    kLog.info("listening on tcp:", listener.local.ip, ":", listener.local.port);
    listeners_.push_back(std::move(listener));
  }
  // Before any thread may send: a connection opened to send joins the set.
  epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_ < 0) {
    for (auto& made : listeners_) ::close(made.fd);
    throw std::runtime_error(std::string("epoll: ") + std::strerror(errno));
  }
}

TcpTransport::~TcpTransport() {
  stop();
  ::close(epoll_);
  for (auto& listener : listeners_) ::close(listener.fd);
}

void TcpTransport::start(WorkerPool& pool, KeyFn key) {
  if (listeners_.empty()) return;
  for (std::size_t i = 0; i < listeners_.size(); ++i) {
    epoll_event event{.events = EPOLLIN, .data = {.u64 = kListenerBit | i}};
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, listeners_[i].fd, &event);
  }
  io_ = std::thread([this, &pool, key = std::move(key)] { run(pool, key); });
}

void TcpTransport::stop() {
  stopping_ = true;
  if (io_.joinable()) io_.join();
  std::unordered_map<ConnectionId, ConnectionPtr> open;
  {
    std::lock_guard lock(tableMutex_);
    open.swap(byId_);
    byRemote_.clear();
  }
  for (auto& [id, connection] : open) {
    connection->closed = true;
    ::shutdown(connection->fd, SHUT_RDWR);
  }
  counters_.open -= static_cast<std::int64_t>(open.size());
}

void TcpTransport::run(WorkerPool& pool, const KeyFn& key) {
  nameThisThread("tcp-io");
  std::array<epoll_event, 64> events{};
  std::int64_t lastSweep = nowMs();
  while (!stopping_.load(std::memory_order_relaxed)) {
    int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), kWaitMs);
    for (int i = 0; i < n; ++i) {
      std::uint64_t data = events[static_cast<std::size_t>(i)].data.u64;
      if (data & kListenerBit) {
        accept(static_cast<int>(data & ~kListenerBit));
        continue;
      }
      ConnectionPtr connection;
      {
        std::lock_guard lock(tableMutex_);
        auto found = byId_.find(data);
        if (found != byId_.end()) connection = found->second;
      }
      if (connection) read(connection, pool, key);
    }
    if (nowMs() - lastSweep >= 1000) {
      closeIdle();
      lastSweep = nowMs();
    }
  }
}

void TcpTransport::accept(int listener) {
  for (;;) {
    sockaddr_storage peer{};
    socklen_t length = sizeof peer;
    int fd = ::accept4(listeners_[static_cast<std::size_t>(listener)].fd,
                       reinterpret_cast<sockaddr*>(&peer), &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;  // EAGAIN: all taken
    if (counters_.open.load() >= settings_.tcpMaxConnections) {
      counters_.refused.fetch_add(1, std::memory_order_relaxed);
      streamErrorLog.err("maximum number of connections (", settings_.tcpMaxConnections,
                         ") reached: connection from ", endpointOf(peer).ip, " refused");
      ::close(fd);
      continue;
    }
    setOptions(fd, settings_.tcpKeepalive);
    counters_.accepted.fetch_add(1, std::memory_order_relaxed);
    adopt(fd, listener, endpointOf(peer), localEndpointOf(fd));
  }
}

TcpTransport::ConnectionPtr TcpTransport::adopt(int fd, int listener, Endpoint remote,
                                                Endpoint local) {
  ConnectionPtr connection;
  {
    std::lock_guard lock(tableMutex_);
    connection = std::make_shared<Connection>(
        fd, nextId_++, listener, std::move(remote), std::move(local),
        StreamFramer::Limits{.acceptNoContentLength = settings_.tcpAcceptNoCl});
    byId_.emplace(connection->id, connection);
    byRemote_[remoteKey(connection->remote)] = connection->id;
  }
  counters_.open.fetch_add(1, std::memory_order_relaxed);
  epoll_event event{.events = EPOLLIN | EPOLLRDHUP, .data = {.u64 = connection->id}};
  ::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event);
  kLog.dbg("tcp connection ", connection->id, " with ", connection->remote.ip, ":",
           connection->remote.port);
  return connection;
}

void TcpTransport::read(const ConnectionPtr& connection, WorkerPool& pool, const KeyFn& key) {
  char buffer[kReadChunk];
  // A few chunks per wake-up: one busy connection must not starve the
  // others (epoll reports it again while data is left).
  for (int chunk = 0; chunk < kReadChunksPerWakeUp; ++chunk) {
    ssize_t got = ::recv(connection->fd, buffer, sizeof buffer, 0);
    if (got == 0) {
      close(connection, "closed by the peer");
      return;
    }
    if (got < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) close(connection, std::strerror(errno));
      return;
    }
    connection->lastActiveMs.store(nowMs(), std::memory_order_relaxed);
    connection->framer.append(std::string_view(buffer, static_cast<std::size_t>(got)));
    // Framed chunk by chunk, so that what is buffered stays within a message.
    if (!dispatchMessages(connection, pool, key)) return;
    if (static_cast<std::size_t>(got) < sizeof buffer) return;
  }
}

bool TcpTransport::dispatchMessages(const ConnectionPtr& connection, WorkerPool& pool,
                                    const KeyFn& key) {
  std::string error;
  for (;;) {
    Datagram message;
    switch (connection->framer.next(message.data, error)) {
      case StreamFramer::Result::NeedMore:
        return true;
      case StreamFramer::Result::Ping:
        write(connection, "\r\n");
        continue;
      case StreamFramer::Result::Error:
        counters_.streamErrors.fetch_add(1, std::memory_order_relaxed);
        streamErrorLog.err("tcp connection from ", connection->remote.ip, ":",
                           connection->remote.port, " closed: ", error);
        close(connection, error);
        return false;
      case StreamFramer::Result::Message:
        break;
    }
    counters_.messagesIn.fetch_add(1, std::memory_order_relaxed);
    message.info.source = connection->remote;
    message.info.local = connection->local;
    message.info.transport = Transport::Tcp;
    message.info.socketIndex = firstSocketIndex_ + connection->listener;
    message.info.connection = connection->id;
    std::size_t k = key(message.data);
    pool.dispatch(k, std::move(message));
  }
}

void TcpTransport::close(const ConnectionPtr& connection, std::string_view why) {
  if (connection->closed.exchange(true)) return;
  {
    std::lock_guard lock(tableMutex_);
    byId_.erase(connection->id);
    auto byRemote = byRemote_.find(remoteKey(connection->remote));
    if (byRemote != byRemote_.end() && byRemote->second == connection->id) {
      byRemote_.erase(byRemote);
    }
  }
  counters_.open.fetch_sub(1, std::memory_order_relaxed);
  ::epoll_ctl(epoll_, EPOLL_CTL_DEL, connection->fd, nullptr);
  // The descriptor closes with the last reference: a sender may hold one.
  ::shutdown(connection->fd, SHUT_RDWR);
  kLog.dbg("tcp connection ", connection->id, " with ", connection->remote.ip, ":",
           connection->remote.port, " closed: ", why);
}

void TcpTransport::closeIdle() {
  const std::int64_t idleBefore =
      nowMs() - static_cast<std::int64_t>(settings_.tcpConnectionLifetime) * 1000;
  std::vector<ConnectionPtr> idle;
  {
    std::lock_guard lock(tableMutex_);
    for (auto& [id, connection] : byId_) {
      if (connection->lastActiveMs.load(std::memory_order_relaxed) < idleBefore) {
        idle.push_back(connection);
      }
    }
  }
  for (auto& connection : idle) close(connection, "idle for tcp_connection_lifetime");
}

TcpTransport::ConnectionPtr TcpTransport::find(const Destination& to) {
  std::lock_guard lock(tableMutex_);
  if (to.connection != 0) {
    auto found = byId_.find(to.connection);
    if (found != byId_.end()) return found->second;
  }
  auto byRemote = byRemote_.find(remoteKey(to.endpoint));
  if (byRemote == byRemote_.end()) return nullptr;
  auto found = byId_.find(byRemote->second);
  return found != byId_.end() ? found->second : nullptr;
}

TcpTransport::ConnectionPtr TcpTransport::connect(int listener, const Endpoint& to) {
  auto target = resolvedAddress(to);
  if (!target) {
    sendErrorLog.err("tcp connect to ", to.ip, ":", to.port, " failed: no address");
    return nullptr;
  }
  if (counters_.open.load() >= settings_.tcpMaxConnections) {
    sendErrorLog.err("tcp connect to ", to.ip, ":", to.port,
                     " refused: maximum number of connections reached");
    return nullptr;
  }
  int fd = ::socket(target->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return nullptr;
  // From the listener's address (not its port), as Kamailio does, unless
  // it listens on every address.
  const Listener& from = listeners_[static_cast<std::size_t>(listener)];
  if (auto source = literalAddress(from.local.ip, 0);
      source && source->ss_family == target->ss_family && from.local.ip != "0.0.0.0" &&
      from.local.ip != "::") {
    ::bind(fd, reinterpret_cast<const sockaddr*>(&*source), addressLength(*source));
  }
  int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&*target), addressLength(*target));
  if (rc != 0 && errno == EINPROGRESS) {
    int error = ETIMEDOUT;
    if (waitFor(fd, POLLOUT, settings_.tcpConnectTimeout * 1000)) {
      socklen_t length = sizeof error;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
    }
    rc = error == 0 ? 0 : -1;
    errno = error;
  }
  if (rc != 0) {
    sendErrorLog.err("tcp connect to ", to.ip, ":", to.port, " failed: ", std::strerror(errno));
    ::close(fd);
    return nullptr;
  }
  setOptions(fd, settings_.tcpKeepalive);
  counters_.connected.fetch_add(1, std::memory_order_relaxed);
  return adopt(fd, listener, to, localEndpointOf(fd));
}

bool TcpTransport::write(const ConnectionPtr& connection, std::string_view data) {
  std::lock_guard lock(connection->writeMutex);
  const int timeoutMs = settings_.tcpSendTimeout * 1000;
  while (!data.empty()) {
    ssize_t sent = ::send(connection->fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent > 0) {
      data.remove_prefix(static_cast<std::size_t>(sent));
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) &&
        waitFor(connection->fd, POLLOUT, timeoutMs)) {
      continue;
    }
    std::string why = sent < 0 && errno != EAGAIN ? std::strerror(errno) : "tcp_send_timeout";
    sendErrorLog.err("tcp send to ", connection->remote.ip, ":", connection->remote.port,
                     " failed: ", why);
    close(connection, why);
    return false;
  }
  connection->lastActiveMs.store(nowMs(), std::memory_order_relaxed);
  return true;
}

bool TcpTransport::send(int listener, const Destination& to, std::string_view data) {
  if (listener < 0 || listener >= static_cast<int>(listeners_.size())) return false;
  ConnectionPtr connection = find(to);
  if (!connection && to.noConnect) {
    sendErrorLog.err("no open tcp connection to ", to.endpoint.ip, ":", to.endpoint.port,
                     " and the script asked not to open one");
  } else if (!connection && !stopping_.load(std::memory_order_relaxed)) {
    connection = connect(listener, to.endpoint);
  }
  if (!connection || !write(connection, data)) {
    counters_.sendErrors.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  counters_.messagesOut.fetch_add(1, std::memory_order_relaxed);
  if (to.closeAfter) close(connection, "closed after sending, as the script asked");
  return true;
}

}  // namespace kemid
