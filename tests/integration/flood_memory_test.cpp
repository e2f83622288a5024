// A flood of 50,000 INVITEs that no callee answers, then a normal run: the
// proxy answers every one (408 from tm's timer), its resident memory stays
// under a bound while the transactions are held, the normal run passes
// completely, and once the timers have freed the transactions the memory
// goes back near where it started (idle_memory.h gives it back).
//   SIPp UAC (5070) --> kemid (udp 127.0.0.1:5060, lua/route.lua) --> 5080

#include <Poco/Net/HTTPRequest.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include "support/http_client.h"
#include "support/kemid_process.h"
#include "support/process.h"
#include "support/sipp.h"

namespace kemid::test {
namespace {

using namespace std::chrono_literals;

const std::string kSourceDir = KEMID_SOURCE_DIR;
const std::string kScenarios = kSourceDir + "/tests/integration/scenarios/";
const std::string kProxy = "127.0.0.1:5060";
constexpr int kCallerPort = 5070;
constexpr int kCalleePort = 5080;
constexpr int kHttpPort = 9062;
constexpr long kMiB = 1024 * 1024;

// The stated bounds (docs/robustness.md): measured peaks are about half.
constexpr long kFloodBoundMiB = 256;      // while 50,000 transactions come and go
constexpr long kAfterwardsAboveMiB = 24;  // above the start, once the timers ran

long residentMiB(pid_t pid) {
  std::ifstream statm("/proc/" + std::to_string(pid) + "/statm");
  long size = 0, pages = 0;
  statm >> size >> pages;
  return pages * ::sysconf(_SC_PAGESIZE) / kMiB;
}

class FloodMemoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write("lua/route.lua", readFile(kSourceDir + "/lua/route.lua"));
    auto cfg = dir_.write("kemid.cfg",
                          "#!KAMAILIO\n"
                          "listen=udp:127.0.0.1:5060\n"
                          "children=2\n"
                          "debug=2\n"
                          "http_listen=\"127.0.0.1:" +
                              std::to_string(kHttpPort) +
                              "\"\n"
                              "loadmodule \"tm.so\"\n"
                              "loadmodule \"sl.so\"\n"
                              "loadmodule \"maxfwd.so\"\n"
                              "loadmodule \"pv.so\"\n"
                              "loadmodule \"app_lua.so\"\n"
                              "modparam(\"tm\", \"fr_timer\", 1000)\n"
                              "modparam(\"tm\", \"wt_timer\", 1000)\n"
                              "modparam(\"app_lua\", \"load\", \"lua/route.lua\")\n"
                              "cfgengine \"lua\"\n");
    kemid_ = test::startKemid(KEMID_BINARY, cfg, dir_.path());
    ASSERT_TRUE(kemid_);
  }

  void TearDown() override { stopKemid(kemid_); }

  SippResult normalRun(int calls) {
    BackgroundSipp uas(calleeOptions("uas", kCalleePort), dir_.path().string());
    return runSipp(callerOptions("uac", kProxy, kCallerPort, calls, 100), dir_.path().string());
  }

  long transactions() {
    HttpResult stats = httpRequest(kHttpPort, Poco::Net::HTTPRequest::HTTP_POST, "/RPC",
                                   R"({"jsonrpc":"2.0","method":"tm.stats","id":1})");
    const auto at = stats.body.find("\"current\":");
    return at == std::string::npos ? -1 : std::stol(stats.body.substr(at + 10));
  }

  TempDir dir_;
  std::unique_ptr<BackgroundProcess> kemid_;
};

TEST_F(FloodMemoryTest, MemoryIsBoundedDuringAFloodAndGivenBackAfterIt) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "a sanitizer's allocator keeps freed memory on purpose (quarantine)";
#endif
  // The start: script states and pools made by a first run.
  SippResult warmup = normalRun(50);
  ASSERT_EQ(warmup.successfulCalls, 50) << warmup.output;
  const long start = residentMiB(kemid_->pid());

  // 50,000 INVITEs to a callee that is not there, sampled while they run.
  std::string flood = readFile(kScenarios + "uac_expect_final.xml");
  for (auto at = flood.find("FINAL_CODE"); at != std::string::npos; at = flood.find("FINAL_CODE")) {
    flood.replace(at, 10, "408");
  }
  SippOptions options =
      callerOptions(dir_.write("flood.xml", flood).string(), kProxy, kCallerPort, 50000, 2500);
  options.extra = {"-l", "20000"};  // calls open at once
  long peak = 0;
  SippResult flooded;
  std::thread sampler;
  {
    std::atomic<bool> done = false;
    sampler = std::thread([&] {
      while (!done) {
        peak = std::max(peak, residentMiB(kemid_->pid()));
        std::this_thread::sleep_for(200ms);
      }
    });
    flooded = runSipp(options, dir_.path().string(), 180s);
    done = true;
    sampler.join();
  }
  // Every INVITE got its 408 (RFC 3261 §16.7 step 6: tm's timer answers).
  EXPECT_EQ(flooded.successfulCalls, 50000) << flooded.output;
  EXPECT_LT(peak, kFloodBoundMiB) << "peak " << peak << " MiB, start " << start << " MiB";

  SippResult after = normalRun(200);
  EXPECT_EQ(after.successfulCalls, 200) << after.output;
  EXPECT_EQ(after.failedCalls, 0) << after.output;

  // The timers free the transactions, then the main thread's next looks
  // (every 5 s) give the memory back.
  for (int i = 0; i < 100 && transactions() != 0; ++i) std::this_thread::sleep_for(100ms);
  EXPECT_EQ(transactions(), 0);
  long now = residentMiB(kemid_->pid());
  for (int i = 0; i < 60 && now > start + kAfterwardsAboveMiB; ++i) {
    std::this_thread::sleep_for(500ms);
    now = residentMiB(kemid_->pid());
  }
  EXPECT_LE(now, start + kAfterwardsAboveMiB)
      << "start " << start << " MiB, peak " << peak << " MiB, now " << now << " MiB\n"
      << kemid_->stderrText();
  std::cout << "resident memory: start " << start << " MiB, flood peak " << peak
            << " MiB, after the timers " << now << " MiB\n";
}

}  // namespace
}  // namespace kemid::test
