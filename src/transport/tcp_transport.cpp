#include "transport/tcp_transport.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
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
RateLimitedLog handshakeErrorLog{kLog, "failed TLS handshakes"};

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

// A TLS and a TCP connection to one address are not interchangeable.
std::string remoteKey(Transport transport, const Endpoint& endpoint) {
  std::string key(transportName(transport));
  key += ':';
  key += endpoint.ip;
  key += ':';
  key += std::to_string(endpoint.port);
  return key;
}

Endpoint localEndpointOf(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return {};
  return endpointOf(address);
}

// SIP messages go out whole: no Nagle delay. Keep-alive probes find peers
// that vanished without a FIN (tcp_keepalive, timed by tcp_keepidle,
// tcp_keepintvl and tcp_keepcnt, else by the system).
void setOptions(int fd, const CoreSettings& settings) {
  int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  if (!settings.tcpKeepalive) return;
  ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
  for (auto [option, value] : {std::pair{TCP_KEEPIDLE, settings.tcpKeepidle},
                               std::pair{TCP_KEEPINTVL, settings.tcpKeepintvl},
                               std::pair{TCP_KEEPCNT, settings.tcpKeepcnt}}) {
    if (value > 0) ::setsockopt(fd, IPPROTO_TCP, option, &value, sizeof value);
  }
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
  Connection(int fd, ConnectionId id, int listener, Transport transport, Endpoint remote,
             Endpoint local, StreamFramer::Limits limits, std::unique_ptr<TlsSession> tls,
             bool handshaking)
      : fd(fd),
        id(id),
        listener(listener),
        transport(transport),
        remote(std::move(remote)),
        local(std::move(local)),
        framer(limits),
        tls(std::move(tls)),
        handshaking(handshaking),
        lastActiveMs(nowMs()) {}
  ~Connection() {
    tls.reset();  // before its socket
    ::close(fd);
  }

  const int fd;
  const ConnectionId id;
  const int listener;
  const Transport transport;
  const Endpoint remote;
  const Endpoint local;
  StreamFramer framer;                 // the I/O thread's only
  std::mutex writeMutex;               // one message at a time
  std::mutex tlsMutex;                 // around each call into `tls`
  std::unique_ptr<TlsSession> tls;     // null for TCP
  bool handshaking;                    // under tlsMutex: the server handshake is not done
  bool watchingWritable = false;       // the I/O thread's only: EPOLLOUT is in its events
  std::vector<std::string> aliasKeys;  // under tableMutex_: byRemote_ keys added by alias()
  std::atomic<std::int64_t> lastActiveMs;
  std::atomic<bool> closed{false};
};

TcpTransport::TcpTransport(const CoreSettings& core, int firstSocketIndex)
    : settings_(core), firstSocketIndex_(firstSocketIndex) {
  try {
    for (Transport transport : {Transport::Tcp, Transport::Tls}) {
      for (const auto& address : core.listen) {
        if (address.transport == Transport::Tcp && core.disableTcp) {
          throw std::runtime_error("cannot listen on tcp:" + address.host + ":" +
                                   std::to_string(address.portFor(Transport::Tcp, core)) +
                                   ": disable_tcp is set");
        }
        if (address.serves(transport, core)) bindListener(address, transport);
      }
    }
  } catch (const std::runtime_error&) {
    for (auto& made : listeners_) ::close(made.fd);
    throw;
  }
  // Before any thread may send: a connection opened to send joins the set.
  epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_ < 0) {
    for (auto& made : listeners_) ::close(made.fd);
    throw std::runtime_error(std::string("epoll: ") + std::strerror(errno));
  }
}

void TcpTransport::bindListener(const ListenAddress& address, Transport transport) {
  auto port = static_cast<std::uint16_t>(address.portFor(transport, settings_));
  std::string name =
      std::string(transportName(transport)) + ":" + address.host + ":" + std::to_string(port);
  auto bindTo = resolvedAddress(Endpoint{address.host, port});
  if (!bindTo) throw std::runtime_error("cannot listen on " + name + ": no such address");
  Listener listener;
  listener.transport = transport;
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
  kLog.info("listening on ", transportName(transport), ":", listener.local.ip, ":",
            listener.local.port);
  listeners_.push_back(std::move(listener));
}

TcpTransport::~TcpTransport() {
  stop();
  ::close(epoll_);
  for (auto& listener : listeners_) ::close(listener.fd);
}

bool TcpTransport::servesTls() const {
  for (const auto& listener : listeners_) {
    if (listener.transport == Transport::Tls) return true;
  }
  return false;
}

