#include "ndb_redis_module.h"

#include <atomic>
#include <map>
#include <optional>

#include "core/log.h"
#include "db/db_url.h"

namespace kemid::ndb_redis {

using db_redis::RedisFault;
using db_redis::RedisReply;
using db_redis::RedisSession;
using Clock = std::chrono::steady_clock;

namespace {

const Logger kLog{"ndb_redis"};

std::atomic<std::uint64_t> nextGeneration{1};

}  // namespace

// One worker thread's connection to one server, and its failure count.
struct ServerLink {
  std::unique_ptr<RedisSession> session;
  bool connectedBefore = false;  // a new session is then a reconnection (flush_on_reconnect)
  int consecutiveFailures = 0;
  std::optional<Clock::time_point> disabledUntil;
};

struct WorkerLinks {
  std::uint64_t generation = 0;
  std::vector<ServerLink> servers;  // in the module's server order
  // std::less<>: looked up by string_view.
  std::map<std::string, std::optional<RedisReply>, std::less<>> replies;
};

NdbRedisModule::NdbRedisModule(std::vector<ServerSpec> servers, NdbRedisSettings settings)
    : servers_(std::move(servers)), settings_(settings), generation_(nextGeneration++) {}

NdbRedisModule::~NdbRedisModule() = default;

std::unique_ptr<RedisSession> NdbRedisModule::connect(const ServerSpec& spec) const {
  db::DbUrl url;
  url.scheme = "redis";
  url.host = spec.address;
  url.port = spec.port;
  url.password = spec.password;
  url.database = std::to_string(spec.database);
  db_redis::RedisSessionOptions options;
  options.connectTimeout = settings_.connectTimeout;
  options.ioTimeout = settings_.commandTimeout;
  options.unixSocket = spec.unixSocket;
  return std::make_unique<RedisSession>(url, options);
}

std::string NdbRedisModule::checkServers() const {
  for (const ServerSpec& spec : servers_) {
    try {
      connect(spec);
    } catch (const RedisFault& fault) {
      return "cannot connect to redis server [" + spec.name + "] (" + spec.describe() +
             "): " + fault.what();
    }
  }
  return "";
}

WorkerLinks& NdbRedisModule::links() {
  // Per thread; replaced when a new module (a test's) is used on it.
  thread_local std::unique_ptr<WorkerLinks> mine;
  if (!mine || mine->generation != generation_) {
    mine = std::make_unique<WorkerLinks>();
    mine->generation = generation_;
    mine->servers.resize(servers_.size());
  }
  return *mine;
}

CommandOutcome NdbRedisModule::run(std::string_view server, const std::vector<std::string>& command,
                                   std::string_view replyName) {
  std::size_t index = 0;
  while (index < servers_.size() && servers_[index].name != server) ++index;
  if (index == servers_.size()) {
    kLog.err("no redis server found: ", server);
    return CommandOutcome::UnknownServer;
  }
  const ServerSpec& spec = servers_[index];
  WorkerLinks& worker = links();
  ServerLink& link = worker.servers[index];
  if (link.disabledUntil) {
    if (Clock::now() <= *link.disabledUntil) return CommandOutcome::Disabled;
    kLog.notice("REDIS server ", spec.name, " re-enabled");
    link.disabledUntil.reset();
    link.consecutiveFailures = 0;
  }

  auto stored = worker.replies.find(replyName);
  if (stored == worker.replies.end())
    stored = worker.replies.emplace(replyName, std::nullopt).first;
  stored->second.reset();

  // A broken connection is made again and the command sent once more; a
  // timeout ends the attempt (a stalled server would time out again).
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      if (!link.session) {
        link.session = connect(spec);
        if (link.connectedBefore && settings_.flushOnReconnect) link.session->run({"FLUSHALL"});
        link.connectedBefore = true;
      }
      stored->second = link.session->run(command);
      link.consecutiveFailures = 0;
      if (stored->second->isError()) {
        kLog.err("Redis error: ", stored->second->text);
        return CommandOutcome::ErrorReplied;
      }
      return CommandOutcome::Replied;
    } catch (const RedisFault& fault) {
      kLog.err("error communicating with redis server [", spec.name, "] (", spec.describe(),
               "): ", fault.what());
      link.session.reset();
      if (fault.kind == RedisFault::Kind::Timeout) break;
    }
  }
  if (settings_.allowedTimeouts >= 0 && ++link.consecutiveFailures > settings_.allowedTimeouts) {
    link.disabledUntil = Clock::now() + settings_.disableTime;
    kLog.warn("REDIS server ", spec.name, " disabled for ", settings_.disableTime.count(),
              " seconds");
  }
  return CommandOutcome::Failed;
}

bool NdbRedisModule::freeReply(std::string_view replyName) {
  WorkerLinks& worker = links();
  auto stored = worker.replies.find(replyName);
  if (stored == worker.replies.end()) return false;
  stored->second.reset();
  return true;
}

const RedisReply* NdbRedisModule::reply(std::string_view replyName) {
  WorkerLinks& worker = links();
  auto stored = worker.replies.find(replyName);
  if (stored == worker.replies.end() || !stored->second) return nullptr;
  return &*stored->second;
}

}  // namespace kemid::ndb_redis
