#pragma once
// Worker threads, each with its own queue. A message goes to the worker
// chosen by a key (the hash of its Call-ID), so the messages of one call are
// handled one at a time, in arrival order, while different calls run in
// parallel. There is no lock shared by all workers: each queue has its own,
// held only to push or pop.
//
// Queues are bounded, so that overload sheds load instead of memory: past
// three quarters of the limit a queue takes no more out-of-dialog requests
// (new calls, registrations, their retransmissions), keeping the rest for
// replies and in-dialog requests, which end calls already in progress;
// at the limit it takes nothing. What is dropped is counted.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <latch>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "transport/datagram.h"

namespace kemid {

class WorkerPool {
 public:
  using Handler = std::function<void(Datagram&)>;
  // Runs in each worker thread before it takes messages (module initWorker hooks).
  using ThreadStart = std::function<void(int workerIndex)>;

  // `queueLimit`: datagrams each worker's queue holds at most (> 0).
  // Returns once every worker has run `onStart`.
  WorkerPool(int workers, std::size_t queueLimit, ThreadStart onStart, Handler handler);
  ~WorkerPool();  // stops and joins
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False when the worker's queue is too full for it (see above).
  bool dispatch(std::size_t key, Datagram&& datagram);
  // Finishes what is queued, then joins the threads.
  void stop();

  int size() const { return static_cast<int>(workers_.size()); }
  std::size_t queueDepth(int worker) const;
  std::size_t queueLimit() const { return queueLimit_; }

  // Datagrams refused because a queue was full: out-of-dialog requests, and
  // the others (replies, in-dialog requests).
  struct Drops {
    std::atomic<std::uint64_t> outOfDialog{0};
    std::atomic<std::uint64_t> other{0};
  };
  const Drops& drops() const { return drops_; }

 private:
  struct Worker {
    mutable std::mutex mutex;
    std::condition_variable wake;
    std::deque<Datagram> queue;
    bool stopping = false;
    std::thread thread;
  };
  void run(Worker& worker, int index, std::latch& started);

  std::vector<std::unique_ptr<Worker>> workers_;
  const std::size_t queueLimit_;
  Drops drops_;
  ThreadStart onStart_;
  Handler handler_;
};

}  // namespace kemid