void TcpTransport::start(WorkerPool& pool, KeyFn key, TlsProvider* tls) {
  tls_ = tls;
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
    if (connection->tls) {
      std::lock_guard session(connection->tlsMutex);
      connection->tls->shutdown();
      counters_.tlsOpen.fetch_sub(1, std::memory_order_relaxed);
    }
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
    setOptions(fd, settings_);
    counters_.accepted.fetch_add(1, std::memory_order_relaxed);
    const Listener& on = listeners_[static_cast<std::size_t>(listener)];
    const ConnectionId id = nextId();
    std::unique_ptr<TlsSession> session;
    if (on.transport == Transport::Tls) {
      // The server profile is chosen by the listener's address.
      if (tls_ != nullptr) {
        session = tls_->accepted(fd, TlsConnection{id, on.local, endpointOf(peer), {}});
      }
      if (!session) {
        counters_.tlsHandshakeErrors.fetch_add(1, std::memory_order_relaxed);
        ::close(fd);
        continue;
      }
    }
    adopt(fd, id, listener, endpointOf(peer), localEndpointOf(fd), std::move(session), true);
  }
}

TcpTransport::ConnectionPtr TcpTransport::adopt(int fd, ConnectionId id, int listener,
                                                Endpoint remote, Endpoint local,
                                                std::unique_ptr<TlsSession> tls, bool handshaking) {
  const Transport transport = listeners_[static_cast<std::size_t>(listener)].transport;
  const bool secure = tls != nullptr;
  auto connection = std::make_shared<Connection>(
      fd, id, listener, transport, std::move(remote), std::move(local),
      StreamFramer::Limits{.acceptNoContentLength = settings_.tcpAcceptNoCl}, std::move(tls),
      secure && handshaking);
  {
    std::lock_guard lock(tableMutex_);
    byId_.emplace(connection->id, connection);
    byRemote_[remoteKey(transport, connection->remote)] = connection->id;
  }
  counters_.open.fetch_add(1, std::memory_order_relaxed);
  if (secure) counters_.tlsOpen.fetch_add(1, std::memory_order_relaxed);
  epoll_event event{.events = EPOLLIN | EPOLLRDHUP, .data = {.u64 = connection->id}};
  ::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event);
  kLog.dbg(transportName(transport), " connection ", connection->id, " with ",
           connection->remote.ip, ":", connection->remote.port);
  return connection;
}

void TcpTransport::read(const ConnectionPtr& connection, WorkerPool& pool, const KeyFn& key) {
  if (connection->tls) {
    readTls(connection, pool, key);
    return;
  }
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

void TcpTransport::readTls(const ConnectionPtr& connection, WorkerPool& pool, const KeyFn& key) {
  TlsSession& session = *connection->tls;
  std::string why;
  TlsIo result = TlsIo::Done;
  {
    std::lock_guard lock(connection->tlsMutex);
    if (connection->handshaking) {
      result = session.handshake();
      if (result == TlsIo::Done) {
        connection->handshaking = false;
        watchWritable(connection, false);
      }
      if (result == TlsIo::Failed) why = session.error();
    }
  }
  if (result == TlsIo::Failed) {
    counters_.tlsHandshakeErrors.fetch_add(1, std::memory_order_relaxed);
    handshakeErrorLog.err("tls handshake with ", connection->remote.ip, ":",
                          connection->remote.port, " failed: ", why);
    close(connection, why);
    return;
  }
  if (result != TlsIo::Done) {
    watchWritable(connection, result == TlsIo::WantWrite);
    if (result == TlsIo::Closed) close(connection, "closed by the peer");
    return;
  }
  char buffer[kReadChunk];
  // As read(): a few records per wake-up. OpenSSL reads one record at a
  // time from the socket, so what is left keeps the socket readable.
  for (int chunk = 0; chunk < kReadChunksPerWakeUp; ++chunk) {
    std::size_t got = 0;
    {
      std::lock_guard lock(connection->tlsMutex);
      result = session.read(buffer, got);
      if (result == TlsIo::Failed) why = session.error();
    }
    switch (result) {
      case TlsIo::Done:
        break;
      case TlsIo::WantRead:
        return;
      case TlsIo::WantWrite:
        watchWritable(connection, true);
        return;
      case TlsIo::Closed:
        close(connection, "closed by the peer");
        return;
      case TlsIo::Failed:
        close(connection, why);
        return;
    }
    watchWritable(connection, false);
    connection->lastActiveMs.store(nowMs(), std::memory_order_relaxed);
    connection->framer.append(std::string_view(buffer, got));
    if (!dispatchMessages(connection, pool, key)) return;
  }
}

// A TLS session that must write before it can go on (a handshake whose
// answer did not fit the socket) is woken by writability, then by input again.
void TcpTransport::watchWritable(const ConnectionPtr& connection, bool writable) {
  if (connection->watchingWritable == writable) return;
  connection->watchingWritable = writable;
  epoll_event event{.events = EPOLLIN | EPOLLRDHUP | (writable ? EPOLLOUT : 0u),
                    .data = {.u64 = connection->id}};
  ::epoll_ctl(epoll_, EPOLL_CTL_MOD, connection->fd, &event);
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
        streamErrorLog.err(transportName(connection->transport), " connection from ",
                           connection->remote.ip, ":", connection->remote.port, " closed: ", error);
        close(connection, error);
        return false;
      case StreamFramer::Result::Message:
        break;
    }
    counters_.messagesIn.fetch_add(1, std::memory_order_relaxed);
    message.info.source = connection->remote;
    message.info.local = connection->local;
    message.info.transport = connection->transport;
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
    auto forget = [&](const std::string& key) {
      auto byRemote = byRemote_.find(key);
      if (byRemote != byRemote_.end() && byRemote->second == connection->id) {
        byRemote_.erase(byRemote);
      }
    };
    forget(remoteKey(connection->transport, connection->remote));
    for (const auto& key : connection->aliasKeys) forget(key);
  }
  counters_.open.fetch_sub(1, std::memory_order_relaxed);
  ::epoll_ctl(epoll_, EPOLL_CTL_DEL, connection->fd, nullptr);
  if (connection->tls) {
    counters_.tlsOpen.fetch_sub(1, std::memory_order_relaxed);
    std::lock_guard session(connection->tlsMutex);
    connection->tls->shutdown();
  }
  // The descriptor closes with the last reference: a sender may hold one.
  ::shutdown(connection->fd, SHUT_RDWR);
  kLog.dbg(transportName(connection->transport), " connection ", connection->id, " with ",
           connection->remote.ip, ":", connection->remote.port, " closed: ", why);
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

