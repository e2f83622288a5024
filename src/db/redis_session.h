#pragma once
// One connection to a Redis server for db_redis, on Poco::Redis: connects
// within a timeout (AUTH and SELECT from the db_url), bounds every reply
// by a read timeout, and turns the replies into plain values. A session
// that failed is not used again (RedisFault says whether the call may be
// retried on a new one).

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "db/db_url.h"

namespace Poco::Net {
class StreamSocket;
}
namespace Poco::Redis {
class Client;
class RedisInputStream;
}  // namespace Poco::Redis

namespace kemid::db_redis {

// A reply, as RESP gives it.
struct RedisReply {
  // Status is a simple string ("+OK"), Text a bulk string.
  enum class Kind { Nil, Integer, Text, Status, Array, Error };
  Kind kind = Kind::Nil;
  std::int64_t integer = 0;
  std::string text;  // Text, Status and Error
  std::vector<RedisReply> elements;

  bool isError() const { return kind == Kind::Error; }
};

using RedisCommand = std::vector<std::string>;

// Thrown by a session that cannot be used any more.
struct RedisFault : std::runtime_error {
  enum class Kind {
    Lost,     // the connection broke or could not be made: a new one may do
    Timeout,  // no reply in time: the server is stuck, do not insist
  };
  RedisFault(Kind kind, const std::string& what) : std::runtime_error(what), kind(kind) {}
  Kind kind;
};

struct RedisSessionOptions {
  std::chrono::milliseconds connectTimeout{2000};
  std::chrono::milliseconds ioTimeout{2000};  // each reply
  std::string password;                       // db_pass: used when the URL gives none
  std::string unixSocket;                     // when set, connect here, not to the URL's host
};

class RedisSession {
 public:
  // Connects, authenticates (AUTH [user] password, with the URL's password
  // or else options.password, when there is one) and selects the URL's
  // database number. Throws RedisFault.
  RedisSession(const db::DbUrl& url, const RedisSessionOptions& options);
  ~RedisSession();
  RedisSession(const RedisSession&) = delete;
  RedisSession& operator=(const RedisSession&) = delete;

  // Sends the commands at once (pipelined) and reads one reply each; an
  // error reply comes back as a reply, a broken connection throws RedisFault.
  std::vector<RedisReply> run(const std::vector<RedisCommand>& commands);
  RedisReply run(const RedisCommand& command);

 private:
  template <class Body>
  auto timed(Body body);

  std::unique_ptr<Poco::Redis::Client> client_;
  std::chrono::milliseconds ioTimeout_;
};

// A connection in Redis's subscribe mode (SUBSCRIBE): it only receives
// what is PUBLISHed on its channels. Connects and authenticates as
// RedisSession does; the database number does not matter to Pub/Sub.
class RedisSubscriber {
 public:
  struct Message {
    std::string channel;
    std::string payload;
  };

  // Connected and subscribed to `channels`; throws RedisFault.
  RedisSubscriber(const db::DbUrl& url, const RedisSessionOptions& options,
                  const std::vector<std::string>& channels);
  ~RedisSubscriber();
  RedisSubscriber(const RedisSubscriber&) = delete;
  RedisSubscriber& operator=(const RedisSubscriber&) = delete;

  // The next message, or nullopt when none came within `wait` (so that a
  // caller can check whether to stop). Throws RedisFault when the
  // connection broke or a message stalled half way (options.ioTimeout).
  std::optional<Message> next(std::chrono::milliseconds wait);

 private:
  RedisReply read();
  RedisReply call(const RedisCommand& command);

  std::unique_ptr<Poco::Net::StreamSocket> socket_;
  std::unique_ptr<Poco::Redis::RedisInputStream> input_;
};

// The database number of a redis:// URL; nullopt when it is not one.
std::optional<int> databaseNumber(const db::DbUrl& url);

}  // namespace kemid::db_redis
