#include "support/redis_server.h"

#include <csignal>
#include <filesystem>
#include <thread>

#include "support/loopback_port.h"

namespace kemid::test {

using namespace std::chrono_literals;

std::unique_ptr<RedisServer> RedisServer::start(std::string& why,
                                                std::optional<std::uint16_t> port) {
  if (!std::filesystem::exists(kBinary)) {
    why =
        "redis-server is not installed (apt-get install redis-server): no " + std::string(kBinary);
    return nullptr;
  }
  std::unique_ptr<RedisServer> server(new RedisServer(port ? *port : freeLoopbackPort()));
  if (!server->run(why)) return nullptr;
  return server;
}

RedisServer::RedisServer(std::uint16_t port) : port_(port) {}

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
  for (int i = 0; i < 100 && !acceptsOnLoopback(port_); ++i) {
    if (!process_->running()) break;
    std::this_thread::sleep_for(50ms);
  }
  if (!acceptsOnLoopback(port_)) {
    why = "redis-server did not start: " + process_->stdoutText() + process_->stderrText();
    return false;
  }
  return true;
}

void RedisServer::stop() {
  process_->signal(SIGTERM);
  process_->signal(SIGCONT);  // a paused server handles the SIGTERM
  if (!process_->waitExit(10s)) process_->signal(SIGKILL);
  process_.reset();
}

void RedisServer::pause() {
  if (process_) process_->signal(SIGSTOP);
}

void RedisServer::resume() {
  if (process_) process_->signal(SIGCONT);
}

bool RedisServer::restart(std::string& why) {
  if (process_) stop();
  return run(why);
}

}  // namespace kemid::test
