// pike's counting rules on an injected clock, and its KEMI and RPC through
// the module's descriptor.

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "core/message_context.h"
#include "ip_tree.h"
#include "pike_module.h"
#include "support/plugin_harness.h"

namespace kemid::pike {
namespace {

std::vector<std::uint8_t> ip(std::string_view text) {
  return addressBytes(text).value();
}

// A module whose time the test moves: each tick() is one second.
class Pike : public ::testing::Test {
 protected:
  void make(std::uint32_t density, std::int64_t unit = 1, std::int64_t latency = 120) {
    module_ = std::make_unique<PikeModule>(
        PikeSettings{.samplingTimeUnit = unit, .density = density, .removeLatency = latency},
        [this] { return now_.load(); });
  }
  void seconds(int n) {
    for (int i = 0; i < n; ++i) {
      ++now_;
      module_->tick();
    }
  }
  // The verdicts of `n` requests from `from` within one second.
  std::vector<Verdict> burst(std::string_view from, int n) {
    std::vector<Verdict> verdicts;
    for (int i = 0; i < n; ++i) verdicts.push_back(module_->check(ip(from)));
    return verdicts;
  }

  std::atomic<std::int64_t> now_{1000};
  std::unique_ptr<PikeModule> module_;
};

constexpr Verdict A = Verdict::Allowed;
constexpr Verdict B = Verdict::Blocked;
constexpr Verdict N = Verdict::NewlyBlocked;

TEST_F(Pike, AnIpv4SourceIsCountedOnceItsFourBytesAreInTheTree) {
  make(3);
  // Four requests build the path 127 / 0 / 0 / 1; the address counts from
  // the fifth, and its third counted request reaches the density.
  EXPECT_EQ(burst("127.0.0.1", 10), (std::vector{A, A, A, A, A, A, N, B, B, B}));
}

TEST_F(Pike, AQuietPrefixDoesNotGrowUntilAQuarterOfTheDensity) {
  make(16);
  // Prefix nodes split at 4 hits (16 / 4), each child inheriting hits - 1:
  // 6 requests build the path, the 16th counted one is over the density.
  std::vector<Verdict> verdicts = burst("10.1.2.3", 22);
  EXPECT_EQ(verdicts.back(), N);
  verdicts.pop_back();
  for (Verdict v : verdicts) EXPECT_EQ(v, A);
}

TEST_F(Pike, ABlockedSourceStaysBlockedWhileItKeepsSending) {
  make(3);
  burst("127.0.0.1", 10);
  for (int unit = 0; unit < 5; ++unit) {
    seconds(1);
    EXPECT_EQ(burst("127.0.0.1", 3), (std::vector{B, B, B})) << "unit " << unit;
  }
}

TEST_F(Pike, ABlockedSourceIsAllowedAgainAfterTwoQuietUnits) {
  make(3);
  burst("127.0.0.1", 10);
  seconds(1);  // the previous unit's counts still exceed the density
  EXPECT_EQ(module_->check(ip("127.0.0.1")), B);
  seconds(1);  // the unit with one request becomes the previous: 1 and 0
  EXPECT_EQ(module_->check(ip("127.0.0.1")), A);
  // Blocked again as soon as it floods again (the path stays in the tree).
  EXPECT_EQ(burst("127.0.0.1", 2), (std::vector{A, N}));
}

TEST_F(Pike, EachUnitIsCountedAgainstTheDensity) {
  make(4);
  burst("127.0.0.1", 4);  // builds the path
  EXPECT_EQ(burst("127.0.0.1", 3), (std::vector{A, A, A}));
  seconds(1);
  EXPECT_EQ(burst("127.0.0.1", 3), (std::vector{A, A, A}));
  seconds(1);
  EXPECT_EQ(burst("127.0.0.1", 5), (std::vector{A, A, A, N, B}));
}

TEST_F(Pike, OtherSourcesAreNotBlockedByAFlood) {
  make(3);
  burst("127.0.0.2", 20);
  EXPECT_EQ(burst("127.0.0.3", 2), (std::vector{A, A}));
  EXPECT_EQ(module_->check(ip("192.168.1.1")), A);
}

TEST_F(Pike, Ipv6AddressesHaveSixteenBytesOfPath) {
  make(3);
  std::vector<Verdict> expected(16, A);
  expected.insert(expected.end(), {A, A, N, B});
  EXPECT_EQ(burst("2001:db8::1", 20), expected);
}

TEST_F(Pike, IdleAddressesAreRemovedAfterTheLatency) {
  make(3, 1, 5);
  burst("127.0.0.1", 10);
  burst("10.0.0.1", 1);
  EXPECT_EQ(module_->tree().nodeCount(), 5u);
  seconds(5);
  // The leaves went first; each emptied prefix waits another latency.
  EXPECT_LT(module_->tree().nodeCount(), 5u);
  seconds(30);
  EXPECT_EQ(module_->tree().nodeCount(), 0u);
  // A forgotten source starts over.
  EXPECT_EQ(burst("127.0.0.1", 6), (std::vector{A, A, A, A, A, A}));
}

TEST_F(Pike, HitsKeepAnAddressInTheTree) {
  make(100, 1, 3);
  burst("127.0.0.1", 200);
  for (int i = 0; i < 10; ++i) {
    seconds(1);
    module_->check(ip("127.0.0.1"));
  }
  EXPECT_EQ(module_->tree().top(true, now_).size(), 1u);
}

TEST_F(Pike, TheSamplingUnitIsCountedInSeconds) {
  make(3, 3);
  burst("127.0.0.1", 10);
  seconds(3);  // one unit ended
  EXPECT_EQ(module_->check(ip("127.0.0.1")), B);
  seconds(2);
  EXPECT_EQ(module_->check(ip("127.0.0.1")), B);
  seconds(1);  // the second unit ended
  EXPECT_EQ(module_->check(ip("127.0.0.1")), A);
}

TEST_F(Pike, TopListsHotAddressesInKamailiosOrder) {
  make(3, 1, 120);
  burst("127.0.0.1", 10);
  burst("127.0.0.2", 10);
  burst("127.0.0.3", 2);
  auto hot = module_->tree().top(false, now_);
  ASSERT_EQ(hot.size(), 2u);
  EXPECT_EQ(addressText(hot[0].address), "127.0.0.1");
  EXPECT_EQ(addressText(hot[1].address), "127.0.0.2");
  EXPECT_EQ(hot[0].leafHitsCurr, 6u);  // 4 requests built the path
  EXPECT_EQ(hot[1].leafHitsCurr, 9u);  // 1 request added the last byte
  EXPECT_EQ(hot[0].expiresIn, 120);
  EXPECT_EQ(hot[0].status, NodeStatus::Hot);
  auto all = module_->tree().top(true, now_);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(addressText(all[2].address), "127.0.0.3");
  EXPECT_EQ(all[2].status, NodeStatus::Warm);  // any prefix hit is warm at density 3
}

TEST_F(Pike, WorkersAndTheTimerShareTheTree) {
  // Debug level: the flooding address is blocked and unblocked many times.
  module_ = std::make_unique<PikeModule>(
      PikeSettings{
          .samplingTimeUnit = 1, .density = 50, .removeLatency = 2, .logLevel = LogLevel::Dbg},
      [this] { return now_.load(); });
  std::atomic<bool> done{false};
  std::vector<std::thread> workers;
  std::atomic<int> blocked{0};
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      for (int i = 0; i < 20000; ++i) {
        // Worker 0 floods one address; the others spread over many.
        const std::string from =
            w == 0 ? "10.0.0.1" : "10." + std::to_string(w) + "." + std::to_string(i % 200) + ".1";
        if (module_->check(ip(from)) != Verdict::Allowed) ++blocked;
      }
    });
  }
  std::thread timer([&] {
    while (!done) {
      ++now_;
      module_->tick();
      (void)module_->tree().top(true, now_);
    }
  });
  for (auto& worker : workers) worker.join();
  done = true;
  timer.join();
  EXPECT_GT(blocked.load(), 0);
}

