#include "transport/worker_pool.h"

#include "core/log.h"
#include "core/thread_name.h"
#include "sip/raw_scan.h"

namespace kemid {

namespace {
const Logger kLog{"transport"};
}

WorkerPool::WorkerPool(int workers, std::size_t queueLimit, ThreadStart onStart, Handler handler)
    : queueLimit_(queueLimit), onStart_(std::move(onStart)), handler_(std::move(handler)) {
  workers_.reserve(static_cast<std::size_t>(workers));
  for (int i = 0; i < workers; ++i) workers_.push_back(std::make_unique<Worker>());
  std::latch started(workers);
  for (int i = 0; i < workers; ++i) {
    Worker& worker = *workers_[static_cast<std::size_t>(i)];
    worker.thread = std::thread([this, &worker, i, &started] { run(worker, i, started); });
  }
  started.wait();
}

WorkerPool::~WorkerPool() {
  stop();
}

bool WorkerPool::dispatch(std::size_t key, Datagram&& datagram) {
  Worker& worker = *workers_[key % workers_.size()];
  const std::size_t shedNewAt = queueLimit_ - queueLimit_ / 4;
  {
    std::unique_lock lock(worker.mutex);
    const std::size_t depth = worker.queue.size();
    if (depth >= shedNewAt) {
      lock.unlock();  // the scan needs no lock
      const bool outOfDialog = sip::isOutOfDialogRequest(datagram.data);
      lock.lock();
      if (worker.queue.size() >= queueLimit_ || (outOfDialog && worker.queue.size() >= shedNewAt)) {
        (outOfDialog ? drops_.outOfDialog : drops_.other).fetch_add(1, std::memory_order_relaxed);
        return false;
      }
    }
    worker.queue.push_back(std::move(datagram));
  }
  worker.wake.notify_one();
  return true;
}

void WorkerPool::stop() {
  for (auto& worker : workers_) {
    {
      std::lock_guard lock(worker->mutex);
      worker->stopping = true;
    }
    worker->wake.notify_one();
  }
  for (auto& worker : workers_) {
    if (worker->thread.joinable()) worker->thread.join();
  }
}

std::size_t WorkerPool::queueDepth(int worker) const {
  const Worker& w = *workers_[static_cast<std::size_t>(worker)];
  std::lock_guard lock(w.mutex);
  return w.queue.size();
}

void WorkerPool::run(Worker& worker, int index, std::latch& started) {
  nameThisThread("worker-" + std::to_string(index));
  if (onStart_) onStart_(index);
  started.count_down();  // the last use of `started`: it lives on the constructor's stack
  for (;;) {
    Datagram datagram;
    {
      std::unique_lock lock(worker.mutex);
      worker.wake.wait(lock, [&] { return worker.stopping || !worker.queue.empty(); });
      if (worker.queue.empty()) return;  // stopping, and everything handled
      datagram = std::move(worker.queue.front());
      worker.queue.pop_front();
    }
    try {
      handler_(datagram);
    } catch (const std::exception& e) {
      // A bug in handling one message must not take the worker down.
      kLog.crit("worker ", index, ": message from ", datagram.info.source.ip, ":",
                datagram.info.source.port, " failed: ", e.what());
    }
  }
}

}  // namespace kemid