TcpTransport::ConnectionPtr TcpTransport::find(int listener, const Destination& to) {
  const Transport transport = listeners_[static_cast<std::size_t>(listener)].transport;
  std::lock_guard lock(tableMutex_);
  if (to.connection != 0) {
    auto found = byId_.find(to.connection);
    if (found != byId_.end() && found->second->transport == transport) return found->second;
  }
  auto byRemote = byRemote_.find(remoteKey(transport, to.endpoint));
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
  setOptions(fd, settings_);
  const ConnectionId id = nextId();
  Endpoint local = localEndpointOf(fd);
  std::unique_ptr<TlsSession> session;
  if (from.transport == Transport::Tls) {
    session = handshakeOut(fd, id, to, local);
    if (!session) {
      ::close(fd);
      return nullptr;
    }
  }
  counters_.connected.fetch_add(1, std::memory_order_relaxed);
  return adopt(fd, id, listener, to, std::move(local), std::move(session), false);
}

std::unique_ptr<TlsSession> TcpTransport::handshakeOut(int fd, ConnectionId id, const Endpoint& to,
                                                       const Endpoint& local) {
  if (tls_ == nullptr) return nullptr;
  auto session = tls_->connecting(fd, TlsConnection{id, local, to, to.ip});
  if (!session) {
    counters_.tlsHandshakeErrors.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  // Before the connection is shared: this thread alone drives it, within
  // tcp_connect_timeout as the TCP connect was.
  const std::int64_t deadline = nowMs() + std::int64_t{settings_.tcpConnectTimeout} * 1000;
  for (;;) {
    TlsIo result = session->handshake();
    if (result == TlsIo::Done) return session;
    const auto left = static_cast<int>(deadline - nowMs());
    if ((result != TlsIo::WantRead && result != TlsIo::WantWrite) || left <= 0 ||
        !waitFor(fd, result == TlsIo::WantRead ? POLLIN : POLLOUT, left)) {
      std::string why = result == TlsIo::Failed   ? session->error()
                        : result == TlsIo::Closed ? "closed by the peer"
                                                  : "tcp_connect_timeout";
      counters_.tlsHandshakeErrors.fetch_add(1, std::memory_order_relaxed);
      sendErrorLog.err("tls handshake with ", to.ip, ":", to.port, " failed: ", why);
      return nullptr;
    }
  }
}

bool TcpTransport::write(const ConnectionPtr& connection, std::string_view data) {
  std::lock_guard lock(connection->writeMutex);
  std::string why;
  if (connection->tls ? writeTls(connection, data, why) : writePlain(connection, data, why)) {
    connection->lastActiveMs.store(nowMs(), std::memory_order_relaxed);
    return true;
  }
  sendErrorLog.err(transportName(connection->transport), " send to ", connection->remote.ip, ":",
                   connection->remote.port, " failed: ", why);
  close(connection, why);
  return false;
}

// Under the connection's write lock.
bool TcpTransport::writePlain(const ConnectionPtr& connection, std::string_view data,
                              std::string& why) {
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
    why = sent < 0 && errno != EAGAIN ? std::strerror(errno) : "tcp_send_timeout";
    return false;
  }
  return true;
}