// ---- through the descriptor -------------------------------------------------

class PikeModuleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    plugin_.setParam("reqs_density_per_unit", std::int64_t{3});
    ASSERT_TRUE(plugin_.init().ok());
    context_.received.source = Endpoint{"127.0.0.9", 5070};
  }
  void TearDown() override { plugin_.shutdown(); }

  std::int64_t call(std::string_view name, std::vector<KemiArg> args = {}) {
    return std::get<std::int64_t>(plugin_.callKemi(name, &context_, args));
  }

  test::PluginHarness plugin_{*kemid_module_descriptor()};
  MessageContext context_;
};

TEST_F(PikeModuleTest, CheckReqCountsTheSourceAddress) {
  std::vector<std::int64_t> codes;
  for (int i = 0; i < 9; ++i) codes.push_back(call("pike_check_req"));
  EXPECT_EQ(codes, (std::vector<std::int64_t>{1, 1, 1, 1, 1, 1, -2, -1, -1}));
}

TEST_F(PikeModuleTest, CheckIpTakesIpv4TextOnly) {
  EXPECT_EQ(call("pike_check_ip", {std::string_view("10.0.0.1")}), 1);
  EXPECT_EQ(call("pike_check_ip", {std::string_view("::1")}), -1);
  EXPECT_EQ(call("pike_check_ip", {std::string_view("not an address")}), -1);
  EXPECT_EQ(call("pike_check_ip", {std::string_view("")}), -1);
}

TEST_F(PikeModuleTest, TopAnswersInKamailiosShape) {
  for (int i = 0; i < 8; ++i) call("pike_check_req");
  test::RpcOutcome top = plugin_.callRpc("pike.top");
  ASSERT_EQ(top.fault.code, 0);
  auto answer = top.result.extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(answer->getValue<int>("max_hits"), 3);
  EXPECT_EQ(answer->getValue<int>("number_of_rows"), 1);
  auto item = answer->getArray("list")->getObject(0);
  EXPECT_EQ(item->getValue<std::string>("ip_addr"), "127.0.0.9");
  EXPECT_EQ(item->getValue<int>("leaf_hits_prev"), 0);
  EXPECT_EQ(item->getValue<int>("leaf_hits_curr"), 4);
  EXPECT_EQ(item->getValue<std::string>("status"), "HOT");

  test::RpcOutcome warm = plugin_.callRpc("pike.top", {std::string("WARM")});
  EXPECT_EQ(warm.result.extract<Poco::JSON::Object::Ptr>()->getValue<int>("number_of_rows"), 0);
  test::RpcOutcome bad = plugin_.callRpc("pike.top", {std::string("COLD")});
  EXPECT_EQ(bad.fault.code, 500);
  EXPECT_EQ(bad.fault.message, "Bad argument. Select: ALL, HOT or WARM");
}

}  // namespace
}  // namespace kemid::pike
