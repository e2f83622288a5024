#include "timers.h"

namespace kemid::tm {

TimerService::TimerService(Mode mode, FireFn fire) : mode_(mode), fire_(std::move(fire)) {}

TimerService::~TimerService() {
  stop();
}

void TimerService::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    heap_ = {};
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
  bool earliest = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    if (mode_ == Mode::Thread && !thread_.joinable()) thread_ = std::thread([this] { run(); });
    earliest = heap_.empty() || entry.due < heap_.top().due;
    heap_.push(std::move(entry));
  }
  if (earliest && mode_ == Mode::Thread) wake_.notify_one();
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
  if (heap_.empty() || heap_.top().due > at) return false;
  out = heap_.top();
  heap_.pop();
  return true;
}

void TimerService::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (heap_.empty()) {
      wake_.wait(lock);
      continue;
    }
    TimePoint due = heap_.top().due;
    if (due > Clock::now()) {
      wake_.wait_until(lock, due);
      continue;
    }
    TimerEntry entry = heap_.top();
    heap_.pop();
    lock.unlock();
    fire_(entry);
    lock.lock();
  }
}

}  // namespace kemid::tm
