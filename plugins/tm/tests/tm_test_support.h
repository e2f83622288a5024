#pragma once
// A harness for tm's tests: real parsed messages, a fake network that
// records what is sent, a fake route engine that records which callbacks
// ran (and runs test code in them), and tm on a manual clock.

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/kemi_registry.h"
#include "core/message_context.h"
#include "core/module_host.h"
#include "core/network.h"
#include "core/route_engine.h"
#include "core/rpc_registry.h"
#include "sip/sip_message.h"
#include "support/fake_network.h"
#include "tm_kemi.h"
#include "transaction_manager.h"

namespace kemid::tm::test {

inline const Endpoint kCaller{"192.0.2.1", 5070};
inline const Endpoint kProxy{"192.0.2.10", 5060};
inline const Endpoint kCallee{"192.0.2.20", 5080};
inline const Endpoint kCallee2{"192.0.2.30", 5090};
inline constexpr std::string_view kCalleeUri = "sip:192.0.2.20:5080";
inline constexpr std::string_view kCallee2Uri = "sip:192.0.2.30:5090";

// The proxy's socket is kProxy.
using ::kemid::test::FakeNetwork;
using ::kemid::test::Sent;

struct RouteRun {
  std::string name;
  RouteType type;
  int replyCode;
  int branchIndex;
  std::size_t sentBefore;  // how many messages had been sent when it ran
};

class FakeRouteEngine final : public RouteEngine {
 public:
  using Handler = std::function<void(MessageContext&)>;
  explicit FakeRouteEngine(const FakeNetwork& network) : network_(network) {}

  RouteOutcome run(std::string_view name, MessageContext& ctx) override;
  RouteOutcome runEvent(std::string_view name, std::string_view, MessageContext& ctx) override {
    return run(name, ctx);
  }
  bool defines(std::string_view name) override;
  HookResult reload() override { return HookResult::success(); }
  void interrupt() override {}

  void on(std::string name, Handler handler);
  std::vector<RouteRun> runs() const;
  std::vector<RouteRun> runsOf(std::string_view name) const;

 private:
  const FakeNetwork& network_;
  mutable std::mutex mutex_;
  std::map<std::string, Handler, std::less<>> handlers_;
  std::vector<RouteRun> runs_;
};

// A KSR.tm call as app_lua makes it.
std::int64_t ksr(TransactionManager& tm, KemiHandler handler, MessageContext& ctx,
                 std::vector<KemiArg> args = {});

class TmTest : public ::testing::Test {
 protected:
  TmTest();
  ~TmTest() override;

  // Creates tm (call again after changing settings_).
  void makeTm(TimerService::Mode mode = TimerService::Mode::ManualClock);

  // Receives a request from `from` (received/rport added as the core does)
  // and runs `script` as the request route, then TmApi::requestDone.
  using Script = std::function<void(MessageContext&)>;
  void receiveRequest(std::string_view text, const Script& script, Endpoint from = kCaller);
  // A request as the core hands it to routing: parsed, received/rport added.
  struct Received {
    std::unique_ptr<SipMessage> message;
    MessageContext ctx;
  };
  Received received(std::string_view text, Endpoint from = kCaller);
  // Receives a reply; returns whether tm took it.
  bool receiveReply(std::string_view text, Endpoint from = kCallee);

  // The seed script: $du to the callee, t_on_* set, t_relay.
  Script seedScript(std::string_view dstUri = kCalleeUri);
  std::int64_t lastRelay = 0;

  void advance(int ms) { tm_->timers().advance(std::chrono::milliseconds(ms)); }

  TmSettings settings_;
  FakeNetwork network_{kProxy};
  FakeRouteEngine routes_{network_};
  KemiRegistry kemi_;
  RpcRegistry rpc_;
  ModuleHost host_{kemi_, rpc_};
  std::unique_ptr<TransactionManager> tm_;
};

// A reply from the callee to a request it received (the proxy's Via on top).
std::string calleeReply(const Sent& request, int code, std::string_view reason,
                        std::string_view toTag = "callee-tag");

// An INVITE from the caller (192.0.2.1:5070) to bob, branch `branch`.
std::string invite(std::string_view branch = "z9hG4bKcaller1", int cseq = 1);
// Any other request of the same dialog-to-be.
std::string request(std::string_view method, std::string_view branch, int cseq = 1,
                    std::string_view toTag = "");
// The caller's CANCEL for invite(branch).
std::string cancelFor(std::string_view branch = "z9hG4bKcaller1", int cseq = 1);
// The caller's ACK for a negative final with To tag `toTag` (same branch, §17.1.1.3).
std::string ackFor(std::string_view branch, std::string_view toTag, int cseq = 1);

}  // namespace kemid::tm::test
