#include "session_registry.h"

#include <algorithm>

namespace kemid::tls {

void SessionRegistry::add(std::shared_ptr<const SessionDetails> details) {
  const ConnectionId id = details->connection;
  std::lock_guard lock(mutex_);
  sessions_[id] = std::move(details);
}

void SessionRegistry::remove(ConnectionId connection) {
  std::lock_guard lock(mutex_);
  sessions_.erase(connection);
}

std::shared_ptr<const SessionDetails> SessionRegistry::find(ConnectionId connection) const {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(connection);
  return it == sessions_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const SessionDetails>> SessionRegistry::all() const {
  std::vector<std::shared_ptr<const SessionDetails>> list;
  {
    std::lock_guard lock(mutex_);
    list.reserve(sessions_.size());
    for (const auto& [id, details] : sessions_) list.push_back(details);
  }
  std::sort(list.begin(), list.end(),
            [](const auto& a, const auto& b) { return a->connection < b->connection; });
  return list;
}

std::size_t SessionRegistry::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace kemid::tls
