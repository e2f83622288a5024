// TcpTransport between two instances on ephemeral loopback ports: messages
// sent from several threads arrive whole, and an answer goes back on the
// connection its request came on. Runs under ThreadSanitizer too
// (scripts/test.sh): senders, the I/O threads and stop() share the
// connection table.

#include "transport/tcp_transport.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace kemid {
namespace {

CoreSettings tcpOnAnyPort() {
  CoreSettings settings;
  ListenAddress address;
  address.transport = Transport::Tcp;
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

TEST(TcpTransport, MessagesFromSeveralThreadsArriveWholeAndAnswersTakeTheirConnection) {
  Received atServer, atClient;
  WorkerPool serverPool(2, 100000, nullptr, [&](Datagram& d) { atServer.add(d); });
  WorkerPool clientPool(1, 100000, nullptr, [&](Datagram& d) { atClient.add(d); });
  TcpTransport server(tcpOnAnyPort(), 0);
  TcpTransport client(tcpOnAnyPort(), 0);
  server.start(serverPool, keyOf);
  client.start(clientPool, keyOf);
  const Destination toServer{server.listeners()[0].local, 0, 0};

  // The first send opens the connection; the threads then share it.
  ASSERT_TRUE(client.send(0, toServer, reply("first")));
  constexpr int kThreads = 3, kEach = 200;
  std::vector<std::thread> senders;
  for (int t = 0; t < kThreads; ++t) {
    senders.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        EXPECT_TRUE(client.send(0, toServer, reply(std::to_string(t) + "-" + std::to_string(i))));
      }
    });
  }
  for (auto& sender : senders) sender.join();

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

}  // namespace
}  // namespace kemid
