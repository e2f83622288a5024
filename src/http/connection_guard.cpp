#include "http/connection_guard.h"

#include <Poco/Exception.h>

#include "core/log.h"
#include "core/thread_name.h"

namespace kemid {

namespace {

const Logger kLog{"http"};

// How often the watchdog looks at deadlines: their resolution.
constexpr std::chrono::milliseconds kWatchInterval{250};

void shutDown(Poco::Net::StreamSocket& socket) {
  try {
    socket.shutdown();  // a thread blocked reading it wakes up and ends the connection
  } catch (const Poco::Exception&) {
    // already closed by its peer
  }
}

}  // namespace

ConnectionGuard::ConnectionGuard(std::chrono::milliseconds requestDeadline,
                                 std::size_t maxPerSource)
    : requestDeadline_(requestDeadline), maxPerSource_(maxPerSource) {
  watchdog_ = std::thread([this] {
    nameThisThread("http-watchdog");
    watch();
  });
}

ConnectionGuard::~ConnectionGuard() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  watchdog_.join();
}

ConnectionGuard::Admission::~Admission() {
  if (guard_ != nullptr && id_ != 0) guard_->release(id_);
}

ConnectionGuard::Admission ConnectionGuard::admit(const Poco::Net::StreamSocket& socket) {
  std::string source;
  try {
    source = socket.peerAddress().host().toString();
  } catch (const Poco::Exception&) {
    return Admission(this, 0);  // gone already
  }
  std::lock_guard lock(mutex_);
  std::size_t& held = perSource_[source];
  if (held >= maxPerSource_) {
    refused_.fetch_add(1, std::memory_order_relaxed);
    // A flood of connections is one line a second, not one per connection.
    const auto now = Clock::now();
    if (now - lastRefusalLog_ >= std::chrono::seconds(1)) {
      kLog.warn("HTTP connection from ", source, " refused: it already holds ", held,
                " connections (", refusedSinceLog_, " more refused since the last report)");
      lastRefusalLog_ = now;
      refusedSinceLog_ = 0;
    } else {
      ++refusedSinceLog_;
    }
    return Admission(this, 0);
  }
  ++held;
  const std::uint64_t id = nextId_++;
  watched_.emplace(id, Watched{socket, std::move(source), Clock::now() + requestDeadline_});
  return Admission(this, id);
}

void ConnectionGuard::answered(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  if (auto it = watched_.find(id); it != watched_.end()) {
    it->second.deadline = Clock::now() + requestDeadline_;
  }
}

void ConnectionGuard::release(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  auto it = watched_.find(id);
  if (it == watched_.end()) return;
  auto held = perSource_.find(it->second.source);
  if (held != perSource_.end() && --held->second == 0) perSource_.erase(held);
  watched_.erase(it);
}

void ConnectionGuard::closeAll() {
  std::lock_guard lock(mutex_);
  for (auto& [id, watched] : watched_) shutDown(watched.socket);
}

void ConnectionGuard::watch() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, kWatchInterval);
    const auto now = Clock::now();
    for (auto& [id, watched] : watched_) {
      if (watched.deadline > now) continue;
      timedOut_.fetch_add(1, std::memory_order_relaxed);
      kLog.info("HTTP connection from ", watched.source, " closed: no complete request within ",
                requestDeadline_.count(), " ms");
      shutDown(watched.socket);
      watched.deadline = Clock::time_point::max();  // once
    }
  }
}

}  // namespace kemid
