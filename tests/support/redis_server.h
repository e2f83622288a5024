#pragma once
// A private redis-server for the tests of db_redis, ndb_redis, kemids
// sharing registrations and the conformance cases that need one: started
// as the current user in a temporary directory, on a free loopback port
// (or the one asked for), with no persistence; stopped on destruction.
//
//   std::string why;
//   auto redis = test::RedisServer::start(why);
//   if (!redis) GTEST_SKIP() << why;      // not installed, or failed to start
//   plugin.setParam("db_url", redis->url());

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "support/process.h"

namespace kemid::test {

class RedisServer {
 public:
  static constexpr const char* kBinary = "/usr/bin/redis-server";

  // The running server, or null with `why` saying what is missing or failed;
  // on `port` when given (a conformance case's), else on a free one.
  static std::unique_ptr<RedisServer> start(std::string& why,
                                            std::optional<std::uint16_t> port = std::nullopt);
  ~RedisServer();

  std::uint16_t port() const { return port_; }
  // "redis://127.0.0.1:<port>/<database>"
  std::string url(int database = 0) const;

  // Stops the server (SIGTERM) and starts it again on the same port.
  void stop();
  bool restart(std::string& why);
  // Stalls the server (SIGSTOP): connections are accepted by the kernel but
  // nothing is answered, until resume() (SIGCONT). Neither does anything
  // to a stopped server.
  void pause();
  void resume();

 private:
  explicit RedisServer(std::uint16_t port);
  bool run(std::string& why);

  TempDir dir_;
  std::uint16_t port_;
  std::unique_ptr<BackgroundProcess> process_;
};

}  // namespace kemid::test
