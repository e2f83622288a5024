#pragma once
// ndb_redis' state: the configured servers and, per worker thread (Kamailio
// keeps them per process), a connection to each and the named replies
// redis_cmd stored. Nothing here is shared between threads after init, so
// no lock is taken on the way to Redis. A connection that broke is made
// again (once per command, as Kamailio retries); a command that got no
// reply within cmd_timeout fails without retrying, so a stalled server
// holds a worker for at most that long. With allowed_timeouts >= 0, a
// server that failed more than that many commands in a row is left alone
// by this thread for disable_time seconds.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/module_abi.h"
#include "db/redis_session.h"
#include "server_spec.h"

namespace kemid::ndb_redis {

struct NdbRedisSettings {
  std::chrono::milliseconds connectTimeout{1000};
  std::chrono::milliseconds commandTimeout{1000};
  int allowedTimeouts = -1;  // < 0: never disable a server
  std::chrono::seconds disableTime{0};
  bool flushOnReconnect = false;
};

enum class CommandOutcome {
  Replied,        // the reply is stored
  ErrorReplied,   // stored too, but Redis answered with an error
  Failed,         // no reply: the server could not be reached or did not answer
  Disabled,       // the server is disabled for now (allowed_timeouts)
  UnknownServer,  // no server by that name
};

struct WorkerLinks;

class NdbRedisModule : public ModuleState {
 public:
  NdbRedisModule(std::vector<ServerSpec> servers, NdbRedisSettings settings);
  ~NdbRedisModule() override;

  // Connects to each server once (at startup); "" or what failed.
  std::string checkServers() const;

  // Runs one command on `server` for the calling thread; its reply replaces
  // the one stored under `replyName`.
  CommandOutcome run(std::string_view server, const std::vector<std::string>& command,
                     std::string_view replyName);
  // Drops the reply stored under `replyName`; false when no command ever
  // used that name in this thread.
  bool freeReply(std::string_view replyName);
  // This thread's reply under `replyName`, null when there is none.
  const db_redis::RedisReply* reply(std::string_view replyName);

 private:
  WorkerLinks& links();
  std::unique_ptr<db_redis::RedisSession> connect(const ServerSpec& spec) const;

  std::vector<ServerSpec> servers_;
  NdbRedisSettings settings_;
  std::uint64_t generation_;  // tells this module's per-thread state from an earlier one's
};

}  // namespace kemid::ndb_redis