// Under the connection's write lock. The session's lock is taken around
// each call only: the I/O thread may read while this one waits for room.
bool TcpTransport::writeTls(const ConnectionPtr& connection, std::string_view data,
                            std::string& why) {
  const std::int64_t deadline = nowMs() + std::int64_t{settings_.tcpSendTimeout} * 1000;
  while (!data.empty()) {
    std::size_t written = 0;
    TlsIo result = TlsIo::Failed;
    {
      std::lock_guard session(connection->tlsMutex);
      result = connection->tls->write(data, written);
      if (result == TlsIo::Failed) why = connection->tls->error();
    }
    if (result == TlsIo::Done) {
      data.remove_prefix(written);
      continue;
    }
    if (result == TlsIo::Closed) why = "closed by the peer";
    if (result != TlsIo::WantRead && result != TlsIo::WantWrite) return false;
    const auto left = static_cast<int>(deadline - nowMs());
    if (left <= 0 || !waitFor(connection->fd, result == TlsIo::WantRead ? POLLIN : POLLOUT, left)) {
      why = "tcp_send_timeout";
      return false;
    }
  }
  return true;
}

// Senders to one address while a connect to it is under way wait for that
// one instead of opening their own (a TLS handshake makes the window wide).
TcpTransport::ConnectionPtr TcpTransport::connectOnce(int listener, const Destination& to) {
  const std::string key =
      remoteKey(listeners_[static_cast<std::size_t>(listener)].transport, to.endpoint);
  std::shared_ptr<PendingConnect> pending;
  bool mine = false;
  {
    std::lock_guard lock(tableMutex_);
    auto open = byRemote_.find(key);
    if (open != byRemote_.end()) {
      if (auto found = byId_.find(open->second); found != byId_.end()) return found->second;
    }
    auto [entry, added] = connecting_.try_emplace(key);
    if (added) entry->second = std::make_shared<PendingConnect>();
    pending = entry->second;
    mine = added;
  }
  if (!mine) {
    std::unique_lock lock(pending->mutex);
    pending->done.wait(lock, [&] { return pending->finished; });
    lock.unlock();
    return find(listener, to);  // null when that connect failed
  }
  ConnectionPtr connection = connect(listener, to.endpoint);
  {
    std::lock_guard lock(tableMutex_);
    connecting_.erase(key);
  }
  {
    std::lock_guard lock(pending->mutex);
    pending->finished = true;
  }
  pending->done.notify_all();
  return connection;
}

bool TcpTransport::alias(ConnectionId id, std::uint16_t port) {
  std::lock_guard lock(tableMutex_);
  auto found = byId_.find(id);
  if (found == byId_.end()) return false;
  Connection& connection = *found->second;
  std::string key = remoteKey(connection.transport, Endpoint{connection.remote.ip, port});
  if (std::find(connection.aliasKeys.begin(), connection.aliasKeys.end(), key) ==
      connection.aliasKeys.end()) {
    if (connection.aliasKeys.size() >= kMaxAliases) {
      kLog.warn("tcp connection ", id, " with ", connection.remote.ip, " already has ", kMaxAliases,
                " aliases: port ", port, " not added");
      return false;
    }
    connection.aliasKeys.push_back(key);
  }
  byRemote_[std::move(key)] = id;
  return true;
}

bool TcpTransport::send(int listener, const Destination& to, std::string_view data) {
  if (listener < 0 || listener >= static_cast<int>(listeners_.size())) return false;
  ConnectionPtr connection = find(listener, to);
  if (!connection && to.noConnect) {
    sendErrorLog.err("no open tcp connection to ", to.endpoint.ip, ":", to.endpoint.port,
                     " and the script asked not to open one");
  } else if (!connection && !stopping_.load(std::memory_order_relaxed)) {
    connection = connectOnce(listener, to);
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
