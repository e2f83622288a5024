// TcpTransport between two instances on ephemeral loopback ports: messages
// sent from several threads arrive whole, and an answer goes back on the
// connection its request came on; over TCP, and over TLS listeners with a
// toy TLS provider (the tls module's tests run the real one). Runs under
// ThreadSanitizer too (scripts/test.sh): senders, the I/O threads and
// stop() share the connection table and the sessions.

#include "transport/tcp_transport.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace kemid {
namespace {

CoreSettings onAnyPort(Transport transport) {
  CoreSettings settings;
  settings.enableTls = true;
  ListenAddress address;
  address.transport = transport;
  address.host = "127.0.0.1";
  address.port = 0;  // the kernel picks one
  settings.listen = {address};
  return settings;
}

// What a worker pool was handed.
class Received {
 public:
  void add(const Datagram& message) {
    {
      std::lock_guard lock(mutex_);
      messages_.push_back(message);
    }
    changed_.notify_all();
  }
  std::vector<Datagram> waitFor(std::size_t count) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(10), [&] { return messages_.size() >= count; });
    return messages_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Datagram> messages_;
};

std::string reply(const std::string& callId) {
  std::string body = "body of " + callId;
  return "SIP/2.0 200 OK\r\nCall-ID: " + callId +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::size_t keyOf(std::string_view message) {
  return message.size();
}

// `threads` threads each send `each` messages to `to` at once, Call-IDs
// "<thread>-<n>"; returns once all are sent.
void sendFromThreads(TcpTransport& client, const Destination& to, int threads, int each) {
  std::vector<std::thread> senders;
  for (int t = 0; t < threads; ++t) {
    senders.emplace_back([&, t] {
      for (int i = 0; i < each; ++i) {
        EXPECT_TRUE(client.send(0, to, reply(std::to_string(t) + "-" + std::to_string(i))));
      }
    });
  }
  for (auto& sender : senders) sender.join();
}

// A stand-in for TLS that keeps the shape of one on a non-blocking socket:
// a handshake (the client sends 'C', the server answers 'S'; anything else
// fails it) and records that are not the plain text (each byte XOR 0x5A).
class ToySession final : public TlsSession {
 public:
  ToySession(int fd, bool server) : fd_(fd), server_(server) {}

  TlsIo handshake() override {
    if (!server_ && !helloSent_) {
      if (::send(fd_, "C", 1, MSG_NOSIGNAL) != 1) return TlsIo::Failed;
      helloSent_ = true;
    }
    char hello = 0;
    ssize_t got = ::recv(fd_, &hello, 1, MSG_DONTWAIT);
    if (got < 0) return TlsIo::WantRead;
    if (got == 0) return TlsIo::Closed;
    if (hello != (server_ ? 'C' : 'S')) {
      error_ = "bad hello";
      return TlsIo::Failed;
    }
    if (server_ && ::send(fd_, "S", 1, MSG_NOSIGNAL) != 1) return TlsIo::Failed;
    return TlsIo::Done;
  }
  TlsIo read(std::span<char> buffer, std::size_t& got) override {
    ssize_t n = ::recv(fd_, buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (n < 0) return TlsIo::WantRead;
    if (n == 0) return TlsIo::Closed;
    got = static_cast<std::size_t>(n);
    for (std::size_t i = 0; i < got; ++i) buffer[i] ^= 0x5A;
    return TlsIo::Done;
  }
  TlsIo write(std::string_view data, std::size_t& written) override {
    std::string coded(data);
    for (char& c : coded) c ^= 0x5A;
    ssize_t n = ::send(fd_, coded.data(), coded.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) return errno == EAGAIN ? TlsIo::WantWrite : TlsIo::Failed;
    written = static_cast<std::size_t>(n);
    return TlsIo::Done;
  }
  void shutdown() override {}
  std::string error() const override { return error_; }

 private:
  const int fd_;
  const bool server_;
  bool helloSent_ = false;
  std::string error_;
};

class ToyTls final : public TlsProvider {
 public:
  std::unique_ptr<TlsSession> accepted(int fd, const TlsConnection&) override {
    return std::make_unique<ToySession>(fd, true);
  }
  std::unique_ptr<TlsSession> connecting(int fd, const TlsConnection& connection) override {
    targetHost = connection.targetHost;
    return std::make_unique<ToySession>(fd, false);
  }
  std::string targetHost;  // the sending thread's
};

TEST(TcpTransport, MessagesFromSeveralThreadsArriveWholeAndAnswersTakeTheirConnection) {
  Received atServer, atClient;
  WorkerPool serverPool(2, 100000, nullptr, [&](Datagram& d) { atServer.add(d); });
  WorkerPool clientPool(1, 100000, nullptr, [&](Datagram& d) { atClient.add(d); });
  TcpTransport server(onAnyPort(Transport::Tcp), 0);
  TcpTransport client(onAnyPort(Transport::Tcp), 0);
  server.start(serverPool, keyOf, nullptr);
  client.start(clientPool, keyOf, nullptr);
  const Destination toServer{server.listeners()[0].local, 0, 0};

  // The first send opens the connection; the threads then share it.
  ASSERT_TRUE(client.send(0, toServer, reply("first")));
  constexpr int kThreads = 3, kEach = 200;
  sendFromThreads(client, toServer, kThreads, kEach);

  auto messages = atServer.waitFor(1 + kThreads * kEach);
  ASSERT_EQ(messages.size(), 1u + kThreads * kEach);
  std::set<std::string> whole;
  for (const auto& message : messages) {
    std::string callId = message.data.substr(25, message.data.find("\r\n", 25) - 25);
    EXPECT_EQ(message.data, reply(callId));
    EXPECT_EQ(message.info.transport, Transport::Tcp);
    whole.insert(callId);
  }
  EXPECT_EQ(whole.size(), 1u + kThreads * kEach);
  EXPECT_EQ(client.counters().connected.load(), 1u);
  EXPECT_EQ(server.counters().accepted.load(), 1u);

  // The answer names the connection: no new one is opened.
  const ReceiveInfo& from = messages.front().info;
  ASSERT_NE(from.connection, 0u);
  ASSERT_TRUE(server.send(0, {from.source, 0, from.connection}, reply("answer")));
  auto answers = atClient.waitFor(1);
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers.front().data, reply("answer"));
  EXPECT_EQ(server.counters().connected.load(), 0u);

  // Once the client is gone, its connection cannot be used, and nothing
  // listens on its ephemeral port: the send fails and is counted.
  client.stop();
  for (int i = 0; i < 100 && server.counters().open.load() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(server.counters().open.load(), 0);
  EXPECT_FALSE(server.send(0, {from.source, 0, from.connection}, reply("late")));
  EXPECT_EQ(server.counters().sendErrors.load(), 1u);
  server.stop();
  serverPool.stop();
  clientPool.stop();
}

TEST(TcpTransport, TlsListenersCarryMessagesThroughTheirSessionsBothWays) {
  Received atServer, atClient;
  WorkerPool serverPool(2, 100000, nullptr, [&](Datagram& d) { atServer.add(d); });
  WorkerPool clientPool(1, 100000, nullptr, [&](Datagram& d) { atClient.add(d); });
  ToyTls serverTls, clientTls;
  TcpTransport server(onAnyPort(Transport::Tls), 0);
  TcpTransport client(onAnyPort(Transport::Tls), 0);
  ASSERT_TRUE(server.servesTls());
  server.start(serverPool, keyOf, &serverTls);
  client.start(clientPool, keyOf, &clientTls);
  const Destination toServer{server.listeners()[0].local, 0, 0};

  constexpr int kThreads = 3, kEach = 100;
  sendFromThreads(client, toServer, kThreads, kEach);
  auto messages = atServer.waitFor(kThreads * kEach);
  ASSERT_EQ(messages.size(), std::size_t{kThreads * kEach});
  for (const auto& message : messages) {
    std::string callId = message.data.substr(25, message.data.find("\r\n", 25) - 25);
    EXPECT_EQ(message.data, reply(callId));
    EXPECT_EQ(message.info.transport, Transport::Tls);
  }
  // One connection, opened by the first sender, its handshake done before
  // any message went on it.
  EXPECT_EQ(client.counters().connected.load(), 1u);
  EXPECT_EQ(client.counters().tlsOpen.load(), 1);
  EXPECT_EQ(server.counters().tlsOpen.load(), 1);
  EXPECT_EQ(clientTls.targetHost, "127.0.0.1");

  const ReceiveInfo& from = messages.front().info;
  ASSERT_TRUE(server.send(0, {from.source, 0, from.connection}, reply("answer")));
  auto answers = atClient.waitFor(1);
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers.front().data, reply("answer"));
  EXPECT_EQ(answers.front().info.transport, Transport::Tls);

  client.stop();
  server.stop();
  serverPool.stop();
  clientPool.stop();
}

TEST(TcpTransport, AFailedTlsHandshakeClosesItsConnectionAndIsCounted) {
  Received atServer;
  WorkerPool serverPool(1, 100, nullptr, [&](Datagram& d) { atServer.add(d); });
  ToyTls serverTls;
  TcpTransport server(onAnyPort(Transport::Tls), 0);
  server.start(serverPool, keyOf, &serverTls);

  // A client that does not speak the server's TLS: plain SIP.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(server.listeners()[0].local.port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to), 0);
  std::string plain = reply("plain");
  ASSERT_EQ(::send(fd, plain.data(), plain.size(), 0), static_cast<ssize_t>(plain.size()));
  char end = 0;
  EXPECT_LE(::recv(fd, &end, 1, 0), 0);  // closed (or reset) by the server
  ::close(fd);

  EXPECT_EQ(server.counters().tlsHandshakeErrors.load(), 1u);
  for (int i = 0; i < 100 && server.counters().open.load() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(server.counters().open.load(), 0);
  EXPECT_EQ(server.counters().tlsOpen.load(), 0);
  server.stop();
  serverPool.stop();
  EXPECT_TRUE(atServer.waitFor(0).empty());
}

}  // namespace
}  // namespace kemid
