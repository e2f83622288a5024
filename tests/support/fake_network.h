#pragma once
// A SipNetwork for tests: one socket, advertised at a fixed address, that
// records what is sent instead of sending it. Thread-safe: tm's timer
// threads send through it while a test waits.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/network.h"

namespace kemid {
class SipMessage;
}

namespace kemid::test {

struct Sent {
  int socket = 0;
  Endpoint to;
  std::string data;

  std::string firstLine() const { return data.substr(0, data.find("\r\n")); }
  // The sent text parsed; a parse failure is a test failure.
  std::unique_ptr<SipMessage> parse() const;
};

class FakeNetwork final : public SipNetwork {
 public:
  // `local`: the address of the proxy's one socket (advertised, myself).
  explicit FakeNetwork(Endpoint local = {"192.0.2.10", 5060}) : local_(std::move(local)) {}

  bool send(int socketIndex, const Endpoint& to, std::string_view data) override;
  int socketFor(const Endpoint&) const override { return 0; }
  const Endpoint& advertised(int) const override { return local_; }
  bool isMyself(std::string_view host, std::uint16_t port) const override {
    return host == local_.ip && port == local_.port;
  }
  bool isMyselfHost(std::string_view host) const override { return host == local_.ip; }

  std::vector<Sent> sent() const;
  std::size_t count() const;
  // Sent messages whose first line starts with `prefix` ("INVITE ", "SIP/2.0 100").
  std::vector<Sent> matching(std::string_view prefix) const;
  // Waits (generously) until `predicate` holds for what was sent.
  bool waitFor(const std::function<bool(const std::vector<Sent>&)>& predicate,
               std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  void clear();

  // Set: every send fails and nothing is recorded.
  bool failSends = false;

 private:
  const Endpoint local_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<Sent> sent_;
};

}  // namespace kemid::test
