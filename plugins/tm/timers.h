#pragma once
// The timer thread behind tm's RFC 3261 §17 timers: a min-heap of entries,
// each naming a transaction (weakly: a removed transaction's entries fire
// into nothing), what is due and a generation. Stopping a timer means
// bumping the generation the transaction keeps for it, so a stale entry
// finds itself outdated when it fires; nothing is searched or erased then.
// Entries of transactions that are gone are dropped in one sweep now and
// then, not only when they fall due: the long ones (fr_inv_timer, the
// lifetime caps: minutes) would otherwise each pin a transaction's control
// block, megabytes under load that also keep freed memory fragmented.
//
// Entries fire in the timer thread with no lock held. The thread wakes when
// the earliest entry is due and fires it together with every entry due
// within kTick after it (those a little early), so under load it wakes at
// most once a tick rather than once per entry (each wake-up is a context
// switch); no entry fires late. For tests the
// service can run without a thread on a manual clock: advance() fires what
// became due in the calling thread.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace kemid::tm {

struct Transaction;

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

enum class TimerKind : std::uint8_t {
  RetransmitRequest,  // a branch's request (§17.1.1.2 timer A, §17.1.2.2 timer E)
  BranchTimeout,      // fr_timer / fr_inv_timer of a branch (timers B, F)
  RetransmitCancel,   // a branch's CANCEL, a non-INVITE request itself (§9.1)
  RetransmitReply,    // a negative final to an INVITE, until the ACK (§17.2.1 timer G)
  AckWait,            // give up waiting for that ACK (timer H; Kamailio uses fr_timer)
  Wait,               // wt_timer: linger for retransmissions, then leave the table
  Lifetime,           // max_inv_lifetime / max_noninv_lifetime
  SuspensionTimeout,  // fr_timer of a transaction t_suspend put aside
};

struct TimerEntry {
  TimePoint due;
  std::weak_ptr<Transaction> transaction;
  TimerKind kind = TimerKind::Wait;
  std::uint32_t branch = 0;
  std::uint64_t generation = 0;
};

class TimerService {
 public:
  enum class Mode { Thread, ManualClock };
  using FireFn = std::function<void(const TimerEntry&)>;

  TimerService(Mode mode, FireFn fire);
  ~TimerService();
  TimerService(const TimerService&) = delete;
  TimerService& operator=(const TimerService&) = delete;

  // Stops and joins the thread; entries still queued are dropped, and
  // nothing is scheduled any more.
  void stop();

  TimePoint now() const;
  // Thread-safe. Mode::Thread starts the thread with the first entry.
  void schedule(TimerEntry entry);

  // Mode::ManualClock: moves the clock forward and fires, in this thread,
  // every entry that became due (also those scheduled while firing).
  void advance(std::chrono::milliseconds by);

  std::size_t pending() const;

  // Mode::ManualClock: the sweep the thread makes every kSweepInterval.
  void sweep();

  static constexpr auto kSweepInterval = std::chrono::seconds(5);
  static constexpr auto kTick = std::chrono::milliseconds(10);

 private:
  struct Later {
    bool operator()(const TimerEntry& a, const TimerEntry& b) const { return a.due > b.due; }
  };

  void run();
  // Pops one entry due at `at`; false when none is.
  bool popDue(TimePoint at, TimerEntry& out);
  void pushLocked(TimerEntry entry);
  void popLocked();
  void sweepLocked();

  const Mode mode_;
  const FireFn fire_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<TimerEntry> heap_;  // a min-heap by due (std::push_heap with Later)
  TimePoint manualNow_{};
  // Until when the thread sleeps; TimePoint::min() while it is awake (and
  // will look at the heap before it sleeps again).
  TimePoint sleepingUntil_ = TimePoint::min();
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace kemid::tm
