#pragma once
// The established TLS sessions by connection, for $tls_* and tls.list: a
// session adds its details when its handshake completes and removes them
// when it ends. The lock is held only to add, remove or copy a pointer.

#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "session_details.h"

namespace kemid::tls {

class SessionRegistry {
 public:
  void add(std::shared_ptr<const SessionDetails> details);
  void remove(ConnectionId connection);
  std::shared_ptr<const SessionDetails> find(ConnectionId connection) const;
  // Every session, by connection id.
  std::vector<std::shared_ptr<const SessionDetails>> all() const;
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<ConnectionId, std::shared_ptr<const SessionDetails>> sessions_;
};

}  // namespace kemid::tls
