#pragma once
// The TLS sessions by connection, for $tls_*, tls.list and tls.info: a
// session adds itself when it is made, its details when its handshake
// completes, and removes them when it ends. The lock is held only to add,
// remove or copy a pointer.

#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "session_details.h"

namespace kemid::tls {

class SessionRegistry {
 public:
  // Adds or replaces the entry of details->connection.
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
