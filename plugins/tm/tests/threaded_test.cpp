// tm with its real timer thread and short timers: the failure route runs on
// the timer thread while replies arrive from other threads. The assertions
// only wait for outcomes; what matters here is that the sanitizers (thread
// and address) stay quiet.

#include <atomic>
#include <set>
#include <thread>

#include "tm_test_support.h"

namespace kemid::tm::test {
namespace {

class ThreadedTest : public TmTest {
 protected:
  ThreadedTest() {
    settings_.t1 = Millis(10);
    settings_.t2 = Millis(40);
    settings_.frTimer = Millis(150);
    settings_.frInvTimer = Millis(300);
    settings_.wtTimer = Millis(100);
    makeTm(TimerService::Mode::Thread);
  }
};

TEST_F(ThreadedTest, SilentCalleeTimesOutOnTheTimerThread) {
  std::atomic<int> failureRuns{0};
  std::thread::id routeThread;
  routes_.on("failure_route", [&](MessageContext& ctx) {
    routeThread = std::this_thread::get_id();
    EXPECT_EQ(ksr(*tm_, &kemiBranchTimeout, ctx), 1);
    ++failureRuns;
  });
  receiveRequest(invite(), seedScript());
  ASSERT_TRUE(network_.waitFor([](const std::vector<Sent>& sent) {
    for (const auto& s : sent) {
      if (s.firstLine().starts_with("SIP/2.0 408")) return true;
    }
    return false;
  }));
  EXPECT_EQ(failureRuns.load(), 1);
  EXPECT_NE(routeThread, std::this_thread::get_id());
  EXPECT_GE(network_.matching("INVITE ").size(), 3u);  // retransmitted meanwhile

  // The caller's ACK ends it; wt_timer then removes it.
  receiveRequest(ackFor("z9hG4bKcaller1", network_.matching("SIP/2.0 408")[0].parse()->to().tag),
                 seedScript());
  for (int i = 0; i < 500 && tm_->transactionCount() != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(tm_->transactionCount(), 0u);
}

TEST_F(ThreadedTest, RepliesRaceTheTimerThread) {
  // Many calls; each callee answers 486 from this thread while the timer
  // thread retransmits and may time branches out, and the failure route
  // relays a second branch that then answers too.
  routes_.on("failure_route", [&](MessageContext& ctx) {
    if (ctx.replyCode == 486) {
      ctx.dstUri = std::string(kCallee2Uri);
      ksr(*tm_, &kemiRelay, ctx);
    }
  });
  constexpr int kCalls = 40;
  for (int i = 0; i < kCalls; ++i) {
    receiveRequest(invite("z9hG4bKrace" + std::to_string(i)), seedScript());
  }
  auto invites = network_.matching("INVITE ");
  for (const auto& sent : invites) {
    if (sent.to == kCallee) receiveReply(calleeReply(sent, 486, "Busy Here"));
  }
  std::thread answering([&] {
    for (int round = 0; round < 20; ++round) {
      for (const auto& sent : network_.matching("INVITE ")) {
        if (sent.to == kCallee2) receiveReply(calleeReply(sent, 404, "Not Found", "c2"), kCallee2);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  answering.join();
  // Every call ends with exactly one final upstream, whichever came first.
  ASSERT_TRUE(network_.waitFor([&](const std::vector<Sent>& sent) {
    int finals = 0;
    for (const auto& s : sent) {
      auto line = s.firstLine();
      if (line.starts_with("SIP/2.0 404") || line.starts_with("SIP/2.0 408")) ++finals;
    }
    return finals >= kCalls;
  }));
  std::set<std::string> callsAnswered;
  for (const auto& s : network_.sent()) {
    auto line = s.firstLine();
    if (!line.starts_with("SIP/2.0 404") && !line.starts_with("SIP/2.0 408")) continue;
    callsAnswered.insert(s.parse()->topVia()->branch + " " + line.substr(8, 3));
  }
  EXPECT_EQ(callsAnswered.size(), static_cast<std::size_t>(kCalls));
}

}  // namespace
}  // namespace kemid::tm::test
