#include "timers.h"

#include <algorithm>

#include "core/thread_name.h"

namespace kemid::tm {

TimerService::TimerService(Mode mode, FireFn fire) : mode_(mode), fire_(std::move(fire)) {}

TimerService::~TimerService() {
  stop();
}

void TimerService::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    heap_ = {};  // and its capacity
  }
  wake_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

TimePoint TimerService::now() const {
  if (mode_ == Mode::Thread) return Clock::now();
  std::lock_guard lock(mutex_);
  return manualNow_;
}

void TimerService::schedule(TimerEntry entry) {
  bool wakeSooner = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    if (mode_ == Mode::Thread && !thread_.joinable()) thread_ = std::thread([this] { run(); });
    wakeSooner = entry.due < sleepingUntil_;
    pushLocked(std::move(entry));
  }
  if (wakeSooner && mode_ == Mode::Thread) wake_.notify_one();
}

void TimerService::advance(std::chrono::milliseconds by) {
  TimePoint target;
  {
    std::lock_guard lock(mutex_);
    manualNow_ += by;
    target = manualNow_;
  }
  TimerEntry entry;
  while (popDue(target, entry)) fire_(entry);
}

std::size_t TimerService::pending() const {
  std::lock_guard lock(mutex_);
  return heap_.size();
}

bool TimerService::popDue(TimePoint at, TimerEntry& out) {
  std::lock_guard lock(mutex_);
  if (heap_.empty() || heap_.front().due > at) return false;
  out = heap_.front();
  popLocked();
  return true;
}

void TimerService::pushLocked(TimerEntry entry) {
  heap_.push_back(std::move(entry));
  std::push_heap(heap_.begin(), heap_.end(), Later{});
}

void TimerService::popLocked() {
  std::pop_heap(heap_.begin(), heap_.end(), Later{});
  heap_.pop_back();
}

void TimerService::sweep() {
  std::lock_guard lock(mutex_);
  sweepLocked();
}

void TimerService::sweepLocked() {
  std::erase_if(heap_, [](const TimerEntry& e) { return e.transaction.expired(); });
  std::make_heap(heap_.begin(), heap_.end(), Later{});
  // After a burst: give the array back too (kept while it is a quarter used).
  if (heap_.size() < heap_.capacity() / 4) heap_.shrink_to_fit();
}

void TimerService::run() {
  nameThisThread("tm-timer");
  std::unique_lock lock(mutex_);
  TimePoint nextSweep = Clock::now() + kSweepInterval;
  while (!stopping_) {
    const TimePoint now = Clock::now();
    if (now >= nextSweep) {
      sweepLocked();
      nextSweep = now + kSweepInterval;
    }
    if (heap_.empty() || heap_.front().due > now) {
      sleepingUntil_ = heap_.empty() ? nextSweep : std::min(heap_.front().due, nextSweep);
      wake_.wait_until(lock, sleepingUntil_);
      sleepingUntil_ = TimePoint::min();
      continue;
    }
    const TimePoint horizon = now + kTick;
    while (!stopping_ && !heap_.empty() && heap_.front().due <= horizon) {
      TimerEntry entry = heap_.front();
      popLocked();
      lock.unlock();
      fire_(entry);
      lock.lock();
    }
  }
}

}  // namespace kemid::tm
