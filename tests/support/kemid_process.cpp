#include "support/kemid_process.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <vector>

namespace kemid::test {

using namespace std::chrono_literals;

std::unique_ptr<BackgroundProcess> startKemid(const std::string& binary,
                                              const std::filesystem::path& cfg,
                                              const std::filesystem::path& dir) {
  auto kemid = std::make_unique<BackgroundProcess>(
      binary, std::vector<std::string>{"-DD", "-E", "-f", cfg.string()}, dir.string());
  if (!kemid->waitForStderr("started", 10s)) {
    ADD_FAILURE() << "kemid did not start:\n" << kemid->stderrText();
    return nullptr;
  }
  return kemid;
}

void stopKemid(const std::unique_ptr<BackgroundProcess>& kemid) {
  if (!kemid) return;
  ASSERT_TRUE(kemid->running()) << "kemid died:\n" << kemid->stderrText();
  kemid->signal(SIGTERM);
  EXPECT_EQ(kemid->waitExit(10s), 0) << kemid->stderrText();
}

}  // namespace kemid::test
