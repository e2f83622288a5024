#include "app/idle_memory.h"

#include <gtest/gtest.h>

#include <malloc.h>

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <vector>

namespace kemid {
namespace {

constexpr std::size_t kMiB = 1u << 20;

struct Fake {
  IdleMemory::Sample now;
  int trims = 0;
  IdleMemory memory{[this] { return now; }, [this] { ++trims; }, 32 * kMiB};
};

TEST(IdleMemory, TrimsWhenMuchIsHeldAndTrafficIsNotRising) {
  Fake f;
  f.now = {1000, 140 * kMiB, 40 * kMiB};  // the first interval: rising from nothing
  EXPECT_FALSE(f.memory.check());
  f.now = {1500, 140 * kMiB, 40 * kMiB};  // 500 after 1000: falling
  EXPECT_TRUE(f.memory.check());
  f.now = {2000, 140 * kMiB, 40 * kMiB};  // steady at 500
  EXPECT_TRUE(f.memory.check());
  EXPECT_EQ(f.trims, 2);
}

TEST(IdleMemory, LeavesALittleFreeMemoryAlone) {
  Fake f;
  f.now = {0, 71 * kMiB, 40 * kMiB};
  EXPECT_FALSE(f.memory.check());
  f.now = {0, 72 * kMiB, 40 * kMiB};
  EXPECT_FALSE(f.memory.check());
  f.now = {0, 20 * kMiB, 40 * kMiB};  // more allocated than resident (swapped, shared)
  EXPECT_FALSE(f.memory.check());
  EXPECT_EQ(f.trims, 0);
}

TEST(IdleMemory, WaitsWhileABurstIsRising) {
  Fake f;
  f.now = {100, 50 * kMiB, 40 * kMiB};
  f.memory.check();
  f.now = {300, 250 * kMiB, 40 * kMiB};  // 200 after 100: rising
  EXPECT_FALSE(f.memory.check());
  f.now = {515, 250 * kMiB, 40 * kMiB};  // 215 after 200: within a tenth, not rising
  EXPECT_TRUE(f.memory.check());
}

// glibc's allocator: of 128 MiB freed below a block still in use, much stays
// resident until the trim.
TEST(IdleMemory, TheRealTrimGivesFreedMemoryBack) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "the sanitizer's allocator replaces glibc's";
#else
  const auto resident = [] {
    std::ifstream statm("/proc/self/statm");
    std::size_t size = 0, pages = 0;
    statm >> size >> pages;
    return pages * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  };
  std::vector<char*> blocks;
  for (int i = 0; i < 8192; ++i) {
    blocks.push_back(static_cast<char*>(std::malloc(16 * 1024)));
    std::memset(blocks.back(), 1, 16 * 1024);  // resident
  }
  void* pin = std::malloc(64);  // keeps the freed blocks off the heap's top
  for (char* block : blocks) std::free(block);
  const std::size_t before = resident();
  ASSERT_GT(before, 64 * kMiB);
  IdleMemory memory([] { return std::uint64_t{0}; });
  EXPECT_TRUE(memory.check());
  EXPECT_LT(resident() + 32 * kMiB, before);
  std::free(pin);
#endif
}

}  // namespace
}  // namespace kemid
