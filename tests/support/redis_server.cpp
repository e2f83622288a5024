#include "support/redis_server.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <csignal>
#include <filesystem>
#include <thread>

namespace kemid::test {

namespace {

using namespace std::chrono_literals;

bool accepts(std::uint16_t port) {
  try {
    Poco::Net::StreamSocket socket;
    socket.connect(Poco::Net::SocketAddress("127.0.0.1", port), Poco::Timespan(0, 200000));
    return true;
  } catch (const Poco::Exception&) {
    return false;
  }
}

}  // namespace

std::uint16_t freeTcpPort() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  return socket.address().port();
}

std::unique_ptr<RedisServer> RedisServer::start(std::string& why) {
  if (!std::filesystem::exists(kBinary)) {
    why =
        "redis-server is not installed (apt-get install redis-server): no " + std::string(kBinary);
    return nullptr;
  }
  std::unique_ptr<RedisServer> server(new RedisServer());
  if (!server->run(why)) return nullptr;
  return server;
}

RedisServer::RedisServer() : port_(freeTcpPort()) {}

RedisServer::~RedisServer() {
  if (process_) stop();
}

std::string RedisServer::url(int database) const {
  return "redis://127.0.0.1:" + std::to_string(port_) + "/" + std::to_string(database);
}

bool RedisServer::run(std::string& why) {
  process_ = std::make_unique<BackgroundProcess>(
      kBinary, std::vector<std::string>{"--port", std::to_string(port_), "--bind", "127.0.0.1",
                                        "--dir", dir_.path().string(), "--save", "", "--appendonly",
                                        "no", "--daemonize", "no"});
  for (int i = 0; i < 100 && !accepts(port_); ++i) {
    if (!process_->running()) break;
    std::this_thread::sleep_for(50ms);
  }
  if (!accepts(port_)) {
    why = "redis-server did not start: " + process_->stdoutText() + process_->stderrText();
    return false;
  }
  return true;
}

void RedisServer::stop() {
  process_->signal(SIGTERM);
  if (!process_->waitExit(10s)) process_->signal(SIGKILL);
  process_.reset();
}

bool RedisServer::restart(std::string& why) {
  if (process_) stop();
  return run(why);
}

}  // namespace kemid::test
