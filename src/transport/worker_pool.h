#pragma once
// Worker threads, each with its own queue. A message goes to the worker
// chosen by a key (the hash of its Call-ID), so the messages of one call are
// handled one at a time, in arrival order, while different calls run in
// parallel. There is no lock shared by all workers: each queue has its own,
// held only to push or pop.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/network.h"

namespace kemid {

struct Datagram {
  std::string data;
  ReceiveInfo info;
};

class WorkerPool {
 public:
  using Handler = std::function<void(Datagram&)>;
  // Runs in each worker thread before it takes messages (module initWorker hooks).
  using ThreadStart = std::function<void(int workerIndex)>;

  WorkerPool(int workers, ThreadStart onStart, Handler handler);
  ~WorkerPool();  // stops and joins
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void dispatch(std::size_t key, Datagram&& datagram);
  // Finishes what is queued, then joins the threads.
  void stop();

  int size() const { return static_cast<int>(workers_.size()); }
  std::size_t queueDepth(int worker) const;

 private:
  struct Worker {
    mutable std::mutex mutex;
    std::condition_variable wake;
    std::deque<Datagram> queue;
    bool stopping = false;
    std::thread thread;
  };
  void run(Worker& worker, int index);

  std::vector<std::unique_ptr<Worker>> workers_;
  ThreadStart onStart_;
  Handler handler_;
};

}  // namespace kemid
