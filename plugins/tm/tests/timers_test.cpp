// The timer service on its own.

#include "timers.h"

#include "transaction.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <vector>

namespace kemid::tm {
namespace {

using std::chrono::milliseconds;

TEST(TimerServiceTest, ManualClockFiresInDueOrder) {
  std::vector<std::uint64_t> fired;
  TimerService timers(TimerService::Mode::ManualClock,
                      [&](const TimerEntry& entry) { fired.push_back(entry.generation); });
  TimePoint start = timers.now();
  timers.schedule(TimerEntry{start + milliseconds(30), {}, TimerKind::Wait, 0, 3});
  timers.schedule(TimerEntry{start + milliseconds(10), {}, TimerKind::Wait, 0, 1});
  timers.schedule(TimerEntry{start + milliseconds(20), {}, TimerKind::Wait, 0, 2});
  timers.advance(milliseconds(9));
  EXPECT_TRUE(fired.empty());
  timers.advance(milliseconds(11));
  EXPECT_EQ(fired, (std::vector<std::uint64_t>{1, 2}));
  timers.advance(milliseconds(100));
  EXPECT_EQ(fired, (std::vector<std::uint64_t>{1, 2, 3}));
  EXPECT_EQ(timers.pending(), 0u);
}

TEST(TimerServiceTest, EntriesScheduledWhileFiringFireInTheSameAdvance) {
  int fired = 0;
  TimerService* self = nullptr;
  TimerService timers(TimerService::Mode::ManualClock, [&](const TimerEntry& entry) {
    ++fired;
    if (entry.generation < 3) {
      self->schedule(
          TimerEntry{entry.due + milliseconds(10), {}, TimerKind::Wait, 0, entry.generation + 1});
    }
  });
  self = &timers;
  timers.schedule(TimerEntry{timers.now() + milliseconds(10), {}, TimerKind::Wait, 0, 1});
  timers.advance(milliseconds(100));
  EXPECT_EQ(fired, 3);
}

TEST(TimerServiceTest, ThreadFiresAndStops) {
  std::mutex mutex;
  std::condition_variable done;
  int fired = 0;
  TimerService timers(TimerService::Mode::Thread, [&](const TimerEntry&) {
    std::lock_guard lock(mutex);
    ++fired;
    done.notify_all();
  });
  // The later one first: the thread must wake up for the earlier one.
  timers.schedule(TimerEntry{timers.now() + milliseconds(40), {}, TimerKind::Wait, 0, 2});
  timers.schedule(TimerEntry{timers.now() + milliseconds(5), {}, TimerKind::Wait, 0, 1});
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(done.wait_for(lock, std::chrono::seconds(10), [&] { return fired == 2; }));
  }
  timers.schedule(TimerEntry{timers.now() + std::chrono::hours(1), {}, TimerKind::Wait, 0, 3});
  timers.stop();  // does not wait for the hour
  EXPECT_EQ(timers.pending(), 0u);
  timers.schedule(TimerEntry{timers.now(), {}, TimerKind::Wait, 0, 4});
  EXPECT_EQ(timers.pending(), 0u);
}

// A long timer of a transaction that is gone (fr_inv_timer, the lifetime
// cap) does not wait for its time to be dropped; a live one stays and fires.
TEST(TimerServiceTest, SweepDropsTheEntriesOfTransactionsThatAreGone) {
  std::vector<std::uint64_t> fired;
  TimerService timers(TimerService::Mode::ManualClock,
                      [&](const TimerEntry& entry) { fired.push_back(entry.generation); });
  auto live = std::make_shared<Transaction>("live", "INVITE", "z9hG4bK-live", timers.now());
  for (std::uint64_t i = 0; i < 1000; ++i) {
    auto gone = std::make_shared<Transaction>("gone", "INVITE", "z9hG4bK-gone", timers.now());
    timers.schedule(
        TimerEntry{timers.now() + std::chrono::minutes(3), gone, TimerKind::Lifetime, 0, i});
  }
  timers.schedule(
      TimerEntry{timers.now() + std::chrono::minutes(2), live, TimerKind::Lifetime, 0, 7});
  EXPECT_EQ(timers.pending(), 1001u);
  timers.sweep();
  EXPECT_EQ(timers.pending(), 1u);
  timers.advance(std::chrono::minutes(2));
  EXPECT_EQ(fired, (std::vector<std::uint64_t>{7}));
}

}  // namespace
}  // namespace kemid::tm
