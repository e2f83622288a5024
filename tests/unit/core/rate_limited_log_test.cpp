#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "core/log.h"

namespace kemid {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr Logger kTestLog{"test"};

class RateLimitedLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    logging::toStderr();
    logging::setRateLimits(true);
    testing::internal::CaptureStderr();
  }
  void TearDown() override { logging::setRateLimits(false); }
};

TEST_F(RateLimitedLogTest, BurstPerIntervalThenHowManyWereLeftOut) {
  RateLimitedLog limited{kTestLog, "test errors", 2, 200ms};
  EXPECT_TRUE(limited.err("first error ", 1));
  EXPECT_TRUE(limited.err("second error"));
  EXPECT_FALSE(limited.err("third error"));
  EXPECT_FALSE(limited.err("fourth error"));
  std::this_thread::sleep_for(250ms);
  EXPECT_TRUE(limited.err("fifth error"));
  const std::string out = testing::internal::GetCapturedStderr();
  EXPECT_THAT(out, HasSubstr("first error 1\n"));
  EXPECT_THAT(out, HasSubstr("second error\n"));
  EXPECT_THAT(out, Not(HasSubstr("third error")));
  EXPECT_THAT(out, Not(HasSubstr("fourth error")));
  EXPECT_THAT(out, HasSubstr("fifth error (2 more test errors since the last report)\n"));
}

TEST_F(RateLimitedLogTest, ThreadsShareOneBudget) {
  RateLimitedLog limited{kTestLog, "test errors", 3, 1h};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&limited] {
      for (int i = 0; i < 1000; ++i) limited.err("flooded");
    });
  }
  for (auto& thread : threads) thread.join();
  const std::string out = testing::internal::GetCapturedStderr();
  std::size_t lines = 0;
  for (auto at = out.find("flooded"); at != std::string::npos; at = out.find("flooded", at + 1)) {
    ++lines;
  }
  EXPECT_EQ(lines, 3u) << out;
}

TEST_F(RateLimitedLogTest, NothingIsCountedBelowTheLogLevel) {
  const int before = logging::level();
  logging::setLevel(static_cast<int>(LogLevel::Crit));
  RateLimitedLog limited{kTestLog, "test errors", 1, 1h};
  EXPECT_FALSE(limited.err("hidden"));
  logging::setLevel(before);
  EXPECT_TRUE(limited.err("shown"));
  const std::string out = testing::internal::GetCapturedStderr();
  EXPECT_THAT(out, Not(HasSubstr("hidden")));
  EXPECT_THAT(out, HasSubstr("shown\n"));
  EXPECT_THAT(out, Not(HasSubstr("more test errors")));
}

}  // namespace
}  // namespace kemid
