// kex's setdebug/resetdebug: the calling worker's own log level.

#include <gtest/gtest.h>

#include <thread>

#include "core/log.h"
#include "support/plugin_harness.h"

extern "C" const kemid::ModuleDescriptor* kemid_module_descriptor();

namespace kemid::kex {
namespace {

class Kex : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(plugin_.init().ok());
    logging::setLevel(static_cast<int>(LogLevel::Warn));
  }
  void TearDown() override { logging::resetThreadLevel(); }

  std::int64_t call(std::string_view name, std::vector<KemiArg> args = {}) {
    return std::get<std::int64_t>(plugin_.callKemi(name, nullptr, std::move(args)));
  }

  test::PluginHarness plugin_{*kemid_module_descriptor()};
};

TEST_F(Kex, SetdebugChangesTheCallingWorkersLevelOnly) {
  EXPECT_FALSE(logging::enabled(LogLevel::Dbg));
  EXPECT_EQ(call("setdebug", {std::int64_t{3}}), 1);
  EXPECT_TRUE(logging::enabled(LogLevel::Dbg));
  bool otherWorkerDebugs = true;
  std::thread([&] { otherWorkerDebugs = logging::enabled(LogLevel::Dbg); }).join();
  EXPECT_FALSE(otherWorkerDebugs);
  EXPECT_EQ(logging::level(), static_cast<int>(LogLevel::Warn));  // the global one is kept
}

TEST_F(Kex, SetdebugCanAlsoQuietenAWorker) {
  EXPECT_EQ(call("setdebug", {std::int64_t{-1}}), 1);
  EXPECT_FALSE(logging::enabled(LogLevel::Warn));
  EXPECT_TRUE(logging::enabled(LogLevel::Err));
}

TEST_F(Kex, ResetdebugFollowsTheGlobalLevelAgain) {
  call("setdebug", {std::int64_t{3}});
  EXPECT_EQ(call("resetdebug"), 1);
  EXPECT_FALSE(logging::enabled(LogLevel::Dbg));
  logging::setLevel(static_cast<int>(LogLevel::Dbg));
  EXPECT_TRUE(logging::enabled(LogLevel::Dbg));
  logging::setLevel(static_cast<int>(LogLevel::Warn));
}

}  // namespace
}  // namespace kemid::kex
