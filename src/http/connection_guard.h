#pragma once
// Keeps slow and greedy HTTP clients from holding every HTTP thread, so
// that a scrape and an RPC are always served (slowloris): a connection must
// deliver each request within a deadline (from its opening, then from its
// previous answer) or its socket is shut down, and one source address
// holds at most a few connections at a time; more are closed at once.

#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

namespace kemid {

class ConnectionGuard {
 public:
  using Clock = std::chrono::steady_clock;

  ConnectionGuard(std::chrono::milliseconds requestDeadline, std::size_t maxPerSource);
  ~ConnectionGuard();  // stops the watchdog
  ConnectionGuard(const ConnectionGuard&) = delete;
  ConnectionGuard& operator=(const ConnectionGuard&) = delete;

  // A connection being served, from admit() to its destruction.
  class Admission {
   public:
    Admission(ConnectionGuard* guard, std::uint64_t id) : guard_(guard), id_(id) {}
    Admission(Admission&& other) noexcept : guard_(other.guard_), id_(other.id_) {
      other.guard_ = nullptr;
    }
    Admission& operator=(Admission&&) = delete;
    ~Admission();
    std::uint64_t id() const { return id_; }

   private:
    ConnectionGuard* guard_;
    std::uint64_t id_;
  };

  // Starts watching `socket`; an Admission with id 0 (nothing watched) when
  // its source address already holds maxPerSource connections.
  Admission admit(const Poco::Net::StreamSocket& socket);
  // The connection answered a request: the next one has a fresh deadline.
  void answered(std::uint64_t id);
  // Shuts every watched connection down (at stop).
  void closeAll();

  std::uint64_t refused() const { return refused_.load(std::memory_order_relaxed); }
  std::uint64_t timedOut() const { return timedOut_.load(std::memory_order_relaxed); }

 private:
  struct Watched {
    Poco::Net::StreamSocket socket;
    std::string source;
    Clock::time_point deadline;
  };

  void release(std::uint64_t id);
  void watch();  // the watchdog thread

  const std::chrono::milliseconds requestDeadline_;
  const std::size_t maxPerSource_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::uint64_t, Watched> watched_;
  std::unordered_map<std::string, std::size_t> perSource_;
  std::uint64_t nextId_ = 1;
  Clock::time_point lastRefusalLog_{};
  std::uint64_t refusedSinceLog_ = 0;
  bool stopping_ = false;
  std::atomic<std::uint64_t> refused_{0};
  std::atomic<std::uint64_t> timedOut_{0};
  std::thread watchdog_;
};

}  // namespace kemid
